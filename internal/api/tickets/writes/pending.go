package writes

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Pending states. GI's TicketUpdate refuses a pending state without a
// pending time ("Can't set a ticket on a pending state without pendig
// time!", real2/*/03) and applies a pending time only together with a
// pending state: a PendingTime alone is answered with success and stored
// nowhere (TicketUpdate.pm:1714-1774 of Znuny 6.5.4; real2/*/08-09).
// TicketCreate likewise sets one only for a pending state
// (TicketCreate.pm:1488-1499). OTRS's agent screens never send a pending
// state without a time: they propose now + Ticket::Frontend::
// PendingDiffTime (AgentTicketActionCommon.pm:2378,
// AgentTicketPhone.pm:2837), so the proxy does the same.

// settings returns the deployed ticket settings; without a catalog,
// OTRS's shipped defaults.
func (a *Methods) settings(ctx context.Context) (otrs.Settings, error) {
	if a.Catalog == nil {
		return otrs.DefaultSettings(), nil
	}
	s, err := a.Catalog.Settings(ctx)
	if err != nil {
		return s, fmt.Errorf("ticket settings: %w", err)
	}
	return s, nil
}

// isPending reports whether a state type is one of OTRS's pending types
// (GI tests /^pending/i).
func isPending(stateType string) bool {
	return strings.HasPrefix(strings.ToLower(stateType), "pending")
}

// defaultPending is the pending time for a pending state chosen without
// one: the ticket's own while it lies ahead (t may be nil for a new
// ticket), else now + PendingDiffTime, sent as a Diff so OTRS's clock
// decides "now".
func (a *Methods) defaultPending(ctx context.Context, t *target) (*gi.PendingTime, error) {
	if t != nil && t.PendingLeft > 0 && t.PendingAt > 0 {
		s := time.Unix(t.PendingAt, 0).In(a.ZonesFor(nil).Server)
		return &gi.PendingTime{Year: s.Year(), Month: int(s.Month()), Day: s.Day(), Hour: s.Hour(), Minute: s.Minute()}, nil
	}
	st, err := a.settings(ctx)
	if err != nil {
		return nil, err
	}
	minutes := int((st.PendingDiffTime + time.Minute - 1) / time.Minute)
	if minutes < 1 {
		minutes = 1 // GI's Diff must be positive
	}
	return &gi.PendingTime{Diff: minutes}, nil
}

// pendingWithState is the pending time to send with state st: the
// caller's if given (given true), else the default when st is a pending
// state. Without a catalog st's type is unknown; the default then goes
// along anyway, since OTRS ignores a pending time with a state that is
// not pending.
func (a *Methods) pendingWithState(ctx context.Context, r *api.Request, st named, t *target) (pt *gi.PendingTime, given bool, err error) {
	if pt, given, err = a.pendingFor(ctx, r.Params, r.Agent); err != nil || given {
		return pt, given, err
	}
	if st.StateType != "" && !isPending(st.StateType) {
		return nil, false, nil
	}
	pt, err = a.defaultPending(ctx, t)
	return pt, false, err
}

// notPending reports whether st is known not to be a pending state: a
// pending time sent with it would be dropped by OTRS without a word.
func notPending(st named) bool { return st.StateType != "" && !isPending(st.StateType) }

// errPendingIgnored marks a pending time OTRS would accept and not store.
var errPendingIgnored = errors.New("pending time without a pending state: OTRS would store nothing")

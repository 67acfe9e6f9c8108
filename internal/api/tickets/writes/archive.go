package writes

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const msgArchiveFailed = "Cannot update ArchiveFlag"

// Values of the archive request field; the admin's two GenericAgent jobs
// filter on them (README, "Archiving tickets").
const (
	archiveRequest = "archive"
	restoreRequest = "restore"
)

// errNoArchiveSetup: GI TicketUpdate has no ArchiveFlag and no agent
// interface action sets it; only GenericAgent does, so without the
// admin's archive field and jobs (RS4OTRS_ARCHIVE_FIELD) nothing can.
var errNoArchiveSetup = errors.New("RS4OTRS_ARCHIVE_FIELD is not set: no GI operation or agent-interface action sets ArchiveFlag")

// archiveChecks is how often the flag is read back, and archiveWait the
// pause before each read after the first. The jobs run at the end of
// OTRS's TicketUpdate request (Ticket::EventModulePost###9700-GenericAgent
// is Transaction => 1), after GI has written its answer: the flag is
// usually set by the time the answer arrives, but nothing guarantees it.
const (
	archiveChecks = 5
	archiveWait   = 200 * time.Millisecond
)

// UpdateArchiveFlag archives (ArchiveFlag=y) or restores (n) a ticket.
// OTRS sets the flag only from GenericAgent, so the proxy sets the
// admin's archive request field (a Dropdown with the values archive and
// restore) through GI TicketUpdate with the agent's session; that fires
// TicketDynamicFieldUpdate_<field>, on which the admin's event-based jobs
// set the flag and clear the field (Kernel/System/GenericAgent.pm "set
// new archive flag", Znuny 6.5.4 l.1433, OTRS 6.0.41 l.1440). The answer
// is OK only once TicketGet shows the flag changed.
func (a *Methods) UpdateArchiveFlag(ctx context.Context, r *api.Request) (any, error) {
	if m := r.Params.Missing("ArchiveFlag", "TicketID"); len(m) > 0 {
		return nil, api.Required(m)
	}
	id, err := ticketParam(r, nil)
	if err != nil {
		return nil, err
	}
	want := r.Params.String("ArchiveFlag")
	if want != "y" && want != "n" {
		return nil, api.Fail(msgArchiveFailed, fmt.Errorf("ArchiveFlag %q is not y or n", want))
	}
	if err := a.webTicket(ctx, r, id, "rw"); err != nil {
		return nil, err
	}
	field := a.Opts.ArchiveField
	if field == "" {
		return nil, api.Fail(msgArchiveFailed, errNoArchiveSetup)
	}
	if flag, err := a.archiveFlag(ctx, r.Token, id); err != nil {
		return nil, err
	} else if flag == want {
		return okAnswer{}, nil
	}
	value := archiveRequest
	if want == "n" {
		value = restoreRequest
	}
	in := gi.TicketRequest{DynamicField: []gi.FieldInput{{Name: field, Value: value}}}
	if _, err := a.GI.TicketUpdate(ctx, r.Token, id, in); err != nil {
		return nil, api.Fail(msgArchiveFailed, fmt.Errorf("ticket %d: set %s=%s: %w", id, field, value, err))
	}
	for i := 0; i < archiveChecks; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("ticket %d: archive flag: %w", id, ctx.Err())
			case <-time.After(archiveWait):
			}
		}
		flag, err := a.archiveFlag(ctx, r.Token, id)
		if err != nil {
			return nil, err
		}
		if flag == want {
			return okAnswer{}, nil
		}
	}
	return nil, api.Fail(msgArchiveFailed, fmt.Errorf("ticket %d: %s=%s did not change ArchiveFlag to %s: check Ticket::ArchiveSystem and the GenericAgent jobs (README)", id, field, value, want))
}

// archiveFlag reads the ticket's ArchiveFlag ("y" or "n") through GI.
func (a *Methods) archiveFlag(ctx context.Context, token string, id int) (string, error) {
	t, err := a.ReadTicket(ctx, token, id, gi.GetOptions{})
	if err != nil {
		return "", err
	}
	return string(t.ArchiveFlag), nil
}

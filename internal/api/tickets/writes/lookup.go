package writes

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// errUnknown marks a name or id that names no valid catalog row; each
// method turns it into its own contract message.
var errUnknown = errors.New("unknown or invalid")

// lookupKind is a catalog table a write may name a row of.
type lookupKind string

const (
	kindQueue    lookupKind = "queue"
	kindState    lookupKind = "state"
	kindType     lookupKind = "type"
	kindPriority lookupKind = "priority"
	kindService  lookupKind = "service"
	kindSLA      lookupKind = "SLA"
	kindUser     lookupKind = "user"
	kindLock     lookupKind = "lock"
)

// named is a catalog row a client named by id or by name. With a catalog
// both are resolved to the id (and ID alone is set); without one the
// value travels to GI as given and OTRS resolves it.
type named struct {
	ID   int
	Name string
	// StateType is the state's type name when a catalog resolved a state.
	StateType string
}

func (n named) String() string {
	if n.ID > 0 {
		return strconv.Itoa(n.ID)
	}
	return strconv.Quote(n.Name)
}

// locks are OTRS's fixed lock states (ticket_lock_type, never changed by
// an admin).
var locks = []row{{1, "unlock", true, ""}, {2, "lock", true, ""}, {3, "tmp_lock", true, ""}}

type row struct {
	id        int
	name      string
	valid     bool
	stateType string
}

// resolve reads the parameter pair nameKey/idKey (the id wins when both
// are sent). ok is false when neither was sent; err wraps errUnknown when
// the value names no valid row.
func (a *Methods) resolve(ctx context.Context, p api.Params, kind lookupKind, nameKey, idKey string) (n named, ok bool, err error) {
	switch {
	case idKey != "" && p.Has(idKey):
		id, _, perr := p.Int(idKey)
		if perr != nil || id <= 0 {
			return n, true, fmt.Errorf("%s %s=%q: %w", kind, idKey, p.String(idKey), errUnknown)
		}
		n.ID = id
	case nameKey != "" && p.Has(nameKey):
		n.Name = p.String(nameKey)
	default:
		return n, false, nil
	}
	rows, err := a.rows(ctx, kind)
	if err != nil {
		return n, true, err
	}
	if rows == nil {
		return n, true, nil // no catalog: OTRS resolves it
	}
	for _, rw := range rows {
		if (n.ID > 0 && rw.id == n.ID) || (n.ID == 0 && rw.name == n.Name) {
			if !rw.valid {
				break
			}
			return named{ID: rw.id, StateType: rw.stateType}, true, nil
		}
	}
	return n, true, fmt.Errorf("%s %s: %w", kind, n, errUnknown)
}

// rowsOf reads one table of c (a method expression such as
// otrs.Catalog.Queues) as rows.
func rowsOf[T any](ctx context.Context, c otrs.Catalog, table func(otrs.Catalog, context.Context) ([]T, error), toRow func(T) row) ([]row, error) {
	ts, err := table(c, ctx)
	if err != nil {
		return nil, err
	}
	out := make([]row, 0, len(ts))
	for _, t := range ts {
		out = append(out, toRow(t))
	}
	return out, nil
}

func itemRow(it otrs.Item) row { return row{it.ID, it.Name, it.ValidID == otrs.ValidID, ""} }

// rows returns the catalog's rows of kind; nil without a catalog (locks
// are fixed and always known).
func (a *Methods) rows(ctx context.Context, kind lookupKind) ([]row, error) {
	if kind == kindLock {
		return locks, nil
	}
	c := a.Catalog
	if c == nil {
		return nil, nil
	}
	var out []row
	var err error
	switch kind {
	case kindQueue:
		out, err = rowsOf(ctx, c, otrs.Catalog.Queues, func(q otrs.Queue) row { return row{q.ID, q.Name, q.ValidID == otrs.ValidID, ""} })
	case kindState:
		out, err = rowsOf(ctx, c, otrs.Catalog.States, func(s otrs.State) row { return row{s.ID, s.Name, s.ValidID == otrs.ValidID, s.TypeName} })
	case kindType:
		out, err = rowsOf(ctx, c, otrs.Catalog.Types, itemRow)
	case kindPriority:
		out, err = rowsOf(ctx, c, otrs.Catalog.Priorities, itemRow)
	case kindService:
		out, err = rowsOf(ctx, c, otrs.Catalog.Services, func(s otrs.Service) row { return row{s.ID, s.Name, s.ValidID == otrs.ValidID, ""} })
	case kindSLA:
		out, err = rowsOf(ctx, c, otrs.Catalog.SLAs, func(s otrs.SLA) row { return row{s.ID, s.Name, s.ValidID == otrs.ValidID, ""} })
	case kindUser:
		out, err = rowsOf(ctx, c, otrs.Catalog.Agents, func(u otrs.Agent) row { return row{u.ID, u.Login, u.ValidID == otrs.ValidID, ""} })
	}
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", kind, err)
	}
	if out == nil {
		out = []row{}
	}
	return out, nil
}

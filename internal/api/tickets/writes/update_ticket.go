package writes

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const (
	msgPassFields = "Pass some fields for ticket update: "
	msgNotUpdated = "The follow parameters wasn't updated: "
)

// updateTicketFields are the parameters updateTicket accepts, in the
// contract's order; "Pass some fields for ticket update: " lists them
// (only those, in that order).
var updateTicketFields = []string{
	"Title", "Queue", "QueueID", "Type", "TypeID", "Service", "ServiceID", "SLA", "SLAID",
	"CustomerID", "CustomerUserID", "Lock", "LockID", "ArchiveFlag", "State", "StateID",
	"NewOwner", "NewOwnerID", "NewResponsibleUser", "NewResponsibleUserID", "Priority", "PriorityID",
	"UntilTimeDateUnix", "Year", "Month", "Day", "Hour", "Minute", "DynamicFields",
}

// fieldStep is one attribute updateTicket may change: its name in the
// failure list, the parameters that select it, and how it is applied.
type fieldStep struct {
	name   string
	params []string
	run    func(ctx context.Context, r *api.Request, t *target) error
}

// updateSteps returns updateTicket's steps in the order they are applied:
// the lock first (so the same call can lock and then change state, owner
// or priority, which 6.41.0 allows only on a ticket the caller has
// locked), the queue before the state, the service before its SLA, the
// state together with a pending time (OTRS wants both in one request for
// a pending state), dynamic fields last.
func (a *Methods) updateSteps() []fieldStep {
	return []fieldStep{
		{"Lock", []string{"Lock", "LockID"}, a.setLock},
		{"Title", []string{"Title"}, func(ctx context.Context, r *api.Request, t *target) error {
			if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
				return err
			}
			return a.updateFields(ctx, r, t.ID, gi.TicketInput{Title: r.Params.String("Title")})
		}},
		{"Queue", []string{"Queue", "QueueID"}, a.stepQueue},
		{"Type", []string{"Type", "TypeID"}, a.stepNamed(kindType, "Type", "TypeID")},
		{"Service", []string{"Service", "ServiceID"}, a.stepNamed(kindService, "Service", "ServiceID")},
		{"SLA", []string{"SLA", "SLAID"}, a.stepNamed(kindSLA, "SLA", "SLAID")},
		{"Customer", []string{"CustomerID", "CustomerUserID"}, func(ctx context.Context, r *api.Request, t *target) error {
			if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
				return err
			}
			return a.updateFields(ctx, r, t.ID, gi.TicketInput{
				CustomerID: r.Params.String("CustomerID"), CustomerUser: r.Params.String("CustomerUserID"),
			})
		}},
		{"ArchiveFlag", []string{"ArchiveFlag"}, func(ctx context.Context, r *api.Request, t *target) error {
			_, err := a.UpdateArchiveFlag(ctx, &api.Request{Agent: r.Agent, Token: r.Token, RemoteAddr: r.RemoteAddr,
				Params: api.Params{"TicketID": fmt.Sprint(t.ID), "ArchiveFlag": r.Params.String("ArchiveFlag")}})
			if err != nil {
				return api.Fail(cannot("ArchiveFlag"), err)
			}
			return nil
		}},
		{"State", []string{"State", "StateID"}, a.stepState},
		{"PendingTime", append([]string{"UntilTimeDateUnix"}, pendingKeys...), a.stepPending},
		{"Owner", []string{"NewOwner", "NewOwnerID"}, a.stepOwner},
		{"Responsible", []string{"NewResponsibleUser", "NewResponsibleUserID"}, func(ctx context.Context, r *api.Request, t *target) error {
			if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
				return err
			}
			u, _, err := a.resolve(ctx, r.Params, kindUser, "NewResponsibleUser", "NewResponsibleUserID")
			if err != nil {
				return failUnknown(cannot("Responsible"), err)
			}
			return a.updateFields(ctx, r, t.ID, gi.TicketInput{ResponsibleID: u.ID, Responsible: u.Name})
		}},
		{"Priority", []string{"Priority", "PriorityID"}, func(ctx context.Context, r *api.Request, t *target) error {
			if err := a.need(ctx, r, t.QueueID, "priority", "rw"); err != nil {
				return err
			}
			if !t.lockedBy(r.Agent.ID) {
				return api.Fail(msgMustBeOwner, nil)
			}
			return a.stepNamedApply(ctx, r, t, kindPriority, "Priority", "PriorityID")
		}},
		{"DynamicFields", []string{"DynamicFields"}, a.stepDynamicFields},
	}
}

// UpdateTicket applies any combination of fields, each with the rule of
// its single-field method, and answers which fields were not updated.
func (a *Methods) UpdateTicket(ctx context.Context, r *api.Request) (any, error) {
	p := r.Params
	if missing := p.Missing("TicketID"); len(missing) > 0 {
		return nil, api.Required(missing)
	}
	steps := a.updateSteps()
	var chosen []fieldStep
	for _, s := range steps {
		for _, k := range s.params {
			if p.Has(k) {
				chosen = append(chosen, s)
				break
			}
		}
	}
	if len(chosen) == 0 {
		return nil, api.Fail(msgPassFields+strings.Join(updateTicketFields, ", "), nil)
	}
	ticketID, err := ticketIDParam(p)
	if err != nil {
		return nil, err
	}
	t, err := a.loadTarget(ctx, r, ticketID, gi.GetOptions{})
	var failed []string
	switch {
	case err != nil && api.ClientMessage(err) == api.MsgNoPermission:
		// The contract reports refusals through the list only.
		for _, s := range chosen {
			failed = append(failed, s.name)
		}
	case err != nil:
		return nil, err
	default:
		for _, s := range chosen {
			err := s.run(ctx, r, t)
			if err == nil {
				continue
			}
			if !api.Refused(err) && !api.GIRefusal(err) {
				// OTRS's outcome is unknown: say so rather than guess.
				return nil, fmt.Errorf("updateTicket %d: %s: %w", ticketID, s.name, err)
			}
			failed = append(failed, s.name)
		}
	}
	if len(failed) > 0 {
		return nil, api.Fail(msgNotUpdated+strings.Join(failed, ", "), nil)
	}
	return okAnswer{}, nil
}

// stepNamed changes a rw field given by name or id.
func (a *Methods) stepNamed(kind lookupKind, nameKey, idKey string) func(context.Context, *api.Request, *target) error {
	return func(ctx context.Context, r *api.Request, t *target) error {
		if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
			return err
		}
		return a.stepNamedApply(ctx, r, t, kind, nameKey, idKey)
	}
}

func (a *Methods) stepNamedApply(ctx context.Context, r *api.Request, t *target, kind lookupKind, nameKey, idKey string) error {
	n, _, err := a.resolve(ctx, r.Params, kind, nameKey, idKey)
	if err != nil {
		return failUnknown(cannot(nameKey), err)
	}
	var in gi.TicketInput
	n.set(kind, &in)
	if err := a.updateFields(ctx, r, t.ID, in); err != nil {
		return err
	}
	if kind == kindService && n.ID > 0 {
		t.ServiceID = n.ID
	}
	return nil
}

// stepQueue moves the ticket (rw on the current queue, move_into on the
// target, updateQueue's owner rule: moveOwnerRule).
func (a *Methods) stepQueue(ctx context.Context, r *api.Request, t *target) error {
	if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
		return err
	}
	q, _, err := a.resolve(ctx, r.Params, kindQueue, "Queue", "QueueID")
	if err != nil {
		return failUnknown(cannot("Queue"), err)
	}
	if q.ID == 0 {
		return api.Fail(api.MsgNoPermission, fmt.Errorf("queue %s: no catalog to check move_into", q))
	}
	if err := a.need(ctx, r, q.ID, "move_into"); err != nil {
		return err
	}
	if err := moveOwnerRule(t, r.Agent.ID); err != nil {
		return err
	}
	if err := a.updateFields(ctx, r, t.ID, gi.TicketInput{QueueID: q.ID}); err != nil {
		return err
	}
	t.QueueID = q.ID
	return nil
}

// stepState changes the state (rw, ticket locked by the caller) together
// with the pending time when one was sent, and unlocks on a closed state.
func (a *Methods) stepState(ctx context.Context, r *api.Request, t *target) error {
	if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
		return err
	}
	if !t.lockedBy(r.Agent.ID) {
		return api.Fail(msgMustBeOwner, nil)
	}
	st, _, err := a.resolve(ctx, r.Params, kindState, "State", "StateID")
	if err != nil {
		return failUnknown(cannot("State"), err)
	}
	var in gi.TicketInput
	st.set(kindState, &in)
	given := false
	if in.PendingTime, given, err = a.pendingWithState(ctx, r, st, t); err != nil {
		return failPending(cannot("State"), err)
	}
	if given && notPending(st) {
		in.PendingTime = nil // stepPending reports it
	}
	written, err := a.updateWritten(ctx, r, t.ID, in)
	if err != nil {
		return err
	}
	switch {
	case st.StateType != "":
	case written != nil:
		st.ID, st.StateType = int(written.StateID), string(written.StateType)
	default:
		// No catalog: OTRS knows the new state's type.
		nt, err := a.loadTarget(ctx, r, t.ID, gi.GetOptions{})
		if err != nil {
			return err
		}
		st.ID, st.StateType = nt.StateID, nt.StateType
	}
	t.StateID, t.StateType = st.ID, st.StateType
	t.pendingSet = given && isPending(st.StateType)
	if st.StateType == "closed" && t.Locked {
		if err := a.unlockClosed(ctx, r, t.ID, written); err != nil {
			return err
		}
		t.Locked = false
	}
	return nil
}

// stepPending sets the pending time (rw) unless it went with the new
// state; as updatePendingTime, only a pending ticket can take one.
func (a *Methods) stepPending(ctx context.Context, r *api.Request, t *target) error {
	if t.pendingSet {
		return nil
	}
	if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
		return err
	}
	return a.setPending(ctx, r, t)
}

// stepOwner changes the owner (owner or rw). Without Rule=TicketEdit the
// caller must hold the ticket's lock (6.41.0).
func (a *Methods) stepOwner(ctx context.Context, r *api.Request, t *target) error {
	if err := a.need(ctx, r, t.QueueID, "owner", "rw"); err != nil {
		return err
	}
	ticketEdit := strings.EqualFold(r.Params.String("Rule"), "TicketEdit")
	if !ticketEdit && !t.lockedBy(r.Agent.ID) {
		return api.Fail(msgMustBeOwner, nil)
	}
	u, _, err := a.resolve(ctx, r.Params, kindUser, "NewOwner", "NewOwnerID")
	if err != nil {
		return failUnknown(cannot("Owner"), err)
	}
	if err := a.setOwner(ctx, r, t, u, ticketEdit); err != nil {
		return err
	}
	if u.ID > 0 {
		t.OwnerID = u.ID
	}
	return nil
}

// stepDynamicFields writes the dynamic fields (rw).
func (a *Methods) stepDynamicFields(ctx context.Context, r *api.Request, t *target) error {
	if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
		return err
	}
	defs, err := a.fieldDefs(ctx)
	if err != nil {
		return err
	}
	dfs, _, err := dynamicFieldInput(r.Params, defs)
	if err != nil {
		return api.Fail(cannot("DynamicFields"), err)
	}
	if len(dfs) == 0 {
		return nil
	}
	if _, err := a.GI.TicketUpdate(ctx, r.Token, t.ID, gi.TicketRequest{DynamicField: dfs}); err != nil {
		return fmt.Errorf("TicketUpdate %d: %w", t.ID, err)
	}
	return nil
}

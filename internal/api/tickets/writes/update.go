package writes

import (
	"context"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// The single-field update methods. Each checks the contract's permission
// and owner rule on the ticket as OTRS has it now, then sends one
// TicketUpdate (two where the contract reports a second step separately:
// updateState's unlock, updateOwner's lock, updateLock's owner).

const (
	msgMustBeOwner      = "You must be an owner of the ticket"
	msgMustBeOwnerShort = "You must be owner of ticket"
	msgAlreadyOwner     = "'Already you are an owner"
	msgNotUnlocked      = "State has been changed but couldn't unlock Ticket"
	msgNewOwnerNoLock   = "Cannot lock by a new owner"
	msgLockedNoOwner    = "Ticket was locked but Owner couldn't be changed"
	msgCannotLock       = "Couldn't update lock state"
)

// cannot is the "Cannot update X" message of a field.
func cannot(field string) string { return "Cannot update " + field }

type okAnswer = struct{}

// UpdateTitle changes the title (rw).
func (a *Methods) UpdateTitle(ctx context.Context, r *api.Request) (any, error) {
	if err := required(r.Params, []string{"Title"}, []string{"TicketID"}); err != nil {
		return nil, err
	}
	t, err := a.writeTicket(ctx, r, "rw")
	if err != nil {
		return nil, err
	}
	return a.apply(ctx, r, t.ID, "Title", gi.TicketInput{Title: r.Params.String("Title")})
}

// apply sends one field change and maps its failure to "Cannot update X".
func (a *Methods) apply(ctx context.Context, r *api.Request, ticketID int, field string, in gi.TicketInput) (any, error) {
	if err := a.updateFields(ctx, r, ticketID, in); err != nil {
		return nil, api.ChannelError(api.GIRefusal, cannot(field), err)
	}
	return okAnswer{}, nil
}

// namedTarget is the start of every update that names a catalog row: the
// row's name (nameKey) or id (idKey) and TicketID are required, the
// ticket is read with one of keys, then the row is resolved; an unknown
// one is "Cannot update <field>".
func (a *Methods) namedTarget(ctx context.Context, r *api.Request, kind lookupKind, field, nameKey, idKey string, keys ...string) (*target, named, error) {
	if err := required(r.Params, []string{nameKey, idKey}, []string{"TicketID"}); err != nil {
		return nil, named{}, err
	}
	t, err := a.writeTicket(ctx, r, keys...)
	if err != nil {
		return nil, named{}, err
	}
	n, _, err := a.resolve(ctx, r.Params, kind, nameKey, idKey)
	if err != nil {
		return nil, named{}, failUnknown(cannot(field), err)
	}
	return t, n, nil
}

// updateNamed is the whole of updateType, updateService, updateSLA and
// updatePriority: field by name (field) or id (field+"ID"), resolved; the
// owner rule where ownerRule says so; then one TicketUpdate.
func (a *Methods) updateNamed(ctx context.Context, r *api.Request, kind lookupKind, field string, ownerRule bool, keys ...string) (any, error) {
	t, n, err := a.namedTarget(ctx, r, kind, field, field, field+"ID", keys...)
	if err != nil {
		return nil, err
	}
	if ownerRule && !t.ownerOK(r.Agent.ID) {
		return nil, api.Fail(msgMustBeOwner, nil)
	}
	var in gi.TicketInput
	n.set(kind, &in)
	return a.apply(ctx, r, t.ID, field, in)
}

// UpdateType changes the ticket type (rw).
func (a *Methods) UpdateType(ctx context.Context, r *api.Request) (any, error) {
	return a.updateNamed(ctx, r, kindType, "Type", false, "rw")
}

// UpdateService changes the service (rw).
func (a *Methods) UpdateService(ctx context.Context, r *api.Request) (any, error) {
	return a.updateNamed(ctx, r, kindService, "Service", false, "rw")
}

// UpdateSLA changes the SLA (rw); OTRS refuses an SLA that is not linked
// to the ticket's service.
func (a *Methods) UpdateSLA(ctx context.Context, r *api.Request) (any, error) {
	return a.updateNamed(ctx, r, kindSLA, "SLA", false, "rw")
}

// UpdatePriority changes the priority (priority or rw; the agent must own
// the ticket or it must be unlocked: the contract's owner rule, README "Owner rules").
func (a *Methods) UpdatePriority(ctx context.Context, r *api.Request) (any, error) {
	return a.updateNamed(ctx, r, kindPriority, "Priority", true, "priority", "rw")
}

// UpdateQueue moves the ticket: rw on the current queue and move_into on
// the target, and the caller must own it (moveOwnerRule).
func (a *Methods) UpdateQueue(ctx context.Context, r *api.Request) (any, error) {
	t, q, err := a.namedTarget(ctx, r, kindQueue, "Queue", "Queue", "QueueID", "rw")
	if err != nil {
		return nil, err
	}
	if q.ID == 0 {
		// Without a catalog the target's group is unknown: no check is
		// possible, so no move.
		return nil, api.Fail(api.MsgNoPermission, fmt.Errorf("queue %s: no catalog to check move_into", q))
	}
	if err := a.need(ctx, r, q.ID, "move_into"); err != nil {
		return nil, err
	}
	if err := moveOwnerRule(t, r.Agent.ID); err != nil {
		return nil, err
	}
	return a.apply(ctx, r, t.ID, "Queue", gi.TicketInput{QueueID: q.ID})
}

// moveOwnerRule is updateQueue's owner rule, which answers the contract's
// two ownership messages on the conditions its updateQueue entry gives
// them (its doc_issues leave the split open; this is the project's
// decision, README "Owner rules"):
//   - "You must be owner of ticket": another agent holds the ticket's
//     lock. Only they (or an updateOwner with Rule=TicketEdit) can free
//     it; OTRS's move screen refuses such a ticket the same way
//     (AgentTicketMove.pm:118-144 of Znuny 6.5.4).
//   - "You must be an owner of the ticket": nobody holds the lock, but the
//     caller is not the owner. OTRS's move screen never moves a ticket the
//     agent does not own either: it first locks it and makes the agent
//     its owner (Ticket::Frontend::AgentTicketMove###RequiredLock, on by
//     default; AgentTicketMove.pm:895-930). The proxy does not change the
//     owner behind the caller's back; the caller takes the ticket
//     (updateLock Lock=lock makes them the owner) and moves it.
//
// The other owner rules (updateState, updatePriority) let anyone with
// the permission change an unlocked ticket; updateQueue is stricter, as
// the contract's 6.41.0 security fix of its checks asks.
func moveOwnerRule(t *target, agentID int) error {
	switch {
	case t.OwnerID == agentID:
		return nil
	case t.Locked:
		return api.Fail(msgMustBeOwnerShort, fmt.Errorf("ticket %d is locked by agent %d", t.ID, t.OwnerID))
	}
	return api.Fail(msgMustBeOwner, fmt.Errorf("ticket %d is owned by agent %d", t.ID, t.OwnerID))
}

// UpdateState changes the state (rw; owner or unlocked). A closed state
// also unlocks the ticket, a step the contract reports apart
// (unlockClosed).
func (a *Methods) UpdateState(ctx context.Context, r *api.Request) (any, error) {
	if err := required(r.Params, []string{"State", "StateID"}, []string{"TicketID"}); err != nil {
		return nil, err
	}
	t, err := a.writeTicket(ctx, r, "rw")
	if err != nil {
		return nil, err
	}
	if !t.ownerOK(r.Agent.ID) {
		return nil, api.Fail(msgMustBeOwner, nil)
	}
	if err := a.setState(ctx, r, t); err != nil {
		return nil, err
	}
	return okAnswer{}, nil
}

// setState applies State/StateID and, for a closed state, unlocks.
func (a *Methods) setState(ctx context.Context, r *api.Request, t *target) error {
	st, _, err := a.resolve(ctx, r.Params, kindState, "State", "StateID")
	if err != nil {
		return failUnknown(cannot("State"), err)
	}
	var in gi.TicketInput
	st.set(kindState, &in)
	// A pending state needs a pending time; the agent screens propose
	// one (tickets_pending.go).
	if in.PendingTime, _, err = a.pendingWithState(ctx, r, st, t); err != nil {
		return failPending(cannot("State"), err)
	}
	written, err := a.updateWritten(ctx, r, t.ID, in)
	if err != nil {
		return api.ChannelError(api.GIRefusal, cannot("State"), err)
	}
	if !t.Locked {
		return nil // nothing to unlock, whatever the state's type
	}
	stateType := st.StateType
	switch {
	case stateType != "":
	case written != nil:
		stateType = string(written.StateType)
	default:
		// No catalog: OTRS knows the state's type.
		nt, err := a.loadTarget(ctx, r, t.ID, gi.GetOptions{})
		if err != nil {
			return api.Fail(msgNotUnlocked, err)
		}
		stateType = nt.StateType
	}
	if stateType != "closed" {
		return nil
	}
	return a.unlockClosed(ctx, r, t.ID, written)
}

// UpdateResponsible sets the responsible agent (rw).
func (a *Methods) UpdateResponsible(ctx context.Context, r *api.Request) (any, error) {
	t, u, err := a.namedTarget(ctx, r, kindUser, "Responsible", "NewUser", "NewUserID", "rw")
	if err != nil {
		return nil, err
	}
	return a.apply(ctx, r, t.ID, "Responsible", gi.TicketInput{ResponsibleID: u.ID, Responsible: u.Name})
}

// UpdateOwner hands the ticket to another agent (owner or rw). By default
// (the contract's owner rule, README "Owner rules") the caller must own the ticket or it must be unlocked,
// cannot hand it to themselves when they own it already, and the ticket
// ends up locked for the new owner. Rule=TicketEdit, like OTRS's owner
// screen, lets an agent with owner or rw set any owner and leaves the
// lock as it is.
func (a *Methods) UpdateOwner(ctx context.Context, r *api.Request) (any, error) {
	t, u, err := a.namedTarget(ctx, r, kindUser, "Owner", "NewUser", "NewUserID", "owner", "rw")
	if err != nil {
		return nil, err
	}
	if err := a.setOwner(ctx, r, t, u, strings.EqualFold(r.Params.String("Rule"), "TicketEdit")); err != nil {
		return nil, err
	}
	return okAnswer{}, nil
}

// setOwner applies the owner rules and the change (see UpdateOwner).
func (a *Methods) setOwner(ctx context.Context, r *api.Request, t *target, u named, ticketEdit bool) error {
	me := r.Agent.ID
	self := u.ID == me || (u.ID == 0 && strings.EqualFold(u.Name, r.Agent.Login))
	if !ticketEdit {
		if self && t.OwnerID == me {
			return api.Fail(msgAlreadyOwner, nil)
		}
		if !t.ownerOK(me) {
			return api.Fail(msgMustBeOwner, nil)
		}
	}
	if err := a.updateFields(ctx, r, t.ID, gi.TicketInput{OwnerID: u.ID, Owner: u.Name}); err != nil {
		return api.ChannelError(api.GIRefusal, cannot("Owner"), err)
	}
	if ticketEdit || t.Locked {
		// A held lock passes to the new owner with the ticket.
		return nil
	}
	if err := a.updateFields(ctx, r, t.ID, gi.TicketInput{Lock: "lock"}); err != nil {
		return api.Fail(msgNewOwnerNoLock, err)
	}
	return nil
}

// UpdateLock locks or unlocks (rw, unless the caller owns the ticket).
// Locking makes the caller the owner, in a second step the contract
// reports apart.
func (a *Methods) UpdateLock(ctx context.Context, r *api.Request) (any, error) {
	if err := required(r.Params, []string{"Lock", "LockID"}, []string{"TicketID"}); err != nil {
		return nil, err
	}
	t, err := a.paramTarget(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := a.setLock(ctx, r, t); err != nil {
		return nil, err
	}
	return okAnswer{}, nil
}

// setLock checks updateLock's permission and applies Lock/LockID.
//
// On OTOBO (Ticket::OwnerResetOnUnlock, on by default) an unlock also makes
// root@localhost the owner (Kernel/System/Ticket.pm:4288-4302 of 11.0.6;
// real2/otobo11/42, 42b), and so does closing a locked ticket, whose unlock
// GI TicketUpdate makes itself (real2/otobo11/43, 43b). The contract
// promises an unlock and says nothing of the owner after it, so the
// answers stay true; the proxy neither undoes the reset (it is the
// admin's setting, and OTOBO's own screens do the same) nor reports an
// owner it has not read: every request reads the ticket afresh, and no
// step of updateTicket after an unlock depends on the owner (the state,
// owner and priority steps want the caller's lock). README, "OTRS lines".
func (a *Methods) setLock(ctx context.Context, r *api.Request, t *target) error {
	if t.OwnerID != r.Agent.ID {
		if err := a.need(ctx, r, t.QueueID, "rw"); err != nil {
			return err
		}
	}
	l, _, err := a.resolve(ctx, r.Params, kindLock, "Lock", "LockID")
	if err != nil {
		return failUnknown(msgCannotLock, err)
	}
	var in gi.TicketInput
	l.set(kindLock, &in)
	if err := a.updateFields(ctx, r, t.ID, in); err != nil {
		return api.ChannelError(api.GIRefusal, msgCannotLock, err)
	}
	locking := l.ID != 1
	t.Locked = locking
	if !locking || t.OwnerID == r.Agent.ID {
		return nil
	}
	if err := a.updateFields(ctx, r, t.ID, gi.TicketInput{OwnerID: r.Agent.ID}); err != nil {
		return api.Fail(msgLockedNoOwner, err)
	}
	t.OwnerID = r.Agent.ID
	return nil
}

// UpdatePendingTime sets the pending-until time (rw); components are in
// the agent's time zone.
func (a *Methods) UpdatePendingTime(ctx context.Context, r *api.Request) (any, error) {
	p := r.Params
	var missing []string
	if !p.Has("UntilTimeDateUnix") && len(p.Missing(pendingKeys...)) > 0 {
		missing = append(missing, "UntilTimeDateUnix or Year, Month, Day, Hour, Minute")
	}
	if !p.Has("TicketID") {
		missing = append(missing, "TicketID")
	}
	if len(missing) > 0 {
		return nil, api.Required(missing)
	}
	t, err := a.writeTicket(ctx, r, "rw")
	if err != nil {
		return nil, err
	}
	if err := a.setPending(ctx, r, t); err != nil {
		return nil, err
	}
	return okAnswer{}, nil
}

// setPending sets the pending time of a pending ticket. GI stores a
// pending time only together with a pending state and answers success
// for one sent alone (real2/*/08-09, TicketUpdate.pm:1714-1774), so the
// ticket's own state goes along (an unchanged state writes no history);
// a ticket that is not pending cannot take one and the caller is told so
// (the contract does not let updatePendingTime change the state).
func (a *Methods) setPending(ctx context.Context, r *api.Request, t *target) error {
	pt, _, err := a.pendingFor(ctx, r.Params, r.Agent)
	if err != nil {
		return api.Fail(cannot("PendingTime"), err)
	}
	if !isPending(t.StateType) {
		return api.Fail(cannot("PendingTime"), fmt.Errorf("ticket %d is %q: %w", t.ID, t.StateType, errPendingIgnored))
	}
	if err := a.updateFields(ctx, r, t.ID, gi.TicketInput{StateID: t.StateID, PendingTime: pt}); err != nil {
		return api.ChannelError(api.GIRefusal, cannot("PendingTime"), err)
	}
	return nil
}

// UpdateCustomer sets the customer company and user (rw).
func (a *Methods) UpdateCustomer(ctx context.Context, r *api.Request) (any, error) {
	if missing := r.Params.Missing("CustomerID", "CustomerUserID", "TicketID"); len(missing) > 0 {
		return nil, api.Required(missing)
	}
	t, err := a.writeTicket(ctx, r, "rw")
	if err != nil {
		return nil, err
	}
	return a.apply(ctx, r, t.ID, "Customer", gi.TicketInput{
		CustomerID: r.Params.String("CustomerID"), CustomerUser: r.Params.String("CustomerUserID"),
	})
}

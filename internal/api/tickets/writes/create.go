package writes

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

const (
	msgQueueIncorrect   = "Queue is incorrect"
	msgCannotCreate     = "Couldn't create ticket"
	msgCannotAddArticle = "Cannot add ticket article"
)

// CreatedTicket is the answer of /tickets/createTicket.
type CreatedTicket struct {
	TicketID int
}

// CreateTicket creates a ticket with its first article in one GI
// TicketCreate: state, lock and owner, type, service, SLA, customer,
// pending time, time accounting and dynamic fields all travel in that one
// request, so OTRS applies them together. OTRS answers success even when
// its lock, pending-time or time-accounting step failed, so the new
// ticket is checked (the answer's own with the proxy's web service, else
// read back) and such a ticket answered with the contract's
// "Ticket was created but these operations are failed: …"
// (createdPartly). TicketCreate is never retried once it may have
// reached OTRS (gi.Client), so a ticket is never created twice.
func (a *Methods) CreateTicket(ctx context.Context, r *api.Request) (any, error) {
	p := r.Params
	if missing := p.Missing("Title", "QueueID", "PriorityID", "Body"); len(missing) > 0 {
		return nil, api.Required(missing)
	}
	req, queueID, err := a.createRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := a.need(ctx, r, queueID, "create", "rw"); err != nil {
		return nil, err
	}
	out, err := a.GI.TicketCreate(ctx, r.Token, req)
	if err != nil {
		var ge *gi.Error
		if errors.As(err, &ge) && errors.Is(err, gi.ErrInvalidParameter) && strings.Contains(ge.Message, "Queue") {
			return nil, api.Fail(msgQueueIncorrect, err)
		}
		if errors.Is(err, gi.ErrTicketWithoutArticle) {
			// The ticket exists: say so, as the contract's message does,
			// so that a client does not create it again.
			return nil, api.Fail(msgCannotAddArticle, fmt.Errorf("createTicket: %w", err))
		}
		return nil, api.ChannelError(api.GIRefusal, msgCannotCreate, fmt.Errorf("createTicket: %w", err))
	}
	if out.ArticleID <= 0 {
		return nil, api.Fail(msgCannotAddArticle, fmt.Errorf("createTicket: ticket %d created without article", out.TicketID))
	}
	if err := a.createdPartly(ctx, r, out, req); err != nil {
		return nil, err
	}
	return CreatedTicket{TicketID: int(out.TicketID)}, nil
}

// createRequest decodes createTicket's parameters into GI's TicketCreate
// request and returns the target queue id. It does no write.
func (a *Methods) createRequest(ctx context.Context, r *api.Request) (gi.TicketRequest, int, error) {
	p := r.Params
	var req gi.TicketRequest
	// LockByOwner is bool01 (default 1): any other value is refused
	// before anything is looked up, rather than read as "lock".
	lockByOwner, lockGiven, err := p.Flag("LockByOwner")
	if err != nil {
		return req, 0, err
	}
	queue, _, err := a.resolve(ctx, p, kindQueue, "", "QueueID")
	if err != nil {
		return req, 0, failUnknown(msgQueueIncorrect, err)
	}
	queueID := queue.ID
	tk := &gi.TicketInput{Title: p.String("Title"), QueueID: queueID}
	prio, _, err := a.resolve(ctx, p, kindPriority, "", "PriorityID")
	if err != nil {
		return req, 0, failUnknown(msgCannotCreate, err)
	}
	prio.set(kindPriority, tk)
	state, ok, err := a.resolve(ctx, p, kindState, "", "StateID")
	if !ok {
		// RS::API::DefaultState, as the original's phone ticket.
		state, _, err = a.resolve(ctx, api.Params{"State": a.Opts.Views.WithDefaults().DefaultState}, kindState, "State", "")
	}
	if err != nil {
		return req, 0, failUnknown(msgCannotCreate, err)
	}
	state.set(kindState, tk)
	for _, f := range []struct {
		kind lookupKind
		key  string
	}{{kindType, "TypeID"}, {kindService, "ServiceID"}, {kindSLA, "SLAID"}} {
		n, ok, err := a.resolve(ctx, p, f.kind, "", f.key)
		if err != nil {
			return req, 0, failUnknown(msgCannotCreate, err)
		}
		if ok {
			n.set(f.kind, tk)
		}
	}
	if tk.TypeID == 0 {
		if err := a.defaultType(ctx, tk); err != nil {
			return req, 0, err
		}
	}
	// An owner goes to OTRS only when the caller chose one: GI then
	// suppresses agent notifications for the first article
	// (TicketCreate.pm:1529-1537), exactly as the phone and e-mail
	// screens do when an owner is chosen (AgentTicketPhone.pm:1515-1518,
	// AgentTicketEmail.pm:1783-1787). Without one GI makes the agent the
	// owner silently (TicketCreate.pm:1867-1875), as those screens do.
	owner, ok, err := a.resolve(ctx, p, kindUser, "", "OwnerID")
	if err != nil {
		return req, 0, failUnknown(msgCannotCreate, err)
	}
	if ok {
		tk.OwnerID, tk.Owner = owner.ID, owner.Name
	}
	// LockByOwner (default 1) locks the new ticket for its owner; an
	// explicit Lock wins.
	lock, ok, err := a.resolve(ctx, p, kindLock, "Lock", "")
	if err != nil {
		return req, 0, failUnknown(msgCannotCreate, err)
	}
	if !ok {
		lock = named{ID: 2} // lock
		if lockGiven && !lockByOwner {
			lock = named{ID: 1} // unlock
		}
	}
	lock.set(kindLock, tk)
	tk.CustomerUser, tk.CustomerID = p.String("CustomerUserID"), p.String("CustomerID")
	if tk.CustomerUser == "" {
		// GI TicketCreate insists on a customer user for agents (gi/027);
		// the agent's own address is what OTRS's phone screen would
		// take for a ticket without customer.
		tk.CustomerUser = r.Agent.Email
	}
	var given bool
	if tk.PendingTime, given, err = a.pendingWithState(ctx, r, state, nil); err != nil {
		return req, 0, failPending(msgCannotCreate, err)
	}
	if given && notPending(state) {
		return req, 0, api.Fail(msgCannotCreate, fmt.Errorf("state %s: %w", state, errPendingIgnored))
	}
	defs, err := a.fieldDefs(ctx)
	if err != nil {
		return req, 0, err
	}
	if req.DynamicField, _, err = dynamicFieldInput(p, defs); err != nil {
		return req, 0, api.Fail(msgCannotCreate, err)
	}
	if req.Article, err = articleInput(p, tk.Title, p.String("Body")); err != nil {
		return req, 0, failInput(msgCannotCreate, err)
	}
	newTicketHistory(req.Article)
	req.Ticket = tk
	return req, queueID, nil
}

// failUnknown answers msg for a value that names no valid row, and passes
// any other error (a catalog outage) on.
func failUnknown(msg string, err error) error {
	if errors.Is(err, errUnknown) {
		return api.Fail(msg, err)
	}
	return err
}

// defaultType gives a ticket created without a type the configured
// default when types are on: GI then refuses a ticket without one and
// does not apply Ticket::Type::Default itself (TicketCreate.pm:761-774;
// real2/*/01). The default is what OTRS's TicketCreate would choose:
// Ticket::Type::Default while that type exists and is valid, else type 1
// (Kernel/System/Ticket.pm:429-443). With types off OTRS applies it.
func (a *Methods) defaultType(ctx context.Context, tk *gi.TicketInput) error {
	st, err := a.settings(ctx)
	if err != nil {
		return err
	}
	if !st.TypeEnabled {
		return nil
	}
	n, _, err := a.resolve(ctx, api.Params{"Type": st.DefaultType}, kindType, "Type", "")
	switch {
	case errors.Is(err, errUnknown):
		n = named{ID: 1}
	case err != nil:
		return err
	}
	n.set(kindType, tk)
	return nil
}

// failPending answers msg for a pending time the caller got wrong and
// passes an outage (the settings could not be read) on.
func failPending(msg string, err error) error {
	if errors.Is(err, errPendingTime) {
		return api.Fail(msg, err)
	}
	return err
}

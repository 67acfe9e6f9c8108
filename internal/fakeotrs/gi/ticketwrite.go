package gi

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// giOpError renders a check failure of op; the pending-time message has
// no prefix in Znuny.
func giOpError(op string, f *giFail) map[string]any {
	msg := f.msg
	if !strings.HasPrefix(msg, "Can't") {
		msg = op + ": " + msg
	}
	return giError(op+"."+f.kind, msg)
}

func giTicketCreate(s *store.Store, u store.User, d giData) any {
	const op = "TicketCreate"
	tk := giHash(d["Ticket"])
	if len(tk) == 0 {
		return giOpError(op, missing("Ticket parameter is missing or not valid!"))
	}
	ar := giHash(d["Article"])
	if len(ar) == 0 {
		return giOpError(op, missing("Article parameter is missing or not valid!"))
	}
	v, fail := giCheckTicket(s, tk, true, u, nil)
	if fail != nil {
		return giOpError(op, fail)
	}
	art, fail := giCheckArticle(s, ar, true, u)
	if fail != nil {
		return giOpError(op, fail)
	}
	dfs, fail := giCheckDynamicFields(s, d["DynamicField"])
	if fail != nil {
		return giOpError(op, fail)
	}
	files, fail := giArticleAttachments(d, ar)
	if fail != nil {
		return giOpError(op, fail)
	}
	q := s.QueueByID(v.queue)
	if u.Agent != nil && !s.AgentHas(u.Agent.ID, q.GroupID, "create") {
		return giError("TicketCreate.AccessDenied", "TicketCreate: Can not create tickets in given Queue or QueueID!")
	}

	now := s.Now()
	t := &store.Ticket{
		ID: s.NextTicketID, TN: s.NewTicketNumber(), Title: *v.title,
		QueueID: v.queue, StateID: v.state, PriorityID: v.prio, TypeID: v.typ, ServiceID: v.service, SLAID: v.sla,
		LockID: 1, OwnerID: 1, ResponsibleID: 1, Created: now, Changed: now, CreateBy: u.ID(), ChangeBy: u.ID(),
		DynamicFields: map[string]any{}, SeenBy: map[int]bool{},
	}
	s.NextTicketID++
	if t.TypeID == 0 {
		t.TypeID = s.DefaultTypeID()
	}
	if u.Customer != nil {
		t.CustomerUserID, t.CustomerID = u.Customer.Login, u.Customer.CustomerID
	}
	if v.customerUser != nil {
		t.CustomerUserID = *v.customerUser
		t.CustomerID = t.CustomerUserID
		if cu := s.CustomerUser(t.CustomerUserID); cu != nil {
			t.CustomerID = cu.CustomerID
		}
	}
	if v.customerID != nil {
		t.CustomerID = *v.customerID
	}
	s.Tickets = append(s.Tickets, t)
	st := s.StateByID(t.StateID)
	s.AddHistory(t, 0, "NewTicket", fmt.Sprintf("%%%%%s%%%%%s%%%%%s%%%%%s%%%%%d", t.TN, q.Name, store.ItemName(s.Priorities, t.PriorityID), st.Name, t.ID), u.ID())
	s.CreateHistory(t, u.ID())
	s.AddHistory(t, 0, "CustomerUpdate", fmt.Sprintf("%%%%CustomerID=%s;CustomerUser=%s;", t.CustomerID, t.CustomerUserID), u.ID())
	// GI's _TicketCreate, in its order (TicketCreate.pm:1419-1900 of
	// Znuny 6.5.4; real ticket histories: real2/znuny65/db/41): the
	// ticket is created unlocked and owned by admin, then the given lock,
	// a closed state's unlock or a pending state's pending time, ticket
	// dynamic fields, the article, the owner (locking when no lock was
	// given), the responsible, article dynamic fields.
	// The lock, unlock and pending-time steps may fail (Store.FailNext):
	// TicketCreate ignores their results (TicketCreate.pm:1449, 1481,
	// 1493, 1859) and answers success all the same.
	if v.lock > 0 {
		lockSet(s, t, v.lock, u.ID())
	}
	if strings.HasPrefix(s.StateTypeName(st), "closed") {
		lockSet(s, t, 1, u.ID())
	} else if !v.pending.IsZero() && !v.pendingIncomplete && isPendingState(s, t.StateID) && !s.Fails(store.StepPendingTimeSet) {
		// TicketPendingTimeSet failing for a missing component is
		// ignored (TicketCreate.pm:1488-1499).
		t.PendingUntil = v.pending
		s.AddHistory(t, 0, "SetPendingTime", "%%"+t.PendingUntil.Format("2006-01-02 15:04"), u.ID())
	}
	applyDynamicFields(s, t, nil, dfs, u)
	if art.To == "" {
		art.To = q.Name
	}
	if art.From == "" {
		if cu := s.CustomerUser(t.CustomerUserID); cu != nil {
			art.From = store.User{Customer: cu}.MailString()
		} else {
			art.From = u.MailString()
		}
	}
	art.Attachments = append(art.Attachments, files...)
	// Without Article.NoAgentNotify GI suppresses agent notifications
	// whenever an owner is given (TicketCreate.pm:1529-1537), as the
	// agent screens do when an owner is chosen (AgentTicketPhone.pm:
	// 1515-1518).
	art.NoAgentNotify = v.owner > 0
	if n, ok := ar["NoAgentNotify"]; ok {
		art.NoAgentNotify = giStr(n) == "1"
	}
	addArticle(s, t, art, u, "NewTicket", "%%GenericInterface Create", giHistory(ar))
	owner := v.owner
	if owner == 0 && u.Agent != nil {
		owner = u.Agent.ID
	}
	if owner > 0 {
		s.SetOwner(t, owner, u.ID())
	}
	if v.owner > 0 && v.lock == 0 {
		lockSet(s, t, 2, u.ID()) // an owner given without a lock locks
	}
	if v.resp > 0 && v.resp != t.ResponsibleID {
		t.ResponsibleID = v.resp
		s.AddHistory(t, 0, "ResponsibleUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.AgentLogin(v.resp), v.resp), u.ID())
	}
	applyArticleFields(s, art, dfs)
	if s.MailFails && giStr(ar["ArticleSend"]) == "1" {
		// ArticleSend stored the article, could not queue the mail and
		// returned no ArticleID; _TicketCreate then fails after the
		// ticket exists (TicketCreate.pm Z l.1737-1794), and a real
		// Znuny answered so with the ticket and article in place.
		return Failure("Article could not be created, please contact the system administrator")
	}
	// gi/034 answered ArticleID as a number for an HTML article; the
	// plain ones as strings.
	var articleID any = strconv.Itoa(art.ID)
	if len(art.Attachments) > 0 && isHTMLBody(art.Attachments[0]) {
		articleID = art.ID
	}
	return map[string]any{"ArticleID": articleID, "TicketID": strconv.Itoa(t.ID), "TicketNumber": t.TN}
}

// lockSet is OTRS's TicketLockSet: false when a test made the step fail
// (Store.FailNext), the lock then unchanged.
func lockSet(s *store.Store, t *store.Ticket, lock, by int) bool {
	if s.Fails(store.StepLockSet) {
		return false
	}
	s.SetLock(t, lock, by)
	return true
}

// giHistory reads Article.HistoryType/HistoryComment overrides.
func giHistory(ar map[string]any) [2]string {
	return [2]string{giStr(ar["HistoryType"]), giStr(ar["HistoryComment"])}
}

// addArticle stores art on t with its history rows.
func addArticle(s *store.Store, t *store.Ticket, art *store.Article, u store.User, histType, histName string, override [2]string) {
	s.NextArticleID++
	art.ID, art.TicketID = s.NextArticleID, t.ID
	art.Created, art.CreateBy = s.Now(), u.ID()
	for i, f := range art.Attachments {
		f.FileID = i + 1
	}
	t.Articles = append(t.Articles, art)
	if override[0] != "" {
		histType = override[0]
	}
	if override[1] != "" {
		histName = override[1]
	}
	s.AddHistory(t, art.ID, histType, histName, u.ID())
	art.AgentNotification = store.AgentNotification(len(t.Articles) == 1, histType, art.NoAgentNotify)
	if art.SenderTypeID == 1 {
		s.ResetUnlockTime(t, u.ID())
	}
	if art.TimeUnit != 0 && s.Fails(store.StepAccountTime) {
		// Neither TicketCreate nor TicketUpdate checks TicketAccountTime
		// (TicketCreate.pm:1803, TicketUpdate.pm:2346): the article
		// stays without its time units.
		art.TimeUnit = 0
	}
	if art.TimeUnit != 0 {
		var total float64
		for _, a := range t.Articles {
			total += a.TimeUnit
		}
		s.AddHistory(t, art.ID, "TimeAccounting", fmt.Sprintf("%%%%%v%%%%%v", art.TimeUnit, total), u.ID())
	}
	t.Changed, t.ChangeBy = s.Now(), u.ID()
}

// applyDynamicFields sets ticket fields on t and article fields on art
// (when an article was created), writing history for ticket fields.
func applyDynamicFields(s *store.Store, t *store.Ticket, art *store.Article, dfs []dfValue, u store.User) {
	var events []string
	for _, dv := range dfs {
		if dv.field.ObjectType == "Article" {
			if art != nil {
				art.DynamicFields[dv.field.Name] = dv.value
			}
			continue
		}
		old := store.DFHistoryValue(t.DynamicFields[dv.field.Name])
		t.DynamicFields[dv.field.Name] = dv.value
		s.AddHistory(t, 0, "TicketDynamicFieldUpdate", fmt.Sprintf("%%%%FieldName%%%%%s%%%%Value%%%%%s%%%%OldValue%%%%%s",
			dv.field.Name, store.DFHistoryValue(dv.value), old), u.ID())
		t.Changed, t.ChangeBy = s.Now(), u.ID()
		// ValueSet fires the event only for a changed value
		// (DynamicField/Backend.pm ValueIsDifferent, Z l.541-550).
		if old != store.DFHistoryValue(dv.value) {
			events = append(events, "TicketDynamicFieldUpdate_"+dv.field.Name)
		}
	}
	for _, e := range events {
		s.RunEventJobs(t, e)
	}
}

// applyArticleFields sets the article dynamic fields of dfs on art.
func applyArticleFields(s *store.Store, art *store.Article, dfs []dfValue) {
	for _, dv := range dfs {
		if dv.field.ObjectType == "Article" {
			art.DynamicFields[dv.field.Name] = dv.value
		}
	}
}

func giTicketUpdate(s *store.Store, u store.User, d giData) any {
	const op = "TicketUpdate"
	var t *store.Ticket
	var answerID any
	switch {
	case giStr(d["TicketNumber"]) != "":
		t = s.TicketByTN(giStr(d["TicketNumber"]))
		if t != nil {
			answerID = t.ID // a number when found by TicketNumber (gi/072)
		}
	case giStr(d["TicketID"]) != "":
		t = s.TicketByID(giInt(d["TicketID"]))
		answerID = giStr(d["TicketID"])
	default:
		return giOpError(op, missing("TicketID or TicketNumber is required!"))
	}
	if t == nil || !s.CanRead(u, t) {
		return giError("TicketUpdate.AccessDenied", "TicketUpdate: User does not have access to the ticket!")
	}
	var v ticketValues
	if raw, ok := d["Ticket"]; ok {
		tk := giHash(raw)
		if len(tk) == 0 {
			return giOpError(op, invalid("Ticket parameter is not valid!"))
		}
		var fail *giFail
		if v, fail = giCheckTicket(s, tk, false, u, t); fail != nil {
			return giOpError(op, fail)
		}
	}
	ar := giHash(d["Article"])
	if d["Attachment"] != nil && ar == nil {
		return giOpError(op, missing("To create an attachment an article is needed!"))
	}
	var art *store.Article
	if ar != nil {
		var fail *giFail
		if art, fail = giCheckArticle(s, ar, false, u); fail != nil {
			return giOpError(op, fail)
		}
		files, fail := giArticleAttachments(d, ar)
		if fail != nil {
			return giOpError(op, fail)
		}
		art.Attachments = append(art.Attachments, files...)
	}
	dfs, fail := giCheckDynamicFields(s, d["DynamicField"])
	if fail != nil {
		return giOpError(op, fail)
	}
	// Only a queue move and an owner change check more than ro (gi/065,
	// gi/076, gi/077).
	if u.Agent != nil {
		if v.queue > 0 && v.queue != t.QueueID && !s.AgentHas(u.Agent.ID, s.QueueByID(v.queue).GroupID, "move_into") {
			return giError("TicketUpdate.AccessDenied", "TicketUpdate: Does not have permissions to update queue!")
		}
		if v.owner > 0 && !s.AgentHas(u.Agent.ID, s.QueueByID(t.QueueID).GroupID, "owner") {
			return giError("TicketUpdate.AccessDenied", "TicketUpdate: Does not have permissions to update owner!")
		}
	}
	if !applyTicketValues(s, t, v, u) {
		return providerFailure
	}
	if art != nil {
		if art.From == "" {
			art.From = u.FullName()
		}
		// TicketUpdate passes NoAgentNotify as given, default 0
		// (TicketUpdate.pm:2253).
		art.NoAgentNotify = giStr(ar["NoAgentNotify"]) == "1"
		addArticle(s, t, art, u, "AddNote", "%%GenericInterface Note", giHistory(ar))
	}
	applyDynamicFields(s, t, art, dfs, u)
	out := map[string]any{"TicketID": answerID, "TicketNumber": t.TN}
	if art != nil {
		out["ArticleID"] = art.ID
	}
	return out
}

// providerFailure is the provider's answer to an operation that failed
// without an error message, as TicketUpdate does for a title, lock or
// owner it could not set (its "Errormessage" key, TicketUpdate.pm:1610,
// 1674, 2023): Provider.pm:304's own summary, as HTTP 500 text/plain (the
// transport-error shape recorded in gi/035 and real2/znuny65/11).
const providerFailure = Failure("OperationObject returned an error, cancelling Request")

// applyTicketValues changes t field by field, in Znuny's order, writing a
// history row for each real change. It reports false when a step a test
// made fail (Store.FailNext) stopped it: the fields before that step stay
// changed, as in TicketUpdate.pm's _TicketUpdate.
func applyTicketValues(s *store.Store, t *store.Ticket, v ticketValues, u store.User) bool {
	by := u.ID()
	changed := false
	defer func() {
		if changed {
			t.Changed, t.ChangeBy = s.Now(), by
		}
	}()
	hist := func(typ, name string) {
		s.AddHistory(t, 0, typ, name, by)
		changed = true
	}
	if v.title != nil && *v.title != t.Title {
		if s.Fails(store.StepTitleUpdate) {
			return false // TicketUpdate.pm:1602-1612
		}
		old := t.Title
		t.Title = *v.title
		hist("TitleUpdate", "%%"+old+"%%"+t.Title)
	}
	if v.queue > 0 && v.queue != t.QueueID {
		oldQ, newQ := s.QueueByID(t.QueueID), s.QueueByID(v.queue)
		t.QueueID = v.queue
		hist("Move", fmt.Sprintf("%%%%%s%%%%%d%%%%%s%%%%%d", newQ.Name, newQ.ID, oldQ.Name, oldQ.ID))
	}
	if v.lock > 0 && v.lock != t.LockID {
		if s.Fails(store.StepLockSet) {
			return false // TicketUpdate.pm:1659-1677
		}
		s.SetLock(t, v.lock, by)
		changed = true
	}
	if v.typ > 0 && v.typ != t.TypeID {
		old := t.TypeID
		t.TypeID = v.typ
		hist("TypeUpdate", fmt.Sprintf("%%%%%s%%%%%d%%%%%s%%%%%d", store.ItemName(s.Types, v.typ), v.typ, store.ItemName(s.Types, old), old))
	}
	// GI's TicketUpdate sets the pending time only together with a
	// pending state, before the state itself (TicketUpdate.pm:1714-1760);
	// a PendingTime alone is answered with success and stored nowhere
	// (real2/znuny65/08-09, real2/otrs60/08-09).
	if v.state > 0 && strings.HasPrefix(s.StateTypeName(s.StateByID(v.state)), "close") && t.LockID != 1 {
		// A closed state unlocks first (TicketUpdate.pm:1736-1745 of
		// Znuny 6.5.4; real2/otobo11/db/41 rows 207-209). That code
		// ignores TicketLockSet's result: a failed unlock leaves the
		// ticket closed but locked, and the update answers success.
		if !s.Fails(store.StepLockSet) {
			s.SetLock(t, 1, by)
			changed = true
		}
	}
	if !v.pending.IsZero() && v.state > 0 && isPendingState(s, v.state) {
		t.PendingUntil = v.pending
		hist("SetPendingTime", "%%"+v.pending.Format("2006-01-02 15:04"))
	}
	if v.state > 0 && v.state != t.StateID {
		old := s.StateByID(t.StateID)
		t.StateID = v.state
		st := s.StateByID(v.state)
		hist("StateUpdate", fmt.Sprintf("%%%%%s%%%%%s%%%%", old.Name, st.Name))
		if !strings.HasPrefix(s.StateTypeName(st), "pending") {
			t.PendingUntil = time.Time{}
			hist("SetPendingTime", "%%00-00-00 00:00")
		}
	}
	if v.service > 0 && v.service != t.ServiceID {
		old := s.ServiceByID(t.ServiceID)
		t.ServiceID = v.service
		hist("ServiceUpdate", fmt.Sprintf("%%%%%s%%%%%d%%%%%s", s.ServiceByID(v.service).Name, v.service, nameOrNULL(old)))
	}
	if v.sla > 0 && v.sla != t.SLAID {
		old := s.SLAByID(t.SLAID)
		t.SLAID = v.sla
		oldName := "NULL%%"
		if old != nil {
			oldName = fmt.Sprintf("%s%%%%%d", old.Name, old.ID)
		}
		hist("SLAUpdate", fmt.Sprintf("%%%%%s%%%%%d%%%%%s", s.SLAByID(v.sla).Name, v.sla, oldName))
	}
	if v.customerUser != nil || v.customerID != nil {
		if v.customerUser != nil {
			t.CustomerUserID = *v.customerUser
			if cu := s.CustomerUser(t.CustomerUserID); cu != nil && v.customerID == nil {
				t.CustomerID = cu.CustomerID
			}
		}
		if v.customerID != nil {
			t.CustomerID = *v.customerID
		}
		hist("CustomerUpdate", fmt.Sprintf("%%%%CustomerID=%s;CustomerUser=%s;", t.CustomerID, t.CustomerUserID))
	}
	if v.prio > 0 && v.prio != t.PriorityID {
		old := t.PriorityID
		t.PriorityID = v.prio
		hist("PriorityUpdate", fmt.Sprintf("%%%%%s%%%%%d%%%%%s%%%%%d", store.ItemName(s.Priorities, old), old, store.ItemName(s.Priorities, v.prio), v.prio))
	}
	if v.owner > 0 {
		if v.owner != t.OwnerID && s.Fails(store.StepOwnerSet) {
			return false // TicketUpdate.pm:2005-2025
		}
		s.SetOwner(t, v.owner, by)
		changed = true
	}
	if v.resp > 0 {
		t.ResponsibleID = v.resp
		hist("ResponsibleUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.AgentLogin(v.resp), v.resp))
	}
	return true
}

func nameOrNULL(sv *store.Service) string {
	if sv == nil {
		return "NULL%%"
	}
	return fmt.Sprintf("%s%%%%%d", sv.Name, sv.ID)
}

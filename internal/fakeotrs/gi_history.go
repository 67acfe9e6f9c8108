package fakeotrs

import (
	"fmt"
	"strconv"
	"strings"
)

// historyTypeIDs are the ticket_history_type ids of Znuny 6.5.
var historyTypeIDs = map[string]int{
	"NewTicket": 1, "FollowUp": 2, "SendAutoReject": 3, "SendAutoReply": 4, "SendAutoFollowUp": 5, "Forward": 6,
	"Bounce": 7, "SendAnswer": 8, "SendAgentNotification": 9, "SendCustomerNotification": 10, "EmailAgent": 11,
	"EmailCustomer": 12, "PhoneCallAgent": 13, "PhoneCallCustomer": 14, "AddNote": 15, "Move": 16, "Lock": 17,
	"Unlock": 18, "Remove": 19, "TimeAccounting": 20, "CustomerUpdate": 21, "PriorityUpdate": 22, "OwnerUpdate": 23,
	"LoopProtection": 24, "Misc": 25, "SetPendingTime": 26, "StateUpdate": 27, "TicketDynamicFieldUpdate": 28,
	"WebRequestCustomer": 29, "TicketLinkAdd": 30, "TicketLinkDelete": 31, "SystemRequest": 32, "Merged": 33,
	"ResponsibleUpdate": 34, "Subscribe": 35, "Unsubscribe": 36, "TypeUpdate": 37, "ServiceUpdate": 38,
	"SLAUpdate": 39, "ArchiveFlagUpdate": 40, "EscalationSolutionTimeStop": 41, "EscalationResponseTimeStart": 42,
	"EscalationUpdateTimeStart": 43, "EscalationSolutionTimeStart": 44, "EscalationResponseTimeNotifyBefore": 45,
	"EscalationUpdateTimeNotifyBefore": 46, "EscalationSolutionTimeNotifyBefore": 47, "EscalationResponseTimeStop": 48,
	"EscalationUpdateTimeStop": 49, "TitleUpdate": 50,
}

// addHistory writes a history row with the ticket's current values.
func (s *Store) addHistory(t *Ticket, articleID int, typ, name string, by int) {
	s.History = append(s.History, &HistoryEntry{
		TicketID: t.ID, ArticleID: articleID, Type: typ, Name: name, CreateBy: by, Created: s.Now(),
		OwnerID: t.OwnerID, PriorityID: t.PriorityID, QueueID: t.QueueID, StateID: t.StateID, TypeID: t.TypeID,
	})
}

func (o *OTRS) giTicketHistoryGet(d giData) any {
	s := o.Store
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.giAuth(d)
	if !ok {
		return giError("TicketHistoryGet.AuthFail", "TicketHistoryGet: Authorization failing!")
	}
	if u.agent == nil {
		return giError("TicketHistoryGet.AuthFail", "TicketHistoryGet: User needs to an Agent!")
	}
	var ids []string
	for _, v := range giList(d["TicketID"]) {
		ids = append(ids, strings.Split(v, ",")...)
	}
	if len(ids) == 0 || ids[0] == "" {
		return giError("TicketHistoryGet.MissingParameter", "TicketHistoryGet: TicketID parameter is missing!")
	}
	var out []any
	for _, id := range ids {
		id = strings.TrimSpace(id)
		n, _ := strconv.Atoi(id)
		t := s.ticketByID(n)
		if t == nil || !s.canRead(u, t) {
			return giError("TicketHistoryGet.AccessDenied", fmt.Sprintf("TicketHistoryGet: User does not have access to the ticket %s!", id))
		}
		rows := []any{}
		for _, h := range s.History {
			if h.TicketID != t.ID {
				continue
			}
			e := map[string]any{
				"ArticleID": h.ArticleID, "CreateBy": h.CreateBy, "CreateTime": otrsTime(h.Created),
				"HistoryType": h.Type, "HistoryTypeID": historyTypeIDs[h.Type], "Name": h.Name,
				"OwnerID": orInt(h.OwnerID, t.OwnerID), "PriorityID": orInt(h.PriorityID, t.PriorityID),
				"QueueID": orInt(h.QueueID, t.QueueID), "StateID": orInt(h.StateID, t.StateID),
				"TicketID": strconv.Itoa(t.ID), "TypeID": orInt(h.TypeID, t.TypeID),
			}
			rows = append(rows, e)
		}
		out = append(out, map[string]any{"History": rows, "TicketID": strconv.Itoa(t.ID)})
	}
	return map[string]any{"TicketHistory": out}
}

func orInt(v, def int) int {
	if v != 0 {
		return v
	}
	return def
}

// createHistory writes the rows OTRS's TicketCreate adds after NewTicket
// for the initial service, SLA and type when those features are on
// (Kernel/System/Ticket.pm:614-647 of Znuny 6.5.4; real2/znuny65/db/41).
func (s *Store) createHistory(t *Ticket, by int) {
	if s.Setting("Ticket::Service") == "1" {
		sv, sl := "NULL", "NULL"
		svID, slID := "", ""
		if x := s.serviceByID(t.ServiceID); x != nil {
			sv, svID = x.Name, strconv.Itoa(x.ID)
		}
		if x := s.slaByID(t.SLAID); x != nil {
			sl, slID = x.Name, strconv.Itoa(x.ID)
		}
		s.addHistory(t, 0, "ServiceUpdate", "%%"+sv+"%%"+svID+"%%NULL%%", by)
		s.addHistory(t, 0, "SLAUpdate", "%%"+sl+"%%"+slID+"%%NULL%%", by)
	}
	if s.Setting("Ticket::Type") == "1" {
		s.addHistory(t, 0, "TypeUpdate", fmt.Sprintf("%%%%%s%%%%%d", itemName(s.Types, t.TypeID), t.TypeID), by)
	}
}

// setOwner changes the owner with its history row. With Ticket::Responsible
// on, the first owner change by someone other than admin also makes the
// new owner responsible while the responsible is still admin
// (Kernel/System/Ticket/Event/ResponsibleAutoSet.pm, event
// TicketOwnerUpdate, Ticket::ResponsibleAutoSet 1 by default;
// real2/znuny65/db/41 rows 269-270); handing it to admin changes nothing
// (TicketResponsibleSet, Kernel/System/Ticket.pm:5074-5083).
func (s *Store) setOwner(t *Ticket, owner, by int) {
	t.OwnerID = owner
	s.addHistory(t, 0, "OwnerUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.agentLogin(owner), owner), by)
	if s.Setting("Ticket::Responsible") == "1" && t.ResponsibleID == 1 && by != 1 && owner != 1 {
		t.ResponsibleID = owner
		s.addHistory(t, 0, "ResponsibleUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.agentLogin(owner), owner), by)
	}
}

// defaultTypeID is the type OTRS's TicketCreate gives a ticket created
// without one: Ticket::Type::Default when that type exists, else 1
// (Kernel/System/Ticket.pm:429-443). GI reaches it only with types off.
func (s *Store) defaultTypeID() int {
	if it := itemByName(s.Types, s.Setting("Ticket::Type::Default")); it != nil && it.ValidID == 1 {
		return it.ID
	}
	return 1
}

// agentNotification is the notification event OTRS's ArticleCreate
// raises for an article (Kernel/System/Ticket/Article/Backend/MIMEBase.pm:
// 600-700 of Znuny 6.5.4): none with NoAgentNotify (601); NotificationNewTicket for the first
// article with one of five history types; NotificationAddNote and
// NotificationFollowUp for those types. A ticket created with GI's
// default history type NewTicket notifies nobody (issue 11 point 12).
func agentNotification(first bool, histType string, noAgentNotify bool) string {
	if noAgentNotify {
		return ""
	}
	switch strings.ToLower(histType) {
	case "emailagent", "emailcustomer", "phonecallcustomer", "webrequestcustomer", "systemrequest":
		if first {
			return "NotificationNewTicket"
		}
	case "addnote":
		return "NotificationAddNote"
	case "followup":
		return "NotificationFollowUp"
	}
	return ""
}

// setLock changes the lock with OTRS's history: Lock (and a reset of the
// unlock time) or Unlock; an unchanged lock writes nothing
// (Kernel/System/Ticket.pm TicketLockSet; real2 histories: "Lock %%lock",
// "Misc Reset of unlock time.").
func (s *Store) setLock(t *Ticket, lock, by int) {
	if lock == t.LockID {
		return
	}
	t.LockID = lock
	name := itemName(s.Locks, lock)
	if name == "unlock" {
		s.addHistory(t, 0, "Unlock", "%%unlock", by)
		return
	}
	s.addHistory(t, 0, "Lock", "%%"+name, by)
	s.resetUnlockTime(t, by)
}

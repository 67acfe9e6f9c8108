package store

import (
	"fmt"
	"strconv"
	"strings"
)

// HistoryTypeIDs are the ticket_history_type ids of Znuny 6.5.
var HistoryTypeIDs = map[string]int{
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

// AddHistory writes a history row with the ticket's current values.
func (s *Store) AddHistory(t *Ticket, articleID int, typ, name string, by int) {
	s.History = append(s.History, &HistoryEntry{
		TicketID: t.ID, ArticleID: articleID, Type: typ, Name: name, CreateBy: by, Created: s.Now(),
		OwnerID: t.OwnerID, PriorityID: t.PriorityID, QueueID: t.QueueID, StateID: t.StateID, TypeID: t.TypeID,
	})
}

// CreateHistory writes the rows OTRS's TicketCreate adds after NewTicket
// for the initial service, SLA and type when those features are on
// (Kernel/System/Ticket.pm:614-647 of Znuny 6.5.4; real2/znuny65/db/41).
func (s *Store) CreateHistory(t *Ticket, by int) {
	if s.Setting("Ticket::Service") == "1" {
		sv, sl := "NULL", "NULL"
		svID, slID := "", ""
		if x := s.ServiceByID(t.ServiceID); x != nil {
			sv, svID = x.Name, strconv.Itoa(x.ID)
		}
		if x := s.SLAByID(t.SLAID); x != nil {
			sl, slID = x.Name, strconv.Itoa(x.ID)
		}
		s.AddHistory(t, 0, "ServiceUpdate", "%%"+sv+"%%"+svID+"%%NULL%%", by)
		s.AddHistory(t, 0, "SLAUpdate", "%%"+sl+"%%"+slID+"%%NULL%%", by)
	}
	if s.Setting("Ticket::Type") == "1" {
		s.AddHistory(t, 0, "TypeUpdate", fmt.Sprintf("%%%%%s%%%%%d", ItemName(s.Types, t.TypeID), t.TypeID), by)
	}
}

// SetOwner changes the owner with its history row. With Ticket::Responsible
// on, the first owner change by someone other than admin also makes the
// new owner responsible while the responsible is still admin
// (Kernel/System/Ticket/Event/ResponsibleAutoSet.pm, event
// TicketOwnerUpdate, Ticket::ResponsibleAutoSet 1 by default;
// real2/znuny65/db/41 rows 269-270); handing it to admin changes nothing
// (TicketResponsibleSet, Kernel/System/Ticket.pm:5074-5083).
func (s *Store) SetOwner(t *Ticket, owner, by int) {
	t.OwnerID = owner
	s.AddHistory(t, 0, "OwnerUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.AgentLogin(owner), owner), by)
	if s.Setting("Ticket::Responsible") == "1" && t.ResponsibleID == 1 && by != 1 && owner != 1 {
		t.ResponsibleID = owner
		s.AddHistory(t, 0, "ResponsibleUpdate", fmt.Sprintf("%%%%%s%%%%%d", s.AgentLogin(owner), owner), by)
	}
}

// DefaultTypeID is the type OTRS's TicketCreate gives a ticket created
// without one: Ticket::Type::Default when that type exists, else 1
// (Kernel/System/Ticket.pm:429-443). GI reaches it only with types off.
func (s *Store) DefaultTypeID() int {
	if it := ItemByName(s.Types, s.Setting("Ticket::Type::Default")); it != nil && it.ValidID == 1 {
		return it.ID
	}
	return 1
}

// AgentNotification is the notification event OTRS's ArticleCreate
// raises for an article (Kernel/System/Ticket/Article/Backend/MIMEBase.pm:
// 600-700 of Znuny 6.5.4): none with NoAgentNotify (601); NotificationNewTicket for the first
// article with one of five history types; NotificationAddNote and
// NotificationFollowUp for those types. A ticket created with GI's
// default history type NewTicket notifies nobody (issue 11 point 12).
func AgentNotification(first bool, histType string, noAgentNotify bool) string {
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

// SetLock changes the lock with OTRS's history: Lock (and a reset of the
// unlock time) or Unlock, with OTOBO's owner reset where
// Ticket::OwnerResetOnUnlock is on; an unchanged lock writes nothing
// (Kernel/System/Ticket.pm TicketLockSet; real2 histories: "Lock %%lock",
// "Misc Reset of unlock time.").
func (s *Store) SetLock(t *Ticket, lock, by int) {
	if lock == t.LockID {
		return
	}
	t.LockID = lock
	name := ItemName(s.Locks, lock)
	if name == "unlock" {
		if s.Setting("Ticket::OwnerResetOnUnlock") == "1" && t.OwnerID != 1 {
			// OTOBO's TicketLockSet gives the ticket to root in the
			// same UPDATE, with a plain history text and no
			// TicketOwnerUpdate event, so the responsible stays
			// (real2/otobo11/42, 42b, 43b; db/41 rows 202-203, 207-208).
			s.AddHistory(t, 0, "OwnerUpdate", "Reset owner to root@localhost.", by)
			t.OwnerID = 1
		}
		s.AddHistory(t, 0, "Unlock", "%%unlock", by)
		return
	}
	s.AddHistory(t, 0, "Lock", "%%"+name, by)
	s.ResetUnlockTime(t, by)
}

// ResetUnlockTime restarts the unlock timeout; like OTRS it writes
// history only when the stored value really changes (agent articles and
// locks within one second reset it once).
func (s *Store) ResetUnlockTime(t *Ticket, by int) {
	if now := s.Now().Unix(); t.UnlockTimeout != now {
		t.UnlockTimeout = now
		s.AddHistory(t, 0, "Misc", "Reset of unlock time.", by)
	}
}

package api_test

import (
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
)

// TestWritesFailingPartWay: OTRS fails one step part-way through a write
// (a database error, an unreadable article storage), arranged with the
// fake's Store.FailNext; the fake then answers as OTRS's code does after
// that step (store/fault.go). Each golden holds what the client is told
// beside what OTRS holds afterwards, so nothing half-written is hidden:
// a ticket created unlocked, a state changed but still locked, an owner
// changed without the lock.
func TestWritesFailingPartWay(t *testing.T) {
	for _, tc := range []struct {
		name, agent, path string
		fail              map[fakeotrs.Step]int
		params            map[string]any
	}{
		// TicketCreate ignores a failed lock and answers success; the
		// read-back finds the ticket unlocked.
		{"createTicket-lock-fails", "", "/tickets/createTicket", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 1},
			map[string]any{"Title": "Printer jams", "QueueID": 5, "PriorityID": 3, "Body": "It jams."}},
		{"createTicket-pending-and-time-fail", "", "/tickets/createTicket",
			map[fakeotrs.Step]int{fakeotrs.StepPendingTimeSet: 1, fakeotrs.StepAccountTime: 1},
			map[string]any{"Title": "Call back", "QueueID": 5, "PriorityID": 3, "Body": "b", "StateID": 6, "UntilTimeDateUnix": 1796198400, "Estimated": 1.5}},
		{"createArticle-time-fails", "", "/tickets/createArticle", map[fakeotrs.Step]int{fakeotrs.StepAccountTime: 1},
			map[string]any{"TicketID": 2, "Subject": "Worked on it", "Body": "b", "ArticleType": "Internal", "SenderType": "agent", "Estimated": 2}},
		// The note with the file is stored; reading its file back fails.
		{"createAttachment-file-unreadable", "", "/tickets/createAttachment", map[fakeotrs.Step]int{fakeotrs.StepAttachmentIndex: -1},
			map[string]any{"TicketID": 2, "File": file("aGVsbG8=", "text/plain", "hello.txt")}},
		{"updateTitle-otrs-fails", "", "/tickets/updateTitle", map[fakeotrs.Step]int{fakeotrs.StepTitleUpdate: 1},
			map[string]any{"TicketID": 2, "Title": "Mail server down again"}},
		// Ticket 10 is locked by agent.full: the state changes, and both
		// TicketUpdate's own unlock on close (its result ignored,
		// TicketUpdate.pm:1736-1745) and the proxy's unlock fail.
		{"updateState-unlock-fails", "", "/tickets/updateState", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 2},
			map[string]any{"TicketID": 10, "State": "closed successful"}},
		// Ticket 2 is agent.full's and unlocked: the owner changes, the
		// lock for the new owner fails.
		{"updateOwner-lock-fails", "", "/tickets/updateOwner", map[fakeotrs.Step]int{fakeotrs.StepLockSet: 1},
			map[string]any{"TicketID": 2, "NewUser": "root@localhost"}},
		// root locks agent.full's ticket 2; making root the owner fails.
		{"updateLock-owner-fails", "root@localhost", "/tickets/updateLock", map[fakeotrs.Step]int{fakeotrs.StepOwnerSet: 1},
			map[string]any{"TicketID": 2, "Lock": "lock"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runWriteCase(t, writeCase{tc.name, tc.agent, tc.path, tc.params}, func(s *fakeotrs.Store) {
				for step, n := range tc.fail {
					s.FailNext(step, n)
				}
			})
		})
	}
}

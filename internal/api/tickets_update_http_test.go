package api_test

import "testing"

// Tickets of the demo data the update tests use: 2 (Support, open, owner
// agent.full, unlocked, service 2), 10 (Support::Level2, locked by
// agent.full), 9 (Restricted: agent.full has no permission there).

func TestUpdateSingleFields(t *testing.T) {
	runWriteCases(t, []writeCase{
		{"updateTitle-ok", "", "/tickets/updateTitle", map[string]any{"TicketID": 2, "Title": "Mail server down again"}},
		{"updateTitle-missing", "", "/tickets/updateTitle", map[string]any{"TicketID": 2}},
		{"updateTitle-no-ticket", "", "/tickets/updateTitle", map[string]any{"TicketID": 999, "Title": "x"}},
		{"updateTitle-no-permission", "", "/tickets/updateTitle", map[string]any{"TicketID": 9, "Title": "x"}},

		{"updateQueue-by-name", "", "/tickets/updateQueue", map[string]any{"TicketID": 2, "Queue": "Sales"}},
		{"updateQueue-by-id", "", "/tickets/updateQueue", map[string]any{"TicketID": 2, "QueueID": 6}},
		{"updateQueue-missing", "", "/tickets/updateQueue", map[string]any{"TicketID": 2}},
		{"updateQueue-target-no-move-into", "", "/tickets/updateQueue", map[string]any{"TicketID": 2, "QueueID": 8}},
		// updateQueue's two ownership messages (writes.moveOwnerRule):
		// ticket 10 is locked by agent.full, ticket 2 is agent.full's
		// but unlocked.
		{"updateQueue-locked-by-other", "root@localhost", "/tickets/updateQueue", map[string]any{"TicketID": 10, "QueueID": 5}},
		{"updateQueue-not-owner", "root@localhost", "/tickets/updateQueue", map[string]any{"TicketID": 2, "QueueID": 7}},
		{"updateQueue-unknown", "", "/tickets/updateQueue", map[string]any{"TicketID": 2, "Queue": "Nowhere"}},
		{"updateQueue-no-ticket", "", "/tickets/updateQueue", map[string]any{"TicketID": 999, "QueueID": 5}},

		{"updateType-by-name", "", "/tickets/updateType", map[string]any{"TicketID": 2, "Type": "Problem"}},
		{"updateType-by-id", "", "/tickets/updateType", map[string]any{"TicketID": 2, "TypeID": 3}},
		{"updateType-unknown", "", "/tickets/updateType", map[string]any{"TicketID": 2, "TypeID": 99}},
		{"updateType-missing", "", "/tickets/updateType", nil},

		{"updateService-ok", "", "/tickets/updateService", map[string]any{"TicketID": 2, "Service": "IT Services::Network"}},
		{"updateService-unknown", "", "/tickets/updateService", map[string]any{"TicketID": 2, "ServiceID": 99}},
		{"updateService-no-ticket", "", "/tickets/updateService", map[string]any{"TicketID": 999, "ServiceID": 1}},

		{"updateSLA-ok", "", "/tickets/updateSLA", map[string]any{"TicketID": 2, "SLA": "Silver"}},
		{"updateSLA-not-for-service", "", "/tickets/updateSLA", map[string]any{"TicketID": 2, "SLAID": 3}},
		{"updateSLA-unknown", "", "/tickets/updateSLA", map[string]any{"TicketID": 2, "SLA": "Platinum"}},

		{"updateState-closed-unlocks", "", "/tickets/updateState", map[string]any{"TicketID": 10, "State": "closed successful"}},
		{"updateState-open-by-id", "", "/tickets/updateState", map[string]any{"TicketID": 3, "StateID": 4}},
		{"updateState-not-owner", "root@localhost", "/tickets/updateState", map[string]any{"TicketID": 10, "StateID": 4}},
		{"updateState-pending-without-time", "", "/tickets/updateState", map[string]any{"TicketID": 2, "StateID": 6}},
		{"updateState-unknown", "", "/tickets/updateState", map[string]any{"TicketID": 2, "State": "frozen"}},
		{"updateState-missing", "", "/tickets/updateState", map[string]any{"State": "open"}},

		{"updatePriority-ok", "", "/tickets/updatePriority", map[string]any{"TicketID": 2, "Priority": "5 very high"}},
		{"updatePriority-not-owner", "root@localhost", "/tickets/updatePriority", map[string]any{"TicketID": 10, "PriorityID": 1}},
		{"updatePriority-unknown", "", "/tickets/updatePriority", map[string]any{"TicketID": 2, "PriorityID": 99}},

		{"updateOwner-ok-locks-for-new-owner", "", "/tickets/updateOwner", map[string]any{"TicketID": 2, "NewUser": "root@localhost"}},
		{"updateOwner-already-owner", "", "/tickets/updateOwner", map[string]any{"TicketID": 2, "NewUserID": 2}},
		{"updateOwner-must-be-owner", "root@localhost", "/tickets/updateOwner", map[string]any{"TicketID": 10, "NewUserID": 1}},
		{"updateOwner-ticketedit", "root@localhost", "/tickets/updateOwner", map[string]any{"TicketID": 10, "NewUserID": 1, "Rule": "TicketEdit"}},
		{"updateOwner-unknown-user", "", "/tickets/updateOwner", map[string]any{"TicketID": 2, "NewUser": "nobody"}},
		{"updateOwner-missing", "", "/tickets/updateOwner", map[string]any{"TicketID": 2}},

		{"updateResponsible-by-login", "", "/tickets/updateResponsible", map[string]any{"TicketID": 2, "NewUser": "agent.full"}},
		{"updateResponsible-unknown", "", "/tickets/updateResponsible", map[string]any{"TicketID": 2, "NewUserID": 99}},

		{"updateLock-lock-makes-owner", "root@localhost", "/tickets/updateLock", map[string]any{"TicketID": 2, "Lock": "lock"}},
		{"updateLock-unlock-by-owner", "", "/tickets/updateLock", map[string]any{"TicketID": 10, "LockID": 1}},
		{"updateLock-bad-lock", "", "/tickets/updateLock", map[string]any{"TicketID": 2, "Lock": "bolted"}},
		{"updateLock-missing", "", "/tickets/updateLock", map[string]any{"TicketID": 2}},
		{"updateLock-no-ticket", "", "/tickets/updateLock", map[string]any{"TicketID": 999, "Lock": "lock"}},

		{"updatePendingTime-components-agent-zone", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 2, "Year": 2026, "Month": 7, "Day": 1, "Hour": 12, "Minute": 15}},
		{"updatePendingTime-unix", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 2, "UntilTimeDateUnix": "1796198400"}},
		{"updatePendingTime-invalid", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 2, "Year": 2026, "Month": 13, "Day": 1, "Hour": 12, "Minute": 15}},
		{"updatePendingTime-missing", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 2, "Year": 2026}},

		{"updateCustomer-ok", "", "/tickets/updateCustomer", map[string]any{"TicketID": 2, "CustomerID": "globex", "CustomerUserID": "bwayne"}},
		{"updateCustomer-missing", "", "/tickets/updateCustomer", map[string]any{"TicketID": 2, "CustomerID": "globex"}},
		{"updateCustomer-unknown-user", "", "/tickets/updateCustomer", map[string]any{"TicketID": 2, "CustomerID": "globex", "CustomerUserID": "ghost"}},

		// Every update method answers No ticket and No permission (contract errors), each of them reached.
		{"updateCustomer-no-ticket", "", "/tickets/updateCustomer", map[string]any{"TicketID": 999, "CustomerID": "globex", "CustomerUserID": "bwayne"}},
		{"updateCustomer-no-permission", "", "/tickets/updateCustomer", map[string]any{"TicketID": 9, "CustomerID": "globex", "CustomerUserID": "bwayne"}},
		{"updateLock-no-permission", "", "/tickets/updateLock", map[string]any{"TicketID": 9, "Lock": "lock"}},
		{"updateOwner-no-ticket", "", "/tickets/updateOwner", map[string]any{"TicketID": 999, "NewUserID": 1}},
		{"updateOwner-no-permission", "", "/tickets/updateOwner", map[string]any{"TicketID": 9, "NewUserID": 1}},
		{"updatePendingTime-no-ticket", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 999, "UntilTimeDateUnix": "1796198400"}},
		{"updatePendingTime-no-permission", "", "/tickets/updatePendingTime", map[string]any{"TicketID": 9, "UntilTimeDateUnix": "1796198400"}},
		{"updatePriority-no-ticket", "", "/tickets/updatePriority", map[string]any{"TicketID": 999, "PriorityID": 1}},
		{"updatePriority-no-permission", "", "/tickets/updatePriority", map[string]any{"TicketID": 9, "PriorityID": 1}},
		{"updateResponsible-no-ticket", "", "/tickets/updateResponsible", map[string]any{"TicketID": 999, "NewUserID": 1}},
		{"updateResponsible-no-permission", "", "/tickets/updateResponsible", map[string]any{"TicketID": 9, "NewUserID": 1}},
		{"updateService-no-permission", "", "/tickets/updateService", map[string]any{"TicketID": 9, "ServiceID": 1}},
		{"updateSLA-no-ticket", "", "/tickets/updateSLA", map[string]any{"TicketID": 999, "SLAID": 1}},
		{"updateSLA-no-permission", "", "/tickets/updateSLA", map[string]any{"TicketID": 9, "SLAID": 1}},
		{"updateState-no-ticket", "", "/tickets/updateState", map[string]any{"TicketID": 999, "StateID": 4}},
		{"updateState-no-permission", "", "/tickets/updateState", map[string]any{"TicketID": 9, "StateID": 4}},
		{"updateType-no-ticket", "", "/tickets/updateType", map[string]any{"TicketID": 999, "TypeID": 3}},
		{"updateType-no-permission", "", "/tickets/updateType", map[string]any{"TicketID": 9, "TypeID": 3}},
	})
}

func TestUpdateTicket(t *testing.T) {
	runWriteCases(t, []writeCase{
		{"updateTicket-lock-then-state-owner-priority", "", "/tickets/updateTicket", map[string]any{
			"TicketID": 2, "Lock": "lock", "Title": "Mail server", "State": "pending reminder",
			"Year": 2026, "Month": 12, "Day": 24, "Hour": 9, "Minute": 0, "Priority": "5 very high",
			"NewResponsibleUserID": 1, "DynamicFields": map[string]any{"Severity": "Low"},
			"Type": "Incident", "ServiceID": 4, "SLA": "Silver", "CustomerUserID": "asmith",
		}},
		{"updateTicket-state-needs-lock", "", "/tickets/updateTicket", map[string]any{"TicketID": 2, "StateID": 4, "Title": "t"}},
		{"updateTicket-closed-unlocks", "", "/tickets/updateTicket", map[string]any{"TicketID": 10, "State": "closed successful"}},
		{"updateTicket-owner-hands-over", "", "/tickets/updateTicket", map[string]any{"TicketID": 10, "NewOwner": "root@localhost"}},
		{"updateTicket-owner-ticketedit", "root@localhost", "/tickets/updateTicket", map[string]any{"TicketID": 2, "NewOwnerID": 1, "Rule": "TicketEdit"}},
		{"updateTicket-some-fail", "", "/tickets/updateTicket", map[string]any{"TicketID": 2, "Title": "ok", "SLAID": 3, "QueueID": 8, "ArchiveFlag": "y"}},
		{"updateTicket-pending-time-alone", "", "/tickets/updateTicket", map[string]any{"TicketID": 7, "UntilTimeDateUnix": 1796198400}},
		{"updateTicket-pass-some-fields", "", "/tickets/updateTicket", map[string]any{"TicketID": 2}},
		{"updateTicket-missing", "", "/tickets/updateTicket", map[string]any{"Title": "x"}},
		{"updateTicket-no-ticket", "", "/tickets/updateTicket", map[string]any{"TicketID": 999, "Title": "x"}},
		{"updateTicket-no-permission-lists-all", "", "/tickets/updateTicket", map[string]any{"TicketID": 9, "Title": "x", "PriorityID": 1}},
	})
}

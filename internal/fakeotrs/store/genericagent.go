package store

import (
	"fmt"
	"slices"
	"strings"
)

// The fake's GenericAgent: event-based jobs as an admin saves them in
// AdminGenericAgent, reduced to what the archive set-up of the README
// uses. Sources (Znuny 6.5.4 = Z, OTRS 6.0.41 = O; the same behaviour):
//   - Ticket::EventModulePost###9700-GenericAgent runs every valid job
//     whose event list holds the event, once per ticket and event, as
//     UserID 1, limited to the triggering ticket (OnlyTicketID)
//     (Kernel/System/Ticket/Event/GenericAgent.pm l.56-84);
//   - the job's ticket selection still applies, a dynamic field filter
//     as DynamicField_<Name> Equals, and its archive search option as
//     ArchiveFlags (GenericAgent.pm l.244-303, l.258-263);
//   - "set new archive flag" only with Ticket::ArchiveSystem on
//     (GenericAgent.pm Z l.1433-1447, O l.1440-1454), and
//     TicketArchiveFlagSet writes history ArchiveFlagUpdate
//     (Kernel/System/Ticket.pm Z l.4296-4403);
//   - a job sets a dynamic field to empty only when the field allows
//     none (PossibleNone) (GenericAgent.pm Z l.1328-1378), and the event
//     that change fires does not run the jobs again (the handler's loop
//     protection, Event/GenericAgent.pm l.56-59).
//
// Tried on a real Znuny 6.5.4 with the README's set-up: each request wrote
// the agent's field change, the job's clearing and ArchiveFlagUpdate %%y
// (both by user 1), in that order, and the flag was already set when
// TicketUpdate's answer arrived (10 of 10 runs).

// GenericAgentJob is one event-based GenericAgent job.
type GenericAgentJob struct {
	Name string
	// Events are the job's triggers, e.g. TicketDynamicFieldUpdate_X.
	Events []string
	// DynamicField selects tickets whose field has exactly this value.
	DynamicField map[string]string
	// SearchInArchive is AllTickets, ArchivedTickets or "" (not archived).
	SearchInArchive string
	// NewArchiveFlag is y, n or "" (leave it).
	NewArchiveFlag string
	// NewDynamicField sets fields; "" clears a field that allows none.
	NewDynamicField map[string]string
}

// ArchiveField is the ticket dynamic field of the demo's archive set-up.
const ArchiveField = "RS4ArchiveRequest"

// SetUpArchiving does what README "Archiving tickets" asks of an admin:
// Ticket::ArchiveSystem on, a Dropdown field with the values archive and
// restore that allows none, and two event-based jobs that set the flag
// and clear the field. The caller holds Mu (or the store is not served
// yet).
func (s *Store) SetUpArchiving() {
	s.SysConfig["Ticket::ArchiveSystem"] = "1"
	if s.DynamicField(ArchiveField) == nil {
		id := 0
		for _, f := range s.DynamicFields {
			id = max(id, f.ID)
		}
		s.DynamicFields = append(s.DynamicFields, &DynamicField{ID: id + 1, Name: ArchiveField, Label: "Archive request",
			FieldOrder: id + 1, FieldType: "Dropdown", ObjectType: "Ticket", ValidID: 1,
			Config: map[string]any{"PossibleValues": map[string]any{"archive": "archive", "restore": "restore"},
				"DefaultValue": "", "PossibleNone": "1", "TranslatableValues": "0"}})
	}
	event := []string{"TicketDynamicFieldUpdate_" + ArchiveField}
	clear := map[string]string{ArchiveField: ""}
	s.GenericAgentJobs = append(s.GenericAgentJobs,
		&GenericAgentJob{Name: "RS4 archive", Events: event, DynamicField: map[string]string{ArchiveField: "archive"},
			SearchInArchive: "AllTickets", NewArchiveFlag: "y", NewDynamicField: clear},
		&GenericAgentJob{Name: "RS4 restore", Events: event, DynamicField: map[string]string{ArchiveField: "restore"},
			SearchInArchive: "AllTickets", NewArchiveFlag: "n", NewDynamicField: clear},
	)
}

// RunEventJobs runs the jobs that event triggers on t, as OTRS does at
// the end of the request that changed t. The caller holds Mu.
func (s *Store) RunEventJobs(t *Ticket, event string) {
	for _, job := range s.GenericAgentJobs {
		if !slices.Contains(job.Events, event) || !job.selects(t) {
			continue
		}
		for name, v := range job.NewDynamicField {
			field := s.DynamicField(name)
			if field == nil || (v == "" && field.Config["PossibleNone"] != "1") {
				continue
			}
			old := DFHistoryValue(t.DynamicFields[name])
			if old == v {
				continue
			}
			if v == "" {
				delete(t.DynamicFields, name)
			} else {
				t.DynamicFields[name] = v
			}
			s.AddHistory(t, 0, "TicketDynamicFieldUpdate",
				fmt.Sprintf("%%%%FieldName%%%%%s%%%%Value%%%%%s%%%%OldValue%%%%%s", name, v, old), 1)
		}
		// After the fields, as GenericAgent.pm applies them (Z l.1328 < l.1433);
		// a real Znuny wrote the rows in this order too.
		if f := job.NewArchiveFlag; f != "" && s.Setting("Ticket::ArchiveSystem") == "1" && t.ArchiveFlag != (f == "y") {
			t.ArchiveFlag = f == "y"
			s.AddHistory(t, 0, "ArchiveFlagUpdate", "%%"+f, 1)
			if t.ArchiveFlag {
				// Ticket::ArchiveSystem::RemoveSeenFlags and
				// ::RemoveTicketWatchers default to 1 (Ticket.pm Z
				// l.4296-4403): archiving forgets who saw and watched.
				t.SeenBy = map[int]bool{}
				for _, a := range t.Articles {
					a.SeenBy = map[int]bool{}
				}
				t.Watchers = nil
			}
		}
	}
}

func (job *GenericAgentJob) selects(t *Ticket) bool {
	switch job.SearchInArchive {
	case "AllTickets":
	case "ArchivedTickets":
		if !t.ArchiveFlag {
			return false
		}
	default:
		if t.ArchiveFlag {
			return false
		}
	}
	for name, want := range job.DynamicField {
		if v, _ := t.DynamicFields[name].(string); v != want {
			return false
		}
	}
	return true
}

// DFHistoryValue is a dynamic field value as the history row names it.
func DFHistoryValue(v any) string {
	switch x := v.(type) {
	case []string:
		return strings.Join(x, ",")
	case string:
		return strings.TrimSuffix(x, " 00:00:00")
	}
	return ""
}

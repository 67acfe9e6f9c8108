package store

// asOTRS60 renumbers the seed as OTRS CE 6.0.41 (and OTOBO 11.0.6,
// real2/otobo11/db/12-groups_table.txt and 19-dynamic_field.txt) numbers it (real2 README,
// "Differences observed" 1 and 2; real2/otrs60/db/12-groups.txt and
// 19-dynamic_field.txt). Everything that refers to a group or field by id
// is renumbered with it, so permissions and queues keep their meaning.
func (s *Store) asOTRS60() {
	// OTRS 6 ships no timeaccounting_webservice group (Znuny's id 4), so
	// the groups after it move down by one: 5 support -> 4, 6 sales -> 5,
	// 7 restricted -> 6 (and the seed's invalid 8 retired -> 7).
	gid := func(id int) int {
		if id > 4 {
			return id - 1
		}
		return id
	}
	regroup := func(perms map[int][]string) map[int][]string {
		out := make(map[int][]string, len(perms))
		for id, keys := range perms {
			if id == 4 {
				continue
			}
			out[gid(id)] = keys
		}
		return out
	}
	var groups []*Group
	for _, g := range s.Groups {
		if g.ID == 4 {
			continue
		}
		g.ID = gid(g.ID)
		groups = append(groups, g)
	}
	s.Groups = groups
	for _, q := range s.Queues {
		q.GroupID = gid(q.GroupID)
	}
	for _, a := range s.Agents {
		a.Perms = regroup(a.Perms)
	}
	for _, r := range s.Roles {
		r.Perms = regroup(r.Perms)
	}

	// OTRS 6 has two internal fields, not Znuny's five, so the seed's
	// fields are 3-7 (Znuny 6-10), with OTRS 6's field orders. Values are
	// kept by field name, so tickets need no change.
	otrs6 := map[string]struct{ id, order int }{
		"ProcessManagementProcessID": {1, 1}, "ProcessManagementActivityID": {2, 1},
		"ProductCode": {3, 100}, "Severity": {4, 101}, "Components": {5, 102}, "DueDate": {6, 103}, "ArticleTag": {7, 104},
	}
	var fields []*DynamicField
	for _, f := range s.DynamicFields {
		n, ok := otrs6[f.Name]
		if !ok {
			continue // ProcessManagementAttachment, TicketCalendar*: Znuny only
		}
		f.ID, f.FieldOrder = n.id, n.order
		fields = append(fields, f)
	}
	s.DynamicFields = fields
}

// PriorityColors are the colours of the shipped priorities on OTRS 6
// (scripts/database/otrs-initial_insert.xml:679-719 at OTRS CE v6.0.41;
// real2/otrs60/db/07-ticket_priority.txt), which TicketGet adds as
// PriorityColor (Kernel/System/Ticket.pm:1363; real2/otrs60/05).
var PriorityColors = map[int]string{1: "#03c4f0", 2: "#83bfc8", 3: "#cdcdcd", 4: "#ffaaaa", 5: "#ff505e"}

package store

import (
	"encoding/base64"
	"fmt"
	"time"
)

// SeedTime is the fake's frozen "now": the moment the recordings in
// internal/otrs/recordings/data were made.
var SeedTime = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// Demo agent credentials, valid only in the fake OTRS.
const (
	DemoLogin    = "demo"
	DemoPassword = "demo"
)

// pngDot is the 4x4 PNG of the recordings (error-dialog.png, 73 bytes).
var pngDot, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGP4z8AARwzEcQCukw/x0F8jngAAAABJRU5ErkJggg==")

// NewStore returns the demo data set: the one seeded for the recordings
// (agents with full, read-only and role-granted rights, nested queues,
// services with SLAs, customers, dynamic fields, tickets with attachments
// and HTML bodies) plus the agent demo/demo with full rights.
func NewStore() *Store {
	t0 := SeedTime.Add(-15 * time.Minute)
	s := &Store{
		Now:       func() time.Time { return SeedTime },
		Product:   Znuny65,
		SysConfig: defaultSysConfig(),
		Sessions:  map[string]*Session{},
	}
	all := []string{"rw"}
	s.Groups = []*Group{
		{1, "users", 1}, {2, "admin", 1}, {3, "stats", 1}, {4, "timeaccounting_webservice", 1},
		{5, "support", 1}, {6, "sales", 1}, {7, "restricted", 1}, {8, "retired", 2},
	}
	s.Roles = []*Role{{ID: 1, Name: "Sales Team", ValidID: 1, Perms: map[int][]string{6: {"ro"}}}}
	s.Agents = []*Agent{
		{ID: 1, Login: "root@localhost", Password: "RootPass123!", FirstName: "Admin", LastName: "OTRS", Email: "root@localhost", ValidID: 1,
			Perms: map[int][]string{1: all, 2: all, 3: all, 5: all, 6: all, 7: all}, Language: "en", TimeZone: "UTC", CreateTime: t0},
		{ID: 2, Login: "agent.full", Password: "AgentFull123!", FirstName: "Fiona", LastName: "Full", Email: "agent.full@helpdesk.example", ValidID: 1,
			Perms: map[int][]string{1: all, 5: all, 6: all}, RoleIDs: []int{1}, Language: "en", TimeZone: "Europe/Berlin",
			PersonalQueues: []int{5, 6}, PersonalServices: []int{2, 4}, CreateTime: t0},
		{ID: 3, Login: "agent.ro", Password: "AgentRo123!", FirstName: "Roland", LastName: "Readonly", Email: "agent.ro@helpdesk.example", ValidID: 1,
			Perms: map[int][]string{5: {"ro", "note"}, 8: all}, Language: "de", TimeZone: "UTC", PersonalQueues: []int{5}, CreateTime: t0},
		{ID: 4, Login: DemoLogin, Password: DemoPassword, FirstName: "Demo", LastName: "Agent", Email: "demo@helpdesk.example", ValidID: 1,
			Perms: map[int][]string{1: all, 2: all, 3: all, 5: all, 6: all, 7: all}, Language: "en", TimeZone: "UTC",
			PersonalQueues: []int{5, 6, 7}, CreateTime: t0},
	}
	s.Queues = []*Queue{
		{1, "Postmaster", 1, 1, "Postmaster queue."}, {2, "Raw", 1, 1, "All default incoming tickets."},
		{3, "Junk", 1, 1, "All junk tickets."}, {4, "Misc", 1, 1, "All misc tickets."},
		{5, "Support", 5, 1, "First level support"}, {6, "Support::Level2", 5, 1, "Second level support"},
		{7, "Sales", 6, 1, ""}, {8, "Restricted", 7, 1, "No agent except admin has access"},
	}
	def := []string{"<DEFAULT>"}
	s.Services = []*Service{
		{1, "IT Services", 1, "Top level", def}, {2, "IT Services::Email", 1, "", def}, {3, "IT Services::Network", 1, "", def},
		{4, "IT Services::Network::VPN", 1, "", def}, {5, "Facility", 1, "", def},
	}
	s.SLAs = []*SLA{{1, "Gold", 1, []int{1, 2, 3}}, {2, "Silver", 1, []int{2, 4}}, {3, "Facility Basic", 1, []int{5}}}
	s.Types = []*NamedItem{{1, "Unclassified", 1}, {2, "Incident", 1}, {3, "Service Request", 1}, {4, "Problem", 1}}
	s.StateTypes = []*NamedItem{{1, "new", 1}, {2, "open", 1}, {3, "closed", 1}, {4, "pending reminder", 1},
		{5, "pending auto", 1}, {6, "removed", 1}, {7, "merged", 1}}
	s.States = []*State{{1, "new", 1, 1}, {2, "closed successful", 3, 1}, {3, "closed unsuccessful", 3, 1}, {4, "open", 2, 1},
		{5, "removed", 6, 1}, {6, "pending reminder", 4, 1}, {7, "pending auto close+", 5, 1}, {8, "pending auto close-", 5, 1}, {9, "merged", 7, 1}}
	s.Priorities = []*NamedItem{{1, "1 very low", 1}, {2, "2 low", 1}, {3, "3 normal", 1}, {4, "4 high", 1}, {5, "5 very high", 1}}
	s.Locks = []*NamedItem{{1, "unlock", 1}, {2, "lock", 1}, {3, "tmp_lock", 1}}
	s.CustomerCompanys = []*CustomerCompany{
		{CustomerID: "acme", Name: "ACME Corporation", City: "Springfield", Country: "USA", ValidID: 1},
		{CustomerID: "globex", Name: "Globex Inc.", City: "Cypress Creek", Country: "USA", ValidID: 1},
	}
	s.CustomerUsers = []*CustomerUser{
		{ID: 1, Login: "jdoe", Password: "CustPass123!", FirstName: "John", LastName: "Doe", Email: "jdoe@acme.example", CustomerID: "acme", ValidID: 1, CreateTime: t0},
		{ID: 2, Login: "asmith", Password: "CustPass123!", FirstName: "Alice", LastName: "Smith", Email: "asmith@acme.example", CustomerID: "acme", ValidID: 1, CreateTime: t0},
		{ID: 3, Login: "bwayne", Password: "CustPass123!", FirstName: "Bruce", LastName: "Wayne", Email: "bwayne@globex.example", CustomerID: "globex", ValidID: 1, CreateTime: t0},
	}
	s.DynamicFields = []*DynamicField{
		{ID: 1, Name: "ProcessManagementProcessID", Label: "Process", FieldOrder: 1, FieldType: "ProcessID", ObjectType: "Ticket", Internal: true, ValidID: 1, Config: map[string]any{}},
		{ID: 2, Name: "ProcessManagementActivityID", Label: "Activity", FieldOrder: 1, FieldType: "ActivityID", ObjectType: "Ticket", Internal: true, ValidID: 1, Config: map[string]any{}},
		{ID: 3, Name: "ProcessManagementAttachment", Label: "Attachment", FieldOrder: 1, FieldType: "TextArea", ObjectType: "Ticket", Internal: true, ValidID: 1, Config: map[string]any{}},
		{ID: 4, Name: "TicketCalendarStartTime", Label: "Ticket Calendar StartTime", FieldOrder: 1, FieldType: "DateTime", ObjectType: "Ticket", ValidID: 1, Config: map[string]any{"DefaultValue": "0"}},
		{ID: 5, Name: "TicketCalendarEndTime", Label: "Ticket Calendar EndTime", FieldOrder: 1, FieldType: "DateTime", ObjectType: "Ticket", ValidID: 1, Config: map[string]any{"DefaultValue": "0"}},
		{ID: 6, Name: "ProductCode", Label: "Product code", FieldOrder: 100, FieldType: "Text", ObjectType: "Ticket", ValidID: 1, Config: map[string]any{"DefaultValue": "", "Link": ""}},
		{ID: 7, Name: "Severity", Label: "Severity", FieldOrder: 101, FieldType: "Dropdown", ObjectType: "Ticket", ValidID: 1,
			Config: map[string]any{"PossibleValues": map[string]any{"low": "Low", "medium": "Medium", "high": "High"}, "DefaultValue": "", "PossibleNone": "1", "TranslatableValues": "0"}},
		{ID: 8, Name: "Components", Label: "Components", FieldOrder: 102, FieldType: "Multiselect", ObjectType: "Ticket", ValidID: 1,
			Config: map[string]any{"PossibleValues": map[string]any{"db": "Database", "web": "Web", "api": "API", "mail": "Mail"}, "DefaultValue": "", "PossibleNone": "0"}},
		{ID: 9, Name: "DueDate", Label: "Due date", FieldOrder: 103, FieldType: "Date", ObjectType: "Ticket", ValidID: 1, Config: map[string]any{"YearsInPast": "0", "YearsInFuture": "5"}},
		{ID: 10, Name: "ArticleTag", Label: "Article tag", FieldOrder: 104, FieldType: "Text", ObjectType: "Article", ValidID: 1, Config: map[string]any{"DefaultValue": ""}},
	}
	s.Languages = map[string]string{"en": "English (United States)", "de": "German", "fr": "French", "ru": "Russian", "uk": "Ukrainian"}
	s.seedTickets(t0)
	return s
}

// seedTNs are the recorded ticket numbers (OTRS's checksum makes them
// irregular).
var seedTNs = []string{1: "2021012710123456", 2: "2026112610000015", 3: "2026112610000024", 4: "2026112610000033",
	5: "2026112610000042", 6: "2026112610000051", 7: "2026112610000061", 8: "2026112610000079", 9: "2026112610000088",
	10: "2026112610000097", 11: "2026112610000104"}

type seedTicket struct {
	title, queue, state, customerUser string
	priority, owner, responsible      int
	typ, service, sla, lock           int
	df                                map[string]any
	html                              bool
	file                              *Attachment
}

func (s *Store) seedTickets(t0 time.Time) {
	seeds := []seedTicket{
		1:  {title: "Znuny says hi!", queue: "Raw", state: "new", priority: 3, owner: 1, responsible: 1, typ: 1},
		2:  {title: "Mail server not reachable", queue: "Support", state: "open", customerUser: "jdoe", priority: 4, owner: 2, responsible: 1, typ: 2, service: 2, sla: 1, df: map[string]any{"ProductCode": "MX-100", "Severity": "high", "Components": []string{"mail", "api"}, "DueDate": "2026-12-31 00:00:00"}},
		3:  {title: "VPN drops every 10 minutes", queue: "Support::Level2", state: "new", customerUser: "asmith", priority: 3, owner: 2, responsible: 1, typ: 2, service: 4, sla: 2, df: map[string]any{"Severity": "medium", "Components": []string{"web"}}},
		4:  {title: "Request new laptop", queue: "Sales", state: "closed successful", customerUser: "bwayne", priority: 2, owner: 2, responsible: 1, typ: 3},
		5:  {title: "Screenshot of error dialog", queue: "Support", state: "open", customerUser: "jdoe", priority: 3, owner: 2, responsible: 1, typ: 4, service: 1, sla: 1, df: map[string]any{"ProductCode": "APP-7"}, file: &Attachment{Filename: "error-dialog.png", ContentType: "image/png", Content: pngDot}},
		6:  {title: "HTML newsletter rendering broken", queue: "Support", state: "open", customerUser: "asmith", priority: 3, owner: 2, responsible: 1, typ: 2, html: true},
		7:  {title: "Invoice question", queue: "Sales", state: "pending reminder", customerUser: "bwayne", priority: 3, owner: 2, responsible: 1, typ: 3, file: &Attachment{Filename: "invoice-2026-001.pdf", ContentType: "application/pdf", Content: []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")}},
		8:  {title: "Door access card lost", queue: "Misc", state: "new", customerUser: "jdoe", priority: 3, owner: 1, responsible: 1, typ: 1, service: 5, sla: 3},
		9:  {title: "Confidential HR matter", queue: "Restricted", state: "open", customerUser: "asmith", priority: 4, owner: 1, responsible: 1, typ: 1},
		10: {title: "Database slow after upgrade", queue: "Support::Level2", state: "open", customerUser: "bwayne", priority: 4, owner: 2, responsible: 2, typ: 2, lock: 2, df: map[string]any{"Severity": "high", "Components": []string{"db"}}},
		11: {title: "Umlaut test: Größenänderung fehlgeschlagen", queue: "Postmaster", state: "closed unsuccessful", customerUser: "jdoe", priority: 2, owner: 2, responsible: 1, typ: 1},
	}
	for id := 1; id < len(seeds); id++ {
		sd := seeds[id]
		created := t0.Add(time.Duration(id) * time.Minute)
		t := &Ticket{
			ID: id, TN: seedTNs[id], Title: sd.title,
			QueueID: s.QueueByName(sd.queue).ID, StateID: s.StateByName(sd.state).ID, PriorityID: sd.priority,
			TypeID: sd.typ, ServiceID: sd.service, SLAID: sd.sla, LockID: 1,
			OwnerID: sd.owner, ResponsibleID: sd.responsible, CustomerUserID: sd.customerUser,
			Created: created, Changed: created.Add(2 * time.Second), CreateBy: 1, ChangeBy: sd.owner,
			DynamicFields: map[string]any{}, SeenBy: map[int]bool{}, UnlockTimeout: created.Unix(),
		}
		if sd.lock != 0 {
			t.LockID = sd.lock
		}
		if cu := s.CustomerUser(sd.customerUser); cu != nil {
			t.CustomerID = cu.CustomerID
		}
		for k, v := range sd.df {
			t.DynamicFields[k] = v
		}
		if sd.state == "pending reminder" {
			t.PendingUntil = time.Date(2026, 12, 24, 10, 0, 0, 0, time.UTC)
		}
		if id == 2 {
			// An overdue solution deadline and one ahead, for SmartSort.
			t.EscalationSolve = SeedTime.Add(-2 * time.Hour)
		}
		if id == 5 {
			t.EscalationSolve = SeedTime.Add(3 * time.Hour)
		}
		if id == 3 {
			t.Links = 1
		}
		s.seedArticles(t, sd, created)
		s.Tickets = append(s.Tickets, t)
		s.History = append(s.History, &HistoryEntry{TicketID: id, Type: "NewTicket", Name: fmt.Sprintf("%%%%%s%%%%%s%%%%%s%%%%%s%%%%%d", t.TN, sd.queue, s.Priorities[sd.priority-1].Name, sd.state, id), CreateBy: 1, Created: created})
	}
	s.Tickets[2].Watchers = []int{2} // ticket 3 (db/26-ticket_watcher.txt)
	s.NextTicketID = len(seeds)
	s.nextTN = 113
}

func (s *Store) seedArticles(t *Ticket, sd seedTicket, at time.Time) {
	cu := s.CustomerUser(sd.customerUser)
	from := "\"Znuny System\" <znuny@localhost>"
	if cu != nil {
		from = fmt.Sprintf("%q <%s>", cu.FirstName+" "+cu.LastName, cu.Email)
	}
	first := &Article{
		CommunicationChannelID: 1, SenderTypeID: 3, IsVisibleForCustomer: true, From: from, To: "support@helpdesk.example",
		Subject: t.Title, Body: fmt.Sprintf("Hello,\n\n%s.\n\nRegards", t.Title), ContentType: "text/plain; charset=utf-8",
		Created: at, CreateBy: 1, DynamicFields: map[string]any{"ArticleTag": fmt.Sprintf("seed-%d-first", t.ID)},
	}
	if sd.html {
		first.Body = "Hello,\n\nthe newsletter renders badly.\n\nRegards"
		first.Attachments = append(first.Attachments, &Attachment{
			Filename: "file-2", ContentType: `text/html; charset="utf-8"`, Disposition: "inline",
			Content: []byte("<html><body><p>Hello,</p><p>the <b>newsletter</b> renders badly.</p><p>Regards</p></body></html>"),
		})
	}
	if sd.file != nil {
		f := *sd.file
		f.Disposition = "attachment"
		first.Attachments = append(first.Attachments, &f)
	}
	agent := "Fiona Full <agent.full@helpdesk.example>"
	arts := []*Article{first,
		{CommunicationChannelID: 3, SenderTypeID: 1, From: agent, Subject: "Note: " + t.Title,
			Body: "Internal note. Checked logs, nothing obvious yet.", ContentType: "text/plain; charset=utf-8", Created: at.Add(time.Second), CreateBy: 2},
		{CommunicationChannelID: 2, SenderTypeID: 1, IsVisibleForCustomer: true, From: agent, To: from, Subject: "RE: " + t.Title,
			Body: "Called the customer back about: " + t.Title + ". Workaround explained.", ContentType: "text/plain; charset=utf-8", Created: at.Add(2 * time.Second), CreateBy: 2},
	}
	if t.ID%2 == 1 && cu != nil {
		arts = append(arts, &Article{CommunicationChannelID: 1, SenderTypeID: 3, IsVisibleForCustomer: true, From: from, To: "support@helpdesk.example",
			Subject: "RE: " + t.Title, Body: "Any news on this?", ContentType: "text/plain; charset=utf-8", Created: at.Add(3 * time.Second), CreateBy: 1})
	}
	for _, a := range arts {
		s.NextArticleID++
		a.ID = s.NextArticleID
		a.TicketID = t.ID
		if a.DynamicFields == nil {
			a.DynamicFields = map[string]any{}
		}
		a.SeenBy = map[int]bool{}
		for i, f := range a.Attachments {
			f.FileID = i + 1
		}
		t.Articles = append(t.Articles, a)
	}
}

func (s *Store) QueueByName(name string) *Queue {
	for _, q := range s.Queues {
		if q.Name == name {
			return q
		}
	}
	return nil
}

func (s *Store) StateByName(name string) *State {
	for _, st := range s.States {
		if st.Name == name {
			return st
		}
	}
	return nil
}

func (s *Store) CustomerUser(login string) *CustomerUser {
	for _, cu := range s.CustomerUsers {
		if cu.Login == login {
			return cu
		}
	}
	return nil
}

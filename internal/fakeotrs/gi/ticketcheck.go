package gi

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

// giFail is an operation error before the op name prefix is added.
type giFail struct{ kind, msg string }

func missing(msg string) *giFail { return &giFail{"MissingParameter", msg} }
func invalid(msg string) *giFail { return &giFail{"InvalidParameter", msg} }

// ticketValues are the resolved Ticket fields of a create or update; a
// zero id means "not given".
type ticketValues struct {
	title                                              *string
	queue, typ, service, sla, state, prio, owner, resp int
	lock                                               int
	customerUser, customerID                           *string
	pending                                            time.Time
	pendingIncomplete                                  bool
}

// resolveName resolves a Name/NameID pair of the Ticket hash: 0 when
// neither is given, -1 when the given one is unknown or invalid.
func resolveName(tk map[string]any, key string, byName func(string) int, byID func(int) bool) int {
	if v := giStr(tk[key+"ID"]); v != "" {
		id := giInt(v)
		if id == 0 || !byID(id) {
			return -1
		}
		return id
	}
	if v := giStr(tk[key]); v != "" {
		if id := byName(v); id > 0 {
			return id
		}
		return -1
	}
	return 0
}

// validLookups are resolveName's two lookups over a store table: a
// name finds the id of a valid row (0 for none), an id is known when its
// row is valid. idValid gives a row's ID and ValidID.
func validLookups[T any](byName func(string) *T, byID func(int) *T, idValid func(*T) (int, int)) (func(string) int, func(int) bool) {
	return func(n string) int {
			if r := byName(n); r != nil {
				if id, valid := idValid(r); valid == 1 {
					return id
				}
			}
			return 0
		}, func(id int) bool {
			r := byID(id)
			if r == nil {
				return false
			}
			_, valid := idValid(r)
			return valid == 1
		}
}

// resolveField is resolveName with OTRS's answers (TicketCreate.pm and
// TicketUpdate.pm, _CheckTicket): a value that resolves to no valid row is
// "Ticket-><Key>ID or Ticket-><Key> parameter is invalid!", none at all
// where required "… parameter is missing!".
func resolveField(tk map[string]any, key string, byName func(string) int, byID func(int) bool, required bool) (int, *giFail) {
	id := resolveName(tk, key, byName, byID)
	switch {
	case id < 0:
		return 0, invalid("Ticket->" + key + "ID or Ticket->" + key + " parameter is invalid!")
	case id == 0 && required:
		return 0, missing("Ticket->" + key + "ID or Ticket->" + key + " parameter is missing!")
	}
	return id, nil
}

// giCheckTicket validates and resolves the Ticket hash. create makes
// Title, Queue, State and Priority mandatory. t is the ticket being
// updated (nil on create).
func giCheckTicket(s *store.Store, tk map[string]any, create bool, u store.User, t *store.Ticket) (ticketValues, *giFail) {
	var v ticketValues
	named := func(items []*store.NamedItem) (func(string) int, func(int) bool) {
		return validLookups(func(n string) *store.NamedItem { return store.ItemByName(items, n) },
			func(id int) *store.NamedItem { return store.ItemByID(items, id) },
			func(it *store.NamedItem) (int, int) { return it.ID, it.ValidID })
	}
	if tv, ok := tk["Title"]; ok {
		title := giStr(tv)
		if title == "" && create {
			return v, missing("Ticket->Title parameter is missing!")
		}
		v.title = &title
	} else if create {
		return v, missing("Ticket->Title parameter is missing!")
	}
	if cu := giStr(tk["CustomerUser"]); cu != "" {
		if s.CustomerUser(cu) == nil && !strings.Contains(cu, "@") {
			return v, invalid("Ticket->CustomerUser parameter is invalid!")
		}
		v.customerUser = &cu
	} else if create && u.Agent != nil {
		return v, missing("Ticket->CustomerUser parameter is missing!")
	}
	if cid := giStr(tk["CustomerID"]); cid != "" {
		v.customerID = &cid
	}
	byName, byID := validLookups(s.QueueByName, s.QueueByID, func(q *store.Queue) (int, int) { return q.ID, q.ValidID })
	var fail *giFail
	if v.queue, fail = resolveField(tk, "Queue", byName, byID, create); fail != nil {
		return v, fail
	}
	byName, byID = named(s.Locks)
	if v.lock, fail = resolveField(tk, "Lock", byName, byID, false); fail != nil {
		return v, fail
	}
	byName, byID = named(s.Types)
	switch v.typ = resolveName(tk, "Type", byName, byID); {
	case v.typ == 0 && create && s.Setting("Ticket::Type") == "1":
		// GI does not apply Ticket::Type::Default when types are on
		// (TicketCreate.pm:761-774 of Znuny 6.5.4; real2/znuny65/01 and
		// real2/otrs60/01).
		return v, missing("Ticket->TypeID or Ticket->Type parameter is required by sysconfig option!")
	case v.typ < 0:
		return v, invalid("Ticket->TypeID or Ticket->Type parameter is invalid!")
	}
	byName, byID = validLookups(s.ServiceByName, s.ServiceByID, func(sv *store.Service) (int, int) { return sv.ID, sv.ValidID })
	if v.service, fail = resolveField(tk, "Service", byName, byID, false); fail != nil {
		return v, fail
	}
	byName, byID = validLookups(s.SLAByName, s.SLAByID, func(sl *store.SLA) (int, int) { return sl.ID, sl.ValidID })
	v.sla = resolveName(tk, "SLA", byName, byID)
	if v.sla != 0 {
		service := v.service
		if service == 0 && t != nil {
			service = t.ServiceID
		}
		sl := s.SLAByID(v.sla)
		if v.sla < 0 || service == 0 || !containsInt(sl.ServiceIDs, service) {
			return v, invalid("Ticket->SLAID or Ticket->SLA parameter is invalid!")
		}
	}
	byName, byID = validLookups(s.StateByName, s.StateByID, func(st *store.State) (int, int) { return st.ID, st.ValidID })
	if v.state, fail = resolveField(tk, "State", byName, byID, create); fail != nil {
		return v, fail
	}
	byName, byID = named(s.Priorities)
	if v.prio, fail = resolveField(tk, "Priority", byName, byID, create); fail != nil {
		return v, fail
	}
	agentName := func(n string) int {
		if a := s.AgentByLogin(n); a != nil && a.ValidID == 1 {
			return a.ID
		}
		return 0
	}
	agentID := func(id int) bool { a := s.AgentByID(id); return a != nil && a.ValidID == 1 }
	if v.owner, fail = resolveField(tk, "Owner", agentName, agentID, false); fail != nil {
		return v, fail
	}
	if v.resp, fail = resolveField(tk, "Responsible", agentName, agentID, false); fail != nil {
		return v, fail
	}
	if pt, ok := tk["PendingTime"]; ok {
		at, ok := pendingTime(s, giHash(pt))
		if !ok {
			return v, invalid("Ticket->PendingTime parameter is invalid!")
		}
		v.pending = at
		// TicketPendingTimeSet needs every component defined, zeros
		// included (Kernel/System/Ticket.pm:3944-3952); GI's own check
		// lets a missing one through (Common.pm:696-710).
		if _, diff := giHash(pt)["Diff"]; !diff {
			for _, k := range []string{"Year", "Month", "Day", "Hour", "Minute"} {
				if _, ok := giHash(pt)[k]; !ok {
					v.pendingIncomplete = true
				}
			}
		}
	}
	// Only TicketUpdate insists on a pending time for a pending state
	// (TicketUpdate.pm:1749-1773; real2/*/03); TicketCreate then just
	// leaves until_time alone (TicketCreate.pm:1488-1499).
	if !create && v.state > 0 && isPendingState(s, v.state) && v.pending.IsZero() {
		return v, &giFail{"MissingParameter", "Can't set a ticket on a pending state without pendig time!"}
	}
	return v, nil
}

// pendingTime reads {Year,Month,Day,Hour,Minute} or {Diff: minutes}.
func pendingTime(s *store.Store, pt map[string]any) (time.Time, bool) {
	if pt == nil {
		return time.Time{}, false
	}
	if d, ok := pt["Diff"]; ok {
		n := giInt(d)
		if n <= 0 {
			return time.Time{}, false
		}
		return s.Now().Add(time.Duration(n) * time.Minute).Truncate(time.Minute), true
	}
	y, mo, d := giInt(pt["Year"]), giInt(pt["Month"]), giInt(pt["Day"])
	h, mi := giInt(pt["Hour"]), giInt(pt["Minute"])
	if y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, 0, 0, time.UTC), true
}

var channelIDs = map[string]int{"Email": 1, "Phone": 2, "Internal": 3, "Chat": 4}

// giCheckArticle validates the Article hash and builds the article (not
// yet stored).
func giCheckArticle(s *store.Store, ar map[string]any, create bool, u store.User) (*store.Article, *giFail) {
	a := &store.Article{DynamicFields: map[string]any{}, SeenBy: map[int]bool{}}
	ch := giStr(ar["CommunicationChannel"])
	if id := giInt(ar["CommunicationChannelID"]); id > 0 {
		a.CommunicationChannelID = id
	} else if ch == "" {
		a.CommunicationChannelID = 1
	} else if a.CommunicationChannelID = channelIDs[ch]; a.CommunicationChannelID == 0 {
		return nil, invalid("Article->CommunicationChannel parameter is invalid!")
	}
	st := giStr(ar["SenderType"])
	if id := giInt(ar["SenderTypeID"]); id > 0 {
		st = senderTypeName(id)
	}
	if st == "" {
		st = "customer"
		if !create && u.Agent != nil {
			st = "agent"
		}
	}
	if a.SenderTypeID = senderTypeID(st); a.SenderTypeID == 0 {
		return nil, invalid("Article->SenderTypeID or Article->SenderType parameter is invalid!")
	}
	if v, ok := ar["IsVisibleForCustomer"]; ok && giStr(v) != "" {
		a.IsVisibleForCustomer = giTrue(v)
	} else {
		a.IsVisibleForCustomer = a.CommunicationChannelID != 3
	}
	a.Subject = giStr(ar["Subject"])
	if a.Subject == "" {
		return nil, missing("Article->Subject parameter is missing!")
	}
	a.Body = giStr(ar["Body"])
	if a.Body == "" {
		return nil, missing("Article->Body parameter is missing!")
	}
	a.ContentType = giStr(ar["ContentType"])
	if a.ContentType == "" {
		mime, cs := giStr(ar["MimeType"]), giStr(ar["Charset"])
		if mime == "" || cs == "" {
			return nil, missing("Article->ContentType or Article->MimeType and Article->Charset parameters are missing!")
		}
		a.ContentType = mime + "; charset=" + cs
	}
	a.From, a.To, a.Cc, a.ReplyTo = giStr(ar["From"]), giStr(ar["To"]), giStr(ar["Cc"]), giStr(ar["ReplyTo"])
	if tu := giStr(ar["TimeUnit"]); tu != "" {
		var f float64
		if _, err := fmt.Sscan(tu, &f); err != nil {
			return nil, invalid("Article->TimeUnit parameter is invalid!")
		}
		a.TimeUnit = f
	}
	// An HTML body is stored as plain text plus the HTML as file-2, as
	// OTRS does (gi/104).
	if mime, _ := splitContentType(a.ContentType); mime == "text/html" {
		html := a.Body
		a.Body = htmlToText(html)
		a.ContentType = "text/plain; charset=utf-8"
		a.Attachments = append(a.Attachments, &store.Attachment{
			Filename: "file-2", ContentType: `text/html; charset="utf-8"`, Disposition: "inline", Content: []byte(html),
		})
	}
	return a, nil
}

var (
	blockTag = regexp.MustCompile(`(?i)<(br\s*/?|/p|/div|/li|/h[1-6])>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)

func htmlToText(html string) string {
	txt := blockTag.ReplaceAllString(html, "\n")
	txt = anyTag.ReplaceAllString(txt, "")
	for _, r := range [][2]string{{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}, {"&nbsp;", " "}, {"&amp;", "&"}} {
		txt = strings.ReplaceAll(txt, r[0], r[1])
	}
	return "\n" + txt + "\n"
}

// giCheckAttachments reads Attachment entries (one object or a list).
func giCheckAttachments(v any) ([]*store.Attachment, *giFail) {
	var out []*store.Attachment
	for _, m := range giHashes(v) {
		for _, k := range []string{"Content", "ContentType", "Filename"} {
			if giStr(m[k]) == "" {
				return nil, missing("Attachment->" + k + " parameter is missing!")
			}
		}
		raw, err := base64.StdEncoding.DecodeString(giStr(m["Content"]))
		if err != nil {
			return nil, invalid("Attachment->Content parameter is invalid!")
		}
		disp := giStr(m["Disposition"])
		if disp == "" {
			disp = "attachment"
		}
		out = append(out, &store.Attachment{Filename: giStr(m["Filename"]), ContentType: giStr(m["ContentType"]), Disposition: disp, Content: raw})
	}
	return out, nil
}

// giArticleAttachments checks the request's Attachment entries, then the
// article's own, and returns them with the article's own first.
func giArticleAttachments(d giData, article map[string]any) ([]*store.Attachment, *giFail) {
	files, fail := giCheckAttachments(d["Attachment"])
	if fail != nil {
		return nil, fail
	}
	inner, fail := giCheckAttachments(article["Attachment"])
	if fail != nil {
		return nil, fail
	}
	return append(inner, files...), nil
}

// dfValue is a checked dynamic field assignment.
type dfValue struct {
	field *store.DynamicField
	value any // string or []string; "" or nil clears
}

// giCheckDynamicFields validates DynamicField (object or list of
// {Name,Value}) against the field definitions.
func giCheckDynamicFields(s *store.Store, v any) ([]dfValue, *giFail) {
	var out []dfValue
	for _, m := range giHashes(v) {
		name := giStr(m["Name"])
		if name == "" {
			return nil, missing("DynamicField->Name parameter is missing!")
		}
		df := s.DynamicField(name)
		if df == nil || df.ValidID != 1 || df.Internal {
			return nil, invalid("DynamicField->Name parameter is invalid!")
		}
		val, ok := dfInput(df, m["Value"])
		if !ok {
			return nil, invalid("DynamicField->Value parameter is invalid!")
		}
		out = append(out, dfValue{df, val})
	}
	return out, nil
}

var dateValue = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}( 00:00:00)?$`)

func dfInput(df *store.DynamicField, v any) (any, bool) {
	possible, _ := df.Config["PossibleValues"].(map[string]any)
	switch df.FieldType {
	case "Multiselect":
		vals := giList(v)
		var keep []string
		for _, x := range vals {
			if x == "" {
				continue
			}
			if _, ok := possible[x]; !ok {
				return nil, false
			}
			keep = append(keep, x)
		}
		return keep, true
	case "Dropdown":
		x := giStr(v)
		if _, ok := possible[x]; x != "" && !ok {
			return nil, false
		}
		return x, true
	case "Date":
		x := giStr(v)
		if x == "" {
			return x, true
		}
		if !dateValue.MatchString(x) {
			return nil, false
		}
		return x[:10] + " 00:00:00", true
	case "DateTime":
		x := giStr(v)
		if _, err := time.Parse("2006-01-02 15:04:05", x); x != "" && err != nil {
			return nil, false
		}
		return x, true
	}
	if _, isList := v.([]any); isList {
		return nil, false
	}
	return giStr(v), true
}

func containsInt(list []int, n int) bool {
	for _, e := range list {
		if e == n {
			return true
		}
	}
	return false
}

// isPendingState reports whether state id has a pending state type, as
// GI's /^pending/i test does (TicketUpdate.pm:1749, TicketCreate.pm:1489).
func isPendingState(s *store.Store, id int) bool {
	return strings.HasPrefix(s.StateTypeName(s.StateByID(id)), "pending")
}

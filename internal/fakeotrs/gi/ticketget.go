package gi

import (
	"encoding/base64"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

func giTicketGet(s *store.Store, u store.User, d giData) any {
	ids := giTicketIDs(d)
	if ids == nil {
		return giError("TicketGet.MissingParameter", "TicketGet: TicketID parameter is missing!")
	}
	denied := giError("TicketGet.AccessDenied", "TicketGet: User does not have access to the ticket!")
	var tickets []any
	for _, id := range ids {
		n, err := strconv.Atoi(strings.TrimSpace(id))
		t := s.TicketByID(n)
		if err != nil || t == nil || !s.CanRead(u, t) {
			return denied
		}
		tickets = append(tickets, giTicket(s, u, t, d))
	}
	return map[string]any{"Ticket": tickets}
}

// giTicket renders a ticket as TicketGet does, with the options in d.
func giTicket(s *store.Store, u store.User, t *store.Ticket, d giData) map[string]any {
	now := s.Now()
	q := s.QueueByID(t.QueueID)
	st := s.StateByID(t.StateID)
	m := map[string]any{
		"Age": int(now.Sub(t.Created).Seconds()), "ArchiveFlag": "n",
		"ChangeBy": t.ChangeBy, "Changed": store.OTRSTime(t.Changed), "CreateBy": t.CreateBy, "Created": store.OTRSTime(t.Created),
		"CustomerID": nullable(t.CustomerID), "CustomerUserID": nullable(t.CustomerUserID),
		"EscalationResponseTime": 0, "EscalationSolutionTime": 0, "EscalationTime": 0, "EscalationUpdateTime": 0,
		"Lock": store.ItemName(s.Locks, t.LockID), "LockID": t.LockID,
		"Owner": s.AgentLogin(t.OwnerID), "OwnerID": t.OwnerID,
		"Priority": store.ItemName(s.Priorities, t.PriorityID), "PriorityID": t.PriorityID,
		"RealTillTimeNotUsed": 0, "Responsible": s.AgentLogin(t.ResponsibleID), "ResponsibleID": t.ResponsibleID,
		"SLAID": "", "ServiceID": "", "StateID": t.StateID,
		"TicketID": t.ID, "TicketNumber": t.TN, "TimeUnit": 0, "Title": t.Title,
		"Type": store.ItemName(s.Types, t.TypeID), "TypeID": t.TypeID, "UnlockTimeout": t.UnlockTimeout, "UntilTime": 0,
	}
	if t.ArchiveFlag {
		m["ArchiveFlag"] = "y"
	}
	if s.Dialect().PriorityColor {
		// real2/otrs60/05: OTRS 6's TicketGet adds the priority's colour
		// (Kernel/System/Ticket.pm:1363 at v6.0.41); Znuny and OTOBO
		// do not (real2/otobo11 README: no ticket_priority.color).
		m["PriorityColor"] = store.PriorityColors[t.PriorityID]
	}
	if q != nil {
		m["Queue"], m["QueueID"], m["GroupID"] = q.Name, q.ID, q.GroupID
	}
	if st != nil {
		m["State"], m["StateType"] = st.Name, s.StateTypeName(st)
	}
	if sv := s.ServiceByID(t.ServiceID); sv != nil {
		m["Service"], m["ServiceID"] = sv.Name, sv.ID
	}
	if sl := s.SLAByID(t.SLAID); sl != nil {
		m["SLA"], m["SLAID"] = sl.Name, sl.ID
	}
	if !t.PendingUntil.IsZero() && strings.HasPrefix(s.StateTypeName(st), "pending") {
		m["RealTillTimeNotUsed"] = t.PendingUntil.Unix()
		m["UntilTime"] = int(t.PendingUntil.Sub(now).Seconds())
	}
	if !t.EscalationSolve.IsZero() {
		m["EscalationSolutionTime"] = t.EscalationSolve.Unix()
		m["EscalationTime"] = t.EscalationSolve.Unix()
	}
	var units float64
	for _, a := range t.Articles {
		units += a.TimeUnit
	}
	m["TimeUnit"] = giNumber(units)
	if giTrue(d["Extended"]) {
		giExtended(s, t, m)
	}
	if giTrue(d["DynamicFields"]) {
		m["DynamicField"] = giDynamicFields(s, "Ticket", t.DynamicFields)
	}
	if giTrue(d["AllArticles"]) {
		var arts []any
		for _, a := range giArticles(s, u, t, d) {
			arts = append(arts, giArticle(s, a, d))
		}
		if len(arts) > 0 {
			m["Article"] = arts
		}
	}
	return m
}

// giExtended adds the Extended=1 keys: the first response, first lock
// and close times as far as the history knows them.
func giExtended(s *store.Store, t *store.Ticket, m map[string]any) {
	for _, a := range t.Articles {
		if a.SenderTypeID == 1 {
			m["FirstResponse"] = store.OTRSTime(a.Created)
			break
		}
	}
	for _, h := range s.History {
		if h.TicketID != t.ID {
			continue
		}
		if h.Type == "Lock" && m["FirstLock"] == nil {
			m["FirstLock"] = store.OTRSTime(h.Created)
		}
		if h.Type == "StateUpdate" && h.StateID != 0 && s.StateTypeName(s.StateByID(h.StateID)) == "closed" {
			m["Closed"] = store.OTRSTime(h.Created)
			m["SolutionInMin"] = 0
		}
	}
}

// giArticles selects the articles TicketGet returns: customers see only
// visible ones; ArticleSenderType filters; ArticleLimit keeps the oldest,
// or the newest first with ArticleOrder=DESC (gi/086, gi/107).
func giArticles(s *store.Store, u store.User, t *store.Ticket, d giData) []*store.Article {
	senders := giList(d["ArticleSenderType"])
	var out []*store.Article
	for _, a := range t.Articles {
		if u.Customer != nil && !a.IsVisibleForCustomer {
			continue
		}
		if len(senders) > 0 && !contains(senders, senderTypeName(a.SenderTypeID)) {
			continue
		}
		out = append(out, a)
	}
	limit := giInt(d["ArticleLimit"])
	if limit > 0 && limit < len(out) {
		if strings.EqualFold(giStr(d["ArticleOrder"]), "DESC") {
			rev := make([]*store.Article, 0, limit)
			for i := len(out) - 1; i >= len(out)-limit; i-- {
				rev = append(rev, out[i])
			}
			return rev
		}
		out = out[:limit]
	} else if limit > 0 && strings.EqualFold(giStr(d["ArticleOrder"]), "DESC") {
		rev := make([]*store.Article, 0, len(out))
		for i := len(out) - 1; i >= 0; i-- {
			rev = append(rev, out[i])
		}
		return rev
	}
	return out
}

func giArticle(s *store.Store, a *store.Article, d giData) map[string]any {
	mime, charset := splitContentType(a.ContentType)
	num := 0
	if t := s.TicketByID(a.TicketID); t != nil {
		arts := t.Articles
		if s.Dialect().ArticleNumberByTime {
			arts = slices.Clone(arts)
			slices.SortStableFunc(arts, func(x, y *store.Article) int {
				if c := x.Created.Compare(y.Created); c != 0 {
					return c
				}
				return y.ID - x.ID
			})
		}
		num = slices.Index(arts, a) + 1
	}
	m := map[string]any{
		"ArticleID": a.ID, "ArticleNumber": num, "Bcc": "", "Body": a.Body, "Cc": a.Cc,
		"ChangeBy": a.CreateBy, "ChangeTime": store.OTRSTime(a.Created), "Charset": charset,
		"CommunicationChannelID": a.CommunicationChannelID, "ContentCharset": charset, "ContentType": a.ContentType,
		"CreateBy": a.CreateBy, "CreateTime": store.OTRSTime(a.Created), "From": a.From, "InReplyTo": "",
		"IncomingTime": a.Created.Unix(), "IsVisibleForCustomer": boolNum(a.IsVisibleForCustomer),
		"MessageID": "", "MimeType": mime, "References": "", "ReplyTo": a.ReplyTo,
		"SenderType": senderTypeName(a.SenderTypeID), "SenderTypeID": strconv.Itoa(a.SenderTypeID),
		"Subject": a.Subject, "TicketID": a.TicketID, "TimeUnit": giNumber(a.TimeUnit), "To": a.To,
	}
	if s.Dialect().ArticleVersions {
		// OTOBO keeps edited and deleted articles' versions; the fake's
		// are neither (real2/otobo11/10, 44: numbers 0/1).
		m["IsEdited"], m["IsDeleted"] = 0, 0
	}
	if giTrue(d["DynamicFields"]) {
		m["DynamicField"] = giDynamicFields(s, "Article", a.DynamicFields)
	}
	// An attachment index the storage could not read (Store.FailNext)
	// leaves the article without files (TicketGet.pm:461-466).
	if giTrue(d["Attachments"]) && !s.Fails(store.StepAttachmentIndex) {
		contents := true
		if v, ok := d["GetAttachmentContents"]; ok && !giTrue(v) {
			contents = false
		}
		var files []any
		for _, f := range a.Attachments {
			if isHTMLBody(f) && !giTrue(d["HTMLBodyAsAttachment"]) {
				continue
			}
			content := ""
			if contents {
				content = base64.StdEncoding.EncodeToString(f.Content)
			}
			files = append(files, map[string]any{
				"Content": content, "ContentAlternative": "", "ContentID": f.ContentID, "ContentType": f.ContentType,
				"Disposition": f.Disposition, "FileID": strconv.Itoa(f.FileID), "Filename": f.Filename,
				"FilesizeRaw": strconv.Itoa(len(f.Content)),
			})
		}
		if len(files) > 0 {
			m["Attachment"] = files
		}
	}
	return m
}

// giDynamicFields lists every valid field of the object type, internal
// ones included, sorted by name; unset values are null.
func giDynamicFields(s *store.Store, object string, values map[string]any) []any {
	var dfs []*store.DynamicField
	for _, df := range s.DynamicFields {
		if df.ObjectType == object && df.ValidID == 1 {
			dfs = append(dfs, df)
		}
	}
	sort.Slice(dfs, func(i, j int) bool { return dfs[i].Name < dfs[j].Name })
	out := make([]any, 0, len(dfs))
	for _, df := range dfs {
		v := values[df.Name]
		switch x := v.(type) {
		case string:
			if x == "" {
				v = nil
			}
		case []string:
			if len(x) == 0 {
				v = nil
			}
		}
		out = append(out, map[string]any{"Name": df.Name, "Value": v})
	}
	return out
}

// isHTMLBody reports whether f is the stored HTML body of its article.
func isHTMLBody(f *store.Attachment) bool {
	return f.Filename == "file-2" && strings.HasPrefix(f.ContentType, "text/html") && f.Disposition == "inline"
}

func splitContentType(ct string) (mime, charset string) {
	mime, params, _ := strings.Cut(ct, ";")
	mime = strings.TrimSpace(mime)
	if _, cs, ok := strings.Cut(params, "charset="); ok {
		charset = strings.Trim(strings.TrimSpace(cs), `"`)
	}
	return mime, charset
}

var senderTypes = map[int]string{1: "agent", 2: "system", 3: "customer"}

func senderTypeName(id int) string { return senderTypes[id] }

func senderTypeID(name string) int {
	for id, n := range senderTypes {
		if n == name {
			return id
		}
	}
	return 0
}

// giNumber renders a float as OTRS does: integral values as integers.
func giNumber(f float64) any {
	if f == float64(int64(f)) {
		return int64(f)
	}
	return f
}

func boolNum(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

package gi

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

func giTicketSearch(s *store.Store, u store.User, d giData) any {
	f, ok := searchFilter(s, d)
	if !ok {
		return map[string]any{} // an unknown name finds nothing, silently
	}
	var hits []*store.Ticket
	for _, t := range s.Tickets {
		if s.CanRead(u, t) && f(t) {
			hits = append(hits, t)
		}
	}
	if !sortTickets(s, hits, giList(d["SortBy"]), giList(d["OrderBy"])) {
		return map[string]any{}
	}
	limit := giInt(d["Limit"])
	if limit <= 0 {
		limit = 500
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	if len(hits) == 0 {
		return map[string]any{}
	}
	ids := make([]string, len(hits))
	for i, t := range hits {
		ids[i] = strconv.Itoa(t.ID)
	}
	return map[string]any{"TicketID": ids}
}

type ticketPred func(*store.Ticket) bool

// searchFilter builds the conjunction of every search key in d. ok is
// false when a name does not resolve, which makes OTRS find nothing.
func searchFilter(s *store.Store, d giData) (ticketPred, bool) {
	var preds []ticketPred
	add := func(p ticketPred) { preds = append(preds, p) }
	idSet := func(names, ids string, lookup func(string) []int) (map[int]bool, bool) {
		set := map[int]bool{}
		given := false
		for _, id := range giInts(d[ids]) {
			set[id], given = true, true
		}
		for _, n := range giList(d[names]) {
			given = true
			found := lookup(n)
			if len(found) == 0 {
				return nil, false
			}
			for _, id := range found {
				set[id] = true
			}
		}
		if !given {
			return nil, true
		}
		return set, true
	}
	named := func(items []*store.NamedItem) func(string) []int {
		return func(n string) []int {
			if it := store.ItemByName(items, n); it != nil {
				return []int{it.ID}
			}
			return nil
		}
	}
	sub := giTrue(d["UseSubQueues"])
	filters := []struct {
		names, ids string
		lookup     func(string) []int
		field      func(*store.Ticket) int
	}{
		{"Queues", "QueueIDs", func(n string) []int {
			if q := s.QueueByName(n); q != nil {
				if sub {
					return s.SubQueues(q)
				}
				return []int{q.ID}
			}
			return nil
		}, func(t *store.Ticket) int { return t.QueueID }},
		{"Types", "TypeIDs", named(s.Types), func(t *store.Ticket) int { return t.TypeID }},
		{"States", "StateIDs", func(n string) []int {
			if st := s.StateByName(n); st != nil {
				return []int{st.ID}
			}
			return nil
		}, func(t *store.Ticket) int { return t.StateID }},
		{"StateType", "StateTypeIDs", named(s.StateTypes), func(t *store.Ticket) int {
			if st := s.StateByID(t.StateID); st != nil {
				return st.TypeID
			}
			return 0
		}},
		{"Priorities", "PriorityIDs", named(s.Priorities), func(t *store.Ticket) int { return t.PriorityID }},
		{"Services", "ServiceIDs", func(n string) []int {
			if sv := s.ServiceByName(n); sv != nil {
				return []int{sv.ID}
			}
			return nil
		}, func(t *store.Ticket) int { return t.ServiceID }},
		{"SLAs", "SLAIDs", func(n string) []int {
			if sl := s.SLAByName(n); sl != nil {
				return []int{sl.ID}
			}
			return nil
		}, func(t *store.Ticket) int { return t.SLAID }},
		{"Locks", "LockIDs", named(s.Locks), func(t *store.Ticket) int { return t.LockID }},
		{"", "OwnerIDs", nil, func(t *store.Ticket) int { return t.OwnerID }},
		{"", "ResponsibleIDs", nil, func(t *store.Ticket) int { return t.ResponsibleID }},
		{"", "CreatedUserIDs", nil, func(t *store.Ticket) int { return t.CreateBy }},
		{"", "TicketID", nil, func(t *store.Ticket) int { return t.ID }},
	}
	for _, fl := range filters {
		set, ok := idSet(fl.names, fl.ids, fl.lookup)
		if !ok {
			return nil, false
		}
		if set != nil {
			field := fl.field
			if fl.ids == "QueueIDs" && sub {
				for id := range set {
					if q := s.QueueByID(id); q != nil {
						for _, c := range s.SubQueues(q) {
							set[c] = true
						}
					}
				}
			}
			add(func(t *store.Ticket) bool { return set[field(t)] })
		}
	}
	if ids := giInts(d["WatchUserIDs"]); len(ids) > 0 {
		add(func(t *store.Ticket) bool {
			for _, w := range t.Watchers {
				if containsInt(ids, w) {
					return true
				}
			}
			return false
		})
	}
	for key, field := range map[string]func(*store.Ticket) string{
		"TicketNumber":      func(t *store.Ticket) string { return t.TN },
		"Title":             func(t *store.Ticket) string { return t.Title },
		"CustomerID":        func(t *store.Ticket) string { return t.CustomerID },
		"CustomerUserLogin": func(t *store.Ticket) string { return t.CustomerUserID },
	} {
		var res []*regexp.Regexp
		for _, p := range giList(d[key]) {
			if p != "" {
				res = append(res, wildcard(p))
			}
		}
		if len(res) > 0 {
			field := field
			add(func(t *store.Ticket) bool {
				for _, re := range res {
					if re.MatchString(field(t)) {
						return true
					}
				}
				return false
			})
		}
	}
	if p := articleFilter(s, d); p != nil {
		add(p)
	}
	now := s.Now()
	for prefix, field := range map[string]func(*store.Ticket) time.Time{
		"TicketCreateTime":     func(t *store.Ticket) time.Time { return t.Created },
		"TicketChangeTime":     func(t *store.Ticket) time.Time { return t.Changed },
		"TicketLastChangeTime": func(t *store.Ticket) time.Time { return t.Changed },
		"TicketPendingTime":    func(t *store.Ticket) time.Time { return t.PendingUntil },
		// OTRS compares escalation times only where one is set (not 0).
		"TicketEscalationSolutionTime": func(t *store.Ticket) time.Time { return t.EscalationSolve },
	} {
		field := field
		if strings.HasPrefix(prefix, "TicketEscalation") {
			set := field
			add(func(t *store.Ticket) bool { return !set(t).IsZero() || !hasTimeFilter(d, prefix) })
		}
		if n := giInt(d[prefix+"NewerMinutes"]); n > 0 {
			limit := now.Add(-time.Duration(n) * time.Minute)
			add(func(t *store.Ticket) bool { return !field(t).Before(limit) })
		}
		if n := giInt(d[prefix+"OlderMinutes"]); n > 0 {
			limit := now.Add(-time.Duration(n) * time.Minute)
			add(func(t *store.Ticket) bool { return !field(t).After(limit) })
		}
		if at, err := time.Parse("2006-01-02 15:04:05", giStr(d[prefix+"NewerDate"])); err == nil {
			add(func(t *store.Ticket) bool { return !field(t).Before(at) })
		}
		if at, err := time.Parse("2006-01-02 15:04:05", giStr(d[prefix+"OlderDate"])); err == nil {
			add(func(t *store.Ticket) bool { return !field(t).After(at) })
		}
	}
	archive := map[string]bool{"n": true}
	switch giStr(d["SearchInArchive"]) {
	case "AllTickets":
		archive = map[string]bool{"n": true, "y": true}
	case "ArchivedTickets":
		archive = map[string]bool{"y": true}
	}
	if flags := giList(d["ArchiveFlags"]); len(flags) > 0 {
		archive = map[string]bool{}
		for _, f := range flags {
			archive[f] = true
		}
	}
	add(func(t *store.Ticket) bool {
		if t.ArchiveFlag {
			return archive["y"]
		}
		return archive["n"]
	})
	for _, p := range dynamicFieldFilters(s, d) {
		add(p)
	}
	return func(t *store.Ticket) bool {
		for _, p := range preds {
			if !p(t) {
				return false
			}
		}
		return true
	}, true
}

// articleFilter handles MIMEBase_* (per article; AND unless
// ContentSearch=OR) and Fulltext. Plain From/Subject/Body are no search
// keys and stay ignored (gi/137).
func articleFilter(s *store.Store, d giData) ticketPred {
	fields := map[string]func(*store.Article) string{
		"MIMEBase_From": func(a *store.Article) string { return a.From }, "MIMEBase_To": func(a *store.Article) string { return a.To },
		"MIMEBase_Cc": func(a *store.Article) string { return a.Cc }, "MIMEBase_Subject": func(a *store.Article) string { return a.Subject },
		"MIMEBase_Body": func(a *store.Article) string { return a.Body },
	}
	type cond struct {
		re    *regexp.Regexp
		field func(*store.Article) string
	}
	var conds []cond
	for k, f := range fields {
		if p := giStr(d[k]); p != "" {
			conds = append(conds, cond{articleTerm(p), f})
		}
	}
	or := strings.EqualFold(giStr(d["ContentSearch"]), "OR")
	full := strings.ToLower(strings.Trim(giStr(d["Fulltext"]), "*"))
	if len(conds) == 0 && full == "" {
		return nil
	}
	return func(t *store.Ticket) bool {
		if full != "" {
			hit := strings.Contains(strings.ToLower(t.Title), full)
			for _, a := range t.Articles {
				for _, f := range fields {
					if strings.Contains(strings.ToLower(f(a)), full) {
						hit = true
					}
				}
			}
			if !hit {
				return false
			}
		}
		if len(conds) == 0 {
			return true
		}
		for _, a := range t.Articles {
			n := 0
			for _, c := range conds {
				if c.re.MatchString(c.field(a)) {
					n++
				}
			}
			if (or && n > 0) || n == len(conds) {
				return true
			}
		}
		return false
	}
}

// articleTerm matches an article field: with * wildcards the whole
// value, without them any occurrence.
func articleTerm(p string) *regexp.Regexp {
	if strings.ContainsAny(p, "*%") {
		return wildcard(p)
	}
	return regexp.MustCompile("(?is)" + regexp.QuoteMeta(p))
}

// wildcard compiles an OTRS search pattern: * and % match anything, the
// rest literally, case-insensitively, on the whole value.
func wildcard(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?is)^")
	for _, r := range p {
		if r == '*' || r == '%' {
			b.WriteString(".*")
			continue
		}
		b.WriteString(regexp.QuoteMeta(string(r)))
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// dynamicFieldFilters reads DynamicField_<Name>: {Op: value} and the list
// form DynamicField: [{Name, Op: value}]. Flat values, all a GET query
// can carry, are ignored as OTRS ignores them (gi/140).
func dynamicFieldFilters(s *store.Store, d giData) []ticketPred {
	var specs []map[string]any
	var names []string
	for k, v := range d {
		if name, ok := strings.CutPrefix(k, "DynamicField_"); ok {
			if h := giHash(v); h != nil {
				specs, names = append(specs, h), append(names, name)
			}
		}
	}
	for _, h := range giHashes(d["DynamicField"]) {
		specs, names = append(specs, h), append(names, giStr(h["Name"]))
	}
	var preds []ticketPred
	for i, spec := range specs {
		df := s.DynamicField(names[i])
		if df == nil || df.ObjectType != "Ticket" {
			continue
		}
		name := df.Name
		for op, arg := range spec {
			if op == "Name" {
				continue
			}
			op, arg := op, arg
			preds = append(preds, func(t *store.Ticket) bool { return dfMatch(dfValues(t.DynamicFields[name]), op, arg) })
		}
	}
	return preds
}

func dfValues(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []string:
		return x
	}
	return nil
}

func dfMatch(vals []string, op string, arg any) bool {
	if op == "Empty" {
		return (len(vals) == 0) == giTrue(arg)
	}
	for _, want := range giList(arg) {
		for _, v := range vals {
			var hit bool
			switch op {
			case "Equals":
				hit = v == want
			case "Like":
				hit = wildcard(want).MatchString(v)
			case "GreaterThan":
				hit = v > want
			case "GreaterThanEquals":
				hit = v >= want
			case "SmallerThan":
				hit = v < want
			case "SmallerThanEquals":
				hit = v <= want
			}
			if hit {
				return true
			}
		}
	}
	return false
}

// sortTickets orders hits by SortBy/OrderBy (lists allowed; Up is
// ascending, the default is Age Down). It reports false for an unknown
// column, where OTRS finds nothing.
func sortTickets(s *store.Store, hits []*store.Ticket, by, order []string) bool {
	if len(by) == 0 {
		by = []string{"Age"}
	}
	keys := make([]func(a, b *store.Ticket) int, 0, len(by))
	for i, col := range by {
		key := sortKey(s, col)
		if key == nil {
			return false
		}
		down := true
		if i < len(order) {
			down = order[i] != "Up"
		} else if len(order) > 0 {
			down = order[len(order)-1] != "Up"
		}
		if down {
			k := key
			key = func(a, b *store.Ticket) int { return -k(a, b) }
		}
		keys = append(keys, key)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		for _, k := range keys {
			if c := k(hits[i], hits[j]); c != 0 {
				return c < 0
			}
		}
		return hits[i].ID < hits[j].ID
	})
	return true
}

func sortKey(s *store.Store, col string) func(a, b *store.Ticket) int {
	str := func(f func(*store.Ticket) string) func(a, b *store.Ticket) int {
		return func(a, b *store.Ticket) int { return strings.Compare(f(a), f(b)) }
	}
	num := func(f func(*store.Ticket) int64) func(a, b *store.Ticket) int {
		return func(a, b *store.Ticket) int {
			x, y := f(a), f(b)
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	unix := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.Unix()
	}
	switch col {
	case "Age", "Created":
		return num(func(t *store.Ticket) int64 { return unix(t.Created) })
	case "Changed":
		return num(func(t *store.Ticket) int64 { return unix(t.Changed) })
	case "Ticket", "TicketNumber":
		return str(func(t *store.Ticket) string { return t.TN })
	case "Title":
		return str(func(t *store.Ticket) string { return t.Title })
	case "Queue":
		return str(func(t *store.Ticket) string { return s.QueueByID(t.QueueID).Name })
	case "State":
		return str(func(t *store.Ticket) string { return s.StateByID(t.StateID).Name })
	case "Type":
		return str(func(t *store.Ticket) string { return store.ItemName(s.Types, t.TypeID) })
	case "Lock":
		return str(func(t *store.Ticket) string { return store.ItemName(s.Locks, t.LockID) })
	case "Priority":
		return num(func(t *store.Ticket) int64 { return int64(t.PriorityID) })
	case "Owner":
		return str(func(t *store.Ticket) string { return s.AgentLogin(t.OwnerID) })
	case "Responsible":
		return str(func(t *store.Ticket) string { return s.AgentLogin(t.ResponsibleID) })
	case "CustomerID":
		return str(func(t *store.Ticket) string { return t.CustomerID })
	case "Service":
		return num(func(t *store.Ticket) int64 { return int64(t.ServiceID) })
	case "SLA":
		return num(func(t *store.Ticket) int64 { return int64(t.SLAID) })
	case "PendingTime":
		return num(func(t *store.Ticket) int64 { return unix(t.PendingUntil) })
	case "EscalationTime", "EscalationSolutionTime":
		return num(func(t *store.Ticket) int64 { return unix(t.EscalationSolve) })
	case "EscalationResponseTime", "EscalationUpdateTime":
		return num(func(*store.Ticket) int64 { return 0 })
	}
	if name, ok := strings.CutPrefix(col, "DynamicField_"); ok && s.DynamicField(name) != nil {
		return str(func(t *store.Ticket) string { return strings.Join(dfValues(t.DynamicFields[name]), ",") })
	}
	return nil
}

// hasTimeFilter reports whether d filters on one of prefix's times.
func hasTimeFilter(d giData, prefix string) bool {
	for _, k := range []string{"NewerMinutes", "OlderMinutes", "NewerDate", "OlderDate"} {
		if giStr(d[prefix+k]) != "" {
			return true
		}
	}
	return false
}

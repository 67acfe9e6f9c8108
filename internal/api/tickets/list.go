package tickets

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"golang.org/x/sync/errgroup"
)

// defaultSearchLimit is OTRS's own GI search limit (SearchLimit 500).
const defaultSearchLimit = 500

// ticketGetBatch is how many tickets one TicketGet asks for.
const ticketGetBatch = 100

// Views of getTicketViews' View group.
const (
	viewAssigned  = -1
	viewMyQueues  = -2
	viewOpen      = -3
	viewClosed    = -4
	viewNewNotes  = -5
	viewMyLocked  = -6
	viewMyWatched = -7
)

// OTRS's state types: "Open" is Ticket::ViewableStateType's default, and
// "Closed" every other type, as OTRS's own TicketSearch pseudo types mean
// them. GI cannot pass those pseudo types (it wraps StateType in a list,
// otrs-recordings/gi/125), so the proxy expands them.
var (
	openStateTypes   = []string{"new", "open", "pending reminder", "pending auto"}
	closedStateTypes = []string{"closed", "removed", "merged"}
)

// TicketList is the answer of getTicketList.
type TicketList struct {
	NeedTokenUpdate          int
	Tickets                  []Ticket
	TicketFromFullTextSearch *Ticket `json:",omitempty"`
}

// TicketCount is the answer of getTicketList in Count mode.
type TicketCount struct {
	NeedTokenUpdate int
	Count           int
}

// listPlan is a getTicketList request turned into OTRS terms.
type listPlan struct {
	search gi.Search
	// none: the filters cannot match anything (an empty intersection);
	// GI would read an empty list as "no filter".
	none bool
	// ticketID filters after the search: GI TicketSearch has no TicketID.
	ticketID int
	// unseen keeps only tickets the agent has not seen (New notes).
	unseen    bool
	smart     bool
	smartDown bool
	// now is OTRS's current time, the bound between overdue and ahead.
	now    string
	count  bool
	offset int
	limit  int // 0: all
	dfMode string
	// numbers are digit runs of FullTextSearch that may be ticket numbers.
	numbers []string
}

// GetTicketList searches tickets: one TicketSearch (three with SmartSort,
// one more per ticket number in FullTextSearch, all at once) and one
// TicketGet per page of up to 100 tickets (all at once), plus the
// catalog's facts for the page: two OTRS round trips on the critical path.
func (a *Methods) GetTicketList(ctx context.Context, r *api.Request) (any, error) {
	view, _, err := r.Params.Int("ViewID")
	if err != nil {
		return nil, err
	}
	facts := a.Facts()
	var personal []int
	if view == viewMyQueues || view == viewNewNotes {
		if facts == nil {
			return nil, fmt.Errorf("getTicketList: view %d needs the catalog, none configured", view)
		}
	}
	if view == viewMyQueues {
		if personal, err = facts.PersonalQueueIDs(ctx, r.Agent.ID); err != nil {
			return nil, fmt.Errorf("getTicketList: personal queues: %w", err)
		}
	}
	z := a.ZonesFor(r.Agent)
	p, err := buildListPlan(r.Params, r.Agent.ID, personal, a.Now().In(z.Server), a.searchLimit())
	if err != nil {
		return nil, err
	}
	// The ticket-number searches of FullTextSearch do not depend on the
	// main search: they run beside it, so the list waits for one search.
	var fromNumber int
	var numberErr error
	numbers := make(chan struct{})
	if p.count || len(p.numbers) == 0 {
		close(numbers)
	} else {
		go func() {
			defer close(numbers)
			fromNumber, numberErr = a.ticketByNumber(ctx, r.Token, p.numbers)
		}()
	}
	ids, err := a.searchTickets(ctx, r.Token, p)
	<-numbers
	if err != nil {
		return nil, err
	}
	var flags map[int]TicketFlags
	if p.unseen {
		if flags, err = facts.TicketFlags(ctx, r.Agent.ID, ids); err != nil {
			return nil, fmt.Errorf("getTicketList: seen flags: %w", err)
		}
		ids = slices.DeleteFunc(ids, func(id int) bool { return flags[id].Seen })
	}
	need := a.NeedTokenUpdate(ctx, r)
	if p.count {
		return TicketCount{NeedTokenUpdate: need, Count: len(ids)}, nil
	}
	if numberErr != nil {
		return nil, numberErr
	}
	if fromNumber != 0 && !slices.Contains(ids, fromNumber) {
		flags = nil // read the flags again, for that ticket too
	}
	ids = page(ids, p.offset, p.limit)
	getIDs := ids
	if fromNumber != 0 && !slices.Contains(ids, fromNumber) {
		getIDs = append(slices.Clip(ids), fromNumber)
	}
	tickets, err := a.ticketsWithFacts(ctx, r, getIDs, flags, p.dfMode, z)
	if err != nil {
		return nil, err
	}
	out := TicketList{NeedTokenUpdate: need, Tickets: make([]Ticket, 0, len(ids))}
	for _, id := range ids {
		if t, ok := tickets[id]; ok {
			out.Tickets = append(out.Tickets, t)
		}
	}
	if t, ok := tickets[fromNumber]; ok && fromNumber != 0 {
		out.TicketFromFullTextSearch = &t
	}
	return out, nil
}

func (a *Methods) searchLimit() int {
	if a.Opts.SearchLimit > 0 {
		return a.Opts.SearchLimit
	}
	return defaultSearchLimit
}

// page slices ids for Offset and Limit (limit 0: all).
func page(ids []int, offset, limit int) []int {
	if offset >= len(ids) {
		return nil
	}
	ids = ids[offset:]
	if limit > 0 && limit < len(ids) {
		ids = ids[:limit]
	}
	return ids
}

// nameLists and idLists are getTicketList parameters that GI
// TicketSearch takes under the same name.
var (
	nameLists = []string{"Queues", "Types", "States", "Priorities", "Services", "SLAs", "Locks"}
	idLists   = []string{"QueueIDs", "TypeIDs", "StateIDs", "PriorityIDs", "ServiceIDs", "SLAIDs", "LockIDs",
		"OwnerIDs", "ResponsibleIDs", "WatchUserIDs"}
	// articleFields map onto OTRS's article search keys; plain From,
	// Subject... are ignored by OTRS (otrs-recordings/gi/137).
	articleFields = []string{"From", "To", "Cc", "Subject", "Body"}
	digitRuns     = regexp.MustCompile(`\d{5,}`)
)

// buildListPlan turns getTicketList's parameters into a plan. agentID is
// the caller, personal its personal queues (ViewID -2), now the current
// time in OTRS's zone, depth the search limit.
func buildListPlan(p api.Params, agentID int, personal []int, now time.Time, depth int) (listPlan, error) {
	pl := listPlan{search: gi.Search{}, now: now.Format(otrsTimeLayout)}
	q := pl.search
	for _, k := range nameLists {
		if v := p.Strings(k); len(v) > 0 {
			q[k] = v
		}
	}
	for _, k := range idLists {
		v, err := p.Ints(k)
		if err != nil {
			return pl, err
		}
		if len(v) > 0 {
			q[k] = v
		}
	}
	for _, k := range []string{"TicketNumber", "CustomerID", "CustomerUserLogin"} {
		if v := strings.TrimSpace(p.String(k)); v != "" {
			q[k] = v
		}
	}
	if v := strings.TrimSpace(p.String("Title")); v != "" {
		q["Title"] = wildcard(v)
	}
	for _, k := range articleFields {
		if v := strings.TrimSpace(p.String(k)); v != "" {
			q["MIMEBase_"+k] = wildcard(v)
		}
	}
	if v := strings.TrimSpace(p.String("FullTextSearch")); v != "" {
		q["Fulltext"] = wildcard(v)
		pl.numbers = digitRuns.FindAllString(v, 3)
	}
	if v := strings.TrimSpace(p.String("StateType")); v != "" {
		switch strings.ToLower(v) {
		case "open":
			q["StateType"] = openStateTypes
		case "closed":
			q["StateType"] = closedStateTypes
		default:
			q["StateType"] = p.Strings("StateType")
		}
	}
	if err := createdFilters(p, q, now); err != nil {
		return pl, err
	}
	var err error
	if pl.ticketID, _, err = p.Int("TicketID"); err != nil {
		return pl, err
	}

	view, _, _ := p.Int("ViewID")
	ok := true
	switch view {
	case 0:
	case viewAssigned:
		ok = andInts(q, "OwnerIDs", agentID) && andStrings(q, "StateType", openStateTypes...)
	case viewMyQueues:
		// Without personal queues, My Queues is Open (contract).
		if len(personal) > 0 {
			ok = andInts(q, "QueueIDs", personal...)
		}
		ok = ok && andStrings(q, "StateType", openStateTypes...)
	case viewOpen:
		ok = andStrings(q, "StateType", openStateTypes...)
	case viewClosed:
		ok = andStrings(q, "StateType", closedStateTypes...)
	case viewNewNotes:
		ok = andStrings(q, "StateType", openStateTypes...)
		pl.unseen = true
	case viewMyLocked:
		ok = andInts(q, "OwnerIDs", agentID) && andStrings(q, "Locks", "lock", "tmp_lock")
	case viewMyWatched:
		ok = andInts(q, "WatchUserIDs", agentID)
	default:
		// RS4OTRS_TicketViews' own views are not supported: the client
		// asked for a view the proxy does not know.
		return pl, api.Bad("ViewID", "one of the views of filters/getTicketViews")
	}
	pl.none = !ok

	if err := sortOrder(p, q, &pl); err != nil {
		return pl, err
	}
	if pl.count, _, err = p.Flag("Count"); err != nil {
		return pl, err
	}
	// Offset and Limit are at most api.MaxInt each: their sum fits an int.
	if pl.offset, _, err = p.NonNegative("Offset"); err != nil {
		return pl, err
	}
	if pl.limit, _, err = p.NonNegative("Limit"); err != nil {
		return pl, err
	}
	// GI has no offset: ask for Offset+Limit ids and slice. Count, the
	// views filtered after the fact and SmartSort need every id.
	want := depth
	if !pl.count && !pl.unseen && !pl.smart && pl.ticketID == 0 && pl.limit > 0 {
		want = min(pl.offset+pl.limit, depth)
	}
	q["Limit"] = want
	switch m := strings.ToLower(p.String("DynamicFieldsMode")); m {
	case "", "mobile", "all":
		pl.dfMode = m
	default:
		return pl, &api.ParamError{Name: "DynamicFieldsMode", Want: "mobile or all"}
	}
	return pl, nil
}

// wildcard turns the contract's % wildcard into OTRS's *.
func wildcard(s string) string { return strings.ReplaceAll(s, "%", "*") }

// maxAgeMinutes bounds the Created*Minutes/Days filters: 200 years, more
// than any ticket's age, and within a time.Duration.
const maxAgeMinutes = 200 * 366 * 24 * 60

// createdFilters maps the Created* filters onto OTRS's
// TicketCreateTime* keys. Dates are read in OTRS's zone (now's).
func createdFilters(p api.Params, q gi.Search, now time.Time) error {
	newer, older := -1, -1
	for _, f := range []struct {
		name string
		unit int
		dst  *int
		// larger keeps the larger of two given values, else the smaller.
		larger bool
	}{
		{"CreatedNewerMinutes", 1, &newer, false},
		{"CreatedNewerDays", 24 * 60, &newer, false},
		{"CreatedOlderMinutes", 1, &older, true},
		{"CreatedOlderDays", 24 * 60, &older, true},
	} {
		n, ok, err := p.Int(f.name)
		if err != nil {
			return err
		}
		if !ok || n < 0 {
			continue
		}
		if n > maxAgeMinutes/f.unit {
			// Minutes become a time.Duration, which holds 292 years.
			return api.Bad(f.name, fmt.Sprintf("an integer up to %d", maxAgeMinutes/f.unit))
		}
		v := n * f.unit
		switch {
		case *f.dst < 0:
		case f.larger:
			v = max(*f.dst, v)
		default:
			v = min(*f.dst, v)
		}
		*f.dst = v
	}
	// OTRS's REST query parser drops a 0 (gi/174): "newer than 0
	// minutes" is written as a date.
	if newer >= 0 {
		q["TicketCreateTimeNewerDate"] = now.Add(-time.Duration(newer) * time.Minute).Format(otrsTimeLayout)
	}
	if older >= 0 {
		q["TicketCreateTimeOlderDate"] = now.Add(-time.Duration(older) * time.Minute).Format(otrsTimeLayout)
	}
	for _, k := range []string{"NewerDate", "OlderDate"} {
		v := strings.TrimSpace(p.String("Created" + k))
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation(otrsTimeLayout, v, now.Location())
		if err != nil {
			if t, err = time.ParseInLocation("2006-01-02", v, now.Location()); err != nil {
				return &api.ParamError{Name: "Created" + k, Want: "a date YYYY-MM-DD HH:MM:SS"}
			}
		}
		key := "TicketCreateTime" + k
		if prev, ok := q[key].(string); ok {
			// Both a relative and an absolute bound: keep the tighter.
			if pt, _ := time.ParseInLocation(otrsTimeLayout, prev, now.Location()); (k == "NewerDate") == pt.After(t) {
				continue
			}
		}
		q[key] = t.Format(otrsTimeLayout)
	}
	return nil
}

// sortOrder maps SortBy/OrderBy (lists paired by index) and SmartSort.
func sortOrder(p api.Params, q gi.Search, pl *listPlan) error {
	sortBy := p.Strings("SortBy")
	var orderBy []string
	for _, o := range p.Strings("OrderBy") {
		switch strings.ToLower(o) {
		case "up", "asc":
			orderBy = append(orderBy, "Up")
		case "down", "desc":
			orderBy = append(orderBy, "Down")
		default:
			return &api.ParamError{Name: "OrderBy", Want: "Up or Down"}
		}
	}
	smart, _, err := p.Flag("SmartSort")
	if err != nil {
		return err
	}
	if smart {
		pl.smart = true
		pl.smartDown = len(orderBy) > 0 && orderBy[0] == "Down"
		return nil
	}
	if len(sortBy) == 0 {
		if len(orderBy) == 0 {
			return nil // OTRS's default: Age, Down
		}
		sortBy = []string{"Age"}
	}
	for len(orderBy) < len(sortBy) {
		orderBy = append(orderBy, "Up")
	}
	q["SortBy"] = sortBy
	q["OrderBy"] = orderBy[:len(sortBy)]
	return nil
}

// andInts narrows q[key] to vals (an intersection when the client gave
// the key too); false when nothing is left.
func andInts(q gi.Search, key string, vals ...int) bool {
	if prev, ok := q[key].([]int); ok {
		vals = slices.DeleteFunc(slices.Clone(prev), func(v int) bool { return !slices.Contains(vals, v) })
	}
	q[key] = vals
	return len(vals) > 0
}

// andStrings is andInts for name lists.
func andStrings(q gi.Search, key string, vals ...string) bool {
	if prev, ok := q[key].([]string); ok {
		vals = slices.DeleteFunc(slices.Clone(prev), func(v string) bool { return !slices.Contains(vals, v) })
	}
	q[key] = vals
	return len(vals) > 0
}

// searchTickets runs the plan's search and returns the ids in order,
// post-filtered by TicketID.
func (a *Methods) searchTickets(ctx context.Context, token string, p listPlan) ([]int, error) {
	if p.none {
		return nil, nil
	}
	var ids []int
	var err error
	if p.smart {
		ids, err = a.smartSearch(ctx, token, p.search, p.now, p.smartDown)
	} else {
		ids, err = a.GI.TicketSearch(ctx, token, p.search)
	}
	if err != nil {
		return nil, fmt.Errorf("getTicketList: %w", err)
	}
	if p.ticketID != 0 {
		ids = slices.DeleteFunc(ids, func(id int) bool { return id != p.ticketID })
	}
	return ids, nil
}

// smartSearch orders by solution escalation in three buckets (contract,
// success_notes). One search sorted by EscalationSolutionTime then Age,
// both ascending, gives every bucket in its forward order; two more
// searches tell which ids have a solution deadline at all and which have
// it ahead. Both use NewerDate (>=), which never matches OTRS's 0 for "no
// deadline", so the split does not depend on how OlderDate treats 0.
func (a *Methods) smartSearch(ctx context.Context, token string, q gi.Search, now string, down bool) ([]int, error) {
	all := cloneSearch(q)
	all["SortBy"] = []string{"EscalationSolutionTime", "Age"}
	all["OrderBy"] = []string{"Up", "Up"}
	due := cloneSearch(q)
	due["TicketEscalationSolutionTimeNewerDate"] = noDeadlineBefore
	ahead := cloneSearch(q)
	ahead["TicketEscalationSolutionTimeNewerDate"] = now
	// The three searches are independent: one round trip, not three.
	found, err := searchAll(ctx, a.GI, token, all, due, ahead)
	if err != nil {
		return nil, err
	}
	return smartOrder(found[0], found[1], found[2], down), nil
}

// searchAll runs the searches at once and returns their ids in order;
// the first error cancels the rest.
func searchAll(ctx context.Context, g api.TicketService, token string, qs ...gi.Search) ([][]int, error) {
	out := make([][]int, len(qs))
	eg, ctx := errgroup.WithContext(ctx)
	for i, q := range qs {
		eg.Go(func() error {
			ids, err := g.TicketSearch(ctx, token, q)
			out[i] = ids
			return err
		})
	}
	return out, eg.Wait()
}

// noDeadlineBefore is later than OTRS's 0 ("no deadline") in any zone and
// earlier than any real deadline.
const noDeadlineBefore = "1970-01-02 00:00:00"

// smartOrder splits ids (sorted by deadline, then age, ascending) into
// overdue (a deadline, not ahead), ahead and without deadline, and orders
// them for the direction.
func smartOrder(ids, dueIDs, aheadIDs []int, down bool) []int {
	isDue := setOf(dueIDs)
	isAhead := setOf(aheadIDs)
	var over, ahead, none []int
	for _, id := range ids {
		switch {
		case isAhead[id]:
			ahead = append(ahead, id)
		case isDue[id]:
			over = append(over, id)
		default:
			none = append(none, id)
		}
	}
	out := make([]int, 0, len(ids))
	if !down {
		// Most overdue first, then the nearest deadline, then the
		// oldest ticket without deadline.
		out = append(append(append(out, over...), ahead...), none...)
		return out
	}
	// Farthest deadline first, then the overdue ones as in the forward
	// order (as the contract prints it), then the newest without deadline.
	slices.Reverse(ahead)
	slices.Reverse(none)
	return append(append(append(out, ahead...), over...), none...)
}

func setOf(ids []int) map[int]bool {
	m := make(map[int]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func cloneSearch(q gi.Search) gi.Search {
	c := make(gi.Search, len(q)+2)
	for k, v := range q {
		c[k] = v
	}
	return c
}

// ticketByNumber returns the id of the first ticket whose number is one
// of numbers, 0 when none is (TicketFromFullTextSearch).
func (a *Methods) ticketByNumber(ctx context.Context, token string, numbers []string) (int, error) {
	qs := make([]gi.Search, len(numbers))
	for i, n := range numbers {
		qs[i] = gi.Search{"TicketNumber": n, "Limit": 1}
	}
	found, err := searchAll(ctx, a.GI, token, qs...)
	if err != nil {
		return 0, fmt.Errorf("getTicketList: ticket number: %w", err)
	}
	for _, ids := range found {
		if len(ids) > 0 {
			return ids[0], nil
		}
	}
	return 0, nil
}

// ticketsWithFacts reads tickets in batches and adds the catalog's facts.
// flags may already hold the facts of some ids.
func (a *Methods) ticketsWithFacts(ctx context.Context, r *api.Request, ids []int, flags map[int]TicketFlags, dfMode string, z Zones) (map[int]Ticket, error) {
	out := make(map[int]Ticket, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	facts := a.Facts()
	// The batches of TicketGet and the catalog's flags of the same ids
	// are read at once: the page waits for one TicketGet.
	eg, gctx := errgroup.WithContext(ctx)
	batches := slices.Collect(slices.Chunk(ids, ticketGetBatch))
	got := make([][]gi.Ticket, len(batches))
	for i, batch := range batches {
		eg.Go(func() error {
			ts, err := a.GI.TicketGet(gctx, r.Token, batch, gi.GetOptions{DynamicFields: dfMode != ""})
			if err != nil {
				return fmt.Errorf("getTicketList: %w", err)
			}
			got[i] = ts
			return nil
		})
	}
	// The New notes view read the flags of every id already.
	if facts != nil && flags == nil {
		eg.Go(func() (err error) {
			if flags, err = facts.TicketFlags(gctx, r.Agent.ID, ids); err != nil {
				return fmt.Errorf("ticket flags: %w", err)
			}
			return nil
		})
	}
	if err := eg.Wait(); err != nil {
		return nil, err
	}
	raw := slices.Concat(got...)
	names := map[string]PersonName{}
	var defs map[string]DynamicFieldDef
	if facts != nil {
		var err error
		var logins []string
		for i := range raw {
			if l := string(raw[i].CustomerUserID); l != "" && !slices.Contains(logins, l) {
				logins = append(logins, l)
			}
		}
		if len(logins) > 0 {
			if names, err = facts.CustomerUserNames(ctx, logins); err != nil {
				return nil, fmt.Errorf("customer user names: %w", err)
			}
		}
		if dfMode != "" {
			if defs, err = a.DynamicFieldDefs(ctx, facts); err != nil {
				return nil, err
			}
		}
	}
	for i := range raw {
		t := &raw[i]
		rec := newTicket(t, z, ticketExtras{
			flags: flags[int(t.TicketID)], customer: names[string(t.CustomerUserID)], agentID: r.Agent.ID,
		})
		if dfMode != "" {
			rec.DynamicFields = dynamicFields(dfMode, t.DynamicField, defs, a.Opts.MobileDynamicFields)
		}
		out[int(t.TicketID)] = rec
	}
	return out, nil
}

// DynamicFieldDefs returns the dynamic field definitions by name.
func (a *Methods) DynamicFieldDefs(ctx context.Context, facts *ticketFacts) (map[string]DynamicFieldDef, error) {
	list, err := facts.DynamicFieldDefs(ctx)
	if err != nil {
		return nil, fmt.Errorf("dynamic field definitions: %w", err)
	}
	defs := make(map[string]DynamicFieldDef, len(list))
	for _, d := range list {
		defs[d.Name] = d
	}
	return defs, nil
}

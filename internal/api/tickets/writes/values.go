package writes

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// Values a write carries besides plain fields: named rows into GI's
// Ticket hash, the pending time, dynamic fields.

// set puts n into the GI field pair of kind: the id when known, else the
// name for OTRS to resolve.
func (n named) set(kind lookupKind, in *gi.TicketInput) {
	id, name := n.ID, n.Name
	switch kind {
	case kindQueue:
		in.QueueID, in.Queue = id, name
	case kindState:
		in.StateID, in.State = id, name
	case kindType:
		in.TypeID, in.Type = id, name
	case kindPriority:
		in.PriorityID, in.Priority = id, name
	case kindService:
		in.ServiceID, in.Service = id, name
	case kindSLA:
		in.SLAID, in.SLA = id, name
	case kindLock:
		in.LockID, in.Lock = id, name
	}
}

// pendingKeys are the component form of a pending time, in the order the
// contract lists them.
var pendingKeys = []string{"Year", "Month", "Day", "Hour", "Minute"}

// errPendingTime marks a pending time that is incomplete or not a date.
var errPendingTime = errors.New("invalid pending time")

// hasPendingTime reports whether any pending-time parameter was sent.
func hasPendingTime(p api.Params) bool {
	if p.Has("UntilTimeDateUnix") {
		return true
	}
	for _, k := range pendingKeys {
		if p.Has(k) {
			return true
		}
	}
	return false
}

// pendingTime reads UntilTimeDateUnix or Year/Month/Day/Hour/Minute. The
// components are a wall-clock time in the agent's time zone (6.44.0); GI
// wants one in OTRS's own zone (server), so the moment is converted. ok is
// false when no pending-time parameter was sent.
func pendingTime(p api.Params, agent, server *time.Location) (pt *gi.PendingTime, ok bool, err error) {
	if !hasPendingTime(p) {
		return nil, false, nil
	}
	var at time.Time
	if p.Has("UntilTimeDateUnix") {
		n, _, err := p.Int("UntilTimeDateUnix")
		// Int bounds it to api.MaxInt: OTRS's ticket.until_time is a
		// 32-bit INTEGER (up to 2038-01-19).
		if err != nil || n <= 0 {
			return nil, true, fmt.Errorf("UntilTimeDateUnix %q: %w", p.String("UntilTimeDateUnix"), errPendingTime)
		}
		at = time.Unix(int64(n), 0)
	} else {
		var v [5]int
		for i, k := range pendingKeys {
			n, ok, err := p.Int(k)
			if err != nil || !ok {
				return nil, true, fmt.Errorf("%s missing or not a number: %w", k, errPendingTime)
			}
			v[i] = n
		}
		if v[0] < 1970 || v[0] > 9999 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 ||
			v[3] < 0 || v[3] > 23 || v[4] < 0 || v[4] > 59 {
			return nil, true, fmt.Errorf("%v: %w", v, errPendingTime)
		}
		at = time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], 0, 0, agent)
		if at.Day() != v[2] { // 31 February
			return nil, true, fmt.Errorf("%v: %w", v, errPendingTime)
		}
	}
	s := at.In(server)
	return &gi.PendingTime{Year: s.Year(), Month: int(s.Month()), Day: s.Day(), Hour: s.Hour(), Minute: s.Minute()}, true, nil
}

// pendingFor is pendingTime in the time zones of agent u. OTRS's SessionGet
// carries UserTimeZone only on some versions; the catalog's user
// preferences fill it in.
func (a *Methods) pendingFor(ctx context.Context, p api.Params, u *session.User) (*gi.PendingTime, bool, error) {
	if !hasPendingTime(p) {
		return nil, false, nil
	}
	if u != nil && u.TimeZone == "" && a.Catalog != nil {
		agents, err := a.Catalog.Agents(ctx)
		if err != nil {
			return nil, true, fmt.Errorf("time zone of agent %d: %w", u.ID, err)
		}
		for _, ag := range agents {
			if ag.ID == u.ID && ag.Prefs["UserTimeZone"] != "" {
				withZone := *u
				withZone.TimeZone = ag.Prefs["UserTimeZone"]
				u = &withZone
			}
		}
	}
	z := a.ZonesFor(u)
	return pendingTime(p, z.Agent, z.Server)
}

// errDynamicField marks a DynamicFields entry that cannot be written.
var errDynamicField = errors.New("invalid dynamic field value")

// dynamicFieldInput turns the DynamicFields object (field name → value)
// into GI's DynamicField list with the value shapes OTRS expects per field
// type: a list of keys for Multiselect, "YYYY-MM-DD 00:00:00" for Date,
// the option key for Dropdown (a client may send the display text that
// getTicketList shows), "1"/"0" for Checkbox, text otherwise. ok is false
// when the parameter was not sent. Without field definitions values go as
// text (lists as lists) and OTRS checks them.
func dynamicFieldInput(p api.Params, defs map[string]tickets.DynamicFieldDef) (out []gi.FieldInput, ok bool, err error) {
	obj, ok, err := p.Object("DynamicFields")
	if err != nil || !ok {
		return nil, ok, err
	}
	names := make([]string, 0, len(obj))
	for name := range obj {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		def, known := defs[name]
		if defs != nil && (!known || def.Internal) {
			return nil, true, fmt.Errorf("dynamic field %q: unknown: %w", name, errDynamicField)
		}
		v, err := fieldValue(def, obj[name])
		if err != nil {
			return nil, true, fmt.Errorf("dynamic field %q: %w", name, err)
		}
		out = append(out, gi.FieldInput{Name: name, Value: v})
	}
	return out, true, nil
}

// fieldValue converts one value for a field of def's type (zero def: the
// type is unknown).
func fieldValue(def tickets.DynamicFieldDef, v any) (any, error) {
	list, isList := v.([]any)
	if _, isObj := v.(map[string]any); isObj {
		return nil, errDynamicField
	}
	if def.FieldType == "Multiselect" || (def.FieldType == "" && isList) {
		var out []string
		if !isList {
			list = []any{v}
		}
		for _, e := range list {
			s, err := scalarText(e)
			if err != nil {
				return nil, err
			}
			if s == "" {
				continue
			}
			out = append(out, optionKey(def, s))
		}
		if out == nil {
			out = []string{}
		}
		return out, nil
	}
	if isList {
		return nil, errDynamicField
	}
	s, err := scalarText(v)
	if err != nil {
		return nil, err
	}
	switch def.FieldType {
	case "Dropdown":
		return optionKey(def, s), nil
	case "Date":
		if s == "" {
			return s, nil
		}
		if len(s) >= 10 {
			if _, err := time.Parse("2006-01-02", s[:10]); err == nil {
				return s[:10] + " 00:00:00", nil
			}
		}
		return nil, errDynamicField
	case "DateTime":
		if s == "" {
			return s, nil
		}
		for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.Format("2006-01-02 15:04:05"), nil
			}
		}
		return nil, errDynamicField
	case "Checkbox":
		switch strings.ToLower(s) {
		case "", "0", "false":
			return "0", nil
		}
		return "1", nil
	}
	return s, nil
}

// scalarText spells a JSON scalar as text; null is "" (clears the field).
func scalarText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "1", nil
		}
		return "0", nil
	case float64:
		return json.Number(fmt.Sprint(v)).String(), nil
	}
	return "", errDynamicField
}

// optionKey maps a Dropdown/Multiselect display text to its key; a key
// (or anything else) is kept.
func optionKey(def tickets.DynamicFieldDef, s string) string {
	if _, isKey := def.PossibleValues[s]; isKey || def.PossibleValues == nil {
		return s
	}
	for k, display := range def.PossibleValues {
		if display == s {
			return k
		}
	}
	return s
}

// fieldDefs returns the dynamic field definitions by name, nil when no
// ticket facts are configured.
func (a *Methods) fieldDefs(ctx context.Context) (map[string]tickets.DynamicFieldDef, error) {
	f := a.Facts()
	if f == nil {
		return nil, nil
	}
	defs, err := a.DynamicFieldDefs(ctx, f)
	if err != nil {
		return nil, err
	}
	if defs == nil {
		defs = map[string]tickets.DynamicFieldDef{}
	}
	return defs, nil
}

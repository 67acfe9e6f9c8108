package tickets

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// otrsTimeLayout is how OTRS writes a date-time, in its own time zone.
const otrsTimeLayout = "2006-01-02 15:04:05"

// Zones holds the two time zones a ticket answer is written in: the
// agent's (Created, Changed...) and OTRS's own (the *Server variants, and
// the zone GI's date strings are in).
type Zones struct {
	Agent, Server *time.Location
}

// ZonesFor returns the zones for agent u: the agent's UserTimeZone,
// falling back to the server zone when unset or unknown.
func (a *Methods) ZonesFor(u *session.User) Zones {
	server := a.Opts.ServerTimeZone
	if server == nil {
		server = time.UTC
	}
	z := Zones{Agent: server, Server: server}
	if u != nil && u.TimeZone != "" {
		if loc, err := time.LoadLocation(u.TimeZone); err == nil {
			z.Agent = loc
		}
	}
	return z
}

// parse reads an OTRS date-time string; ok is false for "" and OTRS's
// zero date.
func (z Zones) parse(s gi.Text) (time.Time, bool) {
	if s == "" || strings.HasPrefix(string(s), "0000-00-00") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(otrsTimeLayout, string(s), z.Server)
	if err != nil || t.Unix() <= 0 {
		return time.Time{}, false
	}
	return t, true
}

// agentDate formats t as 'YYYY-MM-DD HH:MM:SS (Zone)' in the agent's
// zone; nil for a zero date.
func (z Zones) agentDate(t time.Time, ok bool) *string {
	if !ok {
		return nil
	}
	s := t.In(z.Agent).Format(otrsTimeLayout) + " (" + z.Agent.String() + ")"
	return &s
}

// serverDate formats t in OTRS's zone without suffix; nil for a zero date.
func (z Zones) serverDate(t time.Time, ok bool) *string {
	if !ok {
		return nil
	}
	s := t.In(z.Server).Format(otrsTimeLayout)
	return &s
}

// unix returns t as epoch seconds; nil for a zero date.
func unix(t time.Time, ok bool) *int64 {
	if !ok {
		return nil
	}
	n := t.Unix()
	return &n
}

// epoch returns a nullable epoch value: 0 means "no such date" in OTRS.
func epoch(n gi.Int) *int64 {
	if n <= 0 {
		return nil
	}
	v := int64(n)
	return &v
}

// id returns a nullable id: OTRS sends "" (decoded as 0) for an unset
// ServiceID, SLAID...
func id(n gi.Int) *int {
	if n <= 0 {
		return nil
	}
	v := int(n)
	return &v
}

// Text returns a nullable string.
func Text(s gi.Text) *string { return api.Nullable(string(s)) }

// TicketNumber is written as a JSON number when it is all digits and
// exact in a float64, otherwise as a string (the contract's examples
// use numbers).
type TicketNumber string

// maxExact is 2^53, the largest integer every JSON client reads exactly.
const maxExact = 1 << 53

func (t TicketNumber) MarshalJSON() ([]byte, error) {
	s := string(t)
	if s == "" {
		return []byte("null"), nil
	}
	if s == "0" || s[0] != '0' {
		if n, err := strconv.ParseUint(s, 10, 64); err == nil && n < maxExact {
			return []byte(s), nil
		}
	}
	return json.Marshal(s)
}

// DynamicFieldEntry is one dynamic field of a ticket answer.
type DynamicFieldEntry struct {
	Name string
	// Type is the field type; null when the definitions are unavailable.
	Type *string
	// Value is a string, a list of strings (Multiselect) or null; a
	// Dropdown's value is its display text.
	Value   any
	Screens map[string]string
}

// DynamicFieldSet is a ticket's DynamicFields object, keyed by name.
type DynamicFieldSet map[string]DynamicFieldEntry

// Ticket is one ticket of getTicketList (and TicketFromFullTextSearch):
// OTRS's ticket attributes plus the helpers the contract adds.
type Ticket struct {
	Age                    int
	ArchiveFlag            *string
	ChangeBy               int
	Changed                *string
	ChangedServer          *string
	CreateBy               int
	CreateTimeUnix         *int64
	Created                *string
	CreatedServer          *string
	CustomerID             *string
	CustomerUserFirstname  *string
	CustomerUserID         *string
	CustomerUserLastname   *string
	DynamicFields          *DynamicFieldSet `json:",omitempty"`
	EscalationResponseTime *int64
	EscalationSolutionTime *int64
	EscalationTime         *int64
	EscalationUpdateTime   *int64
	GroupID                int
	HasWatch               int
	LinkCount              int
	Lock                   *string
	LockID                 int
	Owner                  *string
	OwnerID                int
	Priority               *string
	PriorityID             int
	Queue                  *string
	QueueID                int
	RealTillTimeNotUsed    *int64
	Responsible            *string
	ResponsibleID          int
	SLA                    *string
	SLAID                  *int
	Seen                   int
	Service                *string
	ServiceID              *int
	State                  *string
	StateID                int
	StateType              *string
	TicketID               int
	TicketNumber           TicketNumber
	Title                  *string
	Type                   *string
	TypeID                 *int
	UnlockTimeout          *int64
	UntilTime              *int
	UntilTimeDate          *string
	UntilTimeDateUnix      *int64
	WatcherCount           int
}

// ticketExtras are the facts of one ticket that GI does not give.
type ticketExtras struct {
	flags    TicketFlags
	customer PersonName
	agentID  int
}

// newTicket maps a GI ticket onto the contract's ticket record.
func newTicket(t *gi.Ticket, z Zones, x ticketExtras) Ticket {
	created, cok := z.parse(t.Created)
	changed, chok := z.parse(t.Changed)
	// RealTillTimeNotUsed is the pending time as epoch seconds; OTRS
	// leaves it 0 when the ticket is not pending.
	pending := time.Unix(int64(t.RealTillTimeNotUsed), 0)
	pok := t.RealTillTimeNotUsed > 0
	var until *int
	if t.UntilTime != 0 {
		v := int(t.UntilTime)
		until = &v
	}
	watch := false
	for _, w := range x.flags.Watchers {
		if w == x.agentID {
			watch = true
		}
	}
	return Ticket{
		Age:                    int(t.Age),
		ArchiveFlag:            Text(t.ArchiveFlag),
		ChangeBy:               int(t.ChangeBy),
		Changed:                z.agentDate(changed, chok),
		ChangedServer:          z.serverDate(changed, chok),
		CreateBy:               int(t.CreateBy),
		CreateTimeUnix:         unix(created, cok),
		Created:                z.agentDate(created, cok),
		CreatedServer:          z.serverDate(created, cok),
		CustomerID:             Text(t.CustomerID),
		CustomerUserFirstname:  api.Nullable(x.customer.FirstName),
		CustomerUserID:         Text(t.CustomerUserID),
		CustomerUserLastname:   api.Nullable(x.customer.LastName),
		EscalationResponseTime: epoch(t.EscalationResponseTime),
		EscalationSolutionTime: epoch(t.EscalationSolutionTime),
		EscalationTime:         epoch(t.EscalationTime),
		EscalationUpdateTime:   epoch(t.EscalationUpdateTime),
		GroupID:                int(t.GroupID),
		HasWatch:               api.Flag01(watch),
		LinkCount:              x.flags.Links,
		Lock:                   Text(t.Lock),
		LockID:                 int(t.LockID),
		Owner:                  Text(t.Owner),
		OwnerID:                int(t.OwnerID),
		Priority:               Text(t.Priority),
		PriorityID:             int(t.PriorityID),
		Queue:                  Text(t.Queue),
		QueueID:                int(t.QueueID),
		RealTillTimeNotUsed:    epoch(t.RealTillTimeNotUsed),
		Responsible:            Text(t.Responsible),
		ResponsibleID:          int(t.ResponsibleID),
		SLA:                    Text(t.SLA),
		SLAID:                  id(t.SLAID),
		Seen:                   api.Flag01(x.flags.Seen),
		Service:                Text(t.Service),
		ServiceID:              id(t.ServiceID),
		State:                  Text(t.State),
		StateID:                int(t.StateID),
		StateType:              Text(t.StateType),
		TicketID:               int(t.TicketID),
		TicketNumber:           TicketNumber(t.TicketNumber),
		Title:                  Text(t.Title),
		Type:                   Text(t.Type),
		TypeID:                 id(t.TypeID),
		UnlockTimeout:          epoch(t.UnlockTimeout),
		UntilTime:              until,
		UntilTimeDate:          z.agentDate(pending, pok),
		UntilTimeDateUnix:      unix(pending, pok),
		WatcherCount:           len(x.flags.Watchers),
	}
}

// dynamicFields builds a ticket's DynamicFields object. mode "mobile"
// lists the configured mobile fields, empty ones included; "all" lists
// every field that has a value. defs may be nil (no catalog): then Type is
// null and values are OTRS's keys.
func dynamicFields(mode string, values []gi.FieldValue, defs map[string]DynamicFieldDef, mobile map[string]map[string]string) *DynamicFieldSet {
	set := DynamicFieldSet{}
	byName := make(map[string]any, len(values))
	for _, v := range values {
		byName[v.Name] = v.Value
	}
	add := func(name string, raw any) {
		e := DynamicFieldEntry{Name: name, Value: emptyToNil(raw), Screens: mobile[name]}
		if e.Screens == nil {
			e.Screens = map[string]string{}
		}
		if d, ok := defs[name]; ok {
			ft := d.FieldType
			e.Type = &ft
			if d.FieldType == "Dropdown" {
				if key, ok := e.Value.(string); ok {
					if disp, ok := d.PossibleValues[key]; ok {
						e.Value = disp
					}
				}
			}
		}
		set[name] = e
	}
	switch mode {
	case "mobile":
		for name := range mobile {
			if defs != nil {
				if _, ok := defs[name]; !ok {
					continue // configured but not a valid ticket field
				}
			}
			add(name, byName[name])
		}
	default:
		for _, v := range values {
			if emptyToNil(v.Value) == nil {
				continue
			}
			if defs != nil {
				if _, ok := defs[v.Name]; !ok {
					continue
				}
			}
			add(v.Name, v.Value)
		}
	}
	return &set
}

// emptyToNil turns "" and empty lists into nil (the null rule).
func emptyToNil(v any) any {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
	case []any:
		if len(x) == 0 {
			return nil
		}
	}
	return v
}

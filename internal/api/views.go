package api

import (
	"context"
	"slices"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// ViewOptions are the settings RS4OTRS read from its own SysConfig
// (RS::Mobile::*, RS::API::DefaultState) and from OTRS's phone-ticket
// screen. A zero field takes the default of DefaultViewOptions.
type ViewOptions struct {
	// DefaultPriority is the phone screen's default priority (OTRS: "3 normal").
	DefaultPriority string
	// DefaultState is RS::API::DefaultState (default "open", the phone
	// screen's default).
	DefaultState string
	// Colors map a priority, type or state name (or "DEFAULT") to a colour;
	// missing ones are #ffffff.
	PriorityColors, TypeColors, TypeBackgroundColors, StateColors, StateBackgroundColors map[string]string
	// TypeAbbrs maps a type name to its abbreviation; otherwise its first
	// three letters, upper-cased.
	TypeAbbrs map[string]string
	// ViewableStateTypes is Ticket::ViewableStateType.
	ViewableStateTypes []string
	// PhoneStateTypes is the phone screen's StateType list: the states
	// offered when creating a ticket.
	PhoneStateTypes []string
	// ScreenStateTypes maps a mobile screen to the state types it offers.
	ScreenStateTypes map[string][]string
}

// DefaultViewOptions are OTRS's and the contract's defaults.
func DefaultViewOptions() ViewOptions {
	open := []string{"open", "closed", "pending reminder", "pending auto"}
	return ViewOptions{
		DefaultPriority:    "3 normal",
		DefaultState:       "open",
		ViewableStateTypes: []string{"new", "open", "pending reminder", "pending auto"},
		PhoneStateTypes:    open,
		ScreenStateTypes: map[string][]string{
			"AgentMobileNewTicket":    open,
			"AgentMobileTicketNote":   open,
			"AgentMobileTicketStatus": open,
			"AgentMobileTicketClose":  {"closed"},
			"AgentMobileEditTicket":   open,
		},
	}
}

func (v ViewOptions) WithDefaults() ViewOptions {
	d := DefaultViewOptions()
	if v.DefaultPriority == "" {
		v.DefaultPriority = d.DefaultPriority
	}
	if v.DefaultState == "" {
		v.DefaultState = d.DefaultState
	}
	if v.ViewableStateTypes == nil {
		v.ViewableStateTypes = d.ViewableStateTypes
	}
	if v.PhoneStateTypes == nil {
		v.PhoneStateTypes = d.PhoneStateTypes
	}
	if v.ScreenStateTypes == nil {
		v.ScreenStateTypes = d.ScreenStateTypes
	}
	return v
}

func color(m map[string]string, name string) string {
	if c := m[name]; c != "" {
		return c
	}
	if c := m["DEFAULT"]; c != "" {
		return c
	}
	return "#ffffff"
}

// ViewGroup is one group of /filters/getTicketViews.
type ViewGroup struct {
	Name      string
	Items     any
	Exclusive *int `json:",omitempty"`
}

// ViewItem is an item of the View group.
type ViewItem struct {
	ID      int
	Name    string
	Default *int `json:",omitempty"`
}

// PriorityItem is an item of the Priority group.
type PriorityItem struct {
	ID      int
	Name    string
	Default int
	Color   string
}

// TypeItem is an item of the Type group.
type TypeItem struct {
	ID              int
	Name            string
	Abbr            string
	Color           string
	BackgroundColor string
}

// StateItem is an item of the State group.
type StateItem struct {
	ID                   int
	Name                 string
	Default              int
	IsVisible            int
	StateType            string
	OnTicketCreateScreen int
	Color                string
	BackgroundColor      string
	Screens              map[string]int
}

// SortItem is an item of the Sort group.
type SortItem struct {
	Value string
	Name  string
}

// TicketViewsAnswer is the answer of /filters/getTicketViews.
type TicketViewsAnswer struct {
	Groups []ViewGroup
}

// views are the fixed views getTicketList understands: views[i] has ViewID -i.
var views = []string{"", "Assigned to me", "My Queues", "Open", "Closed", "New notes", "My locked", "My watched"}

// GetTicketViews returns the views, priorities, types, states and sort
// options. With QueueID the states are those the phone-ticket screen
// offers. ACLs are not applied.
func (a *API) GetTicketViews(ctx context.Context, r *Request) (any, error) {
	_, byQueue, err := r.Params.Int("QueueID")
	if err != nil {
		return nil, err
	}
	opt := a.Opts.Views.WithDefaults()
	one := 1
	var vi []ViewItem
	for i := 1; i < len(views); i++ {
		it := ViewItem{ID: -i, Name: views[i]}
		if i == 1 {
			it.Default = &one
		}
		vi = append(vi, it)
	}
	prios, err := catalogRows(ctx, a, "getTicketViews", otrs.Catalog.Priorities)
	if err != nil {
		return nil, err
	}
	pi := []PriorityItem{}
	for _, p := range prios {
		if p.ValidID == otrs.ValidID {
			pi = append(pi, PriorityItem{ID: p.ID, Name: p.Name, Default: Flag01(p.Name == opt.DefaultPriority), Color: color(opt.PriorityColors, p.Name)})
		}
	}
	types, err := catalogRows(ctx, a, "getTicketViews", otrs.Catalog.Types)
	if err != nil {
		return nil, err
	}
	ti := []TypeItem{}
	for _, t := range types {
		if t.ValidID != otrs.ValidID {
			continue
		}
		abbr := opt.TypeAbbrs[t.Name]
		if abbr == "" {
			abbr = strings.ToUpper(string([]rune(t.Name)[:min(3, len([]rune(t.Name)))]))
		}
		ti = append(ti, TypeItem{ID: t.ID, Name: t.Name, Abbr: abbr, Color: color(opt.TypeColors, t.Name), BackgroundColor: color(opt.TypeBackgroundColors, t.Name)})
	}
	states, err := catalogRows(ctx, a, "getTicketViews", otrs.Catalog.States)
	if err != nil {
		return nil, err
	}
	si := []StateItem{}
	for _, s := range states {
		if s.ValidID != otrs.ValidID {
			continue
		}
		isDefault := s.Name == opt.DefaultState
		onCreate := isDefault || slices.Contains(opt.PhoneStateTypes, s.TypeName)
		if byQueue && !onCreate {
			continue
		}
		screens := map[string]int{}
		for screen, ts := range opt.ScreenStateTypes {
			if slices.Contains(ts, s.TypeName) {
				screens[screen] = 1
			}
		}
		si = append(si, StateItem{ID: s.ID, Name: s.Name, Default: Flag01(isDefault), IsVisible: Flag01(slices.Contains(opt.ViewableStateTypes, s.TypeName)),
			StateType: s.TypeName, OnTicketCreateScreen: Flag01(onCreate), Color: color(opt.StateColors, s.Name),
			BackgroundColor: color(opt.StateBackgroundColors, s.Name), Screens: screens})
	}
	sorts := []SortItem{{"EscalationSolutionTime", "By time to done"}, {"Age", "By creating date"}, {"Priority", "By priority"}, {"Changed", "By last update"}}
	return TicketViewsAnswer{Groups: []ViewGroup{
		{Name: "View", Items: vi, Exclusive: &one},
		{Name: "Priority", Items: pi},
		{Name: "Type", Items: ti},
		{Name: "State", Items: si},
		{Name: "Sort", Items: sorts, Exclusive: &one},
	}}, nil
}

// Flag01 is a 0/1 flag, as the contract writes booleans.
func Flag01(b bool) int {
	if b {
		return 1
	}
	return 0
}

package otrs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings are the few SysConfig settings the proxy's ticket writes act
// on, as OTRS has them deployed.
type Settings struct {
	// TypeEnabled is Ticket::Type: tickets carry a type, and GI
	// TicketCreate refuses one without (otrs-recordings/real2/*/01).
	TypeEnabled bool
	// DefaultType is Ticket::Type::Default, the type OTRS's TicketCreate
	// gives a ticket created without one (Kernel/System/Ticket.pm:429-443
	// of Znuny 6.5.4).
	DefaultType string
	// PendingDiffTime is Ticket::Frontend::PendingDiffTime: how far ahead
	// of now the agent screens propose a pending time.
	PendingDiffTime time.Duration
	// Product is the OTRS line and version the catalog found.
	Product Product
	// SessionName is SysConfig SessionName: the agent interface's
	// session cookie and parameter (OTOBO: OTOBOAgentInterface,
	// otrs-recordings/real2/otobo11/sysconfig.txt).
	SessionName string
	// OwnerResetOnUnlock is Ticket::OwnerResetOnUnlock (OTOBO, on by
	// default): every unlock, a close's included, makes root the owner
	// (real2/otobo11/42, 43).
	OwnerResetOnUnlock bool
}

// Product names an OTRS line and its version.
type Product struct{ Name, Version string }

// The product names of the lines the proxy serves.
const (
	OTRS  = "OTRS"
	Znuny = "Znuny"
	OTOBO = "OTOBO"
)

// SettingNames are the SysConfig names Settings is read from.
var SettingNames = []string{"Ticket::Type", "Ticket::Type::Default", "Ticket::Frontend::PendingDiffTime"}

// DefaultSettings are OTRS's shipped defaults (Kernel/Config/Files/XML/
// Ticket.xml of Znuny 6.5.4, lines 109-122 and 1483-1489; the same in
// OTRS 6.0): types off, Unclassified, one day. They stand in where no
// catalog can read the deployed values.
func DefaultSettings() Settings {
	return Settings{DefaultType: "Unclassified", PendingDiffTime: 86400 * time.Second}
}

// ParseSettings reads Settings from deployed values by SysConfig name (as
// Admin::Config::Read prints them: "1", "Unclassified", "86400"); a name
// that is absent keeps its shipped default.
func ParseSettings(values map[string]string) (Settings, error) {
	s := DefaultSettings()
	if v, ok := values["Ticket::Type"]; ok {
		s.TypeEnabled = strings.TrimSpace(v) == "1"
	}
	if v := strings.TrimSpace(values["Ticket::Type::Default"]); v != "" {
		s.DefaultType = v
	}
	if v, ok := values["Ticket::Frontend::PendingDiffTime"]; ok && strings.TrimSpace(v) != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return s, fmt.Errorf("Ticket::Frontend::PendingDiffTime %q: not a number of seconds", v)
		}
		s.PendingDiffTime = time.Duration(n) * time.Second
	}
	return s, nil
}

package otrs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Settings are the SysConfig settings the proxy acts on, as OTRS has them
// deployed, and the product they were read from.
type Settings struct {
	// Product is the OTRS line serving the proxy (empty when unknown).
	Product Product
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
	// SessionName is SysConfig SessionName: the agent interface's session
	// parameter and cookie, and so the contract's token parameter
	// (OTRSAgentInterface; OTOBOAgentInterface on OTOBO,
	// real2/otobo11/sysconfig.txt).
	SessionName string
	// OwnerResetOnUnlock is OTOBO's Ticket::OwnerResetOnUnlock (absent
	// elsewhere, so false): unlocking a ticket makes root@localhost (user
	// 1) its owner (OTOBO 11.0.6 Kernel/System/Ticket.pm:4288-4302;
	// real2/otobo11/42*, 43*).
	OwnerResetOnUnlock bool
	// ScriptAlias is SysConfig ScriptAlias, the agent interface's path
	// ("otrs/", "znuny/" on Znuny 7, "otobo/"); empty when not read.
	// Kernel/Config.pm may override it (real2/znuny70/sysconfig.txt), so
	// it is advice, never a replacement for the configured URL.
	ScriptAlias string
}

// Product names an OTRS line and its version as far as it is known.
type Product struct {
	// Name is OTRS, Znuny or OTOBO; empty when unknown.
	Name string
	// Version is as exact as the source allows: the database holds the
	// release line ("6", "7", "11"), not the release (6.5.4).
	Version string
}

// The product names Product.Name takes.
const (
	OTRS  = "OTRS"
	Znuny = "Znuny"
	OTOBO = "OTOBO"
)

func (p Product) String() string {
	switch {
	case p.Name == "":
		return "unknown product"
	case p.Version == "":
		return p.Name
	}
	return p.Name + " " + p.Version
}

// SettingNames are the SysConfig names Settings is read from.
var SettingNames = []string{
	"ProductName", "ScriptAlias", "SessionName",
	"Ticket::Type", "Ticket::Type::Default", "Ticket::Frontend::PendingDiffTime", "Ticket::OwnerResetOnUnlock",
}

// DefaultSessionName is the SessionName OTRS and Znuny ship.
const DefaultSessionName = "OTRSAgentInterface"

// DefaultSettings are OTRS's shipped defaults (Kernel/Config/Files/XML/
// Ticket.xml of Znuny 6.5.4, lines 109-122 and 1483-1489; the same in
// OTRS 6.0; Framework.xml:1036-1042 for SessionName): types off,
// Unclassified, one day, OTRSAgentInterface. They stand in where no
// catalog can read the deployed values.
func DefaultSettings() Settings {
	return Settings{DefaultType: "Unclassified", PendingDiffTime: 86400 * time.Second, SessionName: DefaultSessionName}
}

// ParseSettings reads Settings from deployed values by SysConfig name (as
// Admin::Config::Read prints them: "1", "Unclassified", "86400"); a name
// that is absent keeps its shipped default. ProductName gives Product
// (ParseProduct).
func ParseSettings(values map[string]string) (Settings, error) {
	s := DefaultSettings()
	s.Product = ParseProduct(values["ProductName"])
	s.ScriptAlias = strings.TrimSpace(values["ScriptAlias"])
	if v := strings.TrimSpace(values["SessionName"]); v != "" {
		s.SessionName = v
	}
	s.TypeEnabled = strings.TrimSpace(values["Ticket::Type"]) == "1"
	s.OwnerResetOnUnlock = strings.TrimSpace(values["Ticket::OwnerResetOnUnlock"]) == "1"
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

var (
	productWord   = regexp.MustCompile(`(?i)\b(otobo|znuny|otrs)\b`)
	productNumber = regexp.MustCompile(`\b(\d+(?:\.\d+)*)\b`)
)

// ParseProduct reads the product from the ProductName a release ships,
// which names the vendor and, on some lines, the major version:
// "((OTRS)) Community Edition" (OTRS CE 6.0.41), "OTRS 6" (OTRS 6.0),
// "Znuny" (6.5, 7.0), "OTOBO 11" (Kernel/Config/Files/XML/Framework.xml
// line 53 of each). An admin's own ProductName names no vendor: unknown.
func ParseProduct(productName string) Product {
	m := productWord.FindStringSubmatch(productName)
	if m == nil {
		return Product{}
	}
	p := Product{Name: map[string]string{"otobo": OTOBO, "znuny": Znuny, "otrs": OTRS}[strings.ToLower(m[1])]}
	if v := productNumber.FindStringSubmatch(productName); v != nil {
		p.Version = v[1]
	}
	return p
}

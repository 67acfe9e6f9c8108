package store

import (
	"fmt"
	"sort"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Product names an OTRS line the fake can imitate; Dialects says how it
// differs from the others.
type Product string

// The lines the fake imitates, one per recorded system of
// otrs-recordings/real2 (README: "real2/", "Differences observed").
const (
	// Znuny65 is Znuny 6.5.4, the default: the first and second rounds
	// of recordings (otrs-recordings/gi, web, real2/znuny65).
	Znuny65 Product = "Znuny 6.5.4"
	// OTRS60 is ((OTRS)) Community Edition 6.0.41 (real2/otrs60).
	OTRS60 Product = "OTRS 6.0.41"
	// Znuny70 is Znuny 7.0.9 with its default paths (real2/znuny70).
	Znuny70 Product = "Znuny 7.0.9"
	// OTOBO11 is OTOBO 11.0.6 (real2/otobo11).
	OTOBO11 Product = "OTOBO 11.0.6"
)

// Dialect is everything that sets one line apart, as far as the fake
// models it. Each value cites the recording (under
// internal/otrs/recordings/data/real2) or the source it comes from; what
// is not listed here is the same on every line (real2 README, "Same on
// both", and znuny70 "GenericInterface: none"): among it the TicketCreate
// and TicketUpdate error codes and texts (real2/*/01, 03: identical on all
// four, only the key order varies), and the article keys
// CommunicationChannelID and ArticleNumber (real2/otobo11/44 note).
type Dialect struct {
	// Product is RELEASE's PRODUCT and VERSION.
	Product otrs.Product
	// Key names the dialect in RS4OTRS_DEMO_PRODUCT: the recordings'
	// folder name.
	Key string
	// SysConfig overrides the deployed settings of defaultSysConfig.
	SysConfig map[string]string
	// OTRS6IDs numbers groups and dynamic fields as OTRS 6 ships them
	// (asOTRS60).
	OTRS6IDs bool
	// SessionRemove: Kernel/GenericInterface/Operation/Session/ has
	// SessionRemove.pm.
	SessionRemove bool
	// PriorityColor: TicketGet adds the priority's colour.
	PriorityColor bool
	// ArticleVersions: articles carry IsEdited and IsDeleted.
	ArticleVersions bool
	// ArticleNumberByTime: ArticleNumber counts the articles sorted by
	// create time, then by id descending, so that articles of one second
	// are numbered in reverse (ArticleGet lists them with
	// ShowDeletedArticles).
	ArticleNumberByTime bool
	// LastViewsCrash: agent screens that render the LastViewsTypes
	// preference die with a GenericInterface session (HTTP 500).
	LastViewsCrash bool
	// EmptyLoginRedirect: the login's 302 has no body and its cookies
	// carry SameSite=Lax.
	EmptyLoginRedirect bool
	// Title ends every agent-interface page title; Daemon names the
	// product in the "Daemon is not running" notice.
	Title, Daemon string
}

// Dialects is the one table of the lines' differences.
var Dialects = map[Product]Dialect{
	Znuny65: {
		Product: otrs.Product{Name: otrs.Znuny, Version: "6.5.4"}, Key: "znuny65",
		SessionRemove:  true,    // znuny65/13-15
		LastViewsCrash: true,    // znuny65/21, 27
		Title:          "Znuny", // znuny65/24
		Daemon:         "OTRS",  // znuny65/24
	},
	Znuny70: {
		Product: otrs.Product{Name: otrs.Znuny, Version: "7.0.9"}, Key: "znuny70",
		// Znuny 7's default ScriptAlias (znuny70/sysconfig.txt:
		// ZZZAAuto.pm; the recorded install set otrs/ in Config.pm).
		SysConfig:      map[string]string{"ScriptAlias": "znuny/"},
		SessionRemove:  true,    // znuny70/13-15 = znuny65
		LastViewsCrash: true,    // znuny70/21, 27
		Title:          "Znuny", // znuny70 README: titles still end in "- Znuny"
		Daemon:         "Znuny", // znuny70/24
	},
	OTRS60: {
		Product: otrs.Product{Name: otrs.OTRS, Version: "6.0.41"}, Key: "otrs60",
		OTRS6IDs:      true,                         // otrs60/db/12-groups.txt, 19-dynamic_field.txt
		PriorityColor: true,                         // otrs60/05; Kernel/System/Ticket.pm:1363 at v6.0.41
		Title:         "((OTRS)) Community Edition", // otrs60/24
		Daemon:        "OTRS",                       // otrs60/24
	},
	OTOBO11: {
		Product: otrs.Product{Name: otrs.OTOBO, Version: "11.0.6"}, Key: "otobo11",
		// otobo11/sysconfig.txt: SessionName, ScriptAlias and
		// Ticket::OwnerResetOnUnlock (on by default since OTOBO 10.1).
		SysConfig: map[string]string{
			"SessionName": "OTOBOAgentInterface", "ScriptAlias": "otobo/", "Ticket::OwnerResetOnUnlock": "1",
		},
		OTRS6IDs:            true,       // otobo11/db/12-groups_table.txt, 19-dynamic_field.txt
		ArticleVersions:     true,       // otobo11/10, 44
		ArticleNumberByTime: true,       // otobo11/10, 44: articles 13, 14, 15 are 1, 3, 2
		EmptyLoginRedirect:  true,       // otobo11/22
		Title:               "OTOBO 11", // otobo11/21
		Daemon:              "OTOBO",    // otobo11/24
	},
}

// ProductByKey returns the product a dialect key names.
func ProductByKey(key string) (Product, error) {
	for p, d := range Dialects {
		if d.Key == key {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown OTRS dialect %q (known: %v)", key, DialectKeys())
}

// DialectKeys lists the dialects' keys, sorted.
func DialectKeys() []string {
	var keys []string
	for _, d := range Dialects {
		keys = append(keys, d.Key)
	}
	sort.Strings(keys)
	return keys
}

// Dialect is the Store's line's table entry. The caller holds Mu.
func (s *Store) Dialect() Dialect { return Dialects[s.Product] }

// WebPath is the path every URL of the line lives under, e.g. "/otrs/"
// (SysConfig ScriptAlias). The caller holds Mu.
func (s *Store) WebPath() string { return "/" + s.Setting("ScriptAlias") }

// NewStoreFor returns the demo data as product p holds it: the same
// agents, queues, tickets and values, under p's own ids where the lines
// number their shipped rows differently, with p's settings.
func NewStoreFor(p Product) *Store {
	s := NewStore()
	s.Product = p
	d := s.Dialect()
	for name, v := range d.SysConfig {
		s.SysConfig[name] = v
	}
	if d.OTRS6IDs {
		s.asOTRS60()
	}
	return s
}

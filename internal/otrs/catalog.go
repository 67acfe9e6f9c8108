// Package otrs holds the domain types of OTRS's catalog data (queues,
// services, agents, groups, customers...) and the Catalog port that
// serves them, shared by the catalog implementations (internal/otrs/db,
// internal/fakeotrs) and their users (internal/api, internal/perms,
// internal/push through app). The types carry no secret: no password hash,
// no token.
package otrs

import (
	"context"
	"errors"
	"strings"
	"time"
)

// ErrNotFound is returned by lookups of a single row that does not exist.
var ErrNotFound = errors.New("not found")

// ValidID 1 is OTRS's "valid"; 2 and 3 are "invalid" and "invalid-temporarily".
const ValidID = 1

// Queue is a row of queue; Name is the full "Parent::Child" path.
type Queue struct {
	ID      int
	Name    string
	GroupID int
	ValidID int
	Comment string
}

// Service is a row of service; Name is the full path.
type Service struct {
	ID      int
	Name    string
	ValidID int
	Comment string
}

// SLA is a row of sla with the services it is linked to (service_sla).
type SLA struct {
	ID         int
	Name       string
	ValidID    int
	ServiceIDs []int
}

// Item is a row of a simple id/name table: ticket_type, ticket_priority,
// ticket_state_type.
type Item struct {
	ID      int
	Name    string
	ValidID int
}

// State is a row of ticket_state with its type's name.
type State struct {
	ID       int
	Name     string
	TypeID   int
	TypeName string
	ValidID  int
}

// Agent is a row of users with its preferences (user_preferences). Prefs
// never holds a secret: the catalogs drop the password and every key
// IsSecretPref names.
type Agent struct {
	ID         int
	Login      string
	Title      string
	FirstName  string
	LastName   string
	ValidID    int
	CreateTime time.Time
	ChangeTime time.Time
	Prefs      map[string]string
}

// IsSecretPref reports whether a user_preferences key may hold a secret
// (password, reset token, 2FA secret...). Such keys never leave a catalog.
func IsSecretPref(key string) bool {
	k := strings.ToLower(key)
	for _, s := range []string{"pw", "password", "token", "secret", "googleauthenticator", "otp"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}

// Group is a row of permission_groups (groups on OTRS 6).
type Group struct {
	ID      int
	Name    string
	ValidID int
}

// Role is a row of roles.
type Role struct {
	ID      int
	Name    string
	ValidID int
}

// GroupUser is a row of group_user: a permission key granted directly.
type GroupUser struct {
	UserID  int
	GroupID int
	Key     string
}

// GroupRole is a row of group_role; Value false (permission_value 0) grants
// nothing.
type GroupRole struct {
	RoleID  int
	GroupID int
	Key     string
	Value   bool
}

// RoleUser is a row of role_user.
type RoleUser struct {
	UserID int
	RoleID int
}

// PermissionRows are the raw rows OTRS computes an agent's permissions
// from. session/ does the computing, so both catalogs only read.
type PermissionRows struct {
	Groups     []Group
	Roles      []Role
	GroupUsers []GroupUser
	GroupRoles []GroupRole
	RoleUsers  []RoleUser
	// AgentValid maps every agent id to its valid flag.
	AgentValid map[int]bool
}

// CustomerCompany is a row of customer_company.
type CustomerCompany struct {
	CustomerID string
	Name       string
	ValidID    int
}

// CustomerUser is a row of customer_user, without its password.
type CustomerUser struct {
	Login      string
	Email      string
	CustomerID string
	Title      string
	FirstName  string
	LastName   string
	Phone      string
	Fax        string
	Mobile     string
	Street     string
	Zip        string
	City       string
	Country    string
	Comment    string
	ValidID    int
}

// DefaultServiceLogin is the customer login OTRS links default services to
// (service_customer_user).
const DefaultServiceLogin = "<DEFAULT>"

// DynamicField is a row of dynamic_field with its YAML config parsed.
type DynamicField struct {
	ID         int
	Name       string
	Label      string
	FieldOrder int
	FieldType  string
	ObjectType string
	Internal   bool
	ValidID    int
	Config     map[string]any
}

// Package is an installed package (package_repository).
type Package struct {
	Name    string
	Version string
	Vendor  string
}

// Language is one entry of OTRS's DefaultUsedLanguages setting.
type Language struct {
	ID   string
	Name string
}

// Catalog is the read-only OTRS catalog: the SQL one (internal/otrs/db, cached) or
// the fake's in-memory one (internal/fakeotrs). List methods return every row,
// valid or not, ordered by id; the methods filter. A catalog never writes.
type Catalog interface {
	Queues(ctx context.Context) ([]Queue, error)
	Services(ctx context.Context) ([]Service, error)
	// CustomerServiceIDs returns the ids of the services linked to the
	// customer user login (service_customer_user); login
	// DefaultServiceLogin gives the default services.
	CustomerServiceIDs(ctx context.Context, login string) ([]int, error)
	SLAs(ctx context.Context) ([]SLA, error)
	Types(ctx context.Context) ([]Item, error)
	Priorities(ctx context.Context) ([]Item, error)
	States(ctx context.Context) ([]State, error)
	Agents(ctx context.Context) ([]Agent, error)
	PermissionRows(ctx context.Context) (*PermissionRows, error)
	CustomerCompanies(ctx context.Context) ([]CustomerCompany, error)
	// CustomerUsers returns every customer user ordered by login.
	CustomerUsers(ctx context.Context) ([]CustomerUser, error)
	Languages(ctx context.Context) ([]Language, error)
	// Settings returns the deployed SysConfig settings the ticket
	// writes act on.
	Settings(ctx context.Context) (Settings, error)
	Packages(ctx context.Context) ([]Package, error)
	DynamicFields(ctx context.Context) ([]DynamicField, error)

	// TicketQueue returns the queue of ticket id, or ErrNotFound: it
	// tells "No ticket" from "No permission" (GI answers both alike).
	TicketQueue(ctx context.Context, ticketID int) (int, error)
	// PersonalQueueIDs returns the agent's "My Queues".
	PersonalQueueIDs(ctx context.Context, agentID int) ([]int, error)
	// Watchers returns the ids of the agents watching the ticket.
	Watchers(ctx context.Context, ticketID int) ([]int, error)
	// QueueSubscribers returns the agents with the queue among their
	// "My Queues" (push recipients).
	QueueSubscribers(ctx context.Context, queueID int) ([]int, error)

	// ArticleTicketID returns the ticket of an article, or
	// ErrNotFound (getAttachment with only ArticleID).
	ArticleTicketID(ctx context.Context, articleID int) (int, error)
	// TicketFlags returns, per ticket id, the agent's Seen flag, the
	// watchers and the number of valid links; tickets without any of them
	// may be left out. One batch of reads for all ids, never cached: the
	// proxy itself changes them.
	TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]TicketFlags, error)
	// ArticlesSeen returns the ids among articleIDs the agent has seen
	// (article_flag Seen).
	ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error)
}

// Package store is the fake OTRS's database: the Store with its catalog
// tables, tickets, sessions and history, the demo seed data, the lookups
// and writes that every face of the fake shares (GenericInterface, agent
// interface), the in-memory otrs.Catalog and the push directory. The
// handlers live in fakeotrs (gi, web) and hold Store.Mu around each call.
package store

import (
	"sync"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Store is the fake OTRS's whole database: the catalog tables and the
// tickets. Every handler of the fake (GenericInterface, agent interface,
// catalog) reads and writes it under Mu, so a test can inspect what a call
// really changed. The ticket reads (TicketSearch, TicketGet), the catalog
// and the push directory hold it only for reading, so that one slow
// search does not stall every other reader (demo mode serves all clients
// from one Store); the session check of the ticket reads touches the
// session under TouchMu instead.
type Store struct {
	// Mu guards every field below; handlers hold it for a whole call.
	Mu sync.RWMutex
	// TouchMu guards Session.LastRequest among holders of Mu's read lock.
	TouchMu sync.Mutex

	// Now is the fake's clock; tests freeze it so golden answers are stable.
	Now func() time.Time

	// Product is the OTRS line the fake imitates where the lines differ
	// (otrs-recordings/real2/README: "Differences observed"); Dialect
	// says how.
	Product Product
	// SysConfig holds the deployed values of the settings the fake
	// honours, by setting name, as Admin::Config::Read prints them.
	SysConfig map[string]string

	Agents           []*Agent
	Groups           []*Group
	Roles            []*Role
	Queues           []*Queue
	Services         []*Service
	SLAs             []*SLA
	Types            []*NamedItem
	States           []*State
	StateTypes       []*NamedItem
	Priorities       []*NamedItem
	Locks            []*NamedItem
	CustomerCompanys []*CustomerCompany
	CustomerUsers    []*CustomerUser
	DynamicFields    []*DynamicField
	Packages         []*Package
	// Languages maps a language code to its English name, as OTRS's
	// DefaultUsedLanguages setting does.
	Languages map[string]string

	// MailFails makes every mail OTRS would send fail to queue, as on a
	// real Znuny whose system address the mail queue refused ("Invalid
	// syntax" for znuny@localhost): ArticleSend then stores the article
	// but answers failure.
	MailFails bool
	// faults are the step failures a test arranged (fault.go).
	faults faults

	// GenericAgentJobs are the admin's event-based jobs (genericagent.go).
	GenericAgentJobs []*GenericAgentJob

	Tickets  []*Ticket
	Sessions map[string]*Session
	// History holds ticket history rows in the order they were written.
	History []*HistoryEntry

	// NextTicketID is the id the next created ticket gets (the seed
	// leaves it at the last seeded id, as the recordings number them);
	// NextArticleID is the last article id given out.
	NextTicketID  int
	NextArticleID int
	nextTN        int
}

// defaultSysConfig is what real2/znuny65/sysconfig.txt and
// real2/otrs60/sysconfig.txt read on both systems: Ticket::Type, Service,
// Responsible and Watcher switched on (a common set-up), the rest at
// OTRS's defaults.
func defaultSysConfig() map[string]string {
	return map[string]string{
		"Ticket::Type":                      "1",
		"Ticket::Service":                   "1",
		"Ticket::Responsible":               "1",
		"Ticket::Watcher":                   "1",
		"Ticket::Type::Default":             "Unclassified",
		"Ticket::Frontend::PendingDiffTime": "86400",
		"CheckEmailInvalidAddress":          `@(example)\.(..|...)$`,
		"SessionMaxIdleTime":                "7200",
		"SessionMaxTime":                    "57600",
		"AgentSessionLimit":                 "100",
		"AgentSessionPerUserLimit":          "20",
		"Ticket::ArchiveSystem":             "0",
		// The names and paths of Znuny 6.5.4 and OTRS 6.0.41 (real2/
		// znuny70/sysconfig.txt lists them; the dialects change them).
		"SessionName":                "OTRSAgentInterface",
		"ScriptAlias":                "otrs/",
		"Ticket::OwnerResetOnUnlock": "0",
	}
}

// Setting returns the deployed value of a SysConfig setting ("" when
// unset). The caller holds Mu.
func (s *Store) Setting(name string) string { return s.SysConfig[name] }

// Lock runs fn with the store locked; tests use it to read or change data
// while the fake serves requests.
func (s *Store) Lock(fn func(*Store)) {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	fn(s)
}

// Read runs fn with the store locked for reading only: fn must change
// nothing. Readers run side by side.
func (s *Store) Read(fn func(*Store)) {
	s.Mu.RLock()
	defer s.Mu.RUnlock()
	fn(s)
}

// Agent is a row of OTRS's users table with its preferences.
type Agent struct {
	ID        int
	Login     string
	Password  string
	FirstName string
	LastName  string
	Title     string
	Email     string
	ValidID   int
	// Perms maps a group id to the permission keys granted directly.
	Perms map[int][]string
	// RoleIDs are the roles the agent is a member of.
	RoleIDs        []int
	Language       string
	TimeZone       string
	PersonalQueues []int
	// PersonalServices are the service ids the agent picked as "My Services".
	PersonalServices []int
	OutOfOffice      bool
	CreateTime       time.Time
}

func (a *Agent) FullName() string { return a.FirstName + " " + a.LastName }

// Group is a row of permission_groups (groups on OTRS 6). Rows the fake
// keeps exactly as otrs/ describes them are defined on otrs/'s types, so
// the catalog converts them whole (a defined type, not an alias, keeps
// seed.go's short literals vet-clean).
type Group otrs.Group

// Role is a role with the permissions it grants per group.
type Role struct {
	ID      int
	Name    string
	ValidID int
	Perms   map[int][]string
}

// Queue is a row of the queue table; Name is the full Parent::Child path.
type Queue otrs.Queue

// Service is a row of the service table; Name is the full path.
type Service struct {
	ID      int
	Name    string
	ValidID int
	Comment string
	// Customers are the customer user logins the service is linked to;
	// "<DEFAULT>" makes it a default service for everyone.
	Customers []string
}

// SLA is a row of the sla table with its service links.
type SLA otrs.SLA

// NamedItem is a row of a simple id/name table (types, priorities, locks,
// state types).
type NamedItem otrs.Item

// State is a row of ticket_state.
type State struct {
	ID      int
	Name    string
	TypeID  int
	ValidID int
}

// CustomerCompany is a row of customer_company.
type CustomerCompany struct {
	CustomerID string
	Name       string
	Street     string
	City       string
	Country    string
	URL        string
	ValidID    int
}

// CustomerUser is a row of customer_user.
type CustomerUser struct {
	ID         int
	Login      string
	Password   string
	Title      string
	FirstName  string
	LastName   string
	Email      string
	CustomerID string
	Phone      string
	Mobile     string
	Street     string
	Zip        string
	City       string
	Country    string
	Comment    string
	ValidID    int
	CreateTime time.Time
}

// DynamicField is a row of dynamic_field; Config holds the parsed YAML.
type DynamicField otrs.DynamicField

// Package is a row of package_repository.
type Package otrs.Package

// Session is an OTRS session, as GI SessionCreate makes it.
type Session struct {
	ID          string
	UserID      int // agent id, or customer user id when Customer is set
	Customer    bool
	CreateTime  time.Time
	LastRequest time.Time
	// ChallengeToken is the agent interface's per-session token.
	ChallengeToken string
	// Source is the session's SessionSource: SourceGI ("") for GI
	// SessionCreate, SourceAgentInterface for index.pl's login
	// (real2/*/db/40-sessions-SessionSource-UserType.txt).
	Source string
}

// SessionSource values.
const (
	SourceGI             = ""
	SourceAgentInterface = "AgentInterface"
)

// Ticket is a ticket with its articles and flags.
type Ticket struct {
	ID             int
	TN             string
	Title          string
	QueueID        int
	TypeID         int
	ServiceID      int
	SLAID          int
	StateID        int
	PriorityID     int
	LockID         int
	OwnerID        int
	ResponsibleID  int
	CustomerID     string
	CustomerUserID string
	ArchiveFlag    bool
	// PendingUntil is zero unless the ticket is in a pending state.
	PendingUntil    time.Time
	Created         time.Time
	Changed         time.Time
	CreateBy        int
	ChangeBy        int
	EscalationSolve time.Time // zero: no solution deadline
	UnlockTimeout   int64
	// DynamicFields maps a field name to its value: string, []string or
	// nil. Date values are "YYYY-MM-DD 00:00:00".
	DynamicFields map[string]any
	Articles      []*Article
	// Watchers are the ids of agents watching the ticket.
	Watchers []int
	// SeenBy holds the ids of agents that saw the whole ticket.
	SeenBy map[int]bool
	// Links counts linked objects (link_relation rows).
	Links int
}

// Article is one article of a ticket.
type Article struct {
	ID                     int
	TicketID               int
	CommunicationChannelID int // 1 Email, 2 Phone, 3 Internal, 4 Chat
	SenderTypeID           int // 1 agent, 2 system, 3 customer
	IsVisibleForCustomer   bool
	From                   string
	To                     string
	Cc                     string
	ReplyTo                string
	Subject                string
	Body                   string
	ContentType            string // "text/plain; charset=utf8"
	TimeUnit               float64
	// NoAgentNotify is what GI passed to ArticleCreate; AgentNotification
	// the notification event OTRS raised for the article ("" for none).
	NoAgentNotify     bool
	AgentNotification string
	Created           time.Time
	CreateBy          int
	DynamicFields     map[string]any
	Attachments       []*Attachment
	// SeenBy holds the ids of agents that saw the article.
	SeenBy map[int]bool
}

// Attachment is a file of an article. HTML bodies are kept as an
// attachment named file-2, as OTRS stores them.
type Attachment struct {
	FileID      int
	Filename    string
	ContentType string
	Disposition string
	ContentID   string
	Content     []byte
}

// HistoryEntry is a row of ticket_history.
type HistoryEntry struct {
	TicketID  int
	ArticleID int
	Type      string // NewTicket, TitleUpdate, Move, StateUpdate, ...
	Name      string
	CreateBy  int
	Created   time.Time
	// The ticket's values when the row was written; zero on seeded rows,
	// which TicketHistoryGet fills from the ticket.
	OwnerID, PriorityID, QueueID, StateID, TypeID int
}

package fakeotrs

import "github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"

// The fake's data model lives in fakeotrs/store; these names keep the
// fake's public API in one place for its callers (tests, demo mode).
type (
	Store         = store.Store
	Product       = store.Product
	Dialect       = store.Dialect
	Ticket        = store.Ticket
	Article       = store.Article
	Attachment    = store.Attachment
	CustomerUser  = store.CustomerUser
	Catalog       = store.Catalog
	PushDirectory = store.PushDirectory
	Step          = store.Step
)

// The OTRS lines the fake imitates, the demo agent and the seeded names
// callers refer to.
const (
	Znuny65              = store.Znuny65
	OTRS60               = store.OTRS60
	Znuny70              = store.Znuny70
	OTOBO11              = store.OTOBO11
	DemoLogin            = store.DemoLogin
	DemoPassword         = store.DemoPassword
	ArchiveField         = store.ArchiveField
	SourceAgentInterface = store.SourceAgentInterface
)

// The steps of OTRS's own code a test can make fail (Store.FailNext).
const (
	StepTitleUpdate     = store.StepTitleUpdate
	StepLockSet         = store.StepLockSet
	StepOwnerSet        = store.StepOwnerSet
	StepPendingTimeSet  = store.StepPendingTimeSet
	StepAccountTime     = store.StepAccountTime
	StepAttachmentIndex = store.StepAttachmentIndex
)

// SeedTime is the time the demo data is seeded at.
var SeedTime = store.SeedTime

// Dialects are the lines the fake imitates and how they differ.
var Dialects = store.Dialects

// ProductByKey returns the line a key of RS4OTRS_DEMO_PRODUCT names.
func ProductByKey(key string) (Product, error) { return store.ProductByKey(key) }

// NewStore returns the demo data set (store.NewStore).
func NewStore() *Store { return store.NewStore() }

// NewStoreFor returns the demo data set as product p holds it.
func NewStoreFor(p Product) *Store { return store.NewStoreFor(p) }

// NewCatalog serves s as an otrs.Catalog.
func NewCatalog(s *Store) *Catalog { return store.NewCatalog(s) }

// AgentPrefs are an agent's preferences as the catalog reads them.
func AgentPrefs(a *store.Agent) map[string]string { return store.AgentPrefs(a) }

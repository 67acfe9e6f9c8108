package api

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// Catalog is the read-only OTRS catalog: the SQL one (otrs/db, cached) or
// the fake's in-memory one (otrs/otrstest). List methods return every row,
// valid or not, ordered by id; the methods filter. A catalog never writes.
type Catalog interface {
	Queues(ctx context.Context) ([]otrs.Queue, error)
	Services(ctx context.Context) ([]otrs.Service, error)
	// CustomerServiceIDs returns the ids of the services linked to the
	// customer user login (service_customer_user); login
	// otrs.DefaultServiceLogin gives the default services.
	CustomerServiceIDs(ctx context.Context, login string) ([]int, error)
	SLAs(ctx context.Context) ([]otrs.SLA, error)
	Types(ctx context.Context) ([]otrs.Item, error)
	Priorities(ctx context.Context) ([]otrs.Item, error)
	States(ctx context.Context) ([]otrs.State, error)
	Agents(ctx context.Context) ([]otrs.Agent, error)
	PermissionRows(ctx context.Context) (*otrs.PermissionRows, error)
	CustomerCompanies(ctx context.Context) ([]otrs.CustomerCompany, error)
	// CustomerUsers returns every customer user ordered by login.
	CustomerUsers(ctx context.Context) ([]otrs.CustomerUser, error)
	Languages(ctx context.Context) ([]otrs.Language, error)
	// Settings returns the deployed SysConfig settings the ticket
	// writes act on.
	Settings(ctx context.Context) (otrs.Settings, error)
	Packages(ctx context.Context) ([]otrs.Package, error)
	DynamicFields(ctx context.Context) ([]otrs.DynamicField, error)

	// TicketQueue returns the queue of ticket id, or otrs.ErrNotFound: it
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
	// otrs.ErrNotFound (getAttachment with only ArticleID).
	ArticleTicketID(ctx context.Context, articleID int) (int, error)
	// TicketFlags returns, per ticket id, the agent's Seen flag, the
	// watchers and the number of valid links; tickets without any of them
	// may be left out. One batch of reads for all ids, never cached: the
	// proxy itself changes them.
	TicketFlags(ctx context.Context, agentID int, ticketIDs []int) (map[int]otrs.TicketFlags, error)
	// ArticlesSeen returns the ids among articleIDs the agent has seen
	// (article_flag Seen).
	ArticlesSeen(ctx context.Context, agentID int, articleIDs []int) (map[int]bool, error)
}

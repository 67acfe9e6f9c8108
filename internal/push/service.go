package push

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
)

// Config configures the push service.
type Config struct {
	// Server is sent as data.server so a multi-account app knows which
	// OTRS a message is from (usually OTRS's host name).
	Server string
	// Secret authenticates OTRS at the intake: as the X-Proxy-Secret
	// header (Znuny's AdditionalHeaders) or as the password of HTTP basic
	// auth with user BasicUser (OTRS 6.0's requester can do only that).
	Secret    string
	BasicUser string
	// Workers send in parallel; QueueSize bounds the jobs waiting.
	Workers   int
	QueueSize int
	// MaxAttempts bounds the tries per device (the first included);
	// Backoff is the first retry delay, doubled each time up to
	// MaxRetryDelay. A Retry-After longer than MaxRetryDelay gives up.
	MaxAttempts   int
	Backoff       time.Duration
	MaxRetryDelay time.Duration
	// SendTimeout bounds one FCM call (the SDK's own retries included).
	SendTimeout time.Duration
	// DeviceTimeout bounds all tries for one device, MessageTimeout all
	// devices of one message: FCM unreachable costs a worker that long
	// at most, not attempts × the SDK's tries × their waits.
	DeviceTimeout  time.Duration
	MessageTimeout time.Duration
	// Rules choose the recipients of bare events.
	Rules Rules
	Log   zerolog.Logger
}

// DefaultBasicUser is the basic-auth user name OTRS 6.0 sends.
const DefaultBasicUser = "rs4otrs"

func (c *Config) defaults() {
	if c.BasicUser == "" {
		c.BasicUser = DefaultBasicUser
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 1000
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Second
	}
	if c.MaxRetryDelay <= 0 {
		c.MaxRetryDelay = time.Minute
	}
	if c.SendTimeout <= 0 {
		// The SDK's five tries wait 7 s in all between them.
		c.SendTimeout = 15 * time.Second
	}
	if c.DeviceTimeout <= 0 {
		c.DeviceTimeout = 30 * time.Second
	}
	if c.MessageTimeout <= 0 {
		c.MessageTimeout = time.Minute
	}
}

// Service is the push side of the proxy: it stores device tokens
// (api.Pusher), takes notifications in over HTTP (Handler) and
// sends them asynchronously. Shutdown drains it.
type Service struct {
	cfg     Config
	store   Store
	sender  Sender
	tickets TicketReader
	dir     Directory

	queue      chan job
	mu         sync.RWMutex // guards closed against Enqueue racing Shutdown
	closed     bool
	workers    sync.WaitGroup
	workCtx    context.Context
	cancelWork context.CancelFunc

	stats     stats
	ownsStore bool
	closeOnce sync.Once
}

// New starts the workers. tickets and dir may be nil: bare events are
// then acknowledged and dropped with a log line (Znuny's Webservice
// notifications need neither).
func New(cfg Config, store Store, sender Sender, tickets TicketReader, dir Directory) *Service {
	cfg.defaults()
	s := &Service{cfg: cfg, store: store, sender: sender, tickets: tickets, dir: dir,
		queue: make(chan job, cfg.QueueSize)}
	s.workCtx, s.cancelWork = context.WithCancel(context.Background())
	for range cfg.Workers {
		s.workers.Add(1)
		go s.work()
	}
	return s
}

// SetToken registers the device token of an agent.
func (s *Service) SetToken(ctx context.Context, agentID int, token string) error {
	return s.store.Set(ctx, agentID, token)
}

// NeedTokenUpdate reports whether the agent has no live token: none was
// registered, or FCM rejected every one. A store failure is logged and
// reported as false, so that an outage does not make every app
// re-register at once.
func (s *Service) NeedTokenUpdate(ctx context.Context, agentID int) bool {
	toks, err := s.store.Tokens(ctx, agentID)
	if err != nil {
		s.cfg.Log.Error().Err(err).Int("agent_id", agentID).Msg("push: token lookup")
		return false
	}
	return len(toks) == 0
}

// Stats are the service's counters since it started.
type Stats struct {
	Accepted int64 // jobs queued by the intake
	Rejected int64 // jobs refused: queue full or shutting down
	// Refused intake calls: a wrong secret, a body that is no
	// notification or event. OTRS does not send them again.
	Unauthorized  int64
	BadBody       int64
	Sent          int64 // messages FCM accepted (one per device)
	Failed        int64 // messages given up
	Retried       int64 // retries of a send
	TokensRemoved int64 // tokens FCM reported dead
	Unsent        int64 // jobs dropped at shutdown
}

// QueueDepth is the number of jobs waiting for a worker.
func (s *Service) QueueDepth() int { return len(s.queue) }

// Counts returns Stats by result name, for metrics.
func (st Stats) Counts() map[string]int64 {
	return map[string]int64{
		"accepted": st.Accepted, "rejected": st.Rejected,
		"refused_unauthorized": st.Unauthorized, "refused_body": st.BadBody, "sent": st.Sent, "failed": st.Failed,
		"retried": st.Retried, "token_removed": st.TokensRemoved, "unsent": st.Unsent,
	}
}

type stats struct {
	accepted, rejected, sent, failed, retried, removed, unsent atomic.Int64
	unauthorized, badBody                                      atomic.Int64
}

// Stats returns a snapshot of the counters.
func (s *Service) Stats() Stats {
	return Stats{
		Accepted: s.stats.accepted.Load(), Rejected: s.stats.rejected.Load(),
		Unauthorized: s.stats.unauthorized.Load(), BadBody: s.stats.badBody.Load(),
		Sent: s.stats.sent.Load(), Failed: s.stats.failed.Load(), Retried: s.stats.retried.Load(),
		TokensRemoved: s.stats.removed.Load(), Unsent: s.stats.unsent.Load(),
	}
}

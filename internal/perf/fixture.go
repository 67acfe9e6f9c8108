// Package perf is the proxy's measuring instrument for latency in front of
// a slow OTRS (issue 16): a successful call of each of the 40 methods on
// the demo data (Methods), the OTRS calls each cannot avoid (its floor,
// sent straight to the fake OTRS), and a runner that times both with the
// fake's latency model on and prints one ratio table. The benchmarks,
// the round-trip test, `make bench-table` and `make load` use it.
package perf

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

// The agent every call is made as (demo data, full rights on Support and
// Sales), and the customer user of its tickets.
const (
	Login    = "agent.full"
	Password = "AgentFull123!"
	agentID  = 2
)

// Fixture is a proxy in demo mode with the data the calls work on: a
// ticket of its own with an attachment, reachable both through the proxy
// and straight at the fake OTRS.
type Fixture struct {
	// API is the proxy's base URL, e.g. http://127.0.0.1:1234/otrs/api.
	API string
	// App is the proxy; App.Demo is its fake OTRS.
	App *app.App
	// GI and Web talk straight to the fake, for the floors.
	GI  *gi.Client
	Web *web.Client
	// Session is the agent's OTRS session the floors use.
	Session string
	// Ticket is the work ticket, Article its first article, which holds
	// the attachment File; Pending a ticket in a pending state (demo 7).
	Ticket, Article, Pending int
	// Now is the proxy's clock (frozen in the tests).
	Now  func() time.Time
	http *http.Client
	seq  atomic.Int64
	// calls counts each key's calls (odd).
	mu    sync.Mutex
	calls map[string]int
	// floorSessions are the agent-interface sessions login's floor made,
	// ended by login's Cleanup.
	floorSessions sync.Map
}

// TrustedClients is the RS4OTRS_TRUSTED_PROXIES a measured proxy needs:
// the calls come from loopback, each with an X-Forwarded-For of its own.
var TrustedClients = []string{"127.0.0.0/8"}

// NewFixture prepares the data of a proxy in demo mode served at api, and
// logs the agent in at the fake for the floors.
func NewFixture(ctx context.Context, a *app.App, api string) (*Fixture, error) {
	if a.Demo == nil {
		return nil, fmt.Errorf("perf: the proxy is not in demo mode")
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	f := &Fixture{API: api, App: a, Pending: 7, Now: a.API.Opts.Now, http: hc}
	if f.Now == nil {
		f.Now = time.Now
	}
	var err error
	if f.GI, err = gi.New(gi.Config{URL: a.DemoURL + fakeotrs.StockWebservicePath, HTTPClient: hc}); err != nil {
		return nil, err
	}
	if f.Web, err = web.New(web.Config{URL: a.DemoURL + fakeotrs.AgentInterfacePath, HTTPClient: hc}); err != nil {
		return nil, err
	}
	if f.Session, err = f.GI.SessionCreate(ctx, Login, Password); err != nil {
		return nil, fmt.Errorf("perf: fixture login: %w", err)
	}
	c, err := f.GI.TicketCreate(ctx, f.Session, gi.TicketRequest{
		Ticket: &gi.TicketInput{Title: "perf: work ticket", Queue: "Support", Type: "Incident", Service: "IT Services::Email",
			SLA: "Gold", State: "open", Priority: "3 normal", CustomerUser: "jdoe"},
		Article: &gi.ArticleInput{CommunicationChannel: "Internal", SenderType: "agent", Subject: "perf", Body: "perf",
			ContentType: "text/plain; charset=utf8"},
		Attachment: []gi.AttachmentInput{{Content: base64.StdEncoding.EncodeToString([]byte("perf attachment\n")),
			ContentType: "text/plain", Filename: "perf.txt"}},
	})
	if err != nil {
		return nil, fmt.Errorf("perf: fixture ticket: %w", err)
	}
	f.Ticket, f.Article = int(c.TicketID), int(c.ArticleID)
	// The agent-interface floors find the ChallengeToken cached, as a
	// proxy that kept it would (issue 16, point 3).
	if err := f.Web.Watch(ctx, f.Session, f.Ticket, true); err != nil {
		return nil, fmt.Errorf("perf: fixture ChallengeToken: %w", err)
	}
	return f, nil
}

// NewSession is a new OTRS session of the agent, made at the fake as GI
// SessionCreate makes it: the proxy has not seen its token yet.
func (f *Fixture) NewSession(ctx context.Context) (string, error) {
	return f.GI.SessionCreate(ctx, Login, Password)
}

// odd reports whether this is an odd-numbered call for key (the first
// is 1).
func (f *Fixture) odd(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[key]++
	return f.calls[key]%2 == 1
}

// customerUserStored reports whether the fake holds the customer user.
func (f *Fixture) customerUserStored(login string) bool {
	found := false
	f.App.Demo.Store.Read(func(s *fakeotrs.Store) {
		for _, cu := range s.CustomerUsers {
			found = found || cu.Login == login
		}
	})
	return found
}

// unique returns a name no call used before (new customer users).
func (f *Fixture) unique(prefix string) string {
	return fmt.Sprintf("%s%d.%d", prefix, f.Now().Unix()%100000, f.seq.Add(1))
}

package proxy

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/rs/zerolog"
)

// Check is one readiness probe: OTRS's GenericInterface, the database.
type Check struct {
	Name  string
	Probe func(ctx context.Context) error
}

// Advice is a readiness failure meant for the operator: /readyz shows its
// text (which names a setting to change, never a host or a cause) instead
// of a bare "fail". Join it with the cause, which goes to the log only.
type Advice string

func (a Advice) Error() string { return string(a) }

// readiness runs the checks at most once per ttl, so that /readyz can be
// polled every second by every kubelet without loading OTRS.
type readiness struct {
	checks []Check
	system map[string]string
	ttl    time.Duration
	log    zerolog.Logger

	mu      sync.Mutex
	at      time.Time
	ok      bool
	results map[string]string
}

type readyAnswer struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
	System map[string]string `json:"system,omitempty"`
}

func (r *readiness) handle(c echo.Context) error {
	ok, results := r.state(c.Request().Context())
	a := readyAnswer{Status: "ready", Checks: results, System: r.system}
	status := http.StatusOK
	if !ok {
		a.Status, status = "unready", http.StatusServiceUnavailable
	}
	return c.JSON(status, a)
}

// state returns the cached result, probing again when it is older than
// ttl. Concurrent callers wait for one probe instead of each running one.
func (r *readiness) state(ctx context.Context) (bool, map[string]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.at.IsZero() && time.Since(r.at) < r.ttl {
		return r.ok, r.results
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	results := make(map[string]string, len(r.checks))
	errs := make([]error, len(r.checks))
	var wg sync.WaitGroup
	for i, ck := range r.checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = ck.Probe(ctx)
		}()
	}
	wg.Wait()
	ok := true
	for i, ck := range r.checks {
		results[ck.Name] = "ok"
		if errs[i] != nil {
			// The cause goes to the log only: it may name internal hosts.
			ok, results[ck.Name] = false, "fail"
			var adv Advice
			if errors.As(errs[i], &adv) {
				results[ck.Name] = "fail: " + string(adv)
			}
			r.log.Warn().Err(errs[i]).Str("check", ck.Name).Msg("not ready")
		}
	}
	r.at, r.ok, r.results = time.Now(), ok, results
	return ok, results
}

package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/proxy"
)

// routesFallback is the set used when RS4OTRS_OTRS_ROUTES=auto and OTRS
// cannot be asked at start: the web service the README has admins import.
const routesFallback = "proxy"

// DetectRoutes asks the REST web service at giURL which route set it
// serves, with one request that needs no session and carries no
// credentials: POST …/Session/Get with an empty body. Our RS4OTRSProxy web
// service routes it to SessionGet, which answers a GI error object
// (SessionID missing; were a body refused, the transport's 500
// "Unsupported request content structure." of gi/005 still shows that the
// route exists); the stock GenericTicketConnectorREST has no POST route
// there and answers 500 "HTTP::REST Error while determine Operation for
// request URI" (recordings gi/118, real2/*/11). Neither writes anything.
func DetectRoutes(ctx context.Context, hc *http.Client, giURL string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(giURL, "/")+"/Session/Get", http.NoBody)
	if err != nil {
		return "", fmt.Errorf("route probe: %w", err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("route probe: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return "", fmt.Errorf("route probe: reading the answer: %w", err)
	}
	var answer map[string]json.RawMessage
	switch {
	case resp.StatusCode == http.StatusOK && json.Unmarshal(body, &answer) == nil,
		resp.StatusCode == http.StatusInternalServerError && bytes.Contains(body, []byte("Unsupported request content structure")):
		return "proxy", nil
	case resp.StatusCode == http.StatusInternalServerError && bytes.Contains(body, []byte("determine Operation")):
		return "stock", nil
	}
	return "", fmt.Errorf("route probe: POST …/Session/Get answered HTTP %d %q: is RS4OTRS_OTRS_URL a GenericInterface REST web service?",
		resp.StatusCode, truncate(body, 120))
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// routeCheck is the /readyz probe of the route set: it fails, naming the
// setting to change, while the web service's routes differ from those the
// proxy uses (every GI call would then fail with "determine Operation"),
// and probes again while they could not be detected.
type routeCheck struct {
	hc       *http.Client
	url      string
	used     string
	detected atomic.Pointer[string]
}

func (rc *routeCheck) probe(ctx context.Context) error {
	d := rc.detected.Load()
	if d == nil {
		got, err := DetectRoutes(ctx, rc.hc, rc.url)
		if err != nil {
			return errors.Join(proxy.Advice(fmt.Sprintf("route set not detected; using %s (RS4OTRS_OTRS_ROUTES)", rc.used)), err)
		}
		rc.detected.Store(&got)
		d = &got
	}
	return routeMismatch(rc.used, *d)
}

func routeMismatch(used, detected string) error {
	if used == detected {
		return nil
	}
	return proxy.Advice(fmt.Sprintf("the web service serves the %s routes but the proxy uses %s: set RS4OTRS_OTRS_ROUTES=%s (or auto)", detected, used, detected))
}

// resolveRoutes settles the route set of the REST web service at giURL
// for the configured one (RS4OTRS_OTRS_ROUTES) and returns it with the
// /readyz check that watches it. auto takes what the probe finds; an
// explicit setting is kept, and a mismatch is logged and reported.
func resolveRoutes(ctx context.Context, configured, giURL string, hc *http.Client, log zerolog.Logger) (string, proxy.Check) {
	used := configured
	detected, err := DetectRoutes(ctx, hc, giURL)
	switch {
	case err != nil && configured == "auto":
		used = routesFallback
		log.Warn().Err(err).Str("routes", used).
			Msg("could not ask OTRS for its route set (RS4OTRS_OTRS_ROUTES=auto); using the RS4OTRSProxy routes until it answers; /readyz reports a mismatch")
	case err != nil:
		log.Warn().Err(err).Str("routes", configured).Msg("could not ask OTRS for its route set; using RS4OTRS_OTRS_ROUTES")
	case configured == "auto":
		used = detected
		log.Info().Str("routes", detected).Msg("route set of the OTRS web service detected")
	case configured != detected:
		log.Error().Err(routeMismatch(configured, detected)).Msg("RS4OTRS_OTRS_ROUTES does not match the OTRS web service: logins will fail")
	}
	rc := &routeCheck{hc: hc, url: giURL, used: used}
	if err == nil {
		rc.detected.Store(&detected)
	}
	return used, proxy.Check{Name: "otrs_routes", Probe: rc.probe}
}

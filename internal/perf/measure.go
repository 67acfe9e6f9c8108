package perf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Answer is the proxy's answer to one call.
type Answer struct {
	Status      int
	ContentType string
	Body        []byte
	// At is when the whole answer had arrived.
	At time.Time
}

// Post makes one call of m through the proxy with the token tok.
func (f *Fixture) Post(ctx context.Context, m Method, tok string) (*Answer, error) {
	p := m.Params(f, tok)
	if !m.Open {
		p["OTRSAgentInterface"] = tok
	}
	body, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.API+m.Path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	// Each call comes from a client of its own (TrustedClients): the
	// proxy's per-client limits (lostPassword: 10 in 15 minutes) are
	// not what is measured.
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", f.seq.Load()/250%250, f.seq.Add(1)%250+1))
	resp, err := f.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &Answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b, At: time.Now()}, nil
}

// OK fails unless the answer is a success: an OK envelope, or a file
// (getAttachment).
func (a *Answer) OK() error {
	if a.Status != http.StatusOK {
		return fmt.Errorf("HTTP %d", a.Status)
	}
	if strings.HasPrefix(a.ContentType, "application/json") && !bytes.Contains(a.Body, []byte(`"Response":"OK"`)) {
		return fmt.Errorf("%.200s", a.Body)
	}
	return nil
}

// Call makes one call of m through the proxy with the token tok and
// fails unless it succeeds.
func (f *Fixture) Call(ctx context.Context, m Method, tok string) error {
	a, err := f.Post(ctx, m, tok)
	if err == nil {
		err = a.OK()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", m.Path, err)
	}
	return nil
}

// Row is one method measured: the median of its calls through the proxy
// and of its floor's, taken alternately in the same run.
type Row struct {
	Path, FloorName string
	Calls           int
	Proxy, Floor    time.Duration
	// Err is the first failure; a method that failed has no figures.
	Err error
}

// Ratio is the proxy's median over the floor's (0 without a floor).
func (r Row) Ratio() float64 {
	if r.Floor == 0 {
		return 0
	}
	return float64(r.Proxy) / float64(r.Floor)
}

// Measure calls each method n times through the proxy and its floor n
// times straight at the fake, alternately, one call at a time, after one
// or two untimed calls of each to fill the caches: an even number in all,
// so that a method whose calls alternate a value (perf.Methods) leaves
// the work ticket as it found it. A method stops early at bound.
func Measure(ctx context.Context, f *Fixture, methods []Method, n int, bound time.Duration) []Row {
	var rows []Row
	for _, m := range methods {
		rows = append(rows, f.measure(ctx, m, n, bound))
	}
	return rows
}

func (f *Fixture) measure(ctx context.Context, m Method, n int, bound time.Duration) Row {
	row := Row{Path: m.Path, FloorName: m.FloorName}
	warm := 2 - n%2
	var proxy, floor []time.Duration
	deadline := time.Now().Add(bound)
	for i := 0; i < warm+n && (i < warm || time.Now().Before(deadline)); i++ {
		d, fd, err := f.Both(ctx, m)
		if err != nil {
			row.Err = err
			return row
		}
		if i >= warm {
			proxy, floor = append(proxy, d), append(floor, fd)
		}
	}
	row.Calls = len(proxy)
	row.Proxy, row.Floor = median(proxy), median(floor)
	return row
}

// Both times one call of m through the proxy, then its floor (0 without).
func (f *Fixture) Both(ctx context.Context, m Method) (proxy, floor time.Duration, err error) {
	if proxy, err = f.TimeProxy(ctx, m); err != nil || m.Floor == nil {
		return proxy, 0, err
	}
	floor, err = f.TimeFloor(ctx, m)
	return proxy, floor, err
}

// TimeProxy times one call through the proxy with a validated token (a
// session of its own, validated untimed, for a method that ends it).
func (f *Fixture) TimeProxy(ctx context.Context, m Method) (time.Duration, error) {
	tok, err := f.session(ctx, m, func(tok string) error { return f.Call(ctx, WarmUp, tok) })
	if err != nil {
		return 0, err
	}
	start := time.Now()
	a, err := f.Post(ctx, m, tok)
	took := time.Since(start)
	if err == nil {
		err = a.OK()
	}
	if err == nil && m.Cleanup != nil {
		err = m.Cleanup(ctx, f, a)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", m.Path, err)
	}
	return took, nil
}

// TimeFloor times the floor; for a method that ends the session, on a
// new session whose ChallengeToken the client already holds.
func (f *Fixture) TimeFloor(ctx context.Context, m Method) (time.Duration, error) {
	sid, err := f.session(ctx, m, func(sid string) error { return f.Web.Watch(ctx, sid, f.Ticket, true) })
	if err != nil {
		return 0, err
	}
	start := time.Now()
	err = m.Floor(ctx, f, sid)
	return time.Since(start), err
}

// session is the session a timed call of m uses: the fixture's, or for a
// method that ends it a new one, made ready by prepare (untimed).
func (f *Fixture) session(ctx context.Context, m Method, prepare func(sid string) error) (string, error) {
	if !m.EndsSession {
		return f.Session, nil
	}
	sid, err := f.NewSession(ctx)
	if err == nil {
		err = prepare(sid)
	}
	return sid, err
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// PrintTable writes rows as a Markdown table.
func PrintTable(w io.Writer, rows []Row) {
	fmt.Fprintln(w, "| method | calls | proxy p50 | floor p50 | ratio | floor: the OTRS calls it cannot avoid |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---|")
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(w, "| %s | failed: %s | | | | |\n", r.Path, strings.ReplaceAll(r.Err.Error(), "|", "/"))
			continue
		}
		floor, ratio, name := "0", "—", "none (answered from the proxy's caches)"
		if r.Floor > 0 {
			floor, ratio, name = ms(r.Floor), fmt.Sprintf("%.2f", r.Ratio()), r.FloorName
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", r.Path, r.Calls, ms(r.Proxy), floor, ratio, name)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

package proxy

import (
	"testing"
	"time"
)

// TestLoginLimiter walks the limits of LoginLimit step by step. On the old
// main there was no reservation, no (client, login) count, and any ten
// failures from anywhere refused the login for every address.
func TestLoginLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLoginLimiter(LoginLimit{PerClient: 6, PerLogin: 4, Window: time.Minute})
	l.now = func() time.Time { return now }
	var held []func(bool)
	fail := func(addr, login string) func() {
		return func() {
			done, r := l.reserve(addr, login)
			if r != nil {
				t.Fatalf("reserve(%s, %s) refused: %+v", addr, login, r)
			}
			done(true)
		}
	}
	steps := []struct {
		name       string
		do         func()
		addr, user string
		want       string // the refusing limit, "" for none
	}{
		{"fresh", func() {}, "1.1.1.1", "a", ""},
		{"in flight count", func() {
			for range 4 {
				done, _ := l.reserve("1.1.1.1", "a")
				held = append(held, done)
			}
		}, "1.1.1.1", "a", "client_login"},
		{"released in flight frees", func() {
			for _, d := range held {
				d(false)
			}
		}, "1.1.1.1", "a", ""},
		{"pair cap", func() { fail("1.1.1.1", "a")(); fail("1.1.1.1", "a")(); fail("1.1.1.1", "a")(); fail("1.1.1.1", "a")() }, "1.1.1.1", "a", "client_login"},
		{"login compared trimmed and case-blind", func() {}, "1.1.1.1", " A ", "client_login"},
		{"another address is not locked out", func() {}, "2.2.2.2", "a", ""},
		{"under attack: an address that failed thrice", func() { fail("3.3.3.3", "a")(); fail("3.3.3.3", "a")(); fail("3.3.3.3", "a")() }, "3.3.3.3", "a", "login"},
		{"under attack: an address that failed once passes", func() { fail("4.4.4.4", "a")() }, "4.4.4.4", "a", ""},
		{"client cap over logins", func() {
			fail("5.5.5.5", "b")()
			fail("5.5.5.5", "c")()
			fail("5.5.5.5", "d")()
			fail("5.5.5.5", "e")()
			fail("5.5.5.5", "f")()
			fail("5.5.5.5", "g")()
		}, "5.5.5.5", "h", "client"},
		{"success clears the pair", func() { l.succeeded("1.1.1.1", "A") }, "1.1.1.1", "a", ""},
		{"window ends", func() { now = now.Add(time.Minute) }, "5.5.5.5", "h", ""},
	}
	for _, s := range steps {
		s.do()
		done, r := l.reserve(s.addr, s.user)
		got := ""
		if r != nil {
			got = r.limit
			if r.retryAfter < time.Second {
				t.Errorf("%s: Retry-After %s", s.name, r.retryAfter)
			}
		} else {
			done(false)
		}
		if got != s.want {
			t.Errorf("%s: reserve(%s, %q) refused by %q, want %q", s.name, s.addr, s.user, got, s.want)
		}
	}
	if n := len(l.keys); n > 20 {
		t.Errorf("%d keys kept", n)
	}
}

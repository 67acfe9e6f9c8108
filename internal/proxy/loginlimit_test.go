package proxy

import (
	"testing"
	"time"
)

func TestLoginLimiterWindow(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLoginLimiter(LoginLimit{PerClient: 3, PerLogin: 2, Window: time.Minute})
	l.now = func() time.Time { return now }
	steps := []struct {
		do   func()
		addr string
		user string
		want string
	}{
		{func() {}, "1.1.1.1", "a", ""},
		{func() { l.failed("1.1.1.1", "a") }, "1.1.1.1", "a", ""},
		{func() { l.failed("2.2.2.2", "A") }, "3.3.3.3", "a", "login"}, // logins compare case-blind
		{func() { l.succeeded("a") }, "1.1.1.1", "a", ""},
		{func() { l.failed("1.1.1.1", "b"); l.failed("1.1.1.1", "c") }, "1.1.1.1", "d", "client"},
		{func() { now = now.Add(time.Minute) }, "1.1.1.1", "d", ""},
	}
	for i, s := range steps {
		s.do()
		if got := l.blocked(s.addr, s.user); got != s.want {
			t.Errorf("step %d: blocked(%s, %s) = %q, want %q", i, s.addr, s.user, got, s.want)
		}
	}
}

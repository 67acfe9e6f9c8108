package push

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// stores returns every backend to run the store tests on: bbolt in a
// temporary directory and the real Redis on 127.0.0.1:6379 under a key
// prefix of its own (deleted afterwards). Without Redis the test fails,
// unless RS4OTRS_TEST_NO_REDIS=1.
func stores(t *testing.T) map[string]func(t *testing.T) Store {
	return map[string]func(t *testing.T) Store{
		"bolt": func(t *testing.T) Store {
			s, err := OpenBolt(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
		"redis": func(t *testing.T) Store { return testRedis(t) },
	}
}

func testRedis(t testing.TB) *RedisStore {
	t.Helper()
	if os.Getenv("RS4OTRS_TEST_NO_REDIS") == "1" {
		t.Skip("RS4OTRS_TEST_NO_REDIS=1")
	}
	prefix := fmt.Sprintf("rs4otrs-test:push:%d:%d:", os.Getpid(), time.Now().UnixNano())
	ctx := context.Background()
	s, err := OpenRedis(ctx, "redis://127.0.0.1:6379/0", prefix)
	if err != nil {
		t.Fatalf("Redis on 127.0.0.1:6379 is needed (RS4OTRS_TEST_NO_REDIS=1 skips): %v", err)
	}
	t.Cleanup(func() {
		rdb := s.rdb
		iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
		s.Close()
	})
	return s
}

// tick makes registration times strictly increasing, whatever the clock's
// resolution.
func tick(s Store) {
	var at time.Time = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	next := func() time.Time { at = at.Add(time.Second); return at }
	switch s := s.(type) {
	case *BoltStore:
		s.now = next
	case *RedisStore:
		s.now = next
	}
}

func TestStore(t *testing.T) {
	type op struct {
		do    string // set, remove
		agent int
		token string
	}
	cases := []struct {
		name string
		ops  []op
		want map[int][]string // agent → tokens, newest first
	}{
		{"one token", []op{{"set", 7, "a"}}, map[int][]string{7: {"a"}, 8: nil}},
		{"several devices, newest first", []op{{"set", 7, "a"}, {"set", 7, "b"}}, map[int][]string{7: {"b", "a"}}},
		{"same token again refreshes it", []op{{"set", 7, "a"}, {"set", 7, "b"}, {"set", 7, "a"}}, map[int][]string{7: {"a", "b"}}},
		{"token moves to another agent", []op{{"set", 7, "a"}, {"set", 7, "b"}, {"set", 8, "a"}}, map[int][]string{7: {"b"}, 8: {"a"}}},
		{"remove", []op{{"set", 7, "a"}, {"set", 7, "b"}, {"remove", 0, "a"}}, map[int][]string{7: {"b"}}},
		{"remove unknown", []op{{"set", 7, "a"}, {"remove", 0, "zzz"}}, map[int][]string{7: {"a"}}},
		{"remove then set again", []op{{"set", 7, "a"}, {"remove", 0, "a"}, {"set", 8, "a"}}, map[int][]string{7: nil, 8: {"a"}}},
		{"tokens with odd bytes", []op{{"set", 7, "cEyZA21_jBA:APA91bH6Uf2S/Fv+K0e=="}, {"set", 70, "x y"}}, map[int][]string{7: {"cEyZA21_jBA:APA91bH6Uf2S/Fv+K0e=="}, 70: {"x y"}}},
	}
	ctx := context.Background()
	for backend, open := range stores(t) {
		t.Run(backend, func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					s := open(t)
					tick(s)
					for _, o := range tc.ops {
						var err error
						if o.do == "set" {
							err = s.Set(ctx, o.agent, o.token)
						} else {
							err = s.Remove(ctx, o.token)
						}
						if err != nil {
							t.Fatalf("%s %q: %v", o.do, o.token, err)
						}
					}
					for agent, want := range tc.want {
						got, err := s.Tokens(ctx, agent)
						if err != nil {
							t.Fatal(err)
						}
						if !slices.Equal(got, want) {
							t.Errorf("agent %d tokens = %q, want %q", agent, got, want)
						}
					}
				})
			}
			t.Run("empty token", func(t *testing.T) {
				if err := open(t).Set(ctx, 7, ""); err != ErrEmptyToken {
					t.Errorf("Set empty = %v, want ErrEmptyToken", err)
				}
			})
			t.Run("bounded per agent", func(t *testing.T) {
				s := open(t)
				tick(s)
				for i := range MaxTokensPerAgent + 3 {
					if err := s.Set(ctx, 7, fmt.Sprintf("t%02d", i)); err != nil {
						t.Fatal(err)
					}
				}
				got, _ := s.Tokens(ctx, 7)
				if len(got) != MaxTokensPerAgent || got[0] != fmt.Sprintf("t%02d", MaxTokensPerAgent+2) || slices.Contains(got, "t00") {
					t.Errorf("tokens = %q: want the %d newest", got, MaxTokensPerAgent)
				}
				// A dropped token is forgotten entirely: it can go to
				// another agent without touching agent 7.
				if err := s.Set(ctx, 8, "t00"); err != nil {
					t.Fatal(err)
				}
				if again, _ := s.Tokens(ctx, 7); !slices.Equal(again, got) {
					t.Errorf("agent 7 changed to %q", again)
				}
			})
		})
	}
}

func TestBoltSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := OpenBolt(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set(ctx, 3, "device-1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = OpenBolt(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _ := s.Tokens(ctx, 3); !slices.Equal(got, []string{"device-1"}) {
		t.Errorf("after reopen: %q", got)
	}
}

func TestRedisSharedBetweenReplicas(t *testing.T) {
	a := testRedis(t)
	b := NewRedis(redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"}), a.prefix)
	defer b.Close()
	ctx := context.Background()
	if err := a.Set(ctx, 3, "device-1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Tokens(ctx, 3); !slices.Equal(got, []string{"device-1"}) {
		t.Errorf("replica b sees %q", got)
	}
	if err := b.Set(ctx, 4, "device-1"); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Tokens(ctx, 3); len(got) != 0 {
		t.Errorf("moved token still with agent 3 on replica a: %q", got)
	}
}

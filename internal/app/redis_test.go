package app_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
	"github.com/rs4otrs/rs4otrs-proxy/internal/config"
)

// /readyz checks Redis when RS4OTRS_REDIS_URL is set (issue 13 point 11):
// it used to check OTRS only, so a replica cut off from the Redis it
// shares device tokens through stayed in the load balancer.
func TestReadyzChecksRedis(t *testing.T) {
	tests := []struct {
		name      string
		url       string
		needRedis bool
		status    int
		redis     string // checks.redis in the answer, "" for absent
	}{
		{"no Redis configured", "", false, http.StatusOK, ""},
		{"Redis answers", "redis://127.0.0.1:6379/0", true, http.StatusOK, "ok"},
		{"Redis unreachable", "redis://127.0.0.1:1/0", false, http.StatusServiceUnavailable, "fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needRedis && os.Getenv("RS4OTRS_TEST_NO_REDIS") == "1" {
				t.Skip("RS4OTRS_TEST_NO_REDIS=1")
			}
			env := apptest.Start(t, func(c *config.Config) { c.RedisURL = tt.url })
			var a struct {
				Status string
				Checks map[string]string
			}
			status := env.GetJSON("/readyz", &a)
			if status != tt.status || a.Checks["redis"] != tt.redis || a.Checks["otrs"] != "ok" {
				t.Errorf("got %d %+v, want %d with redis %q and otrs ok", status, a, tt.status, tt.redis)
			}
		})
	}
}

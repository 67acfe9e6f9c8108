package push_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

type senderFunc func(ctx context.Context, token string, data map[string]string) error

func (f senderFunc) Send(ctx context.Context, token string, data map[string]string) error {
	return f(ctx, token, data)
}

func httptestServer(t *testing.T, svc *push.Service) *httptest.Server {
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func itoa(n int) string { return strconv.Itoa(n) }

// The service is what translate calls for tokens.
var _ api.Pusher = (*push.Service)(nil)

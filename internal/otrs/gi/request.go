package gi

import (
	"context"
	"io"

	"github.com/hashicorp/go-retryablehttp"
)

type retryableRequest = retryablehttp.Request

func newRequest(ctx context.Context, method, url string, body io.Reader) (*retryablehttp.Request, error) {
	req, err := retryablehttp.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

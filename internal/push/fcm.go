package push

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"firebase.google.com/go/v4/errorutils"
	"firebase.google.com/go/v4/messaging"
	fcm "github.com/appleboy/go-fcm"
	"golang.org/x/oauth2"
	"google.golang.org/api/option"
)

// FCMConfig configures the FCM HTTP v1 sender.
type FCMConfig struct {
	// CredentialsFile is the Firebase service-account JSON key.
	CredentialsFile string
	// ProjectID defaults to the key's project_id.
	ProjectID string
	// Endpoint and TokenSource replace Google's endpoint and OAuth2 for
	// tests (a fake FCM on httptest); production leaves them empty.
	Endpoint    string
	TokenSource oauth2.TokenSource
}

// FCMSender sends through FCM HTTP v1 with appleboy/go-fcm (which wraps
// the Firebase Admin SDK). The SDK retries by itself, network errors as
// well as 503: up to four times, after 0, 1, 2 and 4 s or Retry-After
// when longer (firebase.google.com/go/v4 internal.WithDefaultRetryConfig,
// as of v4.14.1 under go-fcm v1.2.1). So one Send already makes up to
// five connections; the dispatcher retries only what the SDK does not
// (429, other 5xx), and never an error the SDK has already tried five
// times, and Config.DeviceTimeout bounds it all.
type FCMSender struct {
	client *fcm.Client
}

// NewFCM builds the sender. It reads the credentials file once; OAuth2
// tokens are fetched and refreshed by the SDK.
func NewFCM(ctx context.Context, cfg FCMConfig) (*FCMSender, error) {
	var opts []fcm.Option
	project := cfg.ProjectID
	if cfg.CredentialsFile != "" {
		b, err := os.ReadFile(cfg.CredentialsFile)
		if err != nil {
			return nil, fmt.Errorf("fcm credentials: %w", err)
		}
		var key struct {
			Type      string `json:"type"`
			ProjectID string `json:"project_id"`
		}
		if err := json.Unmarshal(b, &key); err != nil {
			return nil, fmt.Errorf("fcm credentials %s: not a JSON key: %w", cfg.CredentialsFile, err)
		}
		if project == "" {
			project = key.ProjectID
		}
		opts = append(opts, fcm.WithCredentialsJSON(b))
	}
	if project == "" {
		return nil, errors.New("fcm: no project id (set it or use a service-account key with project_id)")
	}
	opts = append(opts, fcm.WithProjectID(project))
	if cfg.Endpoint != "" {
		opts = append(opts, fcm.WithEndpoint(cfg.Endpoint))
	}
	// One pooled transport whatever the workers count: FCM speaks HTTP/2,
	// but a proxy or the test fake may not, and Go keeps only two idle
	// HTTP/1.1 connections per host by default.
	base := http.DefaultTransport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = 128
	switch {
	case cfg.TokenSource != nil:
		hc := &http.Client{Transport: &oauth2.Transport{Source: cfg.TokenSource, Base: base}}
		opts = append(opts, fcm.WithCustomClientOption(option.WithHTTPClient(hc)))
	case cfg.CredentialsFile != "":
		// go-fcm wraps this client with the key's OAuth2 token source.
		opts = append(opts, fcm.WithHTTPClient(&http.Client{Transport: base}))
	default:
		return nil, errors.New("fcm: no credentials file")
	}
	c, err := fcm.NewClient(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("fcm client: %w", err)
	}
	return &FCMSender{client: c}, nil
}

// Send sends a data-only message (the app renders it itself) with high
// Android priority, so that it is delivered while the phone dozes.
func (s *FCMSender) Send(ctx context.Context, token string, data map[string]string) error {
	msg := &messaging.Message{
		Token:   token,
		Data:    data,
		Android: &messaging.AndroidConfig{Priority: "high"},
	}
	resp, err := s.client.Send(ctx, msg)
	if err != nil {
		return &SendError{Err: err}
	}
	if len(resp.Responses) == 0 {
		return &SendError{Err: errors.New("empty batch response")}
	}
	if r := resp.Responses[0]; !r.Success {
		return classifyFCM(r.Error)
	}
	return nil
}

// classifyFCM maps an SDK error to a SendError. UNREGISTERED,
// INVALID_ARGUMENT and SENDER_ID_MISMATCH mean the token cannot work
// again (our payload is bounded and well formed, so INVALID_ARGUMENT
// points at the token).
func classifyFCM(err error) *SendError {
	se := &SendError{Err: err}
	if resp := errorutils.HTTPResponse(err); resp != nil {
		se.Status = resp.StatusCode
		se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	switch {
	case messaging.IsUnregistered(err):
		se.Code, se.Dead = "UNREGISTERED", true
	case messaging.IsInvalidArgument(err):
		se.Code, se.Dead = "INVALID_ARGUMENT", true
	case messaging.IsSenderIDMismatch(err):
		se.Code, se.Dead = "SENDER_ID_MISMATCH", true
	case se.Status == 0 || se.Status == http.StatusServiceUnavailable:
		// No HTTP answer at all (network error), or 503: the SDK has
		// retried these already (see FCMSender); trying again at once
		// would multiply its five connections.
		se.Code = "UNAVAILABLE"
	case se.Status == http.StatusTooManyRequests || se.Status >= 500:
		se.Code, se.Retry = "TRANSIENT", true
	default:
		se.Code = "PERMANENT"
	}
	return se
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

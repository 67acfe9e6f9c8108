package push

import (
	"context"
	"errors"
	"fmt"
)

// Setup is everything Open needs, as the configuration names it.
type Setup struct {
	// DataDir holds the bbolt token file when RedisURL is empty.
	DataDir string
	// RedisURL (redis://host:6379/0) selects the shared Redis store;
	// RedisPrefix defaults to DefaultRedisPrefix.
	RedisURL    string
	RedisPrefix string
	// FCM service-account key file and project (default: the key's).
	FCMCredentials string
	FCMProject     string
	// FCMEndpoint replaces https://fcm.googleapis.com/v1 (tests, proxies).
	FCMEndpoint string
	Service     Config
	// Tickets and Directory serve bare events; nil ignores them.
	Tickets   TicketReader
	Directory Directory
}

// Open builds the store, the FCM sender and the service. Shutdown then
// also closes the store.
func Open(ctx context.Context, st Setup) (*Service, error) {
	if st.FCMCredentials == "" {
		return nil, errors.New("push: no FCM credentials file")
	}
	sender, err := NewFCM(ctx, FCMConfig{CredentialsFile: st.FCMCredentials, ProjectID: st.FCMProject, Endpoint: st.FCMEndpoint})
	if err != nil {
		return nil, err
	}
	var store Store
	if st.RedisURL != "" {
		store, err = OpenRedis(ctx, st.RedisURL, st.RedisPrefix)
	} else {
		if st.DataDir == "" {
			return nil, errors.New("push: no data directory for the token store")
		}
		store, err = OpenBolt(st.DataDir)
	}
	if err != nil {
		return nil, err
	}
	s := New(st.Service, store, sender, st.Tickets, st.Directory)
	s.ownsStore = true
	return s, nil
}

// closeStore closes the store when Open made it.
func (s *Service) closeStore() error {
	var err error
	s.closeOnce.Do(func() {
		if s.ownsStore {
			if cerr := s.store.Close(); cerr != nil {
				err = fmt.Errorf("push store: %w", cerr)
			}
		}
	})
	return err
}

// StorePing returns the store's readiness probe, nil for a store that
// lives on the local disk (bbolt is up when the process is).
func (s *Service) StorePing() func(context.Context) error {
	if p, ok := s.store.(interface{ Ping(context.Context) error }); ok {
		return p.Ping
	}
	return nil
}

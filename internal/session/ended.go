package session

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Ended shares the sessions that ended (a logout, a session OTRS
// refused) between replicas, so that one replica's logout is seen by the
// others at once instead of after their cache's TTL. Keys are token
// hashes, never tokens.
type Ended interface {
	// MarkEnded records that the session of key ended; the record may
	// go after ttl (every replica's cached validation is gone by then).
	MarkEnded(ctx context.Context, key string, ttl time.Duration) error
	// IsEnded reports whether the session of key was marked ended.
	IsEnded(ctx context.Context, key string) (bool, error)
}

// RedisEnded is Ended in a Redis that the replicas share: one key per
// ended session, <prefix><token hash>, expiring with the cache TTL.
type RedisEnded struct {
	rdb    redis.UniversalClient
	prefix string
}

// DefaultEndedPrefix is the key prefix of RedisEnded.
const DefaultEndedPrefix = "rs4otrs:session:ended:"

// NewRedisEnded returns an Ended on rdb with keys under prefix.
func NewRedisEnded(rdb redis.UniversalClient, prefix string) *RedisEnded {
	if prefix == "" {
		prefix = DefaultEndedPrefix
	}
	return &RedisEnded{rdb: rdb, prefix: prefix}
}

// OpenRedisEnded returns the shared store at the Redis URL (as
// RS4OTRS_REDIS_URL); Close releases the connection. It does not wait for
// Redis: while Redis does not answer, the manager asks OTRS instead of
// trusting its cache, and /readyz reports Redis, so a replica may start
// before its Redis does.
func OpenRedisEnded(url, prefix string) (*RedisEnded, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("session invalidation: redis URL: %w", err)
	}
	return NewRedisEnded(redis.NewClient(opt), prefix), nil
}

// MarkEnded implements Ended.
func (r *RedisEnded) MarkEnded(ctx context.Context, key string, ttl time.Duration) error {
	return r.rdb.Set(ctx, r.prefix+key, 1, ttl).Err()
}

// IsEnded implements Ended.
func (r *RedisEnded) IsEnded(ctx context.Context, key string) (bool, error) {
	n, err := r.rdb.Exists(ctx, r.prefix+key).Result()
	return n > 0, err
}

// Close closes the Redis connection.
func (r *RedisEnded) Close() error { return r.rdb.Close() }

package push

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisStore keeps the tokens in Redis so that replicas share them. Keys:
// <prefix>tok:<token> holds the agent id, <prefix>agent:<id> is a sorted
// set of the agent's tokens scored by registration time. Both live in one
// Redis; the scripts touch keys they compute, so Redis Cluster is not
// supported (a single Redis or Sentinel is).
type RedisStore struct {
	rdb    redis.UniversalClient
	prefix string
	now    func() time.Time
}

// DefaultRedisPrefix is the key prefix when none is configured.
const DefaultRedisPrefix = "rs4otrs:push:"

// NewRedis returns a store on rdb with keys under prefix.
func NewRedis(rdb redis.UniversalClient, prefix string) *RedisStore {
	if prefix == "" {
		prefix = DefaultRedisPrefix
	}
	return &RedisStore{rdb: rdb, prefix: prefix, now: time.Now}
}

// OpenRedis connects to the Redis URL (redis://[user:pass@]host:port/db,
// rediss:// for TLS) and checks that it answers.
func OpenRedis(ctx context.Context, url, prefix string) (*RedisStore, error) {
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("push store: redis URL: %w", err)
	}
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("push store: redis %s: %w", opt.Addr, err)
	}
	return NewRedis(rdb, prefix), nil
}

// setScript moves the token to the agent and trims the agent's set.
// KEYS[1] token key, KEYS[2] agent set; ARGV: prefix, agent id, token,
// now, max tokens.
var setScript = redis.NewScript(`
local prev = redis.call('GET', KEYS[1])
if prev and prev ~= ARGV[2] then
  redis.call('ZREM', ARGV[1] .. 'agent:' .. prev, ARGV[3])
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if extra > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, extra - 1)
  for _, t in ipairs(old) do
    redis.call('ZREM', KEYS[2], t)
    if redis.call('GET', ARGV[1] .. 'tok:' .. t) == ARGV[2] then
      redis.call('DEL', ARGV[1] .. 'tok:' .. t)
    end
  end
end
return 1`)

// removeScript forgets a token. KEYS[1] token key; ARGV: prefix, token.
var removeScript = redis.NewScript(`
local prev = redis.call('GET', KEYS[1])
if prev then
  redis.call('ZREM', ARGV[1] .. 'agent:' .. prev, ARGV[2])
  redis.call('DEL', KEYS[1])
end
return 1`)

func (s *RedisStore) tokKey(token string) string { return s.prefix + "tok:" + token }
func (s *RedisStore) agentKey(id int) string     { return s.prefix + "agent:" + strconv.Itoa(id) }

// Set implements Store.
func (s *RedisStore) Set(ctx context.Context, agentID int, token string) error {
	if token == "" {
		return ErrEmptyToken
	}
	err := setScript.Run(ctx, s.rdb, []string{s.tokKey(token), s.agentKey(agentID)},
		s.prefix, strconv.Itoa(agentID), token, s.now().UnixMicro(), MaxTokensPerAgent).Err()
	if err != nil {
		return fmt.Errorf("push store: set token for agent %d: %w", agentID, err)
	}
	return nil
}

// Tokens implements Store.
func (s *RedisStore) Tokens(ctx context.Context, agentID int) ([]string, error) {
	out, err := s.rdb.ZRevRange(ctx, s.agentKey(agentID), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("push store: tokens of agent %d: %w", agentID, err)
	}
	return out, nil
}

// Remove implements Store.
func (s *RedisStore) Remove(ctx context.Context, token string) error {
	if err := removeScript.Run(ctx, s.rdb, []string{s.tokKey(token)}, s.prefix, token).Err(); err != nil {
		return fmt.Errorf("push store: remove token: %w", err)
	}
	return nil
}

// Close closes the Redis client.
func (s *RedisStore) Close() error { return s.rdb.Close() }

// Ping checks that Redis answers (the /readyz probe).
func (s *RedisStore) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("push store: redis: %w", err)
	}
	return nil
}

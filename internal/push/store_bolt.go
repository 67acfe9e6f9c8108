package push

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BoltFile is the token store's file name under the data directory.
const BoltFile = "push-tokens.db"

var (
	bucketToken = []byte("token") // token → agent id (8 bytes) + registered (8 bytes, unix ns)
	bucketAgent = []byte("agent") // agent id (8 bytes) + token → registered (8 bytes)
)

// BoltStore is the embedded token store: one bbolt file that survives
// restarts. bbolt locks the file, so only one process may use it; run
// several replicas with RedisStore instead.
type BoltStore struct {
	db  *bolt.DB
	now func() time.Time
}

// OpenBolt opens (or creates) the store file in dir.
func OpenBolt(dir string) (*BoltStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("push store: %w", err)
	}
	path := filepath.Join(dir, BoltFile)
	// A timeout instead of waiting forever when a second process holds
	// the file lock.
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("push store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketToken, bucketAgent} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("push store %s: %w", path, err)
	}
	return &BoltStore{db: db, now: time.Now}, nil
}

func agentKey(agentID int, token string) []byte {
	k := make([]byte, 8, 8+len(token))
	binary.BigEndian.PutUint64(k, uint64(agentID))
	return append(k, token...)
}

func u64(n int64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, uint64(n))
	return b
}

// Set implements Store.
func (s *BoltStore) Set(ctx context.Context, agentID int, token string) error {
	if token == "" {
		return ErrEmptyToken
	}
	now := s.now().UnixNano()
	err := s.db.Update(func(tx *bolt.Tx) error {
		tb, ab := tx.Bucket(bucketToken), tx.Bucket(bucketAgent)
		if old := tb.Get([]byte(token)); len(old) == 16 {
			prev := int(binary.BigEndian.Uint64(old[:8]))
			if err := ab.Delete(agentKey(prev, token)); err != nil {
				return err
			}
		}
		if err := tb.Put([]byte(token), append(u64(int64(agentID)), u64(now)...)); err != nil {
			return err
		}
		if err := ab.Put(agentKey(agentID, token), u64(now)); err != nil {
			return err
		}
		// Drop the oldest registrations beyond the bound.
		regs := agentTokens(ab, agentID)
		for _, r := range regs[min(len(regs), MaxTokensPerAgent):] {
			if err := ab.Delete(agentKey(agentID, r.token)); err != nil {
				return err
			}
			if err := tb.Delete([]byte(r.token)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("push store: set token for agent %d: %w", agentID, err)
	}
	return nil
}

type registration struct {
	token string
	at    int64
}

// agentTokens lists the agent's registrations, newest first.
func agentTokens(ab *bolt.Bucket, agentID int) []registration {
	prefix := u64(int64(agentID))
	var regs []registration
	c := ab.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		regs = append(regs, registration{token: string(k[8:]), at: int64(binary.BigEndian.Uint64(v))})
	}
	sort.SliceStable(regs, func(i, j int) bool { return regs[i].at > regs[j].at })
	return regs
}

// Tokens implements Store.
func (s *BoltStore) Tokens(ctx context.Context, agentID int) ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, r := range agentTokens(tx.Bucket(bucketAgent), agentID) {
			out = append(out, r.token)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("push store: tokens of agent %d: %w", agentID, err)
	}
	return out, nil
}

// Remove implements Store.
func (s *BoltStore) Remove(ctx context.Context, token string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		tb := tx.Bucket(bucketToken)
		old := tb.Get([]byte(token))
		if len(old) != 16 {
			return nil
		}
		if err := tx.Bucket(bucketAgent).Delete(agentKey(int(binary.BigEndian.Uint64(old[:8])), token)); err != nil {
			return err
		}
		return tb.Delete([]byte(token))
	})
	if err != nil {
		return fmt.Errorf("push store: remove token: %w", err)
	}
	return nil
}

// Close closes the file.
func (s *BoltStore) Close() error { return s.db.Close() }

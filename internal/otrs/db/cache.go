package db

import (
	"context"
	"sync"
	"time"
)

// entry is one cached catalog.
type entry struct {
	mu  sync.Mutex
	val any
	at  time.Time
	// loaded is when the copy served was read; at is moved back after a
	// failed refresh to schedule the next try, loaded is not.
	loaded     time.Time
	ok         bool
	refreshing bool
}

// cached returns the catalog under key: fresh from the cache; stale from
// the cache while a background refresh runs; or, the first time, loaded
// now (concurrent first callers share one load). A failed refresh keeps
// the last good copy, logs, and is retried after a quarter of the TTL.
func (c *Catalog) cached(ctx context.Context, key string, load func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	e := c.entries[key]
	if e == nil {
		e = &entry{}
		c.entries[key] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	if c.cfg.OnCache != nil {
		c.cfg.OnCache(e.ok)
	}
	if e.ok {
		if now.Sub(e.at) >= c.cfg.TTL && !e.refreshing && !c.isClosed() {
			e.refreshing = true
			c.wg.Add(1)
			go c.refresh(key, e, load)
		}
		return e.val, nil
	}
	lctx, cancel := context.WithTimeout(ctx, c.cfg.QueryTimeout)
	defer cancel()
	v, err := load(lctx)
	if err != nil {
		return nil, err
	}
	e.val, e.at, e.loaded, e.ok = v, now, now, true
	return v, nil
}

func (c *Catalog) refresh(key string, e *entry, load func(context.Context) (any, error)) {
	defer c.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), c.cfg.QueryTimeout)
	defer cancel()
	v, err := load(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refreshing = false
	if err != nil {
		c.cfg.Log.Warn().Err(err).Str("catalog", key).Time("copy_of", e.at).
			Msg("catalog: database unavailable, serving the last good copy")
		e.at = time.Now().Add(-c.cfg.TTL + c.cfg.TTL/4)
		return
	}
	e.val, e.at = v, time.Now()
	e.loaded = e.at
}

// Age is the age of the oldest catalog copy served from the cache, 0
// when none is cached: above the TTL it says the database has not
// answered a refresh for that long.
func (c *Catalog) Age() time.Duration {
	c.mu.Lock()
	entries := make([]*entry, 0, len(c.entries))
	for _, e := range c.entries {
		entries = append(entries, e)
	}
	c.mu.Unlock()
	var oldest time.Duration
	now := time.Now()
	for _, e := range entries {
		// An entry locked for long is being loaded for the first time
		// (no copy yet): a scrape must not wait for the database.
		if !e.mu.TryLock() {
			continue
		}
		if e.ok {
			oldest = max(oldest, now.Sub(e.loaded))
		}
		e.mu.Unlock()
	}
	return oldest
}

func (c *Catalog) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// get is cached with the result typed.
func get[T any](ctx context.Context, c *Catalog, key string, load func(context.Context) (T, error)) (T, error) {
	v, err := c.cached(ctx, key, func(ctx context.Context) (any, error) { return load(ctx) })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// forget drops the cached catalog under key, so that the next read loads
// it from the database (a write the proxy itself made through OTRS).
func (c *Catalog) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, key)
}

// ForgetCustomerUsers makes the next read of customer users go to the
// database: createCustomerUser calls it after OTRS stored one, so that
// getCustomerUser and getCustomerUserList see it at once.
func (c *Catalog) ForgetCustomerUsers() { c.forget("customer_users") }

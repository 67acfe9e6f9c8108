package db

import "context"

// Ping reports whether the database answers; /readyz calls it.
func (c *Catalog) Ping(ctx context.Context) error { return c.db.PingContext(ctx) }

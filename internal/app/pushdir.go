package app

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
)

// QueueReadChecker tells whether an agent holds a permission key on a
// queue's group (perms.Permissions).
type QueueReadChecker interface {
	CanQueue(ctx context.Context, agentID, queueID int, key string) (bool, error)
}

// pushDirectory answers push's recipient questions from the catalog: its
// watchers and "My Queues" subscribers, and permissions computed from its
// group and role rows.
type pushDirectory struct {
	otrs.Catalog // Watchers, QueueSubscribers
	perms        QueueReadChecker
}

// NewPushDirectory returns the push.Directory over cat and perms
// (perms.New over the same catalog).
func NewPushDirectory(cat otrs.Catalog, perms QueueReadChecker) push.Directory {
	return pushDirectory{Catalog: cat, perms: perms}
}

// CanRead holds for a valid agent with ro (rw implies it) on the queue's
// group, directly or through a valid role; an unknown queue allows
// nothing.
func (d pushDirectory) CanRead(ctx context.Context, agentID, queueID int) (bool, error) {
	return d.perms.CanQueue(ctx, agentID, queueID, "ro")
}

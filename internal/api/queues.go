package api

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// QueueListAnswer is the answer of /queues/getQueueList.
type QueueListAnswer struct {
	Queues    []PathNode
	QueueTree []*TreeNode
}

// GetQueueList lists the valid queues the agent may read (ro or rw), plus
// those with create (ForCreateTicket=1) or move_into (ForUpdateQueue=1),
// and the ancestors needed to connect them with Accessible 0.
func (a *API) GetQueueList(ctx context.Context, r *Request) (any, error) {
	forCreate, err := Flag(r, "ForCreateTicket")
	if err != nil {
		return nil, err
	}
	forMove, err := Flag(r, "ForUpdateQueue")
	if err != nil {
		return nil, err
	}
	_, keys, err := a.agentKeys(ctx, r.Agent.ID)
	if err != nil {
		return nil, err
	}
	queues, err := catalogRows(ctx, a, "getQueueList", otrs.Catalog.Queues)
	if err != nil {
		return nil, err
	}
	group := map[int]int{}
	items := make([]pathItem, 0, len(queues))
	for _, q := range queues {
		if q.ValidID != otrs.ValidID {
			continue
		}
		group[q.ID] = q.GroupID
		items = append(items, pathItem{q.ID, q.Name})
	}
	ok := func(id int) bool {
		k := keys[group[id]]
		return k.Has("ro") || (forCreate && k.Has("create")) || (forMove && k.Has("move_into"))
	}
	flat, tree := buildTree(items, ok)
	return QueueListAnswer{Queues: flat, QueueTree: tree}, nil
}

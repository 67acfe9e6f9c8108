package perms_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// countingSource counts how often the permission rows are read.
type countingSource struct {
	*fakeotrs.Catalog
	reads int
}

func (c *countingSource) PermissionRows(ctx context.Context) (*otrs.PermissionRows, error) {
	c.reads++
	return c.Catalog.PermissionRows(ctx)
}

func TestPermissions(t *testing.T) {
	src := &countingSource{Catalog: fakeotrs.NewCatalog(fakeotrs.NewStore())}
	p := perms.New(src, time.Hour)
	ctx := context.Background()
	const agentRO, agentFull = 3, 2
	tests := []struct {
		name      string
		agent, id int
		queue     bool
		key       string
		want      bool
	}{
		{"agent.ro reads support", agentRO, 5, false, "ro", true},
		{"agent.ro adds notes on support", agentRO, 5, false, "note", true},
		{"agent.ro may not change support", agentRO, 5, false, "rw", false},
		{"agent.ro may not create in support", agentRO, 5, false, "create", false},
		{"agent.ro may not move into queue Support::Level2", agentRO, 6, true, "move_into", false},
		{"agent.ro reads queue Support::Level2", agentRO, 6, true, "ro", true},
		{"agent.ro has nothing on the invalid group retired", agentRO, 8, false, "ro", false},
		{"agent.full: rw implies priority on queue Sales", agentFull, 7, true, "priority", true},
		{"agent.full has nothing on queue Restricted", agentFull, 8, true, "ro", false},
		{"unknown queue allows nothing", agentFull, 99, true, "ro", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bool
			var err error
			if tt.queue {
				got, err = p.CanQueue(ctx, tt.agent, tt.id, tt.key)
			} else {
				got, err = p.Can(ctx, tt.agent, tt.id, tt.key)
			}
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if src.reads != 2 {
		t.Errorf("permission rows read %d times for two agents, want 2 (one per agent, then cached)", src.reads)
	}
}

package api

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/perms"
)

// errNoCatalog is logged when a catalog method runs without a database:
// the client sees MsgContactAdmin.
var errNoCatalog = errors.New("no catalog: RS4OTRS_DB_DSN is not set, so queues, services, users and customers cannot be read")

func (a *API) catalog() (otrs.Catalog, error) {
	if a.Catalog == nil {
		return nil, errNoCatalog
	}
	return a.Catalog, nil
}

// catalogRows reads one table of the catalog, the start of every catalog
// list: table is a method expression such as otrs.Catalog.Queues, and a
// failure is named after the contract's method.
func catalogRows[T any](ctx context.Context, a *API, method string, table func(otrs.Catalog, context.Context) ([]T, error)) ([]T, error) {
	cat, err := a.catalog()
	if err != nil {
		return nil, err
	}
	rows, err := table(cat, ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return rows, nil
}

func (a *API) perms() (Permissions, error) {
	if a.Catalog == nil || a.Perms == nil {
		return nil, errNoCatalog
	}
	return a.Perms, nil
}

// agentKeys returns the catalog and the permission keys the agent holds,
// the start of every method that filters the catalog by permission.
func (a *API) agentKeys(ctx context.Context, agentID int) (otrs.Catalog, perms.GroupKeys, error) {
	pm, err := a.perms()
	if err != nil {
		return nil, nil, err
	}
	keys, err := pm.Agent(ctx, agentID)
	if err != nil {
		return nil, nil, err
	}
	return a.Catalog, keys, nil
}

// Flag reads one of the contract's bool01 parameters: absent is off, and
// a value other than 0 or 1 is a ParamError rather than a guess (a client
// sending Subscribe=2 or ForCreateTicket=yes gets told so).
func Flag(r *Request, name string) (bool, error) {
	on, _, err := r.Params.Flag(name)
	return on, err
}

// PathNode is an entry of a flat queue or service list: Name is the last
// element of the "::" path, FullName the whole path (the same for
// services; the contract's examples are ambiguous, README "Choices where
// the contract is silent").
type PathNode struct {
	ID         int
	Name       string
	FullName   string
	Accessible int
}

// TreeNode is the same entry in the tree, its children under "Childs"
// (sic, the wire name).
type TreeNode struct {
	ID         int
	Name       string
	FullName   string
	Accessible int
	Childs     []*TreeNode
}

type pathItem struct {
	ID       int
	FullName string
}

// buildTree returns the accessible items plus the ancestors needed to
// connect them (Accessible 0), flat and as a tree, both ordered by path.
// all must hold every item, so that an ancestor the agent cannot use can
// still be shown.
func buildTree(all []pathItem, ok func(id int) bool) ([]PathNode, []*TreeNode) {
	byName := map[string]pathItem{}
	for _, it := range all {
		byName[it.FullName] = it
	}
	acc := map[string]int{}
	for _, it := range all {
		if ok(it.ID) {
			acc[it.FullName] = 1
		}
	}
	for name, v := range acc {
		if v != 1 {
			continue
		}
		for p := parentPath(name); p != ""; p = parentPath(p) {
			if _, exists := byName[p]; !exists {
				continue
			}
			if _, in := acc[p]; !in {
				acc[p] = 0
			}
		}
	}
	names := make([]string, 0, len(acc))
	for n := range acc {
		names = append(names, n)
	}
	sort.Strings(names)
	flat := make([]PathNode, 0, len(names))
	roots := []*TreeNode{}
	nodes := map[string]*TreeNode{}
	for _, n := range names {
		it := byName[n]
		flat = append(flat, PathNode{ID: it.ID, Name: leafName(n), FullName: n, Accessible: acc[n]})
		node := &TreeNode{ID: it.ID, Name: leafName(n), FullName: n, Accessible: acc[n], Childs: []*TreeNode{}}
		nodes[n] = node
		parent := (*TreeNode)(nil)
		for p := parentPath(n); p != "" && parent == nil; p = parentPath(p) {
			parent = nodes[p]
		}
		if parent != nil {
			parent.Childs = append(parent.Childs, node)
		} else {
			roots = append(roots, node)
		}
	}
	return flat, roots
}

func parentPath(name string) string {
	i := strings.LastIndex(name, "::")
	if i < 0 {
		return ""
	}
	return name[:i]
}

func leafName(name string) string {
	if i := strings.LastIndex(name, "::"); i >= 0 {
		return name[i+2:]
	}
	return name
}

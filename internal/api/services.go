package api

import (
	"context"
	"fmt"
	"sort"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// IDTitle is an entry of getServiceList (without CustomerUserLogin) and
// getSLAList.
type IDTitle struct {
	ID    int
	Title string
}

// ServiceListAnswer is the plain answer of /services/getServiceList.
type ServiceListAnswer struct {
	Services []IDTitle
}

// CustomerServiceListAnswer is its answer with CustomerUserLogin.
type CustomerServiceListAnswer struct {
	Services    []PathNode
	ServiceTree []*TreeNode
}

// GetServiceList lists every valid service by full name; with
// CustomerUserLogin, the services linked to that customer user plus the
// default services, flat and as a tree like getQueueList's.
func (a *API) GetServiceList(ctx context.Context, r *Request) (any, error) {
	services, err := catalogRows(ctx, a, "getServiceList", otrs.Catalog.Services)
	if err != nil {
		return nil, err
	}
	var valid []otrs.Service
	for _, s := range services {
		if s.ValidID == otrs.ValidID {
			valid = append(valid, s)
		}
	}
	login := r.Params.String("CustomerUserLogin")
	if login == "" {
		out := ServiceListAnswer{Services: []IDTitle{}}
		sort.SliceStable(valid, func(i, j int) bool { return valid[i].Name < valid[j].Name })
		for _, s := range valid {
			out.Services = append(out.Services, IDTitle{s.ID, s.Name})
		}
		return out, nil
	}
	allowed := map[int]bool{}
	for _, l := range []string{otrs.DefaultServiceLogin, login} {
		ids, err := a.Catalog.CustomerServiceIDs(ctx, l)
		if err != nil {
			return nil, fmt.Errorf("getServiceList: %w", err)
		}
		for _, id := range ids {
			allowed[id] = true
		}
	}
	items := make([]pathItem, 0, len(valid))
	for _, s := range valid {
		items = append(items, pathItem{s.ID, s.Name})
	}
	flat, tree := buildTree(items, func(id int) bool { return allowed[id] })
	return CustomerServiceListAnswer{Services: flat, ServiceTree: tree}, nil
}

// SLAListAnswer is the answer of /sla/getSLAList.
type SLAListAnswer struct {
	SLAList []IDTitle
}

// GetSLAList lists the valid SLAs linked to ServiceID, by name.
func (a *API) GetSLAList(ctx context.Context, r *Request) (any, error) {
	if missing := r.Params.Missing("ServiceID"); len(missing) > 0 {
		return nil, Required(missing)
	}
	serviceID, _, err := r.Params.Int("ServiceID")
	if err != nil {
		return nil, err
	}
	slas, err := catalogRows(ctx, a, "getSLAList", otrs.Catalog.SLAs)
	if err != nil {
		return nil, err
	}
	out := SLAListAnswer{SLAList: []IDTitle{}}
	for _, s := range slas {
		if s.ValidID != otrs.ValidID {
			continue
		}
		for _, id := range s.ServiceIDs {
			if id == serviceID {
				out.SLAList = append(out.SLAList, IDTitle{s.ID, s.Name})
				break
			}
		}
	}
	sort.SliceStable(out.SLAList, func(i, j int) bool { return out.SLAList[i].Title < out.SLAList[j].Title })
	return out, nil
}

package api

import (
	"context"
	"slices"
	"sort"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

// ContractVersion is the RS4OTRS_API version this proxy serves; clients
// read it from getPackageList as package RS4OTRS_API (the contract version it implements; the proxy's own version is a second
// entry, rs4otrs-proxy).
const ContractVersion = "6.44.2"

// Language is an entry of /settings/getLanguageList.
type Language struct {
	ID   string
	Name string
}

// LanguageListAnswer is the answer of /settings/getLanguageList.
type LanguageListAnswer struct {
	Languages []Language
}

// GetLanguageList lists OTRS's DefaultUsedLanguages (English names) by code.
func (a *API) GetLanguageList(ctx context.Context, r *Request) (any, error) {
	ls, err := catalogRows(ctx, a, "getLanguageList", otrs.Catalog.Languages)
	if err != nil {
		return nil, err
	}
	out := LanguageListAnswer{Languages: []Language{}}
	for _, l := range ls {
		out.Languages = append(out.Languages, Language{l.ID, l.Name})
	}
	sort.SliceStable(out.Languages, func(i, j int) bool { return out.Languages[i].ID < out.Languages[j].ID })
	return out, nil
}

// Package is an entry of /system/getPackageList.
type Package struct {
	Name    string
	Version string
}

// PackageListAnswer is the answer of /system/getPackageList.
type PackageListAnswer struct {
	Packages []Package
}

// GetPackageList reports this proxy as RS4OTRS_API with the contract
// version it serves and as rs4otrs-proxy with its own version, followed by
// the packages installed in OTRS.
func (a *API) GetPackageList(ctx context.Context, r *Request) (any, error) {
	ps, err := catalogRows(ctx, a, "getPackageList", otrs.Catalog.Packages)
	if err != nil {
		return nil, err
	}
	out := PackageListAnswer{Packages: []Package{{"RS4OTRS_API", ContractVersion}, {"rs4otrs-proxy", a.Opts.ProxyVersion}}}
	for _, p := range ps {
		if p.Name == "RS4OTRS_API" || p.Name == "rs4otrs-proxy" {
			continue
		}
		out.Packages = append(out.Packages, Package{p.Name, p.Version})
	}
	return out, nil
}

// DynamicField is an entry of /system/getDynamicFieldList.
type DynamicField struct {
	ID         int
	Name       string
	Label      string
	FieldType  string
	ObjectType string
	Config     map[string]any
	// Screens is empty: the RS4OTRS_Mobile screen settings it comes from
	// do not exist without that package.
	Screens map[string]any
}

// DynamicFieldListAnswer is the answer of /system/getDynamicFieldList.
type DynamicFieldListAnswer struct {
	DynamicFields map[string][]DynamicField
}

// GetDynamicFieldList lists the valid dynamic fields grouped by object
// type, each in field order, with its parsed config.
func (a *API) GetDynamicFieldList(ctx context.Context, r *Request) (any, error) {
	cached, err := catalogRows(ctx, a, "getDynamicFieldList", otrs.Catalog.DynamicFields)
	if err != nil {
		return nil, err
	}
	fs := slices.Clone(cached) // the catalog's copy is shared: sort our own
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].FieldOrder != fs[j].FieldOrder {
			return fs[i].FieldOrder < fs[j].FieldOrder
		}
		return fs[i].ID < fs[j].ID
	})
	out := DynamicFieldListAnswer{DynamicFields: map[string][]DynamicField{}}
	for _, f := range fs {
		if f.ValidID != otrs.ValidID {
			continue
		}
		cfg, _ := nullEmpty(f.Config).(map[string]any)
		if cfg == nil {
			cfg = map[string]any{}
		}
		out.DynamicFields[f.ObjectType] = append(out.DynamicFields[f.ObjectType], DynamicField{
			ID: f.ID, Name: f.Name, Label: f.Label, FieldType: f.FieldType, ObjectType: f.ObjectType,
			Config: cfg, Screens: map[string]any{},
		})
	}
	return out, nil
}

// nullEmpty returns a copy of v (a parsed YAML/JSON value) with every ""
// replaced by nil: the null rule holds inside a field's Config too. It
// copies because the catalog's config is shared.
func nullEmpty(v any) any {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = nullEmpty(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = nullEmpty(x)
		}
		return out
	}
	return v
}

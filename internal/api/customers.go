package api

import (
	"context"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
)

const (
	msgNoCustomerUserParam = "No CustomerUser parameter"
	msgNoCustomerUser      = "No CustomerUser"
	notDefined             = "Not defined"
	// customerSearchLimit is OTRS's CustomerUserSearchListLimit default.
	customerSearchLimit = 250
)

// CustomerCompany is an entry of /customers/getCustomerList.
type CustomerCompany struct {
	CustomerID string
	Name       *string
}

// CustomerListAnswer is the answer of /customers/getCustomerList.
type CustomerListAnswer struct {
	CustomerCompanies []CustomerCompany
}

// GetCustomerList lists the valid customer companies by CustomerID.
func (a *API) GetCustomerList(ctx context.Context, r *Request) (any, error) {
	cs, err := catalogRows(ctx, a, "getCustomerList", otrs.Catalog.CustomerCompanies)
	if err != nil {
		return nil, err
	}
	out := CustomerListAnswer{CustomerCompanies: []CustomerCompany{}}
	for _, c := range cs {
		if c.ValidID == otrs.ValidID {
			out.CustomerCompanies = append(out.CustomerCompanies, CustomerCompany{c.CustomerID, Nullable(c.Name)})
		}
	}
	return out, nil
}

// CustomerUserAnswer is the answer of /customers/getCustomerUser: the
// customer user's attributes, flat, named as OTRS's CustomerUser map names
// them; never the password.
type CustomerUserAnswer struct {
	UserLogin      string
	UserEmail      *string
	UserCustomerID *string
	UserTitle      *string
	UserFirstname  *string
	UserLastname   *string
	UserPhone      *string
	UserFax        *string
	UserMobile     *string
	UserStreet     *string
	UserZip        *string
	UserCity       *string
	UserCountry    *string
	UserComment    *string
	ValidID        int
}

// GetCustomerUser returns one customer user by login (valid or not, as
// OTRS's CustomerUserDataGet does).
func (a *API) GetCustomerUser(ctx context.Context, r *Request) (any, error) {
	login := r.Params.String("CustomerUser")
	if login == "" {
		return nil, Fail(msgNoCustomerUserParam, nil)
	}
	cus, err := catalogRows(ctx, a, "getCustomerUser", otrs.Catalog.CustomerUsers)
	if err != nil {
		return nil, err
	}
	for _, cu := range cus {
		if strings.EqualFold(cu.Login, login) {
			return CustomerUserAnswer{
				UserLogin: cu.Login, UserEmail: Nullable(cu.Email), UserCustomerID: Nullable(cu.CustomerID),
				UserTitle: Nullable(cu.Title), UserFirstname: Nullable(cu.FirstName), UserLastname: Nullable(cu.LastName),
				UserPhone: Nullable(cu.Phone), UserFax: Nullable(cu.Fax), UserMobile: Nullable(cu.Mobile),
				UserStreet: Nullable(cu.Street), UserZip: Nullable(cu.Zip), UserCity: Nullable(cu.City),
				UserCountry: Nullable(cu.Country), UserComment: Nullable(cu.Comment), ValidID: cu.ValidID,
			}, nil
		}
	}
	return nil, Fail(msgNoCustomerUser, nil)
}

// CustomerUserCard is an entry of /customers/getCustomerUserList.
// CustomerUser carries the user's CustomerID, as the original does.
type CustomerUserCard struct {
	CustomerUser *string
	Login        string
	Firstname    string
	Lastname     string
	Email        *string
	Avatar       *string
}

// CustomerUserListAnswer is the answer of /customers/getCustomerUserList.
type CustomerUserListAnswer struct {
	CustomerUsers []CustomerUserCard
}

// GetCustomerUserList searches the valid customer users. Login, Email and
// CustomerID match whole values, case-insensitively, with * as wildcard
// (as OTRS's CustomerSearch); Search matches a part of login, names,
// e-mail or CustomerID. Limit defaults to OTRS's 250.
func (a *API) GetCustomerUserList(ctx context.Context, r *Request) (any, error) {
	limit, hasLimit, err := r.Params.Int("Limit")
	if err != nil {
		return nil, err
	}
	if !hasLimit || limit <= 0 {
		limit = customerSearchLimit
	}
	cus, err := catalogRows(ctx, a, "getCustomerUserList", otrs.Catalog.CustomerUsers)
	if err != nil {
		return nil, err
	}
	search := strings.ToLower(strings.Trim(r.Params.String("Search"), "*"))
	login, email, cid := r.Params.String("Login"), r.Params.String("Email"), r.Params.String("CustomerID")
	out := CustomerUserListAnswer{CustomerUsers: []CustomerUserCard{}}
	for _, cu := range cus {
		if len(out.CustomerUsers) >= limit {
			break
		}
		if cu.ValidID != otrs.ValidID || !wildMatch(login, cu.Login) || !wildMatch(email, cu.Email) || !wildMatch(cid, cu.CustomerID) {
			continue
		}
		if search != "" && !containsAny(search, cu.Login, cu.FirstName, cu.LastName, cu.Email, cu.CustomerID) {
			continue
		}
		out.CustomerUsers = append(out.CustomerUsers, CustomerUserCard{
			CustomerUser: Nullable(cu.CustomerID), Login: cu.Login,
			Firstname: orNotDefined(cu.FirstName), Lastname: orNotDefined(cu.LastName),
			Email: Nullable(cu.Email), Avatar: Nullable(AvatarURL(cu.Email)),
		})
	}
	return out, nil
}

func orNotDefined(s string) string {
	if strings.TrimSpace(s) == "" {
		return notDefined
	}
	return s
}

func containsAny(needle string, values ...string) bool {
	for _, v := range values {
		if strings.Contains(strings.ToLower(v), needle) {
			return true
		}
	}
	return false
}

// wildMatch matches value against pattern case-insensitively, * matching
// any run of characters; an empty pattern matches everything.
func wildMatch(pattern, value string) bool {
	if pattern == "" {
		return true
	}
	p, v := strings.ToLower(pattern), strings.ToLower(value)
	parts := strings.Split(p, "*")
	if len(parts) == 1 {
		return p == v
	}
	if !strings.HasPrefix(v, parts[0]) {
		return false
	}
	v = v[len(parts[0]):]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(v, part)
		if i < 0 {
			return false
		}
		v = v[i+len(part):]
	}
	return strings.HasSuffix(v, parts[len(parts)-1])
}

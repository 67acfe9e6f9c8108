package api

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/web"
)

const msgCustomerUserFailed = "Couldn't create customer user"

// CreateCustomerUser creates a customer user through OTRS's
// AdminCustomerUser (agent interface, the agent's session), so OTRS hashes
// the password and writes its own customer-user backend. Any refusal
// (field OTRS finds invalid, an address CheckEmailInvalidAddress refuses,
// login or e-mail taken, unknown CustomerID, agent without rw on
// admin/users) answers "Couldn't create customer user"; the cause goes to
// the log.
//
// When OTRS gives no answer to read (a 500, a broken connection), the
// record may exist anyway: Znuny stores it before a crash
// (real2/znuny65/27). The proxy then looks it up with a fresh catalog
// read and answers OK if it is there. After success the catalog's customer
// users are refreshed, so the next call sees the new record.
func (a *API) CreateCustomerUser(ctx context.Context, r *Request) (any, error) {
	if m := r.Params.Missing("Firstname", "Lastname", "CustomerID", "Login", "Email"); len(m) > 0 {
		return nil, Required(m)
	}
	if a.Web == nil {
		return nil, Fail(msgCustomerUserFailed, ErrNoAgentUI)
	}
	p := r.Params.String
	u := web.CustomerUser{
		Login: p("Login"), Password: p("Password"), Title: p("Title"), Firstname: p("Firstname"),
		Lastname: p("Lastname"), Email: p("Email"), CustomerID: p("CustomerID"), Phone: p("Phone"),
		Fax: p("Fax"), Mobile: p("Mobile"), Street: p("Street"), Zip: p("Zip"), City: p("City"),
		Country: p("Country"), Comment: p("Comment"), Language: p("InterfaceLanguage"),
	}
	err := a.Web.CreateCustomerUser(ctx, r.Token, u)
	if err != nil && outcomeUnknown(err) {
		found, lerr := a.customerUserStored(ctx, u)
		if lerr != nil {
			err = errors.Join(err, fmt.Errorf("look up after the failure: %w", lerr))
		} else if found {
			zerolog.Ctx(ctx).Warn().Err(err).Str("customer_user", u.Login).
				Msg("createCustomerUser: OTRS failed after storing the customer user; answering OK")
			err = nil
		}
	}
	if err != nil {
		if errors.Is(err, web.ErrNoPermission) {
			return nil, Fail(msgCustomerUserFailed, err)
		}
		return nil, Fail(msgCustomerUserFailed, fmt.Errorf("customer user %q: %w", u.Login, err))
	}
	a.customerUsersChanged()
	return struct{}{}, nil
}

// outcomeUnknown reports whether OTRS may have stored the record although
// the call failed: no page came back (5xx, a broken connection, a
// timeout). A page (the form again, the login page, "Insufficient Rights")
// is a clear refusal.
func outcomeUnknown(err error) bool {
	var pe *web.PageError
	if errors.As(err, &pe) {
		return pe.Status >= 500
	}
	var fe *web.FormError
	return !errors.As(err, &fe) && !errors.Is(err, web.ErrSessionInvalid) &&
		!errors.Is(err, web.ErrNoPermission) && !errors.Is(err, web.ErrNoChallengeToken)
}

// customerUserStored reports whether the catalog, read afresh, holds the
// customer user u with the values sent: the same login alone could be an
// older record.
func (a *API) customerUserStored(ctx context.Context, u web.CustomerUser) (bool, error) {
	if a.Catalog == nil {
		return false, errors.New("no catalog configured")
	}
	a.customerUsersChanged()
	all, err := a.Catalog.CustomerUsers(ctx)
	if err != nil {
		return false, err
	}
	for _, cu := range all {
		if strings.EqualFold(cu.Login, u.Login) {
			return strings.EqualFold(cu.Email, u.Email) && cu.CustomerID == u.CustomerID &&
				cu.FirstName == u.Firstname && cu.LastName == u.Lastname, nil
		}
	}
	return false, nil
}

// customerUsersChanged makes the next catalog read of customer users see
// what the proxy just wrote, when the catalog caches (otrs/db).
func (a *API) customerUsersChanged() {
	if c, ok := a.Catalog.(interface{ ForgetCustomerUsers() }); ok {
		c.ForgetCustomerUsers()
	}
}

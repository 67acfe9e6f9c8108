package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// CustomerUser is a new customer user, in the field names of OTRS's
// default CustomerUser map (the names AdminCustomerUser's form posts).
type CustomerUser struct {
	Login, Password, Title, Firstname, Lastname, Email, CustomerID    string
	Phone, Fax, Mobile, Street, Zip, City, Country, Comment, Language string
}

// form returns the AdminCustomerUser AddAction fields.
func (u CustomerUser) form() url.Values {
	v := url.Values{}
	for k, s := range map[string]string{
		"UserLogin": u.Login, "UserPassword": u.Password, "UserTitle": u.Title,
		"UserFirstname": u.Firstname, "UserLastname": u.Lastname, "UserEmail": u.Email,
		"UserCustomerID": u.CustomerID, "UserPhone": u.Phone, "UserFax": u.Fax, "UserMobile": u.Mobile,
		"UserStreet": u.Street, "UserZip": u.Zip, "UserCity": u.City, "UserCountry": u.Country,
		"UserComment": u.Comment, "UserLanguage": u.Language,
	} {
		if s != "" {
			v.Set(k, s)
		}
	}
	v.Set("ValidID", "1")
	return v
}

// CreateCustomerUser adds a customer user through AdminCustomerUser
// (Subaction=AddAction, source CustomerUser), so OTRS validates the fields,
// hashes the password and writes its customer-user backend. The agent
// needs rw on the group admin or users (the module's registration), else
// ErrNoPermission. A refused record (missing field, bad e-mail, unknown
// CustomerID, login or e-mail taken) comes back as the form again: a
// *FormError. Success is the overview with OTRS's "Customer <login>
// added" notice; the login is what is matched, not the translated text.
func (c *Client) CreateCustomerUser(ctx context.Context, sessionID string, u CustomerUser) error {
	const action = "AdminCustomerUser"
	return c.withToken(ctx, sessionID, func(tok string) error {
		v := u.form()
		v.Set("Action", action)
		v.Set("Subaction", "AddAction")
		v.Set("Source", "CustomerUser")
		v.Set("ChallengeToken", tok)
		a, err := c.call(ctx, http.MethodPost, sessionID, v)
		if err != nil {
			return err
		}
		if a.status != http.StatusOK || !a.html() {
			return unexpected(action, a)
		}
		p, err := a.page()
		if err != nil {
			return fmt.Errorf("otrs web: %s: %w", action, err)
		}
		if p.Kind != PageOther {
			return unexpected(action, a)
		}
		if slices.Contains(p.Subactions, "AddAction") {
			return &FormError{Action: action, Fields: p.ErrorFields, Notices: p.Notices}
		}
		for _, n := range p.Notices {
			if strings.Contains(n, u.Login) {
				return nil
			}
		}
		return &PageError{Action: action, Status: a.status, Kind: p.Kind, Title: p.Title, Message: "no confirmation notice"}
	})
}

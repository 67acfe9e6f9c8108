package translate

import (
	"context"

	"github.com/rs4otrs/rs4otrs-proxy/otrs/web"
)

const msgCustomerUserFailed = "Couldn't create customer user"

// CreateCustomerUser creates a customer user through OTRS's
// AdminCustomerUser (agent interface, the agent's session), so OTRS hashes
// the password and writes its own customer-user backend. Any refusal
// (field OTRS finds invalid, login or e-mail taken, unknown CustomerID,
// agent without rw on admin/users) answers "Couldn't create customer
// user"; the cause goes to the log.
func (a *API) CreateCustomerUser(ctx context.Context, r *Request) (any, error) {
	if m := r.Params.Missing("Firstname", "Lastname", "CustomerID", "Login", "Email"); len(m) > 0 {
		return nil, requiredError(m)
	}
	if a.Web == nil {
		return nil, Fail(msgCustomerUserFailed, errNoAgentUI)
	}
	p := r.Params.String
	u := web.CustomerUser{
		Login: p("Login"), Password: p("Password"), Title: p("Title"), Firstname: p("Firstname"),
		Lastname: p("Lastname"), Email: p("Email"), CustomerID: p("CustomerID"), Phone: p("Phone"),
		Fax: p("Fax"), Mobile: p("Mobile"), Street: p("Street"), Zip: p("Zip"), City: p("City"),
		Country: p("Country"), Comment: p("Comment"), Language: p("InterfaceLanguage"),
	}
	if err := a.Web.CreateCustomerUser(ctx, r.Token, u); err != nil {
		if f := webFail(err, msgCustomerUserFailed); ClientMessage(f) == MsgSessionInvalid {
			return nil, f
		}
		return nil, Fail(msgCustomerUserFailed, err)
	}
	return struct{}{}, nil
}

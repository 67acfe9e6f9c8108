package otrstest

import (
	"fmt"
	"html"
	"net/http"
	"net/mail"
	"strings"
)

// customerUserForm lists AdminCustomerUser's fields in the order of the
// default CustomerUser map, with their "required" column.
var customerUserForm = []struct {
	name     string
	required bool
}{
	{"UserTitle", false}, {"UserFirstname", true}, {"UserLastname", true}, {"UserLogin", true},
	{"UserPassword", false}, {"UserEmail", true}, {"UserCustomerID", true}, {"UserPhone", false},
	{"UserFax", false}, {"UserMobile", false}, {"UserStreet", false}, {"UserZip", false},
	{"UserCity", false}, {"UserCountry", false}, {"UserComment", false}, {"ValidID", true},
}

// adminCustomerUser is AdminCustomerUser's AddAction (other subactions
// show the overview): module permission rw on admin or users, the
// ChallengeToken, the map's required fields, the e-mail syntax, the
// company, then CustomerUserAdd (login and e-mail unique). A refused
// record shows the form again; success the overview with a notice.
func (v *agentView) adminCustomerUser() {
	const module = "Customer Users"
	s := v.o.Store
	allowed := false
	s.Lock(func(s *Store) {
		for _, g := range []string{"admin", "users"} {
			if grp := s.groupByName(g); grp != nil && s.AgentHas(v.agent.ID, grp.ID, "rw") {
				allowed = true
			}
		}
	})
	if !allowed {
		v.noPermission(module, "No Permission to use this frontend module!")
		return
	}
	if v.q.subaction != "AddAction" {
		writeHTML(v.q.w, http.StatusOK, v.page(module, customerOverview("")))
		return
	}
	if !v.challengeOK() {
		v.fatal("Invalid Challenge Token!", "Please contact the administrator.")
		return
	}
	p := map[string]string{}
	errs := map[string]bool{}
	for _, f := range customerUserForm {
		p[f.name] = v.q.param(f.name)
		if f.required && p[f.name] == "" {
			errs[f.name] = true
		}
	}
	if e := p["UserEmail"]; e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || !strings.Contains(e[strings.Index(e, "@"):], ".") {
			errs["UserEmail"] = true
		}
	}
	notice := ""
	s.Lock(func(s *Store) {
		if id := p["UserCustomerID"]; id != "" && !s.companyExists(id) {
			errs["UserCustomerID"] = true
		}
		if len(errs) > 0 {
			return
		}
		for _, cu := range s.CustomerUsers {
			if strings.EqualFold(cu.Login, p["UserLogin"]) {
				notice = fmt.Sprintf("Customer user \"%s\" already exists.", p["UserLogin"])
				return
			}
			if strings.EqualFold(cu.Email, p["UserEmail"]) {
				notice = "This email address is already in use for another customer user."
				return
			}
		}
		id := 0
		for _, cu := range s.CustomerUsers {
			id = max(id, cu.ID)
		}
		s.CustomerUsers = append(s.CustomerUsers, &CustomerUser{
			ID: id + 1, Login: p["UserLogin"], Password: p["UserPassword"], Title: p["UserTitle"],
			FirstName: p["UserFirstname"], LastName: p["UserLastname"], Email: p["UserEmail"],
			CustomerID: p["UserCustomerID"], Phone: p["UserPhone"], Mobile: p["UserMobile"],
			Street: p["UserStreet"], Zip: p["UserZip"], City: p["UserCity"], Country: p["UserCountry"],
			Comment: p["UserComment"], ValidID: 1, CreateTime: s.Now(),
		})
		sortCustomerUsers(s)
	})
	if len(errs) > 0 || notice != "" {
		writeHTML(v.q.w, http.StatusOK, v.page(module, customerForm(v.token, p, errs, notice)))
		return
	}
	login := html.EscapeString(p["UserLogin"])
	added := fmt.Sprintf(`<!-- start Notify -->
<div class="MessageBox Notice">
    <p>
            Customer %s added ( <a href="/otrs/index.pl?Action=AgentTicketPhone;Subaction=StoreNew;ExpandCustomerName=2;CustomerUser=%s;ChallengeToken=%s;">New phone ticket</a> - <a href="/otrs/index.pl?Action=AgentTicketEmail;Subaction=StoreNew;ExpandCustomerName=2;CustomerUser=%s;ChallengeToken=%s;">New email ticket</a> )!
    </p>
</div>
<!-- end Notify -->
`, login, login, v.token, login, v.token)
	writeHTML(v.q.w, http.StatusOK, v.page(module, added+customerOverview(v.token)))
}

func (s *Store) companyExists(id string) bool {
	for _, c := range s.CustomerCompanys {
		if c.CustomerID == id {
			return true
		}
	}
	return false
}

// sortCustomerUsers keeps the list ordered by login, as the catalog
// promises. The caller holds s.mu.
func sortCustomerUsers(s *Store) {
	cus := s.CustomerUsers
	for i := 1; i < len(cus); i++ {
		for j := i; j > 0 && cus[j].Login < cus[j-1].Login; j-- {
			cus[j], cus[j-1] = cus[j-1], cus[j]
		}
	}
}

func customerOverview(token string) string {
	return `<div class="MainBox ARIARoleMain LayoutFixedSidebar SidebarFirst">
<form class="SearchBox" action="/otrs/index.pl" method="post"><input type="hidden" name="ChallengeToken" value="` + token + `"/><input type="hidden" name="Action" value="AdminCustomerUser"/><input type="hidden" name="Subaction" value="Search"/></form>
<form action="/otrs/index.pl" method="post"><input type="hidden" name="ChallengeToken" value="` + token + `"/><input type="hidden" name="Action" value="AdminCustomerUser"/><input type="hidden" name="Subaction" value="Add"/></form>
</div>`
}

// customerForm is the Add form shown again, fields with errors marked
// ServerError, OTRS's backend message as an error notice.
func customerForm(token string, p map[string]string, errs map[string]bool, notice string) string {
	var b strings.Builder
	if notice != "" {
		fmt.Fprintf(&b, "<!-- start Notify -->\n<div class=\"MessageBox Error\">\n    <p>\n            %s\n    </p>\n</div>\n<!-- end Notify -->\n", html.EscapeString(notice))
	}
	fmt.Fprintf(&b, `<div class="MainBox ARIARoleMain"><form action="/otrs/index.pl" enctype="multipart/form-data" method="post" name="compose" class="Validate PreventMultipleSubmits">
<input type="hidden" name="ChallengeToken" value="%s"/>
<input type="hidden" name="Action" value="AdminCustomerUser"/>
<input type="hidden" name="Subaction" value="AddAction"/>
<input type="hidden" name="Source" value="CustomerUser"/>
`, token)
	for _, f := range customerUserForm {
		class := ""
		if f.required {
			class = "Validate_Required"
		}
		if errs[f.name] {
			class += " ServerError"
		}
		val := p[f.name]
		if f.name == "UserPassword" {
			val = ""
		}
		fmt.Fprintf(&b, "<input type=\"text\" id=\"%s\" name=\"%s\" class=\"W50pc %s\" value=\"%s\"/>\n", f.name, f.name, strings.TrimSpace(class), html.EscapeString(val))
	}
	b.WriteString("</form></div>\n")
	return b.String()
}

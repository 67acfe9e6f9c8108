package web

import (
	"fmt"
	"html"
	"net/http"
	"net/mail"
	"regexp"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
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
	// The title of every AdminCustomerUser page (real2/znuny65/24).
	const module = "Customer Users - Customers"
	s := v.o.Store
	allowed := false
	s.Lock(func(s *store.Store) {
		for _, g := range []string{"admin", "users"} {
			if grp := s.GroupByName(g); grp != nil && s.AgentHas(v.agent.ID, grp.ID, "rw") {
				allowed = true
			}
		}
	})
	if !allowed {
		v.noPermission(module, "No Permission to use this frontend module!")
		return
	}
	// Znuny renders the customer preferences (LastViewsTypes) into the
	// Add form, which dies for a GenericInterface session: a bare Apache
	// 500 (real2/znuny65/21, real2/znuny70/21; LastViewsTypes.pm line 50).
	crashes := v.q.site.dialect.LastViewsCrash && v.source == store.SourceGI
	if v.q.subaction == "Add" && crashes {
		writeApache500(v.q.w)
		return
	}
	if v.q.subaction != "AddAction" {
		writeHTML(v.q, http.StatusOK, v.page(module, customerOverview("")))
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
	notice := ""
	s.Lock(func(s *store.Store) {
		if e := p["UserEmail"]; e != "" && !emailValid(s, e) {
			errs["UserEmail"] = true
		}
		if id := p["UserCustomerID"]; id != "" && !companyExists(s, id) {
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
		s.CustomerUsers = append(s.CustomerUsers, &store.CustomerUser{
			ID: id + 1, Login: p["UserLogin"], Password: p["UserPassword"], Title: p["UserTitle"],
			FirstName: p["UserFirstname"], LastName: p["UserLastname"], Email: p["UserEmail"],
			CustomerID: p["UserCustomerID"], Phone: p["UserPhone"], Mobile: p["UserMobile"],
			Street: p["UserStreet"], Zip: p["UserZip"], City: p["UserCity"], Country: p["UserCountry"],
			Comment: p["UserComment"], ValidID: 1, CreateTime: s.Now(),
		})
		sortCustomerUsers(s)
	})
	if crashes {
		// AddAction stores the customer user, then dies rendering the
		// preferences (real2/znuny65/27: 500, and the row exists); a
		// refused record dies the same way drawing the form again.
		writeApache500(v.q.w)
		return
	}
	if len(errs) > 0 || notice != "" {
		writeHTML(v.q, http.StatusOK, v.page(module, customerForm(v.token, p, errs, notice)))
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
	writeHTML(v.q, http.StatusOK, v.page(module, added+customerOverview(v.token)))
}

// emailValid is CheckItem's CheckEmail as AdminCustomerUser runs it:
// the syntax, then SysConfig CheckEmailInvalidAddress matched case-
// insensitively (Znuny 6.5.4 Kernel/System/CheckItem.pm:209-215). A
// refused address shows the form again with ServerError on UserEmail and
// no message box (real2/znuny65/25). The caller holds s.Mu.
func emailValid(s *store.Store, e string) bool {
	if a, err := mail.ParseAddress(e); err != nil || a.Address != e || !strings.Contains(e[strings.Index(e, "@"):], ".") {
		return false
	}
	if re := s.Setting("CheckEmailInvalidAddress"); re != "" {
		if rx, err := regexp.Compile("(?i)" + re); err == nil && rx.MatchString(e) {
			return false
		}
	}
	return true
}

// writeApache500 is Apache's own answer when mod_perl dies: no OTRS page
// at all (real2/znuny65/21, 27).
func writeApache500(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
	w.Header().Set("Connection", "close")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprint(w, `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">
<html><head>
<title>500 Internal Server Error</title>
</head><body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or
misconfiguration and was unable to complete
your request.</p>
<p>Please contact the server administrator at 
 [no address given] to inform them of the time this error occurred,
 and the actions you performed just before this error.</p>
<p>More information about this error may be available
in the server error log.</p>
</body></html>
`)
}

func companyExists(s *store.Store, id string) bool {
	for _, c := range s.CustomerCompanys {
		if c.CustomerID == id {
			return true
		}
	}
	return false
}

// sortCustomerUsers keeps the list ordered by login, as the catalog
// promises. The caller holds s.Mu.
func sortCustomerUsers(s *store.Store) {
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

package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
)

// The pages below keep the structure of Znuny 6.5.4's templates
// (Login.tt, Error.tt, NoPermission.tt, Notify.tt, the Footer's
// Core.Config blob) that otrs-recordings/web shows, without their bulk.

// writeHTML writes a page. The templates link to Znuny's default
// /otrs/; the page is served under the line's own ScriptAlias.
func writeHTML(q *webRequest, status int, body string) {
	w := q.w
	w.Header().Set("Content-Type", "text/html; charset=utf-8;")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.WriteHeader(status)
	fmt.Fprint(w, strings.ReplaceAll(body, "/otrs/", q.site.path))
}

// pageHead is the page's head; titles end in the product's name
// (real2/*/24: "- Znuny", "- ((OTRS)) Community Edition", "- OTOBO 11").
func (q *webRequest) pageHead(title string) string {
	return "<!DOCTYPE html>\n<html>\n<head>\n    <title>" + html.EscapeString(title) + " - " + html.EscapeString(q.site.title) + "</title>\n</head>\n"
}

// writeLoginPage renders the login page with an optional SuccessBox or
// ErrorBox; clearCookie adds the cookie-clearing Set-Cookie OTRS sends
// for an invalid session (web/13).
func writeLoginPage(q *webRequest, title, msg string, success, clearCookie bool) {
	writeLoginPageConfig(q, title, msg, success, clearCookie, nil)
}

// writeLoginPageConfig is writeLoginPage with a Footer Core.Config blob
// (the login page's JS data, e.g. LoginFailed).
func writeLoginPageConfig(q *webRequest, title, msg string, success, clearCookie bool, config map[string]any) {
	q.w.Header().Add("Set-Cookie", q.site.browserCookie()+"=1; path="+q.site.path+"; expires=Fri, 26-Nov-2027 18:00:09 GMT")
	if clearCookie {
		q.w.Header().Add("Set-Cookie", q.site.name+"=; path="+q.site.path+"; expires=Wed, 26-Nov-2025 18:00:10 GMT; HttpOnly")
	}
	var b strings.Builder
	b.WriteString(q.pageHead(title))
	b.WriteString(`<body class="LoginScreen">
<div id="MainBox" class="LoginScreen ARIARoleMain">
        <div id="LoginLogo" class="CenterBox"></div>
        <div>
            <div class="LoginBox">
                <noscript>
                <div class="ErrorBox">
                    <strong>JavaScript Not Available</strong>
                    <span>In order to experience this software, you'll need to enable JavaScript in your browser.</span>
                </div>
                </noscript>
            </div>
            <div id="LoginBox" class="LoginBox">
`)
	if msg != "" {
		box := "ErrorBox"
		if success {
			box = "SuccessBox"
		}
		fmt.Fprintf(&b, "                <div class=\"%s\">\n                    <span>%s</span>\n                </div>\n", box, html.EscapeString(msg))
	}
	b.WriteString(`                <div class="WidgetSimple">
                    <div class="Content">
                        <form action="/otrs/index.pl" method="post" enctype="application/x-www-form-urlencoded" name="login" class="Validate PreventMultipleSubmits">
                            <input type="hidden" name="Action" value="Login"/>
                            <input type="text" id="User" name="User" value=""/>
                            <input type="password" id="Password" name="Password"/>
                        </form>
                    </div>
                </div>
            </div>
        </div>
</div>
`)
	if config != nil {
		cfg, _ := json.Marshal(config)
		fmt.Fprintf(&b, "<script type=\"text/javascript\">//<![CDATA[\n\"use strict\";\nCore.Init.ExecuteInit('CONFIG_LOADED');\nCore.Config.AddConfig(%s);\n//]]></script>\n", cfg)
	}
	b.WriteString("</body>\n</html>\n")
	writeHTML(q, http.StatusOK, b.String())
}

// page renders a full agent page: the navigation bar's notices, the
// content and the footer's Core.Config blob with the session's token.
func (v *agentView) page(title, content string) string {
	cfg, _ := json.Marshal(map[string]any{
		"Baselink": "/otrs/index.pl?", "CGIHandle": "/otrs/index.pl", "ChallengeToken": v.token,
		"CheckEmailAddresses": "1", "UserLanguage": "en",
	})
	var b strings.Builder
	b.WriteString(v.q.pageHead(title))
	b.WriteString("<body class=\"\">\n<div id=\"AppWrapper\">\n")
	fmt.Fprintf(&b, "<a class=\"LogoutButton\" id=\"LogoutButton\" href=\"/otrs/index.pl?Action=Logout;ChallengeToken=%s;\" title=\"Logout (You are logged in as %s)\"><strong>Logout</strong></a>\n",
		v.token, html.EscapeString(v.agent.FullName()))
	b.WriteString(`<!-- start Notify -->
<div class="MessageBox Notice">
    <p>
        <a href="/otrs/index.pl?Action=AgentPreferences;Subaction=Group;Group=UserProfile" class="">
            Please select a time zone in your preferences and confirm it by clicking the save button.
        </a>
    </p>
</div>
<!-- end Notify -->
<!-- start Notify -->
<div class="MessageBox Error">
    <p>
            ` + v.q.site.dialect.Daemon + ` Daemon is not running. Please contact the administrator.
    </p>
</div>
<!-- end Notify -->
`)
	b.WriteString(content)
	fmt.Fprintf(&b, "\n</div>\n<script type=\"text/javascript\">//<![CDATA[\n\"use strict\";\nCore.Init.ExecuteInit('CONFIG_LOADED');\nCore.Config.AddConfig(%s);\n//]]></script>\n</body>\n</html>\n", cfg)
	return b.String()
}

// fatal is LayoutObject->FatalError: the error screen titled "Fatal Error".
func (v *agentView) fatal(msg, comment string) {
	writeHTML(v.q, http.StatusOK, v.page("Fatal Error - Frontend", errorScreen(msg, comment)))
}

// errorPage is LayoutObject->ErrorScreen, titled "Error - <module>".
func (v *agentView) errorPage(module, msg, comment string) {
	writeHTML(v.q, http.StatusOK, v.page("Error - "+module, errorScreen(msg, comment)))
}

func errorScreen(msg, comment string) string {
	return fmt.Sprintf(`<div class="MainBox ARIARoleMain SpacingTopLarge ErrorScreen">

    <div class="W50pc CenterBox SpacingBottomLarge">
        <div class="WidgetSimple">
            <div class="Header">
                <h2>An Error Occurred</h2>
            </div>
            <div class="Content">
                <p>%s</p>
                <p class="SpacingTop">
                    %s
                </p>
            </div>
        </div>
    </div>
</div>
`, html.EscapeString(msg), html.EscapeString(comment))
}

// noPermission is LayoutObject->NoPermission ("Insufficient Rights").
func (v *agentView) noPermission(module, msg string) {
	content := fmt.Sprintf(`<div class="MainBox ARIARoleMain">

    <div class="W33pc CenterBox SpacingTopLarge SpacingBottomLarge">
        <div class="WidgetSimple">
            <div class="Header">
                <h2>Insufficient Rights</h2>
            </div>
            <div class="Content">
                <h4>
                    Message: <span class="Error">%s</span>
                </h4>

                <p class="SpacingTop">
                    <a href="#" class="ReturnToPreviousPage">Back to the previous page</a>
                </p>
            </div>
        </div>
    </div>

</div>
`, html.EscapeString(msg))
	writeHTML(v.q, http.StatusOK, v.page("Insufficient Rights - "+module, content))
}

// redirect is LayoutObject->Redirect: 302 to index.pl?<op>, with the
// session appended when it came in the URL rather than a cookie (web/21
// vs web/22).
func (v *agentView) redirect(op string) {
	loc := v.q.site.path + "index.pl?" + op
	if name := v.q.site.name; v.q.r.URL.Query().Get(name) != "" || v.q.r.PostForm.Get(name) != "" {
		loc += "&" + name + "=" + v.q.sessionID
	}
	w := v.q.w
	w.Header().Set("Location", loc)
	w.Header().Set("Content-Type", "text/html; charset=utf-8;")
	w.WriteHeader(http.StatusFound)
	fmt.Fprintf(w, "document <a href=\"%s\">moved</a>\n", html.EscapeString(strings.ReplaceAll(loc, "&", ";")))
}

// attachment is LayoutObject->Attachment inline text/html (MarkAsSeen's "1").
func attachment(w http.ResponseWriter, ctype, body string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", "inline; ")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, body)
}

// ticketSearch is AgentTicketSearch without a Subaction: the page that
// only opens the search dialog, with the Footer's Core.Config (Znuny 6.5.4
// Kernel/Modules/AgentTicketSearch.pm:2579-2601). No write, no log entry.
func (v *agentView) ticketSearch() {
	if v.q.subaction != "" {
		v.fatal("", "Please contact the administrator.")
		return
	}
	writeHTML(v.q, http.StatusOK, v.page("Search - Ticket", `<div class="MainBox ARIARoleMain"></div>`))
}

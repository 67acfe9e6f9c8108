package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageKind is what kind of page OTRS rendered.
type PageKind int

const (
	// PageOther is any other page (a screen of the action itself).
	PageOther PageKind = iota
	// PageLogin is the login page (#LoginBox), with an optional
	// SuccessBox or ErrorBox message.
	PageLogin
	// PageErrorScreen is OTRS's error screen (.ErrorScreen): FatalError
	// ("Fatal Error" title) and ErrorScreen ("Error" title) alike.
	PageErrorScreen
	// PageNoPermission is OTRS's "Insufficient Rights" screen.
	PageNoPermission
)

func (k PageKind) String() string {
	switch k {
	case PageLogin:
		return "login"
	case PageErrorScreen:
		return "error"
	case PageNoPermission:
		return "no-permission"
	}
	return "other"
}

// Page is what the client reads from an HTML answer of index.pl.
type Page struct {
	Kind  PageKind
	Title string
	// Message is the login box's message, the error screen's message or
	// the "Insufficient Rights" reason.
	Message string
	// Success is set when the login box message is a SuccessBox.
	Success bool
	// ChallengeToken is the session's token from Core.Config.AddConfig,
	// else from the first hidden ChallengeToken input.
	ChallengeToken string
	// LoginFailed is Core.Config's LoginFailed: set only on the login page
	// InterfaceAgent.pm renders when Auth refused the credentials (Layout.pm
	// Login, AddJSData LoginFailed), not for a refused session (limits).
	LoginFailed bool
	// Notices are the texts of the MessageBox notifications.
	Notices []string
	// Subactions are the values of the forms' hidden Subaction inputs.
	Subactions []string
	// ErrorFields are the names of inputs OTRS marked with ServerError.
	ErrorFields []string
}

// ParsePage parses an index.pl HTML answer.
func ParsePage(r io.Reader) (*Page, error) {
	root, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("parse page: %w", err)
	}
	p := &Page{}
	var inputToken string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Title && p.Title == "":
				p.Title = text(n)
			case n.DataAtom == atom.Script:
				tok, failed := configValues(text(n))
				if tok != "" && p.ChallengeToken == "" {
					p.ChallengeToken = tok
				}
				p.LoginFailed = p.LoginFailed || failed
			case n.DataAtom == atom.Input:
				name, typ := attr(n, "name"), attr(n, "type")
				if typ == "hidden" && name == "ChallengeToken" && inputToken == "" {
					inputToken = attr(n, "value")
				}
				if typ == "hidden" && name == "Subaction" {
					p.Subactions = append(p.Subactions, attr(n, "value"))
				}
				if hasClass(n, "ServerError") && name != "" {
					p.ErrorFields = append(p.ErrorFields, name)
				}
			case attr(n, "id") == "LoginBox" && p.Kind == PageOther:
				p.Kind = PageLogin
				p.Message, p.Success = loginMessage(n)
			case n.DataAtom == atom.Div && hasClass(n, "ErrorScreen") && p.Kind == PageOther:
				p.Kind = PageErrorScreen
				if c := find(n, func(c *html.Node) bool { return c.DataAtom == atom.P }); c != nil {
					p.Message = text(c)
				}
			case n.DataAtom == atom.A && hasClass(n, "ReturnToPreviousPage") && p.Kind == PageOther:
				// Only the "Insufficient Rights" screen has this link; its
				// reason is the span.Error of the same widget.
				p.Kind = PageNoPermission
				if w := ancestor(n, func(a *html.Node) bool { return hasClass(a, "WidgetSimple") }); w != nil {
					if s := find(w, func(c *html.Node) bool { return c.DataAtom == atom.Span && hasClass(c, "Error") }); s != nil {
						p.Message = text(s)
					}
				}
			case n.DataAtom == atom.Div && hasClass(n, "MessageBox"):
				p.Notices = append(p.Notices, text(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if p.ChallengeToken == "" {
		p.ChallengeToken = inputToken
	}
	return p, nil
}

// loginMessage returns the text of the login box's SuccessBox or ErrorBox.
func loginMessage(box *html.Node) (string, bool) {
	for c := box.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if hasClass(c, "SuccessBox") {
			return text(c), true
		}
		if hasClass(c, "ErrorBox") {
			return text(c), false
		}
	}
	return "", false
}

// configValues reads "ChallengeToken" and "LoginFailed" out of a
// script's Core.Config.AddConfig({...}) calls: the argument is JSON (OTRS
// encodes it with its JSON module), so a JSON decoder reads exactly one
// object.
func configValues(script string) (token string, loginFailed bool) {
	const call = "Core.Config.AddConfig("
	for {
		i := strings.Index(script, call)
		if i < 0 {
			return token, loginFailed
		}
		script = script[i+len(call):]
		var cfg struct {
			ChallengeToken string
			LoginFailed    json.RawMessage
		}
		if err := json.NewDecoder(strings.NewReader(script)).Decode(&cfg); err != nil {
			continue
		}
		if token == "" {
			token = cfg.ChallengeToken
		}
		switch strings.Trim(string(cfg.LoginFailed), `"`) {
		case "", "null", "0":
		default:
			loginFailed = true
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// text returns n's text with runs of white space collapsed.
func text(n *html.Node) string {
	var b bytes.Buffer
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) {
			return c
		}
		if f := find(c, match); f != nil {
			return f
		}
	}
	return nil
}

func ancestor(n *html.Node, match func(*html.Node) bool) *html.Node {
	for a := n.Parent; a != nil; a = a.Parent {
		if a.Type == html.ElementNode && match(a) {
			return a
		}
	}
	return nil
}

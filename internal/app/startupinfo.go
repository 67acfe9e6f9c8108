package app

import "net/url"

// safeURL is a URL fit for a start-up line: scheme, host and path, never
// user info (a Redis or database password) or a query.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(unparsable)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// transportName is the GI transport in force ("rest" when unset).
func transportName(t string) string {
	if t == "" {
		return "rest"
	}
	return t
}

// routeSetName is the REST route set in force; SOAP has none.
func routeSetName(transport, routes string) string {
	if transport == "soap" {
		return "none (SOAP)"
	}
	return routes
}

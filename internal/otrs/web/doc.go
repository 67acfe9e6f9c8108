// Package web is a small client for OTRS's agent interface (index.pl). It
// drives the writes GenericInterface lacks (watching, seen flags, lost
// password, customer users, logout) with the agent's own SessionID, so that
// OTRS runs its own code: permissions, caches, history and events.
//
// The SessionID travels as the session cookie (never in a URL, where OTRS's
// access log would keep it). The agent's OTRS ChallengeToken is read from
// the Core.Config.AddConfig blob of a page OTRS renders for that session,
// never from arbitrary links (cached dashboard widgets hold stale ones), and
// is cached per session under a hash of the SessionID. Pages are parsed with
// golang.org/x/net/html and classified by their structure, not by their
// (translated) text, wherever OTRS allows it.
//
// The package never logs: SessionIDs, ChallengeTokens, reset tokens and
// passwords pass through it and must not be written anywhere.
package web

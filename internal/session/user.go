// Package session turns RS4OTRS tokens (OTRS SessionIDs) into agents: it
// validates a token once with GenericInterface SessionGet and caches the
// agent for a short time, and it derives the ChallengeToken. It keeps no
// session of its own, so a restart or a second replica loses nothing.
package session

import (
	"strconv"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// User is the agent behind a token: only the fields the API needs, never
// OTRS's raw session data (which holds password hashes for customers).
type User struct {
	ID        int
	Login     string
	Email     string
	FirstName string
	LastName  string
	FullName  string
	Language  string
	TimeZone  string
}

// userFromSession picks the agent fields out of SessionGet's data. It
// returns nil for anything but an agent session.
func userFromSession(s gi.Session) *User {
	if s["UserType"] != "User" {
		return nil
	}
	id, err := strconv.Atoi(s["UserID"])
	if err != nil || id <= 0 {
		return nil
	}
	u := &User{
		ID:        id,
		Login:     s["UserLogin"],
		Email:     s["UserEmail"],
		FirstName: s["UserFirstname"],
		LastName:  s["UserLastname"],
		FullName:  s["UserFullname"],
		Language:  s["UserLanguage"],
		TimeZone:  s["UserTimeZone"],
	}
	if u.FullName == "" {
		u.FullName = u.FirstName + " " + u.LastName
	}
	return u
}

// Package api implements the RS4OTRS_API methods other than the ticket
// methods (internal/api/tickets): auth, catalog lists, users, customers,
// settings, system, views. It turns each call into a plan of OTRS
// operations and their answers into the contract's answer, and holds what
// every method shares: Request, Params, the contract's errors and the one
// map from channel errors to them (errors.go), and the channels' interfaces
// (ports.go). It does no I/O of its own.
package api

import (
	"context"
	"io"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs"
	"github.com/rs4otrs/rs4otrs-proxy/internal/session"
)

// Request is one decoded API call.
type Request struct {
	// Agent is the caller, nil for the methods that need no token.
	Agent *session.User
	// Token is the caller's OTRS SessionID ("" for tokenless methods).
	Token  string
	Params Params
	// RemoteAddr is the client address, for logs and rate limits.
	RemoteAddr string
}

// Method is the shape of every API method: it returns the answer's fields
// (marshalled next to "Response":"OK") or an error.
type Method func(ctx context.Context, r *Request) (any, error)

// File is the answer of a method that sends raw bytes (getAttachment).
type File struct {
	Filename    string
	ContentType string
	Size        int64
	Body        io.ReadCloser
}

// Options holds the deployment settings the methods read.
type Options struct {
	// SessionName is the parameter name that carries the token.
	SessionName string
	// ServerTimeZone renders the *Server date variants.
	ServerTimeZone *time.Location
	// ProxyVersion is reported by getPackageList.
	ProxyVersion string
	// Views holds getTicketViews' colours, abbreviations and defaults.
	Views ViewOptions
	// Now is the clock; tests freeze it.
	Now func() time.Time
	// SearchLimit bounds how many ticket ids getTicketList asks OTRS for
	// (Offset+Limit, Count, views filtered after the fact); 0 means 500,
	// OTRS's own default search limit.
	SearchLimit int
	// MobileDynamicFields lists the dynamic fields shown in
	// DynamicFieldsMode=mobile, with each field's mobile screens and
	// access ("rw"/"ro"), as RS::API::Ticket::MobileScreen::DynamicFields
	// did in the original.
	MobileDynamicFields map[string]map[string]string
	// ArchiveField is the ticket dynamic field (a Dropdown with the values
	// archive and restore) on whose change the admin's GenericAgent jobs
	// set the archive flag; empty means updateArchiveFlag cannot work.
	ArchiveField string
}

// API holds the channels the methods use. A nil channel means it is not
// configured: the methods that need it answer MsgContactAdmin and log why.
type API struct {
	Opts     Options
	Sessions Sessions
	GI       TicketService
	Catalog  otrs.Catalog
	// Perms computes agents' permissions from the catalog (perms.Permissions).
	Perms Permissions
	Web   AgentUI
	Push  Pusher
}

// Now is the methods' clock: Options.Now, or the real one.
func (a *API) Now() time.Time {
	if a.Opts.Now != nil {
		return a.Opts.Now()
	}
	return time.Now()
}

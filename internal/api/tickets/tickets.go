// Package tickets implements the RS4OTRS_API's ticket methods (the
// /tickets/ paths): the ticket list and its views' filters, articles and
// attachments, ticket and article creation, the field updates, pending
// times, the archive flag, and the actions that run through the agent
// interface (watching, seen flags). Like internal/api, whose api.Request,
// errors and channels (ports) it uses, it does no I/O of its own.
package tickets

import "github.com/rs4otrs/rs4otrs-proxy/internal/api"

// Methods are the ticket methods over the channels of an api.API.
type Methods struct{ *api.API }

// New returns the ticket methods over a's channels.
func New(a *api.API) *Methods { return &Methods{a} }

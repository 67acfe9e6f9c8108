// Package tickets implements the RS4OTRS_API's ticket reads
// (getTicketList with its views' filters, getArticles, getAttachment) and
// what every ticket method shares: the ticket record as the contract
// writes it, time zones, the ticket facts the catalog adds to GI's
// answers. The writes extend it (internal/api/tickets/writes). Like
// internal/api, whose Request, errors and channels (ports) it uses, it
// does no I/O of its own.
package tickets

import "github.com/rs4otrs/rs4otrs-proxy/internal/api"

// Methods are the ticket reads over the channels of an api.API.
type Methods struct{ *api.API }

// New returns the ticket reads over a's channels.
func New(a *api.API) *Methods { return &Methods{a} }

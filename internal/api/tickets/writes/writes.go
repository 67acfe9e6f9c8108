// Package writes implements the RS4OTRS_API's ticket writes: createTicket,
// createArticle, createAttachment, the update* methods, updatePendingTime,
// updateArchiveFlag and the agent-interface actions (watchTicket, the seen
// flags). It reads tickets through internal/api/tickets, whose Methods it
// extends, and checks the contract's permission keys and owner rules
// before every write.
package writes

import (
	"github.com/rs4otrs/rs4otrs-proxy/internal/api"
	"github.com/rs4otrs/rs4otrs-proxy/internal/api/tickets"
)

// Methods are the ticket writes over the channels of an api.API.
type Methods struct{ *tickets.Methods }

// New returns the ticket writes over a's channels.
func New(a *api.API) *Methods { return &Methods{tickets.New(a)} }

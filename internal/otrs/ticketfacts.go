package otrs

// TicketFlags are one ticket's per-agent and link facts: the agent's Seen
// flag (ticket_flag), the watching agents (ticket_watcher, ordered by id)
// and the number of valid links to other objects (link_relation).
type TicketFlags struct {
	Seen     bool
	Watchers []int
	Links    int
}

package translate

import "context"

// AgentUI is OTRS's agent interface (otrs/web), used with the agent's own
// session for what GI lacks: ending a session (Znuny's SessionRemove wants
// the password), refreshing its idle timer, and the writes of the
// agent-interface issue (seen flags, watching, archive flag, lost
// password, customer users), which add their methods here.
type AgentUI interface {
	// Logout ends the OTRS session.
	Logout(ctx context.Context, sessionID string) error
}

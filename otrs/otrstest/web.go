package otrstest

// routeAgentInterface registers the agent-interface actions (web_*.go).
func (o *OTRS) routeAgentInterface() {}

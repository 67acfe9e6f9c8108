package otrstest

// routeGI registers the GenericInterface operations (gi_*.go).
func (o *OTRS) routeGI() {}

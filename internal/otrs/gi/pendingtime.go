package gi

import "encoding/json"

// MarshalJSON sends a Diff alone, else all five components, zeros
// included: GI refuses a Diff together with anything else
// (Kernel/GenericInterface/Operation/Ticket/Common.pm:684-694 of Znuny
// 6.5.4), and TicketPendingTimeSet fails with "Need Minute!" when a
// component is missing (Kernel/System/Ticket.pm:3944-3952), which
// TicketUpdate answers with HTTP 500 and TicketCreate ignores, storing no
// pending time. Omitting a zero Hour or Minute did exactly that for every
// time on the hour.
func (p PendingTime) MarshalJSON() ([]byte, error) {
	if p.Diff != 0 {
		return json.Marshal(struct{ Diff int }{p.Diff})
	}
	return json.Marshal(struct{ Year, Month, Day, Hour, Minute int }{p.Year, p.Month, p.Day, p.Hour, p.Minute})
}

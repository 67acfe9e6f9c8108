package push

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Event is a bare ticket event as an event invoker posts it (OTRS 6.0,
// OTOBO, or Znuny without the Webservice notification transport).
type Event struct {
	Name      string
	TicketID  int
	ArticleID int
	// Ticket is set when the body carried it (Ticket::Generic); otherwise
	// the worker reads it through the TicketReader.
	Ticket *Ticket
}

// eventTitles is what happened, as the message title names it; an event
// not listed here is acknowledged and ignored.
var eventTitles = map[string]string{
	"TicketCreate":                       "New Ticket",
	"ArticleCreate":                      "Ticket Note",
	"TicketOwnerUpdate":                  "Owner Update",
	"TicketResponsibleUpdate":            "Responsible Update",
	"TicketStateUpdate":                  "State Update",
	"TicketQueueUpdate":                  "Queue Update",
	"TicketPriorityUpdate":               "Priority Update",
	"TicketPendingTimeUpdate":            "Pending Time Update",
	"EscalationResponseTimeStart":        "Response Time Escalation",
	"EscalationUpdateTimeStart":          "Update Time Escalation",
	"EscalationSolutionTimeStart":        "Solution Time Escalation",
	"EscalationResponseTimeNotifyBefore": "Response Time Escalation Warning",
	"EscalationUpdateTimeNotifyBefore":   "Update Time Escalation Warning",
	"EscalationSolutionTimeNotifyBefore": "Solution Time Escalation Warning",
}

// Events lists the events the proxy handles, for the web service YAML.
func Events() []string {
	out := make([]string, 0, len(eventTitles))
	for e := range eventTitles {
		out = append(out, e)
	}
	sort.Strings(out)
	return out
}

// Rules choose who hears of a bare event. Whatever they say, the agent
// who caused the event, the admin account (UserID 1, which OTRS never
// notifies either) and agents without ro on the ticket's queue are left
// out.
type Rules struct {
	Owner       bool
	Responsible bool
	Watchers    bool
	// MyQueues adds the agents with the ticket's queue among their
	// personal queues, for TicketCreate and TicketQueueUpdate only (a
	// ticket new to the queue), as OTRS's stock notifications do.
	MyQueues bool
}

// DefaultRules switches every rule on.
var DefaultRules = Rules{Owner: true, Responsible: true, Watchers: true, MyQueues: true}

// actor is the agent who caused the event, as far as the ticket shows.
func actor(ev *Event, t *Ticket) int {
	switch {
	case ev.Name == "TicketCreate":
		return t.CreateBy
	case ev.Name == "ArticleCreate" && t.Article != nil:
		return t.Article.CreateBy
	case strings.HasPrefix(ev.Name, "Escalation"):
		return 0 // the daemon, not an agent
	}
	return t.ChangeBy
}

// recipients applies the rules to the ticket.
func recipients(ctx context.Context, rules Rules, dir Directory, ev *Event, t *Ticket) ([]int, error) {
	var cand []int
	if rules.Owner {
		cand = append(cand, t.OwnerID)
	}
	if rules.Responsible {
		cand = append(cand, t.ResponsibleID)
	}
	if rules.Watchers {
		w, err := dir.Watchers(ctx, t.ID)
		if err != nil {
			return nil, fmt.Errorf("watchers of ticket %d: %w", t.ID, err)
		}
		cand = append(cand, w...)
	}
	if rules.MyQueues && (ev.Name == "TicketCreate" || ev.Name == "TicketQueueUpdate") {
		q, err := dir.QueueSubscribers(ctx, t.QueueID)
		if err != nil {
			return nil, fmt.Errorf("subscribers of queue %d: %w", t.QueueID, err)
		}
		cand = append(cand, q...)
	}
	who := actor(ev, t)
	seen := map[int]bool{}
	var out []int
	for _, id := range cand {
		if id <= 1 || id == who || seen[id] {
			continue
		}
		seen[id] = true
		ok, err := dir.CanRead(ctx, id, t.QueueID)
		if err != nil {
			return nil, fmt.Errorf("permission of agent %d on queue %d: %w", id, t.QueueID, err)
		}
		if ok {
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out, nil
}

// eventMessage words a bare event: "[Ticket#<number>] <what happened>:
// <title>" and a detail line about the change.
func eventMessage(ev *Event, t *Ticket) Message {
	m := Message{
		TicketID: t.ID,
		Title:    fmt.Sprintf("[Ticket#%s] %s: %s", t.Number, eventTitles[ev.Name], t.Title),
	}
	switch ev.Name {
	case "TicketCreate", "ArticleCreate":
		if a := t.Article; a != nil {
			m.Detail = strings.TrimSpace(a.Body)
			if m.Detail == "" {
				m.Detail = a.Subject
			}
		}
		if m.Detail == "" {
			m.Detail = "Queue: " + t.Queue
		}
	case "TicketOwnerUpdate":
		m.Detail = "Owner: " + t.Owner
	case "TicketResponsibleUpdate":
		m.Detail = "Responsible: " + t.Responsible
	case "TicketStateUpdate", "TicketPendingTimeUpdate":
		m.Detail = "State: " + t.State
	case "TicketQueueUpdate":
		m.Detail = "Queue: " + t.Queue
	case "TicketPriorityUpdate":
		m.Detail = "Priority: " + t.Priority
	default:
		m.Detail = fmt.Sprintf("Queue: %s, State: %s, Priority: %s", t.Queue, t.State, t.Priority)
	}
	return m
}

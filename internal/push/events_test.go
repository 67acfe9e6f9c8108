package push

import (
	"context"
	"slices"
	"testing"
)

// fakeDir is a Directory from fixed tables.
type fakeDir struct {
	watchers map[int][]int // ticket → agents
	myQueues map[int][]int // queue → agents
	readable map[int][]int // queue → agents with ro
}

func (d fakeDir) Watchers(_ context.Context, id int) ([]int, error) { return d.watchers[id], nil }
func (d fakeDir) QueueSubscribers(_ context.Context, id int) ([]int, error) {
	return d.myQueues[id], nil
}
func (d fakeDir) CanRead(_ context.Context, agent, queue int) (bool, error) {
	return slices.Contains(d.readable[queue], agent), nil
}

func TestRecipients(t *testing.T) {
	dir := fakeDir{
		watchers: map[int][]int{19: {1, 4, 5}},
		myQueues: map[int][]int{5: {6, 7}},
		readable: map[int][]int{5: {1, 2, 3, 4, 6}}, // 5 and 7 lack ro on queue 5
	}
	// Ticket 19 in queue 5: owner 2, responsible 3, created by 2, last
	// changed by 3; article 49 written by 4.
	ticket := func() *Ticket {
		return &Ticket{ID: 19, QueueID: 5, OwnerID: 2, ResponsibleID: 3, CreateBy: 2, ChangeBy: 3,
			Article: &Article{ID: 49, CreateBy: 4}}
	}
	cases := []struct {
		name  string
		event string
		rules Rules
		edit  func(*Ticket)
		want  []int
	}{
		{"create: actor (creator, owner) excluded, my-queues added, no-ro dropped", "TicketCreate", DefaultRules, nil, []int{3, 4, 6}},
		{"article: its author excluded", "ArticleCreate", DefaultRules, nil, []int{2, 3}},
		{"owner update: changer excluded, no my-queues", "TicketOwnerUpdate", DefaultRules, nil, []int{2, 4}},
		{"owner only", "TicketStateUpdate", Rules{Owner: true}, nil, []int{2}},
		{"responsible only, responsible is actor", "TicketStateUpdate", Rules{Responsible: true}, nil, nil},
		{"watchers only: root and no-ro dropped", "TicketPriorityUpdate", Rules{Watchers: true}, nil, []int{4}},
		{"my queues on queue move", "TicketQueueUpdate", Rules{MyQueues: true}, nil, []int{6}},
		{"my queues off", "TicketCreate", Rules{Owner: true, Responsible: true}, nil, []int{3}},
		{"nothing on", "TicketCreate", Rules{}, nil, nil},
		{"escalation: no actor, owner and responsible", "EscalationSolutionTimeStart", Rules{Owner: true, Responsible: true}, nil, []int{2, 3}},
		{"root as owner is never notified", "TicketStateUpdate", Rules{Owner: true}, func(t *Ticket) { t.OwnerID = 1 }, nil},
		{"owner and responsible the same agent, once", "EscalationUpdateTimeStart", Rules{Owner: true, Responsible: true}, func(t *Ticket) { t.ResponsibleID = 2 }, []int{2}},
		{"article without article data: ticket changer is the actor", "ArticleCreate", Rules{Owner: true, Responsible: true}, func(t *Ticket) { t.Article = nil }, []int{2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk := ticket()
			if tc.edit != nil {
				tc.edit(tk)
			}
			got, err := recipients(context.Background(), tc.rules, dir, &Event{Name: tc.event, TicketID: 19}, tk)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("recipients = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEventMessage(t *testing.T) {
	tk := &Ticket{ID: 19, Number: "2026112610000186", Title: "Push recording ticket", Queue: "Support", State: "open",
		Priority: "3 normal", Owner: "agent.ro", Responsible: "agent.full",
		Article: &Article{ID: 49, Subject: "note", Body: "  article added via GI  "}}
	cases := []struct{ event, title, detail string }{
		{"ArticleCreate", "[Ticket#2026112610000186] Ticket Note: Push recording ticket", "article added via GI"},
		{"TicketOwnerUpdate", "[Ticket#2026112610000186] Owner Update: Push recording ticket", "Owner: agent.ro"},
		{"TicketResponsibleUpdate", "[Ticket#2026112610000186] Responsible Update: Push recording ticket", "Responsible: agent.full"},
		{"TicketStateUpdate", "[Ticket#2026112610000186] State Update: Push recording ticket", "State: open"},
		{"TicketQueueUpdate", "[Ticket#2026112610000186] Queue Update: Push recording ticket", "Queue: Support"},
		{"TicketPriorityUpdate", "[Ticket#2026112610000186] Priority Update: Push recording ticket", "Priority: 3 normal"},
		{"EscalationResponseTimeStart", "[Ticket#2026112610000186] Response Time Escalation: Push recording ticket", "Queue: Support, State: open, Priority: 3 normal"},
	}
	for _, tc := range cases {
		t.Run(tc.event, func(t *testing.T) {
			m := eventMessage(&Event{Name: tc.event}, tk)
			if m.Title != tc.title || m.Detail != tc.detail || m.TicketID != 19 {
				t.Errorf("got %q / %q / %d", m.Title, m.Detail, m.TicketID)
			}
		})
	}
}

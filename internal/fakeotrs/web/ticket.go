package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

const msgNoTicketAccess = "This ticket does not exist, or you don't have permissions to access it in its current state."

// watcher is AgentTicketWatcher (Ticket::Watcher on, no WatcherGroup):
// the ChallengeToken is checked first, ro only for Subscribe; success is a
// 302 to the ticket (web/20-26).
func (v *agentView) watcher() {
	const module = "Ticket-Watcher"
	sub := v.q.subaction
	if sub != "Subscribe" && sub != "Unsubscribe" {
		v.errorPage(module, "Invalid Subaction.", "")
		return
	}
	if !v.challengeOK() {
		v.fatal("Invalid Challenge Token!", "Please contact the administrator.")
		return
	}
	id, _ := strconv.Atoi(v.q.param("TicketID"))
	s := v.o.Store
	denied, visible := false, false
	s.Lock(func(s *store.Store) {
		t := s.TicketByID(id)
		visible = s.TicketRO(v.agent.ID, t)
		if sub == "Subscribe" {
			if !visible {
				denied = true
				return
			}
			if !slices.Contains(t.Watchers, v.agent.ID) {
				t.Watchers = append(t.Watchers, v.agent.ID)
			}
			s.AddHistory(t, 0, "Subscribe", "%%"+v.agent.FullName(), v.agent.ID)
			return
		}
		if t == nil {
			return
		}
		if i := slices.Index(t.Watchers, v.agent.ID); i >= 0 {
			t.Watchers = slices.Delete(t.Watchers, i, i+1)
			s.AddHistory(t, 0, "Unsubscribe", "%%"+v.agent.FullName(), v.agent.ID)
		}
	})
	switch {
	case denied:
		v.noPermission(module, msgNoTicketAccess)
	case sub == "Unsubscribe" && !visible:
		v.redirect("Action=AgentDashboard")
	default:
		v.redirect("Action=AgentTicketZoom;TicketID=" + strconv.Itoa(id))
	}
}

// zoom is AgentTicketZoom: without TicketID an error screen, without ro
// "Insufficient Rights", MarkAsSeen / TicketMarkAsSeen answer "1"
// (web/30-33), else a (much reduced) zoom page.
func (v *agentView) zoom() {
	const module = "Ticket"
	id, _ := strconv.Atoi(v.q.param("TicketID"))
	if id == 0 {
		// "Error - Ticket" (real2/proxy-traffic/znuny65/upstream/074,
		// real2/otobo11/45).
		v.errorPage("Ticket", "No TicketID is given!", "Please contact the administrator.")
		return
	}
	s := v.o.Store
	var (
		ok bool
		tn string
	)
	s.Lock(func(s *store.Store) {
		t := s.TicketByID(id)
		if ok = s.TicketRO(v.agent.ID, t); !ok {
			return
		}
		tn = t.TN
		if t.ArchiveFlag {
			// Archived tickets always show as seen; nothing is written.
			return
		}
		switch v.q.subaction {
		case "TicketMarkAsSeen":
			for _, a := range t.Articles {
				s.SetArticleSeen(t, a, v.agent.ID)
			}
		case "MarkAsSeen":
			aid, _ := strconv.Atoi(v.q.param("ArticleID"))
			// ArticleFlagSet does not check that the article belongs to
			// the ticket; the flag follows the ArticleID.
			if t2, a := s.ArticleByID(aid); a != nil {
				s.SetArticleSeen(t2, a, v.agent.ID)
			}
		}
	})
	if !ok {
		v.noPermission(module, msgNoTicketAccess)
		return
	}
	switch v.q.subaction {
	case "TicketMarkAsSeen", "MarkAsSeen":
		attachment(v.q.w, "text/html", "1")
		return
	}
	content := `<div class="MainBox ARIARoleMain TicketZoom"><div class="Headline NoMargin"><h1>Ticket#` + tn + `</h1></div>
<ul><li id="nav-Watch"><a href="/otrs/index.pl?Action=AgentTicketWatcher;Subaction=Subscribe;TicketID=` + strconv.Itoa(id) + `;ChallengeToken=` + v.token + `;">Watch</a></li></ul>
<form title="Move ticket to a different queue" action="/otrs/index.pl" method="post"><input type="hidden" name="ChallengeToken" value="` + v.token + `"/><input type="hidden" name="Action" value="AgentTicketMove"/></form></div>`
	writeHTML(v.q, http.StatusOK, v.page(tn+" - Zoom - Ticket", content))
}

// userSearch is AgentUserSearch: any Subaction answers an empty
// text/plain body (web/60); without one, the agents matching Term
// (a * wildcard, no implicit one) as UserKey/UserValue pairs (web/61-65).
func (v *agentView) userSearch() {
	if v.q.subaction != "" {
		attachment(v.q.w, "text/plain; charset=utf-8", "")
		return
	}
	term := strings.ToLower(v.q.param("Term"))
	type hit struct{ UserKey, UserValue string }
	hits := []hit{}
	v.o.Store.Lock(func(s *store.Store) {
		for _, a := range s.Agents {
			if a.ValidID != 1 {
				continue
			}
			for _, f := range []string{a.Login, a.FirstName, a.LastName} {
				if wildcardMatch(term, strings.ToLower(f)) {
					hits = append(hits, hit{strconv.Itoa(a.ID), `"` + a.FullName() + `" <` + a.Email + `>`})
					break
				}
			}
		}
	})
	b, _ := json.Marshal(hits)
	attachment(v.q.w, "text/plain; charset=utf-8", string(b))
}

// wildcardMatch matches s against pattern, where * is any run.
func wildcardMatch(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for i, p := range parts[1:] {
		last := i == len(parts)-2
		if last {
			return strings.HasSuffix(s, p)
		}
		j := strings.Index(s, p)
		if j < 0 {
			return false
		}
		s = s[j+len(p):]
	}
	return true
}

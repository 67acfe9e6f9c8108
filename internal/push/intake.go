package push

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// SecretHeader carries the shared secret (Znuny's AdditionalHeaders).
const SecretHeader = "X-Proxy-Secret"

// maxBody bounds an intake body: Ticket::Generic sends the whole ticket
// with every article (6-15 KB in the recordings, more with attachments).
const maxBody = 32 << 20

// Handler is the intake. It accepts every body shape OTRS's requester
// sends, wherever it is mounted (the README uses /push/notification for
// Znuny's Webservice notification transport and /push/event for event
// invokers):
//
//   - Test::TestSimple notification: the transport's data at top level
//     (NotificationSubject, NotificationPlainBody, TicketID, Recipient…)
//   - Ticket::Generic notification: {"Event": <that data>, "Ticket": …}
//   - Test::TestSimple event: {"Event": "ArticleCreate", "TicketID": …}
//   - Ticket::Generic event: {"Event": {"Event": …, "TicketID": …}, "Ticket": …}
//   - OTRS 6.0 event: {"TicketID": …} without the event's name, which then
//     comes from the path's last segment (/push/event/TicketCreate): OTRS
//     6.0's event handler passes only the event data, so the web service
//     we ship has one invoker, with its own path, per event.
//
// It answers at once (Znuny counts a call as failed unless it gets a 2xx
// with a non-empty body) and leaves the sending to the workers. The body
// is never logged: it holds the recipient's whole user record.
func (s *Service) Handler() http.Handler { return http.HandlerFunc(s.serveIntake) }

func (s *Service) serveIntake(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		reply(w, http.StatusMethodNotAllowed, map[string]any{"Accepted": 0, "Error": "POST only"})
		return
	}
	if !s.authorized(r) {
		s.stats.unauthorized.Add(1)
		s.cfg.Log.Warn().Str("remote", r.RemoteAddr).Msg("push: intake refused: wrong or no secret")
		w.Header().Set("WWW-Authenticate", `Basic realm="rs4otrs-proxy push"`)
		reply(w, http.StatusUnauthorized, map[string]any{"Accepted": 0, "Error": "unauthorized"})
		return
	}
	j, ignored, err := parseIntake(http.MaxBytesReader(w, r.Body, maxBody), path.Base(r.URL.Path))
	if err != nil {
		s.stats.badBody.Add(1)
		s.cfg.Log.Warn().Err(err).Msg("push: intake body refused")
		reply(w, http.StatusBadRequest, map[string]any{"Accepted": 0, "Error": "unrecognised body"})
		return
	}
	if ignored != "" {
		reply(w, http.StatusOK, map[string]any{"Accepted": 0, "Ignored": ignored})
		return
	}
	j.received = time.Now()
	if !s.enqueue(j) {
		s.cfg.Log.Warn().Msg("push: queue full or stopping, notification refused")
		w.Header().Set("Retry-After", "5")
		reply(w, http.StatusServiceUnavailable, map[string]any{"Accepted": 0, "Error": "busy"})
		return
	}
	s.logAccepted(j)
	reply(w, http.StatusOK, map[string]any{"Accepted": 1})
}

// logAccepted logs an accepted job at debug level: its kind, ticket and
// recipient, never its text.
func (s *Service) logAccepted(j job) {
	ev := s.cfg.Log.Debug()
	if ev == nil {
		return
	}
	if j.event != nil {
		ev.Str("event", j.event.Name).Int("ticket_id", j.event.TicketID).Msg("push: event accepted")
		return
	}
	if len(j.msgs) > 0 { // a notification names one recipient
		ev.Int("agent_id", j.msgs[0].AgentID).Int("ticket_id", j.msgs[0].TicketID)
	}
	ev.Msg("push: notification accepted")
}

// authorized checks the secret header or basic auth. Both sides are
// hashed first so the comparison takes the same time whatever the
// lengths. With no secret configured nothing is authorized.
func (s *Service) authorized(r *http.Request) bool {
	if s.cfg.Secret == "" {
		return false
	}
	want := sha256.Sum256([]byte(s.cfg.Secret))
	if v := r.Header.Get(SecretHeader); v != "" {
		got := sha256.Sum256([]byte(v))
		return subtle.ConstantTimeCompare(got[:], want[:]) == 1
	}
	if u, p, ok := r.BasicAuth(); ok {
		gotU, wantU := sha256.Sum256([]byte(u)), sha256.Sum256([]byte(s.cfg.BasicUser))
		gotP := sha256.Sum256([]byte(p))
		okU := subtle.ConstantTimeCompare(gotU[:], wantU[:])
		okP := subtle.ConstantTimeCompare(gotP[:], want[:])
		return okU&okP == 1
	}
	return false
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// intakeBody is every shape at once; decoding keeps only these fields,
// so the recipient's record (password-reset token included) is never
// held beyond the decoder.
type intakeBody struct {
	Event     json.RawMessage
	Ticket    *ticketJSON
	TicketID  gi.Int
	ArticleID gi.Int

	NotificationSubject     *gi.Text
	NotificationPlainBody   gi.Text
	NotificationContentType gi.Text
	Recipient               *struct {
		UserID gi.Int
		Type   gi.Text
	}
}

// parseIntake turns a body into a job, or names why it is ignored.
// pathEvent is the last segment of the request path, the event's name
// when the body lacks one.
func parseIntake(r io.Reader, pathEvent string) (job, string, error) {
	var b intakeBody
	if err := json.NewDecoder(r).Decode(&b); err != nil {
		return job{}, "", fmt.Errorf("decode: %w", err)
	}
	if len(b.Event) > 0 && b.Event[0] == '{' {
		// Ticket::Generic: the invoker's input is under Event.
		var inner intakeBody
		if err := json.Unmarshal(b.Event, &inner); err != nil {
			return job{}, "", fmt.Errorf("decode Event: %w", err)
		}
		inner.Ticket = b.Ticket
		// The raw copy holds the recipient's record: wipe it now.
		clear(b.Event)
		b = inner
	}
	if b.NotificationSubject != nil {
		return notificationJob(&b)
	}
	var name string
	if len(b.Event) > 0 && json.Unmarshal(b.Event, &name) != nil {
		return job{}, "", errors.New("Event is neither a name nor an object")
	}
	if _, known := eventTitles[pathEvent]; name == "" && known {
		name = pathEvent
	}
	if name == "" {
		return job{}, "", errors.New("neither a notification nor an event")
	}
	if _, ok := eventTitles[name]; !ok {
		return job{}, "event " + name + " not handled", nil
	}
	if b.TicketID <= 0 {
		return job{}, "", fmt.Errorf("event %s without TicketID", name)
	}
	ev := &Event{Name: name, TicketID: int(b.TicketID), ArticleID: int(b.ArticleID)}
	if b.Ticket != nil && b.Ticket.TicketID > 0 {
		ev.Ticket = b.Ticket.ticket()
	}
	return job{event: ev}, "", nil
}

// notificationJob takes a Znuny Webservice notification: OTRS already
// chose the recipient and rendered subject and body in their language.
func notificationJob(b *intakeBody) (job, string, error) {
	if b.Recipient == nil || b.Recipient.UserID <= 0 {
		return job{}, "", errors.New("notification without Recipient.UserID")
	}
	if t := string(b.Recipient.Type); t != "" && t != "Agent" {
		return job{}, "recipient type " + t + " has no devices", nil
	}
	detail := string(b.NotificationPlainBody)
	if strings.HasPrefix(string(b.NotificationContentType), "text/html") {
		detail = htmlToText(detail)
	}
	m := Message{
		AgentID:  int(b.Recipient.UserID),
		TicketID: int(b.TicketID),
		Title:    strings.TrimSpace(string(*b.NotificationSubject)),
		Detail:   detail,
	}
	return job{msgs: []Message{m}}, "", nil
}

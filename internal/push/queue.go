package push

import (
	"context"
	"errors"
	"time"
)

// job is one unit of work: ready messages (a Znuny notification names
// its recipient) or a bare event whose recipients the worker chooses.
type job struct {
	received time.Time
	msgs     []Message
	event    *Event
}

// enqueue queues j without blocking; it reports false when the queue is
// full or the service is shutting down.
func (s *Service) enqueue(j job) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		s.stats.rejected.Add(1)
		return false
	}
	select {
	case s.queue <- j:
		s.stats.accepted.Add(1)
		return true
	default:
		s.stats.rejected.Add(1)
		return false
	}
}

func (s *Service) work() {
	defer s.workers.Done()
	for j := range s.queue {
		if s.workCtx.Err() != nil {
			s.stats.unsent.Add(1)
			continue
		}
		s.run(s.workCtx, j)
	}
}

// run resolves a job into messages and delivers them.
func (s *Service) run(ctx context.Context, j job) {
	msgs := j.msgs
	if j.event != nil {
		var err error
		if msgs, err = s.resolve(ctx, j.event); err != nil {
			s.stats.failed.Add(1)
			s.cfg.Log.Error().Err(err).Str("event", j.event.Name).Int("ticket_id", j.event.TicketID).Msg("push: event not delivered")
			return
		}
	}
	for _, m := range msgs {
		s.deliver(ctx, m)
	}
}

// resolve turns a bare event into one message per recipient.
func (s *Service) resolve(ctx context.Context, ev *Event) ([]Message, error) {
	if s.dir == nil || (ev.Ticket == nil && s.tickets == nil) {
		s.cfg.Log.Warn().Str("event", ev.Name).Msg("push: bare event ignored: no ticket reader or directory configured")
		return nil, nil
	}
	t := ev.Ticket
	if t == nil {
		var err error
		if t, err = s.tickets.ReadTicket(ctx, ev.TicketID, ev.ArticleID); err != nil {
			return nil, err
		}
	}
	ids, err := recipients(ctx, s.cfg.Rules, s.dir, ev, t)
	if err != nil {
		return nil, err
	}
	base := eventMessage(ev, t)
	msgs := make([]Message, len(ids))
	for i, id := range ids {
		msgs[i] = base
		msgs[i].AgentID = id
	}
	return msgs, nil
}

// Shutdown stops taking work and lets the workers drain the queue until
// ctx ends (the grace period); then it cancels what is still running and
// logs how much was not sent. It returns ctx's error when the grace
// period was too short.
func (s *Service) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
		s.cancelWork()
		<-done
	}
	s.cancelWork()
	st := s.Stats()
	ev := s.cfg.Log.Info()
	if st.Unsent > 0 || err != nil {
		ev = s.cfg.Log.Warn()
	}
	ev.Int64("sent", st.Sent).Int64("failed", st.Failed).Int64("unsent", st.Unsent).
		Int64("tokens_removed", st.TokensRemoved).Msg("push: stopped")
	return errors.Join(err, s.closeStore())
}

package push

import (
	"context"
	"time"
)

// deliver sends m to every live device of its agent.
func (s *Service) deliver(ctx context.Context, m Message) {
	toks, err := s.store.Tokens(ctx, m.AgentID)
	if err != nil {
		s.stats.failed.Add(1)
		s.cfg.Log.Error().Err(err).Int("agent_id", m.AgentID).Msg("push: token lookup")
		return
	}
	data := m.Data(s.cfg.Server)
	for _, tok := range toks {
		s.sendOne(ctx, m, tok, data)
	}
}

// sendOne sends to one device, retrying transient failures with
// exponential backoff or the server's Retry-After, and forgets the token
// when FCM says it is dead. Logs name the agent and ticket, never the
// token.
func (s *Service) sendOne(ctx context.Context, m Message, token string, data map[string]string) {
	delay := s.cfg.Backoff
	for attempt := 1; ; attempt++ {
		sctx, cancel := context.WithTimeout(ctx, s.cfg.SendTimeout)
		err := s.sender.Send(sctx, token, data)
		cancel()
		if err == nil {
			s.stats.sent.Add(1)
			return
		}
		se := classify(err)
		log := s.cfg.Log.With().Int("agent_id", m.AgentID).Int("ticket_id", m.TicketID).
			Int("status", se.Status).Str("code", se.Code).Int("attempt", attempt).Logger()
		if se.Dead {
			s.stats.failed.Add(1)
			if err := s.store.Remove(context.WithoutCancel(ctx), token); err != nil {
				log.Error().Err(err).Msg("push: remove dead token")
				return
			}
			s.stats.removed.Add(1)
			log.Info().Msg("push: device token removed")
			return
		}
		wait := max(delay, se.RetryAfter)
		if !se.Retry || attempt >= s.cfg.MaxAttempts || wait > s.cfg.MaxRetryDelay || ctx.Err() != nil {
			s.stats.failed.Add(1)
			log.Warn().Msg("push: message not delivered")
			return
		}
		s.stats.retried.Add(1)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			s.stats.failed.Add(1)
			log.Warn().Msg("push: message not delivered: shutting down")
			return
		}
		delay = min(2*delay, s.cfg.MaxRetryDelay)
	}
}

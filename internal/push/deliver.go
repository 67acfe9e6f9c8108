package push

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/rs/zerolog"
)

// deliver sends m to every live device of its agent, within
// MessageTimeout for all of them together: a message whose devices are
// all unreachable costs a worker that long at most. Devices left when it
// is spent are given up with the rest.
func (s *Service) deliver(ctx context.Context, m Message) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.MessageTimeout)
	defer cancel()
	toks, err := s.store.Tokens(ctx, m.AgentID)
	if err != nil {
		s.stats.failed.Add(1)
		s.cfg.Log.Error().Err(err).Int("agent_id", m.AgentID).Msg("push: token lookup")
		return
	}
	data := m.Data(s.cfg.Server)
	for i, tok := range toks {
		if err := ctx.Err(); err != nil {
			left := int64(len(toks) - i)
			s.stats.failed.Add(left)
			s.cfg.Log.Warn().Err(context.Cause(ctx)).Int("agent_id", m.AgentID).Int("ticket_id", m.TicketID).
				Int64("devices", left).Msg("push: message not delivered to the remaining devices")
			return
		}
		s.sendOne(ctx, m, tok, data)
	}
}

// deviceRef names a device token in the log without the token: a prefix
// of its hash, enough to tell one agent's devices apart.
func deviceRef(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:4])
}

// errDeviceTimeout ends one device's tries (DeviceTimeout).
var errDeviceTimeout = errors.New("push: device time budget spent")

// sendOne sends to one device, retrying transient failures with
// exponential backoff or the server's Retry-After, and forgets the token
// when FCM says it is dead. All tries together, the SDK's own included,
// end after DeviceTimeout. Logs name the agent, the ticket and a hash
// prefix of the token, never the token or the text.
func (s *Service) sendOne(ctx context.Context, m Message, token string, data map[string]string) {
	ctx, cancel := context.WithTimeoutCause(ctx, s.cfg.DeviceTimeout, errDeviceTimeout)
	defer cancel()
	base := s.cfg.Log.With().Int("agent_id", m.AgentID).Int("ticket_id", m.TicketID).
		Str("device", deviceRef(token)).Logger()
	delay := s.cfg.Backoff
	for attempt := 1; ; attempt++ {
		base.Debug().Int("attempt", attempt).Msg("push: sending")
		sctx, cancelSend := context.WithTimeout(ctx, s.cfg.SendTimeout)
		err := s.sender.Send(sctx, token, data)
		cancelSend()
		if err == nil {
			s.stats.sent.Add(1)
			base.Debug().Int("attempt", attempt).Msg("push: sent")
			return
		}
		se := classify(err)
		log := base.With().Int("status", se.Status).Str("code", se.Code).Int("attempt", attempt).Logger()
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
		if !se.Retry || attempt >= s.cfg.MaxAttempts || wait > s.cfg.MaxRetryDelay || ctx.Err() != nil || !before(ctx, wait) {
			s.giveUp(ctx, log, err)
			return
		}
		s.stats.retried.Add(1)
		log.Debug().Err(err).Dur("wait", wait).Msg("push: retrying")
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			s.giveUp(ctx, log, err)
			return
		}
		delay = min(2*delay, s.cfg.MaxRetryDelay)
	}
}

// before reports whether ctx's deadline leaves time for a wait of d: a
// retry that could only start after it would be in vain.
func before(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}

// giveUp counts and logs a message not delivered to a device, with the
// last error and why the tries ended (shutdown, time budget).
func (s *Service) giveUp(ctx context.Context, log zerolog.Logger, err error) {
	s.stats.failed.Add(1)
	ev := log.Warn().Err(err)
	if cause := context.Cause(ctx); cause != nil {
		ev = ev.AnErr("ended", cause)
	}
	if s.workCtx.Err() != nil {
		ev.Msg("push: message not delivered: shutting down")
		return
	}
	ev.Msg("push: message not delivered")
}

package store

// NewAgentSession creates an agent session as GI SessionCreate does, with
// its ChallengeToken, for tests that need one without a login.
func (s *Store) NewAgentSession(agentID int) *Session {
	s.Mu.Lock()
	defer s.Mu.Unlock()
	now := s.Now()
	sess := &Session{ID: NewSessionID(), UserID: agentID, CreateTime: now, LastRequest: now, ChallengeToken: NewSessionID()}
	s.Sessions[sess.ID] = sess
	return sess
}

// TicketRO reports whether the agent has ro on the ticket (nil when the
// ticket does not exist: OTRS answers both alike). The caller holds s.Mu.
func (s *Store) TicketRO(agentID int, t *Ticket) bool {
	if t == nil {
		return false
	}
	q := s.QueueByID(t.QueueID)
	return q != nil && s.AgentHas(agentID, q.GroupID, "ro")
}

// SetArticleSeen is ArticleFlagSet Seen plus TicketNewMessageUpdate: the
// ticket is seen once all its articles are. The caller holds s.Mu.
func (s *Store) SetArticleSeen(t *Ticket, a *Article, agentID int) {
	if a.SeenBy == nil {
		a.SeenBy = map[int]bool{}
	}
	a.SeenBy[agentID] = true
	for _, x := range t.Articles {
		if !x.SeenBy[agentID] {
			return
		}
	}
	if t.SeenBy == nil {
		t.SeenBy = map[int]bool{}
	}
	t.SeenBy[agentID] = true
}

// ArticleByID finds an article and its ticket. The caller holds s.Mu.
func (s *Store) ArticleByID(id int) (*Ticket, *Article) {
	for _, t := range s.Tickets {
		for _, a := range t.Articles {
			if a.ID == id {
				return t, a
			}
		}
	}
	return nil, nil
}

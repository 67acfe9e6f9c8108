package store

import "strings"

// Lookups of catalog rows by id or name. The caller holds s.Mu.

func (s *Store) QueueByID(id int) *Queue {
	for _, q := range s.Queues {
		if q.ID == id {
			return q
		}
	}
	return nil
}

func (s *Store) StateByID(id int) *State {
	for _, st := range s.States {
		if st.ID == id {
			return st
		}
	}
	return nil
}

func (s *Store) StateTypeName(st *State) string {
	if st == nil {
		return ""
	}
	return ItemName(s.StateTypes, st.TypeID)
}

func (s *Store) ServiceByID(id int) *Service {
	for _, sv := range s.Services {
		if sv.ID == id {
			return sv
		}
	}
	return nil
}

func (s *Store) ServiceByName(name string) *Service {
	for _, sv := range s.Services {
		if sv.Name == name {
			return sv
		}
	}
	return nil
}

func (s *Store) SLAByID(id int) *SLA {
	for _, sl := range s.SLAs {
		if sl.ID == id {
			return sl
		}
	}
	return nil
}

func (s *Store) SLAByName(name string) *SLA {
	for _, sl := range s.SLAs {
		if sl.Name == name {
			return sl
		}
	}
	return nil
}

func (s *Store) GroupByName(name string) *Group {
	for _, g := range s.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

func (s *Store) TicketByID(id int) *Ticket {
	for _, t := range s.Tickets {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func (s *Store) TicketByTN(tn string) *Ticket {
	for _, t := range s.Tickets {
		if t.TN == tn {
			return t
		}
	}
	return nil
}

func (s *Store) DynamicField(name string) *DynamicField {
	for _, df := range s.DynamicFields {
		if df.Name == name {
			return df
		}
	}
	return nil
}

func ItemName(items []*NamedItem, id int) string {
	for _, it := range items {
		if it.ID == id {
			return it.Name
		}
	}
	return ""
}

func ItemByName(items []*NamedItem, name string) *NamedItem {
	for _, it := range items {
		if it.Name == name {
			return it
		}
	}
	return nil
}

func ItemByID(items []*NamedItem, id int) *NamedItem {
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

func (s *Store) AgentLogin(id int) string {
	if a := s.AgentByID(id); a != nil {
		return a.Login
	}
	return ""
}

// SubQueues returns the ids of q and the queues below it.
func (s *Store) SubQueues(q *Queue) []int {
	var ids []int
	for _, c := range s.Queues {
		if c.ID == q.ID || strings.HasPrefix(c.Name, q.Name+"::") {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// CanRead reports whether u may read t: agents need ro on the queue's
// group, customer users must share the ticket's CustomerID.
func (s *Store) CanRead(u User, t *Ticket) bool {
	if u.Customer != nil {
		return t.CustomerID == u.Customer.CustomerID || t.CustomerUserID == u.Customer.Login
	}
	q := s.QueueByID(t.QueueID)
	return u.Agent != nil && q != nil && s.AgentHas(u.Agent.ID, q.GroupID, "ro")
}

package fakeotrs

import "strings"

// Lookups of catalog rows by id or name. The caller holds s.mu.

func (s *Store) queueByID(id int) *Queue {
	for _, q := range s.Queues {
		if q.ID == id {
			return q
		}
	}
	return nil
}

func (s *Store) stateByID(id int) *State {
	for _, st := range s.States {
		if st.ID == id {
			return st
		}
	}
	return nil
}

func (s *Store) stateTypeName(st *State) string {
	if st == nil {
		return ""
	}
	return itemName(s.StateTypes, st.TypeID)
}

func (s *Store) serviceByID(id int) *Service {
	for _, sv := range s.Services {
		if sv.ID == id {
			return sv
		}
	}
	return nil
}

func (s *Store) serviceByName(name string) *Service {
	for _, sv := range s.Services {
		if sv.Name == name {
			return sv
		}
	}
	return nil
}

func (s *Store) slaByID(id int) *SLA {
	for _, sl := range s.SLAs {
		if sl.ID == id {
			return sl
		}
	}
	return nil
}

func (s *Store) slaByName(name string) *SLA {
	for _, sl := range s.SLAs {
		if sl.Name == name {
			return sl
		}
	}
	return nil
}

func (s *Store) groupByName(name string) *Group {
	for _, g := range s.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

func (s *Store) ticketByID(id int) *Ticket {
	for _, t := range s.Tickets {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func (s *Store) ticketByTN(tn string) *Ticket {
	for _, t := range s.Tickets {
		if t.TN == tn {
			return t
		}
	}
	return nil
}

func (s *Store) dynamicField(name string) *DynamicField {
	for _, df := range s.DynamicFields {
		if df.Name == name {
			return df
		}
	}
	return nil
}

func itemName(items []*NamedItem, id int) string {
	for _, it := range items {
		if it.ID == id {
			return it.Name
		}
	}
	return ""
}

func itemByName(items []*NamedItem, name string) *NamedItem {
	for _, it := range items {
		if it.Name == name {
			return it
		}
	}
	return nil
}

func itemByID(items []*NamedItem, id int) *NamedItem {
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

func (s *Store) agentLogin(id int) string {
	if a := s.agentByID(id); a != nil {
		return a.Login
	}
	return ""
}

// subQueues returns the ids of q and the queues below it.
func (s *Store) subQueues(q *Queue) []int {
	var ids []int
	for _, c := range s.Queues {
		if c.ID == q.ID || strings.HasPrefix(c.Name, q.Name+"::") {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

// canRead reports whether u may read t: agents need ro on the queue's
// group, customer users must share the ticket's CustomerID.
func (s *Store) canRead(u giUser, t *Ticket) bool {
	if u.customer != nil {
		return t.CustomerID == u.customer.CustomerID || t.CustomerUserID == u.customer.Login
	}
	q := s.queueByID(t.QueueID)
	return u.agent != nil && q != nil && s.AgentHas(u.agent.ID, q.GroupID, "ro")
}

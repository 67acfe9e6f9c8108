package gi

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/store"
)

func giTicketHistoryGet(s *store.Store, u store.User, d giData) any {
	if u.Agent == nil {
		return giError("TicketHistoryGet.AuthFail", "TicketHistoryGet: User needs to an Agent!")
	}
	ids := giTicketIDs(d)
	if ids == nil {
		return giError("TicketHistoryGet.MissingParameter", "TicketHistoryGet: TicketID parameter is missing!")
	}
	var out []any
	for _, id := range ids {
		id = strings.TrimSpace(id)
		n, _ := strconv.Atoi(id)
		t := s.TicketByID(n)
		if t == nil || !s.CanRead(u, t) {
			return giError("TicketHistoryGet.AccessDenied", fmt.Sprintf("TicketHistoryGet: User does not have access to the ticket %s!", id))
		}
		rows := []any{}
		for _, h := range s.History {
			if h.TicketID != t.ID {
				continue
			}
			e := map[string]any{
				"ArticleID": h.ArticleID, "CreateBy": h.CreateBy, "CreateTime": store.OTRSTime(h.Created),
				"HistoryType": h.Type, "HistoryTypeID": store.HistoryTypeIDs[h.Type], "Name": h.Name,
				"OwnerID": orInt(h.OwnerID, t.OwnerID), "PriorityID": orInt(h.PriorityID, t.PriorityID),
				"QueueID": orInt(h.QueueID, t.QueueID), "StateID": orInt(h.StateID, t.StateID),
				"TicketID": strconv.Itoa(t.ID), "TypeID": orInt(h.TypeID, t.TypeID),
			}
			rows = append(rows, e)
		}
		out = append(out, map[string]any{"History": rows, "TicketID": strconv.Itoa(t.ID)})
	}
	return map[string]any{"TicketHistory": out}
}

func orInt(v, def int) int {
	if v != 0 {
		return v
	}
	return def
}

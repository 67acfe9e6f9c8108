package gi_test

import (
	"encoding/json"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

func TestPendingTimeJSON(t *testing.T) {
	for _, tc := range []struct {
		in   gi.PendingTime
		want string
	}{
		{gi.PendingTime{Year: 2026, Month: 12, Day: 4, Hour: 16}, `{"Year":2026,"Month":12,"Day":4,"Hour":16,"Minute":0}`},
		{gi.PendingTime{Year: 2026, Month: 12, Day: 4, Minute: 30}, `{"Year":2026,"Month":12,"Day":4,"Hour":0,"Minute":30}`},
		{gi.PendingTime{Diff: 1440}, `{"Diff":1440}`},
	} {
		b, err := json.Marshal(gi.TicketInput{PendingTime: &tc.in})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"PendingTime":` + tc.want + `}`; string(b) != want {
			t.Errorf("got %s, want %s", b, want)
		}
	}
}

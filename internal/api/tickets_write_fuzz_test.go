package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/app/apptest"
)

// fuzzWrite posts arbitrary JSON bodies to a write method of the proxy in
// front of the fake OTRS and checks that every answer is an envelope: no
// panic (the proxy would answer 500 without one), JSON with Response OK
// or ERROR, and a Message on ERROR.
func fuzzWrite(f *testing.F, path string, seeds []string) {
	env := apptest.Start(f)
	tok := env.Login("agent.full", "AgentFull123!")
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	client := env.Server.Client()
	f.Fuzz(func(t *testing.T, body []byte) {
		resp, err := client.Post(env.URL+path+"?OTRSAgentInterface="+tok, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var out map[string]any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("status %d, answer is not JSON: %q", resp.StatusCode, b)
		}
		switch out["Response"] {
		case "OK":
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("OK with status %d", resp.StatusCode)
			}
		case "ERROR":
			if msg, _ := out["Message"].(string); msg == "" {
				t.Fatalf("ERROR without Message: %s", b)
			}
			if resp.StatusCode >= 500 {
				t.Fatalf("status %d: %s", resp.StatusCode, b)
			}
		default:
			t.Fatalf("no envelope: %s", b)
		}
	})
}

func FuzzCreateTicketParams(f *testing.F) {
	fuzzWrite(f, "/tickets/createTicket", []string{
		`{"Title":"t","QueueID":5,"PriorityID":3,"Body":"b"}`,
		`{"Title":"t","QueueID":"5","PriorityID":"3","Body":"b","StateID":6,"Year":2026,"Month":2,"Day":29,"Hour":25,"Minute":0}`,
		`{"Title":"t","QueueID":5,"PriorityID":3,"Body":"b","UntilTimeDateUnix":-1,"Estimated":"1e400"}`,
		`{"Title":"t","QueueID":5,"PriorityID":3,"Body":"b","DynamicFields":{"Components":[1,null,{"a":1}],"DueDate":"2027-13-01","Severity":true}}`,
		`{"Title":["a","b"],"QueueID":[5],"PriorityID":3.5,"Body":{"x":1},"ArticleType":"note-internal","SenderType":"robot","LockByOwner":"0"}`,
		`{"DynamicFields":"{\"ProductCode\":\"x\"}","Title":"t","QueueID":5,"PriorityID":3,"Body":"b","OwnerID":99,"Lock":"tmp_lock"}`,
	})
}

func FuzzUpdateTicketParams(f *testing.F) {
	fuzzWrite(f, "/tickets/updateTicket", []string{
		`{"TicketID":2,"Title":"x"}`,
		`{"TicketID":"2","Lock":"lock","State":"pending reminder","Year":2026,"Month":12,"Day":24,"Hour":9,"Minute":0,"PriorityID":5}`,
		`{"TicketID":10,"NewOwner":"root@localhost","Rule":"TicketEdit","QueueID":"6","SLA":"Silver","ServiceID":4}`,
		`{"TicketID":2,"DynamicFields":{"Severity":"Low","Components":"db"},"CustomerUserID":"ghost","ArchiveFlag":"y"}`,
		`{"TicketID":-1,"LockID":7,"UntilTimeDateUnix":"9999999999999"}`,
		`{"TicketID":[2,3],"Title":null,"StateID":{"a":1},"NewResponsibleUserID":"1.0"}`,
	})
}

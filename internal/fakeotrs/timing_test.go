package fakeotrs

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/roundtrip"
)

// With a latency model each answer takes at least the model's delay, and
// the recorder names every request: GI operations (REST and SOAP) by
// type, agent-interface actions with their subaction.
func TestLatencyAndTrips(t *testing.T) {
	o, srv := start(t, NewStore())
	sess := callGI(t, http.MethodPost, srv.URL+StockWebservicePath+"/Session", map[string]any{"UserLogin": "demo", "Password": "demo"})
	sid, _ := sess["SessionID"].(string)
	const delay = 30 * time.Millisecond
	var rec roundtrip.Recorder
	o.SetLatency(latency.Constant(delay))
	o.RecordTrips(&rec)

	started := time.Now()
	got := callGI(t, http.MethodGet, srv.URL+StockWebservicePath+"/Ticket/1,2?SessionID="+sid, nil)
	if took := time.Since(started); took < delay {
		t.Errorf("TicketGet answered in %v, before the model's %v", took, delay)
	}
	if got["Ticket"] == nil {
		t.Fatalf("TicketGet: %v", got)
	}
	zoom, _ := http.NewRequest(http.MethodGet, srv.URL+AgentInterfacePath+"?Action=AgentTicketZoom&Subaction=MarkAsSeen&TicketID=1&ArticleID=1&OTRSAgentInterface="+sid, nil)
	if _, b := send(t, zoom); string(b) != "1" {
		t.Errorf("MarkAsSeen answered %q", b)
	}
	soap := `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tic="http://www.otrs.org/TicketConnector/"><soapenv:Body><tic:TicketSearch><tic:SessionID>` + sid + `</tic:SessionID></tic:TicketSearch></soapenv:Body></soapenv:Envelope>`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+SOAPWebservicePath, strings.NewReader(soap))
	req.Header.Set("Content-Type", "text/xml")
	send(t, req)

	calls := rec.Take()
	var names []string
	for _, c := range calls {
		names = append(names, fmt.Sprintf("%s/%d", c.Op, c.Tickets))
		if c.End.Sub(c.Start) < delay || c.Bytes == 0 {
			t.Errorf("%s: took %v, %d bytes", c.Op, c.End.Sub(c.Start), c.Bytes)
		}
	}
	want := "[GI TicketGet/2 web AgentTicketZoom/MarkAsSeen/0 GI TicketSearch/0]"
	if fmt.Sprint(names) != want {
		t.Errorf("recorded %v, want %s", names, want)
	}
	if n := roundtrip.Sequential(calls); n != 3 {
		t.Errorf("%d sequential, want 3", n)
	}

	// Two requests at once overlap: one round trip on the critical path.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, _ := http.NewRequest(http.MethodGet, srv.URL+StockWebservicePath+"/Session/"+sid, nil)
			send(t, r)
		}()
	}
	wg.Wait()
	calls = rec.Take()
	if len(calls) != 2 || roundtrip.Sequential(calls) != 1 || calls[0].Op != "GI SessionGet" {
		t.Errorf("concurrent SessionGets: %+v, want 2 calls, 1 sequential", calls)
	}

	// Off again: nothing recorded.
	o.SetLatency(nil)
	o.RecordTrips(nil)
	callGI(t, http.MethodGet, srv.URL+StockWebservicePath+"/Session/"+sid, nil)
	if calls := rec.Take(); len(calls) != 0 {
		t.Errorf("recorded while off: %+v", calls)
	}
}

package push_test

import (
	"os"
	"slices"
	"testing"

	"github.com/rs4otrs/rs4otrs-proxy/internal/push"
	"gopkg.in/yaml.v3"
)

// webservice is the part of an OTRS web service definition the proxy
// depends on.
type webservice struct {
	Debugger struct {
		DebugThreshold string `yaml:"DebugThreshold"`
	} `yaml:"Debugger"`
	Requester struct {
		Invoker map[string]struct {
			Type   string `yaml:"Type"`
			Events []struct {
				Event        string `yaml:"Event"`
				Asynchronous string `yaml:"Asynchronous"`
			} `yaml:"Events"`
		} `yaml:"Invoker"`
		Transport struct {
			Type   string `yaml:"Type"`
			Config struct {
				AdditionalHeaders map[string]string `yaml:"AdditionalHeaders"`
				Authentication    map[string]string `yaml:"Authentication"`
				InvokerController map[string]struct {
					Command    string `yaml:"Command"`
					Controller string `yaml:"Controller"`
				} `yaml:"InvokerControllerMapping"`
			} `yaml:"Config"`
		} `yaml:"Transport"`
	} `yaml:"Requester"`
}

// The shipped web services stay in step with the intake: paths, the
// secret header, the basic-auth user and the events handled.
func TestDeployedWebServices(t *testing.T) {
	load := func(name string) webservice {
		b, err := os.ReadFile("../../deploy/otrs/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var ws webservice
		if err := yaml.Unmarshal(b, &ws); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ws.Debugger.DebugThreshold != "error" {
			t.Errorf("%s: DebugThreshold %q: at debug OTRS stores reset tokens", name, ws.Debugger.DebugThreshold)
		}
		if ws.Requester.Transport.Type != "HTTP::REST" {
			t.Errorf("%s: transport %q", name, ws.Requester.Transport.Type)
		}
		return ws
	}

	znuny := load("RS4OTRSPush.yml")
	inv, ok := znuny.Requester.Invoker["PushNotification"]
	if !ok || inv.Type != "Test::TestSimple" || len(inv.Events) != 0 {
		t.Errorf("RS4OTRSPush.yml: invoker PushNotification %+v", inv)
	}
	if c := znuny.Requester.Transport.Config; c.InvokerController["PushNotification"].Controller != "/push/notification" ||
		c.AdditionalHeaders[push.SecretHeader] == "" {
		t.Errorf("RS4OTRSPush.yml: transport %+v", c)
	}

	old := load("RS4OTRSPushEvents.yml")
	c := old.Requester.Transport.Config
	if c.Authentication["AuthType"] != "BasicAuth" || c.Authentication["BasicAuthUser"] != push.DefaultBasicUser {
		t.Errorf("RS4OTRSPushEvents.yml: authentication %+v", c.Authentication)
	}
	// One invoker per event, posting to /push/event/<Event>: OTRS 6.0
	// does not put the event's name in the data.
	var events []string
	for name, inv := range old.Requester.Invoker {
		if inv.Type != "Test::TestSimple" || len(inv.Events) != 1 {
			t.Errorf("invoker %s: %+v", name, inv)
			continue
		}
		ev := inv.Events[0].Event
		events = append(events, ev)
		if got := c.InvokerController[name].Controller; got != "/push/event/"+ev {
			t.Errorf("invoker %s posts to %q", name, got)
		}
	}
	slices.Sort(events)
	if want := push.Events(); !slices.Equal(events, want) {
		t.Errorf("RS4OTRSPushEvents.yml events %v, want %v", events, want)
	}
}

package config

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load(true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8187" || c.SessionName != "" || c.Prefix != "/otrs/api" || !c.Demo() || c.OTRSRoutes != "auto" {
		t.Errorf("defaults: %+v", c)
	}
	if c.ChallengeSecret != "" {
		t.Errorf("challenge secret set by default: app keeps a generated one in DataDir")
	}
}

// TestLoadAsksForAnOTRSOrTheDemo: neither an OTRS URL nor the demo request
// is no longer a silent demo; the message says what to set.
func TestLoadAsksForAnOTRSOrTheDemo(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		demoArg bool
		want    string // "" = starts
	}{
		{"nothing set", nil, false, "set RS4OTRS_OTRS_URL"},
		{"demo argument", nil, true, ""},
		{"RS4OTRS_DEMO", map[string]string{"RS4OTRS_DEMO": "true"}, false, ""},
		{"RS4OTRS_DEMO=false", map[string]string{"RS4OTRS_DEMO": "false"}, false, "RS4OTRS_DEMO=true"},
		{"OTRS URL", map[string]string{"RS4OTRS_OTRS_URL": "https://otrs.example/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy"}, false, ""},
		{"both", map[string]string{"RS4OTRS_OTRS_URL": "https://otrs.example/x"}, true, "RS4OTRS_DEMO: demo mode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("RS4OTRS_OTRS_URL", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			_, err := Load(tc.demoArg)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	t.Setenv("RS4OTRS_LISTEN", "nonsense")
	t.Setenv("RS4OTRS_OTRS_URL", "ftp://x")
	t.Setenv("RS4OTRS_OTRS_ROUTES", "mine")
	t.Setenv("RS4OTRS_LOG_LEVEL", "loud")
	t.Setenv("RS4OTRS_BODY_LIMIT", "lots")
	t.Setenv("RS4OTRS_SERVER_TIME_ZONE", "Mars/Olympus")
	t.Setenv("RS4OTRS_RETRIES", "many")
	t.Setenv("RS4OTRS_PUSH_WORKERS", "four")
	t.Setenv("RS4OTRS_CATALOG_TTL", "xyz")
	t.Setenv("RS4OTRS_METRICS", "yes please")
	t.Setenv("RS4OTRS_TYPE_COLORS", "Incident")
	t.Setenv("RS4OTRS_DEMO_PRODUCT", "otrs5")
	_, err := Load(false)
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, want := range []string{
		"RS4OTRS_LISTEN", "RS4OTRS_OTRS_URL", "RS4OTRS_OTRS_ROUTES", "RS4OTRS_LOG_LEVEL", "RS4OTRS_BODY_LIMIT", "RS4OTRS_SERVER_TIME_ZONE",
		// Type errors, all of them, in the words of the range errors.
		`RS4OTRS_RETRIES: "many" is not a whole number`,
		`RS4OTRS_PUSH_WORKERS: "four" is not a whole number`,
		`RS4OTRS_CATALOG_TTL: "xyz" is not a duration such as 30s, 5m or 1h`,
		`RS4OTRS_METRICS: "yes please" is not true or false`,
		`RS4OTRS_TYPE_COLORS: "Incident" is not a list such as name:value,name2:value2`,
		`RS4OTRS_DEMO_PRODUCT: "otrs5": want one of otrs60, znuny65, znuny70, otobo11`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %s:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "RS4OTRS_PUSH_WORKERS: 0") {
		t.Errorf("a type error reported twice, once as a range error:\n%v", err)
	}
	if strings.Contains(err.Error(), "envconfig") {
		t.Errorf("the library's raw text leaks:\n%v", err)
	}
}

func TestUnknownVariableSuggestsTheClosest(t *testing.T) {
	for _, tc := range []struct {
		name, want string
	}{
		{"RS4OTRS_OTRS_ULR", "RS4OTRS_OTRS_ULR: unknown setting; did you mean RS4OTRS_OTRS_URL?"},
		{"RS4OTRS_LISTN", "did you mean RS4OTRS_LISTEN?"},
		{"RS4OTRS_PUSHSECRET", "did you mean RS4OTRS_PUSH_SECRET?"},
		{"RS4OTRS_COMPLETELY_DIFFERENT", "RS4OTRS_COMPLETELY_DIFFERENT: unknown setting (README"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("RS4OTRS_DEMO", "true")
			t.Setenv(tc.name, "x")
			_, err := Load(false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestOtherVariablesPass: the test suite's own RS4OTRS_TEST_* and other
// prefixes (E2E_*, a container's LOG_LEVEL) are not the proxy's business,
// and envconfig's fallback to bare names (LISTEN) is gone.
func TestOtherVariablesPass(t *testing.T) {
	t.Setenv("RS4OTRS_DEMO", "true")
	t.Setenv("RS4OTRS_TEST_NO_DB", "1")
	t.Setenv("E2E_USER", "x")
	t.Setenv("LISTEN", "nonsense")
	t.Setenv("LOG_LEVEL", "loud")
	c, err := Load(false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8187" || c.LogLevel != "info" {
		t.Errorf("bare variables read: listen %q, log level %q", c.Listen, c.LogLevel)
	}
}

func TestPlaceholderSecrets(t *testing.T) {
	for _, tc := range []struct {
		name, value string
	}{
		{"RS4OTRS_CHALLENGE_SECRET", "change-me-to-32-random-bytes"},
		{"RS4OTRS_PUSH_OTRS_PASSWORD", "CHANGE-ME"},
		{"RS4OTRS_DB_DSN", "postgres://rs4otrs:change-me@db:5432/otrs"},
		{"RS4OTRS_DB_DSN", "mysql://rs4otrs:Change-Me-Too@tcp(db:3306)/otrs"},
		{"RS4OTRS_REDIS_URL", "redis://:change-me@redis:6379/0"},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			if tc.name == "RS4OTRS_PUSH_OTRS_PASSWORD" {
				t.Setenv("RS4OTRS_PUSH_OTRS_USER", "reader")
			}
			t.Setenv("RS4OTRS_OTRS_URL", "https://otrs.example/x")
			_, err := Load(false)
			if err == nil || !strings.Contains(err.Error(), tc.name+": still the placeholder") {
				t.Fatalf("err = %v, want the placeholder refused", err)
			}
			// The demo starts, and main warns.
			t.Setenv("RS4OTRS_OTRS_URL", "")
			c, err := Load(true)
			if err != nil {
				t.Fatalf("demo refused: %v", err)
			}
			if got := c.Placeholders(); !reflect.DeepEqual(got, []string{tc.name}) {
				t.Errorf("Placeholders() = %v", got)
			}
		})
	}
	t.Setenv("RS4OTRS_DB_DSN", "postgres://change-me.example:5432/otrs")
	if c := Defaults(); len(c.Placeholders()) != 0 {
		t.Errorf("a host name is no password")
	}
}

func TestDefaultsIgnoreTheEnvironment(t *testing.T) {
	t.Setenv("RS4OTRS_OTRS_URL", "http://otrs.example")
	c := Defaults()
	if c.Demo() || c.OTRSURL != "" || c.PushWorkers != 4 || c.CatalogTTL == 0 {
		t.Errorf("Defaults() = %+v", c)
	}
	c.DemoMode = true
	if err := c.Validate(); err != nil {
		t.Errorf("the defaults do not validate: %v", err)
	}
}

// TestEveryFieldDecodes sets every variable and decodes it through
// envconfig: a field of a type the decoder cannot read, or whose parse
// error would not be worded like the range errors, fails here, not at an
// admin's start.
func TestEveryFieldDecodes(t *testing.T) {
	samples := map[reflect.Type]string{
		reflect.TypeFor[string](): "x", reflect.TypeFor[int](): "3", reflect.TypeFor[bool](): "true",
		reflect.TypeFor[[]string](): " a, b,", reflect.TypeFor[map[string]string](): "a:b",
		reflect.TypeFor[time.Duration](): "1s",
	}
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Tag.Get("envconfig") == "" {
			t.Errorf("%s: no envconfig tag", f.Name)
			continue
		}
		raw, ok := samples[f.Type]
		if !ok {
			t.Errorf("%s: no sample for %s", f.Name, f.Type)
			continue
		}
		if strings.HasPrefix(expected(f.Type), "a "+f.Type.String()) && f.Type.Kind() != reflect.String && f.Type.Kind() != reflect.Slice {
			t.Errorf("%s: no wording for a bad %s", f.Name, f.Type)
		}
		t.Setenv(Prefix+"_"+f.Tag.Get("envconfig"), raw)
	}
	c, errs := decode(os.LookupEnv)
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	v := reflect.ValueOf(c)
	for i := range typ.NumField() {
		if v.Field(i).IsZero() {
			t.Errorf("%s: not decoded", typ.Field(i).Name)
		}
	}
	if !reflect.DeepEqual(c.CORSOrigins, []string{"a", "b"}) {
		t.Errorf("a list keeps its spaces or empty items: %q", c.CORSOrigins)
	}
	if got := Variables(); len(got) < 60 || got[0] != "RS4OTRS_ARCHIVE_FIELD" {
		t.Errorf("Variables() = %v", got)
	}
}

// TestBareNamesIgnored: envconfig.Process(Prefix, …) would read LISTEN
// when RS4OTRS_LISTEN is unset; the per-field decode reads the full name
// alone, so a container's own LISTEN, LOG_LEVEL, PREFIX or RETRIES neither
// changes the proxy nor stops it.
func TestBareNamesIgnored(t *testing.T) {
	for _, name := range Variables() {
		bare := strings.TrimPrefix(name, Prefix+"_")
		t.Setenv(bare, "nonsense")
	}
	c, errs := decode(os.LookupEnv)
	if len(errs) > 0 {
		t.Fatalf("a bare name was read: %v", errors.Join(errs...))
	}
	if d := Defaults(); !reflect.DeepEqual(c, d) {
		t.Errorf("bare names changed the configuration:\n got %+v\nwant %+v", c, d)
	}
}

// TestEmptyVariableIsUnset: compose and Helm render an unset value as "";
// it takes the default instead of failing to parse (envconfig alone would
// read "" as set).
func TestEmptyVariableIsUnset(t *testing.T) {
	for _, name := range Variables() {
		t.Setenv(name, "")
	}
	c, errs := decode(os.LookupEnv)
	if len(errs) > 0 {
		t.Fatal(errors.Join(errs...))
	}
	if d := Defaults(); !reflect.DeepEqual(c, d) || c.Retries != 2 || c.Listen != "127.0.0.1:8187" {
		t.Errorf("empty variables are not unset:\n got %+v\nwant %+v", c, d)
	}
}

// RS4OTRS_DEMO_LATENCY takes the latency model's modes, in demo mode only.
func TestDemoLatency(t *testing.T) {
	for _, tc := range []struct {
		name              string
		demo, mode, seed  string
		wantErr, wantMode string
		wantSeed          int
	}{
		{"default", "true", "", "", "", "off", 1},
		{"median", "true", "median", "", "", "median", 1},
		{"sampled, seeded", "true", "sampled", "42", "", "sampled", 42},
		{"unknown mode", "true", "slow", "", `RS4OTRS_DEMO_LATENCY: "slow": want off, median or sampled`, "", 0},
		{"without demo mode", "", "median", "", "RS4OTRS_DEMO_LATENCY: set, but demo mode is off", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("RS4OTRS_DEMO", tc.demo)
			t.Setenv("RS4OTRS_OTRS_URL", map[bool]string{true: "", false: "http://otrs.example/otrs/nph-genericinterface.pl/Webservice/X"}[tc.demo == "true"])
			t.Setenv("RS4OTRS_CHALLENGE_SECRET", "a-secret-of-our-own")
			t.Setenv("RS4OTRS_DEMO_LATENCY", tc.mode)
			t.Setenv("RS4OTRS_DEMO_LATENCY_SEED", tc.seed)
			c, err := Load(false)
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			if err == nil && (c.DemoLatency != tc.wantMode || c.DemoLatencySeed != tc.wantSeed) {
				t.Errorf("got %q seed %d, want %q seed %d", c.DemoLatency, c.DemoLatencySeed, tc.wantMode, tc.wantSeed)
			}
		})
	}
}

// RS4OTRS_DEMO_PRODUCT picks the demo's line, and only the demo's: a real
// OTRS's line is read from its database.
func TestDemoProductOnlyInDemo(t *testing.T) {
	for _, tc := range []struct {
		name, demo, product, wantErr string
	}{
		{"demo, OTOBO", "true", "otobo11", ""},
		{"no demo, default", "", "", ""},
		{"no demo, OTOBO", "", "otobo11", "RS4OTRS_DEMO_PRODUCT: set, but demo mode is off"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("RS4OTRS_DEMO", tc.demo)
			t.Setenv("RS4OTRS_OTRS_URL", map[bool]string{true: "", false: "http://otrs.example/otrs/nph-genericinterface.pl/Webservice/X"}[tc.demo == "true"])
			t.Setenv("RS4OTRS_CHALLENGE_SECRET", "a-secret-of-our-own")
			t.Setenv("RS4OTRS_DEMO_PRODUCT", tc.product)
			_, err := Load(false)
			if (err == nil) != (tc.wantErr == "") || (err != nil && !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

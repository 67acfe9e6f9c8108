// Package config reads the proxy's settings from RS4OTRS_* environment
// variables and checks them all at once, so that a bad start names every
// problem.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/labstack/gommon/bytes"
	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/internal/fakeotrs/latency"
	"github.com/rs4otrs/rs4otrs-proxy/internal/otrs/gi"
)

// Prefix is the environment prefix of every setting.
const Prefix = "RS4OTRS"

// Config is the whole configuration. Each field's env tag is its variable
// name after the RS4OTRS_ prefix; README.md documents them.
type Config struct {
	// Listen's default port 8187 stays clear of the 8080/8081/8443 an
	// Apache or Tomcat next to OTRS commonly holds.
	Listen string `envconfig:"LISTEN" default:"127.0.0.1:8187"`
	// DemoMode serves the built-in fake OTRS. It must be asked for
	// (RS4OTRS_DEMO=true or the demo argument): a missing or misspelled
	// OTRS URL must not put a public demo login on the network.
	DemoMode bool `envconfig:"DEMO"`
	// DemoProduct is the OTRS line demo mode's fake imitates, named as
	// the recordings' folders are (DemoProducts).
	DemoProduct string `envconfig:"DEMO_PRODUCT" default:"znuny65"`
	// DemoLatency makes the demo's fake OTRS answer as slowly as a real
	// Znuny does (fakeotrs/latency): off, median (each call its recorded
	// median: comparable runs) or sampled (drawn from the recorded median
	// and p95 by a generator seeded with DemoLatencySeed).
	DemoLatency     string `envconfig:"DEMO_LATENCY" default:"off"`
	DemoLatencySeed int    `envconfig:"DEMO_LATENCY_SEED" default:"1"`
	OTRSURL         string `envconfig:"OTRS_URL"`
	// OTRSRoutes is stock, proxy, or auto: detected by one probe at start
	// (app.DetectRoutes).
	OTRSRoutes string `envconfig:"OTRS_ROUTES" default:"auto"`
	// OTRSWebURL is the agent interface (index.pl); empty derives it from
	// OTRSURL (.../otrs/nph-genericinterface.pl/... → .../otrs/index.pl).
	OTRSWebURL string `envconfig:"OTRS_WEB_URL"`
	// OTRSTransport is rest or soap; soap wants OTRS_URL to be the stock
	// GenericTicketConnectorSOAP web service.
	OTRSTransport string `envconfig:"OTRS_TRANSPORT" default:"rest"`
	DBDSN         string `envconfig:"DB_DSN"`
	// CatalogTTL is how long a catalog read from the database is served
	// before a background refresh; PermissionCacheTTL how long an agent's
	// computed permissions are kept.
	CatalogTTL         time.Duration `envconfig:"CATALOG_TTL" default:"5m"`
	PermissionCacheTTL time.Duration `envconfig:"PERMISSION_CACHE_TTL" default:"30s"`

	// SessionName is the token parameter and agent-interface cookie;
	// empty follows OTRS's SysConfig SessionName (read from the catalog;
	// OTRSAgentInterface without one).
	SessionName     string        `envconfig:"SESSION_NAME"`
	ChallengeSecret string        `envconfig:"CHALLENGE_SECRET"`
	SessionCacheTTL time.Duration `envconfig:"SESSION_CACHE_TTL" default:"60s"`
	SessionTouch    time.Duration `envconfig:"SESSION_TOUCH_INTERVAL" default:"5m"`

	RequestTimeout time.Duration `envconfig:"REQUEST_TIMEOUT" default:"30s"`
	Retries        int           `envconfig:"RETRIES" default:"2"`
	// OTRSMaxConns bounds the calls in flight to OTRS, GI and agent
	// interface together (each holds one Apache worker; prefork has 150
	// by default); the rest wait in line (internal/otrs/connlimit).
	OTRSMaxConns int `envconfig:"OTRS_MAX_CONNECTIONS" default:"32"`

	Prefix         string `envconfig:"PREFIX" default:"/otrs/api"`
	BodyLimit      string `envconfig:"BODY_LIMIT" default:"20M"`
	ServerTimeZone string `envconfig:"SERVER_TIME_ZONE" default:"UTC"`

	SearchLimit         int               `envconfig:"SEARCH_LIMIT" default:"500"`
	DefaultState        string            `envconfig:"DEFAULT_STATE" default:"open"`
	DefaultPriority     string            `envconfig:"DEFAULT_PRIORITY" default:"3 normal"`
	PriorityColors      map[string]string `envconfig:"PRIORITY_COLORS"`
	TypeColors          map[string]string `envconfig:"TYPE_COLORS"`
	TypeAbbrs           map[string]string `envconfig:"TYPE_ABBRS"`
	StateColors         map[string]string `envconfig:"STATE_COLORS"`
	MobileDynamicFields string            `envconfig:"MOBILE_DYNAMIC_FIELDS"`
	// ArchiveField is the ticket dynamic field whose change makes the
	// admin's GenericAgent jobs archive or restore a ticket (README,
	// "Archiving tickets"); empty: updateArchiveFlag answers an error.
	ArchiveField string `envconfig:"ARCHIVE_FIELD"`

	DataDir  string `envconfig:"DATA_DIR" default:"data"`
	RedisURL string `envconfig:"REDIS_URL"`

	FCMCredentials        string        `envconfig:"FCM_CREDENTIALS"`
	FCMProject            string        `envconfig:"FCM_PROJECT"`
	PushSecret            string        `envconfig:"PUSH_SECRET"`
	PushBasicUser         string        `envconfig:"PUSH_BASIC_USER" default:"rs4otrs"`
	PushServer            string        `envconfig:"PUSH_SERVER"`
	PushRedisPrefix       string        `envconfig:"PUSH_REDIS_PREFIX" default:"rs4otrs:push:"`
	PushWorkers           int           `envconfig:"PUSH_WORKERS" default:"4"`
	PushQueue             int           `envconfig:"PUSH_QUEUE" default:"1000"`
	PushMaxAttempts       int           `envconfig:"PUSH_MAX_ATTEMPTS" default:"5"`
	PushGrace             time.Duration `envconfig:"PUSH_GRACE" default:"10s"`
	PushOTRSUser          string        `envconfig:"PUSH_OTRS_USER"`
	PushOTRSPassword      string        `envconfig:"PUSH_OTRS_PASSWORD"`
	PushNotifyOwner       bool          `envconfig:"PUSH_NOTIFY_OWNER" default:"true"`
	PushNotifyResponsible bool          `envconfig:"PUSH_NOTIFY_RESPONSIBLE" default:"true"`
	PushNotifyWatchers    bool          `envconfig:"PUSH_NOTIFY_WATCHERS" default:"true"`
	PushNotifyMyQueues    bool          `envconfig:"PUSH_NOTIFY_MY_QUEUES" default:"true"`

	// HTTP server limits and TLS (both files, or neither).
	ReadHeaderTimeout time.Duration `envconfig:"READ_HEADER_TIMEOUT" default:"10s"`
	ReadTimeout       time.Duration `envconfig:"READ_TIMEOUT" default:"2m"`
	WriteTimeout      time.Duration `envconfig:"WRITE_TIMEOUT" default:"5m"`
	IdleTimeout       time.Duration `envconfig:"IDLE_TIMEOUT" default:"2m"`
	ShutdownTimeout   time.Duration `envconfig:"SHUTDOWN_TIMEOUT" default:"30s"`
	TLSCertFile       string        `envconfig:"TLS_CERT_FILE"`
	TLSKeyFile        string        `envconfig:"TLS_KEY_FILE"`

	// Failed-login limits (0 = off) and the window they count in.
	LoginFailuresPerClient int           `envconfig:"LOGIN_FAILURES_PER_CLIENT" default:"30"`
	LoginFailuresPerLogin  int           `envconfig:"LOGIN_FAILURES_PER_LOGIN" default:"10"`
	LoginFailureWindow     time.Duration `envconfig:"LOGIN_FAILURE_WINDOW" default:"15m"`

	// CORSOrigins enables CORS for these origins (comma-separated); empty = off.
	CORSOrigins []string `envconfig:"CORS_ORIGINS"`
	// TrustedProxies are CIDRs whose X-Forwarded-For gives the client address.
	TrustedProxies []string `envconfig:"TRUSTED_PROXIES"`
	// Metrics serves Prometheus metrics at /metrics; on MetricsListen
	// alone when that is set, so they need not be public.
	Metrics       bool   `envconfig:"METRICS" default:"true"`
	MetricsListen string `envconfig:"METRICS_LISTEN"`

	LogLevel  string `envconfig:"LOG_LEVEL" default:"info"`
	LogFormat string `envconfig:"LOG_FORMAT" default:"json"`
}

// DemoProducts are the lines demo mode can imitate: OTRS CE 6.0.41,
// Znuny 6.5.4 and 7.0.9, OTOBO 11.0.6 (fakeotrs.Dialects, whose keys an
// app test holds to this list).
var DemoProducts = []string{"otrs60", "znuny65", "znuny70", "otobo11"}

// Demo reports whether demo mode was asked for: the proxy then serves the
// built-in fake OTRS with its demo data.
func (c *Config) Demo() bool { return c.DemoMode }

// TimeZone returns RS4OTRS_SERVER_TIME_ZONE's location (UTC when it does
// not load; Validate reports that).
func (c *Config) TimeZone() *time.Location {
	loc, err := time.LoadLocation(c.ServerTimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Load reads the RS4OTRS_* environment and validates it, reporting every
// bad, unknown or placeholder variable at once. demo is the command line's
// request for demo mode (`rs4otrs-proxy demo`), equal to RS4OTRS_DEMO=true.
func Load(demo bool) (*Config, error) {
	c, errs := decode(os.LookupEnv)
	errs = append(errs, unknownVariables(os.Environ())...)
	if demo {
		c.DemoMode = true
	}
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return &c, nil
}

// Defaults returns the configuration made of the defaults alone, whatever
// the environment holds (tests start from it). It asks for neither demo
// mode nor an OTRS, so it validates only once one of them is set.
func Defaults() Config {
	c, errs := decode(func(string) (string, bool) { return "", false })
	if len(errs) > 0 {
		panic(fmt.Sprintf("config: defaults do not parse: %v", errors.Join(errs...)))
	}
	return c
}

// MobileFields parses RS4OTRS_MOBILE_DYNAMIC_FIELDS: a JSON object from
// field name to {screen: "rw"|"ro"}, as RS::API::Ticket::MobileScreen::
// DynamicFields was in the original.
func (c *Config) MobileFields() (map[string]map[string]string, error) {
	if strings.TrimSpace(c.MobileDynamicFields) == "" {
		return nil, nil
	}
	var m map[string]map[string]string
	if err := json.Unmarshal([]byte(c.MobileDynamicFields), &m); err != nil {
		return nil, fmt.Errorf(`want JSON such as {"Severity":{"AgentMobileTicketStatus":"rw"}}: %v`, err)
	}
	return m, nil
}

// Validate checks every setting and reports all problems together, each
// naming its variable.
func (c *Config) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s_%s: %s", Prefix, name, fmt.Sprintf(format, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("LISTEN", "%q is not host:port", c.Listen)
	}
	if c.MetricsListen != "" {
		if _, port, err := net.SplitHostPort(c.MetricsListen); err != nil {
			bad("METRICS_LISTEN", "%q is not host:port", c.MetricsListen)
		} else if c.MetricsListen == c.Listen && port != "0" {
			bad("METRICS_LISTEN", "%q is RS4OTRS_LISTEN too: give metrics their own port", c.MetricsListen)
		}
		if !c.Metrics {
			bad("METRICS_LISTEN", "set, but RS4OTRS_METRICS is off")
		}
	}
	switch {
	case c.DemoMode && c.OTRSURL != "":
		bad("DEMO", "demo mode serves a built-in fake OTRS and ignores RS4OTRS_OTRS_URL: unset one of them")
	case !c.DemoMode && c.OTRSURL == "":
		errs = append(errs, errors.New("no OTRS configured: set RS4OTRS_OTRS_URL to your GenericInterface web service "+
			"(e.g. https://otrs.example.com/otrs/nph-genericinterface.pl/Webservice/RS4OTRSProxy), "+
			"or ask for the built-in demo OTRS with `rs4otrs-proxy demo` or RS4OTRS_DEMO=true"))
	}
	if !slices.Contains(DemoProducts, c.DemoProduct) {
		bad("DEMO_PRODUCT", "%q: want one of %s", c.DemoProduct, strings.Join(DemoProducts, ", "))
	} else if c.DemoProduct != Defaults().DemoProduct && !c.DemoMode {
		// The proxy learns a real OTRS's line from its database.
		bad("DEMO_PRODUCT", "set, but demo mode is off: the proxy finds a real OTRS's product itself")
	}
	if _, err := latency.Parse(c.DemoLatency, uint64(c.DemoLatencySeed)); err != nil {
		bad("DEMO_LATENCY", "%q: want off, median or sampled", c.DemoLatency)
	} else if c.DemoLatency != latency.Off && !c.DemoMode {
		bad("DEMO_LATENCY", "set, but demo mode is off: a real OTRS has latency of its own")
	}
	if c.OTRSURL != "" {
		u, err := url.Parse(c.OTRSURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("OTRS_URL", "%q is not an http(s) URL", c.OTRSURL)
		}
	}
	if _, err := gi.RoutesByName(c.OTRSRoutes); err != nil && c.OTRSRoutes != "auto" {
		bad("OTRS_ROUTES", "%q: want auto, stock or proxy", c.OTRSRoutes)
	}
	if _, err := gi.TransportByName(c.OTRSTransport, "stock"); err != nil {
		bad("OTRS_TRANSPORT", "%q: want rest or soap", c.OTRSTransport)
	}
	if strings.ContainsAny(c.SessionName, " =;,&") {
		bad("SESSION_NAME", "%q is not a valid parameter name", c.SessionName)
	}
	if c.SessionCacheTTL <= 0 {
		bad("SESSION_CACHE_TTL", "must be positive")
	}
	if c.RequestTimeout <= 0 {
		bad("REQUEST_TIMEOUT", "must be positive")
	}
	if c.CatalogTTL < 0 {
		bad("CATALOG_TTL", "must not be negative")
	}
	if c.PermissionCacheTTL < 0 {
		bad("PERMISSION_CACHE_TTL", "must not be negative")
	}
	if c.DBDSN != "" && !validDSN(c.DBDSN) {
		bad("DB_DSN", "must start with postgres://, postgresql://, mysql:// or mariadb://")
	}
	if c.Retries < 0 || c.Retries > 10 {
		bad("RETRIES", "%d: want 0 to 10", c.Retries)
	}
	if c.OTRSMaxConns < 1 || c.OTRSMaxConns > 1000 {
		bad("OTRS_MAX_CONNECTIONS", "%d: want 1 to 1000", c.OTRSMaxConns)
	}
	if _, err := bytes.Parse(c.BodyLimit); err != nil {
		bad("BODY_LIMIT", "%q is not a size such as 20M", c.BodyLimit)
	}
	if !strings.HasPrefix(c.Prefix, "/") || strings.HasSuffix(c.Prefix, "/") {
		bad("PREFIX", "%q must start and not end with /", c.Prefix)
	}
	for name, d := range map[string]time.Duration{
		"READ_HEADER_TIMEOUT": c.ReadHeaderTimeout, "READ_TIMEOUT": c.ReadTimeout,
		"WRITE_TIMEOUT": c.WriteTimeout, "IDLE_TIMEOUT": c.IdleTimeout, "SHUTDOWN_TIMEOUT": c.ShutdownTimeout,
	} {
		if d < 0 {
			bad(name, "must not be negative")
		}
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		bad("TLS_CERT_FILE", "set both TLS_CERT_FILE and TLS_KEY_FILE, or neither")
	}
	if c.LoginFailuresPerClient < 0 || c.LoginFailuresPerLogin < 0 {
		bad("LOGIN_FAILURES_PER_LOGIN", "limits must not be negative")
	}
	for _, cidr := range c.TrustedProxies {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			bad("TRUSTED_PROXIES", "%q is not a CIDR such as 10.0.0.0/8", cidr)
		}
	}
	for _, o := range c.CORSOrigins {
		if u, err := url.Parse(o); o != "*" && (err != nil || u.Scheme == "" || u.Host == "") {
			bad("CORS_ORIGINS", "%q is not an origin such as https://app.example.com", o)
		}
	}
	if _, err := time.LoadLocation(c.ServerTimeZone); err != nil {
		bad("SERVER_TIME_ZONE", "%q is not a time zone", c.ServerTimeZone)
	}
	if _, err := zerolog.ParseLevel(c.LogLevel); err != nil || c.LogLevel == "" {
		bad("LOG_LEVEL", "%q: want debug, info, warn or error", c.LogLevel)
	}
	if c.SearchLimit < 1 {
		bad("SEARCH_LIMIT", "%d: want at least 1", c.SearchLimit)
	}
	if _, err := c.MobileFields(); err != nil {
		bad("MOBILE_DYNAMIC_FIELDS", "%v", err)
	}
	if c.FCMCredentials != "" {
		if c.PushSecret == "" {
			bad("PUSH_SECRET", "required when RS4OTRS_FCM_CREDENTIALS is set (OTRS authenticates with it)")
		}
		if _, err := os.Stat(c.FCMCredentials); err != nil {
			bad("FCM_CREDENTIALS", "%v", err)
		}
	}
	if c.PushWorkers < 1 || c.PushWorkers > 256 {
		bad("PUSH_WORKERS", "%d: want 1 to 256", c.PushWorkers)
	}
	if c.PushQueue < 1 {
		bad("PUSH_QUEUE", "%d: want at least 1", c.PushQueue)
	}
	if (c.PushOTRSUser == "") != (c.PushOTRSPassword == "") {
		bad("PUSH_OTRS_USER", "set RS4OTRS_PUSH_OTRS_USER and RS4OTRS_PUSH_OTRS_PASSWORD together")
	}
	if c.RedisURL != "" {
		if _, err := redis.ParseURL(c.RedisURL); err != nil {
			bad("REDIS_URL", "%v", err)
		}
	}
	if c.LogFormat != "json" && c.LogFormat != "console" {
		bad("LOG_FORMAT", "%q: want json or console", c.LogFormat)
	}
	// The deploy examples ship placeholder secrets; a proxy that serves
	// real agents must not run with a secret anyone can read on GitHub.
	// The demo only warns (main logs Placeholders).
	if !c.DemoMode {
		for _, name := range c.Placeholders() {
			errs = append(errs, fmt.Errorf("%s: still the placeholder of the deploy examples (%s…): set a secret of your own", name, placeholder))
		}
	}
	return errors.Join(errs...)
}

// validDSN checks the scheme of RS4OTRS_DB_DSN (otrs/db parses the rest).
func validDSN(dsn string) bool {
	for _, p := range []string{"postgres://", "postgresql://", "mysql://", "mariadb://"} {
		if strings.HasPrefix(strings.ToLower(dsn), p) {
			return true
		}
	}
	return false
}

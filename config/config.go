// Package config reads the proxy's settings from RS4OTRS_* environment
// variables and checks them all at once, so that a bad start names every
// problem.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
	"github.com/labstack/gommon/bytes"
	"github.com/rs/zerolog"
	"github.com/rs4otrs/rs4otrs-proxy/otrs/gi"
)

// Prefix is the environment prefix of every setting.
const Prefix = "RS4OTRS"

// Config is the whole configuration. Each field's env tag is its variable
// name after the RS4OTRS_ prefix; README.md documents them.
type Config struct {
	Listen     string `envconfig:"LISTEN" default:"127.0.0.1:8080"`
	OTRSURL    string `envconfig:"OTRS_URL"`
	OTRSRoutes string `envconfig:"OTRS_ROUTES" default:"stock"`
	// OTRSWebURL is the agent interface (index.pl); empty derives it from
	// OTRSURL (.../otrs/nph-genericinterface.pl/... → .../otrs/index.pl).
	OTRSWebURL string `envconfig:"OTRS_WEB_URL"`
	DBDSN      string `envconfig:"DB_DSN"`
	// CatalogTTL is how long a catalog read from the database is served
	// before a background refresh; PermissionCacheTTL how long an agent's
	// computed permissions are kept.
	CatalogTTL         time.Duration `envconfig:"CATALOG_TTL" default:"5m"`
	PermissionCacheTTL time.Duration `envconfig:"PERMISSION_CACHE_TTL" default:"30s"`

	SessionName     string        `envconfig:"SESSION_NAME" default:"OTRSAgentInterface"`
	ChallengeSecret string        `envconfig:"CHALLENGE_SECRET"`
	SessionCacheTTL time.Duration `envconfig:"SESSION_CACHE_TTL" default:"60s"`
	SessionTouch    time.Duration `envconfig:"SESSION_TOUCH_INTERVAL" default:"5m"`

	RequestTimeout time.Duration `envconfig:"REQUEST_TIMEOUT" default:"30s"`
	Retries        int           `envconfig:"RETRIES" default:"2"`

	Prefix         string `envconfig:"PREFIX" default:"/otrs/api"`
	BodyLimit      string `envconfig:"BODY_LIMIT" default:"20M"`
	ServerTimeZone string `envconfig:"SERVER_TIME_ZONE" default:"UTC"`

	LogLevel  string `envconfig:"LOG_LEVEL" default:"info"`
	LogFormat string `envconfig:"LOG_FORMAT" default:"json"`

	// Set by Load, not read from the environment.
	GeneratedSecret bool           `ignored:"true"`
	Location        *time.Location `ignored:"true"`
}

// Demo reports whether no OTRS is configured: the proxy then serves the
// built-in fake OTRS with its demo data.
func (c *Config) Demo() bool { return c.OTRSURL == "" }

// Load reads the environment and validates it.
func Load() (*Config, error) {
	var c Config
	if err := envconfig.Process(Prefix, &c); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.ChallengeSecret == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("generate challenge secret: %w", err)
		}
		c.ChallengeSecret = hex.EncodeToString(b)
		c.GeneratedSecret = true
	}
	return &c, nil
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
	if c.OTRSURL != "" {
		u, err := url.Parse(c.OTRSURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("OTRS_URL", "%q is not an http(s) URL", c.OTRSURL)
		}
	}
	if _, err := gi.RoutesByName(c.OTRSRoutes); err != nil {
		bad("OTRS_ROUTES", "%q: want stock or proxy", c.OTRSRoutes)
	}
	if c.SessionName == "" || strings.ContainsAny(c.SessionName, " =;,&") {
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
	if _, err := bytes.Parse(c.BodyLimit); err != nil {
		bad("BODY_LIMIT", "%q is not a size such as 20M", c.BodyLimit)
	}
	if !strings.HasPrefix(c.Prefix, "/") || strings.HasSuffix(c.Prefix, "/") {
		bad("PREFIX", "%q must start and not end with /", c.Prefix)
	}
	loc, err := time.LoadLocation(c.ServerTimeZone)
	if err != nil {
		bad("SERVER_TIME_ZONE", "%q is not a time zone", c.ServerTimeZone)
	}
	c.Location = loc
	if _, err := zerolog.ParseLevel(c.LogLevel); err != nil || c.LogLevel == "" {
		bad("LOG_LEVEL", "%q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "json" && c.LogFormat != "console" {
		bad("LOG_FORMAT", "%q: want json or console", c.LogFormat)
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

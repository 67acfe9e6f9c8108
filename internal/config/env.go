package config

import (
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// placeholder starts every secret the deploy examples ship (compose.yaml,
// kubernetes/, the OTRS web service YAMLs' CHANGE-ME), in any case.
const placeholder = "change-me"

// testPrefix is left to the test suite (RS4OTRS_TEST_NO_DB and friends):
// a developer's shell may hold them when starting the proxy.
const testPrefix = Prefix + "_TEST_"

// Variables returns the name of every setting (RS4OTRS_LISTEN, …), read
// from Config's envconfig tags so that the list cannot fall behind.
func Variables() []string {
	var names []string
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		if tag := t.Field(i).Tag.Get("envconfig"); tag != "" {
			names = append(names, Prefix+"_"+tag)
		}
	}
	sort.Strings(names)
	return names
}

// decode fills a Config from lookup and the fields' defaults. Unlike
// envconfig.Process it reports every variable that does not parse, not
// the first, and it reads only prefixed names (envconfig also falls back
// to the bare tag, so a container's LOG_LEVEL or PREFIX would change the
// proxy). An empty variable counts as unset: compose files and Helm
// values often render an unset value as "".
func decode(lookup func(string) (string, bool)) (Config, []error) {
	var c Config
	var errs []error
	v := reflect.ValueOf(&c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("envconfig")
		if tag == "" {
			continue
		}
		name := Prefix + "_" + tag
		raw, ok := lookup(name)
		if !ok || raw == "" {
			raw, ok = f.Tag.Lookup("default")
			if !ok {
				continue
			}
		}
		if err := set(v.Field(i), raw); err != nil {
			errs = append(errs, fmt.Errorf("%s: %q is not %s", name, raw, err))
			// Validate then sees the default, not a zero that would
			// be reported a second time as out of range.
			if def, ok := f.Tag.Lookup("default"); ok {
				set(v.Field(i), def)
			}
		}
	}
	return c, errs
}

// set parses raw into the field; its error completes `"raw" is not …`,
// the wording of Validate's range errors.
func set(field reflect.Value, raw string) error {
	switch field.Interface().(type) {
	case time.Duration:
		d, err := time.ParseDuration(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("a duration such as 30s, 5m or 1h")
		}
		field.SetInt(int64(d))
	case int:
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("a whole number")
		}
		field.SetInt(int64(n))
	case bool:
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return fmt.Errorf("true or false")
		}
		field.SetBool(b)
	case string:
		field.SetString(raw)
	case []string:
		var list []string
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				list = append(list, s)
			}
		}
		field.Set(reflect.ValueOf(list))
	case map[string]string:
		m := map[string]string{}
		for _, pair := range strings.Split(raw, ",") {
			k, val, ok := strings.Cut(pair, ":")
			if !ok {
				return fmt.Errorf("a list such as name:value,name2:value2")
			}
			m[k] = val
		}
		field.Set(reflect.ValueOf(m))
	default:
		// A field of a new type needs a case here; the tests decode
		// every field.
		return fmt.Errorf("readable: config cannot decode %s", field.Type())
	}
	return nil
}

// unknownVariables names every RS4OTRS_* variable of environ that is no
// setting, with the closest known name: RS4OTRS_OTRS_ULR must stop the
// start, not silently leave the OTRS URL unset.
func unknownVariables(environ []string) []error {
	known := Variables()
	var errs []error
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, Prefix+"_") || strings.HasPrefix(name, testPrefix) {
			continue
		}
		if i := sort.SearchStrings(known, name); i < len(known) && known[i] == name {
			continue
		}
		msg := fmt.Sprintf("%s: unknown setting", name)
		if s := closest(name, known); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		errs = append(errs, fmt.Errorf("%s (README.md, Configuration, lists them all)", msg))
	}
	return errs
}

// closest returns the known name nearest to name by edit distance, or ""
// when even that one is too far to be a typo of it.
func closest(name string, known []string) string {
	best, bestD := "", 0
	for _, k := range known {
		if d := editDistance(name, k); best == "" || d < bestD {
			best, bestD = k, d
		}
	}
	// Past a third of the name's own part it is a different word.
	if bestD > max(2, (len(name)-len(Prefix)-1)/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b (ASCII names).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Placeholders names the settings that still hold a placeholder secret of
// the deploy examples (change-me…, CHANGE-ME), passwords inside the
// database and Redis URLs included.
func (c *Config) Placeholders() []string {
	var names []string
	is := func(s string) bool { return strings.Contains(strings.ToLower(s), placeholder) }
	for name, v := range map[string]string{
		"PUSH_SECRET": c.PushSecret, "CHALLENGE_SECRET": c.ChallengeSecret,
		"PUSH_OTRS_PASSWORD": c.PushOTRSPassword,
		"DB_DSN":             urlPassword(c.DBDSN), "REDIS_URL": urlPassword(c.RedisURL),
	} {
		if is(v) {
			names = append(names, Prefix+"_"+name)
		}
	}
	sort.Strings(names)
	return names
}

// urlPassword returns the password of a DSN such as
// postgres://user:pw@host/db or mysql://user:pw@tcp(host:3306)/db (which
// net/url does not parse), "" when it has none.
func urlPassword(dsn string) string {
	_, rest, ok := strings.Cut(dsn, "://")
	i := strings.LastIndex(rest, "@")
	if !ok || i < 0 {
		return ""
	}
	_, pw, _ := strings.Cut(rest[:i], ":")
	if p, err := url.PathUnescape(pw); err == nil {
		return p
	}
	return pw
}

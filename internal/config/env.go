package config

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/kelseyhightower/envconfig"
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

// decode fills a Config with envconfig, one field at a time, so that
//
//   - every variable that does not parse is reported, not the first
//     (envconfig.Process stops at one), in the words of Validate's range
//     errors: RS4OTRS_RETRIES: "many" is not a whole number;
//   - only the prefixed name is read: envconfig.Process(Prefix, &c) falls
//     back to the bare tag (LISTEN, LOG_LEVEL, PREFIX) when the prefixed
//     variable is unset, so a container's LOG_LEVEL would change the
//     proxy. Each field is decoded through a one-field struct whose tag is
//     the full name, with no prefix: envconfig's key and fallback are
//     then the same name.
//
// lookup says which variables are set; envconfig itself reads the
// environment, so lookup is os.LookupEnv or one that sets nothing (the
// defaults alone). An empty variable counts as unset: compose files and
// Helm values often render an unset value as "".
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
		if raw, ok := lookup(name); ok && raw != "" {
			if err := decodeField(f, name, v.Field(i)); err != nil {
				errs = append(errs, err)
			} else {
				continue
			}
		}
		// Unset, empty, or unparsable: the default (Validate then sees
		// the default, not a zero that would be reported a second time
		// as out of range).
		if err := decodeField(f, defaultOnly(name), v.Field(i)); err != nil {
			errs = append(errs, fmt.Errorf("%s: the default does not parse: %v", name, err))
		}
	}
	return c, errs
}

// defaultOnly turns a variable's name into one that no environment can
// hold (a name never contains "="), so that envconfig takes the default.
func defaultOnly(name string) string { return name + "=" }

// decodeField decodes the variable key into field with envconfig, through
// a struct holding f alone, tagged envconfig:"key" plus f's other
// envconfig tags. A *envconfig.ParseError becomes the range errors'
// wording, naming the variable (key without defaultOnly's "=").
func decodeField(f reflect.StructField, key string, field reflect.Value) error {
	tag := fmt.Sprintf("envconfig:%q", key)
	for _, k := range []string{"default", "required", "split_words", "desc"} {
		if val, ok := f.Tag.Lookup(k); ok {
			tag += fmt.Sprintf(" %s:%q", k, val)
		}
	}
	one := reflect.New(reflect.StructOf([]reflect.StructField{{
		Name: f.Name, Type: f.Type, Tag: reflect.StructTag(tag),
	}}))
	err := envconfig.Process("", one.Interface())
	if pe, ok := errors.AsType[*envconfig.ParseError](err); ok {
		name := strings.TrimSuffix(key, "=")
		return fmt.Errorf("%s: %q is not %s", name, pe.Value, expected(f.Type))
	} else if err != nil {
		return fmt.Errorf("%s_%s: %v", Prefix, f.Tag.Get("envconfig"), err)
	}
	got := one.Elem().Field(0)
	if list, ok := got.Interface().([]string); ok {
		got = reflect.ValueOf(trimList(list))
	}
	field.Set(got)
	return nil
}

// trimList drops the spaces around a list's items and the empty ones
// ("a, b," is a and b), which envconfig keeps.
func trimList(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// expected completes `"raw" is not …` for a field of type t.
func expected(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return "a duration such as 30s, 5m or 1h"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() == reflect.Int:
		return "a whole number"
	case t.Kind() == reflect.Map:
		return "a list such as name:value,name2:value2"
	default:
		return "a " + t.String()
	}
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

package advisor

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
)

// dataVersion is the only version of the data files this code reads.
const dataVersion = 1

// checker collects the problems of one data file, each naming the file and
// the entry, so that a broken file is reported in full at start-up.
type checker struct {
	file   string
	source string
	errs   []error
	seen   map[string]map[string]bool
}

func (c *checker) addf(section, key, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s: %s %q: %s", c.file, section, key, fmt.Sprintf(format, args...)))
}

func (c *checker) version(v int) {
	if v != dataVersion {
		c.errs = append(c.errs, fmt.Errorf("%s: version %d; this build reads version %d", c.file, v, dataVersion))
	}
}

// cite checks that quote is non-empty and appears in the source text.
func (c *checker) cite(section, key, quote string) {
	switch {
	case strings.TrimSpace(quote) == "":
		c.addf(section, key, "has no source citation")
	case !framework.Cites(c.source, quote):
		c.addf(section, key, "cites %q, which is not in the source text", quote)
	}
}

// text checks that a required text field is set.
func (c *checker) text(section, key, field, value string) {
	if strings.TrimSpace(value) == "" {
		c.addf(section, key, "has no %s", field)
	}
}

func (c *checker) unique(section, key string) {
	if key == "" {
		c.errs = append(c.errs, fmt.Errorf("%s: %s: an entry has no key", c.file, section))
		return
	}
	if c.seen == nil {
		c.seen = map[string]map[string]bool{}
	}
	if c.seen[section] == nil {
		c.seen[section] = map[string]bool{}
	}
	if c.seen[section][key] {
		c.addf(section, key, "duplicate key")
	}
	c.seen[section][key] = true
}

// once records r as the rule for a context, phase or need, and reports a
// second rule for the same one.
func (c *checker) once(kind, name, key string, into map[string]Rule, r Rule) {
	if prev, dup := into[name]; dup {
		c.addf("rule", key, "is a second rule for %s %q (the first is %q); want one per %s", kind, name, prev.Key, kind)
		return
	}
	into[name] = r
}

func (c *checker) err() error { return errors.Join(c.errs...) }

// invalid returns a fail.Invalid error whose message lists every problem, so
// that a page showing only the message still says what to fix.
func invalid(what string, bad map[string]string) error {
	keys := slices.Sorted(maps.Keys(bad))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + bad[k]
	}
	return &fail.Error{Code: fail.Invalid, Message: what + ": " + strings.Join(parts, "; "), Fields: bad}
}

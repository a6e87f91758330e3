package advisor_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/profile/profiletest"
)

// mustAdvisor returns the advisor built from the embedded data.
func mustAdvisor(tb testing.TB) *advisor.Advisor {
	tb.Helper()
	a, err := advisor.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// mustScorer returns the scorer of the default instrument, loaded the way the
// binary loads it.
func mustScorer(tb testing.TB) *profile.Scorer {
	tb.Helper()
	c, err := catalog.Load()
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := c.Scorer(instrument.Default)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// level gives the keyed rating (1-5) a constructed respondent gives the items
// of one scale and facet.
type level = profiletest.Level

// flat rates every item of management at m and of leadership at l.
func flat(m, l int) level {
	return func(scale, _ string) int {
		if scale == framework.Management {
			return m
		}
		return l
	}
}

// mustProfile scores constructed answers through the real scorer: capability
// items at the keyed level (reverse-keyed items rated the other way round),
// tendency pairs answered with the pole given, and scenarios rated as the key
// rates them.
func mustProfile(tb testing.TB, sc *profile.Scorer, lv level, tendency string) *profile.Profile {
	tb.Helper()
	a := profiletest.Answers(sc, lv, tendency)
	r, err := sc.Encode(a)
	if err != nil {
		tb.Fatal(err)
	}
	p := sc.Score(r)
	return &p
}

// dataFS returns the embedded data files as a writable map, with the given
// files replaced.
func dataFS(tb testing.TB, replace map[string]string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	for _, name := range []string{advisor.AdvisorFile, advisor.RolesFile, advisor.PlanFile, advisor.JournalFile, advisor.QuizFile, advisor.FAQFile} {
		b, err := fs.ReadFile(embedded, name)
		if err != nil {
			tb.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: b}
	}
	for name, data := range replace {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

// mustReplace returns s with old replaced by new exactly once.
func mustReplace(tb testing.TB, s, old, new string) string {
	tb.Helper()
	if strings.Count(s, old) != 1 {
		tb.Fatalf("want exactly one %q in the data file, got %d", old, strings.Count(s, old))
	}
	return strings.Replace(s, old, new, 1)
}

package teams_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/teams"
)

var loadFramework = sync.OnceValues(framework.Default)

func mustFramework(tb testing.TB) *framework.Framework {
	tb.Helper()
	fw, err := loadFramework()
	if err != nil {
		tb.Fatal(err)
	}
	return fw
}

// dims are the framework's facets, which every test organisation uses.
func dims(tb testing.TB) []string {
	tb.Helper()
	return mustFramework(tb).DimensionKeys()
}

// scores returns scores with every management facet at m and every
// leadership facet at l, and a quadrant to match with a cut at 60.
func scores(m, l float64) *teams.Scores {
	s := &teams.Scores{Scales: [2]float64{m, l}}
	for si, v := range []float64{m, l} {
		for range 6 {
			s.Facets[si] = append(s.Facets[si], v)
		}
	}
	switch {
	case m >= 60 && l >= 60:
		s.Quadrant = profile.Balanced
	case m >= 60:
		s.Quadrant = profile.ManagerLeaning
	case l >= 60:
		s.Quadrant = profile.LeaderLeaning
	default:
		s.Quadrant = profile.Emerging
	}
	return s
}

// people returns n assessed people named prefix1..prefixn, all at (m, l).
func people(prefix string, n int, m, l float64) []teams.Person {
	var ps []teams.Person
	for i := 1; i <= n; i++ {
		ps = append(ps, teams.Person{ID: fmt.Sprintf("%s%d", prefix, i), Scores: scores(m, l)})
	}
	return ps
}

func ids(ps []teams.Person) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func mustPlan(tb testing.TB, org *teams.Org, family []teams.Slice, threshold int) *teams.Dashboard {
	tb.Helper()
	d, err := teams.Plan(org, family, threshold)
	if err != nil {
		tb.Fatalf("Plan: %v", err)
	}
	return d
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func mustAggregate(tb testing.TB, d *teams.Dashboard, key string) teams.Aggregate {
	tb.Helper()
	a, ok := d.Aggregate(key)
	if !ok {
		tb.Fatalf("slice %s was not planned", key)
	}
	return a
}

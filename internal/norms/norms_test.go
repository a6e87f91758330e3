package norms

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
)

// fakeStore is a store.Norms of fixed groups and answers.
type fakeStore struct {
	org, all *store.NormGroup
	answers  []string
}

func (f *fakeStore) OrgNormGroup(context.Context, string, string) (*store.NormGroup, error) {
	return f.org, nil
}

func (f *fakeStore) AllNormGroup(context.Context, string) (*store.NormGroup, error) {
	return f.all, nil
}

func (f *fakeStore) EachAnswers(_ context.Context, _, _ string, fn func(json.RawMessage) error) error {
	for _, a := range f.answers {
		if err := fn(json.RawMessage(a)); err != nil {
			return err
		}
	}
	return nil
}

// group is a norm group of the scores on "management", one person each,
// as a store returns it: distinct scores, ascending, with their counts.
func group(scores ...float64) *store.NormGroup {
	g := &store.NormGroup{N: int64(len(scores)), Scores: map[string][]store.ScoreCount{}}
	for _, s := range slices.Sorted(slices.Values(scores)) {
		c := g.Scores["management"]
		if k := len(c); k > 0 && c[k-1].Score == s {
			c[k-1].Count++
			continue
		}
		g.Scores["management"] = append(c, store.ScoreCount{Score: s, Count: 1})
	}
	return g
}

func TestGroupsNeedThirty(t *testing.T) {
	var scores []float64
	for i := range 29 {
		scores = append(scores, float64(i))
	}
	small := NewGroup(group(scores...))
	if small.Ready() || small.Needed() != 1 {
		t.Errorf("29: ready %v, needed %d; want not ready, 1 needed", small.Ready(), small.Needed())
	}
	if _, ok := small.Percentile("management", 10); ok {
		t.Error("29: a percentile")
	}
	if _, ok := small.Summarise("management"); ok {
		t.Error("29: a distribution")
	}
	big := NewGroup(group(append(scores, 10)...)) // 0..28 and a second 10
	if !big.Ready() || big.Needed() != 0 {
		t.Errorf("30: ready %v, needed %d", big.Ready(), big.Needed())
	}
	sorted := slices.Sorted(slices.Values(append(scores, 10)))
	if got, ok := big.Percentile("management", 10); !ok || got != psychometrics.Percentile(sorted, 10) {
		t.Errorf("30: percentile of 10 = %v, %v; want %v", got, ok, psychometrics.Percentile(sorted, 10))
	}
	s, ok := big.Summarise("management")
	if !ok || s.N != 30 || len(s.Scores) != 29 {
		t.Fatalf("30: summary %+v, %v", s, ok)
	}
	var sum, ss float64
	for _, v := range sorted {
		sum += v
	}
	mean := sum / 30
	for _, v := range sorted {
		ss += (v - mean) * (v - mean)
	}
	if math.Abs(s.Mean-mean) > 1e-12 || math.Abs(s.SD-math.Sqrt(ss/29)) > 1e-12 {
		t.Errorf("mean %v sd %v, want %v %v", s.Mean, s.SD, mean, math.Sqrt(ss/29))
	}
	for _, r := range s.Scores {
		if r.Score == 10 && (r.Count != 2 || r.Percentile != psychometrics.Percentile(sorted, 10)) {
			t.Errorf("the rank of 10: %+v", r)
		}
	}
}

func TestStatisticsRefusesUnreadableAnswers(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`{`, `{"answers":{"m.focus.1": 9}}`, `{"answers":{"m.focus.1": "a"}}`,
		"d1:1", "d1:" + strings.Repeat("9", sc.Slots())} {
		_, err := Statistics(context.Background(), &fakeStore{answers: []string{bad}}, "org", sc)
		if fail.Code(err) != fail.Internal || !strings.Contains(fail.Message(err), "stored answers") {
			t.Errorf("answers %s: error %v, want an internal error about the stored answers", bad, err)
		}
	}
	// Items of other sections, and unknown ones, are not capability items.
	rep, err := Statistics(context.Background(), &fakeStore{answers: []string{`{"answers":{"t.1":"a","x":1}}`}}, "org", sc)
	if err != nil || rep.N != 1 {
		t.Errorf("non-capability answers: %v, %v", rep, err)
	}
}

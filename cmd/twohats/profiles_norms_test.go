package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

// TestProfileShowNorms: `profile show` places the profile among the local
// organisation's people once there are 30 of them, with exactly the
// percentiles psychometrics.Percentile gives, and until then says how many
// more are needed; the JSON keeps every profile field and adds "norms".
func TestProfileShowNorms(t *testing.T) {
	c := newCLI(t)
	path, _ := answersFile(t, 11)
	c.must("assess", "--answers", path, "--format", "json")
	var list []struct{ ID string }
	if err := json.Unmarshal([]byte(c.must("profile", "list", "--format", "json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("profile list: %v", err)
	}
	id := list[0].ID

	ctx := context.Background()
	st, err := sqlite.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	local, err := st.EnsureLocal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var group []profile.Profile
	addPeople := func(n int) {
		for range n {
			person, err := st.EnsurePerson(ctx, local.OrgID, fmt.Sprintf("p%d@example.com", len(group)), "P")
			if err != nil {
				t.Fatal(err)
			}
			_, p, _, err := assess.Submit(ctx, st, sc, local.OrgID, person.ID, sc.Simulate(rng, profile.RandomTraits(rng)), "")
			if err != nil {
				t.Fatal(err)
			}
			group = append(group, p)
		}
	}

	type standing struct {
		N      int64
		Scales map[string]float64
		Facets map[string]float64
	}
	type shown struct {
		profile.Document
		Norms *struct {
			Organisation *standing
			All          *standing
		}
	}
	show := func() (shown, string) {
		t.Helper()
		var doc shown
		if err := json.Unmarshal([]byte(c.must("profile", "show", id, "--format", "json")), &doc); err != nil {
			t.Fatal(err)
		}
		return doc, c.must("profile", "show", id)
	}

	addPeople(28) // with the local person, 29
	doc, text := show()
	if doc.Norms == nil || doc.Norms.Organisation != nil || doc.Norms.All != nil {
		t.Fatalf("29 people: norms %+v, want both groups null", doc.Norms)
	}
	if doc.Instrument != "core@1" || len(doc.Facets["management"]) != 6 {
		t.Errorf("the profile's fields changed: %+v", doc.Document)
	}
	if !strings.Contains(text, "In your organisation: 29 so far; percentiles appear at 30, 1 more needed.") {
		t.Errorf("29 people: the text does not say 1 more is needed:\n%s", text)
	}

	addPeople(1)
	doc, text = show()
	org := doc.Norms.Organisation
	if org == nil || org.N != 30 || doc.Norms.All == nil || doc.Norms.All.N != 30 {
		t.Fatalf("30 people: norms %+v, want both groups of 30", doc.Norms)
	}
	a, err := st.Assessment(ctx, local.OrgID, id)
	if err != nil {
		t.Fatal(err)
	}
	self, err := assess.Rescore(sc, a)
	if err != nil {
		t.Fatal(err)
	}
	all := append(slices.Clone(group), self)
	for si, scale := range profile.ScaleKeys {
		var scores []float64
		for _, p := range all {
			scores = append(scores, p.Scales[si])
		}
		slices.Sort(scores)
		if want := psychometrics.Percentile(scores, self.Scales[si]); org.Scales[scale] != want {
			t.Errorf("%s: percentile %v, want %v", scale, org.Scales[scale], want)
		}
		for fi, dim := range self.Dimensions {
			var fs []float64
			for _, p := range all {
				fs = append(fs, p.Facets[si][fi])
			}
			slices.Sort(fs)
			if want := psychometrics.Percentile(fs, self.Facets[si][fi]); org.Facets[scale+"."+dim] != want {
				t.Errorf("%s.%s: percentile %v, want %v", scale, dim, org.Facets[scale+"."+dim], want)
			}
		}
	}
	if !strings.Contains(text, "In your organisation (n=30)") || !strings.Contains(text, "Among all twohats users (n=30)") ||
		!strings.Contains(text, "your organisation  all twohats users") || strings.Contains(text, "more needed") {
		t.Errorf("30 people: the text lacks the percentile columns:\n%s", text)
	}

	// A retake replaces a person's score in the organisation's group, but
	// adds to everyone's.
	addRetake(t, st, sc, local, rng)
	doc, _ = show()
	if doc.Norms.Organisation.N != 30 || doc.Norms.All.N != 31 {
		t.Errorf("after a retake: organisation n %d, all n %d; want 30 and 31", doc.Norms.Organisation.N, doc.Norms.All.N)
	}
}

// addRetake stores a second assessment of the local person.
func addRetake(t *testing.T, st store.Store, sc *profile.Scorer, local store.Local, rng *rand.Rand) {
	t.Helper()
	if _, _, _, err := assess.Submit(context.Background(), st, sc, local.OrgID, local.PersonID, sc.Simulate(rng, profile.RandomTraits(rng)), ""); err != nil {
		t.Fatal(err)
	}
}

package storetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pressly/goose/v3"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/migrations"
)

// MigrateScaleBackfills is the contract of migration 00007 (organisations
// at scale) on a database an adapter supplies: db holds an empty schema,
// dialect is goose's name for it, and open opens the adapter's store on the
// same database, which applies the migrations not yet applied. Rows in the
// shape of version 6 (profile JSON, facets one row each) come out of the
// migration with their facets in the assessment row and each person's
// latest scores backfilled; a bad stored facets value then gives an error
// saying what is wrong.
func MigrateScaleBackfills(t *testing.T, db *sql.DB, dialect goose.Dialect, open func(t *testing.T) store.Store) {
	t.Helper()
	ctx := context.Background()
	// The provider is not closed: its Close closes db, which the caller owns.
	p, err := goose.NewProvider(dialect, db, migrations.FS, migrations.Options(dialect)...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 6); err != nil {
		t.Fatalf("migrate up to 6: %v", err)
	}
	const (
		org  = "0190c8f0-0000-7000-8000-00000000000a"
		ann  = "0190c8f0-0000-7000-8000-0000000000a1"
		bob  = "0190c8f0-0000-7000-8000-0000000000b1"
		cat  = "0190c8f0-0000-7000-8000-0000000000c1"
		a1   = "0190c8f0-0000-7000-8000-000000000001" // Ann's older
		a2   = "0190c8f0-0000-7000-8000-000000000002" // Ann's latest
		b1   = "0190c8f0-0000-7000-8000-000000000003" // Bob's, tied in time with b2
		b2   = "0190c8f0-0000-7000-8000-000000000004" // Bob's latest: the larger id
		none = "0190c8f0-0000-7000-8000-000000000005" // Cat's, without facets
		day1 = "2024-03-01T09:00:00.000000000Z"
		day2 = "2024-03-02T09:00:00.000000000Z"
	)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO organizations (id, slug, name, created_at) VALUES ($1, 'old', 'Old', $2)`, org, day1)
	for _, p := range []string{ann, bob, cat} {
		exec(`INSERT INTO people (org_id, id, email, name, created_at) VALUES ($1, $2, $3, $3, $4)`, org, p, p+"@example.com", day1)
	}
	type facet struct {
		scale, facet string
		score        float64
	}
	rows := []struct {
		id, person, created string
		m                   float64
		facets              []facet
	}{
		{a1, ann, day1, 10, []facet{{"management", "planning", 10}, {"leadership", "vision", 20}}},
		{a2, ann, day2, 62.5, []facet{{"management", "planning", 62.5}, {"leadership", "vision", 0.1}, {"leadership", "courage", -0.5}, {"management", "control", 100}}},
		{b1, bob, day1, 30, []facet{{"management", "planning", 30}}},
		{b2, bob, day1, 40, []facet{{"management", "planning", 40}}},
		{none, cat, day1, 50, nil},
	}
	for _, r := range rows {
		exec(`INSERT INTO assessments (org_id, id, person_id, instrument, answers, profile, management, leadership, tendency, judgement_accuracy, quadrant, created_at)
			VALUES ($1, $2, $3, 'core@1', '{"q1":4}', '{"old":"profile"}', $4, 20, 0.5, 75, 'leader', $5)`, org, r.id, r.person, r.m, r.created)
		for _, f := range r.facets {
			exec(`INSERT INTO assessment_facets (org_id, assessment_id, scale, facet, score) VALUES ($1, $2, $3, $4, $5)`, org, r.id, f.scale, f.facet, f.score)
		}
	}

	s := open(t) // applies 00007
	defer s.Close()
	got, err := s.Assessment(ctx, org, a2)
	if err != nil {
		t.Fatal(err)
	}
	wantFacets := []store.FacetScore{
		{Scale: "leadership", Facet: "courage", Score: -0.5}, {Scale: "leadership", Facet: "vision", Score: 0.1},
		{Scale: "management", Facet: "control", Score: 100}, {Scale: "management", Facet: "planning", Score: 62.5},
	}
	if diff := cmp.Diff(wantFacets, got.Facets); diff != "" {
		t.Errorf("migrated facets of %s (-want +got):\n%s", a2, diff)
	}
	if string(got.Answers) != `{"q1":4}` {
		t.Errorf("migrated answers = %s", got.Answers)
	}
	if g, _ := s.Assessment(ctx, org, none); g == nil || len(g.Facets) != 0 {
		t.Errorf("an assessment without facets migrated to %+v", g)
	}
	latest, err := s.LatestScores(ctx, org)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.LatestScores{
		{PersonID: ann, AssessmentID: a2, Management: 62.5, Leadership: 20, Quadrant: "leader", Facets: wantFacets},
		{PersonID: bob, AssessmentID: b2, Management: 40, Leadership: 20, Quadrant: "leader", Facets: []store.FacetScore{{Scale: "management", Facet: "planning", Score: 40}}},
		{PersonID: cat, AssessmentID: none, Management: 50, Leadership: 20, Quadrant: "leader"},
	}
	if diff := cmp.Diff(want, latest, opts); diff != "" {
		t.Errorf("backfilled latest scores (-want +got):\n%s", diff)
	}
	var stored string
	if err := db.QueryRowContext(ctx, `SELECT facets FROM assessments WHERE id = $1`, a2).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if want := "leadership:courage=-0.5,vision=0.1;management:control=100.0,planning=62.5"; stored != want {
		t.Errorf("stored facets = %q, want the canonical %q", stored, want)
	}

	// A bad stored value is an error naming the assessment and the fault.
	exec(`UPDATE assessments SET facets = 'management:planning=sixty' WHERE id = $1`, a1)
	_, err = s.Assessment(ctx, org, a1)
	if err == nil || !strings.Contains(err.Error(), a1) || !strings.Contains(err.Error(), "not a whole number of tenths") {
		t.Errorf("reading a bad stored facets value: %v, want an error naming %s and the bad score", err, a1)
	}
	exec(`UPDATE latest_scores SET facets = 'management:planning=1.0;' WHERE person_id = $1`, bob)
	_, err = s.LatestScores(ctx, org)
	if err == nil || !strings.Contains(err.Error(), bob) || !strings.Contains(err.Error(), "';' at the end") {
		t.Errorf("reading bad stored latest facets: %v, want an error naming %s and the stray ';'", err, bob)
	}
}

package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/storetest"
)

// BenchmarkLatestScores100k times the dashboards' read of an organisation
// of 100,000 assessed people, each with twelve facet scores.
func BenchmarkLatestScores100k(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	l := storetest.MustEnsureLocal(b, db)
	const n = 100000
	people := make([]store.Person, n)
	for i := range people {
		people[i] = store.Person{ID: fmt.Sprintf("p%07d", i), Email: fmt.Sprintf("p%07d@example.com", i), Name: "P"}
	}
	if err := db.ImportPeople(ctx, l.OrgID, people); err != nil {
		b.Fatal(err)
	}
	list := make([]store.Assessment, n)
	for i, p := range people {
		a := storetest.NewAssessment(store.Local{OrgID: l.OrgID, PersonID: p.ID}, "core@1")
		a.Facets = nil
		for s, scale := range []string{"management", "leadership"} {
			for f := range 6 {
				a.Facets = append(a.Facets, store.FacetScore{Scale: scale, Facet: fmt.Sprintf("facet%d", f), Score: float64((i+s*7+f*13)%1001) / 10})
			}
		}
		a.CreatedAt = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
		list[i] = *a
	}
	if err := db.ImportAssessments(ctx, list); err != nil {
		b.Fatal(err)
	}
	if _, err := db.pool.ExecContext(ctx, "ANALYZE latest_scores"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		got, err := db.LatestScores(ctx, l.OrgID)
		if err != nil || len(got) != n+0 || len(got[0].Facets) != 12 {
			b.Fatalf("LatestScores: %d rows, %v", len(got), err)
		}
	}
}

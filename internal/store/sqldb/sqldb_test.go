package sqldb

import (
	"fmt"
	"slices"
	"testing"

	"github.com/twohats/twohats/internal/store/queries"
)

// The store itself is tested through its adapters, sqlite and postgres,
// which run the contract suite on real databases.

func TestEveryQueryIsUsed(t *testing.T) {
	set, err := queries.Load(queries.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	unused, err := queries.Unused(set, &writeStmts{}, &readStmts{}, &campaignWriteStmts{}, &campaignReadStmts{}, &growthWriteStmts{}, &growthReadStmts{}, &normsReadStmts{}, &teamsWriteStmts{}, &teamsReadStmts{}, &storyWriteStmts{}, &storyReadStmts{}, &pgStmts{})
	if err != nil {
		t.Fatalf("Unused: %v", err)
	}
	// The COPY import runs these through pgx, as text.
	unused = slices.DeleteFunc(unused, func(n string) bool { return slices.Contains(pgText, n) })
	if len(unused) != 0 {
		t.Errorf("queries no statement uses: %v", unused)
	}
}

func TestStoredRows(t *testing.T) {
	const b = importBatch
	tests := []struct {
		stored []bool
		n      int
		want   string
	}{
		{[]bool{false, false}, b + b/2, "no assessment of this import is stored"},
		{[]bool{true, false}, b + b/2, fmt.Sprintf("of this import, assessments 0 to %d are stored; no others are", b-1)},
		{[]bool{true, false, true}, 2*b + b/2, fmt.Sprintf("of this import, assessments 0 to %d and %d to %d are stored; no others are", b-1, 2*b, 2*b+b/2-1)},
		{[]bool{true, true, false, true}, 4 * b, fmt.Sprintf("of this import, assessments 0 to %d and %d to %d are stored; no others are", 2*b-1, 3*b, 4*b-1)},
	}
	for _, tt := range tests {
		if got := storedRows(tt.stored, tt.n); got != tt.want {
			t.Errorf("storedRows(%v, %d) = %q, want %q", tt.stored, tt.n, got, tt.want)
		}
	}
}

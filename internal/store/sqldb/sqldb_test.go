package sqldb

import (
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
	unused, err := queries.Unused(set, &writeStmts{}, &readStmts{}, &campaignWriteStmts{}, &campaignReadStmts{}, &growthWriteStmts{}, &growthReadStmts{}, &normsReadStmts{}, &teamsWriteStmts{}, &teamsReadStmts{}, &storyWriteStmts{}, &storyReadStmts{})
	if err != nil {
		t.Fatalf("Unused: %v", err)
	}
	// The COPY import runs this one through pgx, as text.
	unused = slices.DeleteFunc(unused, func(n string) bool { return n == upsertLatestUnnest })
	if len(unused) != 0 {
		t.Errorf("queries no statement uses: %v", unused)
	}
}

func TestStoredRows(t *testing.T) {
	tests := []struct {
		stored []bool
		n      int
		want   string
	}{
		{[]bool{false, false}, 15000, "no assessment of this import is stored"},
		{[]bool{true, false}, 15000, "of this import, assessments 0 to 9999 are stored; no others are"},
		{[]bool{true, false, true}, 25000, "of this import, assessments 0 to 9999 and 20000 to 24999 are stored; no others are"},
		{[]bool{true, true, false, true}, 40000, "of this import, assessments 0 to 19999 and 30000 to 39999 are stored; no others are"},
	}
	for _, tt := range tests {
		if got := storedRows(tt.stored, tt.n); got != tt.want {
			t.Errorf("storedRows(%v, %d) = %q, want %q", tt.stored, tt.n, got, tt.want)
		}
	}
}

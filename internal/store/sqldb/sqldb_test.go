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

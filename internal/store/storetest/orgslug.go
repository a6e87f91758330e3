package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// orgSlugTests are the contract of Accounts.OrganizationBySlug.
var orgSlugTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"OrganizationBySlug", testOrganizationBySlug},
	{"OrganizationBySlugNotFound", testOrganizationBySlugNotFound},
}

func testOrganizationBySlug(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "olive@example.com", "Olive Owner")
	acme, _ := MustCreateOrganization(t, s, "acme", owner)
	other, _ := MustCreateOrganization(t, s, "acme-two", owner)
	local := MustEnsureLocal(t, s)

	for _, tt := range []struct {
		slug string
		want *store.Organization
	}{
		{"acme", acme},
		{"acme-two", other},
		// Slugs are stored lowercase, so a lookup is forgiving of case
		// and of the spaces a pasted slug brings.
		{" ACME ", acme},
	} {
		got, err := s.OrganizationBySlug(ctx, tt.slug)
		if err != nil {
			t.Fatalf("OrganizationBySlug(%q): %v", tt.slug, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("OrganizationBySlug(%q) (-want +got):\n%s", tt.slug, diff)
		}
	}

	got, err := s.OrganizationBySlug(ctx, store.LocalOrgSlug)
	if err != nil {
		t.Fatalf("OrganizationBySlug(%q): %v", store.LocalOrgSlug, err)
	}
	if got.ID != local.OrgID || got.Name != store.LocalOrgName {
		t.Errorf("OrganizationBySlug(%q) = %+v, want the local organisation %q", store.LocalOrgSlug, got, local.OrgID)
	}
}

func testOrganizationBySlugNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	owner := MustCreateUser(t, s, "olive@example.com", "Olive Owner")
	MustCreateOrganization(t, s, "acme", owner)

	_, err := s.OrganizationBySlug(ctx, "no-such-org")
	wantCode(t, err, fail.NotFound)
	if !strings.Contains(err.Error(), "no-such-org") {
		t.Errorf("error %q does not name the slug", err)
	}
	// A prefix is not a match.
	_, err = s.OrganizationBySlug(ctx, "acm")
	wantCode(t, err, fail.NotFound)
	_, err = s.OrganizationBySlug(ctx, "  ")
	wantCode(t, err, fail.Invalid)
}

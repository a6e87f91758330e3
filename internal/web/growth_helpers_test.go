package web

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/profile/profiletest"
	"github.com/twohats/twohats/internal/store"
)

// growthRoleMarker names organisation B's role in the tenant test: it must
// never reach organisation A.
const growthRoleMarker = "Role of bbb"

// visionRoleJSON is a leadership-heavy role: a startup's launch in
// disruptive innovation, with change as the need.
const visionRoleJSON = `{"name":"Founding product lead","contexts":["startup","disruptive-innovation"],"phases":{"launch":0.7,"execution":0.3},"need":"change"}`

// opsRoleJSON is a compliance-heavy operations role.
const opsRoleJSON = `{"name":"Head of plant quality","contexts":["compliance-critical","mature"],"phases":{"execution":0.8,"crisis":0.2},"need":"quality-control"}`

// level gives the keyed rating (1-5) a constructed respondent gives the
// items of one scale and facet.
type level = profiletest.Level

// Constructed respondents: strong sides rated 4s and 5s, weak ones 2s and
// 3s, varying by facet so that no facet is a copy of another.
var (
	strongManager level = func(scale, facet string) int {
		if scale == framework.Management {
			return 4 + len(facet)%2
		}
		return 2 + len(facet)%3/2
	}
	strongLeader level = func(scale, facet string) int { return strongManager(framework.Other(scale), facet) }
)

// constructedAnswers answers every item the way a respondent at lv would:
// capability items at the keyed level (reverse-keyed ones the other way
// round), tendency pairs toward the pole, scenarios as the key rates them.
func constructedAnswers(tb testing.TB, sc *profile.Scorer, lv level, tendency string) profile.Answers {
	tb.Helper()
	return profiletest.Answers(sc, lv, tendency)
}

// mustScoredAssessment scores constructed answers with the real scorer and
// stores them as the person's assessment; it returns the assessment's id
// and the profile.
func mustScoredAssessment(tb testing.TB, st store.Store, cat *catalog.Catalog, orgID, personID string, lv level, tendency string) (string, profile.Profile) {
	tb.Helper()
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		tb.Fatal(err)
	}
	r, err := sc.Encode(constructedAnswers(tb, sc, lv, tendency))
	if err != nil {
		tb.Fatal(err)
	}
	a, p, _, err := assess.Submit(context.Background(), st, sc, orgID, personID, r, "")
	if err != nil {
		tb.Fatal(err)
	}
	return a.ID, p
}

// mustGrowthObjects gives the subject a plan and the owner's organisation a
// role, for the tenant test to ask for; it returns their ids.
func (e *apiEnv) mustGrowthObjects(owner, subject *apiAccount) (planID, roleID string) {
	e.t.Helper()
	ctx := context.Background()
	g := e.srv.mustGrowth()
	plan, err := g.CreatePlan(ctx, subject.m.OrgID, subject.m.PersonID)
	if err != nil {
		e.t.Fatal(err)
	}
	r := &store.Role{OrgID: owner.m.OrgID, Name: growthRoleMarker, Definition: json.RawMessage(visionRoleJSON)}
	if err := e.st.CreateRole(ctx, r); err != nil {
		e.t.Fatal(err)
	}
	return plan.ID, r.ID
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
)

// mustSimulatedPeople adds n people to the organisation, each with one
// assessment of a simulated respondent drawn from seed, and returns their
// profiles. The capability items named in noise are answered at random, so
// that they measure nothing.
func mustSimulatedPeople(tb testing.TB, st store.Store, cat *catalog.Catalog, orgID, prefix string, n int, seed uint64, noise ...string) []profile.Profile {
	tb.Helper()
	ctx := context.Background()
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 99))
	var out []profile.Profile
	for i := range n {
		person, err := st.EnsurePerson(ctx, orgID, fmt.Sprintf("%s-%d@example.com", prefix, i), fmt.Sprintf("%s %d", prefix, i))
		if err != nil {
			tb.Fatal(err)
		}
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		if len(noise) > 0 {
			ans := sc.Decode(r)
			for _, id := range noise {
				ans.Answers[id] = json.RawMessage(fmt.Sprint(1 + rng.IntN(5)))
			}
			if r, err = sc.Encode(ans); err != nil {
				tb.Fatal(err)
			}
		}
		_, p, _, err := assess.Submit(ctx, st, sc, orgID, person.ID, r, "")
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// responsesCSV writes the capability answers of the organisation's stored
// assessments as the responses file `twohats psychometrics` reads.
func responsesCSV(t *testing.T, st store.Store, orgID string, sc *profile.Scorer) string {
	in := sc.Instrument()
	t.Helper()
	list, err := st.Assessments(context.Background(), orgID, store.AssessmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range in.Items {
		if it.Section == instrument.Capability {
			ids = append(ids, it.ID)
		}
	}
	var b strings.Builder
	b.WriteString(psychometrics.RespondentColumn + "," + strings.Join(ids, ",") + "\n")
	for _, a := range list {
		// The answers JSON, whichever form the store holds.
		stored, err := sc.ExpandStored(a.Answers)
		if err != nil {
			t.Fatal(err)
		}
		var ans profile.Answers
		if err := json.Unmarshal(stored, &ans); err != nil {
			t.Fatal(err)
		}
		b.WriteString(a.ID)
		for _, id := range ids {
			b.WriteString("," + string(ans.Answers[id]))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// analyseStored is what `twohats psychometrics` reports for the
// organisation's stored answers.
func analyseStored(t *testing.T, st store.Store, cat *catalog.Catalog, orgID string) *psychometrics.Report {
	t.Helper()
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := psychometrics.Analyse(context.Background(), strings.NewReader(responsesCSV(t, st, orgID, sc)), psychometrics.DesignFor(sc.Instrument()))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestInstrumentStatistics checks the admin page and the API of an
// instrument version's statistics: owners and admins get exactly what
// `twohats psychometrics` computes from their organisation's answers, and
// nothing of another organisation's; anyone else gets 404.
func TestInstrumentStatistics(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("aaa")
	b := e.mustOwner("bbb")
	admin := e.mustMember(a, "aadmin", store.RoleAdmin)
	member := e.mustMember(a, "amember", store.RoleMember)
	coach := e.mustMember(a, "acoach", store.RoleCoach)
	mustSimulatedPeople(t, e.st, e.cat, a.m.OrgID, "a", 40, 1, "m.focus.2", "l.focus.1")
	mustSimulatedPeople(t, e.st, e.cat, b.m.OrgID, "b", 12, 2)
	const path = "/api/v1/instruments/core@1/statistics"

	for _, acct := range []*apiAccount{a, admin} {
		res := e.do(apiReq{method: http.MethodGet, path: path, token: acct.token})
		res.wantStatus(t, http.StatusOK)
		want, err := json.Marshal(analyseStored(t, e.st, e.cat, a.m.OrgID))
		if err != nil {
			t.Fatal(err)
		}
		if !jsonEqual(t, want, res.body) {
			t.Errorf("%s: the statistics differ from psychometrics.Analyse of the same answers:\n got %s\nwant %s", acct.m.Role, res.body, want)
		}
	}
	// B's owner sees B's statistics only, computed from B's 12.
	res := e.do(apiReq{method: http.MethodGet, path: path, token: b.token})
	res.wantStatus(t, http.StatusOK)
	wantB, _ := json.Marshal(analyseStored(t, e.st, e.cat, b.m.OrgID))
	if !jsonEqual(t, wantB, res.body) {
		t.Errorf("B's statistics are not Analyse of B's answers alone:\n got %s\nwant %s", res.body, wantB)
	}
	var doc struct {
		Scales map[string]struct{ N int64 }
	}
	res.decode(t, &doc)
	if doc.Scales["management"].N != 12 {
		t.Errorf("B's statistics count %d assessments, want B's 12", doc.Scales["management"].N)
	}

	// Members and coaches see no statistics, and an unknown version is not
	// found either.
	for _, r := range []apiReq{
		{method: http.MethodGet, path: path, token: member.token},
		{method: http.MethodGet, path: path, token: coach.token},
		{method: http.MethodGet, path: "/api/v1/instruments/core@1/norms", token: member.token},
		{method: http.MethodGet, path: "/api/v1/instruments/core@9/statistics", token: a.token},
		{method: http.MethodGet, path: "/api/v1/instruments/core@9/norms", token: a.token},
	} {
		e.do(r).wantProblem(t, http.StatusNotFound, r.path)
	}
	e.do(apiReq{method: http.MethodGet, path: path}).wantProblem(t, http.StatusUnauthorized, path)

	// The page shows the same numbers.
	page := e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/admin/instruments/core@1"))
	if page.status != http.StatusOK {
		t.Fatalf("admin page: status %d", page.status)
	}
	want := analyseStored(t, e.st, e.cat, a.m.OrgID)
	body := string(page.body)
	if got := textOf(t, body, "stats-n"); got != "40" {
		t.Errorf("the page counts %q assessments, want 40", got)
	}
	rows := reliabilityRows(t, body)
	weak := 0
	for _, g := range want.Groups {
		wantRow := []string{f3(g.Alpha), f3(g.StdAlpha), f3(g.G6), f3(g.AverageR)}
		if got := rows["group-"+g.Name]; !slices.Equal(got, wantRow) {
			t.Errorf("%s: the page shows alpha, std alpha, G6, average r %v, want %v", g.Name, got, wantRow)
		}
		for _, it := range g.Items {
			if it.RDrop < weakRDrop {
				weak++
			}
		}
	}
	if weak < 2 { // each noisy item in its scale and its facet
		t.Errorf("only %d items have r.drop below %v; the noisy items should", weak, weakRDrop)
	}
	if got := strings.Count(body, `data-weak="true"`); got != weak {
		t.Errorf("the page flags %d items, want the %d with r.drop below %v", got, weak, weakRDrop)
	}
	if !strings.Contains(body, `id="group-management.focus"`) || !strings.Contains(body, "Alpha if deleted") {
		t.Errorf("the page lacks the item tables")
	}
	for _, acct := range []*apiAccount{member, coach} {
		for _, p := range []string{"/admin/instruments/core@1", "/admin/instruments"} {
			if res := e.send(acct.web, mustRequest(t, http.MethodGet, e.ts.URL+p)); res.status != http.StatusNotFound {
				t.Errorf("%s GET %s: status %d, want 404", acct.m.Role, p, res.status)
			}
		}
	}
	if res := e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/admin/instruments/core@9")); res.status != http.StatusNotFound {
		t.Errorf("an unknown version's page: status %d, want 404", res.status)
	}
	list := e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/admin/instruments"))
	if list.status != http.StatusOK || !strings.Contains(string(list.body), `href="/admin/instruments/core@1"`) {
		t.Errorf("the list of versions: status %d, no link to core@1", list.status)
	}
}

// TestInstrumentStatisticsWithoutAnswers: an organisation with no or one
// assessment gets a page that says so, and statistics of n 0 with nulls.
func TestInstrumentStatisticsWithoutAnswers(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("aaa")
	page := e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/admin/instruments/core@1"))
	if page.status != http.StatusOK || !strings.Contains(string(page.body), `id="no-statistics"`) {
		t.Errorf("an organisation without assessments: status %d, no explanation", page.status)
	}
	res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/instruments/core@1/statistics", token: a.token})
	res.wantStatus(t, http.StatusOK)
	var doc struct {
		Scales map[string]struct {
			N     int64
			Alpha *float64
		}
	}
	res.decode(t, &doc)
	if m := doc.Scales["management"]; m.N != 0 || m.Alpha != nil {
		t.Errorf("no answers: management %+v, want n 0 and alpha null", m)
	}
}

// TestNormsNeedThirtyPeople seeds 29 people: no percentiles, and the
// report says how many more are needed; a 30th brings the percentiles,
// equal to psychometrics.Percentile, on the page and in the API.
func TestNormsNeedThirtyPeople(t *testing.T) {
	e := newAPIEnv(t)
	a := e.mustOwner("aaa")
	b := e.mustOwner("bbb")
	// Organisation B makes the group of all twohats users large from the
	// start: its percentiles show while A's do not.
	mustSimulatedPeople(t, e.st, e.cat, b.m.OrgID, "b", 35, 7)
	profiles := mustSimulatedPeople(t, e.st, e.cat, a.m.OrgID, "a", 28, 8)
	own := e.submit(a, "") // the owner is the 29th
	ownRes := e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments/" + own, token: a.token})
	ownRes.wantStatus(t, http.StatusOK)
	var got struct {
		Profile profile.Document
		Norms   *struct {
			Organisation *placement `json:"organisation"`
			All          *placement `json:"all"`
		}
	}
	ownRes.decode(t, &got)
	if got.Norms == nil || got.Norms.Organisation != nil {
		t.Fatalf("29 people: norms %+v, want no organisation percentiles", got.Norms)
	}
	if got.Norms.All == nil || got.Norms.All.N != 64 {
		t.Fatalf("all twohats users: %+v, want the 64 assessments of both organisations", got.Norms.All)
	}
	page := string(e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/profiles/"+own)).body)
	if needed := textOf(t, page, "norms-org-needed"); !strings.Contains(needed, "29 so far, 1 more needed") {
		t.Errorf("29 people: the report says %q, want 1 more needed", needed)
	}
	if strings.Contains(page, `id="norms-org"`) || !strings.Contains(page, "Among all twohats users (n=64)") {
		t.Errorf("29 people: the report shows the organisation's column, or lacks everyone's")
	}

	profiles = append(profiles, mustSimulatedPeople(t, e.st, e.cat, a.m.OrgID, "late", 1, 9)...)
	// Written to the store behind the server's back, as an import would: the
	// server's norm groups show it once dropped (or within normsTTL).
	e.srv.dropNorms(a.m.OrgID, instrument.Default)
	ownRes = e.do(apiReq{method: http.MethodGet, path: "/api/v1/assessments/" + own, token: a.token})
	ownRes.wantStatus(t, http.StatusOK)
	ownRes.decode(t, &got)
	org := got.Norms.Organisation
	if org == nil || org.N != 30 {
		t.Fatalf("30 people: %+v, want the organisation's percentiles of 30", org)
	}
	// The expected percentiles, from the 30 scores themselves.
	var self profile.Profile
	{
		a, err := e.st.Assessment(context.Background(), a.m.OrgID, own)
		if err != nil {
			t.Fatal(err)
		}
		sc, _ := e.cat.Scorer(instrument.Default)
		if self, err = assess.Rescore(sc, a); err != nil {
			t.Fatal(err)
		}
	}
	group := append(profiles, self)
	for si, scale := range profile.ScaleKeys {
		var scores []float64
		for _, p := range group {
			scores = append(scores, p.Scales[si])
		}
		slices.Sort(scores)
		if want := psychometrics.Percentile(scores, self.Scales[si]); org.Scales[scale] != want {
			t.Errorf("%s: percentile %v, want %v", scale, org.Scales[scale], want)
		}
		for fi, dim := range self.Dimensions {
			var fs []float64
			for _, p := range group {
				fs = append(fs, p.Facets[si][fi])
			}
			slices.Sort(fs)
			key := scale + "." + dim
			if want := psychometrics.Percentile(fs, self.Facets[si][fi]); org.Facets[key] != want {
				t.Errorf("%s: percentile %v, want %v", key, org.Facets[key], want)
			}
		}
	}
	if len(org.Facets) != 2*len(self.Dimensions) || len(org.Scales) != 2 {
		t.Errorf("percentiles of %d scales and %d facets, want 2 and %d", len(org.Scales), len(org.Facets), 2*len(self.Dimensions))
	}

	page = string(e.send(a.web, mustRequest(t, http.MethodGet, e.ts.URL+"/profiles/"+own)).body)
	if !strings.Contains(page, "Percentile in your organisation (n=30)") || !strings.Contains(page, "Among all twohats users (n=65)") {
		t.Errorf("30 people: the report lacks the two percentile columns")
	}
	if strings.Contains(page, `id="norms-org-needed"`) {
		t.Errorf("30 people: the report still says more are needed")
	}
	cells := normsCells(t, page)
	if want := percentile(org.Scales["management"]); cells["Management"][1] != want {
		t.Errorf("the page shows management's percentile %q, want %q", cells["Management"][1], want)
	}

	// The norms API: A's group has its distribution now; every figure is
	// counts, and the percentiles are those a report gives.
	var n struct {
		MinGroup     int64 `json:"min_group"`
		Organisation struct {
			N, Needed int64
			Scales    map[string]struct {
				N      int64
				Scores []struct {
					Score, Percentile float64
					Count             int64
				}
			}
		}
		All struct{ N int64 }
	}
	nres := e.do(apiReq{method: http.MethodGet, path: "/api/v1/instruments/core@1/norms", token: a.token})
	nres.wantStatus(t, http.StatusOK)
	nres.decode(t, &n)
	m := n.Organisation.Scales["management"]
	if n.MinGroup != 30 || n.Organisation.N != 30 || n.Organisation.Needed != 0 || m.N != 30 || n.All.N != 65 {
		t.Fatalf("norms: %+v", n)
	}
	var count int64
	for _, s := range m.Scores {
		count += s.Count
		if s.Score == self.Scales[profile.M] && s.Percentile != org.Scales["management"] {
			t.Errorf("the norms give %v the percentile %v, the report %v", s.Score, s.Percentile, org.Scales["management"])
		}
	}
	if count != 30 {
		t.Errorf("the management distribution counts %d, want 30", count)
	}
}

// placement is the JSON of one norm group's percentiles.
type placement struct {
	N      int64              `json:"n"`
	Scales map[string]float64 `json:"scales"`
	Facets map[string]float64 `json:"facets"`
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// textOf is the text of the element with the id.
func textOf(t *testing.T, body, id string) string {
	t.Helper()
	found := findAll(t, body, byID(id))
	if len(found) == 0 {
		return ""
	}
	return strings.Join(strings.Fields(nodeText(found[0])), " ")
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

// reliabilityRows reads the reliability table: alpha, std alpha, G6 and
// average r of each group, by the group's anchor.
func reliabilityRows(t *testing.T, body string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, tr := range findAll(t, body, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-group") != "" }) {
		var cells []string
		for c := range tr.ChildNodes() {
			if c.Type == html.ElementNode && c.Data == "td" {
				cells = append(cells, nodeText(c))
			}
		}
		if len(cells) == 7 {
			out[attr(tr, "data-group")] = cells[2:6]
		}
	}
	return out
}

// normsCells reads the report's norms table: each row's cells by its name.
func normsCells(t *testing.T, body string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	tables := findAll(t, body, byID("norms"))
	if len(tables) == 0 {
		return out
	}
	for tr := range tables[0].Descendants() {
		if tr.Type != html.ElementNode || tr.Data != "tr" {
			continue
		}
		var name string
		var cells []string
		for c := range tr.ChildNodes() {
			switch {
			case c.Type == html.ElementNode && c.Data == "th" && attr(c, "scope") == "row":
				name = nodeText(c)
			case c.Type == html.ElementNode && c.Data == "td":
				cells = append(cells, nodeText(c))
			}
		}
		if name != "" {
			out[name] = cells
		}
	}
	return out
}

// TestPercentileFormat: a percentile is shown to one decimal, as scores.
func TestPercentileFormat(t *testing.T) {
	for in, want := range map[float64]string{50: "50", 51.66666: "51.7", 0: "0", 99.95: "100", math.SmallestNonzeroFloat64: "0"} {
		if got := percentile(in); got != want {
			t.Errorf("percentile(%v) = %q, want %q", in, got, want)
		}
	}
}

package teams_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/teams"
)

func TestHeatmap(t *testing.T) {
	// dept = a (3) + b (3) + c (2): c is too few, and b would give c away
	// against the department and a.
	o := org(t, []string{"dept", "a<dept:1,2,3", "b<dept:4,5,6", "c<dept:7,8"}, "1", "2", "3", "4", "5", "6", "7", "8")
	o.Teams[1].Name = "Alpha"
	family, err := teams.Family(o, teams.FamilyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := mustPlan(t, o, family, 0)
	h, err := d.Heatmap()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(h.Columns); got != 12 {
		t.Fatalf("%d columns, want 12 (2 scales × 6 facets)", got)
	}
	if got, want := h.Columns[6], (teams.Column{Scale: framework.Leadership, Facet: "focus"}); got != want {
		t.Errorf("column 6 = %+v, want %+v", got, want)
	}
	type row struct {
		slice, reason string
		shown         bool
		n, nulls      int
	}
	var got []row
	for _, r := range h.Rows {
		nulls := 0
		for _, c := range r.Cells {
			if c == nil {
				nulls++
			}
		}
		got = append(got, row{r.Slice, r.Reason, r.Shown, r.N, nulls})
	}
	want := []row{
		{"team:dept", "", true, 8, 0},
		{"team:a", "", true, 3, 0},
		{"team:b", teams.Differencing, false, 0, 12},
		{"team:c", teams.TooFew, false, 0, 12},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// People 1-3 score 40, 41, 42 on every management facet.
	if c := h.Rows[1].Cells[0]; c == nil || *c != (teams.Stat{Mean: 41, Spread: 0.8}) {
		t.Errorf("a × management.focus = %v, want {41 0.8}", c)
	}
	if h.Rows[1].Name != "Alpha" {
		t.Errorf("row a named %q, want Alpha", h.Rows[1].Name)
	}
	js := mustJSON(t, h)
	if !strings.Contains(js, `{"slice":"team:c","team":"c","shown":false,"reason":"too_few","cells":[null,null,null,null,null,null,null,null,null,null,null,null]}`) {
		t.Errorf("suppressed row JSON: %s", js)
	}
	if _, err := d.Heatmap("team:a", "team:zz"); fail.Code(err) != fail.NotFound {
		t.Errorf("Heatmap of an unplanned slice = %v, want not found", err)
	}
}

func TestGrid(t *testing.T) {
	o := &teams.Org{Dimensions: dims(t), Teams: []teams.Team{
		{ID: "mixed", Members: []string{"b1", "b2", "b3", "b4", "l1", "l2", "l3"}},
		{ID: "lopsided", Members: []string{"x1", "x2", "x3", "x4", "x5", "e1", "e2"}},
	}}
	o.People = append(o.People, people("b", 4, 70, 70)...)
	o.People = append(o.People, people("l", 3, 30, 80)...)
	o.People = append(o.People, people("x", 5, 65, 65)...)
	o.People = append(o.People, people("e", 2, 20, 20)...)
	family, err := teams.Family(o, teams.FamilyOptions{Quadrants: true})
	if err != nil {
		t.Fatal(err)
	}
	d := mustPlan(t, o, family, 0)
	count := func(n int) *int { return &n }
	var asked []string
	canSee := func(id string) bool { asked = append(asked, id); return id == "l2" || id == "b1" || id == "x1" }
	tests := []struct {
		key     string
		members []string
		points  []string
		counts  map[string]*int
	}{
		{"team:mixed", []string{"b1", "b2", "b3", "b4", "l1", "l2", "l3"}, []string{"b1", "l2"}, map[string]*int{
			profile.Balanced: count(4), profile.LeaderLeaning: count(3), profile.ManagerLeaning: nil, profile.Emerging: nil}},
		// 5 balanced and 2 emerging: the count of 5 would give the 2 away.
		{"team:lopsided", []string{"e1", "e2", "x1", "x2", "x3", "x4", "x5"}, []string{"x1"}, map[string]*int{
			profile.Balanced: nil, profile.LeaderLeaning: nil, profile.ManagerLeaning: nil, profile.Emerging: nil}},
		{"team:mixed?quadrant=balanced", []string{"b1", "b2", "b3", "b4"}, []string{"b1"}, map[string]*int{
			profile.Balanced: nil, profile.LeaderLeaning: nil, profile.ManagerLeaning: nil, profile.Emerging: nil}},
	}
	for _, tt := range tests {
		asked = nil
		g, err := d.Grid(tt.key, canSee)
		if err != nil {
			t.Fatal(err)
		}
		var points []string
		for _, p := range g.Points {
			points = append(points, p.Person)
		}
		if diff := cmp.Diff(tt.points, points); diff != "" {
			t.Errorf("%s points (-want +got):\n%s", tt.key, diff)
		}
		if diff := cmp.Diff(tt.counts, g.Quadrants); diff != "" {
			t.Errorf("%s quadrant counts (-want +got):\n%s", tt.key, diff)
		}
		// canSee is asked about the slice's people, once each, and no one else.
		slices.Sort(asked)
		if diff := cmp.Diff(tt.members, asked); diff != "" {
			t.Errorf("%s: canSee asked about (-want +got):\n%s", tt.key, diff)
		}
	}
	g, _ := d.Grid("team:mixed", canSee)
	want := `{"slice":"team:mixed","shown":true,"n":7,"points":[{"person":"b1","management":70,"leadership":70,"quadrant":"balanced"},` +
		`{"person":"l2","management":30,"leadership":80,"quadrant":"leader-leaning"}],` +
		`"quadrants":{"balanced":4,"emerging":null,"leader-leaning":3,"manager-leaning":null}}`
	if got := mustJSON(t, g); got != want {
		t.Errorf("grid JSON:\n got %s\nwant %s", got, want)
	}
	if _, err := d.Grid("team:nope", canSee); fail.Code(err) != fail.NotFound {
		t.Errorf("Grid of an unplanned slice = %v, want not found", err)
	}
}

func TestBalance(t *testing.T) {
	o := &teams.Org{Dimensions: dims(t), Teams: []teams.Team{
		{ID: "ops", Contexts: []string{"mature"}, Phase: "execution", Members: []string{"m1", "m2", "m3"}},
		{ID: "twothirds", Members: []string{"t1", "t2", "t3"}},
		{ID: "small", Members: []string{"m1", "m2"}},
	}}
	o.People = append(o.People, people("m", 3, 60, 40)...)
	o.People = append(o.People, people("t", 3, 40, 20)...)
	d := mustPlan(t, o, []teams.Slice{teams.TeamSlice("ops"), teams.TeamSlice("twothirds"), teams.TeamSlice("small")}, 0)
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name  string
		key   string
		rec   teams.Recommendation
		share *float64
		gap   *float64
		over  string
		risk  string
	}{
		{"within the tolerance", "team:ops", teams.Recommendation{ManagementShare: 65, Orientation: framework.Management}, f(60), f(-5), teams.Aligned, ""},
		{"exactly at the tolerance is aligned", "team:ops", teams.Recommendation{ManagementShare: 70, Orientation: framework.Management}, f(60), f(-10), teams.Aligned, ""},
		{"leadership in a management-heavy context", "team:ops", teams.Recommendation{ManagementShare: 75, Orientation: framework.Management},
			f(60), f(-15), framework.Leadership, "unnecessary-disruption"},
		{"management in a leadership-heavy context", "team:ops", teams.Recommendation{ManagementShare: 35, Orientation: framework.Leadership},
			f(60), f(25), framework.Management, "analysis-paralysis"},
		{"management in a balanced context", "team:ops", teams.Recommendation{ManagementShare: 45, Orientation: teams.Both},
			f(60), f(15), framework.Management, "wrong-strategies"},
		{"leadership in a balanced context", "team:ops", teams.Recommendation{ManagementShare: 75, Orientation: teams.Both},
			f(60), f(-15), framework.Leadership, "poor-execution"},
		{"leadership beyond a leadership-heavy context", "team:ops", teams.Recommendation{ManagementShare: 80, Orientation: framework.Leadership},
			f(60), f(-20), framework.Leadership, "poor-execution"},
		{"a wider tolerance", "team:ops", teams.Recommendation{ManagementShare: 40, Orientation: framework.Leadership, Tolerance: 25},
			f(60), f(20), teams.Aligned, ""},
		{"an exact share of two thirds", "team:twothirds", teams.Recommendation{ManagementShare: 50, Orientation: teams.Both},
			f(66.7), f(16.7), framework.Management, "wrong-strategies"},
		{"the gap is exact before it is rounded", "team:twothirds", teams.Recommendation{ManagementShare: 76.7, Orientation: framework.Management},
			f(66.7), f(-10), framework.Leadership, "unnecessary-disruption"},
		{"a suppressed team shows no share", "team:small", teams.Recommendation{ManagementShare: 50, Orientation: teams.Both}, nil, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := d.Balance(tt.key, tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.share, b.ManagementShare); diff != "" {
				t.Errorf("share (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.gap, b.Gap); diff != "" {
				t.Errorf("gap (-want +got):\n%s", diff)
			}
			if b.OverIndexed != tt.over {
				t.Errorf("over-indexed on %q, want %q", b.OverIndexed, tt.over)
			}
			switch {
			case tt.risk == "" && b.Risk != nil:
				t.Errorf("risk %+v, want none", *b.Risk)
			case tt.risk != "" && (b.Risk == nil || b.Risk.ID != tt.risk):
				t.Errorf("risk %+v, want %s", b.Risk, tt.risk)
			case b.Risk != nil && !framework.Cites(framework.SourceText(), b.Risk.Source):
				t.Errorf("risk %s cites %q, which is not in the source", b.Risk.ID, b.Risk.Source)
			}
		})
	}
	b, _ := d.Balance("team:ops", teams.Recommendation{ManagementShare: 75, Orientation: framework.Management})
	want := `{"slice":"team:ops","team":"ops","contexts":["mature"],"phase":"execution",` +
		`"recommendation":{"management_share":75,"orientation":"management","tolerance":10},"shown":true,` +
		`"management_share":60,"gap":-15,"over_indexed":"leadership","risk":{"id":"unnecessary-disruption","name":"unnecessary disruption",` +
		`"source":"Over-indexing on leadership during stability periods creates unnecessary disruption that undermines reliable value delivery customers expect."}}`
	if got := mustJSON(t, b); got != want {
		t.Errorf("balance JSON:\n got %s\nwant %s", got, want)
	}
	if got, want := b.String(), "team:ops: management share 60.0 against 75.0, over-indexed on leadership: risk of unnecessary disruption"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, rec := range []teams.Recommendation{{ManagementShare: 120, Orientation: teams.Both}, {ManagementShare: 50, Orientation: "stability"},
		{ManagementShare: 50, Orientation: teams.Both, Tolerance: -1}} {
		if _, err := d.Balance("team:ops", rec); fail.Code(err) != fail.Invalid {
			t.Errorf("Balance(%+v) = %v, want invalid", rec, err)
		}
	}
}

func TestRisksCiteTheSource(t *testing.T) {
	if err := teams.CheckCitations(framework.SourceText()); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, r := range teams.Risks() {
		names[r.ID] = r.Name
	}
	for id, name := range map[string]string{"unnecessary-disruption": "unnecessary disruption", "analysis-paralysis": "analysis paralysis and change resistance"} {
		if names[id] != name {
			t.Errorf("risk %s named %q, want %q", id, names[id], name)
		}
	}
	// The check can fail: against another text, every risk is reported.
	err := teams.CheckCitations("Management and leadership are different.")
	if err == nil || len(strings.Split(err.Error(), "\n")) != len(teams.Risks()) {
		t.Errorf("CheckCitations(other text) = %v, want one error per risk", err)
	}
	if !slices.ContainsFunc(teams.Risks(), func(r teams.Risk) bool { return r.ID == "poor-execution" }) {
		t.Error("no poor-execution risk")
	}
}

package teams_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/teams"
)

// The example: a team of 4 inside a department of 6 must not reveal
// the other 2 through the difference.
func TestTeamOfFourInDepartmentOfSix(t *testing.T) {
	team, rest := people("t", 4, 70, 40), people("r", 2, 20, 90)
	org := &teams.Org{
		Dimensions: dims(t),
		Teams: []teams.Team{
			{ID: "dept", Members: ids(rest)},
			{ID: "team", Parent: "dept", Members: ids(team)},
		},
		People: append(team, rest...),
	}
	for _, family := range [][]teams.Slice{
		{teams.TeamSlice("dept"), teams.TeamSlice("team")},
		{teams.TeamSlice("team"), teams.TeamSlice("dept")},
		{teams.TeamSlice("team"), teams.OrgSlice(), teams.TeamSlice("dept")},
	} {
		d := mustPlan(t, org, family, 0)
		dept, tm := mustAggregate(t, d, "team:dept"), mustAggregate(t, d, "team:team")
		if dept.Shown && tm.Shown {
			t.Fatalf("department (n=%d) and team (n=%d) both shown: the difference reveals the other 2", dept.N, tm.N)
		}
		if !dept.Shown || dept.N != 6 {
			t.Errorf("department: shown=%v n=%d, want shown with n=6 (the larger slice wins)", dept.Shown, dept.N)
		}
		if tm.Reason != teams.Differencing || tm.N != 0 || tm.Scales != nil {
			t.Errorf("team: %+v, want suppressed for differencing, with no n and no scores", tm)
		}
	}
	// Alone, the team is safe to show.
	d := mustPlan(t, org, []teams.Slice{teams.TeamSlice("team")}, 0)
	if a := mustAggregate(t, d, "team:team"); !a.Shown || a.N != 4 {
		t.Errorf("team alone: %+v, want shown with n=4", a)
	}
}

// org builds an organisation from team specs "id<parent:member,member" and
// people at fixed scores, with attributes "id@location".
func org(tb testing.TB, specs []string, ps ...string) *teams.Org {
	tb.Helper()
	o := &teams.Org{Dimensions: dims(tb)}
	for _, s := range specs {
		head, members, _ := strings.Cut(s, ":")
		id, parent, _ := strings.Cut(head, "<")
		tm := teams.Team{ID: id, Parent: parent}
		if members != "" {
			tm.Members = strings.Split(members, ",")
		}
		o.Teams = append(o.Teams, tm)
	}
	for i, p := range ps {
		id, loc, _ := strings.Cut(p, "@")
		pe := teams.Person{ID: id, Scores: scores(float64(40+i), float64(60-i))}
		if strings.HasPrefix(id, "u") {
			pe.Scores = nil // not assessed yet
		}
		if loc != "" {
			pe.Attributes = map[string]string{"location": loc}
		}
		o.People = append(o.People, pe)
	}
	return o
}

func TestPlanRule(t *testing.T) {
	paris := func(s string) teams.Slice { return teams.TeamSlice(s).With("location", "paris") }
	tests := []struct {
		name      string
		org       *teams.Org
		family    []teams.Slice
		threshold int
		want      map[string]string // key → "shown" or the reason
	}{
		{"siblings of 3 and 3 in a department of 6 are all shown",
			org(t, []string{"dept", "a<dept:1,2,3", "b<dept:4,5,6"}, "1", "2", "3", "4", "5", "6"),
			[]teams.Slice{teams.TeamSlice("dept"), teams.TeamSlice("a"), teams.TeamSlice("b")}, 0,
			map[string]string{"team:dept": "shown", "team:a": "shown", "team:b": "shown"}},
		{"a department's slice holds its descendants' people",
			org(t, []string{"dept", "a<dept:1,2", "b<a:3"}, "1", "2", "3"),
			[]teams.Slice{teams.TeamSlice("dept"), teams.TeamSlice("a"), teams.TeamSlice("b")}, 0,
			map[string]string{"team:dept": "shown", "team:a": "shown", "team:b": teams.TooFew}},
		{"a team of 2 is too few", org(t, []string{"a:1,2"}, "1", "2"),
			[]teams.Slice{teams.TeamSlice("a")}, 0, map[string]string{"team:a": teams.TooFew}},
		{"an empty team is too few", org(t, []string{"a"}, "1", "2", "3"),
			[]teams.Slice{teams.TeamSlice("a"), teams.OrgSlice()}, 0, map[string]string{"team:a": teams.TooFew, "org": "shown"}},
		{"people without scores count towards nothing", org(t, []string{"a:1,2,u3"}, "1", "2", "u3"),
			[]teams.Slice{teams.TeamSlice("a")}, 0, map[string]string{"team:a": teams.TooFew}},
		{"a filter may not split off 2 people",
			org(t, []string{"a:1,2,3,4,5"}, "1@paris", "2@paris", "3@paris", "4@london", "5@london"),
			[]teams.Slice{teams.TeamSlice("a"), paris("a"), teams.TeamSlice("a").With("location", "london")}, 0,
			map[string]string{"team:a": "shown", "team:a?location=paris": teams.Differencing, "team:a?location=london": teams.TooFew}},
		{"a filter splitting 3 and 3 is shown",
			org(t, []string{"a:1,2,3,4,5,6"}, "1@paris", "2@paris", "3@paris", "4@london", "5@london", "6@london"),
			[]teams.Slice{teams.TeamSlice("a"), paris("a"), teams.TeamSlice("a").With("location", "london")}, 0,
			map[string]string{"team:a": "shown", "team:a?location=paris": "shown", "team:a?location=london": "shown"}},
		{"a larger filtered slice yields to the teams it cuts",
			org(t, []string{"a:1,2,3,4,5", "b:6,7,8,9,10"}, "1@paris", "2@paris", "3@paris", "4@paris", "5@london",
				"6@paris", "7@paris", "8@paris", "9@paris", "10@london"),
			[]teams.Slice{teams.OrgSlice().With("location", "paris"), teams.TeamSlice("a"), teams.TeamSlice("b")}, 0,
			map[string]string{"team:a": "shown", "team:b": "shown", "org?location=paris": teams.Differencing}},
		{"overlapping teams inside the organisation",
			org(t, []string{"a:1,2,3,4", "b:3,4,5,6"}, "1", "2", "3", "4", "5", "6"),
			[]teams.Slice{teams.TeamSlice("a"), teams.TeamSlice("b"), teams.OrgSlice()}, 0,
			map[string]string{"org": "shown", "team:a": teams.Differencing, "team:b": teams.Differencing}},
		{"overlapping teams alone: the first by members wins",
			org(t, []string{"b:3,4,5,6", "a:1,2,3,4"}, "1", "2", "3", "4", "5", "6"),
			[]teams.Slice{teams.TeamSlice("b"), teams.TeamSlice("a")}, 0,
			map[string]string{"team:a": "shown", "team:b": teams.Differencing}},
		{"slices with the same people are decided together",
			org(t, []string{"dept", "a<dept:1,2,3,4"}, "1", "2", "3", "4", "5", "6"),
			[]teams.Slice{teams.TeamSlice("a"), teams.TeamSlice("dept"), teams.OrgSlice()}, 0,
			map[string]string{"org": "shown", "team:dept": teams.Differencing, "team:a": teams.Differencing}},
		{"a threshold of 4", org(t, []string{"a:1,2,3", "b:4,5,6,7"}, "1", "2", "3", "4", "5", "6", "7"),
			[]teams.Slice{teams.TeamSlice("a"), teams.TeamSlice("b"), teams.OrgSlice()}, 4,
			map[string]string{"org": "shown", "team:a": teams.TooFew, "team:b": teams.Differencing}},
		{"leftovers outside every shown slice must not be 1 or 2",
			org(t, []string{"a:1,2,3", "b:3,4,5,6,7"}, "1", "2", "3", "4", "5", "6", "7"),
			[]teams.Slice{teams.TeamSlice("a"), teams.TeamSlice("b")}, 0,
			map[string]string{"team:b": "shown", "team:a": teams.Differencing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustPlan(t, tt.org, tt.family, tt.threshold)
			got := map[string]string{}
			for _, k := range d.Keys() {
				a := mustAggregate(t, d, k)
				got[k] = a.Reason
				if a.Shown {
					got[k] = "shown"
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decisions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanIgnoresOrder(t *testing.T) {
	o := org(t, []string{"dept", "a<dept:1,2,3,4", "b<dept:4,5,6,7", "c<b:7,8,9", "d:1,9,10,11"},
		"1@paris", "2@paris", "3@london", "4@paris", "5@paris", "6@paris", "7@london", "8@paris", "9@london", "10@paris", "11@paris", "u12@paris")
	family, err := teams.Family(o, teams.FamilyOptions{Attributes: []string{"location"}, Quadrants: true})
	if err != nil {
		t.Fatal(err)
	}
	want := mustJSON(t, mustPlan(t, o, family, 0))
	rng := rand.New(rand.NewPCG(8, 8))
	for range 50 {
		shuffled := &teams.Org{Dimensions: o.Dimensions, Teams: slices.Clone(o.Teams), People: slices.Clone(o.People)}
		rng.Shuffle(len(shuffled.Teams), func(i, j int) { shuffled.Teams[i], shuffled.Teams[j] = shuffled.Teams[j], shuffled.Teams[i] })
		rng.Shuffle(len(shuffled.People), func(i, j int) { shuffled.People[i], shuffled.People[j] = shuffled.People[j], shuffled.People[i] })
		for i := range shuffled.Teams {
			m := slices.Clone(shuffled.Teams[i].Members)
			rng.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
			shuffled.Teams[i].Members = m
		}
		f := slices.Clone(family)
		f = append(f, f[rng.IntN(len(f))]) // a slice asked for twice
		rng.Shuffle(len(f), func(i, j int) { f[i], f[j] = f[j], f[i] })
		if got := mustJSON(t, mustPlan(t, shuffled, f, 0)); got != want {
			t.Fatalf("a shuffled request changed the dashboard:\n got %s\nwant %s", got, want)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	o := org(t, []string{"a:1,2,3"}, "1", "2", "3")
	tests := []struct {
		name      string
		family    []teams.Slice
		threshold int
		field     string
		says      string
	}{
		{"threshold below 3", nil, 2, "threshold", "2 is below the minimum of 3"},
		{"unknown team", []teams.Slice{teams.OrgSlice(), teams.TeamSlice("zz")}, 0, "family[1]", `team "zz" is not a team`},
		{"two filters on one attribute", []teams.Slice{teams.OrgSlice().With("location", "a").With("location", "b")}, 0,
			"family[0]", `two filters on "location"`},
		{"unknown quadrant", []teams.Slice{teams.TeamSlice("a").With(teams.QuadrantAttribute, "star")}, 0,
			"family[0]", `unknown quadrant "star"`},
		{"filter without attribute", []teams.Slice{teams.TeamSlice("a").With("", "x")}, 0, "family[0]", "a filter has no attribute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := teams.Plan(o, tt.family, tt.threshold)
			if fail.Code(err) != fail.Invalid {
				t.Fatalf("Plan = %v, want an invalid error", err)
			}
			if msg := fail.FieldsOf(err)[tt.field]; !strings.Contains(msg, tt.says) {
				t.Errorf("%s: %q, want it to contain %q (all: %v)", tt.field, msg, tt.says, fail.FieldsOf(err))
			}
		})
	}
}

// Means and spreads are exact and rounded half up: a float sum would put
// 10.05 at 10.049999… and round it down.
func TestAggregateIsExact(t *testing.T) {
	o := &teams.Org{Dimensions: dims(t), Teams: []teams.Team{{ID: "a", Members: []string{"1", "2", "3", "4"}}}}
	for i, v := range []float64{10, 10, 10.1, 10.1} {
		s := scores(v, 50+10*float64(i))
		o.People = append(o.People, teams.Person{ID: []string{"1", "2", "3", "4"}[i], Scores: s})
	}
	a := mustAggregate(t, mustPlan(t, o, []teams.Slice{teams.TeamSlice("a")}, 0), "team:a")
	if got, want := a.Facets[profile.ScaleKeys[profile.M]]["focus"], (teams.Stat{Mean: 10.1, Spread: 0.1}); got != want {
		t.Errorf("management.focus = %+v, want %+v (10.05 and 0.05 rounded half up)", got, want)
	}
	// Leadership 50, 60, 70, 80: mean 65, spread √125 = 11.18.
	if got, want := a.Scales[profile.ScaleKeys[profile.L]], (teams.Stat{Mean: 65, Spread: 11.2}); got != want {
		t.Errorf("leadership = %+v, want %+v", got, want)
	}
}

func TestDashboardJSON(t *testing.T) {
	o := org(t, []string{"a:1,2,3", "b:4,5"}, "1", "2", "3", "4", "5")
	o.Dimensions = o.Dimensions[:1]
	for i := range o.People {
		o.People[i].Scores.Facets = [2][]float64{o.People[i].Scores.Facets[0][:1], o.People[i].Scores.Facets[1][:1]}
	}
	d := mustPlan(t, o, []teams.Slice{teams.TeamSlice("a"), teams.TeamSlice("b"), teams.TeamSlice("a").With("location", "x")}, 0)
	want := `{"threshold":3,"dimensions":["focus"],"slices":{` +
		`"team:a":{"team":"a","shown":true,"n":3,"scales":{"leadership":{"mean":59,"spread":0.8},"management":{"mean":41,"spread":0.8}},` +
		`"facets":{"leadership":{"focus":{"mean":59,"spread":0.8}},"management":{"focus":{"mean":41,"spread":0.8}}}},` +
		`"team:a?location=x":{"team":"a","filters":[{"attribute":"location","value":"x"}],"shown":false,"reason":"too_few"},` +
		`"team:b":{"team":"b","shown":false,"reason":"too_few"}}}`
	if got := mustJSON(t, d); got != want {
		t.Errorf("dashboard JSON:\n got %s\nwant %s", got, want)
	}
}

func TestFamily(t *testing.T) {
	o := org(t, []string{"dept", "a<dept:1,2", "b:3"}, "1@paris", "2@lyon", "3", "4@paris")
	family, err := teams.Family(o, teams.FamilyOptions{Attributes: []string{"location", "quadrant"}, Quadrants: true})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range family {
		keys = append(keys, s.Key())
	}
	var want []string
	for _, base := range []string{"org", "team:a", "team:b", "team:dept"} {
		want = append(want, base)
		for _, q := range teams.Quadrants() {
			want = append(want, base+"?quadrant="+q)
		}
	}
	want = append(want, "org?location=lyon", "org?location=paris", "team:a?location=lyon", "team:a?location=paris",
		"team:dept?location=lyon", "team:dept?location=paris")
	slices.Sort(want)
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("family keys (-want +got):\n%s", diff)
	}
}

func TestSliceKey(t *testing.T) {
	for _, tt := range []struct {
		s    teams.Slice
		want string
	}{
		{teams.OrgSlice(), "org"},
		{teams.TeamSlice("r&d team"), "team:r%26d+team"},
		{teams.TeamSlice("a").With("quadrant", "balanced").With("location", "paris"), "team:a?location=paris&quadrant=balanced"},
		{teams.TeamSlice("a").With("location", "paris").With("quadrant", "balanced"), "team:a?location=paris&quadrant=balanced"},
		{teams.OrgSlice().With("site=x", "a&b"), "org?site%3Dx=a%26b"},
	} {
		if got := tt.s.Key(); got != tt.want {
			t.Errorf("%+v.Key() = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestPlanFamilyIsPlanOfFamily checks that PlanFamily decides and
// aggregates exactly as Plan over Family does, on random organisations.
func TestPlanFamilyIsPlanOfFamily(t *testing.T) {
	fw := mustFramework(t)
	rng := rand.New(rand.NewPCG(11, 12))
	for seed := range 200 {
		org := randomWorld(rng, fw).org
		opts := teams.FamilyOptions{Quadrants: seed%2 == 0, Attributes: []string{"location", "grade"}[:seed%3]}
		family, err := teams.Family(org, opts)
		if err != nil {
			t.Fatal(err)
		}
		want, err := teams.Plan(org, family, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := teams.PlanFamily(org, opts, 0)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Fatalf("seed %d: PlanFamily differs from Plan(Family):\n got %s\nwant %s", seed, gj, wj)
		}
	}
}

// TestViewsFromManyGoroutines reads every view of one dashboard from many
// goroutines at once, as a server's requests do: the scores each slice fills
// on first use must come out the same as when read alone (run with -race).
func TestViewsFromManyGoroutines(t *testing.T) {
	fw := mustFramework(t)
	rng := rand.New(rand.NewPCG(21, 22))
	for range 20 {
		org := randomWorld(rng, fw).org
		alone, err := teams.PlanFamily(org, teams.FamilyOptions{Quadrants: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(alone)
		shared, err := teams.PlanFamily(org, teams.FamilyOptions{Quadrants: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		keys := shared.Keys()
		done := make(chan error, 8)
		for g := range 8 {
			go func() {
				for i := range keys {
					k := keys[(i+g*7)%len(keys)]
					shared.Aggregate(k)
					if _, err := shared.Heatmap(k); err != nil {
						done <- err
						return
					}
					if _, err := shared.Balance(k, teams.Recommendation{ManagementShare: 50, Orientation: teams.Both}); err != nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
		}
		for range 8 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := json.Marshal(shared); string(got) != string(want) {
			t.Fatalf("views read from 8 goroutines at once differ from the same plan read alone:\n got %s\nwant %s", got, want)
		}
	}
}

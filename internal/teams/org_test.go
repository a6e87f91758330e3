package teams_test

import (
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/teams"
)

// validOrg is a small valid organisation: a department with two teams.
func validOrg(tb testing.TB) *teams.Org {
	return &teams.Org{
		Dimensions: dims(tb),
		Teams: []teams.Team{
			{ID: "dept", Name: "Operations", Contexts: []string{"mature"}, Phase: "execution", Members: []string{"a"}},
			{ID: "ops", Parent: "dept", Contexts: []string{"compliance-critical", "operational-excellence"}, Members: []string{"b", "c"}},
			{ID: "labs", Parent: "dept", Contexts: []string{"startup"}, Phase: "launch", Members: []string{"c", "d"}},
		},
		People: []teams.Person{
			{ID: "a", Scores: scores(70, 50)}, {ID: "b", Scores: scores(40, 80)},
			{ID: "c", Scores: scores(65, 65), Attributes: map[string]string{"location": "paris"}},
			{ID: "d"},
		},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(o *teams.Org)
		field  string // the field the problem is reported under
		says   string // words the message must contain, naming the team or person
	}{
		{"duplicate team id", func(o *teams.Org) { o.Teams = append(o.Teams, teams.Team{ID: "ops"}) },
			"teams[3].id", `team "ops" is listed twice (first as teams[1])`},
		{"missing team id", func(o *teams.Org) { o.Teams = append(o.Teams, teams.Team{}) }, "teams[3].id", "every team needs an id"},
		{"unknown parent", func(o *teams.Org) { o.Teams[1].Parent = "nowhere" },
			"teams[1].parent", `team "ops": parent "nowhere" is not a team of the organisation`},
		{"own parent", func(o *teams.Org) { o.Teams[0].Parent = "dept" }, "teams[0].parent", `team "dept" is its own parent`},
		{"cycle of two", func(o *teams.Org) { o.Teams[0].Parent = "ops" },
			"teams[0].parent", `team "dept" is its own ancestor: dept → ops → dept`},
		{"cycle of three, every team named", func(o *teams.Org) {
			o.Teams = append(o.Teams, teams.Team{ID: "x", Parent: "z"}, teams.Team{ID: "y", Parent: "x"}, teams.Team{ID: "z", Parent: "y"})
		}, "teams[5].parent", `team "z" is its own ancestor: z → y → x → z`},
		{"unknown member", func(o *teams.Org) { o.Teams[2].Members = append(o.Teams[2].Members, "ghost") },
			"teams[2].members[2]", `team "labs": member "ghost" is not a person of the organisation`},
		{"member twice", func(o *teams.Org) { o.Teams[1].Members = append(o.Teams[1].Members, "b") },
			"teams[1].members[2]", `team "ops": member "b" is listed twice`},
		{"unknown context", func(o *teams.Org) { o.Teams[2].Contexts = []string{"moonshot"} },
			"teams[2].contexts[0]", `team "labs": unknown context "moonshot"; want one of mature,`},
		{"context twice", func(o *teams.Org) { o.Teams[1].Contexts = []string{"mature", "mature"} },
			"teams[1].contexts[1]", `team "ops": context "mature" is declared twice`},
		{"unknown phase", func(o *teams.Org) { o.Teams[0].Phase = "harvest" },
			"teams[0].phase", `team "dept": unknown phase "harvest"; want one of launch, execution, crisis, recovery, or none`},
		{"duplicate person", func(o *teams.Org) { o.People = append(o.People, teams.Person{ID: "a"}) },
			"people[4].id", `person "a" is listed twice (first as people[0])`},
		{"score out of range", func(o *teams.Org) { o.People[0].Scores.Facets[0][2] = 100.5 },
			"people[0].scores.facets.management.change_approach", `person "a": 100.5 is not a score 0-100 to one decimal`},
		{"score with two decimals", func(o *teams.Org) { o.People[1].Scores.Scales[1] = 62.25 },
			"people[1].scores.scales.leadership", `person "b": 62.25 is not a score`},
		{"too few facets", func(o *teams.Org) { o.People[1].Scores.Facets[1] = o.People[1].Scores.Facets[1][:5] },
			"people[1].scores.facets.leadership", `person "b": 5 facet scores, want one per facet (6)`},
		{"unknown quadrant", func(o *teams.Org) { o.People[0].Scores.Quadrant = "star" },
			"people[0].scores.quadrant", `person "a": unknown quadrant "star"`},
		{"reserved attribute", func(o *teams.Org) { o.People[2].Attributes["quadrant"] = "x" },
			"people[2].attributes.quadrant", `"quadrant" is reserved`},
		{"other facets", func(o *teams.Org) { o.Dimensions = []string{"a", "b", "c", "d", "e", "f"} },
			"dimensions", "is not the framework's facets"},
	}
	fw := mustFramework(t)
	if err := validOrg(t).Validate(fw); err != nil {
		t.Fatalf("valid organisation: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrg(t)
			tt.change(o)
			err := o.Validate(fw)
			if fail.Code(err) != fail.Invalid {
				t.Fatalf("Validate = %v, want an invalid error", err)
			}
			msg, ok := fail.FieldsOf(err)[tt.field]
			if !ok {
				t.Fatalf("no problem under %s; got %v", tt.field, fail.FieldsOf(err))
			}
			if !strings.Contains(msg, tt.says) {
				t.Errorf("%s: %q, want it to contain %q", tt.field, msg, tt.says)
			}
			// Plan needs the structure, and refuses a broken one the same way;
			// the framework's vocabulary it leaves to Validate.
			_, perr := teams.Plan(o, nil, 0)
			structural := !strings.Contains(tt.field, "contexts") && !strings.Contains(tt.field, "phase") && tt.field != "dimensions"
			if got := fail.FieldsOf(perr)[tt.field]; structural && got != msg {
				t.Errorf("Plan reports %s as %q, want %q", tt.field, got, msg)
			}
		})
	}
}

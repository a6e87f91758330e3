package coach_test

import (
	"slices"
	"testing"
)

// round11Paraphrases check the frames of round 11 (data/round11.yaml) on
// sentences of their own, in trades and voices that are not the corpus's,
// as round7Paraphrases do for round 7; the same test runs them all.
var round11Paraphrases = []struct{ want, text string }{
	// different kinds of people by nature
	{"BM", "Managers and leaders? They are completely different kinds of people."},
	{"BM", "Directors and producers, different breeds."},
	{"BM", "I think you're kind of born one way or the other."},
	{"BM", "Some people are wired for detail and some for vision."},
	{"", "Different problem, different hat, so I switch on purpose."},
	{"", "My two sites are different kinds of places, so I run them differently."},
	{"", "Different kinds of people need different things from a leader, so I ask each one."},
	// one word
	{"C", "Leader. Definitely a leader."},
	{"C", "Manager. I keep the building running."},
	{"C", "Honestly, I'd say I'm a manager, really."},
	{"", "Manager of the year, 2022, but only because my team was brilliant at the change we led."},
	{"", "I'd say I'm a manager who has learnt to lead when the work is new."},
	// through and through
	{"C", "I'm a people person through and through."},
	{"C", "I'm an engineer at heart, not an administrator."},
	{"", "I'm a nurse through and through, and I run the controlled drugs audit every week."},
	// the easy part
	{"DM", "Managing is the easy part; the hard part is getting people to care."},
	{"", "People think managing is the easy part. It isn't: one missed check and a patient gets hurt."},
	// not real work
	{"D", "I do the admin because someone must, but it's not real work."},
	{"D", "The paperwork is the tax you pay for the fun bits."},
	{"D", "Most of what managers do could be done by a decent piece of software."},
	{"D", "The budgets and the status meetings bore me stiff."},
	{"D", "The boring bit is the run sheets and the budget."},
	{"", "Real work for me is the audit: it's where we find the mistakes."},
	{"", "Our rota could be done by software, so we bought some and I spend the time with my team."},
	// moved past managing
	{"DM", "I was a manager for years. I've moved past that now; at my level the job is to lead."},
	{"", "I've moved past that mistake, and I still manage the budget line by line."},
	// leading waits for a team
	{"M", "Leadership comes when you've got a team of your own."},
	{"M", "As a grad I don't really get to lead anything yet."},
	{"", "As a grad I led our move to pair programming, without a team of my own."},
}

// round11Context checks the context frames of round 11 on sentences of
// their own: whether explains_context is raised by the rules alone.
var round11Context = []struct {
	want bool
	text string
}{
	{true, "Manage the routine, lead the change, and most weeks you do both."},
	{true, "Where the risk is known, I run it by the checklist; where the problem is novel, I get people round a table."},
	{true, "In ICU, if the drug chart isn't managed, someone dies, so I count every shift."},
	{true, "I explain the why when something is changing, because that's when you need people with you."},
	{false, "I manage the rota and I lead the Friday huddle."},
	{false, "If the weather isn't right we cancel, and I tell the team at nine."},
	{false, "Where the stock is kept is up to the supplier."},
}

// TestContextParaphrases runs the rules alone on the context paraphrases
// of rounds 11 and 12 and wants explains_context exactly where listed.
func TestContextParaphrases(t *testing.T) {
	an := rulesOnly(t)
	for _, c := range slices.Concat(round11Context, round12Context) {
		res, err := an.Analyze(c.text)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := res.Signals.Get("explains_context"); got != c.want {
			t.Errorf("%q: explains_context %v, want %v", c.text, got, c.want)
		}
	}
}

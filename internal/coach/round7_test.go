package coach_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/coach"
)

// round7Paraphrases are the paraphrases written in round 7 to check the
// frames of data/round7.yaml for recall and for precision, in trades and
// voices of their own (not corpus answers): each with the red-flag signals
// the rules alone should raise ("C" claims, "D" disparages, "B" binary,
// "M" myth). Rejected myths, reported claims, tendencies with growth and
// other uses of the same words must raise nothing.
var round7Paraphrases = []struct{ want, text string }{
	{"C", "I've always seen myself as a leader more than a manager."},
	{"C", "If I had to choose, I see myself more as a leader than a manager."},
	{"C", "I'd describe myself as a coach first and an administrator a long way second."},
	{"C", "I'm a process person, one hundred percent."},
	{"C", "I'm a manager and proud of it, not one of these leadership people."},
	{"C", "I have always been on the leading side of that line."},
	{"C", "I'm definitely on the other side."},
	{"C", "Honestly, I'm the visionary, always have been."},
	{"CBM", "There are bosses and there are leaders. I know which one I am."},
	{"C", "As head chef, leading is my job; my sous chefs manage."},
	{"C", "The rotas and the paperwork belong to my deputy; I do the people side."},
	{"C", "I'm a creative leader, that's my thing."},
	{"C", "I think of myself as more of a visionary than an organiser."},
	{"C", "Frankly I've never thought of myself as a manager; I'm a leader."},
	{"", "My natural side is leading, so I've been working on my planning with a checklist."},
	{"", "People kept telling me I was a leader, not a manager, but I don't see it that way."},
	{"", "I see myself as someone who can both lead and manage."},
	{"", "I'd never call myself a leader rather than a manager; I do both."},
	{"", "Leading the audit was my job; my team ran the checks."},
	{"", "On a night shift I am the one who manages the beds."},
	{"", "I know which one I am on a bad day: the planner. So I ask my deputy to push me on the people side."},
	{"", "That's my thing, honestly: a clean handover sheet every morning."},
	{"DM", "I'd say managing is where you start and leading is where you end up."},
	{"D", "Managing is babysitting."},
	{"D", "Checking that people updated the CRM, chasing forecasts, anyone can do that."},
	{"DM", "For me managing is the low-level part of the job."},
	{"D", "The admin side of the job is the part I'd happily hand to a robot."},
	{"D", "Any half-organised person can run a class timetable."},
	{"DM", "Management is basically the junior version of leadership."},
	{"DM", "Leadership is the more senior skill, the one you grow into once you've got the basics down."},
	{"D", "I've worked with loads of managers and honestly they slow everything down."},
	{"DM", "Management is hygiene, table stakes; leadership is what differentiates."},
	{"DM", "The important stuff is leading; management is just admin."},
	{"D", "Scheduling is grunt work, frankly, we give it to the interns."},
	{"D", "Managers are glorified timekeepers."},
	{"D", "Process is for people who can't think for themselves."},
	{"DM", "Now I'm a store manager I've grown past that, and I focus on leading."},
	{"DM", "I've done my time on that side and I'm ready for the leadership level."},
	{"", "People tend to assume managing is the junior job; I don't see it that way at all."},
	{"", "Nobody should call management babysitting; it keeps patients alive."},
	{"D", "The rota is dull work, but it's what keeps the ward safe, so I do it carefully."},
	{"", "It's a myth that management is the junior version of leadership."},
	{"", "I started as a junior in the lab and moved into managing the stores."},
	{"BM", "There are builders and there are administrators, and a startup needs builders."},
	{"BM", "Every team has a planner and a visionary, and they're never the same person."},
	{"BM", "In the navy it is simple: officers lead, and the petty officers manage."},
	{"BM", "Some people are born to command and some to administer."},
	{"BM", "Every firm has its operators and its leaders."},
	{"BM", "People are either process people or people people, you rarely get both in one person."},
	{"BM", "Basically there are people who are managers, who like boxes ticked, and people who are leaders."},
	{"BM", "Some people are leaders and some are managers, and you can usually tell in the first week."},
	{"BM", "In any kitchen you get the organisers and you get the inspirers, and they don't mix."},
	{"BM", "You're a details person or a big-picture person; nobody is both."},
	{"", "There are days when I manage and days when I lead."},
	{"", "Some people are better planners and some are better at rallying a team, and a good manager grows both."},
	{"", "There are rotas and there are audits, and I own both."},
	{"M", "A manager executes what he is told and a leader is the one doing the thinking."},
	{"M", "Managers are there to carry out the plan, and leaders are the ones who come up with it."},
	{"M", "I have not led anything yet because I am only an operative, nobody would follow me."},
	{"M", "When I become a supervisor I will show my leadership."},
	{"M", "Are leaders born? Honestly, yeah, I think so."},
	{"DM", "Management is the first step; when you are senior enough, you become a leader."},
	{"DM", "Leadership is what actually moves the needle."},
	{"M", "To be honest I don't think you can really lead until you've got the rank."},
	{"M", "Leading is something you only get to do once you have the stripes."},
	{"M", "You can't teach someone to light up a room."},
	{"DM", "I am executing now, but I am ready to step up to the strategic level and start leading."},
	{"", "Are leaders born? No. I learned it on the job."},
	{"", "I used to think you can only lead with a title, but that is not true."},
	{"", "I had no title, but I led the change anyway."},
	{"", "My first boss told us leaders are born, and he was wrong."},
	{"", "I step up to the plate when the ward is short."},
	{"", "The plan came from the board and I carried it out with my team, because the deadline was fixed."},
	{"", "I see myself as a coach more than anything, and I still run the budget myself."},
	{"", "I see myself more as a coach these days, and I still run the rota."},
	{"", "I'm a planner, always have been, and I've learned to bring people along by asking for feedback."},
	{"", "The admin side is the part I find hardest, so I block out Friday mornings for it."},
	{"", "Anyone can make a mistake on the controlled drugs register, which is why I check it daily."},
	{"", "My managers never slow things down; they catch what I miss."},
	{"", "For the people side I rely on my own judgement and a weekly one-to-one."},
	{"", "The stock counts belong to the whole team, and I audit them every month."},
	{"", "There are days when I lead and there are days when I manage the rota."},
	{"", "Leadership is what I practise most deliberately now, because it doesn't come naturally."},
	{"", "When I become a supervisor I will keep doing the rota the same way."},
	{"", "I haven't led a team yet, but last spring I persuaded the other drivers to try the new route app."},
	{"", "You can't teach someone to drive a forklift in a day."},
	{"", "Some people are born to cook and some to bake."},
	{"", "Our consultants lead the ward round, and the nurses manage the discharge checklist."},
	{"", "Both matter: the vision gets people started, and the routines make sure it lasts."},
	{"C", "Leading is my job; my deputies manage the shifts."},
	{"C", "I'm an ideas person, that's who I am."},
	{"BM", "In my trade you're either a site person or an office person."},
	{"C", "Frankly, I've never thought of myself as a manager. I'm a leader. In the cockpit and on the ground, people look to me."},
	{"C", "I've never thought of myself as a manager. I'm a leader."},
	{"C", "I've never thought of myself as a manager; I'm a leader."},
	{"", "I'm a leader on the ward and a manager of the budget, and I do both every week."},
	{"", "She's the manager of the caf\u00e9, and I'm the leader of the kitchen team; we plan the menu together."},
	{"", "I've never thought of myself as a natural manager. So I took a course and now I run the rota myself."},
	{"", "There are good days and there are bad days, and I plan for both."},
	{"", "Some nurses are born to teach and some are born to research."},
	{"", "Our engineers lead the design reviews, and the project staff manage the schedule with them."},
	{"", "I stay well away from the budget until the finance team has checked it, because that's their sign-off."},
	{"", "The stock, the suppliers and the accounts are mine; I leave all of that to nobody."},
	{"", "Any new supervisor can run the shift report after a week of training with me."},
	{"", "The paperwork is for the auditors, so I make sure it is perfect."},
	{"", "Leadership is for everyone in a school, not only the head."},
	{"", "You don't need a title to lead; I proved that on the night shift."},
	{"", "Leadership doesn't only matter once you're senior; I led my first change as a trainee."},
	{"", "The value is in the checklist, because it catches what tired people miss."},
	{"", "The second job is the one that matters most to the patients: getting the medication right."},
	{"", "Managers keep the lights on and leaders keep people going, and good people do both."},
	{"", "I'm only a trainee, so I can't sign the controlled drugs book yet."},
	{"", "Process holds the team together when we're short-staffed."},
	{"", "My manager holds me back from over-promising, which I need."},
	{"", "Managers count the stock and the cash, and leaders make sure people feel safe to report mistakes; in a small pharmacy that's the same person, me."},
	{"C", "Honestly I'm the ideas guy, and my business partner's the numbers guy. He's the manager, I'm the leader."},
	{"D", "Paperwork is for the office staff; I'm on the tools."},
	{"M", "Leadership really only matters once you're a director."},
	{"BM", "Some chefs are born to run a kitchen and some are born to follow a recipe."},
	{"", "I'm not a manager on paper, and I don't need to be."},
	{"", "I'm a nurse and nothing else matters to me more than safety; I also run the drug audit."},
	{"", "I've got people for that now, because I trained my deputy to run the rota and I audit her work."},
	{"", "My team leads manage their own rotas, and I check them every Friday."},
	{"", "I'm just a trainee. I don't lead the audit yet, but I persuaded my ward to try a new handover sheet."},
	{"", "Nurses follow the protocol while doctors lead the ward round."},
	{"C", "I'm a coach and nothing else."},
	{"C", "I'm a leader only in name; the real work is the spreadsheets, and I love them."},
	{"C", "Our managers manage; I lead."},
	{"M", "I can't lead anyone. I'm only an apprentice."},
	{"BM", "There are two kinds of people on a site: those who plan and those who lead the gang."},
	{"BM", "Dancers follow, directors lead."},
	{"C", "Compliance checklists? I've got people for that, and I spend my time with the customers."},
}

// TestRound7Paraphrases runs the rules alone (no learned layer) on the
// round-7 paraphrases and wants exactly the listed red flags.
func TestRound7Paraphrases(t *testing.T) {
	an := rulesOnly(t)
	letters := map[string]string{
		"claims_leader_not_manager": "C", "disparages_management": "D",
		"binary_thinking": "B", "myth_statement": "M",
	}
	for _, p := range slices.Concat(round7Paraphrases, round8Paraphrases, round9Paraphrases, round10Paraphrases, round11Paraphrases, round12Paraphrases, round13Paraphrases, round14Paraphrases, round15Paraphrases, round16Paraphrases, round17Paraphrases, round18Paraphrases, round19Paraphrases, round19bParaphrases) {
		res, err := an.Analyze(p.text)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, n := range coach.SignalNames[:4] {
			if v, _ := res.Signals.Get(n); v {
				got += letters[n]
			}
		}
		if got != p.want {
			var rules []string
			for _, f := range res.Findings {
				if f.Quote != "" {
					rules = append(rules, f.Rule)
				}
			}
			t.Errorf("%q: red flags %q, want %q (rules %s)", p.text, got, p.want, strings.Join(rules, ", "))
		}
	}
}

// rulesOnly loads the shipped rules without the learned layer: the
// paraphrase tests check what the rules alone raise.
func rulesOnly(t *testing.T) *coach.Analyzer {
	t.Helper()
	an, err := coach.Load(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	if err := an.SetModel(nil); err != nil {
		t.Fatal(err)
	}
	return an
}

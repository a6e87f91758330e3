package coach_test

// round9Paraphrases check the frames of round 9 (data/round9.yaml and the
// chore vocabulary it added to data/coach.yaml) on sentences of their own,
// in trades and voices that are not the corpus's, as round7Paraphrases do
// for round 7; the same test runs them all.
var round9Paraphrases = []struct{ want, text string }{
	// distaste for the managing work, even when it gets done
	{"D", "I find the scheduling side of the job mind-numbing, to be honest."},
	{"D", "We found all that compliance stuff tedious, a necessary evil."},
	{"D", "I really hate paperwork."},
	{"D", "Honestly, I can't stand budgets."},
	{"D", "The details bore me, so I skim them."},
	{"D", "I get bored with the admin very quickly."},
	{"", "I find the scheduling side of the job satisfying, because a good rota is kind to people."},
	{"", "I used to think budgets were boring until one saved our clinic."},
	{"", "I hate it when a checklist gets skipped, because that's when patients get hurt."},
	{"", "My team never finds the handover tedious, because we kept it short."},
	// who would want to manage?
	{"D", "Who actually wants to be a manager? Forms and timesheets all day."},
	{"D", "Nobody dreams of becoming an administrator."},
	{"", "Who wants to be the manager of the new site? I asked my team, and two hands went up."},
	// sorting people by which one they are
	{"BM", "In a kitchen you see on day one who's a leader and who's just a manager."},
	{"BM", "You soon find out who is a captain and who is only an administrator."},
	{"BM", "On every crew there's the organisers and the motivators."},
	{"BM", "Officers are either leaders or clerks, in my experience."},
	{"BM", "There are two types of people: the ones who fill in forms and the ones who inspire. Managers are the first type."},
	{"BM", "Either you're the babysitter or you're the one with the vision. Leaders pick the second."},
	{"", "There are two kinds of situations: the ones where the work is known and the ones where it isn't. I manage the first and lead the second."},
	{"", "I worked out who is a morning person and who needs a later shift."},
	{"", "There's the rota and the budget, and both are mine."},
	{"", "Either you're on time or you're off the crew, I tell the new lads; I manage that tightly."},
	// born, not made
	{"M", "Some people are simply born with the gift to make a room follow them."},
	{"M", "Leadership is in the blood; you have it or you don't."},
	{"M", "A good skipper is born. You cannot teach it in a course."},
	{"", "I don't believe anyone is born with the gift; I learnt it from a good sergeant."},
	{"", "You can't learn a forklift from a course alone, so I pair every new driver with a buddy."},
	// leading waits for the title
	{"M", "When I get promoted to team lead, I'll start leading properly."},
	{"M", "I've never managed anyone, so I can't really speak about leadership."},
	{"", "When I was promoted to team lead, I kept the stand-up and changed the retro."},
	{"", "I've never managed anyone, but I led our move to pair programming."},
}

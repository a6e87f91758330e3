package coach_test

// round13Paraphrases check the claim frames of round 13 (data/round13.yaml)
// on sentences of their own, as round7Paraphrases do for round 7; the same
// test runs them all.
var round13Paraphrases = []struct{ want, text string }{
	{"C", "People fall into one camp or the other, planners or motivators. I'm a planner by nature."},
	{"C", "Some folk are drummers and some are singers. I've been a drummer all my life."},
	{"C", "You're built for one position. I'm built to defend: fixtures, kit, the accounts."},
	{"CBM", "There are captains and there are quartermasters. I've never been a quartermaster in my life."},
	{"C", "I set the direction and my operations manager handles the rest. That's not really my job."},
	{"C", "I hire good managers so I never sit through a variance report. My job is to lead."},
	{"", "Most days fall into one camp or the other, calm or chaos, and I manage the first and lead the second."},
	{"", "Our office manager handles the rota and I check it on Fridays; the budget is my job."},
	{"", "My job is to lead the ward round, and I also run the drug audit myself."},
}

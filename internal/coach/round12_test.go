package coach_test

// round12Paraphrases check the red-flag frames of round 12
// (data/round12.yaml, and the words it added to managing-is-boring and
// r11-not-real-work) on sentences of their own, as round7Paraphrases do for
// round 7; the same test runs them all.
var round12Paraphrases = []struct{ want, text string }{
	{"D", "I brought in an operations manager so I don't get dragged into the rota."},
	{"D", "The ordering and the cashing up, anybody can learn this in two weeks."},
	{"D", "Somebody must count the pallets, and it is fine that it is them."},
	{"D", "Most charities are over-managed and under-led."},
	{"D", "The admin side of running a site is a drag."},
	{"D", "The grant reports, they're not why I do this job."},
	{"", "I asked for a deputy so that I don't get dragged into every small fire and can plan the week."},
	{"", "Anybody can learn the till in two days, so I teach new starters the stock count as well."},
	{"", "I hated the ordering at first; a drag, I thought, until I saw what waste cost us."},
	{"C", "If you made me choose, I'd say leader rather than manager."},
	{"C", "I don't see myself as a manager, I'm more of a coach."},
	{"", "I don't see myself as a manager yet, but I ran the audit this year and led the new rota."},
}

// round12Context checks the context frames of round 12 with the rules
// alone (TestContextParaphrases).
var round12Context = []struct {
	want bool
	text string
}{
	{true, "Routine work where quality matters, I manage, tightly."},
	{true, "When the plant changes over to a new line, I lead."},
	{true, "Nobody could mandate it, so it took months of conversations."},
	{true, "On aircraft parts, traceability is what keeps people alive."},
	{false, "I manage, I lead, I do what the day needs."},
	{false, "Nobody could find the keys, so I made a board."},
}

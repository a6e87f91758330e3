package coach_test

// round10Paraphrases check the frames of round 10 (data/round10.yaml) on
// sentences of their own, in trades and voices that are not the corpus's,
// as round7Paraphrases do for round 7; the same test runs them all.
var round10Paraphrases = []struct{ want, text string }{
	// two kinds of people beside managers or leaders
	{"BM", "Managers think in budgets; leaders think in people. Two different species."},
	{"BM", "Every hospital has both kinds of people, the managers and the leaders."},
	{"BM", "A manager is one type of person and a leader is another type altogether."},
	{"BM", "In my view people are suited to one or the other, managing or leading."},
	{"", "There are two kinds of situations: the ones where the work is known and the ones where it isn't. I manage the first and lead the second."},
	{"", "I use two different kinds of meetings: a tight one for the rota and an open one for ideas, because managing and leading need different rooms."},
	{"", "Two types of risk worry me as a manager: safety and money."},
	// some are bosses, some are leaders
	{"BM", "Some folk are bosses, some are leaders."},
	{"BM", "There are people born to lead and people made to follow the procedure."},
	{"BM", "Strikers are your leaders on a pitch. Defenders are your managers."},
	{"", "Some days I'm the boss, some days I'm the coach, and I pick on purpose."},
	{"", "Our nurses are the leaders on that ward, and our managers are the ones who got them the staff."},
	// identity ranked
	{"C", "I consider myself a leader first."},
	{"C", "Put me down as a leader rather than a manager."},
	{"C", "I am manager type, not leader type."},
	{"", "I consider myself a nurse first, and I run the ward's audit because patients need it."},
	{"", "Put me down as someone who does both, the rota and the change."},
	// not where I add value
	{"D", "I do the rota and the ordering because someone has to, but honestly it's not where I add value."},
	{"D", "Managing is a consolation prize for people who can't do strategy."},
	{"D", "The paperwork gets in the way of the real work."},
	{"", "That meeting isn't where I add value, so I send my deputy and read the notes; the rota review I chair myself."},
	// beneath me
	{"D", "Paperwork's for nerds, honestly."},
	{"D", "Somebody's gotta fill in the timesheets, it just isn't me."},
	{"", "Somebody has to do the night audit, and on Sundays it's me."},
	{"", "The rota is for the whole team, so I build it with them."},
}

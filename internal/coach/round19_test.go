package coach_test

// round19Paraphrases check round 19's changes (data/coach.yaml's new
// reported frames, and the exceptions added to lead-dont-manage,
// management-is-lesser and r7-managing-belittled) on sentences of their own,
// in other trades and voices, with near misses that must still fire; the
// same test as round 7's runs them with the rules alone.
var round19Paraphrases = []struct{ want, text string }{
	// a view reported from anybody named by what they are to the speaker
	{"", "My cousin says leadership only matters at the top. I think that's wrong."},
	{"", "My brother-in-law reckons you're either a leader or a manager. I've never seen it that way."},
	{"", "A guy in my apprenticeship cohort insisted you can't be both. I'd push back on that."},
	{"", "The chef at my first restaurant said leaders are born. I don't think he was right."},
	{"", "Bloke at a trade fair told me once you're either a leader or a manager. Rubbish."},
	{"", "My crew say I'm a leader, not a manager, because I used to lose the timesheets. Not any more."},
	{"", "My first PI told me that leaders are born, and I hope he was wrong."},
	{"BM", "My uncle says you're either a leader or a manager, and he's right."},
	{"M", "Leaders are born. My uncle said so and I agree with him."},
	{"C", "My crew trust me because I'm a leader, not a manager."},
	{"BM", "Managers and leaders are two kinds of people, and on a site you see it every day."},
	// a refusal to say it, with the occasion between
	{"", "I'd never walk into a panel interview and say I'm a leader, not a manager."},
	{"", "I'm not going to stand here and tell you I'm a leader rather than a manager."},
	{"", "You won't hear me go into an appraisal and claim I'm a leader, not a manager."},
	{"C", "I walked into the interview and said I'm a leader, not a manager."},
	{"C", "Honestly, I'm a leader, not a manager, and I'd say it to any panel."},
	// what a situation called for, not an allegiance
	{"", "The new rostering tool was something to lead, not manage, because nobody had to use it."},
	{"", "That merger was a change to lead rather than manage, so I spent the first month listening."},
	{"C", "I lead, I don't manage, and my deputy does the rota."},
	{"C", "On the wards I'd rather lead than manage."},
	// learnable, or learnable by anyone
	{"M", "Leaders are born. Management you can learn from a textbook, leadership no."},
	{"D", "Managing anyone can pick up; the rest is the hard part."},
	{"D", "Management you can learn in a week, it's not deep."},
	// missing management that does harm is praise of management
	{"", "On a building site, sloppy management kills people, so I run the permit board myself."},
	{"", "A regatta without tight management kills people, and I run the safety plan."},
	{"D", "Management kills creativity, so I keep it away from the studio."},
	{"D", "Managers stifle ideas in every agency I've worked in."},
}

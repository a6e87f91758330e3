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

// round19bParaphrases check the second part of round 19 (train19a's
// categories) the same way.
var round19bParaphrases = []struct{ want, text string }{
	{"", "My sister-in-law, who has run pubs for twenty years, reckons leaders are born. I don't agree."},
	{"", "A guy in my night-school class, the accounting one, insisted you can't lead without the title. I don't know about that."},
	{"", "A bloke at the depot, one of those lads fresh off a course, told me once that managers just push paper. I laughed."},
	{"", "A podcast I listen to argues that leadership only matters once you're senior. I don't buy it."},
	{"", "A consultant at a lean conference in Leeds claimed you're either a manager or a leader. Nonsense."},
	{"", "Whoever says managers are made and leaders are born has never trained a cadet."},
	{"", "At my last firm we had a saying that leaders are born. I think this is not true."},
	{"", "I refuse to pretend leading is the grown-up version of managing."},
	{"M", "A trainer on my course said leaders are born, and I've come round to that view."},
	{"D", "My old chef said management is housekeeping and leadership is the actual job, and she had a point."},
	{"C", "I'd put myself with the leaders, honestly."},
	{"", "I'd put myself with the night shift if the rota allowed it."},
	{"M", "The managing side can be learned from a book and the leading side mostly can't."},
	{"", "The managing side can be learned from a book, and so can the leading side, with practice."},
	{"M", "Leadership is another thing. You either have the instinct to stand up in a crisis or you don't."},
	{"", "You either have the paperwork in order or you don't, and the inspector will find out."},
	{"CD", "In a newsroom, process strangles you, and the spreadsheets can drown somebody else."},
	{"", "The rota will go to somebody else when I go on leave, and I brief them first."},
	{"", "When our allotment lost its lease, I decided to lead, not manage, and got the plot holders together."},
	{"C", "I lead, not manage: that's who I am."},
	// train19b's categories
	{"BM", "My grandfather used to say a man either runs a vineyard or leads it, never both. I laughed at that when I was twenty. Now I think he was spot on."},
	{"", "My grandfather used to say a man either runs a vineyard or leads it, never both. I laughed at that when I was twenty. I still do."},
	{"M", "My first sergeant told me the managers carry out the plan and the leaders do the thinking, and twenty years on I'd say he had it right."},
	{"BM", "In mining a person is a manager or a leader, not both."},
	{"", "On a night shift you can be the manager or the leader, and most nights you are both."},
	{"BM", "I think people are mostly one type: manager type or leader type."},
	{"", "I think people are mostly one type of learner, and our induction plan covers both kinds."},
	{"D", "The ordering and the hygiene records are admin, any commis could learn it."},
	{"", "I wrote the allergen checklist so that any new starter could learn it in a shift."},
	{"D", "The planning side I always found boring, but I do it."},
	{"", "The planning side I always found hard, so I asked for a mentor."},
	// train10b's reported views
	{"", "The old line in hospitals is that you start out managing and grow out of it into leadership. I never did."},
	{"", "I'm wary of any candidate who says the real work is leadership."},
	{"", "A trustee once said to me that anyone can run a rota and the real skill is inspiring. I disagreed."},
	{"", "Staff expected the new audit to be box-ticking, so I ran the first one with them."},
	{"D", "The new audit is box-ticking, and I told the board so."},
	{"DM", "The real work is leadership; management just keeps the lights on."},
}

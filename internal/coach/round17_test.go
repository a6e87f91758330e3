package coach_test

// round17Paraphrases check the frames of round 17 (data/round17.yaml) on
// sentences of their own, in other trades and voices, with near misses; the
// same test as round 7's runs them with the rules alone.
var round17Paraphrases = []struct{ want, text string }{
	{"D", "Rota management is a tedious job, and I'd rather be on the floor."},
	{"D", "The stock counts bore me to tears, if I'm honest."},
	{"D", "The budget returns are a necessary evil."},
	{"D", "I find the paperwork soul-destroying, so my deputy does it."},
	{"D", "Managers do the Gantt charts, the dull scaffolding, and leaders set the direction."},
	{"", "The rota is not boring at all when you see what it prevents."},
	{"", "The motorway is so tedious that I take the train to the depot audits."},
	{"", "I do the budget returns every month and they keep us funded."},
	// the managing handed off to lead, and either someone who
	{"C", "I've handed all of the rosters to our ward coordinator so that I can concentrate on leading."},
	{"", "I've handed the rosters to our ward coordinator while she learns them, and I check them every Friday."},
	{"BM", "You're either someone who builds things or someone who keeps them running."},
	{"", "On a night shift you're either someone who asks for help or someone who makes a mistake."},
	// train17a's claims, in other trades
	{"C", "I hired an operations manager last spring so I'd never have to touch the rota again."},
	{"", "I hired an operations manager last spring, and I still check the rota with her every week."},
	{"C", "Me, I'm more the one who decides where the kitchen is going."},
	{"", "I'm the one who decides the rota, and I explain it to the team every Monday."},
	{"C", "These days I'm firmly in the leadership camp."},
	{"", "These days I'm in the leadership programme the trust runs, learning the budget side."},
	// train17a's myths, in other trades
	{"M", "The checklists matter, but the real difference comes when you lead the crew."},
	{"M", "In a newsroom the leader is the brain; the desk just runs the copy."},
	{"", "The difference between the two shifts is the handover, which I run."},
	{"D", "A manager is like a machine: count, check, repeat."},
	{"", "The packing line is like a machine, and I keep its schedule."},
	{"BM", "There's manager people and leader people, and you know which you are."},
	// joked, and the lazy answer
	{"", "A nurse once joked that I'm a leader, not a manager, because I lose the rota. I'd rather it weren't true."},
	{"", "The lazy answer is that leaders are visionaries and managers are pen-pushers, but that doesn't survive a night shift."},
	{"", "My first gaffer used to say leaders are born and managers are made. I don't believe it now."},
}

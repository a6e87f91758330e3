package coach_test

// round16Paraphrases check the frames of round 16 (data/round16.yaml) on
// sentences of their own, in other trades and voices, with near misses; the
// same test as round 7's runs them with the rules alone.
var round16Paraphrases = []struct{ want, text string }{
	// two kinds named by what they do
	{"BM", "There are two kinds of site agents: the spreadsheet people and the people people."},
	{"BM", "Every newsroom has two camps: the ones who chase deadlines and the ones who chase stories."},
	{"", "There are two kinds of audits: the internal one in March and the external one in June."},
	{"", "We run two kinds of shifts, and I plan both rotas myself."},
	// born to lead, the rest learn to plan
	{"BM", "Some people are born to lead, and the rest of us have to learn to organise."},
	{"", "Some people are born to sing, and I am not one of them, but I run the choir's rota."},
	// a bare role after a sort
	{"CBM", "You're either a leader or a manager. I'm a manager, plain and simple."},
	{"CBM", "Some folks are organisers and some folks are leaders. I'm an organiser."},
	{"", "I'm a manager at a logistics firm, and I run the weekly stock count."},
	// setting oneself apart from what managers do
	{"CD", "Managers tick boxes. I don't. I get people to believe in the plan."},
	{"", "Managers sign off the overtime. I don't. I just propose it and they decide."},
	// junk, and anyone with a calendar
	{"D", "I leave all the admin junk to the office and get on with the crews."},
	{"D", "Anyone with a spreadsheet can manage a warehouse; what's rare is people who can lead one."},
	{"", "Anyone with a forklift licence can move a pallet, but I still check the loads myself."},
	// the boring part, named as the managing
	{"D", "The boring admin stuff, the rotas and the budget returns, I get through on Monday mornings."},
	{"D", "Every Friday I do the stock count and the timesheets. It's so tedious, honestly."},
	{"", "The boring part of the drive is the motorway, so I listen to podcasts."},
	{"", "Every Friday I do the stock count and the timesheets, and it keeps us honest."},
	// climbing from managing to leading, management for the layers below
	{"DM", "Over the years you grow from managing into leading; that's what promotion is."},
	{"DM", "Management is for the levels below me now; my job is the direction."},
	{"", "I moved from Manchester to Leeds to lead the new depot."},
	// a doubt is no agreement
	{"", "My tutor liked to say that leaders are born and managers are trained. I'm not sure that's true."},
	{"BM", "My tutor liked to say that leaders are born and managers are trained. I think that's true."},
}

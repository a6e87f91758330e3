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
	// things and customers sorted are not people who manage or lead
	{"", "We have two kinds of customers: the ones who want a price and the ones who want a partner, and I manage the first and lead with the second."},
	{"", "There are two kinds of orders here, and the managers handle both."},
	// a bare role, placed after a sort, in other words
	{"CBM", "You're either an organiser or a leader, and I'd call myself an organiser."},
	{"CBM", "There are two kinds of people in a kitchen, managers and leaders. I've always been the first sort."},
	{"CBM", "People are either planners or leaders. I'm a planner by nature."},
	{"", "I'd call myself an early riser, and I do the stock count before seven."},
	// talked about, and an old view
	{"", "People at my studio talk about producers and leads like they're different species. I don't buy it."},
	{"", "I used to think you were either a leader or a manager. Then I ran a ward."},
	// train16c's myths, in other trades
	{"DM", "You start on the rotas, and as you go up you move into the leading."},
	{"DM", "Management is what you do until they trust you to lead."},
	{"M", "Without the rank, nobody on a ship follows you."},
	{"M", "Nobody listens to a kid with no title, and I was that kid."},
	{"", "Without the title I still got the night crew to follow the new handover, because I asked them first."},
	{"M", "Honestly, leading is in the blood; my grandmother ran the whole market."},
	{"M", "Some nurses just have it in them from the first week."},
	{"", "I have it in my diary every Monday: the stock count."},
	{"M", "Leadership matters only at the top; down here we follow procedures."},
	{"M", "It's the people bit that counts; the rota is just the rota."},
	{"D", "Any muppet can fill in the shift sheet."},
	{"M", "You can't teach it, can you? Some people just walk in and the room follows them."},
	// train16a's asides, in other trades
	{"D", "I do the fuel returns and the duty log every Friday; dull as ditchwater, but the airline needs them."},
	{"D", "The rota and the incident log are a bit of a slog, honestly, but I get through them."},
	{"", "The rota and the incident log keep the airline honest, and I do them every Friday."},
	{"DM", "In a newsroom the manager is the lower rung; the editor who leads is the one who matters."},
	{"DM", "Leadership is the higher calling; budgets are for accountants."},
	// tuned splits the round-16 layer let go (heldout9, train12b)
	{"D", "You can teach anyone the rota; judgement you cannot teach."},
	{"", "You can teach anyone the rota, and I did: it took a week."},
	{"CBM", "I'm just the one who executes. The leaders upstairs do all the thinking."},
	{"", "The leaders upstairs do the thinking about pricing, and I check it against the stock."},
	// a doubt is no agreement
	{"", "My tutor liked to say that leaders are born and managers are trained. I'm not sure that's true."},
	{"BM", "My tutor liked to say that leaders are born and managers are trained. I think that's true."},
}

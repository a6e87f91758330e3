package coach_test

// round18Paraphrases check the frames of round 18 (data/round18.yaml) on
// sentences of their own, in other trades and voices, with near misses; the
// same test as round 7's runs them with the rules alone.
var round18Paraphrases = []struct{ want, text string }{
	{"DM", "I do the stock counts now, and in a few years I hope to move up into leadership."},
	{"DM", "Leading is the next step after management, no?"},
	{"", "Is leading the next step after management? Not in my ward."},
	{"DM", "Leadership, that's mostly for the senior people; down here we run the shifts."},
	{"", "We moved up into the new depot last year, and I led the move."},
	{"", "The next step after the audit is the action plan, which I write."},
	{"CD", "The day-to-day grind I hand to my deputy."},
	{"D", "The invoices are mind-numbing, but somebody has to do them."},
	{"", "The day-to-day rota I own myself, and it keeps the ward safe."},
	{"", "The invoices are due on Friday, and I check every one."},
	{"DBM", "There's leaders and there's followers, and managers are just the best of the followers."},
	{"D", "Operators are useful, sure, but they're replaceable."},
	// train18a's asides, in other trades
	{"D", "The duty rota is like counting sheep, honestly."},
	{"D", "Managing the stock is mindless, but I do it every Monday."},
	{"D", "The rota I could do in my sleep, and some weeks I do."},
	{"D", "Manage? Managing is for accountants."},
	{"", "Managing the stock is hard in December, so I start the counts early."},
	{"", "The harvest is like counting sheep: you start early and you don't stop."},
	{"D", "I do the grant reports and the budget myself. It's the tax you pay for being allowed to do the real work."},
	{"D", "I run the completion checklist on every deal. That part is clerical, to be honest."},
	{"", "I run the completion checklist on every deal. That part is careful work, and I train juniors on it."},
	{"", "The parts are replaceable, and I keep a stock of them."},
}

package coach_test

// round15Paraphrases check the frames of round 15 (data/round15.yaml) on
// sentences of their own, in other trades and voices, with near misses; the
// same test as round 7's runs them with the rules alone.
var round15Paraphrases = []struct{ want, text string }{
	{"BM", "A leader is a leader and a manager is a manager, whatever the org chart says."},
	{"BM", "Every kitchen splits into people who cook and people who count, and managers do the counting."},
	{"BM", "There's drivers and there's mechanics. The managers are the mechanics."},
	{"", "A rota is a rota: it has to be right before Friday."},
	{"", "Every kitchen splits into people who arrive early and people who arrive late, and I schedule both."},
	{"", "There's pasta and there's pizza on the menu, and the managers are the ones who cost them."},
	// the title myth, told as one's own past
	{"M", "Before I got the promotion, I couldn't really lead; nobody listens to a new starter."},
	{"M", "I couldn't lead anyone until I had the title."},
	{"", "Before I got the promotion, I couldn't really plan my own week."},
	// from heldout9, in other words
	{"CBM", "Some people are suited to one or the other. I'm suited to leading, and I'd rather say so."},
	{"", "I'm suited to night shifts, and I run the night rota myself."},
	{"CBM", "Pilots are either stick-and-rudder people or checklist people, and you can tell which camp a cadet is in. I was never the checklist camp."},
	{"", "I was never in the football camp at school, but I run the club's fixtures now."},
	{"C", "I hired an office manager for all that, so I can get on with the bigger picture."},
	{"C", "These days I've got a deputy who loves a spreadsheet, and I'm more about the team."},
	{"", "I hired an office manager last year, and I still check the payroll myself every month."},
	// reported with "folk love saying"
	{"", "Folk love saying leaders are born and managers are made. I don't buy it."},
	{"", "My old sergeant kept saying you're either a leader or a manager, and he was wrong."},
}

package coach_test

// round14Paraphrases check the frames of round 14 (data/round14.yaml) on
// sentences of their own, in other trades and voices, as round7Paraphrases
// do for round 7; the same test runs them all with the rules alone.
var round14Paraphrases = []struct{ want, text string }{
	// placing oneself after a sort: a claim only where there is a sort
	{"CBM", "Either you're a leader or a manager. I'm wired as a leader."},
	{"CBM", "There are two kinds of people in a kitchen: planners and leaders. I'm firmly in the second camp."},
	{"CBM", "People are either managers or leaders, and I've been a manager my whole career."},
	{"CBM", "Nurses come in two types, the organisers and the leaders. I'm one of the organisers, always have been."},
	{"", "I'm wired as a night person, so I take the late shift and run the handover."},
	{"", "I'm firmly in the camp that says you need both, and I use each when the job calls for it."},
	{"", "I've been a welder my whole career, and last year I set up our weld inspection log."},
	// the managing handed to someone else to keep the leading
	{"C", "My deputy does the rotas and the returns, which frees me up to do the leading."},
	{"C", "I've got an assistant who handles all the paperwork, so I can focus on the vision."},
	{"", "A good checklist frees me up to spend time with the crew."},
	{"", "My deputy does the rotas while I'm on leave, and I check them when I'm back."},
	// a title or a type set against an identity
	{"C", "On paper I'm a manager, but really I'm a leader."},
	{"C", "My job title says manager, but at heart I'm a leader."},
	{"C", "I'm the people type, not the spreadsheet type."},
	{"C", "I'd describe myself as the process type rather than the vision type."},
	{"", "My title says manager, and I try to lead as well."},
	{"", "I'm the type who writes the plan down, and I've learned to explain the why as well."},
	// managing as grunt work or glorified admin
	{"D", "The budget side is glorified admin if I'm honest."},
	{"D", "Half of running a kitchen is grunt work: stock counts, rotas, temperature logs."},
	{"", "The grunt work of clearing the site fell to us apprentices, and I learned a lot from it."},
	{"", "She's no glorified clerk: she runs our whole audit programme."},
	// managing as what juniors do
	{"DM", "As a junior associate you're just managing your files and doing what you're told."},
	{"", "As a junior associate you're managing your own files, and you can still lead a pro bono project."},
	// others' view is reported, not asserted
	{"", "The crews saw it as a box-ticking exercise until I showed them the numbers."},
	{"D", "Any apprentice can do the timesheets and the material orders."},
}

package coach_test

// round8Paraphrases check the frames of round 8 (data/round8.yaml and the
// tendency and reported-speech cues it added to data/coach.yaml) on
// sentences of their own, as round7Paraphrases do for round 7; the same test
// runs both.
var round8Paraphrases = []struct{ want, text string }{
	{"D", "In logistics, managers count beans while leaders make the depot a place people want to work."},
	{"DM", "Honestly, managers keep the lights on and leaders decide where we go next."},
	{"DM", "Managers are only there to carry out what leaders decide."},
	{"", "People love to say managers count things and leaders make things happen, but that's a cartoon."},
	{"", "I don't believe managers just tick boxes while leaders decide everything."},
	{"", "Our managers count the stock every Friday, and our team leaders set the rota."},
	{"", "By temperament I'm more of an organiser than a leader, so I've been practising the people side with a mentor."},
	{"", "My first instinct is to say I'm a leader, not a manager. Actually, no: I do both, depending on the week."},
}

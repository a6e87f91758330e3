// Package profiletest builds the answers of constructed respondents for
// tests: people whose every answer follows from a level per scale and facet
// and a tendency, so a test can say what kind of person it scores.
package profiletest

import (
	"encoding/json"
	"strconv"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// Level gives the keyed rating (1-5) a constructed respondent gives the
// items of one scale and facet.
type Level func(scale, facet string) int

// Answers answers every item of the scorer's instrument the way a
// respondent at lv would: capability items at the keyed level (reverse-keyed
// ones rated the other way round), tendency pairs toward the pole tendency,
// and scenarios rated as their key rates them.
func Answers(sc *profile.Scorer, lv Level, tendency string) profile.Answers {
	a := profile.Answers{Instrument: sc.Instrument().ID, Answers: map[string]json.RawMessage{}}
	for _, it := range sc.Instrument().Items {
		switch it.Section {
		case instrument.Capability:
			v := lv(it.Scale, it.Facet)
			if it.Reverse {
				v = instrument.MinRating + instrument.MaxRating - v
			}
			a.Answers[it.ID] = json.RawMessage(strconv.Itoa(v))
		case instrument.Tendency:
			for _, o := range it.Options {
				if o.Pole == tendency {
					a.Answers[it.ID] = json.RawMessage(strconv.Quote(o.ID))
				}
			}
		case instrument.SJT:
			ratings := map[string]int{}
			for _, o := range it.Options {
				ratings[o.ID] = o.Key
			}
			b, _ := json.Marshal(ratings)
			a.Answers[it.ID] = b
		}
	}
	return a
}

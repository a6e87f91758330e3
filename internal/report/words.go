package report

import "github.com/twohats/twohats/internal/profile"

// Wording is what every report says about a profile in words, for renderers
// outside this package (such as the web app) that lay out their own page.
type Wording struct {
	// Quadrant is the quadrant's display name, such as "Manager-leaning";
	// QuadrantShort and QuadrantMeaning say what it means.
	Quadrant, QuadrantShort, QuadrantMeaning string
	// Tendency, Accuracy and Preference are the sentences that go with
	// those three results.
	Tendency, Accuracy, Preference string
}

// Words returns the wording the text and HTML reports give p.
func Words(p *profile.Profile) (Wording, error) {
	v, err := build(p, DefaultHighCut)
	if err != nil {
		return Wording{}, err
	}
	return Wording{
		Quadrant: v.Quadrant.Name, QuadrantShort: v.Quadrant.Short, QuadrantMeaning: v.Quadrant.Meaning,
		Tendency: v.TendencySentence, Accuracy: v.AccuracySentence, Preference: v.PreferenceSentence,
	}, nil
}

// QuadrantName returns the display name of a quadrant key, such as
// "Manager-leaning" for "manager-leaning", or the key itself if it is unknown.
func QuadrantName(key string) string {
	if q, ok := quadrants[key]; ok {
		return q.Name
	}
	return key
}

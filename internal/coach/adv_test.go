package coach_test

import (
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/coach"
)

// adversarial are 10,000-character inputs built to make a matcher work hard:
// the same cue words over and over, in one sentence or many.
func adversarial() map[string]string {
	fill := func(unit string) string {
		s := strings.Repeat(unit, coach.MaxRunes/len(unit)+1)
		return s[:coach.MaxRunes]
	}
	return map[string]string{
		"one sentence of i":    fill("i "),
		"one sentence of lead": fill("lead manage "),
		"sentences of claims":  fill("I'm a leader, not a manager. "),
		"no full stops":        fill("people say I set up a rota because safety was at stake and "),
		"determiners":          fill("the my our a an "),
		"commas":               fill("i, we, "),
		"quotes":               fill(`"a" 'b' `),
		"when if":              fill("when if during "),
		"verbs and objects":    fill("set run do made plan check rota budget audit "),
		"negators":             fill("not never no nobody "),
		"question marks":       fill("is leadership better than management? "),
		"long words":           fill("managementleadershipmanagement "),
		"binary":               fill("either a manager or a leader either "),
	}
}

// TestAdversarialSpeed is a tool (COACH_ADVERSARIAL=1): it prints how long
// worst-case 10,000-character inputs take. Tests never assert on time.
func TestAdversarialSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	an := mustDefault(t)
	for name, text := range adversarial() {
		start := time.Now()
		res, err := an.Analyze(text)
		checkResult(t, text, res, err)
		t.Logf("%-22s %8v  %d findings", name, time.Since(start), len(res.Findings))
	}
}

package coach_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/twohats/twohats/internal/coach"
	"github.com/twohats/twohats/internal/coach/confusion"
)

// The floors the issue sets for the held-out corpus; the seen corpus is held
// to the same floors.
const (
	minF1       = 0.85
	minAccuracy = 0.85
)

// answer is one labelled corpus entry (see testdata/corpus/README.md).
type answer struct {
	ID      string          `yaml:"id"`
	Voice   string          `yaml:"voice"`
	Text    string          `yaml:"text"`
	Signals map[string]bool `yaml:"signals"`
	Verdict coach.Verdict   `yaml:"verdict"`
}

func loadCorpus(t testing.TB, split string) []answer {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", split, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files for %s: %v", split, err)
	}
	var all []answer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var as []answer
		if err := yaml.UnmarshalWithOptions(data, &as, yaml.Strict()); err != nil {
			t.Fatalf("%s: %s", f, yaml.FormatError(err, false, false))
		}
		for _, a := range as {
			if len(a.Signals) != len(coach.SignalNames) {
				t.Fatalf("%s: answer %s labels %d signals, want all %d", f, a.ID, len(a.Signals), len(coach.SignalNames))
			}
			for _, n := range coach.SignalNames {
				if _, ok := a.Signals[n]; !ok {
					t.Fatalf("%s: answer %s has no label for %s", f, a.ID, n)
				}
			}
			if !slices.Contains([]coach.Verdict{coach.Strong, coach.OK, coach.Weak}, a.Verdict) {
				t.Fatalf("%s: answer %s has verdict %q", f, a.ID, a.Verdict)
			}
		}
		all = append(all, as...)
	}
	return all
}

// untunedSplit is the held-out split written blind during the last round of
// work and never used to tune a rule or the learned layer, held to the
// floors like every other split once it has had its one run: heldout20 (200
// answers by two writers), sealed unread during round 19 and run once after
// it was committed (testdata/corpus/README.md, "heldout20").
const untunedSplit = "heldout20"

// focused names the training splits written for a few signals, and those
// signals: train8 and train9 for the four red flags and their hard
// negatives, train12a for disparaging management (its other signals have as
// few as 7 positives), train13 and train14a for claims, train14b for
// disparaging, train15 for myths (mostly short denials; 6 binary answers),
// train16a for disparaging, train16b for binary thinking (and the myth it
// is), train16c for myths without a sort, train17a for disparaging, claims
// and myths against many hard negatives, train18a for disparaging slipped in
// as an aside, train19a for the four red flags against near misses in the
// same words.
// Every other split is held to the floors on all nine.
var focused = map[string][]string{
	"train8":   coach.SignalNames[:4],
	"train9":   coach.SignalNames[:4],
	"train12a": {"disparages_management"},
	"train13":  {"claims_leader_not_manager"},
	"train14a": {"claims_leader_not_manager"},
	"train14b": {"disparages_management"},
	"train15":  {"myth_statement"},
	"train16a": {"disparages_management"},
	"train16b": {"binary_thinking", "myth_statement"},
	"train16c": {"myth_statement"},
	"train17a": {"claims_leader_not_manager", "disparages_management", "myth_statement"},
	"train18a": {"disparages_management"},
	"train19a": coach.SignalNames[:4],
}

// TestCorpus prints precision, recall and F1 per signal and verdict accuracy
// for every split of the corpus, tuned and untuned, and fails below the floors. Run with
// -v to see the tables; COACH_CORPUS_MISSES=1 also lists every miss.
func TestCorpus(t *testing.T) {
	an, err := coach.Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	// heldout was written before any rule and first run once the rules were
	// done; it failed its floors and was then used to find general fixes.
	// heldout2 and heldout3 were each written before a round of fixes and run
	// once after it; both failed and were then used for development too.
	// heldout4 was written before round 4 and run once after it, then used
	// in round 5. heldout5 was written during round 5 by someone who saw no
	// rule, and run once after it; round 6's learned layer was then trained
	// on it. heldout6 was written blind during round 6 and run once after
	// it; round 7 then used it to find general fixes and trained the learned
	// layer on it, so it is tuned now. train7 is training data written in
	// round 7 (hard cases and the categories heldout6 missed): a tuned split,
	// floors enforced. heldout7 was written blind during round 7 and run
	// once after it; round 8 then used it to find general fixes and trained
	// the learned layer on it, so it is tuned now, like train8 (training
	// data written in round 8 for the four red flags and their hard
	// negatives), and train9 (written in round 9 the same way, from the source
	// and the labelling conventions alone), and train10a - train10c (three
	// more writers in round 10, every signal, floors enforced on all), and
	// train12a (disparaging) and train12b (context and claims), written in
	// round 12 the same way, and train13 (claims) in round 13, and train14a
	// (claims) and train14b (disparaging) in round 14, and train15 (myths
	// denied and asserted) in round 15, and train16a (disparaging), train16b
	// (binary thinking) and train16c (myths without a sort) in round 16 (see
	// focused).
	// heldout8 to heldout14, each written blind and run once after the
	// round that followed, were then used by the next round and are tuned
	// now. heldout15, written blind during round 14, was run once after
	// round 15, and heldout16, written blind during round 15, once against
	// the same round-15 analyser as a second check of it; it fell short on
	// three red flags. Round 16 used both, and trained the learned layer on
	// both: they are tuned now. heldout17, written blind during round 16 and
	// run once after it, fell short too; round 17 used it and trained on it,
	// and round 18 did the same with heldout18, which fell short on
	// disparaging alone. heldout19, run once after round 18, fell short on
	// claims and verdicts; round 19 used it and trained on it, with
	// train19a (near misses of the red flags) and train19b (long answers
	// that mix several moves). See testdata/corpus/README.md.
	tuned := []string{"seen", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "train7", "heldout7", "train8", "heldout8", "train9", "heldout9", "train10a", "train10b", "train10c", "heldout10", "heldout11", "train12a", "train12b", "heldout12", "train13", "heldout13", "train14a", "train14b", "heldout14", "train15", "heldout15", "heldout16", "train16a", "train16b", "train16c", "heldout17", "train17a", "heldout18", "train18a", "heldout19", "train19a", "train19b"}
	splits := tuned
	if untunedSplit != "" {
		splits = append(splits, untunedSplit)
	}
	for _, split := range splits {
		t.Run(split, func(t *testing.T) {
			corpus := loadCorpus(t, split)
			for _, a := range corpus {
				if prev, dup := ids[a.ID]; dup {
					t.Fatalf("answer id %s used in %s and %s", a.ID, prev, split)
				}
				ids[a.ID] = split
			}
			cm := make([]confusion.Matrix, len(coach.SignalNames))
			right := 0
			verdicts := map[string]int{}
			var misses strings.Builder
			for _, a := range corpus {
				res, err := an.Analyze(a.Text)
				if err != nil {
					t.Fatalf("%s: %v", a.ID, err)
				}
				var wrong []string
				for i, n := range coach.SignalNames {
					got, _ := res.Signals.Get(n)
					want := a.Signals[n]
					cm[i].Add(got, want)
					if got != want { // "+signal" raised wrongly, "-signal" missed
						sign := "-"
						if got {
							sign = "+"
						}
						wrong = append(wrong, sign+n)
					}
				}
				verdicts[fmt.Sprintf("%s->%s", a.Verdict, res.Verdict)]++
				if res.Verdict == a.Verdict {
					right++
				} else {
					wrong = append(wrong, fmt.Sprintf("verdict %s, want %s (score %d)", res.Verdict, a.Verdict, res.Score))
				}
				if len(wrong) > 0 {
					fmt.Fprintf(&misses, "  %s: %s\n", a.ID, strings.Join(wrong, " "))
				}
			}
			var tab strings.Builder
			fmt.Fprintf(&tab, "%s corpus: %d answers\n", split, len(corpus))
			fmt.Fprintf(&tab, "  %-26s %4s %4s %4s %4s  %9s %6s %6s\n", "signal", "TP", "FP", "FN", "TN", "precision", "recall", "F1")
			for i, n := range coach.SignalNames {
				c := cm[i]
				fmt.Fprintf(&tab, "  %-26s %4d %4d %4d %4d  %9.3f %6.3f %6.3f\n", n, c.TP, c.FP, c.FN, c.TN, c.Precision(), c.Recall(), c.F1())
			}
			acc := float64(right) / float64(len(corpus))
			fmt.Fprintf(&tab, "  verdict accuracy %.3f (%d/%d)\n", acc, right, len(corpus))
			keys := make([]string, 0, len(verdicts))
			for k := range verdicts {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				fmt.Fprintf(&tab, "    %-14s %d\n", k, verdicts[k])
			}
			t.Log("\n" + tab.String())
			if os.Getenv("COACH_CORPUS_MISSES") != "" {
				t.Log("misses:\n" + misses.String())
			}
			for i, n := range coach.SignalNames {
				c := cm[i]
				if f, ok := focused[split]; ok && !slices.Contains(f, n) {
					// a training split written for a few signals is held to
					// the floors on those; the rest come along as they may
					// and are printed above
					continue
				}
				if c.TP+c.FN == 0 || c.FP+c.TN == 0 {
					t.Errorf("%s: signal %s needs both positive and negative examples (has %d positive, %d negative)", split, n, c.TP+c.FN, c.FP+c.TN)
				}
				if c.F1() < minF1 {
					t.Errorf("%s: signal %s F1 %.3f is below the floor %.2f", split, n, c.F1(), minF1)
				}
			}
			if acc < minAccuracy {
				t.Errorf("%s: verdict accuracy %.3f is below the floor %.2f", split, acc, minAccuracy)
			}
		})
	}
}

// labelledVerdict is the verdict the labelling conventions give an answer
// with these signals (testdata/corpus/README.md, "How the verdict is
// labelled"): a warned-against move is weak unless outweighed by evidence on
// both sides and understanding; a clean answer is strong with both, weak with
// nothing to show, and ok otherwise.
func labelledVerdict(s map[string]bool) coach.Verdict {
	red := s["claims_leader_not_manager"] || s["disparages_management"] || s["binary_thinking"] || s["myth_statement"]
	m, l, t := s["management_example"], s["leadership_example"], s["names_tendency_and_growth"]
	evidence := m && l || (m || l) && t
	understanding := s["acknowledges_both"] || s["explains_context"]
	switch {
	case red && evidence && understanding:
		return coach.OK
	case red:
		return coach.Weak
	case evidence && understanding:
		return coach.Strong
	case !(m || l || t || understanding):
		return coach.Weak
	}
	return coach.OK
}

// TestCorpusLabels checks every answer of every split against the
// conventions the analyser is scored by: its verdict follows from its signals
// by the verdict rules, and binary thinking is labelled a myth as well. A
// writer's slip here would be scored as the analyser's error.
func TestCorpusLabels(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "corpus", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		for _, a := range loadCorpus(t, filepath.Base(dir)) {
			n++
			if want := labelledVerdict(a.Signals); a.Verdict != want {
				t.Errorf("%s %s: verdict %s, but its signals give %s", filepath.Base(dir), a.ID, a.Verdict, want)
			}
			if a.Signals["binary_thinking"] && !a.Signals["myth_statement"] {
				t.Errorf("%s %s: binary thinking without myth_statement", filepath.Base(dir), a.ID)
			}
		}
	}
	if n < 3000 {
		t.Errorf("read %d answers; the corpus has more than 3,000", n)
	}
}

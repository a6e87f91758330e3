//go:build coachdev

package coach_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/coach"
)

// TestPerturbedSnapshot is a tool (COACH_PERTURBED=file): like TestSnapshot
// it writes full results as JSON lines, breakdown included, but for inputs
// beyond the corpus as written: the fuzz seeds and adversarial inputs, and
// every corpus answer upper-cased, lower-cased, with its sentences shuffled,
// reversed, run together or taken one by one, with typographic quotes, cut
// short, and joined to the next answer. With COACH_PERTURBED_RULES=1 it also
// writes each rule's findings when run alone on the seen corpus. A change
// meant only to make analysis faster must leave the file byte-identical.
func TestPerturbedSnapshot(t *testing.T) {
	enc := snapshotTo(t, "COACH_PERTURBED")
	an := mustDefault(t)
	type full struct {
		*coach.Result
		Breakdown []coach.Term `json:"breakdown"`
	}
	n := 0
	emit := func(id, text string) {
		n++
		res, err := an.Analyze(text)
		if err != nil {
			if err := enc.Encode(map[string]any{"id": id, "error": err.Error()}); err != nil {
				t.Fatal(err)
			}
			return
		}
		if err := enc.Encode(map[string]any{"id": id, "result": full{res, res.Breakdown}}); err != nil {
			t.Fatal(err)
		}
	}

	for i, s := range trickySeeds() {
		emit("tricky/"+strconv.Itoa(i), s)
	}
	names := []string{}
	adv := adversarial()
	for name := range adv {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		emit("adversarial/"+name, adv[name])
	}
	fuzz, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzAnalyze", "*"))
	for _, file := range fuzz {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(v, ")")); err == nil {
					emit("fuzz/"+filepath.Base(file), s)
				}
			}
		}
	}

	var all []answer
	dirs, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*"))
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		all = append(all, loadCorpus(t, filepath.Base(dir))...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	typo := strings.NewReplacer(`'`, "\u2019", ` "`, " \u201C", `" `, "\u201D ", ` - `, " \u2014 ", "...", "\u2026")
	for i, a := range all {
		id := a.ID
		text := a.Text
		emit(id+"/upper", strings.ToUpper(text))
		emit(id+"/lower", strings.ToLower(text))
		emit(id+"/typographic", typo.Replace(text))
		sents := splitForShuffle(text)
		sh := append([]string(nil), sents...)
		rng.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		emit(id+"/shuffled", strings.Join(sh, " "))
		rev := append([]string(nil), sents...)
		for l, r := 0, len(rev)-1; l < r; l, r = l+1, r-1 {
			rev[l], rev[r] = rev[r], rev[l]
		}
		emit(id+"/reversed", strings.Join(rev, "\n\n"))
		emit(id+"/run-on", strings.NewReplacer(". ", ", ", "? ", ", ", "! ", ", ").Replace(text))
		emit(id+"/no-punct", strings.Map(func(r rune) rune {
			if strings.ContainsRune(".,;:!?", r) {
				return -1
			}
			return r
		}, text))
		for k, s := range sents {
			emit(fmt.Sprintf("%s/sentence/%d", id, k), s)
		}
		if len(text) > 10 {
			cut := rng.IntN(len(text))
			emit(id+"/prefix", text[:cut])
			emit(id+"/suffix", text[cut:])
		}
		next := all[(i+1)%len(all)].Text
		emit(id+"/concat", text+" "+next)
		if r := []rune(text + "\n\n" + next + " " + text); len(r) <= coach.MaxRunes {
			emit(id+"/concat3", string(r))
		}
	}
	if os.Getenv("COACH_PERTURBED_RULES") != "" {
		for _, a := range loadCorpus(t, "seen") {
			for _, r := range an.Rules() {
				fs := r.Run(a.Text)
				if len(fs) == 0 {
					continue
				}
				if err := enc.Encode(map[string]any{"id": a.ID, "rule": r.ID(), "findings": fs}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("%d inputs", n)
}

// splitForShuffle cuts text after sentence-ending punctuation followed by a
// space; the pieces keep their punctuation.
func splitForShuffle(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		if strings.IndexByte(".!?", text[i]) >= 0 && (text[i+1] == ' ' || text[i+1] == '\n') {
			out = append(out, strings.TrimSpace(text[start:i+1]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

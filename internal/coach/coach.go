// Package coach analyses an interview answer about managing and leading and
// returns explainable feedback: signals, findings with byte spans, a STAR
// check, a score and a verdict.
//
// The knowledge lives in data: rules are YAML files under data/, each of one
// of a few kinds (existence, substitution, occurrence, cooccurrence,
// conditional), each citing the sentence of the source text it implements. The
// language model that keeps rules honest about negation, quotation and reported
// speech (negators, reported-speech frames, endorsements) and the scoring
// formula are data too, in data/coach.yaml. See data/README.md.
//
// The package is pure: it takes text and returns values. It never touches the
// file system or the network; Load reads from any fs.FS it is given.
package coach

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"
)

// MaxRunes is the longest answer Analyze accepts, in characters.
const MaxRunes = 10000

// ErrTooLong is returned (wrapped) for an answer longer than MaxRunes.
var ErrTooLong = errors.New("answer too long")

// Severity says how much a finding matters.
type Severity string

// The four severities, from most to least serious.
const (
	SeverityError      Severity = "error"
	SeverityWarning    Severity = "warning"
	SeveritySuggestion Severity = "suggestion"
	SeverityInfo       Severity = "info"
)

// Verdict is the overall judgement of an answer.
type Verdict string

// The three verdicts.
const (
	Strong Verdict = "strong"
	OK     Verdict = "ok"
	Weak   Verdict = "weak"
)

// Result is the analysis of one answer; its JSON form is the public contract.
type Result struct {
	// Score is 0 to 100, by the formula of data/coach.yaml, within the band of
	// its verdict (weak below 35, ok below 80, strong 80 and up).
	Score int `json:"score"`
	// Verdict is strong, ok or weak, from the signals by the verdict rules of
	// data/coach.yaml (the corpus's labelling conventions).
	Verdict Verdict `json:"verdict"`
	// Signals are the nine judgements.
	Signals Signals `json:"signals"`
	// Findings are spanned findings in text order, then whole-answer ones.
	Findings []Finding `json:"findings"`
	// STAR says which parts of a story the answer tells.
	STAR STAR `json:"star"`

	// Breakdown explains the score term by term; it is not part of the JSON
	// contract.
	Breakdown []Term `json:"-"`
}

// Signals are the nine judgements the source's interview advice asks for.
type Signals struct {
	// ClaimsLeaderNotManager: the speaker declares allegiance to one side.
	ClaimsLeaderNotManager bool `json:"claims_leader_not_manager"`
	// DisparagesManagement: managing is treated as lesser.
	DisparagesManagement bool `json:"disparages_management"`
	// BinaryThinking: people are sorted into managers or leaders.
	BinaryThinking bool `json:"binary_thinking"`
	// MythStatement: a myth of the source is asserted.
	MythStatement bool `json:"myth_statement"`
	// AcknowledgesBoth: both sides are said to be needed or complementary.
	AcknowledgesBoth bool `json:"acknowledges_both"`
	// ManagementExample: a concrete personal example of managing.
	ManagementExample bool `json:"management_example"`
	// LeadershipExample: a concrete personal example of leading.
	LeadershipExample bool `json:"leadership_example"`
	// ExplainsContext: why a situation called for managing or leading.
	ExplainsContext bool `json:"explains_context"`
	// NamesTendencyAndGrowth: one's natural tendency and how one grows the other side.
	NamesTendencyAndGrowth bool `json:"names_tendency_and_growth"`
}

// SignalNames lists the signal names of the JSON contract in contract order.
var SignalNames = []string{
	"claims_leader_not_manager", "disparages_management", "binary_thinking", "myth_statement",
	"acknowledges_both", "management_example", "leadership_example", "explains_context",
	"names_tendency_and_growth",
}

// starNames are the STAR elements, addressed in rule files as star.<name>.
var starNames = []string{"situation", "task", "action", "result"}

// Get returns the signal with the given contract name; ok is false for an
// unknown name.
func (s Signals) Get(name string) (value, ok bool) {
	i := slices.Index(SignalNames, name)
	if i < 0 {
		return false, false
	}
	return s.array()[i], true
}

func (s Signals) array() [9]bool {
	return [9]bool{s.ClaimsLeaderNotManager, s.DisparagesManagement, s.BinaryThinking, s.MythStatement,
		s.AcknowledgesBoth, s.ManagementExample, s.LeadershipExample, s.ExplainsContext, s.NamesTendencyAndGrowth}
}

func signalsFrom(a [9]bool) Signals {
	return Signals{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]}
}

// STAR says which parts of a Situation-Task-Action-Result story the answer has.
type STAR struct {
	// Situation: the answer sets the scene.
	Situation bool `json:"situation"`
	// Task: the answer says what had to be achieved.
	Task bool `json:"task"`
	// Action: the answer says what the speaker did.
	Action bool `json:"action"`
	// Result: the answer says what came of it.
	Result bool `json:"result"`
}

// Finding is one piece of feedback. Start and End are byte offsets into the
// analysed text, on UTF-8 rune boundaries, and Quote is text[Start:End]. A
// finding about the answer as a whole (something missing) has Start == End
// and an empty Quote: there is nothing to highlight. That offset is 0 for any
// valid UTF-8 text (the first rune boundary of text in general).
type Finding struct {
	// Rule is the id of the rule that found it.
	Rule string `json:"rule"`
	// Severity is error, warning, suggestion or info.
	Severity Severity `json:"severity"`
	// Start is the byte offset where the span begins.
	Start int `json:"start"`
	// End is the byte offset just past the span.
	End int `json:"end"`
	// Quote is the spanned text, text[Start:End].
	Quote string `json:"quote"`
	// Message says what the rule found.
	Message string `json:"message"`
	// Suggestion says what to do about it; it may be empty.
	Suggestion string `json:"suggestion"`
}

// Whole reports whether the finding is about the answer as a whole rather
// than a span of it.
func (f Finding) Whole() bool { return f.Start == f.End }

// Term is one line of the score's explanation: a base, a signal's weight, a
// group cap or a finding penalty.
type Term struct {
	// Name is "base", a signal name, a group cap or "finding penalties".
	Name string `json:"name"`
	// Points is what the term adds to the score (negative to take away).
	Points int `json:"points"`
}

// Analyzer holds a compiled rule set. It is safe for concurrent use.
type Analyzer struct {
	lang    *language
	pats    *patternSet
	rules   []checker // every rule, in the order they run
	first   []checker // the rules that wait on no other signal
	waiting []checker // the rules that do (`when`), run after the learned layer
	signals []signalDef
	scoring scoring
	sigKey  map[string]string // rule id -> its signals, for dedupe
	model   *model            // the learned layer, or nil
	pool    sync.Pool
}

var defaultAnalyzer = sync.OnceValues(func() (*Analyzer, error) { return Load(embedded) })

// Default returns the analyser built from the rules embedded in the binary.
// They are compiled once per process; an error means the embedded data is
// broken, which the package's tests rule out.
func Default() (*Analyzer, error) { return defaultAnalyzer() }

// Rules lists the compiled rules in the order of their files (a rule with
// `when` runs after the others and the learned layer).
func (a *Analyzer) Rules() []Rule {
	out := make([]Rule, len(a.rules))
	for i, r := range a.rules {
		out[i] = r
	}
	return out
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// Analyze checks one answer. It returns an error wrapping ErrTooLong when text
// has more than MaxRunes characters; any other text, including empty or
// invalid UTF-8, gets a Result.
func (a *Analyzer) Analyze(text string) (*Result, error) {
	if n := runeCount(text); n > MaxRunes {
		return nil, fmt.Errorf("%w: %d characters, at most %d", ErrTooLong, n, MaxRunes)
	}
	d := a.newDocument(text)
	defer a.release(d)

	var fired [9 + 4]bool
	findings := make([]Finding, 0, 16)
	for _, r := range a.first {
		b := r.base()
		if !b.report {
			// a rule that reports nothing only sets its signals: it need
			// not run once they are all set, and an existence rule can
			// stop at its first accepted match
			if allSet(fired[:], b.signals) {
				continue
			}
			if e, ok := r.(*existence); ok {
				if e.any(d) {
					for _, s := range b.signals {
						fired[s] = true
					}
				}
				continue
			}
		}
		hits := r.check(d)
		if len(hits) == 0 {
			continue
		}
		for _, s := range b.signals {
			fired[s] = true
		}
		findings = a.findings(d, r, hits, findings)
	}
	findings = dedupe(findings, a.sigKey)
	var sig [9]bool
	copy(sig[:], fired[:9])
	if a.model != nil {
		// a signal the rules missed may still be raised by the learned layer
		findings = a.model.apply(d, &sig, findings)
	}
	a.imply(&sig)
	if len(a.waiting) > 0 {
		findings = a.runWaiting(d, &sig, &fired, findings)
	}
	whole, _ := snap(text, 0, 0)
	for _, s := range a.signals {
		if s.missing != nil && !sig[s.index] {
			findings = append(findings, Finding{Rule: s.missing.Rule, Severity: s.missing.Severity,
				Start: whole, End: whole, Message: s.missing.Message, Suggestion: s.missing.Suggestion})
		}
	}
	sortFindings(findings)
	res := &Result{
		Signals:  signalsFrom(sig),
		Findings: findings,
		STAR:     STAR{fired[9], fired[10], fired[11], fired[12]},
	}
	res.Score, res.Verdict, res.Breakdown = a.scoring.score(sig, findings)
	return res, nil
}

// imply raises every signal the conventions make part of one present.
func (a *Analyzer) imply(sig *[9]bool) {
	for _, s := range a.signals {
		if sig[s.index] {
			for _, k := range s.implies {
				sig[k] = true
			}
		}
	}
}

// runWaiting runs the rules that wait on other signals (`when`), now that the
// other rules, the learned layer and the implications have settled them. Such
// a rule reads a sentence in the light of the whole answer: "I'm built to
// think" claims a side only where the speaker has sorted people into two
// kinds. Where it fires, its findings replace the learned layer's for the
// same signal, as any rule's do.
func (a *Analyzer) runWaiting(d *document, sig *[9]bool, fired *[9 + 4]bool, findings []Finding) []Finding {
	from := len(findings)
	for _, r := range a.waiting {
		b := r.base()
		if allSet(fired[:], b.signals) || !allSet(sig[:], b.when) {
			continue
		}
		hits := r.check(d)
		if len(hits) == 0 {
			continue
		}
		for _, s := range b.signals {
			if s < len(sig) && sig[s] && !fired[s] && a.model != nil {
				// the learned layer's findings all come before from
				n := len(findings)
				findings = dropRule(findings, a.model.ruleID[s])
				from -= n - len(findings)
			}
			fired[s] = true
			if s < len(sig) {
				sig[s] = true
			}
		}
		findings = a.findings(d, r, hits, findings)
	}
	if len(findings) > from {
		findings = dedupeFrom(findings, from, a.sigKey)
		a.imply(sig)
	}
	return findings
}

// dropRule removes the findings of one rule.
func dropRule(fs []Finding, rule string) []Finding {
	return slices.DeleteFunc(fs, func(f Finding) bool { return f.Rule == rule })
}

// allSet reports whether every one of the signals is set in flags.
func allSet(flags []bool, signals []int) bool {
	for _, s := range signals {
		if !flags[s] {
			return false
		}
	}
	return true
}

// findings converts a rule's hits into findings with input offsets.
func (a *Analyzer) findings(d *document, r checker, hits []hit, out []Finding) []Finding {
	b := r.base()
	if !b.report {
		return out
	}
	for _, h := range hits {
		f := Finding{Rule: b.id, Severity: b.severity, Message: b.message, Suggestion: b.suggestion}
		if h.message != "" {
			f.Message = h.message
		}
		if h.suggestion != "" {
			f.Suggestion = h.suggestion
		}
		if h.whole {
			f.Start, f.End = snap(d.input, 0, 0)
		} else {
			f.Start, f.End = d.inputSpan(h.start, h.end)
			if f.Start == f.End {
				continue // nothing left to highlight once snapped to runes
			}
			f.Quote = d.input[f.Start:f.End]
		}
		out = append(out, f)
	}
	return out
}

// dedupe drops a finding whose span overlaps an earlier finding for the same
// signals, so one sentence is not flagged twice for one reason. sigOf maps a
// rule id to a key of the signals it sets.
func dedupe(fs []Finding, sigOf map[string]string) []Finding {
	return dedupeFrom(fs, 0, sigOf)
}

// dedupeFrom is dedupe for the findings from index from on, which are checked
// against all before them; the earlier ones are kept as they are.
func dedupeFrom(fs []Finding, from int, sigOf map[string]string) []Finding {
	out := fs[:from]
	for _, f := range fs[from:] {
		dup := false
		if !f.Whole() && sigOf[f.Rule] != "[]" {
			for _, g := range out {
				if !g.Whole() && sigOf[g.Rule] == sigOf[f.Rule] && f.Start < g.End && g.Start < f.End {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}

var severityRank = map[Severity]int{SeverityError: 0, SeverityWarning: 1, SeveritySuggestion: 2, SeverityInfo: 3}

// sortFindings orders spanned findings by position and puts whole-answer
// findings last, most serious first.
func sortFindings(fs []Finding) {
	// (a stable sort orders alike whatever its algorithm; this one
	// allocates nothing, where sort.SliceStable allocates thrice)
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Whole() != b.Whole() {
			if !a.Whole() {
				return -1
			}
			return 1
		}
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(severityRank[a.Severity], severityRank[b.Severity])
	})
}

func (a *Analyzer) newDocument(text string) *document {
	if d, ok := a.pool.Get().(*document); ok {
		d.reset(text, a.lang, a.pats)
		return d
	}
	return newDocument(text, a.lang, a.pats)
}

// release returns a document to the pool; nothing may hold on to it.
func (a *Analyzer) release(d *document) {
	d.input, d.norm, d.lower = "", "", ""
	a.pool.Put(d)
}

// scoring is the formula of data/coach.yaml: a base, signal weights in groups
// that may be capped, a penalty per finding by severity (capped), and the
// verdict, which follows the labelling conventions: a warned-against move is
// weak unless both halves of a good answer (evidence on both sides and
// understanding, each a group at or above its mark) outweigh it; a clean
// answer is strong with both halves, weak with nothing at all, ok otherwise.
// The score is then kept inside its verdict's band, so a better verdict never
// comes with a lower score.
type scoring struct {
	base       int
	groups     []scoreGroup
	penalty    map[Severity]int
	penaltyCap int
	strong, ok int
	warned     []int // the warned-against signals
}

type scoreGroup struct {
	name    string
	cap     int // 0 means no cap
	half    int // above 0: a half of a good answer, met at this capped sum
	signals []int
	weights []int
}

func (s scoring) score(sig [9]bool, fs []Finding) (int, Verdict, []Term) {
	// (room for every term at once: the list is built once per analysis)
	n := 3 // the base, the finding penalties and the verdict band
	for _, g := range s.groups {
		n += len(g.signals) + 1
	}
	terms := append(make([]Term, 0, n), Term{"base", s.base})
	total := s.base
	both, none := true, true // every half met; every half empty
	for _, g := range s.groups {
		sum := 0
		for i, idx := range g.signals {
			if sig[idx] {
				sum += g.weights[i]
				terms = append(terms, Term{SignalNames[idx], g.weights[i]})
			}
		}
		if g.cap > 0 && sum > g.cap {
			terms = append(terms, Term{g.name + " cap", g.cap - sum})
			sum = g.cap
		}
		if g.cap < 0 && sum < g.cap {
			terms = append(terms, Term{g.name + " cap", g.cap - sum})
			sum = g.cap
		}
		if g.half > 0 {
			both = both && sum >= g.half
			none = none && sum == 0
		}
		total += sum
	}
	pen := 0
	for _, f := range fs {
		pen += s.penalty[f.Severity]
	}
	if s.penaltyCap > 0 {
		pen = min(pen, s.penaltyCap)
	}
	if pen > 0 {
		terms = append(terms, Term{"finding penalties", -pen})
		total -= pen
	}
	warned := slices.ContainsFunc(s.warned, func(idx int) bool { return sig[idx] })
	var v Verdict
	switch {
	case warned && both:
		v = OK
	case warned:
		v = Weak
	case both:
		v = Strong
	case none:
		v = Weak
	default:
		v = OK
	}
	lo, hi := 0, s.ok-1
	switch v {
	case OK:
		lo, hi = s.ok, s.strong-1
	case Strong:
		lo, hi = s.strong, 100
	}
	// (the bands cover 0 to 100, so this clamps the score too)
	if banded := max(lo, min(hi, total)); banded != total {
		terms = append(terms, Term{"verdict band", banded - total})
		total = banded
	}
	return total, v, terms
}

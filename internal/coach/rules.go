package coach

import (
	"slices"
	"sort"
	"strings"
)

// Rule is one compiled coach rule of one kind. Run analyses text with this
// rule alone, which is what the per-kind fuzz tests and rule authors use;
// Analyze runs every rule over one shared preparation of the text.
type Rule interface {
	// ID is the rule's id as written in its file.
	ID() string
	// Kind is existence, substitution, occurrence, cooccurrence or conditional.
	Kind() string
	// Signals lists the signals (and STAR elements) the rule sets when it fires.
	Signals() []string
	// Source is the sentence of the source text the rule implements.
	Source() string
	// Run returns the rule's findings on text, which must be at most MaxRunes long.
	Run(text string) []Finding
}

// negationMode says what a negator in front of a match does to it.
type negationMode int

const (
	negSkip   negationMode = iota // a negated match does not count
	negIgnore                     // negation is irrelevant (the pattern handles it)
	negInvert                     // only a denied match counts: negated or reported
)

// hit is a rule's raw result, in norm offsets. A hit with whole set is about
// the answer as a whole and has no span.
type hit struct {
	start, end          int
	whole               bool
	message, suggestion string // set only when they differ from the rule's
}

// ruleBase holds what every kind shares: identity, output and the filters that
// apply quotation, reported speech and negation to every match.
type ruleBase struct {
	id, kind     string
	signalNames  []string
	signals      []int // indexes into the signal table (signals then STAR)
	when         []int // contract signals that must hold for the rule to run
	severity     Severity
	message      string
	suggestion   string
	source       string
	report       bool
	skipQuoted   bool
	skipReported bool
	negation     negationMode
	unless       patList
	window       int // sentences; 0 means the whole answer
	file         string
	line         int

	an *Analyzer // for Run
}

// ID returns the rule's id.
func (b *ruleBase) ID() string { return b.id }

// Kind returns the rule's kind.
func (b *ruleBase) Kind() string { return b.kind }

// Signals returns the signals the rule sets.
func (b *ruleBase) Signals() []string { return b.signalNames }

// Source returns the source sentence the rule implements.
func (b *ruleBase) Source() string  { return b.source }
func (b *ruleBase) base() *ruleBase { return b }

// checker is the internal face of a rule kind.
type checker interface {
	Rule
	base() *ruleBase
	check(d *document) []hit
}

// accept applies the rule's quotation, reported-speech and negation options
// to one match.
func (b *ruleBase) accept(d *document, m match) bool {
	if b.negation == negInvert {
		return d.isNegated(m) || d.isReported(m)
	}
	if b.skipQuoted && d.isQuoted(m) {
		return false
	}
	if b.skipReported && d.isReported(m) {
		return false
	}
	if b.negation == negSkip && d.isNegated(m) {
		return false
	}
	return true
}

// accepted returns the matches of ps that pass the rule's filters, in text
// order.
func (b *ruleBase) accepted(d *document, ps patList) []match {
	if !anyPossible(d, ps) {
		return nil // before the unless cues: nothing to cancel
	}
	if b.window == 0 && b.cancelled(d, 0) {
		return nil // an unless cue anywhere in the answer cancels everything
	}
	tmp := d.acceptBuf[:0]
	for i, p := range ps.list {
		if !d.possibleID(ps.ids[i]) {
			continue
		}
		for _, m := range d.hitsOf(ps.ids[i], p) {
			if b.accept(d, m) && !b.cancelled(d, m.sent) {
				tmp = append(tmp, m)
			}
		}
	}
	d.acceptBuf = tmp
	if len(tmp) == 0 {
		return nil
	}
	out := d.keep(tmp)
	if len(ps.list) > 1 {
		// the same algorithm as sort.Slice, without its allocations
		slices.SortFunc(out, func(a, b match) int { return a.start - b.start })
	}
	return out
}

// anyAccepted reports whether accepted(d, ps) would return any match,
// stopping at the first.
func (b *ruleBase) anyAccepted(d *document, ps patList) bool {
	if !anyPossible(d, ps) {
		return false
	}
	if b.window == 0 && b.cancelled(d, 0) {
		return false
	}
	for i, p := range ps.list {
		if !d.possibleID(ps.ids[i]) {
			continue
		}
		for _, m := range d.hitsOf(ps.ids[i], p) {
			if b.accept(d, m) && !b.cancelled(d, m.sent) {
				return true
			}
		}
	}
	return false
}

// cancelled reports whether an unless pattern matches near sentence k: within
// window-1 sentences either side, or anywhere when the window is the whole answer.
func (b *ruleBase) cancelled(d *document, k int) bool {
	if len(b.unless.list) == 0 {
		return false
	}
	for i, p := range b.unless.list {
		if !d.possibleID(b.unless.ids[i]) {
			continue
		}
		for _, m := range d.hitsOf(b.unless.ids[i], p) {
			if b.window == 0 || m.sent > k-b.window && m.sent < k+b.window {
				return true
			}
		}
	}
	return false
}

// run prepares text and runs rule c alone.
func (b *ruleBase) run(c checker, text string) []Finding {
	if runeCount(text) > MaxRunes {
		return nil
	}
	d := b.an.newDocument(text)
	defer b.an.release(d)
	return b.an.findings(d, c, c.check(d), nil)
}

// existence fires on every accepted match of any of its patterns.
type existence struct {
	ruleBase
	patterns patList
}

// Run analyses text with this rule alone.
func (r *existence) Run(text string) []Finding { return r.run(r, text) }

func (r *existence) check(d *document) []hit {
	out := d.hitBuf[:0]
	for _, m := range r.accepted(d, r.patterns) {
		out = append(out, hit{start: m.start, end: m.end})
	}
	d.hitBuf = out
	return out
}

// any reports whether the rule would fire, without working out where.
func (r *existence) any(d *document) bool { return r.anyAccepted(d, r.patterns) }

// substitution fires on a pattern and proposes the replacement written beside
// it; {match} and {with} in the message and suggestion are filled in.
type substitution struct {
	ruleBase
	patterns []*pattern
	with     []string
}

// Run analyses text with this rule alone.
func (r *substitution) Run(text string) []Finding { return r.run(r, text) }

func (r *substitution) check(d *document) []hit {
	var out []hit
	for i, p := range r.patterns {
		for _, m := range d.hits(p) {
			if !r.accept(d, m) || r.cancelled(d, m.sent) {
				continue
			}
			rep := strings.NewReplacer("{match}", d.norm[m.start:m.end], "{with}", r.with[i])
			out = append(out, hit{start: m.start, end: m.end,
				message: rep.Replace(r.message), suggestion: rep.Replace(r.suggestion)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// occurrence counts accepted matches over the answer: more than max fires on
// the match that crosses the limit; fewer than min fires on the whole answer.
type occurrence struct {
	ruleBase
	patterns patList
	min, max int // max < 0 means no maximum
}

// Run analyses text with this rule alone.
func (r *occurrence) Run(text string) []Finding { return r.run(r, text) }

func (r *occurrence) check(d *document) []hit {
	ms := r.accepted(d, r.patterns)
	if r.max >= 0 && len(ms) > r.max {
		m := ms[r.max]
		return []hit{{start: m.start, end: m.end}}
	}
	if len(ms) < r.min {
		return []hit{{whole: true}}
	}
	return nil
}

// cooccurrence fires where every group of patterns has an accepted match
// within the same window of sentences (one sentence by default), optionally
// in group order, and optionally with every match governed by the same
// subject (same_clause: "I" must be the agent of the act, not "they").
type cooccurrence struct {
	ruleBase
	groups     []patList
	ordered    bool
	sameClause bool
}

// Run analyses text with this rule alone.
func (r *cooccurrence) Run(text string) []Finding { return r.run(r, text) }

func (r *cooccurrence) check(d *document) []hit {
	for _, g := range r.groups {
		if !anyPossible(d, g) {
			return nil
		}
	}
	// the document's scratch lists: a rule's check does not outlive the
	// next rule's
	per := resize(d.coPer, len(r.groups))
	d.coPer = per
	var agents [][]int // agent clause of each match, when same_clause
	for i, g := range r.groups {
		per[i] = r.accepted(d, g)
		if len(per[i]) == 0 {
			return nil
		}
	}
	if r.sameClause {
		agents = resize(d.coAgents, len(per))
		d.coAgents = agents
		for i, ms := range per {
			agents[i] = resize(agents[i][:0], len(ms))
			for j, m := range ms {
				agents[i][j] = d.agentClause(m.start)
			}
		}
	}
	w := r.window
	if w == 0 {
		w = len(d.sents)
	}
	out := d.hitBuf[:0]
	lastEnd := -1
	chosen := d.coChosen[:0]
	defer func() { d.coChosen, d.hitBuf = chosen, out }()
	for k := range d.sents {
		lo, hi := k, k+w-1
		chosen = chosen[:0]
		after := -1
		agent := -2
		for gi, ms := range per {
			found := false
			first := sort.Search(len(ms), func(i int) bool { return ms[i].sent >= lo })
			for mi := first; mi < len(ms) && ms[mi].sent <= hi; mi++ {
				m := ms[mi]
				if r.ordered && m.start < after {
					continue
				}
				if r.sameClause {
					a := agents[gi][mi]
					if gi > 0 && a != agent {
						continue
					}
					if gi == 0 {
						// the first group fixes the agent; try each of its
						// matches in turn by checking the others below
						if !agentAgrees(per[1:], agents[1:], a, lo, hi) {
							continue
						}
						agent = a
					}
				}
				chosen = append(chosen, m)
				if r.ordered {
					after = m.end
				}
				found = true
				break
			}
			if !found {
				break
			}
		}
		if len(chosen) < len(per) {
			continue
		}
		h := hit{start: chosen[0].start, end: chosen[0].end}
		oneSentence := true
		for _, m := range chosen[1:] {
			if m.sent != chosen[0].sent {
				oneSentence = false
			}
		}
		if oneSentence {
			for _, m := range chosen[1:] {
				h.start = min(h.start, m.start)
				h.end = max(h.end, m.end)
			}
		}
		if h.start < lastEnd {
			continue
		}
		out = append(out, h)
		lastEnd = h.end
		if r.window == 0 {
			break
		}
	}
	return out
}

func anyPossible(d *document, ps patList) bool {
	for _, id := range ps.ids {
		if d.possibleID(id) {
			return true
		}
	}
	return false
}

// patList is a rule's list of patterns with their ids beside them: whether
// a pattern can match is a bit of the document's, and the ids let a rule
// ask without reaching for each pattern.
type patList struct {
	list []*pattern
	ids  []int32
}

func newPatList(ps []*pattern) patList {
	l := patList{list: ps, ids: make([]int32, len(ps))}
	for i, p := range ps {
		l.ids[i] = int32(p.id)
	}
	return l
}

// agentAgrees reports whether every other group has a match in the window
// governed by agent clause a.
func agentAgrees(rest [][]match, agents [][]int, a, lo, hi int) bool {
	for gi, ms := range rest {
		ok := false
		first := sort.Search(len(ms), func(i int) bool { return ms[i].sent >= lo })
		for mi := first; mi < len(ms) && ms[mi].sent <= hi; mi++ {
			if agents[gi][mi] == a {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// conditional fires on the first accepted match of first when second has no
// accepted match within the window (the whole answer by default).
type conditional struct {
	ruleBase
	first, second patList
}

// Run analyses text with this rule alone.
func (r *conditional) Run(text string) []Finding { return r.run(r, text) }

func (r *conditional) check(d *document) []hit {
	if !anyPossible(d, r.first) {
		return nil
	}
	firsts := r.accepted(d, r.first)
	if len(firsts) == 0 {
		return nil
	}
	seconds := r.accepted(d, r.second)
	for _, f := range firsts {
		ok := false
		for _, s := range seconds {
			if r.window == 0 || s.sent >= f.sent-r.window+1 && s.sent <= f.sent+r.window-1 {
				ok = true
				break
			}
		}
		if !ok {
			return []hit{{start: f.start, end: f.end}}
		}
	}
	return nil
}

package coach

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// ModelFile is the name of the learned layer's data file next to the rules.
// It is optional: without it an analyser runs the rules alone.
const ModelFile = "model.json"

// The learned layer (see data/README.md, "The learned layer") is one logistic
// regression per signal over the answer's set of sparse text features. A
// signal is present when its rules fire or when the model's probability
// reaches the signal's threshold; in the second case the model emits one
// finding for the sentence that contributes most.
//
// A feature is a string built from the answer's words, lower-cased, each word
// written with the scope the document already computed:
//
//	word      the speaker's own, not negated
//	q:word    inside a quotation or reported speech the speaker does not endorse
//	          (or an unanswered question)
//	n:word    governed by a negator in the same clause
//
// and the features are unigrams ("q:leader"), bigrams of adjacent words of one
// sentence ("a n:manager") and skip-grams over one word ("leader _ manager").
// At run time a feature is never built as a string: it is a 64-bit hash of its
// tokens, computed the same way from the strings of the data file when it is
// loaded.

// modelSpec is the shape of model.json.
type modelSpec struct {
	Version   int             `json:"version"`
	About     string          `json:"about"`
	TrainedOn []string        `json:"trained_on"`
	Settings  json.RawMessage `json:"settings"`
	Signals   []modelSignal   `json:"signals"`
}

type modelSignal struct {
	Name      string             `json:"name"`
	Bias      float64            `json:"bias"`
	Threshold float64            `json:"threshold"`
	CV        json.RawMessage    `json:"cv,omitempty"`
	Weights   map[string]float64 `json:"weights"`
}

// model is the compiled learned layer.
type model struct {
	bias [9]float32
	cut  [9]float32 // logit of the threshold; +Inf when the signal is off
	// table is open addressing over feature hashes: each slot holds the
	// hash (0 = empty) beside its row, so a lookup that finds its feature
	// reads one cache line, not one of a hash array and one of a row array
	table    []modelSlot
	weights  [][9]float32
	mask     uint64
	severity [9]Severity
	bi, skip bool // whether any bigram or skip-gram has a weight
	ruleID   [9]string
	message  [9]string
	scratch  sync.Pool
}

// modelSlot is one slot of the model's hash table.
type modelSlot struct {
	h   uint64 // the feature hash; 0: the slot is empty
	row int32
}

// modelScratch is one analysis's working memory.
type modelScratch struct {
	// seen marks the rows counted so far, one bit a row: a few hundred
	// bytes, cleared per use, that stay in the cache, where a stamp per
	// row would be as large as the weights and touched at random
	seen  []uint64
	feats []featOcc // the features of the document, before lookup
	hits  []featHit
}

// featOcc is a feature occurrence: its sentence and hash.
type featOcc struct {
	sent int32
	h    uint64
}

// newScratch returns working memory for one analysis at a time.
func (m *model) newScratch() *modelScratch {
	return &modelScratch{seen: make([]uint64, (len(m.weights)+63)/64)}
}

type featHit struct{ sent, row int32 }

// Feature kinds, mixed into the hash.
const (
	featUni  = 1
	featBi   = 2
	featSkip = 3
)

// Token scope prefixes.
const (
	scopeOwn     = ""
	scopeQuoted  = "q:"
	scopeNegated = "n:"
)

const fnvOffset, fnvPrime = 14695981039346656037, 1099511628211

// tokenHash hashes prefix+word with FNV-1a without building the string.
func tokenHash(prefix, word string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(prefix); i++ {
		h = (h ^ uint64(prefix[i])) * fnvPrime
	}
	for i := 0; i < len(word); i++ {
		h = (h ^ uint64(word[i])) * fnvPrime
	}
	return h
}

// featHash combines a feature kind and token hashes; never 0.
func featHash(kind int, a, b uint64) uint64 {
	x := a*0x9E3779B97F4A7C15 ^ (b + uint64(kind)*0xBF58476D1CE4E5B9)
	x ^= x >> 31
	x *= 0x94D049BB133111EB
	x ^= x >> 29
	if x == 0 {
		x = 1
	}
	return x
}

// parseFeature checks a feature string of the data file and returns its hash.
func parseFeature(f string) (uint64, error) {
	parts := strings.Split(f, " ")
	tok := func(t string) (uint64, error) {
		w := t
		prefix := ""
		for _, p := range []string{scopeQuoted, scopeNegated} {
			if strings.HasPrefix(t, p) {
				prefix, w = p, t[len(p):]
			}
		}
		if w == "" {
			return 0, fmt.Errorf("empty token in %q", f)
		}
		for i := 0; i < len(w); i++ {
			c := w[i]
			if !isWordByte(c) && !(c == '\'' && i > 0 && i+1 < len(w)) {
				return 0, fmt.Errorf("token %q: %q is not a lower-case word character", t, c)
			}
		}
		return tokenHash(prefix, w), nil
	}
	switch {
	case len(parts) == 1:
		a, err := tok(parts[0])
		return featHash(featUni, a, 0), err
	case len(parts) == 2:
		a, err := tok(parts[0])
		if err != nil {
			return 0, err
		}
		b, err := tok(parts[1])
		return featHash(featBi, a, b), err
	case len(parts) == 3 && parts[1] == "_":
		a, err := tok(parts[0])
		if err != nil {
			return 0, err
		}
		b, err := tok(parts[2])
		return featHash(featSkip, a, b), err
	}
	return 0, fmt.Errorf("want \"word\", \"word word\" or \"word _ word\", got %q", f)
}

// parseModel validates and compiles model.json. severity gives the severity of
// each signal's model finding.
func parseModel(data []byte, severity [9]Severity) (*model, error) {
	fail := func(line int, format string, args ...any) error {
		return &LoadError{File: ModelFile, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var spec modelSpec
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&spec); err != nil {
		line := 0
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		case errors.As(err, &te):
			line = 1 + bytes.Count(data[:min(int(te.Offset), len(data))], []byte("\n"))
		}
		return nil, fail(line, "%v", err)
	}
	if spec.Version != 1 {
		return nil, fail(0, "field version: %d is not a supported version; want 1", spec.Version)
	}
	if len(spec.Signals) != len(SignalNames) {
		return nil, fail(0, "field signals: %d entries; want one for each of the %d signals", len(spec.Signals), len(SignalNames))
	}
	m := &model{severity: severity}
	for i, n := range SignalNames {
		m.ruleID[i] = "model:" + n
		m.message[i] = modelMessage(i)
	}
	seen := map[string]bool{}
	rowOf := map[uint64]int32{}
	featOf := map[uint64]string{}
	for i, s := range spec.Signals {
		idx := slices.Index(SignalNames, s.Name)
		switch {
		case idx < 0:
			return nil, fail(0, "field signals[%d].name: unknown signal %q; want one of %s", i, s.Name, strings.Join(SignalNames, ", "))
		case seen[s.Name]:
			return nil, fail(0, "field signals[%d].name: signal %q appears twice", i, s.Name)
		}
		seen[s.Name] = true
		if math.IsNaN(s.Bias) || math.IsInf(s.Bias, 0) || math.Abs(s.Bias) > 100 {
			return nil, fail(0, "field signals[%d].bias: %v is not a finite weight", i, s.Bias)
		}
		if !(s.Threshold > 0 && s.Threshold <= 1) {
			return nil, fail(0, "field signals[%d].threshold: %v; want a probability above 0 and at most 1 (1 turns the model off for %s)", i, s.Threshold, s.Name)
		}
		m.bias[idx] = float32(s.Bias)
		if s.Threshold >= 1 {
			m.cut[idx] = float32(math.Inf(1))
		} else {
			m.cut[idx] = float32(math.Log(s.Threshold / (1 - s.Threshold)))
		}
		feats := make([]string, 0, len(s.Weights))
		for f := range s.Weights {
			feats = append(feats, f)
		}
		sort.Strings(feats)
		for _, f := range feats {
			w := s.Weights[f]
			if math.IsNaN(w) || math.IsInf(w, 0) || math.Abs(w) > 100 {
				return nil, fail(0, "field signals[%d].weights[%q]: %v is not a finite weight", i, f, w)
			}
			h, err := parseFeature(f)
			if err != nil {
				return nil, fail(0, "field signals[%d].weights[%q]: %v", i, f, err)
			}
			switch strings.Count(f, " ") {
			case 1:
				m.bi = true
			case 2:
				m.skip = true
			}
			if prev, ok := featOf[h]; ok && prev != f {
				return nil, fail(0, "field signals[%d].weights[%q]: hashes like %q; rename one", i, f, prev)
			}
			featOf[h] = f
			r, ok := rowOf[h]
			if !ok {
				r = int32(len(m.weights))
				rowOf[h] = r
				m.weights = append(m.weights, [9]float32{})
			}
			m.weights[r][idx] = float32(w)
		}
	}
	size := 16
	for size < 2*len(rowOf) {
		size *= 2
	}
	m.table = make([]modelSlot, size)
	m.mask = uint64(size - 1)
	hs := make([]uint64, 0, len(rowOf))
	for h := range rowOf {
		hs = append(hs, h)
	}
	slices.Sort(hs)
	for _, h := range hs {
		j := h & m.mask
		for m.table[j].h != 0 {
			j = (j + 1) & m.mask
		}
		m.table[j] = modelSlot{h, rowOf[h]}
	}
	return m, nil
}

// row returns the weight row of a feature hash, or -1.
func (m *model) row(h uint64) int32 {
	for j := h & m.mask; ; j = (j + 1) & m.mask {
		switch sl := &m.table[j]; sl.h {
		case h:
			return sl.row
		case 0:
			return -1
		}
	}
}

// scopeTrack works out each word's scope prefix in one forward pass over a
// sentence. A word's scope was found by walking back from it, at most
// negationWindow+1 words and not past the sentence's first word, to the
// nearest word that is a negator, a clause break or after a break: that word
// alone decides (negated, or own), and with none in reach the word is its
// own. So the pass keeps the nearest such word so far and its verdict.
type scopeTrack struct {
	stop    int  // the nearest deciding word before the current one, or -1
	stopNeg bool // whether it makes the words after it negated
}

// scope returns the scope prefix of word wi of sentence st and then takes
// the word into account for the words after it; call it for each word of
// the sentence in order, from a zero scopeTrack with stop -1.
func (t *scopeTrack) scope(d *document, wi int, st sentence) string {
	w := d.words[wi]
	p := scopeOwn
	switch {
	case len(d.quoted.spans) > 0 && d.quoted.contains(w.start) || len(d.reported.spans) > 0 && d.reported.contains(w.start):
		p = scopeQuoted
	case w.breakBefore:
	case t.stop >= 0 && t.stopNeg && wi-1-t.stop <= d.lang.negationWindow:
		p = scopeNegated
	}
	switch {
	case w.negator:
		t.stop, t.stopNeg = wi, true
	case w.clauseBreak || w.breakBefore:
		t.stop = wi
		t.stopNeg = w.clauseBreak && wi > st.firstWord && d.words[wi-1].negator && !w.breakBefore
	}
	return p
}

// eachFeature calls fn for every feature occurrence of d, sentence by
// sentence, with the feature's hash and its string (what the training
// program learns from; analysis reads the hashes alone, through
// appendFeatures). bi and skip say whether to include bigrams and
// skip-grams.
func (d *document) eachFeature(bi, skip bool, fn func(sent int, h uint64, f string)) {
	for k, st := range d.sents {
		var h1, h2 uint64 // hashes of the previous two tokens
		var t1, t2 string // and their strings
		n := 0            // tokens so far in the sentence
		sc := scopeTrack{stop: -1}
		for wi := st.firstWord; wi < st.lastWord; wi++ {
			w := d.words[wi]
			p := sc.scope(d, wi, st)
			word := d.lower[w.start:w.end]
			h := tokenHash(p, word)
			t := p + word
			fn(k, featHash(featUni, h, 0), t)
			if n >= 1 && bi {
				fn(k, featHash(featBi, h1, h), t1+" "+t)
			}
			if n >= 2 && skip {
				fn(k, featHash(featSkip, h2, h), t2+" _ "+t)
			}
			h2, h1 = h1, h
			t2, t1 = t1, t
			n++
		}
	}
}

// appendFeatures appends to dst every feature occurrence of d, as
// eachFeature(bi, skip, ...) calls fn with them, in the same order.
// (The learned layer's own loop: a call through fn for each of several
// hundred features an answer has cost more than the append.)
func (d *document) appendFeatures(dst []featOcc, bi, skip bool) []featOcc {
	for k, st := range d.sents {
		var h1, h2 uint64 // hashes of the previous two tokens
		n := 0            // tokens so far in the sentence
		sc := scopeTrack{stop: -1}
		for wi := st.firstWord; wi < st.lastWord; wi++ {
			w := d.words[wi]
			h := tokenHash(sc.scope(d, wi, st), d.lower[w.start:w.end])
			dst = append(dst, featOcc{int32(k), featHash(featUni, h, 0)})
			if n >= 1 && bi {
				dst = append(dst, featOcc{int32(k), featHash(featBi, h1, h)})
			}
			if n >= 2 && skip {
				dst = append(dst, featOcc{int32(k), featHash(featSkip, h2, h)})
			}
			h2, h1 = h1, h
			n++
		}
	}
	return dst
}

// ModelFeatures returns the distinct features of text in order of first
// occurrence, as the learned layer sees them. It is what the training program
// (tools/coachtrain) learns from.
func (a *Analyzer) ModelFeatures(text string) ([]string, error) {
	if n := runeCount(text); n > MaxRunes {
		return nil, fmt.Errorf("%w: %d characters, at most %d", ErrTooLong, n, MaxRunes)
	}
	d := a.newDocument(text)
	defer a.release(d)
	seen := map[string]bool{}
	var out []string
	d.eachFeature(true, true, func(_ int, _ uint64, f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	})
	return out, nil
}

// apply scores d and, for every signal the rules left false whose probability
// reaches the threshold, sets it and adds a finding for the sentence that
// contributes most (a signal with no such sentence stays false). It returns
// the findings.
func (m *model) apply(d *document, sig *[9]bool, out []Finding) []Finding {
	open := false
	for i := range sig {
		if !sig[i] && !math.IsInf(float64(m.cut[i]), 1) {
			open = true
		}
	}
	if !open {
		return out
	}
	sc, _ := m.scratch.Get().(*modelScratch)
	if sc == nil {
		sc = m.newScratch()
	}
	defer m.scratch.Put(sc)
	z := m.logits(d, sc)
	for i := range sig {
		if sig[i] || !(z[i] >= m.cut[i]) {
			continue
		}
		// the signal is raised only with a sentence to show for it
		if k := m.bestSentence(sc, i); k >= 0 {
			st := d.sents[k]
			f := Finding{Rule: m.ruleID[i], Severity: m.severity[i], Message: m.message[i]}
			f.Start, f.End = d.inputSpan(st.start, st.end)
			if f.Start < f.End {
				f.Quote = d.input[f.Start:f.End]
				out = append(out, f)
				sig[i] = true
			}
		}
	}
	return out
}

// logits collects d's features into sc.hits and returns each signal's logit:
// the bias plus the weights of the distinct features present.
func (m *model) logits(d *document, sc *modelScratch) [9]float32 {
	// The features are hashed first and looked up after, in a loop of
	// lookups alone: each is a likely cache miss in a large table, and
	// with nothing between them but the probe the processor has several
	// in flight at once, not one at a time between the hashing of words.
	sc.feats = d.appendFeatures(sc.feats[:0], m.bi, m.skip)
	sc.hits = sc.hits[:0]
	for _, f := range sc.feats {
		if r := m.row(f.h); r >= 0 {
			sc.hits = append(sc.hits, featHit{f.sent, r})
		}
	}
	z := m.bias
	sc.next()
	for _, fh := range sc.hits {
		if !sc.first(fh.row) {
			continue
		}
		w := &m.weights[fh.row]
		for i := range z {
			z[i] += w[i]
		}
	}
	return z
}

// next forgets the rows counted so far.
func (sc *modelScratch) next() { clear(sc.seen) }

// first reports whether row r is counted for the first time since next,
// and marks it counted.
func (sc *modelScratch) first(r int32) bool {
	w, b := uint32(r)/64, uint64(1)<<(uint32(r)%64) // (as hasBit)
	if sc.seen[w]&b != 0 {
		return false
	}
	sc.seen[w] |= b
	return true
}

// bestSentence returns the sentence whose distinct features add the most to
// signal i, or -1 if no feature of the model occurs.
func (m *model) bestSentence(sc *modelScratch, i int) int {
	best, bestSum := -1, float32(0)
	for j := 0; j < len(sc.hits); {
		k := sc.hits[j].sent
		sc.next()
		var sum float32
		for ; j < len(sc.hits) && sc.hits[j].sent == k; j++ {
			if r := sc.hits[j].row; sc.first(r) {
				sum += m.weights[r][i]
			}
		}
		if best < 0 || sum > bestSum {
			best, bestSum = int(k), sum
		}
	}
	return best
}

// modelMessage says in plain words that a finding is a learned judgement.
func modelMessage(i int) string {
	what := map[string]string{
		"claims_leader_not_manager": "claims to be a leader rather than a manager (or the reverse)",
		"disparages_management":     "treats managing as lesser than leading",
		"binary_thinking":           "sorts people into managers or leaders",
		"myth_statement":            "states one of the myths about managing and leading",
		"acknowledges_both":         "says both managing and leading are needed",
		"management_example":        "gives an example of their own managing",
		"leadership_example":        "gives an example of their own leading",
		"explains_context":          "explains why a situation called for managing or for leading",
		"names_tendency_and_growth": "names their natural tendency and how they grow the other side",
	}[SignalNames[i]]
	return "Learned judgement, not a written rule: this sentence resembles answers in which the speaker " + what +
		". No rule matched its wording, so read this as likely rather than certain."
}

// modelSeverities gives each signal's model finding the severity most of that
// signal's reporting rules use (ties go to the more serious).
func modelSeverities(rules []checker) [9]Severity {
	var out [9]Severity
	for i := range out {
		count := map[Severity]int{}
		for _, r := range rules {
			b := r.base()
			if b.report && slices.Contains(b.signals, i) {
				count[b.severity]++
			}
		}
		out[i] = SeverityInfo
		best := 0
		for _, s := range []Severity{SeverityError, SeverityWarning, SeveritySuggestion, SeverityInfo} {
			if count[s] > best {
				out[i], best = s, count[s]
			}
		}
	}
	return out
}

package coach

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// document is one answer prepared for the rules: normalised once, split into
// sentences, with its quoted spans, reported-speech scopes and negators found.
// Rules never see the raw input; every offset they produce is an offset into
// norm, mapped back to the input only when a Finding is built.
type document struct {
	input string
	norm  string  // typographic quotes, dashes and spaces folded to ASCII
	lower string  // norm with ASCII letters lowered; same length as norm
	offs  []int32 // norm byte -> input byte; nil when norm == input

	sents []sentence
	words []word

	clauseSent  []int // agent clause -> sentence
	clauseFirst []int // agent clause -> first word

	quoted   spanSet // quoted content the speaker does not endorse
	reported spanSet // reported-speech scopes the speaker does not endorse

	lang *language
	pats *patternSet

	// per-document caches, indexed by literal set and pattern id
	bitWords int      // words of a bitset of sentences
	patCand  []uint64 // patterns whose first literal set is present
	// setMask: literal set -> sentences holding one of its literals
	// ((len(sets)+1) * bitWords); the last, allSets, holds every sentence
	setMask   []uint64
	setsFound []int32 // the sets with a sentence, in order of discovery
	// stateBits: state of the literal automaton -> the sentences in which
	// it stepped there (len(states) * bitWords); statesFound lists the
	// states with a sentence, in order of discovery
	stateBits   []uint64
	statesFound []int32
	possBits    []uint64 // pattern -> possible(p)
	patDone     []bool
	patHits     [][]match
	scratch     []taggedMatch
	// arena holds the match lists rules build, for the life of the document
	arena []match
	// matches of leaf patterns in single sentences, by pattern id << 32 | sentence
	sentMemo  map[uint64]span
	memo      []match
	acceptBuf []match
	// a cooccurrence rule's scratch lists: its groups' matches, their
	// agent clauses and the matches chosen for a window
	coPer    [][]match
	coAgents [][]int
	coChosen []match
	// hitBuf holds the hits an existence or cooccurrence rule returns:
	// they are turned into findings before the next rule runs
	hitBuf []hit
	// scratch lists of proximity patterns: the sentences of the right
	// side, and what inSentences returns
	nearSents []int
	inLeaf    []match
	inSplit   []match
	inAll     []taggedMatch
	// the literal automaton's steps into states where literals end, in
	// each part it scans (see acMatcher.scan)
	acEvents [scanParts][]acEvent
	// shadowBits marks where the parts of a split pattern searched so far
	// matched, while shadowOn (see shadowed)
	shadowBits []uint64
	shadowOn   bool
	// wordStarts[c*wsWords:(c+1)*wsWords] marks the offsets of lower where
	// a word (as \b sees words) begins with the letter 'a'+c, and the
	// sentence starts that begin with it: see nextWordStart
	wordStarts []uint64
	wsWords    int
}

type span struct{ start, end int }

// sentence is a run of norm ending at a full stop, question mark, exclamation
// mark or blank line. question marks a question the speaker did not answer
// "yes" to: its content is not the speaker's assertion.
type sentence struct {
	start, end int
	question   bool
	firstWord  int // index into words
	lastWord   int // one past the last word
}

// word is a run of letters, digits and inner apostrophes in lower.
type word struct {
	start, end  int
	negator     bool
	clauseBreak bool // a conjunction that ends a clause for negation
	breakBefore bool // punctuation that ends a clause sits between this word and the previous
	agentBreak  bool // a clause boundary for agents: as breakBefore, but a colon does not count
	subject     bool // a pronoun or determiner that can open a subject
	relative    bool // a relative pronoun: it opens a clause for agents
	clause      int  // index of the agent clause this word belongs to
}

// match is one regular-expression match inside one sentence, in norm offsets.
type match struct {
	start, end int
	sent       int
}

// newDocument prepares text for analysis.
func newDocument(text string, lang *language, pats *patternSet) *document {
	d := &document{}
	d.reset(text, lang, pats)
	return d
}

// reset prepares d for text, reusing its buffers: documents are pooled.
func (d *document) reset(text string, lang *language, pats *patternSet) {
	d.input, d.lang, d.pats = text, lang, pats
	d.norm, d.offs = normalise(text)
	d.lower = asciiLower(d.norm)
	d.words, d.sents = d.words[:0], d.sents[:0]
	d.clauseSent, d.clauseFirst = d.clauseSent[:0], d.clauseFirst[:0]
	d.quoted.reset()
	d.reported.reset()
	d.shadowBits = resize(d.shadowBits, len(d.lower)/64+1)
	clear(d.shadowBits) // (see startShadow)
	d.arena = d.arena[:0]
	d.memo = d.memo[:0]
	if d.sentMemo == nil {
		d.sentMemo = map[uint64]span{}
	}
	clear(d.sentMemo)
	d.patDone = resize(d.patDone, len(pats.pats))
	clear(d.patDone)
	if len(d.patHits) < len(pats.pats) {
		d.patHits = make([][]match, len(pats.pats))
	}
	d.patCand = resize(d.patCand, (len(pats.pats)+63)/64)
	clear(d.patCand)
	d.splitWords()
	d.splitSentences()
	d.findWordStarts()
	d.assignClauses()
	d.findQuotes()
	d.findReported()
}

func allZero(ws []uint64) bool {
	for _, w := range ws {
		if w != 0 {
			return false
		}
	}
	return true
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// fold maps typographic punctuation to the ASCII the rules are written in.
// Each entry is what the rune becomes; an empty string drops the rune.
var fold = map[rune]string{
	'\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u02BC': "'", '\u0060': "'", '\u00B4': "'",
	'\u201C': `"`, '\u201D': `"`, '\u201E': `"`, '\u201F': `"`, '\u2033': `"`, '\u00AB': `"`, '\u00BB': `"`,
	'\u2013': " - ", '\u2014': " - ", '\u2015': " - ", '\u2212': "-", '\u2010': "-", '\u2011': "-",
	'\u2026': "...",
	'\u00A0': " ", '\u2007': " ", '\u2009': " ", '\u200A': " ", '\u202F': " ", '\u2002': " ", '\u2003': " ", '\u3000': " ",
	'\u2028': "\n", '\u2029': "\n\n", '\u0085': "\n",
	'\u200B': "", '\u200C': "", '\u200D': "", '\u200E': "", '\u200F': "", '\u2060': "", '\uFEFF': "",
	'\u202A': "", '\u202B': "", '\u202C': "", '\u202D': "", '\u202E': "",
	'\u2066': "", '\u2067': "", '\u2068': "", '\u2069': "",
	'\t': " ", '\r': "\n",
}

// normalise folds text and returns the byte map from the folded text back to
// the input. offs has one entry per byte of norm plus one for its end, and every
// entry is a rune start of the input (or the offset of an invalid byte).
func normalise(s string) (string, []int32) {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == '\t' || c == '\r' || c == '`' {
			plain = false
			break
		}
	}
	if plain {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	offs := make([]int32, 0, len(s)+17)
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && w == 1:
			// An invalid byte reads as a space so no pattern runs through it.
			b.WriteByte(' ')
			offs = append(offs, int32(i))
		default:
			if f, ok := fold[r]; ok {
				b.WriteString(f)
				for range len(f) {
					offs = append(offs, int32(i))
				}
			} else {
				b.WriteString(s[i : i+w])
				for range w {
					offs = append(offs, int32(i))
				}
			}
		}
		i += w
	}
	offs = append(offs, int32(len(s)))
	return b.String(), offs
}

func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			// (a Builder hands over its bytes as the string: one
			// allocation, where string([]byte(s)) makes two)
			var b strings.Builder
			b.Grow(len(s))
			// capitals are few: the runs between them are copied whole
			from := 0
			for j := i; j < len(s); j++ {
				if c := s[j]; 'A' <= c && c <= 'Z' {
					b.WriteString(s[from:j])
					b.WriteByte(c + 'a' - 'A')
					from = j + 1
				}
			}
			b.WriteString(s[from:])
			return b.String()
		}
	}
	return s
}

// inputSpan maps a norm span back to the input, snapped to rune boundaries.
func (d *document) inputSpan(start, end int) (int, int) {
	if d.offs != nil {
		s, e := int(d.offs[start]), int(d.offs[end])
		if end > start && e == s {
			// A span inside one folded rune covers that whole rune.
			_, w := utf8.DecodeRuneInString(d.input[s:])
			e = s + w
		}
		start, end = s, e
	}
	return snap(d.input, start, end)
}

// snap moves a span's ends onto rune boundaries, shrinking it rather than
// letting it start or end inside a stray continuation byte.
func snap(s string, start, end int) (int, int) {
	boundary := func(i int) bool { return i >= len(s) || utf8.RuneStart(s[i]) }
	start = max(0, min(start, len(s)))
	end = max(start, min(end, len(s)))
	for start < end && !boundary(start) {
		start++
	}
	for end > start && !boundary(end) {
		end--
	}
	if start == end {
		for start < len(s) && !boundary(start) {
			start++
		}
		end = start
	}
	return start, end
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

// splitWords tokenises lower into words and marks negators and clause breaks.
func (d *document) splitWords() {
	s := d.lower
	if cap(d.words) < len(s)/5+1 {
		d.words = make([]word, 0, len(s)/5+1)
	}
	d.words = d.words[:0]
	pendingBreak, pendingAgent := false, false
	for i := 0; i < len(s); {
		c := s[i]
		if !isWordByte(c) {
			switch {
			case c == '-':
				// a dash between spaces breaks a clause; a hyphen inside a
				// word ("fifteen-minute") does not
				if (i == 0 || s[i-1] == ' ') && (i+1 == len(s) || s[i+1] == ' ') {
					pendingBreak, pendingAgent = true, true
				}
			case c == ':':
				pendingBreak = true
			case strings.IndexByte(",;()[]\"!?.\n", c) >= 0:
				pendingBreak, pendingAgent = true, true
			}
			i++
			continue
		}
		j := i
		for j < len(s) && (isWordByte(s[j]) || s[j] == '\'' && j+1 < len(s) && isWordByte(s[j+1]) && j > i) {
			j++
		}
		w := word{start: i, end: j, breakBefore: pendingBreak, agentBreak: pendingAgent}
		text := s[i:j]
		var f uint8
		if d.lang.mayHaveFlags(text) {
			f = d.lang.wordFlags[text]
		}
		w.negator = f&wordNegator != 0 || strings.HasSuffix(text, "n't")
		w.clauseBreak = f&wordClause != 0
		w.subject = f&wordSubject != 0
		w.relative = f&wordRelative != 0
		d.words = append(d.words, w)
		pendingBreak, pendingAgent = false, false
		i = j
	}
}

// splitSentences cuts norm at sentence ends, keeping abbreviations and
// decimals whole, and marks unanswered questions.
func (d *document) splitSentences() {
	s := d.norm
	start := 0
	flush := func(end int) {
		// trim white space so sentence spans hug their text
		a, b := start, end
		for a < b && (s[a] == ' ' || s[a] == '\n') {
			a++
		}
		for b > a && (s[b-1] == ' ' || s[b-1] == '\n') {
			b--
		}
		if a < b {
			d.sents = append(d.sents, sentence{start: a, end: b})
		}
		start = end
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\n':
			if i+1 < len(s) && s[i+1] == '\n' || d.lang.lineBreaks {
				flush(i)
			}
		case '.', '!', '?':
			j := i + 1
			for j < len(s) && (s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == '"' || s[j] == '\'' || s[j] == ')') {
				j++
			}
			if j < len(s) && s[j] != ' ' && s[j] != '\n' {
				i = j - 1
				continue
			}
			if c == '.' && j == i+1 && d.abbreviationBefore(i) {
				continue
			}
			flush(j)
			i = j - 1
		}
	}
	flush(len(s))
	// attach word ranges, then decide which questions stand unanswered
	wi := 0
	for k := range d.sents {
		st := &d.sents[k]
		for wi < len(d.words) && d.words[wi].start < st.start {
			wi++
		}
		st.firstWord = wi
		for wi < len(d.words) && d.words[wi].start < st.end {
			wi++
		}
		st.lastWord = wi
		if len(d.words) > 0 && st.firstWord < len(d.words) {
			// the first word of a sentence always starts a clause
			d.words[st.firstWord].breakBefore = true
		}
	}
	d.markSets()
	d.findPossible()
	d.markQuestions()
}

// markSets fills setMask, the sentences holding a literal of each set, from
// the literal automaton's steps, and makes candidates of the patterns a set
// found gates first. The steps are first gathered by state (a literal that
// recurs steps into the same state each time), and each state found then
// puts all its sentences into its sets at once.
func (d *document) markSets() {
	ps := d.pats
	m := ps.ac()
	bw := max(1, (len(d.sents)+63)/64)
	if bw != d.bitWords || len(d.setMask) != (len(ps.sets)+1)*bw || len(d.stateBits) != len(m.outStart)*bw {
		d.setMask = resize(d.setMask, (len(ps.sets)+1)*bw)
		clear(d.setMask)
		d.stateBits = resize(d.stateBits, len(m.outStart)*bw)
		clear(d.stateBits)
	} else if bw == 1 {
		// only what the last document found has bits to clear
		for _, set := range d.setsFound {
			d.setMask[set] = 0
		}
		for _, st := range d.statesFound {
			d.stateBits[st] = 0
		}
	} else {
		for _, set := range d.setsFound {
			clear(d.setMask[int(set)*bw : (int(set)+1)*bw])
		}
		for _, st := range d.statesFound {
			clear(d.stateBits[int(st)*bw : (int(st)+1)*bw])
		}
	}
	d.bitWords = bw
	d.setsFound, d.statesFound = d.setsFound[:0], d.statesFound[:0]
	mask, stateBits := d.setMask, d.stateBits
	for w := range bw {
		mask[len(ps.sets)*bw+w] = ^uint64(0)
	}
	m.scan(d)
	k := 0
	for _, evs := range d.acEvents {
		for _, ev := range evs {
			pos := int(ev.pos)
			for d.sents[k].end <= pos {
				k++ // (the text scanned ends with the last sentence)
			}
			if pos < d.sents[k].start {
				continue // between sentences
			}
			at, bit := int(ev.state)*bw+k/64, uint64(1)<<(k%64)
			b := stateBits[at]
			if b&bit != 0 {
				continue
			}
			if b == 0 && (bw == 1 || allZero(stateBits[int(ev.state)*bw:(int(ev.state)+1)*bw])) {
				d.statesFound = append(d.statesFound, ev.state)
			}
			stateBits[at] = b | bit
		}
	}
	copy(d.patCand, ps.ungated)
	if bw == 1 {
		// an answer of at most 64 sentences (nearly all): each bitset is
		// one word
		for _, st := range d.statesFound {
			b := stateBits[st]
			for _, ls := range ps.stateSets[ps.stateSetStart[st]:ps.stateSetStart[st+1]] {
				m := mask[ls.set]
				if m == 0 {
					d.setsFound = append(d.setsFound, ls.set)
					if ls.users != noUsers {
						ps.markUsers(d.patCand, ls.users)
					}
				}
				mask[ls.set] = m | b
			}
		}
		return
	}
	for _, st := range d.statesFound {
		bits := stateBits[int(st)*bw : (int(st)+1)*bw]
		for _, ls := range ps.stateSets[ps.stateSetStart[st]:ps.stateSetStart[st+1]] {
			m := mask[int(ls.set)*bw : (int(ls.set)+1)*bw]
			if allZero(m) {
				d.setsFound = append(d.setsFound, ls.set)
				ps.markUsers(d.patCand, ls.users)
			}
			for w, b := range bits {
				m[w] |= b
			}
		}
	}
}

// markQuestions marks the questions that stand unanswered. A statement with
// a question tag ("anybody can fill in a report, right?") is asserted, not
// asked.
func (d *document) markQuestions() {
	for k := range d.sents {
		st := &d.sents[k]
		t := strings.TrimRight(d.norm[st.start:st.end], `"') `)
		if strings.HasSuffix(t, "?") && !d.lang.questionTags.findIn(d, st.start, st.end) {
			st.question = !(k+1 < len(d.sents) && d.lang.affirm.startsSentence(d, k+1) && !d.lang.deny.startsSentence(d, k+1))
		}
	}
}

// abbreviationBefore reports whether the full stop at i ends an abbreviation
// or an initial rather than a sentence.
func (d *document) abbreviationBefore(i int) bool {
	j := i
	for j > 0 && (isWordByte(d.lower[j-1]) || d.lower[j-1] == '.') {
		j--
	}
	w := d.lower[j:i]
	if len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' && (j == 0 || d.lower[j-1] != '\'') {
		return true
	}
	return d.lang.abbreviations[w]
}

// sentenceAt returns the index of the sentence containing norm offset pos, or
// -1 when pos falls between sentences.
func (d *document) sentenceAt(pos int) int {
	k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].end > pos })
	if k < len(d.sents) && d.sents[k].start <= pos {
		return k
	}
	return -1
}

// findQuotes pairs quotation marks. Double quotes pair in order within a
// paragraph and an unpaired one quotes nothing. A single quote opens only at
// the start of a word and closes only at the end of one, so apostrophes in
// "don't" or "nurses' station" are never taken for quotes.
func (d *document) findQuotes() {
	s := d.norm
	var spans []span
	paraStart := 0
	for paraStart < len(s) {
		paraEnd := strings.Index(s[paraStart:], "\n\n")
		if paraEnd < 0 {
			paraEnd = len(s)
		} else {
			paraEnd += paraStart
		}
		p := s[paraStart:paraEnd]
		open := -1
		for i := 0; i < len(p); i++ {
			if p[i] != '"' {
				continue
			}
			if open < 0 {
				open = i
			} else {
				spans = append(spans, span{paraStart + open + 1, paraStart + i})
				open = -1
			}
		}
		open = -1
		for i := 0; i < len(p); i++ {
			if p[i] != '\'' {
				continue
			}
			before := byte(' ')
			if i > 0 {
				before = p[i-1]
			}
			after := byte(' ')
			if i+1 < len(p) {
				after = p[i+1]
			}
			opens := !isLetterByte(before) && before != '\'' && isLetterByte(after)
			closes := isWordOrPunct(before) && !isLetterByte(after)
			switch {
			case open < 0 && opens:
				open = i
			case open >= 0 && closes && i > open+1:
				if i-open <= 300 {
					spans = append(spans, span{paraStart + open + 1, paraStart + i})
				}
				open = -1
			case open >= 0 && opens && i-open > 300:
				open = i
			}
		}
		paraStart = paraEnd + 2
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].start < spans[b].start })
	for _, q := range spans {
		if !d.endorsedQuote(q) {
			d.quoted.spans = append(d.quoted.spans, q)
		}
	}
	d.quoted.index()
}

func isLetterByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf
}

func isWordOrPunct(c byte) bool {
	return isLetterByte(c) || strings.IndexByte(".,!?;:)", c) >= 0
}

// endorsedQuote reports whether the speaker takes a quotation as their own:
// introduced by a frame such as "a line I like", or followed by agreement.
func (d *document) endorsedQuote(q span) bool {
	k := d.sentenceAt(q.start)
	if k < 0 {
		return false
	}
	st := d.sents[k]
	if d.lang.endorseBefore.findIn(d, st.start, q.start) {
		return true
	}
	return d.endorsedAfter(k, q.end+1)
}

// endorsedAfter reports whether, after from in sentence k (from the next
// clause on) or at the start of the next sentence, the speaker agrees with
// what came before, in words no negator governs ("I'm not sure that's
// true" is no agreement).
func (d *document) endorsedAfter(k, from int) bool {
	st := d.sents[k]
	if from < st.end {
		// agreement must sit in a later clause: "..., and he was right"
		if b := d.nextClauseStart(from, st); b >= 0 && d.lang.endorse.affirmedIn(d, b, st.end) {
			return true
		}
	}
	if k+1 < len(d.sents) {
		// agreement opens the next sentence's first clause, or is what a short
		// next sentence says ("Twenty years later, I still think that's true.")
		nx := d.sents[k+1]
		end := d.clauseEnd(nx.start, nx)
		if d.short(nx) {
			end = nx.end
		}
		if d.lang.endorse.affirmedIn(d, nx.start, end) || d.lang.affirm.startsSentence(d, k+1) && !d.lang.deny.startsSentence(d, k+1) {
			return true
		}
		// or a short sentence says it after a short aside ("I laughed at that
		// when I was twenty. Now I think he was spot on.")
		if k+2 < len(d.sents) && d.short(nx) && d.short(d.sents[k+2]) {
			if nn := d.sents[k+2]; d.lang.endorse.affirmedIn(d, nn.start, nn.end) {
				return true
			}
		}
	}
	return false
}

// short reports whether a sentence is short enough for agreement anywhere
// in it to count as endorsing what came before.
func (d *document) short(st sentence) bool {
	return st.lastWord-st.firstWord <= shortSentence
}

// shortSentence is the most words a following sentence may have for
// agreement anywhere in it to count as endorsing what came before.
const shortSentence = 12

// clauseReach is how many words the clause scans below look at: agreement
// further away than this is not taken as endorsing what came before.
const clauseReach = 60

// wordAt returns the index of the first word of st starting at or after pos.
func (d *document) wordAt(pos int, st sentence) int {
	return st.firstWord + sort.Search(st.lastWord-st.firstWord, func(i int) bool { return d.words[st.firstWord+i].start >= pos })
}

// nextClauseStart returns the offset where the first clause after from
// begins within st (at punctuation or a clause word), or -1.
func (d *document) nextClauseStart(from int, st sentence) int {
	for wi, n := d.wordAt(from, st), 0; wi < st.lastWord && n < clauseReach; wi, n = wi+1, n+1 {
		w := d.words[wi]
		if w.clauseBreak {
			return w.start
		}
		if w.breakBefore && w.start > from {
			return w.start - 1
		}
	}
	return -1
}

// clauseEnd returns where the clause starting at from ends within st.
func (d *document) clauseEnd(from int, st sentence) int {
	for wi, n := d.wordAt(from, st), 0; wi < st.lastWord; wi, n = wi+1, n+1 {
		w := d.words[wi]
		if n >= clauseReach || wi > st.firstWord && w.start > from && w.breakBefore && !strings.ContainsAny(d.norm[d.words[wi-1].end:w.start], "-\"!?.") {
			return w.start
		}
	}
	return st.end
}

// findReported marks the scope of each reported-speech frame ("people say",
// "it's a myth that", "my boss told me") that the speaker does not go on to
// endorse, and every unanswered question.
func (d *document) findReported() {
	for k, st := range d.sents {
		if st.question {
			d.reported.spans = append(d.reported.spans, span{st.start, st.end})
			continue
		}
		for _, m := range d.lang.frames.all(d, st.start, st.end) {
			end := st.end
			if b := d.lang.scopeBreak.firstIn(d, m.end, st.end); b >= 0 {
				end = b
			}
			if d.endorsedAfter(k, m.end) || d.lang.endorseBefore.findIn(d, m.start, end) {
				// "There's a line I like: ..." or "..., and he was right"
				continue
			}
			d.reported.spans = append(d.reported.spans, span{m.end, end})
		}
	}
	d.reported.index()
}

// spanSet answers "is this offset inside one of the spans?" in logarithmic
// time; spans may nest or overlap.
type spanSet struct {
	spans  []span
	maxEnd []int // maxEnd[i] is the largest end among spans[:i+1]
}

func (s *spanSet) reset() { s.spans, s.maxEnd = s.spans[:0], s.maxEnd[:0] }

// index sorts the spans and prepares the lookup.
func (s *spanSet) index() {
	// (spans of one start may come in any order: the lookup reads the
	// running maximum after the last of them; slices.SortFunc allocates
	// nothing, where sort.Slice does)
	slices.SortFunc(s.spans, func(a, b span) int { return cmp.Compare(a.start, b.start) })
	end := -1
	for _, sp := range s.spans {
		end = max(end, sp.end)
		s.maxEnd = append(s.maxEnd, end)
	}
}

// contains reports whether pos lies in a span: some span starting at or
// before pos must end after it, and the running maximum says whether one does.
func (s *spanSet) contains(pos int) bool {
	i := sort.Search(len(s.spans), func(i int) bool { return s.spans[i].start > pos }) - 1
	return i >= 0 && s.maxEnd[i] > pos
}

// isQuoted reports whether a match starts inside a quotation the speaker does
// not endorse.
func (d *document) isQuoted(m match) bool { return d.quoted.contains(m.start) }

// isReported reports whether a match starts inside reported speech or an
// unanswered question.
func (d *document) isReported(m match) bool { return d.reported.contains(m.start) }

// isNegated reports whether a negator governs the match: one within the same
// clause, at most the language's window of words before the match start.
func (d *document) isNegated(m match) bool {
	st := d.sents[m.sent]
	// index of the first word at or after the match start
	wi := sort.Search(st.lastWord-st.firstWord, func(i int) bool { return d.words[st.firstWord+i].start >= m.start }) + st.firstWord
	if wi < st.lastWord && d.words[wi].breakBefore {
		return false
	}
	for j, n := wi-1, 0; j >= st.firstWord && n <= d.lang.negationWindow; j, n = j-1, n+1 {
		w := d.words[j]
		if w.negator {
			return true
		}
		if w.clauseBreak && j > st.firstWord && d.words[j-1].negator && !w.breakBefore {
			// "not because ...", "not so ...": the negator governs the clause
			return true
		}
		if w.clauseBreak || w.breakBefore {
			return false
		}
	}
	return false
}

// assignClauses numbers the agent clauses of each sentence: a new clause
// starts at punctuation other than a colon, and at a clause word.
func (d *document) assignClauses() {
	c := -1
	for k, st := range d.sents {
		for wi := st.firstWord; wi < st.lastWord; wi++ {
			w := &d.words[wi]
			if wi == st.firstWord || w.agentBreak || w.clauseBreak || w.relative {
				c++
				d.clauseSent = append(d.clauseSent, k)
				d.clauseFirst = append(d.clauseFirst, wi)
			}
			w.clause = c
		}
	}
}

// agentClause returns the clause whose subject governs the word at norm
// offset pos: its own clause if a subject word (pronoun or determiner) comes
// at or before pos there, else the nearest earlier clause of the sentence
// that has one. A clause that opens with a verb ("..., and rewrote the
// checklist") thus belongs to the subject of the clause before it.
func (d *document) agentClause(pos int) int {
	wi := sort.Search(len(d.words), func(i int) bool { return d.words[i].end > pos })
	if wi >= len(d.words) {
		return -1
	}
	c := d.words[wi].clause
	for {
		first := d.clauseFirst[c]
		for j := first; j < len(d.words) && d.words[j].clause == c && d.words[j].start <= pos; j++ {
			if d.words[j].subject {
				return c
			}
		}
		if c == 0 || d.clauseSent[c-1] != d.clauseSent[c] {
			return c
		}
		c--
		pos = len(d.norm)
	}
}

// hasLetters reports whether s has any letter; used to skip empty answers.
func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// keep copies ms into the document's arena and returns the copy, which stays
// valid (and is never appended to in place) for the life of the document.
func (d *document) keep(ms []match) []match {
	if cap(d.arena)-len(d.arena) < len(ms) {
		// a new block; slices into the old one stay valid
		d.arena = make([]match, 0, max(2*cap(d.arena), len(ms), 256))
	}
	start := len(d.arena)
	d.arena = append(d.arena, ms...)
	return d.arena[start:len(d.arena):len(d.arena)]
}

package coach

import (
	"fmt"
	"iter"
	"math/bits"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// pattern is one compiled regular expression with the literals that gate it:
// the expression can only match a sentence whose lower-cased text contains, for
// every set in need, at least one literal of that set. Gating is what keeps an
// analysis fast: most expressions never run on most sentences.
type pattern struct {
	// The fields are laid out by when they are read. The first cache line
	// holds what hits and hitsOf read of every pattern (id, canon, the
	// kind of pattern, partsFrom) and all a plain word needs; the second
	// what a head-and-tail pattern needs beside (and a proximity
	// pattern's sides); the third what a words or regexp pattern needs.
	// What a document never reads comes last. The struct is padded to a
	// multiple of 64 bytes, so that Go allocates it on a line boundary
	// (TestPatternLayout): a leaf that runs touches one line, or two.

	id int

	// canon, when set, is an earlier part of another pattern compiled from
	// the same expression: its matches are this part's too, and are worked
	// out (and kept) once, under canon's id. This part's own gates still
	// say whether it can match.
	canon *pattern

	// partsFrom is the id of the first part and partsTo one past the last:
	// parts have consecutive ids, so a document's bitset of candidate
	// patterns says which parts can match without a look at each
	partsFrom, partsTo int32

	isSplit, isNear bool // parts, near are set

	// kind says how a leaf is matched (leafSentence), from the fields
	// below: set when the literal automaton is built, so that choosing
	// reads this line alone
	kind leafKind

	// wordStart says the expression began with \b before a word character,
	// which was taken off so that Go can search for the literal prefix; the
	// boundary is checked on each match instead.
	wordStart bool

	headBound bool // a \b stood right after the head; it is checked by hand
	// tailCtx says the tail begins with one byte of context, (?s:.), and
	// runs from the head's last byte: an assertion in it (\b, say, after
	// an optional space) then sees that byte, as the whole expression does
	tailCtx bool

	// shadowable says this part (of a split pattern, with a head and a tail,
	// used by no other pattern) need not run where an earlier part of its
	// pattern matched, when nothing could come of it: see shadowed. alpha
	// holds the bytes the matches of a pattern with a tail can contain (nil:
	// any byte): see runTail too.
	shadowable bool

	// tailPreLens has bit n set when a string of tailPre is n bytes long
	tailPreLens uint8

	// word, when set, is the whole expression: the literal between two word
	// boundaries (\bword\b). It is found with strings.Index, no regexp.
	word string

	// head and tail, when set, split a large expression into the literal it
	// starts with and the rest, compiled anchored: the literal is found with
	// strings.Index and the rest runs only from there, so a big program never
	// scans a whole sentence.
	head string

	// (the second line)
	tail      *regexp.Regexp
	tailDFA   *lazyDFA   // runs tail (see dfa)
	tailFirst *[256]bool // when set, the bytes a match of tail can start with
	alpha     *[256]bool
	// tailPre, when set, holds the strings one of which begins every match
	// of tail (at most maxTailPrefix bytes; shorter where a match can be)
	tailPre []uint64 // packPrefix of each, sorted

	// near, when set, makes this a proximity pattern "A ~N~ B": a match of A
	// followed, in the same sentence, by a match of B at most N words later
	// with no , ; . ! or ? in between. re is nil then.
	near *nearSpec

	// (the third line)

	// words, when set, is the whole expression (its leading \b taken off
	// when wordStart): one of these strings followed by \b, the first in
	// this order that fits winning, as the expression would choose. They
	// are found by their common prefix, prefix, with strings.Index, no
	// regexp.
	words []string

	// prefix is the literal every match begins with: the common prefix of
	// words, or else the literal prefix of re, kept here (when the literal
	// automaton is built) so that a search need not reach into re
	prefix string

	// re is the compiled expr of a leaf matched by regexp alone
	// (matchedByRegexp); the other kinds never run it, and have none
	re    *regexp.Regexp
	reDFA *lazyDFA // runs re (see dfa)

	// startFirst, when set, says the expression begins with \A, so matches
	// only at the start of a sentence, and holds the bytes such a match can
	// begin with: a sentence beginning with any other byte is passed over
	// without running the expression.
	startFirst *[256]bool

	// (read while the analyser is built, or by composite patterns only)

	// parts, when set, are the alternatives of re compiled one by one: each
	// is small (so Go runs it with the fast backtracker) and gated by its own
	// literals. Their matches are merged leftmost-first, as re would match.
	parts []*pattern

	// needSets are the sets of need as ids into patternSet.sets: patterns
	// share sets, and a document works out each set's sentences once (a
	// document reads a leaf's from patternSet.leafNeeds). needInline holds
	// them when there are at most three.
	needSets   []int32
	needInline [3]int32

	shared bool // another part takes its matches (it is their canon)

	src string
	// expr is the expression a leaf stands for, lower-cased, a leading \b
	// taken off when wordStart: what re compiles, when it is set
	expr string
	need [][]int // literal ids: AND over the outer slice, OR over the inner

	_ [8]byte // to 320 bytes: see the first fields
}

// setKind sets kind, and prefix for a regexp, from the fields compile set:
// leafSentence tries them in this order.
func (p *pattern) setKind() {
	switch {
	case p.word != "":
		p.kind = kindWord
	case p.tail != nil:
		p.kind = kindTail
	case p.words != nil:
		p.kind = kindWords
	default:
		p.kind = kindRegexp
		p.prefix, _ = p.re.LiteralPrefix()
	}
}

// matchedByRegexp reports whether setKind will make p a kindRegexp leaf, the
// one kind that runs p.re: compile builds the regexp for those alone.
func (p *pattern) matchedByRegexp() bool {
	return p.word == "" && p.tail == nil && p.words == nil
}

// leafKind says how leafSentence matches a leaf pattern.
type leafKind uint8

const (
	kindRegexp leafKind = iota // re, from each occurrence of prefix if any
	kindWord                   // word, between word boundaries
	kindTail                   // head, then tail
	kindWords                  // words, from each occurrence of prefix
)

type nearSpec struct {
	left, right *pattern
	words       int
	commas      bool // commas may stand between the two
}

// nearOp is the proximity operator of the pattern language: "A ~N~ B", or
// "A ~N,~ B" when commas may stand between A and B. A dash between spaces
// always separates.
var nearOp = regexp.MustCompile(`\s~(\d+)(,?)~\s`)

// patternSet owns every pattern of an analyser, shared between rules: the same
// source compiles once and matches once per document.
type patternSet struct {
	acOnce sync.Once
	acm    *acMatcher
	pats   []*pattern
	bySrc  map[string]*pattern
	// partByKey finds the first part compiled from an expression, and
	// tails the compiled tail of a source
	partByKey map[string]*pattern
	tails     map[string]*regexp.Regexp
	tailDFAs  map[*regexp.Regexp]*lazyDFA
	literals  []string
	litID     map[string]int
	sets      [][]int32 // distinct literal sets of the patterns' needs
	// stateSets[stateSetStart[s]:stateSetStart[s+1]] are the sets holding
	// a literal that ends in state s of the literal automaton, each with the
	// patterns whose first (smallest) set it is (see litSet): a step into s
	// puts its sentence into those sets at once, without a stop at the
	// literals
	stateSets     []litSet
	stateSetStart []int32
	userLists     []int32
	// ungated holds the patterns that need no literal (composite ones
	// included): a document's candidate bitset starts from it
	ungated []uint64
	// splits are the split patterns with their parts' id range, and nears
	// the proximity patterns with their sides, in id order
	splits []splitRange
	nears  []struct{ id, left, right int32 }
	setID  map[string]int // a set's literal ids, as a key -> its index in sets
	// leafNeeds[id] says whether pattern id is a leaf (neither split nor
	// proximity) and holds its literal sets: a document tells from these
	// alone, without a look at the pattern, whether any one sentence holds
	// them all (see hitsOf). A leaf with more than three sets has them in
	// needs[needStart[id]:needStart[id+1]].
	leafNeeds []leafNeed
	needStart []int32
	needs     []int32
	// prefixBytes counts the bytes of literals added for prefix gating
	prefixBytes int
	macros      map[string]string
}

// ac returns the literal automaton, built on first use: patterns may still be
// added while an analyser loads, never after.
func (ps *patternSet) ac() *acMatcher {
	ps.acOnce.Do(func() {
		ps.acm = newACMatcher(ps.literals)
		ps.ungated = make([]uint64, (len(ps.pats)+63)/64)
		ps.tailDFAs = map[*regexp.Regexp]*lazyDFA{}
		for _, p := range ps.pats {
			if p.tail != nil {
				// one automaton per tail, shared as the tail is
				if ps.tailDFAs[p.tail] == nil {
					ps.tailDFAs[p.tail] = &lazyDFA{re: p.tail}
				}
				p.tailDFA = ps.tailDFAs[p.tail]
			}
			if p.re != nil {
				p.reDFA = &lazyDFA{re: p.re}
			}
			if len(p.needSets) == 0 {
				ps.ungated[p.id/64] |= 1 << (p.id % 64)
			}
			switch {
			case p.parts != nil:
				for _, part := range p.parts {
					part.shadowable = part.tail != nil && part.canon == nil && !part.shared
				}
				c := splitRange{id: int32(p.id), from: p.partsFrom, to: p.partsTo}
				if w := c.from / 64; (c.to-1)/64 == w {
					c.word = w
					for id := c.from; id < c.to; id++ {
						c.mask |= 1 << (uint(id) % 64)
					}
				}
				ps.splits = append(ps.splits, c)
			case p.near != nil:
				if p.near.left.id >= p.id || p.near.right.id >= p.id {
					panic("coach: a proximity pattern must come after its sides")
				}
				ps.nears = append(ps.nears, struct{ id, left, right int32 }{int32(p.id), int32(p.near.left.id), int32(p.near.right.id)})
			}
		}
		ps.leafNeeds = make([]leafNeed, len(ps.pats))
		ps.needStart = make([]int32, 0, len(ps.pats)+1)
		for _, p := range ps.pats {
			ps.needStart = append(ps.needStart, int32(len(ps.needs)))
			ln := &ps.leafNeeds[p.id]
			ln.n = notLeaf
			if p.parts == nil && p.near == nil {
				p.setKind()
				ln.n = int32(len(p.needSets))
				if len(p.needSets) <= len(ln.sets) {
					// (the sets left over stand for every sentence)
					all := int32(len(ps.sets))
					ln.sets = [3]int32{all, all, all}
					copy(ln.sets[:], p.needSets)
				} else {
					ps.needs = append(ps.needs, p.needSets...)
				}
			}
		}
		ps.needStart = append(ps.needStart, int32(len(ps.needs)))
		userStart, users := buildIndex(len(ps.sets), func(put func(key, val int)) {
			for _, p := range ps.pats {
				if len(p.needSets) > 0 {
					put(int(p.needSets[0]), p.id)
				}
			}
		})
		// a set's users, encoded as litSet says
		setUsers := make([]int32, len(ps.sets))
		for set := range ps.sets {
			switch us := users[userStart[set]:userStart[set+1]]; len(us) {
			case 0:
				setUsers[set] = noUsers
			case 1:
				setUsers[set] = us[0]
			default:
				setUsers[set] = -int32(len(ps.userLists)) - 2
				ps.userLists = append(append(ps.userLists, us...), -1)
			}
		}
		litSetStart, setIDs := buildIndex(len(ps.literals), func(put func(key, val int)) {
			for id, set := range ps.sets {
				for _, lit := range set {
					put(int(lit), id)
				}
			}
		})
		// each state's sets: those of the literals ending there, once each
		m := ps.acm
		ps.stateSetStart = make([]int32, 0, len(m.outStart))
		seen := make([]bool, len(ps.sets))
		for s := range len(m.outStart) - 1 {
			ps.stateSetStart = append(ps.stateSetStart, int32(len(ps.stateSets)))
			from := len(ps.stateSets)
			for _, lit := range m.outLits[m.outStart[s]:m.outStart[s+1]] {
				for _, set := range setIDs[litSetStart[lit]:litSetStart[lit+1]] {
					if !seen[set] {
						seen[set] = true
						ps.stateSets = append(ps.stateSets, litSet{set, setUsers[set]})
					}
				}
			}
			for _, ls := range ps.stateSets[from:] {
				seen[ls.set] = false
			}
		}
		ps.stateSetStart = append(ps.stateSetStart, int32(len(ps.stateSets)))
	})
	return ps.acm
}

// splitRange is a split pattern's entry in patternSet.splits: its id and
// its parts' ids, from to to. When they lie in one word of a bitset of
// patterns, mask holds their bits in that word: findPossible asks whether
// any part is a candidate for each of a thousand split patterns in every
// document, and a mask answers in one AND where nextBit loops.
type splitRange struct {
	id, from, to int32
	word         int32
	mask         uint64
}

// leafNeed is a pattern's entry in patternSet.leafNeeds: 16 bytes, so that
// the check hitsOf makes of a leaf reads one cache line.
type leafNeed struct {
	n int32 // the number of sets; notLeaf for a split or proximity pattern
	// sets are the sets when n is at most three, the rest the index
	// len(sets), which a document's setMask holds every sentence under
	sets [3]int32
}

const notLeaf = -1

// list returns the literal sets of leaf id, whose entry ln is.
func (ln *leafNeed) list(ps *patternSet, id int32) []int32 {
	if int(ln.n) <= len(ln.sets) {
		return ln.sets[:ln.n]
	}
	return ps.needs[ps.needStart[id]:ps.needStart[id+1]]
}

// litSet is a set holding a literal, with the patterns whose first set it
// is: a set found in a document makes candidates of them. They are encoded
// beside the set, so that marking them reads no index of its own, as one
// of
//
//	noUsers  none (most sets gate some pattern later on, not first)
//	>= 0     the one pattern of that id
//	<= -2    the patterns of userLists from -users-2 up to a -1
type litSet struct {
	set, users int32
}

const noUsers = -1

// markUsers sets the bits in cand of the patterns users encodes (see litSet).
func (ps *patternSet) markUsers(cand []uint64, users int32) {
	switch {
	case users >= 0:
		setBit(cand, users)
	case users < noUsers:
		for _, id := range ps.userLists[-users-2:] {
			if id < 0 {
				break
			}
			setBit(cand, id)
		}
	}
}

// buildIndex builds a compact one-to-many index over keys 0..n-1 from the
// pairs add puts: the values of key k are vals[start[k]:start[k+1]], in the
// order they were put.
func buildIndex(n int, add func(put func(key, val int))) (start, vals []int32) {
	start = make([]int32, n+1)
	add(func(key, _ int) { start[key+1]++ })
	for k := range n {
		start[k+1] += start[k]
	}
	vals = make([]int32, start[n])
	fill := slices.Clone(start)
	add(func(key, val int) {
		vals[fill[key]] = int32(val)
		fill[key]++
	})
	return start, vals
}

func newPatternSet(macros map[string]string) *patternSet {
	return &patternSet{bySrc: map[string]*pattern{}, litID: map[string]int{}, setID: map[string]int{}, partByKey: map[string]*pattern{}, tails: map[string]*regexp.Regexp{}, macros: macros}
}

var macroRef = regexp.MustCompile(`\{([a-z_]+)\}`)

// expand replaces {name} with the vocabulary entry name, recursively.
func (ps *patternSet) expand(src string, depth int) (string, error) {
	if depth > 8 {
		return "", fmt.Errorf("vocabulary entries refer to each other in a loop")
	}
	var err error
	out := macroRef.ReplaceAllStringFunc(src, func(ref string) string {
		name := ref[1 : len(ref)-1]
		v, ok := ps.macros[name]
		if !ok {
			if err == nil {
				err = fmt.Errorf("unknown vocabulary entry {%s}", name)
			}
			return ref
		}
		x, e := ps.expand(v, depth+1)
		if e != nil && err == nil {
			err = e
		}
		return "(?:" + x + ")"
	})
	return out, err
}

// compile returns the pattern for src, compiling it on first use. Patterns
// are case-insensitive.
func (ps *patternSet) compile(src string) (*pattern, error) {
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("empty pattern")
	}
	if p, ok := ps.bySrc[src]; ok {
		return p, nil
	}
	if loc := nearOp.FindStringSubmatchIndex(src); loc != nil {
		return ps.compileNear(src, loc)
	}
	full, err := ps.expand(src, 0)
	if err != nil {
		return nil, err
	}
	if i := strings.IndexFunc(full, func(r rune) bool { return r < 0x20 }); i >= 0 {
		// "\b" in a double-quoted YAML string is a backspace, not a word boundary
		return nil, fmt.Errorf("pattern %q holds the control character %q; in a double-quoted YAML string write \\b, or quote the pattern with single quotes", src, full[i])
	}
	tree, err := syntax.Parse("(?i)"+full, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("bad regular expression %q: %v", src, unwrapSyntax(err))
	}
	if matchesEmpty(tree) {
		return nil, fmt.Errorf("pattern %q matches the empty string", src)
	}
	p := &pattern{id: len(ps.pats), src: src}
	ps.pats = append(ps.pats, p)
	ps.bySrc[src] = p
	// Documents are matched in their ASCII-lower-cased form, so the program
	// can compare bytes instead of folding case rune by rune.
	lowerTree(tree)
	alts := splitAlternation(tree, maxParts)
	if alts == nil && progSize(tree) > backtrackLimit {
		alts = []*syntax.Regexp{tree}
	}
	alts = chunkBig(alts)
	if len(alts) > 1 {
		for i, alt := range alts {
			alt = normalizeConcat(alt)
			ws := stripWordStart(alt)
			expr := exprString(alt)
			part := &pattern{id: len(ps.pats), src: fmt.Sprintf("%s#%d", src, i), expr: expr, wordStart: ws}
			if ws {
				part.word = plainWord(alt)
			}
			part.splitHead(alt, ps.tails)
			part.anchorStart(alt)
			part.setWords(alt)
			if part.tail != nil {
				part.alpha, _ = alphabet(alt)
			}
			if part.matchedByRegexp() {
				if part.re, err = regexp.Compile(expr); err != nil {
					// cannot happen for a tree that came from a valid
					// pattern; fall back to the whole expression
					p.parts = nil
					break
				}
			}
			part.need = ps.gate(alt)
			part.setNeedSets(ps.setIDs(part.need))
			// the same part in another pattern ({mgmt_object} inside
			// {mgmt_thing}, say) matches the same: it shares the matches
			key := fmt.Sprintf("%v %s", ws, expr)
			if c, ok := ps.partByKey[key]; ok {
				part.canon = c
				c.shared = true
			} else {
				ps.partByKey[key] = part
			}
			ps.pats = append(ps.pats, part)
			p.parts = append(p.parts, part)
		}
	}
	if p.parts != nil {
		p.isSplit = true
		p.partsFrom, p.partsTo = int32(p.parts[0].id), int32(p.parts[0].id+len(p.parts))
		for i, part := range p.parts {
			if part.id != int(p.partsFrom)+i || part.parts != nil || part.near != nil {
				panic("coach: the parts of a pattern must be consecutive leaves")
			}
		}
	}
	if p.parts == nil {
		tree = normalizeConcat(tree)
		p.need = ps.gate(tree)
		p.setNeedSets(ps.setIDs(p.need))
		if stripWordStart(tree) {
			p.wordStart, p.word = true, plainWord(tree)
		}
		p.splitHead(tree, ps.tails)
		if p.tail != nil {
			p.alpha, _ = alphabet(tree)
		}
		p.anchorStart(tree)
		p.setWords(tree)
		p.expr = exprString(tree)
		if p.matchedByRegexp() {
			if p.re, err = regexp.Compile(p.expr); err != nil {
				return nil, fmt.Errorf("bad regular expression %q: %v", src, unwrapSyntax(err))
			}
		}
	}
	return p, nil
}

// alphabet returns the bytes a match of re can contain, or nil when it may
// contain any byte. A rune beyond ASCII stands for every byte from 0x80.
func alphabet(re *syntax.Regexp) (*[256]bool, bool) {
	out := new([256]bool)
	var walk func(re *syntax.Regexp) bool
	addRune := func(r rune) {
		if r >= utf8RuneSelf {
			for c := 0x80; c < 256; c++ {
				out[c] = true
			}
			return
		}
		out[r] = true
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			out[r^0x20] = true // a folded literal matches either case
		}
	}
	walk = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return false
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				addRune(r)
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune); i += 2 {
				lo, hi := re.Rune[i], re.Rune[i+1]
				for r := lo; r <= hi && r < utf8RuneSelf; r++ {
					addRune(r)
				}
				if hi >= utf8RuneSelf {
					addRune(utf8RuneSelf)
				}
			}
		}
		for _, sub := range re.Sub {
			if !walk(sub) {
				return false
			}
		}
		return true
	}
	if !walk(re) {
		return nil, false
	}
	return out, true
}

// maxWords bounds the strings of a words pattern.
const maxWords = 64

// setWords sets words for an expression that is a few strings followed by
// \b: "lead(?:s|ing|ership|er|ers)?\b" is leads, leading, leadership,
// leader, leaders or lead, tried in that order, at a word end.
func (p *pattern) setWords(re *syntax.Regexp) {
	if p.word != "" || p.tail != nil || p.startFirst != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 ||
		re.Sub[len(re.Sub)-1].Op != syntax.OpWordBoundary {
		return
	}
	words, ok := orderedStrings(&syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: re.Sub[:len(re.Sub)-1]})
	if !ok || len(words) == 0 || slices.Contains(words, "") {
		return
	}
	prefix := words[0]
	for _, w := range words[1:] {
		n := 0
		for n < len(prefix) && n < len(w) && prefix[n] == w[n] {
			n++
		}
		prefix = prefix[:n]
	}
	if prefix == "" {
		return
	}
	p.words, p.prefix = words, prefix
}

// orderedStrings returns every string re matches, in the order a
// backtracking matcher tries them (leftmost-first: an alternation's branches
// in turn, a greedy ? with its operand first), or ok false when re is not
// such a small finite set: it may hold only literals, small classes,
// concatenations, alternations, ? and groups, no assertion.
func orderedStrings(re *syntax.Regexp) (out []string, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || !isASCIIRunes(re.Rune) {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		// one byte of a class matches at a time: the order is immaterial
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= utf8RuneSelf {
				return nil, false
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if out = append(out, string(r)); len(out) > maxWords {
					return nil, false
				}
			}
		}
		return out, true
	case syntax.OpCapture:
		return orderedStrings(re.Sub[0])
	case syntax.OpConcat:
		out = []string{""}
		for _, sub := range re.Sub {
			next, ok := orderedStrings(sub)
			if !ok || len(out)*len(next) > maxWords {
				return nil, false
			}
			cross := make([]string, 0, len(out)*len(next))
			for _, a := range out {
				for _, b := range next {
					cross = append(cross, a+b)
				}
			}
			out = cross
		}
		return out, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			next, ok := orderedStrings(sub)
			if !ok || len(out)+len(next) > maxWords {
				return nil, false
			}
			out = append(out, next...)
		}
		return out, true
	case syntax.OpQuest:
		sub, ok := orderedStrings(re.Sub[0])
		if !ok || len(sub)+1 > maxWords {
			return nil, false
		}
		if re.Flags&syntax.NonGreedy != 0 {
			return append([]string{""}, sub...), true
		}
		return append(sub, ""), true
	}
	return nil, false
}

// wordEnd reports whether a word boundary (\b, ASCII word characters)
// lies at offset i of text.
func wordEnd(text string, i int) bool {
	before := i > 0 && isASCIIWordByte(text[i-1])
	after := i < len(text) && isASCIIWordByte(text[i])
	return before != after
}

// normalizeConcat flattens nested concatenations and merges adjacent
// literals, so that "d" "o" left by distributing a factored alternation
// reads as the literal "do" for gating and prefix search.
func normalizeConcat(re *syntax.Regexp) *syntax.Regexp {
	for i, sub := range re.Sub {
		re.Sub[i] = normalizeConcat(sub)
	}
	if re.Op != syntax.OpConcat {
		return re
	}
	var flat []*syntax.Regexp
	for _, sub := range re.Sub {
		if sub.Op == syntax.OpConcat {
			flat = append(flat, sub.Sub...)
		} else if sub.Op != syntax.OpEmptyMatch {
			flat = append(flat, sub)
		}
	}
	var out []*syntax.Regexp
	for _, sub := range flat {
		if n := len(out); n > 0 && sub.Op == syntax.OpLiteral && out[n-1].Op == syntax.OpLiteral && out[n-1].Flags&syntax.FoldCase == sub.Flags&syntax.FoldCase {
			merged := *out[n-1]
			merged.Rune = append(append([]rune(nil), out[n-1].Rune...), sub.Rune...)
			out[n-1] = &merged
			continue
		}
		out = append(out, sub)
	}
	switch len(out) {
	case 0:
		return &syntax.Regexp{Op: syntax.OpEmptyMatch}
	case 1:
		return out[0]
	}
	re.Sub = out
	return re
}

// backtrackLimit is the program size up to which Go's regexp uses its
// backtracker (it allows 500 instructions); chunkTarget is the size chunking
// aims each part at.
const (
	backtrackLimit = 480
	chunkTarget    = 400
)

// bigProgram is the program size above which an expression that starts
// with a literal is matched as head and anchored tail. Go's regexp leaves its
// fast backtracker for a slower machine above 500 instructions.
const bigProgram = 300

// progSize returns the number of instructions of re's program, as
// len(syntax.Compile(re.Simplify()).Inst), without building the program:
// loading sizes every part of every pattern, at each cut, and compiling
// them all just to count took a fifth of the load. TestProgSize holds the
// count to the compiler's.
func progSize(re *syntax.Regexp) int {
	n, _, _ := progLen(re.Simplify())
	return 2 + n // the program's first instruction fails; its last matches
}

// progLen counts the instructions syntax.Compile emits for re (simplified),
// and says whether the fragment can match the empty string (nullable: a
// star of one is compiled with an extra instruction) and whether it can
// never match (fail: an alternative that never matches costs no branch).
func progLen(re *syntax.Regexp) (n int, nullable, fail bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return 0, false, true
	case syntax.OpEmptyMatch:
		return 1, true, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return 1, true, false
		}
		return len(re.Rune), false, false
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return 1, false, false
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 1, true, false
	case syntax.OpCapture:
		n, nullable, fail = progLen(re.Sub[0])
		return n + 2, nullable && !fail, fail
	case syntax.OpStar:
		n, nullable, _ = progLen(re.Sub[0])
		if nullable {
			return n + 2, true, false // (sub+)?
		}
		return n + 1, true, false
	case syntax.OpPlus:
		n, nullable, fail = progLen(re.Sub[0])
		return n + 1, nullable, fail
	case syntax.OpQuest:
		n, _, _ = progLen(re.Sub[0])
		return n + 1, true, false
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return 1, true, false
		}
		nullable = true
		for _, sub := range re.Sub {
			m, nl, fl := progLen(sub)
			n += m
			nullable = nullable && nl
			fail = fail || fl
		}
		return n, nullable && !fail, fail
	case syntax.OpAlternate:
		live := 0
		for _, sub := range re.Sub {
			m, nl, fl := progLen(sub)
			n += m
			if !fl {
				live++
				nullable = nullable || nl
			}
		}
		if live == 0 {
			return n, false, true
		}
		return n + live - 1, nullable, false
	}
	// a repeat, which simplifying takes away
	if s := re.Simplify(); s != re {
		return progLen(s)
	}
	return 0, false, true
}

// chunkBig replaces every part whose program is still large by parts in
// which its largest alternation is cut into consecutive chunks, in order,
// until each part is small or has no alternation left to cut. The union is
// the same language and, the merge preferring earlier parts at the same
// position, the same leftmost-first matches.
func chunkBig(parts []*syntax.Regexp) []*syntax.Regexp {
	var out []*syntax.Regexp
	for _, p := range parts {
		out = append(out, chunkOne(normalizeConcat(p), 0)...)
		if len(out) > maxChunkedParts {
			return parts
		}
	}
	return out
}

func chunkOne(re *syntax.Regexp, depth int) []*syntax.Regexp {
	size := progSize(re)
	if size <= backtrackLimit || depth > 3 || re.Op != syntax.OpConcat {
		return []*syntax.Regexp{re}
	}
	at, best := -1, 0
	for i, sub := range re.Sub {
		alt := sub
		if alt.Op == syntax.OpCapture {
			alt = alt.Sub[0]
		}
		if alt.Op == syntax.OpAlternate && len(alt.Sub) > best {
			at, best = i, len(alt.Sub)
		}
	}
	if at < 0 || best < 4 {
		return []*syntax.Regexp{re}
	}
	alt := re.Sub[at]
	if alt.Op == syntax.OpCapture {
		alt = alt.Sub[0]
	}
	// as few chunks as keep each part under the limit: every part scans the
	// sentence again
	n := (size + chunkTarget - 1) / chunkTarget
	n = min(max(n, 2), best)
	var out []*syntax.Regexp
	for c := 0; c < n; c++ {
		lo, hi := c*best/n, (c+1)*best/n
		chunk := &syntax.Regexp{Op: syntax.OpAlternate, Flags: alt.Flags, Sub: alt.Sub[lo:hi]}
		if hi-lo == 1 {
			chunk = alt.Sub[lo]
		}
		cp := *re
		cp.Sub = append([]*syntax.Regexp(nil), re.Sub...)
		cp.Sub[at] = chunk
		out = append(out, chunkOne(normalizeConcat(&cp), depth+1)...)
	}
	return out
}

// splitHead sets head and tail for a large expression that starts with a
// literal (its leading \b, if any, already taken off).
//
// Tails are shared through tails, by their source: the parts of a frame such
// as {verb_slot} have a dozen heads before the same few tails, and one
// compiled program run for all of them stays in cache.
func (p *pattern) splitHead(re *syntax.Regexp, tails map[string]*regexp.Regexp) {
	if p.word != "" || re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return
	}
	first := re.Sub[0]
	if first.Op != syntax.OpLiteral || first.Flags&syntax.FoldCase != 0 || !isASCIIRunes(first.Rune) {
		return
	}
	if progSize(re) <= bigProgram {
		return
	}
	// A tail runs on the text after the head and cannot see the character
	// before it, so a leading \b is checked by hand and other assertions
	// are not split at all.
	subs := re.Sub[1:]
	bound := false
	if subs[0].Op == syntax.OpWordBoundary {
		bound, subs = true, subs[1:]
	}
	if len(subs) == 0 {
		return
	}
	switch subs[0].Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpBeginText:
		return
	}
	rest := &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: subs}
	tailSrc := `^(?:` + exprString(rest) + `)`
	// An assertion the tail meets before it consumes anything looks at
	// the byte before the tail's input. Run on the text after the head,
	// the tail would take that for the start of the text, and " ?\b(?:ran)"
	// would match "ran" in "iran" after the head "i"; so a tail with any
	// assertion that looks back runs from the head's last byte, which it
	// first consumes.
	ctx := lookBehind(rest)
	if ctx {
		tailSrc = `^(?s:.)(?:` + exprString(rest) + `)`
	}
	tail, ok := tails[tailSrc]
	if !ok {
		var err error
		if tail, err = regexp.Compile(tailSrc); err != nil {
			return
		}
		tails[tailSrc] = tail
	}
	p.head, p.tail, p.headBound, p.tailCtx = string(first.Rune), tail, bound, ctx
	// the bytes a tail match can start with, so that most head
	// occurrences are dismissed without starting the regexp machine
	// A \b the tail meets before consuming anything sees the head's last
	// byte.
	if set, ok := firstBytes(subs, isASCIIWordByte(p.head[len(p.head)-1])); ok {
		p.tailFirst = set
	}
	// Better still, the first few bytes: "i" followed by "t was" cannot
	// begin a tail whose matches begin with " ", "set", "ran" or "run".
	for _, n := range []int{maxTailPrefix, 2} {
		set, ok := prefixes(subs, n)
		if !ok || len(set) == 0 || slices.Contains(set, "") {
			continue
		}
		p.tailPre = make([]uint64, 0, len(set))
		for _, pre := range set {
			p.tailPre = append(p.tailPre, packPrefix(pre))
			p.tailPreLens |= 1 << len(pre) // (at most maxTailPrefix < 8)
		}
		slices.Sort(p.tailPre)
		break
	}
}

// setNeedSets sets needSets, in needInline when they fit.
func (p *pattern) setNeedSets(sets []int32) {
	if len(sets) <= len(p.needInline) {
		n := copy(p.needInline[:], sets)
		sets = p.needInline[:n:n]
	}
	p.needSets = sets
}

// lookBehind reports whether re holds an assertion that looks at the byte
// before the position it is tested at: \b, \B, ^ or \A.
func lookBehind(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpBeginText:
		return true
	}
	return slices.ContainsFunc(re.Sub, lookBehind)
}

// runTail returns the end of the tail's match after the head at s, or -1.
//
// The tail runs on text cut one byte after the first byte from the head on
// that is not in the pattern's alphabet, when it has one: a match cannot
// contain that byte, so it ends at or before it, and the regexp never needs
// to go past it; keeping the byte itself lets an assertion at its offset
// (, $) see what it sees in the whole text. A short input is what keeps
// Go's backtracker cheap: each run clears, and touches, a bitmap of program
// size times input length.
func (p *pattern) runTail(text string, s int) int {
	h := s + len(p.head)
	from := h
	if p.tailCtx {
		from = h - 1
	}
	end := len(text)
	if p.alpha != nil {
		for i := h; i < len(text); i++ {
			if !p.alpha[text[i]] {
				end = i + 1
				break
			}
		}
	}
	if a := p.tailDFA.get(); a != nil {
		if e, ok := a.match(text[from:end]); ok {
			if e < 0 {
				return -1
			}
			return from + e
		}
	}
	if loc := p.tail.FindStringIndex(text[from:end]); loc != nil {
		return from + loc[1]
	}
	return -1
}

// mayStartAt reports whether a match of a head-and-tail pattern can start
// at an occurrence of its head at s in text, by all that can be told
// without running the tail: the boundaries the head needs, the bytes the
// tail can begin with.
func (p *pattern) mayStartAt(text string, s int) bool {
	h := s + len(p.head)
	if p.wordStart && s > 0 && isASCIIWordByte(text[s-1]) ||
		p.headBound && h < len(text) && isASCIIWordByte(text[h-1]) == isASCIIWordByte(text[h]) {
		return false
	}
	return (p.tailFirst == nil || h < len(text) && p.tailFirst[text[h]]) && p.tailMayStart(text[h:])
}

// maxTailPrefix is the longest start of a tail match checked before the
// tail runs.
const maxTailPrefix = 4

// tailMayStart reports whether text (what follows a head) begins with one
// of the strings every match of the tail begins with.
func (p *pattern) tailMayStart(text string) bool {
	if p.tailPre == nil {
		return true
	}
	for n := 1; n <= maxTailPrefix; n++ {
		if p.tailPreLens&(1<<n) != 0 && n <= len(text) {
			if _, ok := slices.BinarySearch(p.tailPre, packPrefix(text[:n])); ok {
				return true
			}
		}
	}
	return false
}

// packPrefix packs a string of at most maxTailPrefix bytes and its length
// into one number.
func packPrefix(s string) uint64 {
	v := uint64(len(s))
	for i := 0; i < len(s); i++ {
		v = v<<8 | uint64(s[i])
	}
	return v
}

// anchorStart sets startFirst for an expression that begins with \A.
func (p *pattern) anchorStart(re *syntax.Regexp) {
	if p.word != "" || p.tail != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpBeginText {
		return
	}
	// nothing stands before the start of the text: \b and \B there see a
	// non-word position
	if first, ok := firstBytes(re.Sub[1:], false); ok {
		p.startFirst = first
	}
}

// firstBytes returns the bytes a non-empty match of the concatenation subs
// can start with, when the position before it counts as a word byte
// (prevWord) or not; ok is false when a match may be empty or start with any
// byte. A \b or \B met before anything is consumed is decided against that
// position: with prevWord false, " ?\b(?:do|did)" starts with ' ' or 'd',
// and " ?\B(?:do|did)" only with ' '.
func firstBytes(subs []*syntax.Regexp, prevWord bool) (*[256]bool, bool) {
	if len(subs) == 0 {
		return nil, false // the empty string matches
	}
	e, rest := subs[0], subs[1:]
	switch e.Op {
	case syntax.OpEmptyMatch:
		return firstBytes(rest, prevWord)
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		set, ok := firstBytes(rest, prevWord)
		if !ok {
			return nil, false
		}
		// : the next byte's class differs from the one before; \B: same
		wantWord := !prevWord
		if e.Op == syntax.OpNoWordBoundary {
			wantWord = prevWord
		}
		out := new([256]bool)
		for c := range 256 {
			out[c] = set[c] && isASCIIWordByte(byte(c)) == wantWord
		}
		return out, true
	case syntax.OpCapture:
		return firstBytes(append([]*syntax.Regexp{e.Sub[0]}, rest...), prevWord)
	case syntax.OpConcat:
		return firstBytes(append(append([]*syntax.Regexp(nil), e.Sub...), rest...), prevWord)
	case syntax.OpLiteral:
		if len(e.Rune) == 0 || e.Flags&syntax.FoldCase != 0 || e.Rune[0] >= utf8RuneSelf {
			return nil, false
		}
		out := new([256]bool)
		out[e.Rune[0]] = true
		return out, true
	case syntax.OpCharClass:
		out := new([256]bool)
		for i := 0; i+1 < len(e.Rune); i += 2 {
			if e.Rune[i+1] >= utf8RuneSelf {
				return nil, false
			}
			for r := e.Rune[i]; r <= e.Rune[i+1]; r++ {
				out[r] = true
			}
		}
		return out, true
	case syntax.OpAlternate:
		out := new([256]bool)
		for _, alt := range e.Sub {
			set, ok := firstBytes(append([]*syntax.Regexp{alt}, rest...), prevWord)
			if !ok {
				return nil, false
			}
			orBytes(out, set)
		}
		return out, true
	case syntax.OpQuest, syntax.OpStar:
		// X? rest and X* rest start with X or with rest
		a, ok := firstBytes(append([]*syntax.Regexp{e.Sub[0]}, rest...), prevWord)
		if !ok {
			return nil, false
		}
		b, ok := firstBytes(rest, prevWord)
		if !ok {
			return nil, false
		}
		orBytes(a, b)
		return a, true
	case syntax.OpPlus:
		return firstBytes(append([]*syntax.Regexp{e.Sub[0]}, rest...), prevWord)
	case syntax.OpRepeat:
		if e.Min == 0 {
			return firstBytes(append([]*syntax.Regexp{{Op: syntax.OpStar, Flags: e.Flags, Sub: e.Sub}}, rest...), prevWord)
		}
		return firstBytes(append([]*syntax.Regexp{e.Sub[0]}, rest...), prevWord)
	}
	return nil, false // ^, $, any character, ...
}

func orBytes(dst, src *[256]bool) {
	for c, ok := range src {
		dst[c] = dst[c] || ok
	}
}

// plainWord returns the literal of an expression that, its leading \b
// stripped, is exactly a literal followed by \b; otherwise "".
func plainWord(re *syntax.Regexp) string {
	if re.Op != syntax.OpConcat || len(re.Sub) != 2 || re.Sub[0].Op != syntax.OpLiteral ||
		re.Sub[0].Flags&syntax.FoldCase != 0 || re.Sub[1].Op != syntax.OpWordBoundary {
		return ""
	}
	w := string(re.Sub[0].Rune)
	if !isASCII(w) || !isASCIIWordByte(w[len(w)-1]) {
		return ""
	}
	return w
}

// stripWordStart removes a leading \b from re when a literal word character
// follows it, and reports whether it did.
func stripWordStart(re *syntax.Regexp) bool {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpWordBoundary {
		return false
	}
	for len(re.Sub) > 2 && re.Sub[1].Op == syntax.OpWordBoundary {
		re.Sub = re.Sub[1:] // \b\b is \b
	}
	next := re.Sub[1]
	if next.Op != syntax.OpLiteral || len(next.Rune) == 0 || next.Flags&syntax.FoldCase != 0 || !isWordRune(next.Rune[0]) {
		return false
	}
	re.Sub = re.Sub[1:]
	return true
}

func isWordRune(r rune) bool {
	return r < 0x80 && (r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
}

// isASCIIWordByte is isWordRune for a byte, looked up in a table: it runs
// at every word boundary a leaf checks, and a load beats six comparisons.
func isASCIIWordByte(c byte) bool { return asciiWord[c] }

// lowerTree turns a case-insensitive expression into a case-sensitive one
// for lower-case text: folded literals become lower case. Character classes
// already hold both cases after parsing with (?i).
func lowerTree(re *syntax.Regexp) {
	if re.Op == syntax.OpCharClass {
		lowerClass(re)
	}
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 {
		for i, r := range re.Rune {
			if r < 0x80 {
				re.Rune[i] = unicode.ToLower(r)
			}
		}
		if isASCIIRunes(re.Rune) {
			re.Flags &^= syntax.FoldCase
		}
	}
	for _, sub := range re.Sub {
		lowerTree(sub)
	}
}

// lowerClass drops from a class the runes lower-cased text cannot hold once
// their lower-case form is in the class: A-Z, and the Unicode folds of s and
// k that case-insensitive parsing adds. A class left with one rune becomes a
// literal.
func lowerClass(re *syntax.Regexp) {
	in := func(r rune) bool {
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= r && r <= re.Rune[i+1] {
				return true
			}
		}
		return false
	}
	var keep []rune
	add := func(lo, hi rune) {
		if n := len(keep); n > 0 && keep[n-1] == lo-1 {
			keep[n-1] = hi
		} else {
			keep = append(keep, lo, hi)
		}
	}
	for i := 0; i+1 < len(re.Rune); i += 2 {
		lo, hi := re.Rune[i], re.Rune[i+1]
		for r := lo; r <= hi; r++ {
			if r > 0x7f && r != 0x17f && r != 0x212a {
				add(r, hi) // beyond ASCII: keep the rest of the range as it is
				break
			}
			drop := 'A' <= r && r <= 'Z' && in(r+'a'-'A') || r == 0x17f && in('s') || r == 0x212a && in('k')
			if !drop {
				add(r, r)
			}
		}
	}
	if len(keep) == 0 {
		return
	}
	re.Rune = keep
	if len(keep) == 2 && keep[0] == keep[1] {
		re.Op, re.Rune, re.Flags = syntax.OpLiteral, []rune{keep[0]}, re.Flags&^syntax.FoldCase
	}
}

func isASCIIRunes(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x80 {
			return false
		}
	}
	return true
}

// compileNear compiles "A ~N~ B" (B may itself hold another ~N~).
func (ps *patternSet) compileNear(src string, loc []int) (*pattern, error) {
	n, err := strconv.Atoi(src[loc[2]:loc[3]])
	if err != nil || n > 50 {
		return nil, fmt.Errorf("proximity %q: at most ~50~ words", src[loc[0]:loc[1]])
	}
	left, err := ps.compile(src[:loc[0]])
	if err != nil {
		return nil, err
	}
	right, err := ps.compile(src[loc[1]:])
	if err != nil {
		return nil, err
	}
	p := &pattern{id: len(ps.pats), src: src, near: &nearSpec{left: left, right: right, words: n, commas: loc[5] > loc[4]}, isNear: true}
	ps.pats = append(ps.pats, p)
	ps.bySrc[src] = p
	return p, nil
}

// maxLiteral is the longest gating literal kept.
const maxLiteral = 6

// maxParts bounds how many alternatives one pattern is split into, and
// maxChunkedParts how many parts it may have once large alternations are cut.
const (
	maxParts        = 256
	maxChunkedParts = 1024
)

// gate returns the literal sets that gate a parsed expression.
func (ps *patternSet) gate(tree *syntax.Regexp) [][]int {
	var need [][]int
	simple := tree.Simplify()
	sets := required(simple)
	if pre := ps.prefixGate(simple); pre != nil {
		sets = append([][]string{pre}, sets...)
	}
	for _, set := range bestSets(sets, 3) {
		ids := make([]int, len(set))
		for i, lit := range set {
			// a prefix of a required literal is required too; short literals
			// keep the automaton small
			if len(lit) > maxLiteral {
				lit = lit[:maxLiteral]
			}
			id, ok := ps.litID[lit]
			if !ok {
				id = len(ps.literals)
				ps.literals = append(ps.literals, lit)
				ps.litID[lit] = id
			}
			ids[i] = id
		}
		need = append(need, ids)
	}
	// Every set is required, so any order gives the same answer; the
	// smallest first is the cheapest to test, and one set absent from a
	// sentence settles it.
	slices.SortStableFunc(need, func(a, b []int) int { return len(a) - len(b) })
	return need
}

// setIDs returns the ids of need's literal sets, adding the sets not seen
// before.
func (ps *patternSet) setIDs(need [][]int) []int32 {
	var ids []int32
	for _, set := range need {
		key := fmt.Sprint(set)
		id, ok := ps.setID[key]
		if !ok {
			id = len(ps.sets)
			lits := make([]int32, len(set))
			for i, l := range set {
				lits[i] = int32(l)
			}
			ps.sets = append(ps.sets, lits)
			ps.setID[key] = id
		}
		ids = append(ids, int32(id))
	}
	return ids
}

// Prefix gating: besides literals a match must contain somewhere, a match
// must start with one of a finite set of strings when the expression begins
// with literals, small classes and alternations of them ("to ?(?:set up|ran)"
// starts with "to set", "toset", "to ran" or "toran"). Those strings record
// what stands next to what, so they gate far better than "to" and "ran"
// found anywhere in the sentence.
const (
	maxPrefix    = 6  // longest prefix kept (as maxLiteral)
	maxPrefixSet = 64 // most prefixes one expression may need
	// maxPrefixBytes bounds the bytes of literals added for prefix gating,
	// and so the states they add to the automaton, whatever the rules.
	maxPrefixBytes = 16384
)

// prefixGate returns the strings one of which begins every match of re
// (lower-cased text, ASCII only), or nil when there is no useful set or the
// automaton's budget for them is spent.
func (ps *patternSet) prefixGate(re *syntax.Regexp) []string {
	set, ok := prefixes([]*syntax.Regexp{re}, maxPrefix)
	if !ok || len(set) == 0 {
		return nil
	}
	// a string that extends another in the set adds nothing: the shorter
	// one is found wherever the longer one is
	kept := set[:0:0]
	for _, s := range set {
		if len(kept) > 0 && strings.HasPrefix(s, kept[len(kept)-1]) {
			continue // sorted: a prefix of s sorts just before it
		}
		kept = append(kept, s)
	}
	added := 0
	for _, s := range kept {
		if len(s) < 3 {
			return nil // "i " or "a" gate nothing
		}
		if _, known := ps.litID[s]; !known {
			added += len(s)
		}
	}
	if ps.prefixBytes+added > maxPrefixBytes {
		return nil
	}
	ps.prefixBytes += added
	return kept
}

// prefixes returns a set of strings, each at most n bytes long, such that
// every match of the concatenation subs (followed by anything) begins with
// one of them. ok is false when the set would be larger than maxPrefixSet.
// The set holds "" when nothing useful is known. Empty-width assertions are
// skipped: they only narrow what matches.
func prefixes(subs []*syntax.Regexp, n int) (set []string, ok bool) {
	if len(subs) == 0 {
		return []string{""}, true
	}
	e, rest := subs[0], subs[1:]
	switch e.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return prefixes(rest, n)
	case syntax.OpCapture:
		return prefixes(append([]*syntax.Regexp{e.Sub[0]}, rest...), n)
	case syntax.OpConcat:
		return prefixes(append(append([]*syntax.Regexp(nil), e.Sub...), rest...), n)
	case syntax.OpLiteral:
		if e.Flags&syntax.FoldCase != 0 || !isASCIIRunes(e.Rune) {
			return []string{""}, true
		}
		return crossPrefixes([]string{strings.ToLower(string(e.Rune))}, rest, n)
	case syntax.OpCharClass:
		var heads []string
		for i := 0; i+1 < len(e.Rune); i += 2 {
			if e.Rune[i+1] >= utf8RuneSelf || int(e.Rune[i+1]-e.Rune[i]) >= maxPrefixSet {
				return []string{""}, true
			}
			for r := e.Rune[i]; r <= e.Rune[i+1]; r++ {
				heads = append(heads, strings.ToLower(string(r)))
			}
		}
		slices.Sort(heads)
		heads = slices.Compact(heads)
		if len(heads) > 8 {
			return []string{""}, true // [a-z] and the like gate nothing
		}
		return crossPrefixes(heads, rest, n)
	case syntax.OpAlternate:
		var out []string
		for _, alt := range e.Sub {
			s, ok := prefixes(append([]*syntax.Regexp{alt}, rest...), n)
			if !ok {
				return nil, false
			}
			if out = unionPrefixes(out, s); len(out) > maxPrefixSet {
				return nil, false
			}
		}
		return out, true
	case syntax.OpQuest:
		a, ok := prefixes(append([]*syntax.Regexp{e.Sub[0]}, rest...), n)
		if !ok {
			return nil, false
		}
		b, ok := prefixes(rest, n)
		if !ok {
			return nil, false
		}
		out := unionPrefixes(a, b)
		return out, len(out) <= maxPrefixSet
	case syntax.OpStar:
		// X* rest: a match starts with a match of X or of rest
		a, ok := prefixes(e.Sub[:1], n)
		if !ok {
			return nil, false
		}
		b, ok := prefixes(rest, n)
		if !ok {
			return nil, false
		}
		out := unionPrefixes(a, b)
		return out, len(out) <= maxPrefixSet
	case syntax.OpPlus:
		// X+ rest: a match starts with a match of X
		return prefixes(e.Sub[:1], n)
	case syntax.OpRepeat:
		if e.Min == 0 {
			return prefixes(append([]*syntax.Regexp{{Op: syntax.OpStar, Flags: e.Flags, Sub: e.Sub}}, rest...), n)
		}
		return prefixes(e.Sub[:1], n)
	}
	return []string{""}, true
}

const utf8RuneSelf = 0x80

// crossPrefixes returns every head followed by every prefix of rest, cut at n.
func crossPrefixes(heads []string, rest []*syntax.Regexp, n int) ([]string, bool) {
	var tails []string
	var out []string
	for _, h := range heads {
		if len(h) >= n {
			out = unionPrefixes(out, []string{h[:n]})
			continue
		}
		if tails == nil {
			var ok bool
			if tails, ok = prefixes(rest, n-len(h)); !ok {
				return nil, false
			}
		}
		for _, t := range tails {
			out = unionPrefixes(out, []string{h + t})
		}
		if len(out) > maxPrefixSet {
			return nil, false
		}
	}
	return out, len(out) <= maxPrefixSet
}

// unionPrefixes merges two prefix sets, sorted and without duplicates. A
// string that another extends is kept: either may begin a match.
func unionPrefixes(a, b []string) []string {
	out := append(a, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// splitAlternation rewrites re as a list of expressions whose union matches
// what re matches, so that each starts with a literal Go can search for:
// alternations are split, an optional element is taken both ways, and a
// concatenation is distributed over the first element that is not a literal
// (\b(?:a|b) c -> \ba c, \bb c). It returns nil when re cannot be split
// usefully or would need more than limit parts.
func splitAlternation(re *syntax.Regexp, limit int) []*syntax.Regexp {
	switch re.Op {
	case syntax.OpCapture:
		return splitAlternation(re.Sub[0], limit)
	case syntax.OpAlternate:
		var out []*syntax.Regexp
		for _, sub := range re.Sub {
			parts := splitAlternation(sub, limit)
			if parts == nil {
				parts = []*syntax.Regexp{sub}
			}
			out = append(out, parts...)
			if len(out) > limit {
				return nil
			}
		}
		return out
	case syntax.OpConcat:
		// the first element that is neither a literal nor a zero-width
		// assertion decides whether the expression has a literal prefix
		at := -1
		for i, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral {
				break
			}
			if sub.Op == syntax.OpWordBoundary || sub.Op == syntax.OpBeginText || sub.Op == syntax.OpBeginLine {
				continue
			}
			at = i
			break
		}
		if at < 0 {
			return nil
		}
		var heads []*syntax.Regexp // what may stand at position at
		switch el := re.Sub[at]; el.Op {
		case syntax.OpCharClass:
			// a few punctuation marks ([,;:]) become one literal each
			n := 0
			for i := 0; i+1 < len(el.Rune); i += 2 {
				n += int(el.Rune[i+1]-el.Rune[i]) + 1
			}
			if n > 4 {
				return nil
			}
			for i := 0; i+1 < len(el.Rune); i += 2 {
				for r := el.Rune[i]; r <= el.Rune[i+1]; r++ {
					heads = append(heads, &syntax.Regexp{Op: syntax.OpLiteral, Flags: el.Flags &^ syntax.FoldCase, Rune: []rune{r}})
				}
			}
		case syntax.OpCapture:
			if el.Sub[0].Op != syntax.OpAlternate {
				return nil
			}
			heads = el.Sub[0].Sub
		case syntax.OpAlternate:
			heads = el.Sub
		case syntax.OpQuest:
			heads = []*syntax.Regexp{el.Sub[0], {Op: syntax.OpEmptyMatch}}
		default:
			return nil
		}
		var out []*syntax.Regexp
		for _, h := range heads {
			cp := *re
			cp.Sub = append(append(append([]*syntax.Regexp(nil), re.Sub[:at]...), h), re.Sub[at+1:]...)
			part := normalizeConcat(&cp)
			more := splitAlternation(part, limit-len(out))
			if more == nil {
				more = []*syntax.Regexp{part}
			}
			out = append(out, more...)
			if len(out) > limit {
				return nil
			}
		}
		return out
	}
	return nil
}

func unwrapSyntax(err error) string {
	if e, ok := err.(*syntax.Error); ok {
		return fmt.Sprintf("%s: %s", e.Code, e.Expr)
	}
	return err.Error()
}

// required returns sets of literals a match must contain: every returned set
// has at least one member in any match. Literals are lower-cased.
//
// Where a sub-expression can only match one of a few strings (its exact
// set, as RE2's prefilter computes it), the strings themselves are the
// literals: "r(?:an|un)" requires "ran" or "run", not the "an" or "un" the
// factored form alone would give, which nearly every sentence holds.
func required(re *syntax.Regexp) [][]string {
	return literalsOf(re).sets()
}

// litInfo is what literalsOf knows of an expression: the sets of literals
// every match holds at least one of (AND over the sets, OR within one), and,
// when isExact, the few strings that are its only matches.
type litInfo struct {
	req     [][]string
	exact   []string // sorted, unique; meaningful when isExact
	isExact bool
}

// maxExact bounds the strings an exact set may hold; beyond it the set is
// given up for the literals it requires.
const maxExact = 128

// maxExactClass is the largest character class taken as an exact set.
const maxExactClass = 8

func exactInfo(req [][]string, ss ...string) litInfo {
	slices.Sort(ss)
	return litInfo{req: req, exact: slices.Compact(ss), isExact: true}
}

// exactSet returns the exact strings as a set of alternatives, or nil when
// the empty string is among them (then nothing is required).
func exactSet(ss []string) []string {
	if len(ss) == 0 || slices.Contains(ss, "") {
		return nil
	}
	return ss
}

// sets returns every literal set i knows a match needs.
func (i litInfo) sets() [][]string {
	if i.isExact {
		if set := exactSet(i.exact); set != nil {
			return append(slices.Clip(i.req), set)
		}
	}
	return i.req
}

func literalsOf(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpLiteral:
		lit := strings.ToLower(string(re.Rune))
		if !isASCII(lit) {
			// Unicode case folding can change length; do not gate on it.
			return litInfo{}
		}
		return exactInfo(nil, lit)
	case syntax.OpCharClass:
		var ss []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i+1] >= utf8RuneSelf || int(re.Rune[i+1]-re.Rune[i]) >= maxExactClass {
				return litInfo{}
			}
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				ss = append(ss, strings.ToLower(string(r)))
			}
		}
		if len(ss) == 0 || len(ss) > maxExactClass {
			return litInfo{}
		}
		return exactInfo(nil, ss...)
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactInfo(nil, "")
	case syntax.OpCapture:
		return literalsOf(re.Sub[0])
	case syntax.OpQuest:
		sub := literalsOf(re.Sub[0])
		if sub.isExact && len(sub.exact) < maxExact {
			return exactInfo(nil, append(slices.Clone(sub.exact), "")...)
		}
		return litInfo{}
	case syntax.OpPlus:
		return litInfo{req: literalsOf(re.Sub[0]).sets()}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return litInfo{req: literalsOf(re.Sub[0]).sets()}
		}
		return litInfo{}
	case syntax.OpConcat:
		// every element's sets are required, and so are the strings of each
		// run of exact elements, joined
		var req [][]string
		cur := []string{""}
		exact := true
		for _, sub := range re.Sub {
			si := literalsOf(sub)
			req = append(req, si.sets()...)
			if si.isExact && len(cur)*len(si.exact) <= maxExact {
				next := make([]string, 0, len(cur)*len(si.exact))
				for _, a := range cur {
					for _, b := range si.exact {
						next = append(next, a+b)
					}
				}
				cur = next
				continue
			}
			exact = false
			if set := exactSet(cur); set != nil {
				req = append(req, set)
			}
			cur = []string{""}
			if si.isExact {
				cur = si.exact
			}
		}
		if exact {
			return exactInfo(req, cur...)
		}
		if set := exactSet(cur); set != nil {
			req = append(req, set)
		}
		return litInfo{req: req}
	case syntax.OpAlternate:
		subs := make([]litInfo, len(re.Sub))
		for i, sub := range re.Sub {
			subs[i] = literalsOf(sub)
		}
		var union []string
		for _, si := range subs {
			best := cheapestSet(si.sets())
			if best == nil {
				union = nil
				break
			}
			union = append(union, best...)
		}
		var req [][]string
		if union != nil {
			slices.Sort(union)
			req = [][]string{slices.Compact(union)}
		}
		var all []string
		for _, si := range subs {
			if !si.isExact || len(all)+len(si.exact) > maxExact {
				return litInfo{req: req}
			}
			all = append(all, si.exact...)
		}
		return exactInfo(req, all...)
	}
	return litInfo{}
}

// tidySets cuts every literal to maxLiteral bytes (a prefix of a required
// literal is required too) and drops what gates nothing more: a literal that
// contains another of its set (the shorter is found wherever the longer is),
// and a set implied by another, one whose every literal contains a literal
// of it.
func tidySets(sets [][]string) [][]string {
	var out [][]string
	for _, set := range sets {
		cut := make([]string, len(set))
		for i, lit := range set {
			cut[i] = lit[:min(len(lit), maxLiteral)]
		}
		slices.Sort(cut)
		cut = slices.Compact(cut)
		lean := cut[:0:0]
		for _, lit := range cut {
			if !slices.ContainsFunc(cut, func(o string) bool { return o != lit && strings.Contains(lit, o) }) {
				lean = append(lean, lit)
			}
		}
		out = append(out, lean)
	}
	// implies reports whether a match holding a literal of a holds one of b
	implies := func(a, b []string) bool {
		for _, la := range a {
			if !slices.ContainsFunc(b, func(lb string) bool { return strings.Contains(la, lb) }) {
				return false
			}
		}
		return true
	}
	var kept [][]string
	for i, set := range out {
		implied := false
		for j, other := range out {
			// of two sets that imply each other the first is kept
			if i != j && implies(other, set) && (j < i || !implies(set, other)) {
				implied = true
				break
			}
		}
		if !implied {
			kept = append(kept, set)
		}
	}
	return kept
}

// bestSets keeps at most n of the most selective sets, by an estimate of
// how often a sentence holds any of a set's literals: the longer a literal,
// the rarer (a space counts for half a letter, it is everywhere). Sets with
// a literal shorter than two bytes gate nothing worth the lookup and are
// dropped. Literals are cut to maxLiteral bytes first.
func bestSets(sets [][]string, n int) [][]string {
	type scored struct {
		set  []string
		cost float64
	}
	var keep []scored
	for _, s := range tidySets(sets) {
		cost := 0.0
		ok := true
		for _, l := range s {
			n := float64(len(l)) - 0.5*float64(strings.Count(l, " "))
			if len(l) == 1 {
				if isASCIIWordByte(l[0]) || l[0] == ' ' || l[0] == '\'' || l[0] == '-' {
					ok = false
					break
				}
				n = 2 // a rare symbol such as % gates as well as a pair of letters
			}
			cost += litCost(n)
		}
		if ok && len(s) > 0 {
			keep = append(keep, scored{s, cost})
		}
	}
	slices.SortStableFunc(keep, func(a, b scored) int {
		switch {
		case a.cost < b.cost:
			return -1
		case a.cost > b.cost:
			return 1
		}
		return 0
	})
	out := make([][]string, 0, n)
	for i := 0; i < len(keep) && i < n; i++ {
		out = append(out, keep[i].set)
	}
	return out
}

// cheapestSet is bestSets(sets, 1)[0] without the tidying: the cheapest set
// as it stands, or nil. An alternation takes one set from each branch, on
// every level of a nested expression, so this is kept light.
func cheapestSet(sets [][]string) []string {
	var best []string
	bestCost := 0.0
	for _, s := range sets {
		cost := 0.0
		ok := len(s) > 0
		for _, l := range s {
			l = l[:min(len(l), maxLiteral)]
			n := float64(len(l)) - 0.5*float64(strings.Count(l, " "))
			if len(l) == 1 {
				if isASCIIWordByte(l[0]) || l[0] == ' ' || l[0] == '\'' || l[0] == '-' {
					ok = false
					break
				}
				n = 2
			}
			cost += litCost(n)
		}
		if ok && (best == nil || cost < bestCost) {
			best, bestCost = s, cost
		}
	}
	return best
}

// litCost is a rough chance that a sentence holds a literal of n letters.
func litCost(n float64) float64 {
	switch {
	case n < 2:
		return 0.8
	case n < 3:
		return 0.5
	case n < 4:
		return 0.12
	case n < 5:
		return 0.03
	case n < 6:
		return 0.01
	}
	return 0.005
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// hits returns every match of p in the document, sentence by sentence, in
// order. Results are cached for the life of the document.
func (d *document) hits(p *pattern) []match {
	if d.patDone[p.id] {
		return d.patHits[p.id]
	}
	d.patDone[p.id] = true
	if p.canon != nil {
		if !hasBit(d.patCand, int32(p.id)) {
			d.patHits[p.id] = nil
			return nil
		}
		d.patHits[p.id] = d.hits(p.canon)
		return d.patHits[p.id]
	}
	d.patHits[p.id] = d.patHits[p.id][:0]
	if !hasBit(d.patCand, int32(p.id)) {
		return nil // a required literal is missing from the whole answer
	}
	if p.isSplit {
		d.patHits[p.id] = d.mergeParts(p, d.patHits[p.id])
		return d.patHits[p.id]
	}
	if p.isNear {
		d.patHits[p.id] = d.nearHits(p.near, d.patHits[p.id])
		return d.patHits[p.id]
	}
	out := d.patHits[p.id]
	ps := d.pats
	sets := ps.leafNeeds[p.id].list(ps, int32(p.id))
	for w := 0; w < d.bitWords; w++ {
		cand := ^uint64(0)
		for _, set := range sets {
			cand &= d.setBits(set)[w]
			if cand == 0 {
				break
			}
		}
		for cand != 0 {
			b := bits.TrailingZeros64(cand)
			cand &^= 1 << b
			k := w*64 + b
			if k >= len(d.sents) {
				break
			}
			out = d.leafSentence(p, k, out)
		}
	}
	d.patHits[p.id] = out
	return out
}

// possible reports, from the literals found, whether p can match at all: a
// cheap test that lets rules skip work whose outcome is already decided.
func (d *document) possible(p *pattern) bool { return d.possibleID(int32(p.id)) }

// possibleID is possible for the pattern of that id.
func (d *document) possibleID(id int32) bool {
	return hasBit(d.possBits, id)
}

// hasBit and setBit read and set bit i of a bitset. (The index is taken
// as unsigned: ids are never negative, and division and remainder by 64
// are then a shift and a mask, without the fix-ups a negative number
// needs; these run thousands of times an analysis.)
func hasBit(set []uint64, i int32) bool { return set[uint32(i)/64]&(1<<(uint32(i)%64)) != 0 }

func setBit(set []uint64, i int32) { set[uint32(i)/64] |= 1 << (uint32(i) % 64) }

// findPossible works out, once the literals are found, which patterns can
// match: a leaf whose first literal set is present (or that needs none), a
// split pattern with a part that can, a proximity pattern whose two sides
// can.
func (d *document) findPossible() {
	ps := d.pats
	d.possBits = resize(d.possBits, len(d.patCand))
	copy(d.possBits, d.patCand)
	set := func(id int32, ok bool) {
		w, bit := &d.possBits[uint32(id)/64], uint64(1)<<(uint32(id)%64)
		if ok {
			*w |= bit
		} else {
			*w &^= bit
		}
	}
	for _, c := range ps.splits {
		if c.mask != 0 {
			set(c.id, d.patCand[c.word]&c.mask != 0)
		} else {
			set(c.id, nextBit(d.patCand, int(c.from), int(c.to)) >= 0)
		}
	}
	// a proximity pattern's sides come before it
	for _, n := range ps.nears {
		set(n.id, d.possibleID(n.left) && d.possibleID(n.right))
	}
}

// nextBit returns the first set bit of set in [from, hi), or -1.
func nextBit(set []uint64, from, hi int) int {
	// (unsigned, as in hasBit: from is never negative)
	for f := uint(from); f < uint(hi); {
		w := f / 64
		b := set[w] >> (f % 64)
		if b != 0 {
			if i := f + uint(bits.TrailingZeros64(b)); i < uint(hi) {
				return int(i)
			}
			return -1
		}
		f = (w + 1) * 64
	}
	return -1
}

// nearHits pairs each match of the left pattern with the first match of the
// right one that starts after it, close enough and in the same stretch of
// the sentence.
//
// The matches are appended to dst[:0]: the document's own list of the
// pattern's hits from the last document, when it keeps them.
func (d *document) nearHits(n *nearSpec, dst []match) []match {
	rights := d.hits(n.right)
	if len(rights) == 0 {
		return dst[:0] // (keeping dst's array for the next document)
	}
	// (the right side's own proximity patterns are done: the scratch list
	// is free, and the left side has none)
	sents := d.nearSents[:0]
	for _, r := range rights {
		if len(sents) == 0 || sents[len(sents)-1] != r.sent {
			sents = append(sents, r.sent)
		}
	}
	d.nearSents = sents
	out := dst[:0]
	end := -1
	first := 0
	for _, l := range d.inSentences(n.left, sents) {
		if l.start < end {
			continue
		}
		for first < len(rights) && (rights[first].sent < l.sent || rights[first].sent == l.sent && rights[first].start < l.end) {
			first++
		}
		for _, r := range rights[first:] {
			if r.sent != l.sent {
				break
			}
			gap := d.lower[l.end:r.start]
			stops := ",;.!?"
			if n.commas {
				stops = ";.!?"
			}
			if strings.ContainsAny(gap, stops) || strings.Contains(gap, " - ") || countWords(gap) > n.words {
				break
			}
			out = append(out, match{start: l.start, end: r.end, sent: l.sent})
			end = r.end
			break
		}
	}
	return out
}

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		w := isWordByte(s[i]) || s[i] == '\'' || s[i] == '-' || s[i] == '/'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// mergeParts merges the matches of a split pattern's parts as the whole
// expression would have matched: leftmost first, the earlier alternative
// winning at the same position, and no overlaps.
func (d *document) mergeParts(p *pattern, dst []match) []match {
	// (the parts are read from the pattern set's list, not p.parts: that
	// list lies on a line of p's that nothing else reads)
	pats := d.pats.pats
	all := d.scratch[:0]
	// most parts of a long word list are absent: only the candidates are
	// visited
	from, to := int(p.partsFrom), int(p.partsTo)
	d.startShadow()
	// (the candidate bits are read a word at a time, in id order: a
	// nextBit call per part would find its word again each time)
	for w := from / 64; w <= (to-1)/64; w++ {
		b := d.patCand[w]
		if w == from/64 {
			b &= ^uint64(0) << (uint(from) % 64)
		}
		if w == (to-1)/64 {
			b &= ^uint64(0) >> (63 - uint(to-1)%64)
		}
		for ; b != 0; b &= b - 1 {
			id := w*64 + bits.TrailingZeros64(b)
			for _, m := range d.hitsOf(int32(id), pats[id]) {
				all = append(all, taggedMatch{m, id - from})
				d.shadowAt(m.start)
			}
		}
	}
	d.endShadow(all)
	d.scratch = all
	return leftmostFirst(all, dst)
}

// Shadowed matches. While the parts of a split pattern are searched in
// order, the document notes where the parts searched so far matched. A later
// part's match that starts where an earlier part's does can never be kept
// (leftmostFirst prefers the earlier part), so a shadowable part need not
// look for it, provided that leaving it out changes nothing else: the part
// would go on searching from the end of that match, and now goes on from the
// next byte, which finds the same matches as long as no occurrence of the
// part's head where a match may start (mayStartAt) lies before the match
// could end. A match contains only bytes of the part's alphabet, so it ends
// before the first byte outside it.
var shadowing = true // tests turn it off to compare

// The bits are clear when a search starts: reset clears them for each
// document, and each search clears those it set when it ends (endShadow).
// (Clearing the whole bitset at each start cost more than all the rest of
// the shadowing: a handful of matches set bits, a hundred searches a
// document start.)
func (d *document) startShadow() {
	d.shadowOn = shadowing
}

// endShadow ends a search of a split pattern's parts, which found all,
// clearing the bits of their starts.
func (d *document) endShadow(all []taggedMatch) {
	if d.shadowOn {
		for _, t := range all {
			d.shadowBits[uint(t.m.start)/64] &^= 1 << (uint(t.m.start) % 64)
		}
	}
	d.shadowOn = false
}

func (d *document) shadowAt(pos int) {
	if d.shadowOn {
		d.shadowBits[uint(pos)/64] |= 1 << (uint(pos) % 64)
	}
}

// shadowed reports whether part p may skip its head occurrence at s of
// sentence text (which starts at norm offset base).
func (d *document) shadowed(p *pattern, text string, base, s int) bool {
	if !d.shadowOn || !p.shadowable {
		return false
	}
	if at := uint(base + s); d.shadowBits[at/64]&(1<<(at%64)) == 0 {
		return false
	}
	cut := len(text)
	if p.alpha != nil {
		for i := s; i < len(text); i++ {
			if !p.alpha[text[i]] {
				cut = i
				break
			}
		}
	}
	// no other occurrence of the head where a match could start before cut
	if p.wordStart && startsAtWord(p.head) {
		// (only one at a word start could: see mayStartAt)
		for pos := base + s + 1; pos < base+cut; pos++ {
			q := d.wordStartIn(pos, base+cut, p.head)
			if q < 0 {
				return true
			}
			if p.mayStartAt(text, q-base) {
				return false
			}
			pos = q
		}
		return true
	}
	for pos := s + 1; pos < cut; {
		i := strings.Index(text[pos:cut], p.head)
		if i < 0 {
			return true
		}
		if p.mayStartAt(text, pos+i) {
			return false
		}
		pos += i + 1
	}
	return true
}

// leftmostFirst merges the matches of a split pattern's parts as the whole
// expression would have matched: leftmost first, the earlier part winning at
// the same position, and no overlaps.
//
// The matches are appended to out[:0], even when there are none: out is the
// document's own list from the last document, whose array is kept.
func leftmostFirst(all []taggedMatch, out []match) []match {
	if len(all) == 0 {
		return out[:0]
	}
	// (start, part) is unique: a part's own matches never share a start.
	// The parts come in order, each with its matches in order, so the list
	// is often sorted already (one part matched, say): then it needs no
	// sort, as two matches at the same start stand in part order.
	for i := 1; i < len(all); i++ {
		if all[i].m.start < all[i-1].m.start {
			slices.SortFunc(all, func(a, b taggedMatch) int {
				if a.m.start != b.m.start {
					return a.m.start - b.m.start
				}
				return a.part - b.part
			})
			break
		}
	}
	out = out[:0]
	end := -1
	for _, t := range all {
		if t.m.start >= end {
			out = append(out, t.m)
			end = t.m.end
		}
	}
	return out
}

// nextIn returns the offset in text, sentence st's lower-cased bytes, of the
// next occurrence of lit at or after pos, or -1. With atWord only an
// occurrence that starts a word counts, and the word-start bitsets find it
// (see nextWordStart).
func (d *document) nextIn(st sentence, text, lit string, pos int, atWord bool) int {
	if atWord {
		return d.nextWordStart(st, lit, pos)
	}
	if i := strings.Index(text[pos:], lit); i >= 0 {
		return pos + i
	}
	return -1
}

// leafSentence appends the matches of a leaf pattern (a regexp, a plain
// word or a head with its tail) in sentence k.
func (d *document) leafSentence(p *pattern, k int, out []match) []match {
	st := d.sents[k]
	text := d.lower[st.start:st.end]
	add := func(s, e int) { out = append(out, match{start: st.start + s, end: st.start + e, sent: k}) }
	switch p.kind {
	case kindWord:
		atWord := startsAtWord(p.word)
		for pos := 0; ; {
			s := d.nextIn(st, text, p.word, pos, atWord)
			if s < 0 {
				break
			}
			e := s + len(p.word)
			if (s == 0 || !isASCIIWordByte(text[s-1])) && (e == len(text) || !isASCIIWordByte(text[e])) {
				add(s, e)
			}
			pos = s + 1
		}
		return out
	case kindTail:
		// (an occurrence of the head not at a word start cannot start a
		// match of a pattern that began with \b: mayStartAt passes over
		// it, and the word-start bitsets need not find it)
		atWord := p.wordStart && startsAtWord(p.head)
		for pos := 0; pos < len(text); {
			s := d.nextIn(st, text, p.head, pos, atWord)
			if s < 0 {
				break
			}
			if !p.mayStartAt(text, s) || d.shadowed(p, text, st.start, s) {
				pos = s + 1
				continue
			}
			e := p.runTail(text, s)
			if e < 0 {
				pos = s + 1
				continue
			}
			add(s, e)
			pos = max(e, s+1)
		}
		return out
	case kindWords:
		// as the literal-prefix search below, with the strings tried in
		// the expression's order at each occurrence of their prefix
		atWord := p.wordStart && startsAtWord(p.prefix)
		for pos := 0; pos < len(text); {
			var q int
			if atWord {
				q = d.nextWordStart(st, p.prefix, pos)
			} else {
				q = nextStart(text, p.prefix, pos, p.wordStart)
			}
			if q < 0 {
				break
			}
			e := -1
			for _, w := range p.words {
				if strings.HasPrefix(text[q:], w) && wordEnd(text, q+len(w)) {
					e = q + len(w)
					break
				}
			}
			if e < 0 {
				pos = q + 1
				continue
			}
			add(q, e)
			pos = e
		}
		return out
	}
	prefix := p.prefix
	if p.startFirst != nil && (text == "" || !p.startFirst[text[0]]) {
		return out // it can only match at the start, and cannot start so
	}
	if prefix == "" {
		// FindAllStringIndex allocates nothing when there is no match, so
		// no MatchString first: that would search a matching sentence twice.
		if !p.wordStart {
			if a := p.reDFA.get(); a != nil {
				n := len(out)
				if a.findAll(text, add) {
					return out
				}
				out = out[:n]
			}
			for _, loc := range p.re.FindAllStringIndex(text, -1) {
				if loc[1] > loc[0] {
					add(loc[0], loc[1])
				}
			}
			return out
		}
		// (stripWordStart leaves a literal first, so this does not happen)
		for pos := 0; pos < len(text); {
			loc := p.re.FindStringIndex(text[pos:])
			if loc == nil {
				break
			}
			s, e := pos+loc[0], pos+loc[1]
			if s > 0 && isASCIIWordByte(text[s-1]) {
				pos = s + 1
				continue
			}
			if e > s {
				add(s, e)
			}
			pos = max(e, s+1)
		}
		return out
	}
	// Every match starts with the literal prefix, and the expression has no
	// assertion before it (Go finds a prefix only then), so a search of
	// text[q:] from an occurrence q of the prefix finds what a search of the
	// whole text finds from q on. Finding q here first saves each regexp call
	// that could only fail (Go clears its visited set for the whole input
	// before it looks for the prefix) and shortens the input it clears.
	// With the leading \b taken off (wordStart), only occurrences at a word
	// start count, and a match found inside a word is passed over: the
	// leftmost match at a word start, as \b would have it.
	atWord := p.wordStart && startsAtWord(prefix)
	for pos := 0; pos < len(text); {
		var q int
		if atWord {
			q = d.nextWordStart(st, prefix, pos)
		} else {
			q = nextStart(text, prefix, pos, p.wordStart)
		}
		if q < 0 {
			break
		}
		// The leftmost match from q on starts at an occurrence of the
		// prefix, and is the match anchored there: the automaton tries
		// each occurrence in turn.
		if a := p.reDFA.get(); a != nil {
			if e, ok := a.match(text[q:]); ok {
				if e < 0 {
					pos = q + 1
					continue
				}
				if e > 0 {
					add(q, q+e)
				}
				pos = max(q+e, q+1)
				continue
			}
		}
		loc := p.re.FindStringIndex(text[q:])
		if loc == nil {
			break
		}
		s, e := q+loc[0], q+loc[1]
		if p.wordStart && s > 0 && isASCIIWordByte(text[s-1]) {
			pos = s + 1
			continue
		}
		if e > s {
			add(s, e)
		}
		pos = max(e, s+1)
	}
	return out
}

// findWordStarts fills wordStarts. Most literals a leaf searches for must
// stand at a word start (a plain word, or a prefix whose \b was taken off),
// and a word start with the literal's first letter is rare: looking such
// places up in a bitset finds the few candidates with a few bit operations
// where strings.Index would stop at every occurrence of the letter, inside
// words too, at the cost of a call each time; leaves search most sentences
// for nothing.
func (d *document) findWordStarts() {
	s := d.lower
	n := len(s)/64 + 1
	d.wsWords = n
	d.wordStarts = resize(d.wordStarts, 26*n)
	clear(d.wordStarts)
	ws := d.wordStarts
	prev := false // whether the byte before i is a word byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !prev && c-'a' < 26 {
			ws[int(c-'a')*n+i/64] |= 1 << (uint(i) % 64)
		}
		prev = asciiWord[c]
	}
	// a sentence's searches read its text alone, where its first byte
	// starts a word whatever comes before
	for _, st := range d.sents {
		if c := s[st.start]; c-'a' < 26 {
			ws[int(c-'a')*n+st.start/64] |= 1 << (uint(st.start) % 64)
		}
	}
}

// asciiWord says which bytes isWordRune holds word characters.
var asciiWord = func() (t [256]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// startsAtWord reports whether nextWordStart can look for lit.
func startsAtWord(lit string) bool { return lit != "" && lit[0]-'a' < 26 }

// nextWordStart is nextStart(text, lit, pos, true) for the text of sentence
// st, for a literal that startsAtWord: the first occurrence of lit at a word
// start of the sentence at or after pos, or -1.
func (d *document) nextWordStart(st sentence, lit string, pos int) int {
	if q := d.wordStartIn(st.start+pos, st.end, lit); q >= 0 {
		return q - st.start
	}
	return -1
}

// wordStartIn returns the first offset of lower in [from, to) where lit, a
// literal that startsAtWord, stands whole at a word start of the sentence
// from lies in, or -1.
func (d *document) wordStartIn(from, to int, lit string) int {
	n, c := d.wsWords, int(lit[0]-'a')
	bits := d.wordStarts[c*n : (c+1)*n]
	hi := to - len(lit) + 1 // (the literal must end by to)
	for q := from; ; q++ {
		if q >= hi {
			return -1 // (nextBit reads its bounds unsigned)
		}
		if q = nextBit(bits, q, hi); q < 0 {
			return -1
		}
		if d.lower[q:q+len(lit)] == lit {
			return q
		}
	}
}

// nextStart returns the first occurrence of lit in text at or after pos,
// only at a word start when wordStart (the pattern's leading \b was taken
// off), or -1.
func nextStart(text, lit string, pos int, wordStart bool) int {
	for pos < len(text) {
		i := strings.Index(text[pos:], lit)
		if i < 0 {
			return -1
		}
		q := pos + i
		if !wordStart || q == 0 || !isASCIIWordByte(text[q-1]) {
			return q
		}
		pos = q + 1
	}
	return -1
}

// inSentences returns the matches of p in the given sentences only, without
// caching: used where another pattern already narrowed down where p can
// matter, so p need not run on the whole answer.
//
// The list returned lies in the document's scratch space, valid until the
// next call: callers use it at once (no split pattern has a split part,
// and the left side of a proximity pattern holds no proximity).
func (d *document) inSentences(p *pattern, sents []int) []match {
	switch {
	case !d.possible(p):
		return nil
	case p.isSplit:
		all := d.inAll[:0]
		from, to := int(p.partsFrom), int(p.partsTo)
		d.startShadow()
		for id := nextBit(d.patCand, from, to); id >= 0; id = nextBit(d.patCand, id+1, to) {
			for _, m := range d.inSentences(d.pats.pats[id], sents) {
				all = append(all, taggedMatch{m, id - from})
				d.shadowAt(m.start)
			}
		}
		d.endShadow(all)
		d.inAll = all
		d.inSplit = leftmostFirst(all, d.inSplit[:0])
		return d.inSplit
	case p.isNear:
		return d.nearHits(p.near, nil)
	}
	out := d.inLeaf[:0]
	for _, k := range sents {
		if d.candidate(p, k) {
			out = d.leafIn(p, k, out)
		}
	}
	d.inLeaf = out
	return out
}

// leafIn appends the matches of leaf pattern p in sentence k, running it
// at most once per sentence and document: the same left side of "A ~N~ B"
// serves several proximity patterns.
func (d *document) leafIn(p *pattern, k int, out []match) []match {
	if p.canon != nil {
		p = p.canon
	}
	if d.patDone[p.id] {
		// the whole answer was searched already
		hs := d.patHits[p.id]
		i := sort.Search(len(hs), func(i int) bool { return hs[i].sent >= k })
		for ; i < len(hs) && hs[i].sent == k; i++ {
			out = append(out, hs[i])
		}
		return out
	}
	key := uint64(p.id)<<32 | uint64(k)
	if e, ok := d.sentMemo[key]; ok {
		return append(out, d.memo[e.start:e.end]...)
	}
	n := len(out)
	out = d.leafSentence(p, k, out)
	lo := len(d.memo)
	d.memo = append(d.memo, out[n:]...)
	d.sentMemo[key] = span{lo, len(d.memo)}
	return out
}

// candidate reports whether sentence k holds every literal set p needs.
func (d *document) candidate(p *pattern, k int) bool {
	w, bit := uint(k)/64, uint64(1)<<(uint(k)%64)
	ps := d.pats
	for _, set := range ps.leafNeeds[p.id].list(ps, int32(p.id)) {
		if d.setBits(set)[w]&bit == 0 {
			return false
		}
	}
	return true
}

// setBits returns the bitset of sentences that hold a literal of set id.
func (d *document) setBits(id int32) []uint64 {
	return d.setMask[int(id)*d.bitWords : (int(id)+1)*d.bitWords]
}

// taggedMatch is a match of one part of a split pattern.
type taggedMatch struct {
	m    match
	part int
}

// cue is a list of patterns used by the language model (frames, endorsements,
// affirmations): they are matched like rule patterns but produce no findings.
// Like a rule's patterns, they are looked at by id first: one that cannot
// match (possibleID) has no hits, and is passed over without a look at it.
type cue = patList

// hitsOf is d.hits(p) for the pattern p of that id: hits the document holds
// already are returned without a look at p.
//
// A leaf whose literal sets no one sentence holds all of has no hits
// either: that is told from the document's sets alone, so most candidate
// leaves (a literal of each set is in the answer, but not in one sentence)
// are settled without touching the pattern, which lies on a cache line of
// its own.
func (d *document) hitsOf(id int32, p *pattern) []match {
	if d.patDone[id] {
		return d.patHits[id]
	}
	ps := d.pats
	if ln := &ps.leafNeeds[id]; ln.n != notLeaf {
		// anySentence, for an answer of at most 64 sentences and a leaf
		// of at most three sets (nearly all) one AND of three words
		var some bool
		if m := d.setMask; d.bitWords == 1 && ln.n <= int32(len(ln.sets)) {
			some = m[ln.sets[0]]&m[ln.sets[1]]&m[ln.sets[2]] != 0
		} else {
			some = d.anySentence(ln.list(ps, id))
		}
		if some {
			return d.hits(p)
		}
		d.patDone[id] = true
		d.patHits[id] = d.patHits[id][:0]
		return nil
	}
	return d.hits(p)
}

// anySentence reports whether some sentence holds a literal of every one of
// the sets.
func (d *document) anySentence(sets []int32) bool {
	if len(sets) == 0 {
		return true
	}
	if d.bitWords == 1 {
		m := ^uint64(0)
		for _, set := range sets {
			m &= d.setMask[set]
		}
		return m != 0
	}
	for w := 0; w < d.bitWords; w++ {
		m := ^uint64(0)
		for _, set := range sets {
			m &= d.setMask[int(set)*d.bitWords+w]
		}
		if m != 0 {
			return true
		}
	}
	return false
}

// from returns the hits of p that start at or after pos (hits are in order).
func (d *document) from(id int32, p *pattern, pos int) []match {
	hs := d.hitsOf(id, p)
	i := sort.Search(len(hs), func(i int) bool { return hs[i].start >= pos })
	return hs[i:]
}

// matches yields every match of c's patterns that starts in [from, to),
// pattern by pattern.
func (c cue) matches(d *document, from, to int) iter.Seq[match] {
	return func(yield func(match) bool) {
		for i, id := range c.ids {
			if !d.possibleID(id) {
				continue
			}
			for _, m := range d.from(id, c.list[i], from) {
				if m.start >= to {
					break
				}
				if !yield(m) {
					return
				}
			}
		}
	}
}

// affirmedIn reports whether any pattern of c matches starting in [from, to)
// with no negator governing it (isNegated): "and that's true", but not "I'm
// not sure that's true".
func (c cue) affirmedIn(d *document, from, to int) bool {
	for m := range c.matches(d, from, to) {
		if !d.isNegated(m) {
			return true
		}
	}
	return false
}

// findIn reports whether any pattern of c matches starting in [from, to).
func (c cue) findIn(d *document, from, to int) bool {
	for range c.matches(d, from, to) {
		return true
	}
	return false
}

// firstIn returns the start of the earliest match in [from, to), or -1.
func (c cue) firstIn(d *document, from, to int) int {
	best := -1
	for i, id := range c.ids {
		if !d.possibleID(id) {
			continue
		}
		if hs := d.from(id, c.list[i], from); len(hs) > 0 && hs[0].start < to && (best < 0 || hs[0].start < best) {
			best = hs[0].start
		}
	}
	return best
}

// all returns every match starting in [from, to).
func (c cue) all(d *document, from, to int) []span {
	var out []span
	for m := range c.matches(d, from, to) {
		out = append(out, span{m.start, m.end})
	}
	return out
}

// startsSentence reports whether a pattern of c matches at the very start of
// sentence k.
func (c cue) startsSentence(d *document, k int) bool {
	st := d.sents[k]
	for i, id := range c.ids {
		if !d.possibleID(id) {
			continue
		}
		if hs := d.from(id, c.list[i], st.start); len(hs) > 0 && hs[0].start == st.start {
			return true
		}
	}
	return false
}

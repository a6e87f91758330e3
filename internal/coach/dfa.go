package coach

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"sync/atomic"
)

// dfa matches a regular expression anchored at the start of its input and
// returns where Go's regexp would end that match: leftmost-first, the
// earlier alternative winning, as a backtracker or Go's NFA chooses. It is
// the NFA of Go's compiled program run as a lazily built deterministic
// automaton over ASCII bytes: each state is the ordered list of threads the
// NFA would hold, in priority order, so one table lookup per byte replaces
// a regexp call's setup and its backtracking. A state is built the first
// time a byte leads to it and kept for every later document; the states
// are read without a lock.
//
// The automaton knows ASCII only: an input byte beyond it that the match
// reaches, or a budget of states spent, leaves the call undecided, and the
// caller asks the regexp instead.
type dfa struct {
	prog   *syntax.Prog
	class  [256]uint8 // byte -> class; dfaBail for bytes beyond ASCII
	rep    []byte     // class -> a byte of it
	nclass int

	// tab holds the transitions the states built so far have, for
	// readers; it is replaced by a larger copy as states are added
	tab atomic.Pointer[dtable]

	mu     sync.Mutex
	states map[string]*dstate
	byIdx  []*dstate // state index -> state, under mu
	// starts holds the start state after each context: a match tried at
	// an offset inside the input sees the byte before it
	starts [4]uint32
	// scratch for building states, under mu
	visited []bool
	stack   []uint32
	list    []uint32
}

// dfaBail is the class of the bytes the automaton does not know.
const dfaBail = 0xFF

// maxDFAStates bounds the states one automaton builds; past it, calls that
// need a new state are left to the regexp.
const maxDFAStates = 4096

// The context a state remembers of the byte before its position: what the
// empty-width assertions there need.
const (
	ctxBegin = iota // no byte: the start of the input
	ctxWord         // an ASCII word byte
	ctxNL           // a newline
	ctxOther
)

type dstate struct {
	idx     uint32   // its index in the table
	pcs     []uint32 // the threads, in priority order, before the closure
	ctx     uint8
	matched bool         // a match ended at the position before the byte that led here
	dead    bool         // no thread left: nothing more can match
	eof     atomic.Int32 // 0 unknown, 1 no match at the end of input, 2 match
}

// dtable is the automaton's transitions laid out flat, one row of nclass
// entries per state, so that a step is one load from one table, not a
// walk from state to state through the heap. An entry is 0 while the
// transition is unknown, else the next state's index plus one, with
// dfaMatched and dfaDead set as that state is. A table has rows for
// len(states) states, those made so far set; an entry only names a state
// the same table holds.
type dtable struct {
	trans  []atomic.Uint32
	states []*dstate
}

const (
	dfaMatched = 1 << 31
	dfaDead    = 1 << 30
	dfaIdx     = dfaDead - 1
)

// newDFA returns the automaton for re, or nil when its program cannot be
// had the way regexp compiles it.
func newDFA(re *regexp.Regexp) *dfa {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(tree.Simplify())
	if err != nil {
		return nil
	}
	d := &dfa{prog: prog, states: map[string]*dstate{}}
	// bytes that every instruction and assertion treats alike share a class
	sig := map[string]uint8{}
	var key []byte
	for c := 0; c < 256; c++ {
		if c >= utf8RuneSelf {
			d.class[c] = dfaBail
			continue
		}
		key = key[:0]
		key = append(key, boolByte(syntax.IsWordChar(rune(c))), boolByte(c == '\n'))
		for i := range prog.Inst {
			in := &prog.Inst[i]
			switch in.Op {
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
				key = append(key, boolByte(consumes(in, byte(c))))
			}
		}
		k, ok := sig[string(key)]
		if !ok {
			if len(sig) >= dfaBail {
				return nil
			}
			k = uint8(len(sig))
			sig[string(key)] = k
			d.rep = append(d.rep, byte(c))
		}
		d.class[c] = k
	}
	d.nclass = len(d.rep)
	d.visited = make([]bool, len(prog.Inst))
	d.tab.Store(&dtable{})
	for ctx := range d.starts {
		d.starts[ctx] = d.state([]uint32{uint32(prog.Start)}, uint8(ctx), false).idx
	}
	return d
}

// consumes reports whether a rune instruction matches the ASCII byte c, as
// Go's matchers decide it.
func consumes(in *syntax.Inst, c byte) bool {
	switch in.Op {
	case syntax.InstRune1:
		return rune(c) == in.Rune[0]
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return c != '\n'
	}
	return in.MatchRune(rune(c))
}

// lazyDFA builds a regexp's automaton on first use: most patterns never
// run, and building every automaton up front would slow loading down.
type lazyDFA struct {
	re   *regexp.Regexp
	once sync.Once
	d    *dfa
}

// get returns the automaton, or nil when there is none.
func (l *lazyDFA) get() *dfa {
	if l == nil {
		return nil
	}
	l.once.Do(func() { l.d = newDFA(l.re) })
	return l.d
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// match returns the end of the match of the expression at the start of s,
// or -1 when there is none; ok is false when the automaton cannot tell.
func (d *dfa) match(s string) (end int, ok bool) {
	return d.run(d.starts[ctxBegin], s)
}

// matchAt is match for the match that starts at offset i of s, the byte
// before it (if any) as its context: the answer is relative to i.
func (d *dfa) matchAt(s string, i int) (end int, ok bool) {
	ctx := ctxBefore(s, i)
	if ctx == dfaBail {
		return -1, false
	}
	return d.run(d.starts[ctx], s[i:])
}

// ctxBefore returns the context offset i of s starts in, as the automaton
// tells contexts apart, or dfaBail after a byte beyond ASCII.
func ctxBefore(s string, i int) uint8 {
	if i == 0 {
		return ctxBegin
	}
	return byteCtx(s[i-1])
}

// byteCtx returns the context a byte leaves for what follows it, or
// dfaBail for a byte beyond ASCII.
func byteCtx(b byte) uint8 {
	switch {
	case b >= utf8RuneSelf:
		return dfaBail
	case isASCIIWordByte(b):
		return ctxWord
	case b == '\n':
		return ctxNL
	}
	return ctxOther
}

// findAll calls add with each match Go's FindAllStringIndex finds in s,
// in order; ok is false, and what was added is to be dropped, when the
// automaton cannot tell or a match is empty (FindAll treats those apart).
func (d *dfa) findAll(s string, add func(start, end int)) bool {
	t := d.tab.Load()
	nclass := uint32(d.nclass)
	for i := 0; i < len(s); {
		// Most offsets are dismissed by their first byte: from the start
		// state of the context before it, it leads to a state where
		// nothing can match, with no match before. That is run's first
		// step, looked up here without the call (a transition not built
		// yet, or a byte beyond ASCII, is left to matchAt).
		if c := d.class[s[i]]; c != dfaBail {
			if ctx := ctxBefore(s, i); ctx != dfaBail {
				if v := t.trans[d.starts[ctx]*nclass+uint32(c)].Load(); v&(dfaDead|dfaMatched) == dfaDead {
					i++
					continue
				}
			}
		}
		e, ok := d.matchAt(s, i)
		if !ok || e == 0 {
			return false
		}
		t = d.tab.Load() // (with any state the call added)
		if e < 0 {
			i++
			continue
		}
		add(i, i+e)
		i += e
	}
	return true
}

func (d *dfa) run(st uint32, s string) (end int, ok bool) {
	end = -1
	t := d.tab.Load()
	nclass := uint32(d.nclass)
	for i := 0; i < len(s); i++ {
		c := d.class[s[i]]
		if c == dfaBail {
			return -1, false
		}
		v := t.trans[st*nclass+uint32(c)].Load()
		if v == 0 {
			// (step returns the table that holds the new state)
			if v, t = d.step(st, c); v == 0 {
				return -1, false
			}
		}
		st = v&dfaIdx - 1
		if v&dfaMatched != 0 {
			end = i
		}
		if v&dfaDead != 0 {
			return end, true
		}
	}
	ds := t.states[st]
	switch ds.eof.Load() {
	case 0:
		if d.atEOF(ds) {
			return len(s), true
		}
	case 2:
		return len(s), true
	}
	return end, true
}

// flags returns the empty-width conditions that hold between a byte of
// context ctx and the byte c (c < 0: the end of the input).
func flags(ctx uint8, c int) syntax.EmptyOp {
	var f syntax.EmptyOp
	if ctx == ctxBegin {
		f |= syntax.EmptyBeginText | syntax.EmptyBeginLine
	}
	if ctx == ctxNL {
		f |= syntax.EmptyBeginLine
	}
	if c < 0 {
		f |= syntax.EmptyEndText | syntax.EmptyEndLine
	} else if c == '\n' {
		f |= syntax.EmptyEndLine
	}
	after := c >= 0 && syntax.IsWordChar(rune(c))
	if (ctx == ctxWord) != after {
		f |= syntax.EmptyWordBoundary
	} else {
		f |= syntax.EmptyNoWordBoundary
	}
	return f
}

// closure lists, in priority order, the instructions that consume a byte
// or match, reached from st's threads under the conditions f: the order in
// which Go's NFA adds them to its queue, each once. Called with mu held.
func (d *dfa) closure(st *dstate, f syntax.EmptyOp) []uint32 {
	clear(d.visited)
	list := d.list[:0]
	for _, pc := range st.pcs {
		stack := append(d.stack[:0], pc)
		for len(stack) > 0 {
			pc := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if d.visited[pc] {
				continue
			}
			d.visited[pc] = true
			in := &d.prog.Inst[pc]
			switch in.Op {
			case syntax.InstFail:
			case syntax.InstAlt, syntax.InstAltMatch:
				// Out first: push Arg below it
				stack = append(stack, in.Arg, in.Out)
			case syntax.InstCapture, syntax.InstNop:
				stack = append(stack, in.Out)
			case syntax.InstEmptyWidth:
				if syntax.EmptyOp(in.Arg)&^f == 0 {
					stack = append(stack, in.Out)
				}
			default: // match and the rune instructions
				list = append(list, pc)
			}
		}
		d.stack = stack
	}
	d.list = list
	return list
}

// step builds the state state si goes to on a byte of class c, and returns
// its table entry (0 when the budget of states is spent) with the current
// table, which holds it.
func (d *dfa) step(si uint32, c uint8) (uint32, *dtable) {
	d.mu.Lock()
	defer d.mu.Unlock()
	t := d.tab.Load()
	at := int(si)*d.nclass + int(c)
	if v := t.trans[at].Load(); v != 0 {
		return v, t
	}
	st := d.byIdx[si]
	b := d.rep[c]
	list := d.closure(st, flags(st.ctx, int(b)))
	matched := false
	var pcs []uint32
	for _, pc := range list {
		in := &d.prog.Inst[pc]
		if in.Op == syntax.InstMatch {
			// leftmost-first: the threads after a match cannot win
			matched = true
			break
		}
		if consumes(in, b) && !slices.Contains(pcs, in.Out) {
			pcs = append(pcs, in.Out)
		}
	}
	nx := d.state(pcs, byteCtx(b), matched) // (b, a class's representative, is ASCII)
	if nx == nil {
		return 0, t
	}
	t = d.tab.Load() // (state may have grown it)
	v := nx.idx + 1
	if nx.matched {
		v |= dfaMatched
	}
	if nx.dead {
		v |= dfaDead
	}
	t.trans[at].Store(v)
	return v, t
}

// atEOF reports whether a match ends at the end of the input in st, and
// remembers it.
func (d *dfa) atEOF(st *dstate) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	found := false
	for _, pc := range d.closure(st, flags(st.ctx, -1)) {
		if d.prog.Inst[pc].Op == syntax.InstMatch {
			found = true
			break
		}
	}
	if found {
		st.eof.Store(2)
	} else {
		st.eof.Store(1)
	}
	return found
}

// state returns the state of these threads, context and match flag,
// making it when it is new; nil when the budget is spent. Called with mu
// held (or before the automaton is shared).
func (d *dfa) state(pcs []uint32, ctx uint8, matched bool) *dstate {
	key := make([]byte, 0, 2+4*len(pcs))
	key = append(key, ctx, boolByte(matched))
	for _, pc := range pcs {
		key = append(key, byte(pc), byte(pc>>8), byte(pc>>16), byte(pc>>24))
	}
	if st, ok := d.states[string(key)]; ok {
		return st
	}
	if len(d.states) >= maxDFAStates {
		return nil
	}
	st := &dstate{idx: uint32(len(d.byIdx)), pcs: pcs, ctx: ctx, matched: matched, dead: len(pcs) == 0}
	d.states[string(key)] = st
	d.byIdx = append(d.byIdx, st)
	t := d.tab.Load()
	if int(st.idx) == len(t.states) {
		// a larger table, the entries so far copied: readers holding the
		// old one find an entry missing at worst, and ask step
		n := max(8, 2*len(t.states))
		nt := &dtable{trans: make([]atomic.Uint32, n*d.nclass), states: make([]*dstate, n)}
		for i := range t.trans {
			nt.trans[i].Store(t.trans[i].Load())
		}
		copy(nt.states, t.states)
		d.tab.Store(nt)
		t = nt
	}
	// (readers reach the state only through an entry stored after this)
	t.states[st.idx] = st
	return st
}

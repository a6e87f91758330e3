package coach

// acMatcher finds every gating literal in one pass over a lower-cased
// document (Aho-Corasick compiled to a dense automaton over the byte classes
// the literals use), instead of one strings.Index per literal.
type acMatcher struct {
	class   [256]uint8 // byte -> symbol class; 0 is "any other byte"
	classes int
	// delta maps state*classes + class to the next state times classes (so
	// the scan never multiplies), with acOut set when literals end there
	delta []uint32
	// delta16, used instead of delta when there are fewer than 1<<15
	// states, holds the next state itself, with acOut16 set when literals
	// end there: half the table to keep in cache, and no division to find
	// the state from its offset
	delta16 []uint16
	// outLits[outStart[s]:outStart[s+1]] are the literals ending in state
	// s, its own and those of its failure chain, laid out flat: marking a
	// state reads one short run, not a linked chain
	outStart, outLits []int32
	lits              int
	// maxLen is the length of the longest literal: the state after a
	// byte depends on that many bytes before it at most
	maxLen int
}

func newACMatcher(literals []string) *acMatcher { return buildACMatcher(literals, false) }

// buildACMatcher builds the automaton; wide forces the 32-bit table, which
// only automata of 1<<15 states or more need otherwise (tests use it).
func buildACMatcher(literals []string, wide bool) *acMatcher {
	m := &acMatcher{lits: len(literals)}
	m.classes = 1
	for _, l := range literals {
		m.maxLen = max(m.maxLen, len(l))
		for i := 0; i < len(l); i++ {
			if m.class[l[i]] == 0 {
				m.class[l[i]] = uint8(m.classes)
				m.classes++
			}
		}
	}
	// trie
	type node struct {
		next map[uint8]int32
		fail int32
		out  []int32
	}
	nodes := []node{{next: map[uint8]int32{}}}
	for id, l := range literals {
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := m.class[l[i]]
			nx, ok := nodes[s].next[c]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[c] = nx
			}
			s = nx
		}
		nodes[s].out = append(nodes[s].out, int32(id))
	}
	// breadth-first failure links and a complete transition table
	if len(nodes)*m.classes >= acOut {
		panic("coach: literal automaton too large")
	}
	delta := make([]int32, len(nodes)*m.classes)
	queue := []int32{}
	for c := 1; c < m.classes; c++ {
		if nx, ok := nodes[0].next[uint8(c)]; ok {
			delta[c] = nx
			nodes[nx].fail = 0
			queue = append(queue, nx)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for c := 0; c < m.classes; c++ {
			if nx, ok := nodes[s].next[uint8(c)]; ok && c != 0 {
				nodes[nx].fail = delta[int(nodes[s].fail)*m.classes+c]
				delta[int(s)*m.classes+c] = nx
				queue = append(queue, nx)
			} else {
				delta[int(s)*m.classes+c] = delta[int(nodes[s].fail)*m.classes+c]
			}
		}
	}
	// output chains: a state's own literals, then those of its failure chain
	// (first: state -> first literal ending there, or -1; next: literal ->
	// the next literal ending in the same state chain, or -1)
	first := make([]int32, len(nodes))
	next := make([]int32, len(literals))
	for i := range next {
		next[i] = -1
	}
	// order states by depth (BFS order) so a state's failure target is done first
	order := []int32{0}
	for i := 0; i < len(order); i++ {
		for c := 1; c < m.classes; c++ {
			if nx, ok := nodes[order[i]].next[uint8(c)]; ok {
				order = append(order, nx)
			}
		}
	}
	for _, s := range order {
		tail := int32(-1)
		if s != 0 {
			tail = first[nodes[s].fail]
		}
		head := tail
		for i := len(nodes[s].out) - 1; i >= 0; i-- {
			id := nodes[s].out[i]
			next[id] = head
			head = id
		}
		first[s] = head
	}
	// Number the states in breadth-first order: the shallow states, where a
	// scan spends most of its steps, then share a few cache lines instead of
	// lying scattered over a table too large for the cache.
	rank := make([]int32, len(nodes))
	for i, s := range order {
		rank[s] = int32(i)
	}
	ranked := make([]int32, len(delta))
	rankedFirst := make([]int32, len(nodes))
	for s := range nodes {
		r := int(rank[s])
		for c := 0; c < m.classes; c++ {
			ranked[r*m.classes+c] = rank[delta[s*m.classes+c]]
		}
		rankedFirst[r] = first[s]
	}
	delta, first = ranked, rankedFirst
	m.outStart = make([]int32, 0, len(nodes)+1)
	for _, f := range first {
		m.outStart = append(m.outStart, int32(len(m.outLits)))
		for id := f; id >= 0; id = next[id] {
			m.outLits = append(m.outLits, id)
		}
	}
	m.outStart = append(m.outStart, int32(len(m.outLits)))
	if len(nodes) < acOut16 && !wide {
		m.delta16 = make([]uint16, len(delta))
		for i, nx := range delta {
			m.delta16[i] = uint16(nx)
			if first[nx] >= 0 {
				m.delta16[i] |= acOut16
			}
		}
		return m
	}
	m.delta = make([]uint32, len(delta))
	for i, nx := range delta {
		m.delta[i] = uint32(int(nx) * m.classes)
		if first[nx] >= 0 {
			m.delta[i] |= acOut
		}
	}
	return m
}

// acOut and acOut16 mark a transition into a state where literals end.
const (
	acOut   = 1 << 31
	acOut16 = 1 << 15
)

// scan finds where literals end in the text of d's sentences: it notes, in
// d.acEvents, every step of the automaton into a state where literals end
// (outLits lists them), by the offset of the byte. (markSets turns the
// steps into the sentences of each literal set.) The automaton runs through
// the bytes between sentences too, since a literal may start before the
// sentence it ends in, and stops at the end of the last sentence.
//
// The automaton's steps form one chain of dependent loads, each a likely
// cache miss in a table of the whole vocabulary, and the processor waits
// for each in turn. So a text of some length is scanned as four parts at
// once, in one loop: four chains whose misses overlap. Each part's
// automaton but the first starts maxLen bytes early, from the start state,
// and is in the very state a scan from the beginning would be in by the
// time it reaches its part (a state stands for the longest suffix of what
// was read that begins a literal, at most maxLen bytes). Each part notes
// the steps from its bound on, so the parts' lists, one after another,
// hold the steps in text order, as a single scan would note them.
func (m *acMatcher) scan(d *document) {
	evs := &d.acEvents
	for j := range evs {
		evs[j] = evs[j][:0]
	}
	if len(d.sents) == 0 {
		return
	}
	if m.delta16 == nil {
		m.scanWide(d)
		return
	}
	text := d.lower[:d.sents[len(d.sents)-1].end]
	delta, classes, class := m.delta16, m.classes, &m.class
	n := len(text)
	// the quarters' bounds, or one part for a short text
	var cut [scanParts + 1]int
	parts := 1
	if n >= scanParts*(m.maxLen+minScanPart) {
		parts = scanParts
	}
	for j := range parts + 1 {
		cut[j] = n * j / parts
	}
	// each part from maxLen bytes before it (the first from the start),
	// with the steps into states where literals end noted from its
	// bound on
	var pos, end [scanParts]int
	var st [scanParts]int
	for j := range parts {
		pos[j], end[j] = max(0, cut[j]-m.maxLen), cut[j+1]
	}
	if parts == scanParts {
		// the four in step, as long as each has bytes left
		steps := end[0] - pos[0]
		for j := 1; j < scanParts; j++ {
			steps = min(steps, end[j]-pos[j])
		}
		p0, p1, p2, p3 := pos[0], pos[1], pos[2], pos[3]
		s0, s1, s2, s3 := 0, 0, 0, 0
		for range steps {
			v0 := delta[s0*classes+int(class[text[p0]])]
			v1 := delta[s1*classes+int(class[text[p1]])]
			v2 := delta[s2*classes+int(class[text[p2]])]
			v3 := delta[s3*classes+int(class[text[p3]])]
			s0, s1, s2, s3 = int(v0&^acOut16), int(v1&^acOut16), int(v2&^acOut16), int(v3&^acOut16)
			if (v0|v1|v2|v3)&acOut16 != 0 {
				if v0&acOut16 != 0 {
					evs[0] = append(evs[0], acEvent{int32(p0), int32(s0)})
				}
				if v1&acOut16 != 0 && p1 >= cut[1] {
					evs[1] = append(evs[1], acEvent{int32(p1), int32(s1)})
				}
				if v2&acOut16 != 0 && p2 >= cut[2] {
					evs[2] = append(evs[2], acEvent{int32(p2), int32(s2)})
				}
				if v3&acOut16 != 0 && p3 >= cut[3] {
					evs[3] = append(evs[3], acEvent{int32(p3), int32(s3)})
				}
			}
			p0, p1, p2, p3 = p0+1, p1+1, p2+1, p3+1
		}
		pos = [scanParts]int{p0, p1, p2, p3}
		st = [scanParts]int{s0, s1, s2, s3}
	}
	// what is left of each part, one by one
	for j := range parts {
		s, from := st[j], cut[j]
		for p := pos[j]; p < end[j]; p++ {
			v := delta[s*classes+int(class[text[p]])]
			s = int(v &^ acOut16)
			if v&acOut16 != 0 && p >= from {
				evs[j] = append(evs[j], acEvent{int32(p), int32(s)})
			}
		}
	}
}

// scanParts is the number of parts scan splits a text into, and
// minScanPart the fewest bytes, beyond the overlap, of each.
const (
	scanParts   = 4
	minScanPart = 32
)

// acEvent is a step of the automaton into a state where literals end: the
// offset of the byte, and the state.
type acEvent struct{ pos, state int32 }

// scanWide is scan with the 32-bit table, in one part.
func (m *acMatcher) scanWide(d *document) {
	text := d.lower[:d.sents[len(d.sents)-1].end]
	evs := &d.acEvents[0]
	s := 0
	for p := 0; p < len(text); p++ {
		v := m.delta[s+int(m.class[text[p]])]
		s = int(v &^ acOut)
		if v&acOut != 0 {
			*evs = append(*evs, acEvent{int32(p), int32(s / m.classes)})
		}
	}
}

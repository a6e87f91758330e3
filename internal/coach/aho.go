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
	out     []int32 // state -> first literal ending here, or -1
	outNext []int32 // literal -> next literal ending in the same state chain, or -1
	lits    int
}

func newACMatcher(literals []string) *acMatcher { return buildACMatcher(literals, false) }

// buildACMatcher builds the automaton; wide forces the 32-bit table, which
// only automata of 1<<15 states or more need otherwise (tests use it).
func buildACMatcher(literals []string, wide bool) *acMatcher {
	m := &acMatcher{lits: len(literals)}
	m.classes = 1
	for _, l := range literals {
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
	m.out = make([]int32, len(nodes))
	m.outNext = make([]int32, len(literals))
	for i := range m.outNext {
		m.outNext[i] = -1
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
			tail = m.out[nodes[s].fail]
		}
		head := tail
		for i := len(nodes[s].out) - 1; i >= 0; i-- {
			id := nodes[s].out[i]
			m.outNext[id] = head
			head = id
		}
		m.out[s] = head
	}
	// Number the states in breadth-first order: the shallow states, where a
	// scan spends most of its steps, then share a few cache lines instead of
	// lying scattered over a table too large for the cache.
	rank := make([]int32, len(nodes))
	for i, s := range order {
		rank[s] = int32(i)
	}
	ranked := make([]int32, len(delta))
	out := make([]int32, len(nodes))
	for s := range nodes {
		r := int(rank[s])
		for c := 0; c < m.classes; c++ {
			ranked[r*m.classes+c] = rank[delta[s*m.classes+c]]
		}
		out[r] = m.out[s]
	}
	delta, m.out = ranked, out
	if len(nodes) < acOut16 && !wide {
		m.delta16 = make([]uint16, len(delta))
		for i, nx := range delta {
			m.delta16[i] = uint16(nx)
			if m.out[nx] >= 0 {
				m.delta16[i] |= acOut16
			}
		}
		return m
	}
	m.delta = make([]uint32, len(delta))
	for i, nx := range delta {
		m.delta[i] = uint32(int(nx) * m.classes)
		if m.out[nx] >= 0 {
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

// scan marks, for every literal, the sentences of d that contain it.
func (m *acMatcher) scan(d *document) {
	if len(d.sents) == 0 {
		return
	}
	s := 0
	k := 0
	text := d.lower
	// A state's literals need marking once per sentence: stamps say which
	// sentence of which document last marked them, so common short
	// literals ("th", "an") do not walk their chains at every occurrence.
	states := len(m.out)
	if d.acFor != m || len(d.acState) != states || d.acGen > 1<<31 {
		// each state's first literal beside its stamp: marking a state
		// reads one entry, not two tables
		d.acState = make([]uint64, states)
		for st, id := range m.out {
			d.acState[st] = uint64(uint32(id)) << 32
		}
		d.acFor, d.acGen = m, 0
	}
	base := d.acGen + 1
	d.acGen += uint32(len(d.sents)) + 1
	if m.delta16 != nil {
		delta, classes := m.delta16, m.classes
		for i := 0; i < len(text); i++ {
			v := delta[s*classes+int(m.class[text[i]])]
			s = int(v &^ acOut16)
			if v&acOut16 != 0 {
				k = m.mark(d, s, i, k, base)
			}
		}
		return
	}
	for i := 0; i < len(text); i++ {
		v := m.delta[s+int(m.class[text[i]])]
		s = int(v &^ acOut)
		if v&acOut != 0 {
			k = m.mark(d, s/m.classes, i, k, base)
		}
	}
}

// mark records the literals of state st, reached at text offset i, in the
// sentence that holds i; k is the sentence the scan had reached, and mark
// returns the one it reaches.
func (m *acMatcher) mark(d *document, st, i, k int, base uint32) int {
	// the match ends at i; it lies in the sentence containing i
	for k < len(d.sents) && d.sents[k].end <= i {
		k++
	}
	if k == len(d.sents) || d.sents[k].start > i {
		return k
	}
	e := d.acState[st]
	if uint32(e) == base+uint32(k) {
		return k
	}
	d.acState[st] = e&^(1<<32-1) | uint64(base+uint32(k))
	word, bit := k/64, uint64(1)<<(k%64)
	for id := int32(e >> 32); id >= 0; id = m.outNext[id] {
		at := int(id) * d.bitWords
		if d.litPresent[id/64]&(1<<(id%64)) == 0 {
			d.litPresent[id/64] |= 1 << (id % 64)
			d.present = append(d.present, id)
		}
		d.litBits[at+word] |= bit
	}
	return k
}

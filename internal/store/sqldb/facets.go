package sqldb

import (
	"fmt"
	"math"
	"strconv"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// An assessment's facet scores are stored in one TEXT column, facets, in a
// canonical form (migrations/00007_scale.sql):
//
//	scale:facet=score,facet=score;scale:facet=score
//
// scales in byte order, each scale's facets in byte order, every score a
// whole number of tenths written with exactly one decimal ("62.5", "80.0",
// "-0.5"), and "" for no facets. One row instead of twelve is what makes an
// import of a million assessments and a read of a hundred thousand
// people's latest scores fast; the order is the order store.Assessment.Facets
// promises, so reading needs no sort.
//
// When every scale has the same facets, as every instrument's two scales
// do, the store writes the grid form instead, each name once and each score
// as its whole number of tenths, scale by scale:
//
//	|scale,scale|facet,facet,facet|625,800,-5,0,1000,12
//
// The twelve facet scores of an assessment take about 140 bytes instead of
// 250, the largest column of a row an import writes a million times. Rows
// written in the first form stay as they are and read the same.

// maxTenths bounds a stored score, in tenths, so that it parses exactly.
const maxTenths = 1e15

// appendFacets appends fs to dst in the canonical form. A facet scored
// twice is a fail.Invalid error naming its index in fs.
func appendFacets(dst []byte, fs []store.FacetScore) ([]byte, error) {
	if len(fs) == 0 {
		return dst, nil
	}
	// Sort indexes, not the caller's slice; insertion sort suits the dozen
	// facets of an assessment and needs no allocation for them.
	var buf [32]int
	idx := buf[:0]
	for i := range fs {
		idx = append(idx, i)
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && facetLess(&fs[idx[j]], &fs[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	if scales, facets := grid(fs, idx); scales > 1 {
		return appendGrid(dst, fs, idx, scales, facets)
	}
	for n, i := range idx {
		f := &fs[i]
		if n > 0 {
			prev := &fs[idx[n-1]]
			if prev.Scale == f.Scale && prev.Facet == f.Facet {
				e := fail.Errorf(fail.Invalid, "invalid assessment: facet %q of scale %q is scored more than once", f.Facet, f.Scale)
				e.Fields = map[string]string{fmt.Sprintf("facets[%d]", max(i, idx[n-1])): "repeats an earlier facet"}
				return nil, e
			}
		}
		switch {
		case n == 0:
			dst = append(dst, f.Scale...)
			dst = append(dst, ':')
		case fs[idx[n-1]].Scale != f.Scale:
			dst = append(dst, ';')
			dst = append(dst, f.Scale...)
			dst = append(dst, ':')
		default:
			dst = append(dst, ',')
		}
		dst = append(dst, f.Facet...)
		dst = append(dst, '=')
		n, err := tenths(f, i)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			dst = append(dst, '-')
			n = -n
		}
		dst = strconv.AppendInt(dst, n/10, 10)
		dst = append(dst, '.', byte('0'+n%10))
	}
	return dst, nil
}

// tenths is score as a whole number of tenths, or a fail.Invalid error
// naming facets[i].
func tenths(f *store.FacetScore, i int) (int64, error) {
	t := math.Round(f.Score * 10)
	if t/10 != f.Score || math.Abs(t) >= maxTenths {
		e := fail.Errorf(fail.Invalid, "invalid assessment: facet %q of scale %q scores %v, not a whole number of tenths", f.Facet, f.Scale, f.Score)
		e.Fields = map[string]string{fmt.Sprintf("facets[%d]", i): store.TenthsProblem}
		return 0, e
	}
	return int64(t), nil
}

// grid reports, for fs in the sorted order idx, how many scales and how
// many facets of each there are when every scale has the same facets and no
// facet twice; otherwise scales is 0. (Names hold no separator:
// store.Assessment.Validate sees to that.)
func grid(fs []store.FacetScore, idx []int) (scales, facets int) {
	for facets < len(idx) && fs[idx[facets]].Scale == fs[idx[0]].Scale {
		facets++
	}
	if len(idx)%facets != 0 {
		return 0, 0
	}
	for n, i := range idx {
		f, head := &fs[i], &fs[idx[n%facets]]
		if f.Facet != head.Facet {
			return 0, 0
		}
		if n%facets == 0 && n > 0 && f.Scale == fs[idx[n-1]].Scale {
			return 0, 0
		}
		if n%facets > 0 && (f.Scale != fs[idx[n-1]].Scale || f.Facet == fs[idx[n-1]].Facet) {
			return 0, 0
		}
	}
	return len(idx) / facets, facets
}

// appendGrid appends fs, sorted by idx, in the grid form.
func appendGrid(dst []byte, fs []store.FacetScore, idx []int, scales, facets int) ([]byte, error) {
	dst = append(dst, '|')
	for s := range scales {
		if s > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, fs[idx[s*facets]].Scale...)
	}
	dst = append(dst, '|')
	for f := range facets {
		if f > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, fs[idx[f]].Facet...)
	}
	dst = append(dst, '|')
	for n, i := range idx {
		t, err := tenths(&fs[i], i)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendInt(dst, t, 10)
	}
	return dst, nil
}

func facetLess(a, b *store.FacetScore) bool {
	if a.Scale != b.Scale {
		return a.Scale < b.Scale
	}
	return a.Facet < b.Facet
}

// facetParser reads stored facets back. It keeps one string per scale and
// facet name, so a hundred thousand rows share a dozen names rather than
// allocate a million.
type facetParser struct {
	names map[string]string
	// The last grid's header (its names, up to the third '|') and the
	// names read from it: a hundred thousand rows of one instrument share
	// one header, which is read once.
	gridHeader             []byte
	gridScales, gridFacets []string
}

func (p *facetParser) name(b []byte) string {
	if s, ok := p.names[string(b)]; ok { // no allocation for the lookup
		return s
	}
	if p.names == nil {
		p.names = map[string]string{}
	}
	s := string(b)
	p.names[s] = s
	return s
}

// parse appends the facets stored as b to dst. Bad input is an error saying
// what is wrong and at which byte.
func (p *facetParser) parse(dst []store.FacetScore, b []byte) ([]store.FacetScore, error) {
	if len(b) == 0 {
		return dst, nil
	}
	bad := func(at int, what string) error {
		return fmt.Errorf("bad stored facets %q: %s at byte %d", b, what, at)
	}
	if b[0] == '|' {
		return p.parseGrid(dst, b, bad)
	}
	first := len(dst)
	i := 0
	var scale string
	for i < len(b) {
		// A scale: its name up to ':'.
		start := i
		for i < len(b) && b[i] != ':' {
			if b[i] == ';' || b[i] == ',' || b[i] == '=' {
				return dst, bad(i, fmt.Sprintf("scale name holds %q", b[i]))
			}
			i++
		}
		if i == len(b) {
			return dst, bad(start, "scale without ':'")
		}
		if i == start {
			return dst, bad(start, "empty scale name")
		}
		next := p.name(b[start:i])
		if len(dst) > first && next <= scale {
			return dst, bad(start, fmt.Sprintf("scale %q out of order after %q", next, scale))
		}
		scale = next
		i++ // ':'
		// Its facets: name=score, separated by ','; ';' or the end closes the scale.
		facet := ""
		for {
			start := i
			for i < len(b) && b[i] != '=' {
				if b[i] == ';' || b[i] == ',' || b[i] == ':' {
					return dst, bad(i, fmt.Sprintf("facet name holds %q", b[i]))
				}
				i++
			}
			if i == len(b) {
				return dst, bad(start, "facet without '='")
			}
			if i == start {
				return dst, bad(start, "empty facet name")
			}
			name := p.name(b[start:i])
			if facet != "" && name <= facet {
				return dst, bad(start, fmt.Sprintf("facet %q out of order after %q", name, facet))
			}
			facet = name
			i++ // '='
			score, n, ok := parseTenths(b[i:])
			if !ok {
				return dst, bad(i, "score is not a whole number of tenths such as 62.5")
			}
			i += n
			dst = append(dst, store.FacetScore{Scale: scale, Facet: facet, Score: score})
			if i == len(b) {
				return dst, nil
			}
			switch b[i] {
			case ',':
				i++
				continue
			case ';':
				i++
			default:
				return dst, bad(i, fmt.Sprintf("%q after a score, want ',' or ';'", b[i]))
			}
			break
		}
		if i == len(b) {
			return dst, bad(i, "';' at the end")
		}
	}
	return dst, nil
}

// parseGrid appends the facets stored in the grid form as b to dst.
func (p *facetParser) parseGrid(dst []store.FacetScore, b []byte, bad func(int, string) error) ([]store.FacetScore, error) {
	// The two lists of names, each ',' separated, strictly increasing.
	names := func(i int, what string) ([]string, int, error) {
		var out []string
		for {
			start := i
			for i < len(b) && b[i] != ',' && b[i] != '|' {
				if b[i] == ':' || b[i] == ';' || b[i] == '=' {
					return nil, i, bad(i, fmt.Sprintf("%s name holds %q", what, b[i]))
				}
				i++
			}
			if i == start {
				return nil, i, bad(start, "empty "+what+" name")
			}
			name := p.name(b[start:i])
			if len(out) > 0 && name <= out[len(out)-1] {
				return nil, i, bad(start, fmt.Sprintf("%s %q out of order after %q", what, name, out[len(out)-1]))
			}
			out = append(out, name)
			if i == len(b) {
				return nil, i, bad(i, "grid without scores")
			}
			i++
			if b[i-1] == '|' {
				return out, i, nil
			}
		}
	}
	var scales, facets []string
	i := 0
	if n := len(p.gridHeader); n > 0 && len(b) > n && string(b[:n]) == string(p.gridHeader) {
		scales, facets, i = p.gridScales, p.gridFacets, n
	} else {
		var err error
		if scales, i, err = names(1, "scale"); err != nil {
			return dst, err
		}
		if facets, i, err = names(i, "facet"); err != nil {
			return dst, err
		}
		p.gridHeader = append(p.gridHeader[:0], b[:i]...)
		p.gridScales, p.gridFacets = scales, facets
	}
	for s, scale := range scales {
		for f, facet := range facets {
			if s+f > 0 {
				if i == len(b) || b[i] != ',' {
					return dst, bad(i, fmt.Sprintf("%d scores, want %d", s*len(facets)+f, len(scales)*len(facets)))
				}
				i++
			}
			score, n, ok := parseWholeTenths(b[i:])
			if !ok {
				return dst, bad(i, "score is not a whole number of tenths such as 625")
			}
			i += n
			dst = append(dst, store.FacetScore{Scale: scale, Facet: facet, Score: score})
		}
	}
	if i != len(b) {
		return dst, bad(i, fmt.Sprintf("more than %d scores", len(scales)*len(facets)))
	}
	return dst, nil
}

// parseWholeTenths reads a count of tenths written as -?digits at the start
// of b and returns it as a score, with the number of bytes it took.
func parseWholeTenths(b []byte) (float64, int, bool) {
	n, i, ok := leadingInt(b, 15)
	if !ok || n >= maxTenths || n <= -maxTenths {
		return 0, 0, false
	}
	return float64(n) / 10, i, true
}

// parseTenths reads a score written as -?digits.digit at the start of b and
// returns it with the number of bytes it took. A count of tenths below 2^53
// divided by ten is the same float64 strconv.ParseFloat gives for its text.
func parseTenths(b []byte) (float64, int, bool) {
	n, i, ok := leadingInt(b, 14) // below maxTenths once the tenth is added
	if !ok || i >= len(b) || b[i] != '.' || i+1 >= len(b) || b[i+1] < '0' || b[i+1] > '9' {
		return 0, 0, false
	}
	d := int64(b[i+1] - '0')
	if n < 0 || (n == 0 && b[0] == '-') {
		d = -d
	}
	return float64(n*10+d) / 10, i + 2, true
}

// leadingInt reads -?digits, at most max digits, at the start of b, and
// returns the number with the bytes it took.
func leadingInt(b []byte, max int) (int64, int, bool) {
	i, neg := 0, false
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	var n int64
	for digits := 0; i < len(b) && b[i] >= '0' && b[i] <= '9'; digits++ {
		if digits == max {
			return 0, 0, false
		}
		n = n*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 || (neg && i == 1) {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, i, true
}

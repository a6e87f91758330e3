package coach

import (
	"regexp/syntax"
	"strings"
	"testing"
)

// loaded returns the analyser of the embedded rules for the package's
// internal tests, failing the test if they do not load.
func loaded(t testing.TB) *Analyzer {
	t.Helper()
	an, err := Default()
	if err != nil {
		t.Fatalf("the embedded rules do not load: %v", err)
	}
	return an
}

// loadedPatterns returns the embedded rules' pattern set with its literal
// automaton and per-pattern indexes built.
func loadedPatterns(t testing.TB) *patternSet {
	t.Helper()
	ps := loaded(t).pats
	ps.ac()
	return ps
}

// writtenPatterns returns the patterns of ps as the rules write them: not
// the parts compile splits one into, nor proximity patterns, which join two
// others.
func writtenPatterns(ps *patternSet) []*pattern {
	var out []*pattern
	for _, p := range ps.pats {
		if !strings.Contains(p.src, "#") && !nearOp.MatchString(p.src) {
			out = append(out, p)
		}
	}
	return out
}

// loweredTree returns p's expression, its vocabulary expanded, parsed and
// lower-cased as compile does before it splits, gates or strips anything.
func loweredTree(t testing.TB, ps *patternSet, p *pattern) *syntax.Regexp {
	t.Helper()
	full, err := ps.expand(p.src, 0)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := syntax.Parse("(?i)"+full, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	lowerTree(tree)
	return tree
}

// writtenExpr is an expression of the embedded rules: a written pattern's
// lowered tree, or one of its subexpressions.
type writtenExpr struct {
	src  string // the pattern's source
	re   *syntax.Regexp
	root bool
}

// writtenExprs returns every written pattern of the embedded rules as
// loweredTree gives it, each followed by all its subexpressions.
func writtenExprs(t testing.TB) []writtenExpr {
	t.Helper()
	ps := loadedPatterns(t)
	var out []writtenExpr
	var walk func(src string, re *syntax.Regexp, root bool)
	walk = func(src string, re *syntax.Regexp, root bool) {
		out = append(out, writtenExpr{src, re, root})
		for _, sub := range re.Sub {
			walk(src, sub, false)
		}
	}
	for _, p := range writtenPatterns(ps) {
		walk(p.src, loweredTree(t, ps, p), true)
	}
	return out
}

package coach

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

// program returns the listing of the program src compiles to: two
// expressions with the same listing match alike.
func program(t *testing.T, src string) string {
	t.Helper()
	tree, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		t.Fatalf("%q does not parse: %v", src, err)
	}
	prog, err := syntax.Compile(tree.Simplify())
	if err != nil {
		t.Fatalf("%q does not compile: %v", src, err)
	}
	return prog.String()
}

// TestExprString checks that exprString writes an expression that compiles
// to the very program the standard printer's does, and that matchesEmpty
// says what the regexp says of the empty text: on cases chosen for their
// corners, and on every pattern of the embedded rules, lower-cased as
// compile does, with each of its subexpressions.
func TestExprString(t *testing.T) {
	cases := []string{
		`(?i)leader, not (?:a )?manager`,
		`[^.!?]*`, `\W+`, `[\]\-^\\a]`, `[^\x00-\x1f]`, `\x{7f}\t `,
		`a*?b+?c??d{2}e{2,}f{2,5}?`, `(?:ab)*`, `(ab|cd)+`, `(?P<who>we|i) led`,
		`(?i)élan`, `(?i)Straße`, `(?s:.)x.`, `(?m:^)a(?m:$)`, `^a$`, `\Aa\z`, `\bteam\B`,
		`a|b|`, `(?:)`, `[^\x00-\x{10FFFF}]`, `x{0}`, `(a)(?:b|c)d`, `a.b`, `\.\+\*\?\(\)\|\[\]\{\}\^\$`,
		`\b`, `\B`, `(?:\b)?`, `\b(?:a)?`, `a{0,2}`, `(?:a+)?b*`, `(a*)+`, `(?:a|b*)c?`, `[a]`, `.`, `(?s).`,
	}
	checkEmpty := func(where string, re *syntax.Regexp) {
		t.Helper()
		if got, want := matchesEmpty(re), regexp.MustCompile(re.String()).MatchString(""); got != want {
			t.Fatalf("%s: matchesEmpty(%q) = %v, the regexp says %v", where, re.String(), got, want)
		}
	}
	for _, src := range cases {
		tree, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := program(t, exprString(tree)), program(t, tree.String()); got != want {
			t.Errorf("%q: exprString gives %q, which compiles otherwise than %q", src, exprString(tree), tree.String())
		}
		checkEmpty(src, tree)
	}
	checked := 0
	for _, e := range writtenExprs(t) {
		if !e.root && e.re.Op != syntax.OpConcat && e.re.Op != syntax.OpAlternate {
			continue // (the standard printer is slow on every class: these suffice)
		}
		if got, want := program(t, exprString(e.re)), program(t, e.re.String()); got != want {
			t.Fatalf("pattern %q: exprString gives %q, which compiles otherwise than %q", e.src, exprString(e.re), e.re.String())
		}
		checkEmpty(e.src, e.re)
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d expressions checked", checked)
	}
	t.Logf("%d expressions of the embedded rules checked", checked)
}

// TestProgSize checks progSize against the length of the program
// syntax.Compile builds: on expressions chosen for the compiler's corners
// (empty loops, alternatives that never match, captures, repeats) and on
// every pattern of the embedded rules with each of its subexpressions.
func TestProgSize(t *testing.T) {
	compiled := func(re *syntax.Regexp) int {
		prog, err := syntax.Compile(re.Simplify())
		if err != nil {
			t.Fatal(err)
		}
		return len(prog.Inst)
	}
	for _, src := range []string{
		`a`, `abc`, `(?:)`, `[^\x00-\x{10FFFF}]`, `a[^\x00-\x{10FFFF}]b`, `(?:a|[^\x00-\x{10FFFF}])`,
		`[^\x00-\x{10FFFF}]*`, `(?:[^\x00-\x{10FFFF}])+`, `(?:[^\x00-\x{10FFFF}]|[^\x00-\x{10FFFF}])`,
		`(?:a*)*`, `(?:a?)*b`, `(a*)*`, `(?:\b)*`, `(a)(b|c|d)?`, `a{2,5}`, `(?:ab){3,}`, `x{0}`, `(?:a|b|)*`,
		`\bteam\b`, `(?m:^)a(?m:$)`, `(?s:.)*?`, `(?:a|b*)+?`, `((a)|b)*c`,
	} {
		tree, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := progSize(tree), compiled(tree); got != want {
			t.Errorf("%q: progSize %d, the compiler %d instructions", src, got, want)
		}
	}
	exprs := writtenExprs(t)
	for _, e := range exprs {
		if got, want := progSize(e.re), compiled(e.re); got != want {
			t.Fatalf("pattern %q: progSize(%q) %d, the compiler %d instructions", e.src, e.re.String(), got, want)
		}
	}
	t.Logf("%d expressions of the embedded rules checked", len(exprs))
}

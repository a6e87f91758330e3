package coach

import "testing"

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

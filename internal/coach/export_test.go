package coach

// Score exposes the scoring of an analyser to the package's external tests:
// the score, verdict and breakdown it gives these signals and findings.
func (a *Analyzer) Score(sig [9]bool, fs []Finding) (int, Verdict, []Term) {
	return a.scoring.score(sig, fs)
}

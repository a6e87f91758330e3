//go:build acceptance

package coach_test

// With -tags acceptance, TestCorpus holds the untuned held-out split to the
// issue's floors (per-signal F1 and verdict accuracy of at least 0.85).
func init() { enforceUntunedFloors = true }

package main

import (
	"bytes"
	"testing"
)

const corpus = "../../internal/coach/testdata/corpus"

// TestDeterministic trains twice on a small slice of the corpus with few
// steps and wants the same bytes both times.
func TestDeterministic(t *testing.T) {
	splits := []string{"heldout2", "heldout3"}
	docs, err := loadDocs(corpus, splits)
	if err != nil {
		t.Fatal(err)
	}
	s := frozen
	s.Iterations = 100
	a, _ := build(docs, splits, s)
	b, _ := build(docs, splits, s)
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same data gave different files")
	}
}

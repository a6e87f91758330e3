//go:build coachdev

package main

import (
	"bytes"
	"os"
	"testing"
)

// TestReproducesModelFile retrains with the frozen settings on the shipped
// splits and wants the committed model.json byte for byte. It takes some
// seconds, hence the coachdev tag: go test -tags coachdev ./tools/coachtrain/
func TestReproducesModelFile(t *testing.T) {
	docs, err := loadDocs(corpus, shippedSplits)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := build(docs, shippedSplits, frozen)
	want, err := os.ReadFile("../../internal/coach/data/model.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/coach/data/model.json is not what go run ./tools/coachtrain gives; retrain and commit it")
	}
}

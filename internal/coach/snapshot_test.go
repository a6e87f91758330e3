//go:build coachdev

package coach_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSnapshot is a tool (COACH_SNAPSHOT=file): it writes every corpus
// answer's full result as JSON lines, so that a change meant to be only an
// optimisation can be checked to change nothing.
func TestSnapshot(t *testing.T) {
	enc := snapshotTo(t, "COACH_SNAPSHOT")
	an := mustDefault(t)
	dirs, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*"))
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		for _, a := range loadCorpus(t, filepath.Base(dir)) {
			res, err := an.Analyze(a.Text)
			if err != nil {
				t.Fatal(err)
			}
			if err := enc.Encode(map[string]any{"id": a.ID, "result": res}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// snapshotTo is a JSON-lines encoder writing to the file the environment
// variable names, closed when the test ends; without it the tool skips.
func snapshotTo(t *testing.T, env string) *json.Encoder {
	out := os.Getenv(env)
	if out == "" {
		t.Skip("set " + env + " to a file name")
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return json.NewEncoder(f)
}

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/report"
	"github.com/twohats/twohats/internal/tui"
)

// writeReport renders a profile in the chosen format to --out or standard
// output. A file is written whole or not at all.
func (e *env) writeReport(o outputFlags, sc *profile.Scorer, p *profile.Profile) error {
	var buf bytes.Buffer
	var err error
	switch o.format {
	case "json":
		err = report.JSON(&buf, p)
	case "html":
		err = report.HTML(&buf, p, report.HTMLOptions{HighCut: sc.Instrument().Scoring.HighCut})
	default:
		err = report.Text(&buf, p, report.TextOptions{Color: o.out == "" && e.colour()})
	}
	if err != nil {
		return err
	}
	return e.emit(o.out, buf.Bytes())
}

// emit writes data to the file path, or to standard output when path is "".
func (e *env) emit(path string, data []byte) error {
	if path == "" {
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(path, data)
}

// colour reports whether standard output is a terminal that wants colour.
func (e *env) colour() bool {
	f, ok := e.stdout.(*os.File)
	return ok && tui.IsTerminal(f) && e.getenv("NO_COLOR") == "" && e.getenv("TERM") != "dumb"
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place, so a reader never sees half a report.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".twohats-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Package catalog loads everything twohats knows, once, at start-up: the
// framework and every embedded instrument, each compiled for scoring. A broken
// data file stops the binary from starting, with a message naming the file and
// the entry; it never surfaces as a panic in front of a user.
package catalog

import (
	"fmt"
	"sort"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// Catalog is the validated knowledge of the binary.
type Catalog struct {
	Framework *framework.Framework
	scorers   map[string]*profile.Scorer
}

// Load validates and compiles the embedded framework and instruments.
func Load() (*Catalog, error) {
	fw, err := framework.Default()
	if err != nil {
		return nil, err
	}
	c := &Catalog{Framework: fw, scorers: map[string]*profile.Scorer{}}
	for _, id := range instrument.IDs() {
		in, err := instrument.Load(fw, id)
		if err != nil {
			return nil, err
		}
		sc, err := profile.NewScorer(fw, in)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", instrument.FileName(id), err)
		}
		c.scorers[id] = sc
	}
	if _, ok := c.scorers[instrument.Default]; !ok {
		return nil, fmt.Errorf("the default instrument %q is not embedded", instrument.Default)
	}
	return c, nil
}

// Scorer returns the scorer of the instrument id, or a fail.Invalid error
// listing the known ids.
func (c *Catalog) Scorer(id string) (*profile.Scorer, error) {
	if sc, ok := c.scorers[id]; ok {
		return sc, nil
	}
	return nil, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("unknown instrument %q; known: %v", id, c.IDs()),
		Fields: map[string]string{"instrument": "unknown"}}
}

// IDs lists the instrument ids, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.scorers))
	for id := range c.scorers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

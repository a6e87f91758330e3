package norms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
)

// Statistics analyses the capability answers of the organisation's stored
// assessments of the instrument, every scale and facet as `twohats
// psychometrics` analyses a responses file. The answers stream from the
// store into a psychometrics.Accumulator one assessment at a time, so memory
// depends on the items, not on the number of assessments. The answers may be
// in the compact form assess.Record stores or the answers JSON of older
// assessments; sc, the instrument's scorer, reads the compact form.
func Statistics(ctx context.Context, st store.Norms, orgID string, sc *profile.Scorer) (*psychometrics.Report, error) {
	in := sc.Instrument()
	d := psychometrics.DesignFor(in)
	acc, err := psychometrics.NewAccumulator(d.Items, d.Groups, d.Max)
	if err != nil {
		return nil, err
	}
	column := make(map[string]int, len(d.Items))
	slot := make([]int, len(d.Items)) // each item's slot in a Response
	for i, it := range d.Items {
		column[it.ID] = i
		off, ok := sc.Offset(it.ID)
		if !ok {
			return nil, fmt.Errorf("item %s of %s is not in its scorer's layout", it.ID, in.ID)
		}
		slot[i] = off
	}
	row := make([]uint8, len(d.Items))
	var doc struct {
		Answers map[string]json.RawMessage `json:"answers"`
	}
	err = st.EachAnswers(ctx, orgID, in.ID, func(answers json.RawMessage) error {
		if profile.IsCompact(answers) {
			r, err := sc.ParseCompact(answers)
			if err != nil {
				return fail.Errorf(fail.Internal, "stored answers to %s are unreadable: %v", in.ID, err)
			}
			for i, off := range slot {
				row[i] = r[off]
			}
			acc.Add(row)
			return nil
		}
		clear(doc.Answers)
		if err := json.Unmarshal(answers, &doc); err != nil {
			return fail.Errorf(fail.Internal, "stored answers to %s are unreadable: %v", in.ID, err)
		}
		clear(row)
		for id, raw := range doc.Answers {
			i, ok := column[id]
			if !ok {
				continue // not a capability item
			}
			v, err := strconv.Atoi(string(bytes.TrimSpace(raw)))
			if err != nil || v < d.Min || v > d.Max {
				return fail.Errorf(fail.Internal, "stored answers to %s give item %s the answer %s, not a rating from %d to %d", in.ID, id, raw, d.Min, d.Max)
			}
			row[i] = uint8(v)
		}
		acc.Add(row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	rep := &psychometrics.Report{Instrument: in.ID, N: acc.N()}
	for g := range acc.Groups() {
		rep.Groups = append(rep.Groups, acc.Reliability(g))
	}
	return rep, nil
}

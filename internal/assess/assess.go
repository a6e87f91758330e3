// Package assess is the one way an assessment is scored and stored, shared by
// the CLI, the web app and the API: score the answers with the pure scorer,
// then store the answers, summary and facet scores whole, in one transaction.
// The profile is not stored: the answers are the truth, and Rescore makes
// the same profile from them.
package assess

import (
	"context"
	"errors"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// Submit scores a complete response and stores it as the person's
// assessment. With an idempotency key, a repeat of a submit that was already
// stored returns the stored assessment and created=false instead of storing
// a second one.
func Submit(ctx context.Context, st store.Store, sc *profile.Scorer, orgID, personID string, r profile.Response, key string) (a *store.Assessment, p profile.Profile, created bool, err error) {
	p = sc.Score(r)
	a, err = Record(sc, r, &p)
	if err != nil {
		return nil, p, false, err
	}
	a.OrgID, a.PersonID, a.IdempotencyKey = orgID, personID, key
	err = st.CreateAssessment(ctx, a)
	if err == nil {
		return a, p, true, nil
	}
	if key == "" || fail.Code(err) != fail.Conflict {
		return nil, p, false, err
	}
	prev, perr := st.AssessmentByIdempotencyKey(ctx, orgID, personID, key)
	if perr != nil {
		return nil, p, false, errors.Join(err, perr)
	}
	prevProfile, perr := Rescore(sc, prev)
	if perr != nil {
		return nil, p, false, perr
	}
	return prev, prevProfile, false, nil
}

// Record builds the stored form of a scored response: the answers in the
// compact form of profile.CompactPrefix (a tenth of the answers JSON, which
// is what an import of millions of rows writes) and the summary and facet
// scores that lists and aggregates read; p stays with the caller, who has it
// in memory. It has no organisation or person yet.
func Record(sc *profile.Scorer, r profile.Response, p *profile.Profile) (*store.Assessment, error) {
	answers := sc.AppendCompact(make([]byte, 0, len(profile.CompactPrefix)+len(r)), r)
	a := &store.Assessment{
		Instrument: p.Instrument, Answers: answers,
		Management: p.Scales[profile.M], Leadership: p.Scales[profile.L],
		Tendency: p.Tendency, JudgementAccuracy: p.Judgement.Accuracy, Quadrant: p.Quadrant,
	}
	for si, scale := range profile.ScaleKeys {
		for fi, facet := range p.Dimensions {
			a.Facets = append(a.Facets, store.FacetScore{Scale: scale, Facet: facet, Score: p.Facets[si][fi]})
		}
	}
	return a, nil
}

// Rescore scores a stored assessment again from its answers, which are the
// truth; instrument versions are immutable, so the profile is the same one.
func Rescore(sc *profile.Scorer, a *store.Assessment) (profile.Profile, error) {
	r, err := Response(sc, a)
	if err != nil {
		return profile.Profile{}, err
	}
	return sc.Score(r), nil
}

// Response reads a stored assessment's answers, in the compact form Record
// writes or as the answers JSON of assessments stored before it, into the
// dense response of sc's instrument.
func Response(sc *profile.Scorer, a *store.Assessment) (profile.Response, error) {
	r, err := sc.ReadStored(a.Answers)
	if err != nil {
		return nil, fail.Errorf(fail.Internal, "stored answers of %s do not fit %s: %v", a.ID, sc.Instrument().ID, err)
	}
	return r, nil
}

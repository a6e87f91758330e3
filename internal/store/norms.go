package store

import (
	"context"
	"encoding/json"
)

// Norms reads what norm groups and item statistics are computed from: the
// score distributions of an instrument version's norm groups, and an
// organisation's stored answers, one assessment at a time.
//
// AllNormGroup is the one read that spans organisations. It answers only
// with counts of scores, never with a row, an id or anything else that
// could tell one organisation's data from another's.
type Norms interface {
	// OrgNormGroup returns the score distribution of the organisation's
	// people on the instrument: the latest assessment of it of each person
	// who has one.
	OrgNormGroup(ctx context.Context, orgID, instrument string) (*NormGroup, error)
	// AllNormGroup returns the score distribution of every stored
	// assessment of the instrument, in every organisation.
	AllNormGroup(ctx context.Context, instrument string) (*NormGroup, error)
	// EachAnswers calls fn with the answers JSON of each of the
	// organisation's assessments of the instrument, oldest first, reading
	// them one at a time from one snapshot so that memory does not grow
	// with their number. answers is only valid during the call. An error
	// from fn stops the iteration and is returned.
	EachAnswers(ctx context.Context, orgID, instrument string, fn func(answers json.RawMessage) error) error
}

// NormGroup is how a norm group's scores are spread: for each scale and
// facet, how many of the group have each score. It holds counts and scores,
// nothing that identifies an organisation, a person or an assessment.
type NormGroup struct {
	// N is the number of assessments in the group (for an organisation's
	// group, one per person).
	N int64
	// Scores holds, per scale ("management") and facet ("management.focus"),
	// each distinct score with how many have it, ascending by score.
	Scores map[string][]ScoreCount
}

// ScoreCount is how many of a norm group have one score on one scale or
// facet.
type ScoreCount struct {
	Score float64
	Count int64
}

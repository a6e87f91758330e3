package web

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// apiExamples are the examples of the API's documentation. They are
// computed at start-up from the embedded default instrument and the real
// scorer, so the docs never show a request the API would refuse or a
// profile it would not return.
type apiExamples struct {
	instrument   *instrument.Instrument
	answers      apiAnswers
	submission   apiSubmission
	profile      profile.Document
	assessment   apiAssessment
	summaries    []apiAssessmentSummary
	badProblem   *Problem
	me           apiMe
	tokenRequest apiTokenRequest
	newToken     apiNewToken
	tokens       []apiToken
}

// Made-up ids and times in the shape the stores make them (UUIDv7, UTC).
const (
	apiExampleOrgID        = "0197a3c0-7b2a-7e51-9c3d-5f1a2b4c6d80"
	apiExampleUserID       = "0197a3c0-7b2b-7a10-8e2f-1c3d5e7f9a02"
	apiExamplePersonID     = "0197a3c0-7b2c-7b22-a4e6-8f0a2c4e6b13"
	apiExampleAssessmentID = "0197a3c2-5e1b-7f40-8a9d-2b6c4e1f3a58"
	apiExampleOlderID      = "01978e11-0c4d-7d93-b2a7-4e6f8a0c2d49"
	apiExampleTokenID      = "0197a3c4-1a2b-7c3d-9e4f-5a6b7c8d9e0f"
)

var apiExampleTime = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

func newAPIExamples(cat *catalog.Catalog) (*apiExamples, error) {
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	in := sc.Instrument()

	// The instrument with one item of each section: the whole bank is long.
	short := *in
	short.Items = nil
	seen := map[string]bool{}
	for _, it := range in.Items {
		if !seen[it.Section] {
			seen[it.Section] = true
			short.Items = append(short.Items, it)
		}
	}

	r := sc.Simulate(rand.New(rand.NewPCG(3, 4)), profile.Traits{Management: 0.8, Leadership: -0.3, Tendency: -0.6, Judgement: 0.7})
	ans := sc.Decode(r)
	p := sc.Score(r)
	doc := p.Document()
	ex := &apiExamples{
		instrument: &short,
		answers:    apiAnswers{Instrument: ans.Instrument, Answers: ans.Answers},
		submission: apiSubmission{Instrument: ans.Instrument, Answers: ans.Answers},
		profile:    doc,
		assessment: apiAssessment{ID: apiExampleAssessmentID, PersonID: apiExamplePersonID, Instrument: in.ID, CreatedAt: apiExampleTime, Profile: doc},
		summaries: []apiAssessmentSummary{
			{ID: apiExampleAssessmentID, PersonID: apiExamplePersonID, Instrument: in.ID, CreatedAt: apiExampleTime,
				Quadrant: p.Quadrant, Management: p.Scales[profile.M], Leadership: p.Scales[profile.L],
				Tendency: p.Tendency, JudgementAccuracy: p.Judgement.Accuracy},
			{ID: apiExampleOlderID, PersonID: apiExamplePersonID, Instrument: in.ID, CreatedAt: apiExampleTime.AddDate(0, -3, 0),
				Quadrant: profile.Emerging, Management: 48.4, Leadership: 41.2, Tendency: -0.4, JudgementAccuracy: 55.9},
		},
		me: apiMe{User: apiUser{ID: apiExampleUserID, Email: "ada@example.com", Name: "Ada Lovelace"},
			OrgID: apiExampleOrgID, OrgName: "Analytical Engines Ltd", Role: "admin", PersonID: apiExamplePersonID},
		tokenRequest: apiTokenRequest{Name: "HR system"},
		newToken: apiNewToken{ID: apiExampleTokenID, Name: "HR system", CreatedAt: apiExampleTime,
			Token: apiTokenPrefix + apiExampleOrgID + "_q3Vh0nJ8yXr2bWc5tLmA9eKpZs7uD1fGiO4wQ6vNxYk"},
		tokens: []apiToken{{ID: apiExampleTokenID, Name: "HR system", CreatedAt: apiExampleTime}},
	}

	// Invalid answers: one out of range, one missing, one unknown item.
	bad := map[string]json.RawMessage{}
	for k, v := range ans.Answers {
		bad[k] = v
	}
	capID, gone := "", ""
	for _, it := range in.Items {
		switch {
		case it.Section == instrument.Capability && capID == "":
			capID = it.ID
		case it.Section == instrument.Tendency && gone == "":
			gone = it.ID
		}
	}
	bad[capID] = json.RawMessage("7")
	delete(bad, gone)
	bad["m.unknown.1"] = json.RawMessage("3")
	if _, _, err = apiEncodeAnswers(cat, in.ID, bad); err == nil {
		return nil, fmt.Errorf("the example of invalid answers is valid")
	}
	ex.badProblem = apiProblem(err)
	ex.badProblem.Instance = apiPrefix + "/score"
	return ex, nil
}

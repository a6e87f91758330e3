package web

import (
	"encoding/json"
	"math/rand/v2"
	"time"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// growthExamples are the examples of the advisor, fit, plan, journal and
// quiz operations, computed at start-up by the real advisor from a
// simulated respondent, so the docs show what the API returns.
type growthExamples struct {
	situation     apiSituation
	advice        advisor.Advice
	fitRequest    apiFitRequest
	fitResult     apiFitResult
	newRole       apiNewRole
	role          apiRole
	plan          *growth.PlanStatus
	planSummary   apiPlanSummary
	entryRequest  apiEntryRequest
	entry         apiEntry
	journalReport advisor.JournalReport
	quiz          apiQuiz
	quizAnswers   apiQuizAnswers
	quizResult    advisor.QuizResult
}

// More made-up ids, in the shape the stores make them.
const (
	apiExampleRoleID  = "0197a3d1-2b3c-7d4e-8f50-6a7b8c9d0e1f"
	apiExamplePlanID  = "0197a3d2-3c4d-7e5f-9061-7b8c9d0e1f20"
	apiExampleEntryID = "0197a3d3-4d5e-7f60-a172-8c9d0e1f2031"
	apiExampleOtherID = "0197a3c0-7b2d-7c33-b5f7-9a1b3d5f7c24"
)

// exampleRole is a leadership-heavy role, the kind a strong manager is
// promoted into and struggles in.
const exampleRole = `{"name":"Founding product lead","contexts":["startup","disruptive-innovation"],"phases":{"launch":0.7,"execution":0.3},"need":"change"}`

func newGrowthExamples(cat *catalog.Catalog, a *advisor.Advisor) (*growthExamples, error) {
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	manager := sc.Score(sc.Simulate(rand.New(rand.NewPCG(5, 6)), profile.Traits{Management: 1.2, Leadership: -0.8, Tendency: -0.7, Judgement: 0.5}))
	leader := sc.Score(sc.Simulate(rand.New(rand.NewPCG(7, 8)), profile.Traits{Management: 0.1, Leadership: 1.1, Tendency: 0.5, Judgement: 0.6}))
	ex := &growthExamples{situation: apiSituation{Contexts: []string{"compliance-critical", "mature"}, Phase: "execution", Need: "consistency"}}
	if ex.advice, err = a.Advise(advisor.Situation(ex.situation)); err != nil {
		return nil, err
	}

	role, err := a.ParseRole("example", []byte(exampleRole))
	if err != nil {
		return nil, err
	}
	req, err := a.Requirement(role)
	if err != nil {
		return nil, err
	}
	ex.fitRequest = apiFitRequest{Role: apiRoleDoc(exampleRole), PersonIDs: []string{apiExamplePersonID, apiExampleOtherID}}
	ex.fitResult = apiFitResult{Requirement: req}
	for _, c := range []struct {
		id, name string
		p        *profile.Profile
	}{{apiExamplePersonID, "Ada Lovelace", &manager}, {apiExampleOtherID, "Grace Hopper", &leader}} {
		f, err := a.Fit(advisor.PersonFromProfile(c.p), req)
		if err != nil {
			return nil, err
		}
		ex.fitResult.Disclaimer = f.Disclaimer
		ex.fitResult.Candidates = append(ex.fitResult.Candidates, apiCandidate{PersonID: c.id, Name: c.name,
			Basis: growth.Basis{View: advisor.ViewSelf, AssessmentID: apiExampleAssessmentID, Date: apiExampleTime}, Fit: f})
	}
	ex.newRole = apiNewRole{Name: "Founding product lead", Definition: apiRoleDoc(exampleRole)}
	req.Name = "Founding product lead"
	ex.role = apiRole{ID: apiExampleRoleID, Name: "Founding product lead", Definition: apiRoleDoc(exampleRole), Requirement: req, CreatedAt: apiExampleTime}

	y, m, d := apiExampleTime.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	ap, err := a.PlanFromProfile(&manager, start)
	if err != nil {
		return nil, err
	}
	if err := ap.Tick(ap.CheckIns[0].ID, start.AddDate(0, 0, 6)); err != nil {
		return nil, err
	}
	basis := growth.Basis{View: advisor.ViewSelf, AssessmentID: apiExampleAssessmentID, Date: apiExampleTime}
	plan := growth.Plan{ID: apiExamplePlanID, PersonID: apiExamplePersonID, CreatedAt: apiExampleTime, Basis: basis, Plan: ap}
	today := start.AddDate(0, 0, 20)
	later := manager
	later.Facets = [2][]float64{append([]float64(nil), manager.Facets[0]...), append([]float64(nil), manager.Facets[1]...)}
	for fi := range later.Facets[profile.L] {
		later.Facets[profile.L][fi] += float64(fi%3) * 2.5
	}
	trend, err := ap.Trend([]advisor.Snapshot{advisor.SnapshotOf(apiExampleTime, &manager), advisor.SnapshotOf(apiExampleTime.AddDate(0, 3, 0), &later)})
	if err != nil {
		return nil, err
	}
	ex.plan = &growth.PlanStatus{Plan: plan, Progress: plan.Progress(today), Trend: &trend}
	ex.planSummary = apiPlanSummary{ID: plan.ID, PersonID: plan.PersonID, Side: plan.Side, Start: plan.Start, CreatedAt: plan.CreatedAt,
		Basis: basis, Progress: plan.Progress(today)}

	ex.entryRequest = apiEntryRequest{Date: "2025-06-02", Situation: "The plant failed a surprise audit; I took over the shift rotas myself.",
		Contexts: []string{"compliance-critical", "mature"}, Phase: "crisis", Need: "quality-control", Approach: store.ApproachManage, Outcome: 4,
		Balanced: "Also explain to the team why the checks matter, so the fix outlasts the week."}
	e := advisor.Entry{Date: apiExampleTime, Situation: ex.entryRequest.Situation, Contexts: ex.entryRequest.Contexts, Phase: ex.entryRequest.Phase,
		Need: ex.entryRequest.Need, Approach: ex.entryRequest.Approach, Outcome: ex.entryRequest.Outcome, Balanced: ex.entryRequest.Balanced}
	rv, err := a.ReviewEntry(e)
	if err != nil {
		return nil, err
	}
	ex.entry = apiEntry{ID: apiExampleEntryID, PersonID: apiExamplePersonID, Entry: e, Review: rv, CreatedAt: apiExampleTime}
	turnaround := advisor.Entry{Date: apiExampleTime.AddDate(0, 0, 9), Situation: "The new product line slipped again; I added weekly status reviews.",
		Contexts: []string{"turnaround"}, Phase: "recovery", Approach: store.ApproachManage, Outcome: 2,
		Balanced: "Rebuild confidence first: set out where we are going and why, then track it."}
	if ex.journalReport, err = a.Journal([]advisor.Entry{e, turnaround}); err != nil {
		return nil, err
	}

	ex.quiz = apiQuiz{Questions: a.Quiz()}
	ex.quizAnswers = apiQuizAnswers{Answers: map[string]bool{}}
	for i, q := range ex.quiz.Questions {
		if i < 3 {
			ex.quizAnswers.Answers[q.ID] = i%2 == 1
		}
	}
	if ex.quizResult, err = a.Grade(ex.quizAnswers.Answers); err != nil {
		return nil, err
	}
	// The examples are served as JSON: check each one encodes.
	for _, v := range []any{ex.advice, ex.fitResult, ex.role, ex.plan, ex.entry, ex.journalReport, ex.quizResult} {
		if _, err := json.Marshal(v); err != nil {
			return nil, err
		}
	}
	return ex, nil
}

package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/store"
)

// maxCandidates bounds one fit request: a promotion panel compares a few
// people, not an organisation.
const maxCandidates = 20

func init() {
	// The advisor's types, named in the API's schemas so as not to collide
	// with the profile's (Cited) and so that each reads on its own.
	for t, name := range map[reflect.Type]string{
		reflect.TypeFor[advisor.Cited]():           "Citation",
		reflect.TypeFor[advisor.Advice]():          "Advice",
		reflect.TypeFor[advisor.Reason]():          "AdviceReason",
		reflect.TypeFor[advisor.Risk]():            "AdviceRisk",
		reflect.TypeFor[advisor.Requirement]():     "RoleRequirement",
		reflect.TypeFor[advisor.Adjustment]():      "RoleAdjustment",
		reflect.TypeFor[advisor.Fit]():             "Fit",
		reflect.TypeFor[advisor.Gap]():             "FacetGap",
		reflect.TypeFor[advisor.PromotionRisk]():   "PromotionRisk",
		reflect.TypeFor[advisor.Plan]():            "DevelopmentPlan",
		reflect.TypeFor[advisor.Window]():          "PlanWindow",
		reflect.TypeFor[advisor.CheckIn]():         "CheckIn",
		reflect.TypeFor[advisor.Progress]():        "PlanProgress",
		reflect.TypeFor[advisor.Trend]():           "PlanTrend",
		reflect.TypeFor[advisor.FacetTrend]():      "FacetTrend",
		reflect.TypeFor[advisor.Point]():           "TrendPoint",
		reflect.TypeFor[advisor.Entry]():           "JournalEntry",
		reflect.TypeFor[advisor.Review]():          "JournalReview",
		reflect.TypeFor[advisor.JournalReport]():   "JournalReport",
		reflect.TypeFor[advisor.PressureDefault](): "PressureDefault",
		reflect.TypeFor[advisor.ContextMismatch](): "ContextMismatch",
		reflect.TypeFor[advisor.Outcomes]():        "JournalOutcomes",
		reflect.TypeFor[advisor.OutcomeStat]():     "OutcomeStat",
		reflect.TypeFor[advisor.Question]():        "QuizQuestion",
		reflect.TypeFor[advisor.Marked]():          "QuizMark",
		reflect.TypeFor[advisor.QuizResult]():      "QuizResult",
		reflect.TypeFor[growth.Basis]():            "ScoresBasis",
		reflect.TypeFor[growth.Plan]():             "StoredPlan",
		reflect.TypeFor[growth.PlanStatus]():       "Plan",
	} {
		apiSchemaNames[t] = name
	}
}

// routesGrowthAPI registers the JSON API of the advisor and of growing the
// side a person underuses: the situation advisor and the myths quiz, which
// need no account, and role fit, roles, development plans and the
// reflection journal, scoped by the caller's organisation.
func (s *Server) routesGrowthAPI(reg *apiRegistry) error {
	g, err := s.growth()
	if err != nil {
		return fmt.Errorf("advisor: %w", err)
	}
	ex, err := newGrowthExamples(s.cfg.Catalog, g.Advisor)
	if err != nil {
		return fmt.Errorf("growth api examples: %w", err)
	}
	const (
		get, post = http.MethodGet, http.MethodPost
		jsonCT    = "application/json"
	)
	example := func(status, desc string, v any) map[string]*huma.Response {
		return map[string]*huma.Response{status: {Description: desc, Content: map[string]*huma.MediaType{jsonCT: {Example: v}}}}
	}
	body := func(v any) *huma.RequestBody {
		return &huma.RequestBody{Content: map[string]*huma.MediaType{jsonCT: {Example: v}}}
	}
	invalid := []int{http.StatusBadRequest, http.StatusUnprocessableEntity}
	objects := []int{http.StatusBadRequest, http.StatusNotFound, http.StatusUnprocessableEntity}

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "advise", Method: post, Path: apiPrefix + "/advise", Tags: []string{"Advisor"},
		Summary: "Say whether a situation needs managing, leading or a blend",
		Description: "Takes a situation (one or more contexts, a phase and optionally the need at hand) and returns the advisor's JSON contract: " +
			"the management share from 0 to 100, the orientation (manage, lead or blend), the reasons, and the risks of over-indexing on the other side, " +
			"each citing the sentence of the source it implements. The same answer as \"twohats advise --format json\". " +
			"Stateless: nothing is stored and no account is needed; rate-limited per client. An unknown context, phase or need is 422, naming the field and listing the valid names.",
		RequestBody: body(ex.situation),
		Errors:      invalid,
		Responses:   example("200", "The advice.", ex.advice),
	}, s.opAdvise)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "fit", Method: post, Path: apiPrefix + "/fit", Tags: []string{"Role fit"},
		Summary: "Compare people with a role",
		Description: "Compares up to 20 people with one role, side by side, for a promotion panel: a fit score from 0 to 100, the gap on every facet, " +
			"and a promotion-risk flag when a strong manager would move into a leadership-heavy role, or the reverse. " +
			"Give the role inline (role: by contexts and phases, or by facet levels, as a role file) or as role_id, a stored role; " +
			"and the people as person_ids (their latest scores) or assessment_ids. A person's others' view from their latest released 360 takes precedence over their self view when others scored every facet. " +
			"Only people the caller may see can be compared: anyone else, and anything of another organisation, is 404. Fit is one input to a decision, never the decision.",
		RequestBody: body(ex.fitRequest),
		Errors:      objects,
		Responses:   example("200", "The role's requirement and each candidate's fit.", ex.fitResult),
	}, s.opFit)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "create-role", Method: post, Path: apiPrefix + "/roles", Tags: []string{"Role fit"},
		Summary: "Store a role",
		Description: "Stores a role of the caller's organisation under a name, for fit requests and the candidate comparison page: " +
			"definition is a role file as JSON, by contexts and phases (with an optional need) or by facet levels. Returns 201 with the role and what it requires. " +
			"A bad definition is 422 naming each field and the valid names; a name the organisation already uses is 409.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.newRole),
		Errors:        []int{http.StatusBadRequest, http.StatusConflict, http.StatusUnprocessableEntity},
		Responses:     example("201", "The stored role.", ex.role),
	}, s.opCreateRole)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "list-roles", Method: get, Path: apiPrefix + "/roles", Tags: []string{"Role fit"},
		Summary:     "List roles",
		Description: "Lists the roles stored in the caller's organisation, by name, each with its definition and what it requires on every facet.",
		Responses:   example("200", "The roles, by name.", []apiRole{ex.role}),
	}, s.opListRoles)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-role", Method: get, Path: apiPrefix + "/roles/{id}", Tags: []string{"Role fit"},
		Summary: "Get a role",
		Description: "Returns one role of the caller's organisation with its definition and what it requires on every facet. " +
			"A role of another organisation is 404, the same as one that does not exist.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The role.", ex.role),
	}, s.opGetRole)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "create-plan", Method: post, Path: apiPrefix + "/plans", Tags: []string{"Development plans"},
		Summary: "Make a development plan",
		Description: "Makes a 30/60/90-day plan for the caller from their latest scores (the others' view of their latest released 360 when others scored every facet, else their latest assessment): " +
			"it targets the two weakest facets of the side they underuse, with the source's practices and its four habits, as check-ins to tick off. " +
			"It starts today. Someone with no assessment yet gets 422. Send {}.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(apiNewPlan{}),
		Errors:        invalid,
		Responses:     example("201", "The new plan.", ex.plan),
	}, s.opCreatePlan)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "list-plans", Method: get, Path: apiPrefix + "/plans", Tags: []string{"Development plans"},
		Summary: "List development plans",
		Description: "Lists a person's plans, newest first, with their progress today: the caller's own, or person_id's, someone whose profiles the caller may see. " +
			"A person the caller may not see is 404.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The plans, newest first.", []apiPlanSummary{ex.planSummary}),
	}, s.opListPlans)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-plan", Method: get, Path: apiPrefix + "/plans/{id}", Tags: []string{"Development plans"},
		Summary: "Get a development plan",
		Description: "Returns one plan: its targets, habits, 30/60/90-day schedule and check-ins (done or not), the progress today, " +
			"and trend, the change per facet and scale since the plan started, from the person's assessments (null before any). " +
			"A plan of someone the caller may not see, or of another organisation, is 404.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The plan.", ex.plan),
	}, s.opGetPlan)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "tick-check-in", Method: post, Path: apiPrefix + "/plans/{id}/ticks", Tags: []string{"Development plans"},
		Summary: "Tick off a check-in",
		Description: "Marks a check-in of one of the caller's own plans done (done: true, the default) or not done (done: false), on done_on or today. " +
			"Ticking one already ticked keeps its first date. An id the plan does not have is 422, listing the plan's check-ins; " +
			"someone else's plan, or another organisation's, is 404: only the person whose plan it is ticks it off.",
		RequestBody: body(apiTickRequest{CheckIn: "d30.ask-feedback"}),
		Errors:      objects,
		Responses:   example("200", "The plan as it now is.", ex.plan),
	}, s.opTick)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "add-journal-entry", Method: post, Path: apiPrefix + "/journal", Tags: []string{"Reflection journal"},
		Summary: "Add a journal entry",
		Description: "Adds a reflection to the caller's journal: the situation, its contexts and phase (and optionally the need), the approach used (manage, lead or blend), " +
			"the outcome from 1 to 5 and what a balanced approach would have done. Returns 201 with the entry and how it compares with the advisor's recommendation. " +
			"Every bad field is named in a 422, with the valid names.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.entryRequest),
		Errors:        invalid,
		Responses:     example("201", "The entry and its review.", ex.entry),
	}, s.opAddEntry)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "list-journal", Method: get, Path: apiPrefix + "/journal", Tags: []string{"Reflection journal"},
		Summary: "List journal entries",
		Description: "Lists a person's journal entries, oldest first, each with the advisor's recommendation for its situation: the caller's own, " +
			"or person_id's, someone whose profiles the caller may see. A person the caller may not see is 404.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The entries, oldest first.", []apiEntry{ex.entry}),
	}, s.opListEntries)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "journal-report", Method: get, Path: apiPrefix + "/journal/report", Tags: []string{"Reflection journal"},
		Summary: "Report on a journal",
		Description: "Sums up a person's journal against the advisor: their default under pressure (from crisis entries when there are enough, else all), " +
			"their situational accuracy, the contexts where they mismatch most, outcomes with and without a match, and the framework's warnings. " +
			"The caller's own journal, or person_id's, someone whose profiles the caller may see.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The report.", ex.journalReport),
	}, s.opJournalReport)

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "get-quiz", Method: get, Path: apiPrefix + "/quiz", Tags: []string{"Myths"},
		Summary: "Get the myths quiz",
		Description: "Returns the quiz on the source's myths: statements to mark true or false, in order. The answers are not included; " +
			"POST them to the same address to see them marked, with the reality the source sets against each. Needs no account; rate-limited per client.",
		Responses: example("200", "The questions.", ex.quiz),
	}, s.opQuiz)

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "grade-quiz", Method: post, Path: apiPrefix + "/quiz", Tags: []string{"Myths"},
		Summary: "Mark answers to the myths quiz",
		Description: "Marks answers to the quiz, by question id (true or false), and returns the score and, for each answer, whether it was right and the reality with its source sentence. " +
			"Questions left out count as not correct and are listed. An unknown question id is 422. Stores nothing; needs no account; rate-limited per client.",
		RequestBody: body(ex.quizAnswers),
		Errors:      invalid,
		Responses:   example("200", "The marked answers.", ex.quizResult),
	}, s.opGradeQuiz)
	return nil
}

// apiSituation is a situation to advise on.
type apiSituation struct {
	Contexts []string `json:"contexts" required:"false" doc:"One or more of: mature, operational-excellence, compliance-critical, startup, turnaround, disruptive-innovation, culture-change, growing, competitive-market, evolving-strategy."`
	Phase    string   `json:"phase" required:"false" doc:"The phase of the work: launch, execution, crisis or recovery."`
	Need     string   `json:"need,omitempty" doc:"The need at hand, optional: consistency, quality-control, commitment or change."`
}

type apiAdviseInput struct {
	Body apiSituation
}

type apiAdviceOutput struct {
	Body advisor.Advice
}

func (s *Server) opAdvise(ctx context.Context, in *apiAdviseInput) (*apiAdviceOutput, error) {
	adv, err := s.mustGrowth().Advisor.Advise(advisor.Situation(in.Body))
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiAdviceOutput{Body: adv}, nil
}

// apiRoleDoc is a role definition, the JSON of a role file, checked by the
// advisor so that every problem is named with the valid names.
type apiRoleDoc json.RawMessage

// MarshalJSON writes the role as it was given.
func (d apiRoleDoc) MarshalJSON() ([]byte, error) {
	if len(d) == 0 {
		return []byte("null"), nil
	}
	return d, nil
}

// UnmarshalJSON keeps the role as it was given.
func (d *apiRoleDoc) UnmarshalJSON(b []byte) error {
	*d = append((*d)[:0], b...)
	return nil
}

// Schema documents the role for huma; the advisor checks it.
func (apiRoleDoc) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeObject, AdditionalProperties: true,
		Description: "A role, as a role file: {\"name\", \"contexts\": [...], \"phases\": {phase: share of the time}, \"need\"} " +
			"or {\"name\", \"facets\": {\"management\": {facet: level 0-100, ...}, \"leadership\": {...}}}, every facet given."}
}

// parseRoleDoc reads a role given in a request, reporting every problem
// under the request field at.
func (s *Server) parseRoleDoc(d apiRoleDoc, at string) (advisor.Role, error) {
	if len(d) == 0 || string(d) == "null" {
		return advisor.Role{}, &fail.Error{Code: fail.Invalid, Message: "give the role",
			Fields: map[string]string{at: "is required: a role by contexts and phases, or by facets"}}
	}
	r, err := s.mustGrowth().Advisor.ParseRole(at, d)
	if err != nil {
		return advisor.Role{}, prefixFields(err, at)
	}
	return r, nil
}

// prefixFields moves the field names of an invalid-input error under a
// request field, such as "role.contexts[1]"; an error without fields is
// named at the field itself.
func prefixFields(err error, at string) error {
	fields := fail.FieldsOf(err)
	if fail.Code(err) != fail.Invalid {
		return err
	}
	if len(fields) == 0 {
		// A file that is not a role at all: the message says where.
		return &fail.Error{Code: fail.Invalid, Message: fail.Message(err), Fields: map[string]string{at: fail.Message(err)}}
	}
	out := map[string]string{}
	for k, v := range fields {
		if k == "role" {
			out[at] = v
			continue
		}
		out[at+"."+k] = v
	}
	return &fail.Error{Code: fail.Invalid, Message: fail.Message(err), Fields: out}
}

// apiFitRequest is a role and the people to compare with it.
type apiFitRequest struct {
	Role          apiRoleDoc `json:"role,omitempty" doc:"The role, inline. Give role or role_id."`
	RoleID        string     `json:"role_id,omitempty" doc:"A stored role's id. Give role or role_id."`
	PersonIDs     []string   `json:"person_ids,omitempty" maxItems:"20" doc:"People to compare, by their latest scores."`
	AssessmentIDs []string   `json:"assessment_ids,omitempty" maxItems:"20" doc:"Assessments to compare; a released 360 of the same person takes precedence."`
}

type apiFitInput struct {
	Body apiFitRequest
}

// apiFitResult is the role's requirement and each candidate's fit.
type apiFitResult struct {
	Requirement advisor.Requirement `json:"requirement" doc:"What the role needs: its management share and orientation, and the level on every facet of each scale."`
	Candidates  []apiCandidate      `json:"candidates" doc:"One per person or assessment asked for, in the order asked."`
	Disclaimer  advisor.Cited       `json:"disclaimer" doc:"Fit is one input to a decision, never the decision."`
}

// apiCandidate is one person's fit to the role.
type apiCandidate struct {
	PersonID string       `json:"person_id" doc:"The person."`
	Name     string       `json:"name" doc:"Their name."`
	Basis    growth.Basis `json:"basis" doc:"Where the scores come from: view self (an assessment) or others (a released 360)."`
	Fit      advisor.Fit  `json:"fit" doc:"The fit: score, gaps per facet, promotion risk and disclaimer."`
}

type apiFitOutput struct {
	Body apiFitResult
}

func (s *Server) opFit(ctx context.Context, in *apiFitInput) (*apiFitOutput, error) {
	p := apiPrincipal(ctx)
	g := s.mustGrowth()
	b := in.Body
	var role advisor.Role
	var err error
	switch {
	case b.RoleID != "" && len(b.Role) > 0:
		err = &fail.Error{Code: fail.Invalid, Message: "give role or role_id, not both", Fields: map[string]string{"role_id": "give role or role_id, not both"}}
	case b.RoleID != "":
		var r *store.Role
		if r, err = s.cfg.Store.Role(ctx, p.Membership.OrgID, b.RoleID); err == nil {
			role, err = g.ParseRole(r)
		} else if fail.Code(err) == fail.NotFound {
			err = &fail.Error{Code: fail.NotFound, Message: "no such role", Fields: map[string]string{"role_id": "no role of your organisation has this id"}}
		}
	default:
		role, err = s.parseRoleDoc(b.Role, "role")
	}
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	req, err := g.Advisor.Requirement(role)
	if err != nil {
		return nil, s.apiError(ctx, prefixFields(err, "role"))
	}
	if len(b.PersonIDs)+len(b.AssessmentIDs) == 0 {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "name the people to compare",
			Fields: map[string]string{"person_ids": "give at least one person id or assessment id"}})
	}
	if len(b.PersonIDs)+len(b.AssessmentIDs) > maxCandidates {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("compare at most %d people at once", maxCandidates),
			Fields: map[string]string{"person_ids": fmt.Sprintf("at most %d people and assessments together", maxCandidates)}})
	}
	var all []*growth.Scores
	for i, id := range b.PersonIDs {
		field := fmt.Sprintf("person_ids[%d]", i)
		if err := s.apiVisiblePerson(ctx, p, id, field); err != nil {
			return nil, s.apiError(ctx, err)
		}
		sc, err := g.LatestScores(ctx, p.Membership.OrgID, id)
		if err != nil {
			return nil, s.apiError(ctx, renameField(err, "person_id", field))
		}
		all = append(all, sc)
	}
	for i, id := range b.AssessmentIDs {
		field := fmt.Sprintf("assessment_ids[%d]", i)
		if _, err := s.visibleAssessment(ctx, p, id); err != nil {
			if fail.Code(err) == fail.NotFound || fail.Code(err) == fail.Invalid {
				err = &fail.Error{Code: fail.NotFound, Message: "no such assessment", Fields: map[string]string{field: "no assessment you may see has this id"}}
			}
			return nil, s.apiError(ctx, err)
		}
		sc, err := g.ScoresOfAssessment(ctx, p.Membership.OrgID, id)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		all = append(all, sc)
	}
	names, err := s.personNames(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := apiFitResult{Requirement: req, Candidates: []apiCandidate{}}
	for _, sc := range all {
		f, err := g.Advisor.Fit(sc.Person, req)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Disclaimer = f.Disclaimer
		out.Candidates = append(out.Candidates, apiCandidate{PersonID: sc.PersonID, Name: names[sc.PersonID], Basis: sc.Basis, Fit: f})
	}
	return &apiFitOutput{Body: out}, nil
}

// renameField moves one field of an invalid-input error to another name.
func renameField(err error, from, to string) error {
	fields := fail.FieldsOf(err)
	msg, ok := fields[from]
	if !ok {
		return err
	}
	return &fail.Error{Code: fail.Code(err), Message: fail.Message(err), Fields: map[string]string{to: msg}}
}

// personNames maps the organisation's people's ids to their names.
func (s *Server) personNames(ctx context.Context, orgID string) (map[string]string, error) {
	people, err := s.cfg.Store.People(ctx, orgID)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(people))
	for _, pe := range people {
		names[pe.ID] = pe.Name
	}
	return names, nil
}

// apiNewRole is a role to store.
type apiNewRole struct {
	Name       string     `json:"name" required:"false" maxLength:"100" doc:"The role's name, unique in the organisation."`
	Definition apiRoleDoc `json:"definition,omitempty" doc:"The role, as a role file: by contexts and phases, or by facet levels."`
}

type apiCreateRoleInput struct {
	Body apiNewRole
}

// apiRole is a stored role.
type apiRole struct {
	ID          string              `json:"id" doc:"The role's id."`
	Name        string              `json:"name" doc:"The role's name."`
	Definition  apiRoleDoc          `json:"definition" doc:"The role as it was stored."`
	Requirement advisor.Requirement `json:"requirement" doc:"What the role needs on every facet, as the advisor reads it now."`
	CreatedAt   time.Time           `json:"created_at" doc:"When the role was stored (UTC)."`
}

type apiRoleOutput struct {
	Body apiRole
}

func (s *Server) opCreateRole(ctx context.Context, in *apiCreateRoleInput) (*apiRoleOutput, error) {
	p := apiPrincipal(ctx)
	g := s.mustGrowth()
	name := strings.TrimSpace(in.Body.Name)
	if name == "" {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "the role needs a name", Fields: map[string]string{"name": "must not be blank"}})
	}
	role, err := s.parseRoleDoc(in.Body.Definition, "definition")
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	req, err := g.Advisor.Requirement(role)
	if err != nil {
		return nil, s.apiError(ctx, prefixFields(err, "definition"))
	}
	r := &store.Role{OrgID: p.Membership.OrgID, Name: name, Definition: json.RawMessage(in.Body.Definition)}
	if err := s.cfg.Store.CreateRole(ctx, r); err != nil {
		return nil, s.apiError(ctx, err)
	}
	req.Name = r.Name
	return &apiRoleOutput{Body: apiRole{ID: r.ID, Name: r.Name, Definition: apiRoleDoc(r.Definition), Requirement: req, CreatedAt: r.CreatedAt.UTC()}}, nil
}

// toAPIRole reads a stored role with what it requires.
func (s *Server) toAPIRole(r *store.Role) (apiRole, error) {
	g := s.mustGrowth()
	role, err := g.ParseRole(r)
	if err != nil {
		return apiRole{}, fail.Errorf(fail.Internal, "stored role %s no longer reads: %v", r.ID, err)
	}
	req, err := g.Advisor.Requirement(role)
	if err != nil {
		return apiRole{}, fail.Errorf(fail.Internal, "stored role %s no longer reads: %v", r.ID, err)
	}
	return apiRole{ID: r.ID, Name: r.Name, Definition: apiRoleDoc(r.Definition), Requirement: req, CreatedAt: r.CreatedAt.UTC()}, nil
}

type apiRolesOutput struct {
	Body []apiRole
}

func (s *Server) opListRoles(ctx context.Context, _ *struct{}) (*apiRolesOutput, error) {
	p := apiPrincipal(ctx)
	list, err := s.cfg.Store.Roles(ctx, p.Membership.OrgID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiRolesOutput{Body: []apiRole{}}
	for i := range list {
		r, err := s.toAPIRole(&list[i])
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Body = append(out.Body, r)
	}
	return out, nil
}

// apiIDInput names one object of the caller's organisation.
type apiIDInput struct {
	ID string `path:"id" doc:"The object's id."`
}

func (s *Server) opGetRole(ctx context.Context, in *apiIDInput) (*apiRoleOutput, error) {
	p := apiPrincipal(ctx)
	r, err := s.cfg.Store.Role(ctx, p.Membership.OrgID, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out, err := s.toAPIRole(r)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiRoleOutput{Body: out}, nil
}

// apiNewPlan asks for a plan; it has no fields: a plan is built from the
// caller's latest scores.
type apiNewPlan struct{}

type apiCreatePlanInput struct {
	Body *apiNewPlan `required:"false"`
}

type apiPlanOutput struct {
	Body *growth.PlanStatus
}

func (s *Server) opCreatePlan(ctx context.Context, _ *apiCreatePlanInput) (*apiPlanOutput, error) {
	p := apiPrincipal(ctx)
	g := s.mustGrowth()
	plan, err := g.CreatePlan(ctx, p.Membership.OrgID, p.Membership.PersonID)
	if err != nil {
		if fail.Code(err) == fail.Invalid {
			err = &fail.Error{Code: fail.Invalid, Message: "you have no scores to plan from yet: take the assessment first"}
		}
		return nil, s.apiError(ctx, err)
	}
	st, err := g.Status(ctx, p.Membership.OrgID, plan, s.cfg.Now())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiPlanOutput{Body: st}, nil
}

// apiPersonQuery names whose plans or journal to read.
type apiPersonQuery struct {
	PersonID string `query:"person_id" doc:"The person; absent means the caller. Another person needs the caller to see their profiles."`
}

// apiQueriedPerson returns the person the query names, checked visible,
// or the caller.
func (s *Server) apiQueriedPerson(ctx context.Context, p *Principal, q apiPersonQuery) (string, error) {
	if q.PersonID == "" || q.PersonID == p.Membership.PersonID {
		return p.Membership.PersonID, nil
	}
	return q.PersonID, s.apiVisiblePerson(ctx, p, q.PersonID, "query.person_id")
}

// apiPlanSummary is one plan in a list.
type apiPlanSummary struct {
	ID        string           `json:"id" doc:"The plan's id."`
	PersonID  string           `json:"person_id" doc:"Whose plan it is."`
	Side      string           `json:"side" enum:"management,leadership" doc:"The side the plan develops."`
	Start     time.Time        `json:"start" doc:"The day the plan started."`
	CreatedAt time.Time        `json:"created_at" doc:"When the plan was made (UTC)."`
	Basis     growth.Basis     `json:"basis" doc:"The scores the plan was built from."`
	Progress  advisor.Progress `json:"progress" doc:"Check-ins done, overdue and next, today."`
}

type apiPlansOutput struct {
	Body []apiPlanSummary
}

func (s *Server) opListPlans(ctx context.Context, in *apiPersonQuery) (*apiPlansOutput, error) {
	p := apiPrincipal(ctx)
	personID, err := s.apiQueriedPerson(ctx, p, *in)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	list, err := s.mustGrowth().Plans(ctx, p.Membership.OrgID, personID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiPlansOutput{Body: []apiPlanSummary{}}
	for _, pl := range list {
		out.Body = append(out.Body, apiPlanSummary{ID: pl.ID, PersonID: pl.PersonID, Side: pl.Side, Start: pl.Start, CreatedAt: pl.CreatedAt,
			Basis: pl.Basis, Progress: pl.Progress(s.cfg.Now())})
	}
	return out, nil
}

func (s *Server) opGetPlan(ctx context.Context, in *apiIDInput) (*apiPlanOutput, error) {
	p := apiPrincipal(ctx)
	plan, err := s.visiblePlan(ctx, p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	st, err := s.mustGrowth().Status(ctx, p.Membership.OrgID, plan, s.cfg.Now())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiPlanOutput{Body: st}, nil
}

// apiTickRequest ticks off a check-in, or takes a tick back.
type apiTickRequest struct {
	CheckIn string `json:"check_in" required:"false" doc:"The check-in's id, such as d30.ask-feedback."`
	Done    *bool  `json:"done,omitempty" doc:"true (the default) marks it done; false takes the tick back."`
	DoneOn  string `json:"done_on,omitempty" doc:"The day it was done, YYYY-MM-DD; default today."`
}

type apiTickInput struct {
	ID   string `path:"id" doc:"The plan's id."`
	Body apiTickRequest
}

func (s *Server) opTick(ctx context.Context, in *apiTickInput) (*apiPlanOutput, error) {
	p := apiPrincipal(ctx)
	g := s.mustGrowth()
	plan, err := s.ownPlan(ctx, p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	on := s.cfg.Now().UTC()
	if in.Body.DoneOn != "" {
		d, err := time.Parse(time.DateOnly, in.Body.DoneOn)
		if err != nil {
			return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "done_on is not a date",
				Fields: map[string]string{"done_on": "write the day as YYYY-MM-DD"}})
		}
		on = d
	}
	if strings.TrimSpace(in.Body.CheckIn) == "" {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "name the check-in",
			Fields: map[string]string{"check_in": "is required, such as " + plan.CheckIns[0].ID}})
	}
	done := in.Body.Done == nil || *in.Body.Done
	plan, err = g.Tick(ctx, p.Membership.OrgID, plan.ID, in.Body.CheckIn, done, on)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	st, err := g.Status(ctx, p.Membership.OrgID, plan, s.cfg.Now())
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiPlanOutput{Body: st}, nil
}

// apiEntryRequest is a journal entry to add.
type apiEntryRequest struct {
	Date      string   `json:"date,omitempty" doc:"The day of the situation, YYYY-MM-DD; default today."`
	Situation string   `json:"situation" required:"false" maxLength:"2000" doc:"What happened."`
	Contexts  []string `json:"contexts" required:"false" doc:"One or more contexts, as for the advisor."`
	Phase     string   `json:"phase" required:"false" doc:"launch, execution, crisis or recovery."`
	Need      string   `json:"need,omitempty" doc:"The need at hand, optional: consistency, quality-control, commitment or change."`
	Approach  string   `json:"approach" required:"false" doc:"The approach used: manage, lead or blend."`
	Outcome   int      `json:"outcome" required:"false" doc:"How it went, from 1 (badly) to 5 (very well)."`
	Balanced  string   `json:"balanced,omitempty" maxLength:"2000" doc:"What a balanced approach would have done."`
}

type apiAddEntryInput struct {
	Body apiEntryRequest
}

// apiEntry is a journal entry with the advisor's review of it.
type apiEntry struct {
	ID        string         `json:"id" doc:"The entry's id."`
	PersonID  string         `json:"person_id" doc:"Whose entry it is."`
	Entry     advisor.Entry  `json:"entry" doc:"The entry."`
	Review    advisor.Review `json:"review" doc:"How the approach used compares with the advisor's recommendation."`
	CreatedAt time.Time      `json:"created_at" doc:"When it was written (UTC)."`
}

type apiEntryOutput struct {
	Body apiEntry
}

func (s *Server) opAddEntry(ctx context.Context, in *apiAddEntryInput) (*apiEntryOutput, error) {
	p := apiPrincipal(ctx)
	g := s.mustGrowth()
	b := in.Body
	date := s.cfg.Now().UTC()
	if b.Date != "" {
		d, err := time.Parse(time.DateOnly, b.Date)
		if err != nil {
			return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "date is not a date",
				Fields: map[string]string{"date": "write the day as YYYY-MM-DD"}})
		}
		date = d
	}
	e := advisor.Entry{Date: date, Situation: b.Situation, Contexts: b.Contexts, Phase: b.Phase, Need: b.Need,
		Approach: b.Approach, Outcome: b.Outcome, Balanced: b.Balanced}
	se, err := g.AddEntry(ctx, p.Membership.OrgID, p.Membership.PersonID, e)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out, err := toAPIEntry(g.Advisor, se, 0)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiEntryOutput{Body: out}, nil
}

func toAPIEntry(a *advisor.Advisor, se *store.JournalEntry, index int) (apiEntry, error) {
	e := growth.EntryOf(*se)
	rv, err := a.ReviewEntry(e)
	if err != nil {
		return apiEntry{}, fail.Errorf(fail.Internal, "stored journal entry %s no longer checks: %v", se.ID, err)
	}
	rv.Index = index
	return apiEntry{ID: se.ID, PersonID: se.PersonID, Entry: e, Review: rv, CreatedAt: se.CreatedAt.UTC()}, nil
}

type apiEntriesOutput struct {
	Body []apiEntry
}

func (s *Server) opListEntries(ctx context.Context, in *apiPersonQuery) (*apiEntriesOutput, error) {
	p := apiPrincipal(ctx)
	personID, err := s.apiQueriedPerson(ctx, p, *in)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	g := s.mustGrowth()
	list, err := s.cfg.Store.JournalEntries(ctx, p.Membership.OrgID, personID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiEntriesOutput{Body: []apiEntry{}}
	for i := range list {
		e, err := toAPIEntry(g.Advisor, &list[i], i)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Body = append(out.Body, e)
	}
	return out, nil
}

type apiJournalReportOutput struct {
	Body advisor.JournalReport
}

func (s *Server) opJournalReport(ctx context.Context, in *apiPersonQuery) (*apiJournalReportOutput, error) {
	p := apiPrincipal(ctx)
	personID, err := s.apiQueriedPerson(ctx, p, *in)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	_, rep, err := s.mustGrowth().Journal(ctx, p.Membership.OrgID, personID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiJournalReportOutput{Body: rep}, nil
}

// apiQuiz is the myths quiz.
type apiQuiz struct {
	Questions []advisor.Question `json:"questions" doc:"The statements to mark true or false, in order."`
}

type apiQuizOutput struct {
	Body apiQuiz
}

func (s *Server) opQuiz(context.Context, *struct{}) (*apiQuizOutput, error) {
	return &apiQuizOutput{Body: apiQuiz{Questions: s.mustGrowth().Advisor.Quiz()}}, nil
}

// apiQuizAnswers are answers to the quiz by question id.
type apiQuizAnswers struct {
	Answers map[string]bool `json:"answers" required:"false" doc:"Question id → the answer given: true or false."`
}

type apiGradeQuizInput struct {
	Body apiQuizAnswers
}

type apiQuizResultOutput struct {
	Body advisor.QuizResult
}

func (s *Server) opGradeQuiz(ctx context.Context, in *apiGradeQuizInput) (*apiQuizResultOutput, error) {
	a := s.mustGrowth().Advisor
	for id := range in.Body.Answers {
		if _, err := a.Answer(id, false); err != nil {
			return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: fail.Message(err),
				Fields: map[string]string{"answers." + id: "unknown question"}})
		}
	}
	r, err := a.Grade(in.Body.Answers)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiQuizResultOutput{Body: r}, nil
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// Every handler takes the same steps: who is asking (the middleware already
// required it), decode (huma did, and checked the schema), validate, store,
// respond.

// apiInstrumentInput selects an instrument version.
type apiInstrumentInput struct {
	ID string `query:"id" default:"core@1" example:"core@1" doc:"The instrument version to print, such as core@1."`
}

// apiInstrumentOutput is the instrument JSON, as "twohats instrument" prints it.
type apiInstrumentOutput struct {
	Body *instrument.Instrument
}

func (s *Server) opInstrument(ctx context.Context, in *apiInstrumentInput) (*apiInstrumentOutput, error) {
	sc, err := s.cfg.Catalog.Scorer(in.ID)
	if err != nil {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: fail.Message(err),
			Fields: map[string]string{"query.id": "unknown instrument; known: " + strings.Join(s.cfg.Catalog.IDs(), ", ")}})
	}
	return &apiInstrumentOutput{Body: sc.Instrument()}, nil
}

// apiAnswers is the answers JSON of one complete response.
type apiAnswers struct {
	Instrument string       `json:"instrument" minLength:"1" example:"core@1" doc:"The instrument version the answers are to, such as core@1."`
	Answers    apiAnswerMap `json:"answers"`
}

// apiAnswerMap is the answers of the answers JSON, by item id. The scorer
// checks every answer and names each bad one; the schema only says it is an
// object, because huma's validator cannot locate keys that hold dots, as
// item ids do.
type apiAnswerMap map[string]json.RawMessage

// Schema documents the answers object for huma.
func (apiAnswerMap) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeObject, AdditionalProperties: true,
		Description: "Every item's answer by item id: a capability item 1-5, a tendency pair an option id (\"a\" or \"b\"), " +
			"a scenario an object of option id to rating 1-5."}
}

// apiScoreInput is a response to score without storing it.
type apiScoreInput struct {
	Body apiAnswers
}

// apiProfileOutput is the profile JSON, as report.JSON writes it.
type apiProfileOutput struct {
	Body profile.Document
}

func (s *Server) opScore(ctx context.Context, in *apiScoreInput) (*apiProfileOutput, error) {
	sc, r, err := apiEncodeAnswers(s.cfg.Catalog, in.Body.Instrument, in.Body.Answers)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	p := sc.Score(r)
	return &apiProfileOutput{Body: p.Document()}, nil
}

// apiEncodeAnswers validates answers against their instrument. Every problem
// is reported under its location in the request body: "instrument", or
// "answers.<item id>" for each bad item.
func apiEncodeAnswers(cat *catalog.Catalog, id string, answers apiAnswerMap) (*profile.Scorer, profile.Response, error) {
	sc, err := cat.Scorer(id)
	if err != nil {
		return nil, nil, &fail.Error{Code: fail.Invalid, Message: fail.Message(err),
			Fields: map[string]string{"instrument": "unknown instrument; known: " + strings.Join(cat.IDs(), ", ")}}
	}
	r, err := sc.Encode(profile.Answers{Instrument: id, Answers: answers})
	if err != nil {
		fields := map[string]string{}
		for item, msg := range fail.FieldsOf(err) {
			fields["answers."+item] = msg
		}
		return nil, nil, &fail.Error{Code: fail.Code(err), Message: fail.Message(err), Fields: fields}
	}
	return sc, r, nil
}

// apiSubmission is the answers JSON of one complete response, and whose
// it is.
type apiSubmission struct {
	Instrument string       `json:"instrument" minLength:"1" example:"core@1" doc:"The instrument version the answers are to, such as core@1."`
	Answers    apiAnswerMap `json:"answers"`
	PersonID   string       `json:"person_id,omitempty" doc:"The person assessed; absent means the caller. Another person needs the caller to see their profiles (an owner or admin, or a coach they granted access)."`
}

// apiSubmitInput is an assessment to store.
type apiSubmitInput struct {
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"255" doc:"Any unique string, such as a UUID. A retry with the same key returns the assessment stored the first time instead of storing a second one."`
	Body           apiSubmission
}

// apiAssessment is a stored assessment with its profile.
type apiAssessment struct {
	ID         string           `json:"id" doc:"The assessment's id."`
	PersonID   string           `json:"person_id" doc:"The person assessed."`
	Instrument string           `json:"instrument" doc:"The instrument version answered."`
	CreatedAt  time.Time        `json:"created_at" doc:"When the assessment was stored (UTC)."`
	Profile    profile.Document `json:"profile" doc:"The scored profile, the same document POST /api/v1/score returns."`
	Norms      *norms.Placement `json:"norms,omitempty" doc:"Where each scale and facet score stands in its norm groups (GET only): percentiles among the organisation's people and among all twohats users, each null while the group has fewer than 30."`
}

// apiAssessmentOutput is one assessment; Status is 201 when it was stored by
// this request and 200 when a retry found it stored.
type apiAssessmentOutput struct {
	Status int
	Body   apiAssessment
}

func (s *Server) opSubmit(ctx context.Context, in *apiSubmitInput) (*apiAssessmentOutput, error) {
	p := apiPrincipal(ctx)
	org := p.Membership.OrgID
	personID := in.Body.PersonID
	if personID == "" {
		personID = p.Membership.PersonID
	}
	if personID != p.Membership.PersonID {
		if err := s.apiVisiblePerson(ctx, p, personID, "person_id"); err != nil {
			return nil, s.apiError(ctx, err)
		}
	}
	sc, r, err := apiEncodeAnswers(s.cfg.Catalog, in.Body.Instrument, in.Body.Answers)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	a, prof, created, err := assess.Submit(ctx, s.cfg.Store, sc, org, personID, r, in.IdempotencyKey)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	s.assessed(org, sc.Instrument().ID)
	status := http.StatusCreated
	if !created {
		if same, err := apiSameAnswers(sc, a, r); err != nil || !same {
			if err == nil {
				err = &fail.Error{Code: fail.Invalid, Message: "this Idempotency-Key was already used for different answers; send new answers with a new key",
					Fields: map[string]string{"header.Idempotency-Key": "already used for different answers"}}
			}
			return nil, s.apiError(ctx, err)
		}
		status = http.StatusOK
	}
	return &apiAssessmentOutput{Status: status, Body: toAPIAssessment(a, &prof)}, nil
}

// apiSameAnswers reports whether a stored assessment holds the response r, so
// that an Idempotency-Key reused for other answers is refused rather than
// silently answered with the first ones.
func apiSameAnswers(sc *profile.Scorer, a *store.Assessment, r profile.Response) (bool, error) {
	if a.Instrument != sc.Instrument().ID {
		return false, nil
	}
	prev, err := assess.Response(sc, a)
	if err != nil {
		return false, err
	}
	return bytes.Equal(prev, r), nil
}

// apiVisiblePerson fails with fail.NotFound, naming field, unless the person
// is in the principal's organisation and the principal may see them.
func (s *Server) apiVisiblePerson(ctx context.Context, p *Principal, personID, field string) error {
	notFound := &fail.Error{Code: fail.NotFound, Message: "no such person",
		Fields: map[string]string{field: "no person you may see has this id"}}
	if _, err := s.cfg.Store.Person(ctx, p.Membership.OrgID, personID); err != nil {
		if fail.Code(err) == fail.NotFound {
			return notFound
		}
		return err
	}
	ok, err := s.canView(ctx, p, personID)
	if err != nil {
		return err
	}
	if !ok {
		return notFound
	}
	return nil
}

func toAPIAssessment(a *store.Assessment, p *profile.Profile) apiAssessment {
	return apiAssessment{ID: a.ID, PersonID: a.PersonID, Instrument: a.Instrument, CreatedAt: a.CreatedAt.UTC(), Profile: p.Document()}
}

// apiListInput narrows a list of assessments.
type apiListInput struct {
	PersonID string `query:"person_id" doc:"Only this person's assessments. Without it: an owner or admin sees everyone's, a coach their own and those of the people who granted access, a member their own."`
	Limit    int    `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"At most this many, newest first."`
}

// apiAssessmentSummary is one assessment in a list: its scores without the
// full profile.
type apiAssessmentSummary struct {
	ID                string    `json:"id" doc:"The assessment's id."`
	PersonID          string    `json:"person_id" doc:"The person assessed."`
	Instrument        string    `json:"instrument" doc:"The instrument version answered."`
	CreatedAt         time.Time `json:"created_at" doc:"When the assessment was stored (UTC)."`
	Quadrant          string    `json:"quadrant" enum:"balanced,manager-leaning,leader-leaning,emerging" doc:"Where the person sits on the management × leadership grid."`
	Management        float64   `json:"management" doc:"The management scale score, 0-100."`
	Leadership        float64   `json:"leadership" doc:"The leadership scale score, 0-100."`
	Tendency          float64   `json:"tendency" doc:"The pull under pressure, from -1 (manages first) to +1 (leads first)."`
	JudgementAccuracy float64   `json:"judgement_accuracy" doc:"How closely the scenario ratings follow the source's guidance, 0-100."`
}

// apiListOutput is a list of assessments, newest first.
type apiListOutput struct {
	Body []apiAssessmentSummary
}

func (s *Server) opListAssessments(ctx context.Context, in *apiListInput) (*apiListOutput, error) {
	p := apiPrincipal(ctx)
	if in.PersonID != "" {
		if err := s.apiVisiblePerson(ctx, p, in.PersonID, "query.person_id"); err != nil {
			return nil, s.apiError(ctx, err)
		}
	}
	list, err := s.visibleAssessments(ctx, p, in.PersonID, in.Limit)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiListOutput{Body: make([]apiAssessmentSummary, 0, len(list))}
	for _, a := range list {
		out.Body = append(out.Body, apiAssessmentSummary{
			ID: a.ID, PersonID: a.PersonID, Instrument: a.Instrument, CreatedAt: a.CreatedAt.UTC(),
			Quadrant: a.Quadrant, Management: a.Management, Leadership: a.Leadership,
			Tendency: a.Tendency, JudgementAccuracy: a.JudgementAccuracy,
		})
	}
	return out, nil
}

// apiAssessmentIDInput names one assessment.
type apiAssessmentIDInput struct {
	ID string `path:"id" doc:"The assessment's id."`
}

func (s *Server) opGetAssessment(ctx context.Context, in *apiAssessmentIDInput) (*apiAssessmentOutput, error) {
	p := apiPrincipal(ctx)
	a, err := s.visibleAssessment(ctx, p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	sc, err := s.cfg.Catalog.Scorer(a.Instrument)
	if err != nil {
		return nil, s.apiError(ctx, fail.Errorf(fail.Internal, "assessment %s: %v", a.ID, err))
	}
	prof, err := assess.Rescore(sc, a)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	body := toAPIAssessment(a, &prof)
	if body.Norms, err = s.assessmentNorms(ctx, p.Membership.OrgID, &prof); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiAssessmentOutput{Status: http.StatusOK, Body: body}, nil
}

// apiMe is who is calling: the user, and their place in the organisation the
// session or token works in.
type apiMe struct {
	User     apiUser `json:"user" doc:"The signed-in user."`
	OrgID    string  `json:"org_id" doc:"The organisation the session or token works in."`
	OrgName  string  `json:"org_name" doc:"The organisation's name."`
	Role     string  `json:"role" enum:"owner,admin,coach,member" doc:"The user's role in the organisation."`
	PersonID string  `json:"person_id" doc:"The user's own person id in the organisation: the subject of their own assessments."`
}

// apiUser is an account, without its secrets.
type apiUser struct {
	ID    string `json:"id" doc:"The user's id."`
	Email string `json:"email" format:"email" doc:"The user's email address."`
	Name  string `json:"name" doc:"The user's name."`
}

// apiMeOutput is who is calling.
type apiMeOutput struct {
	Body apiMe
}

func (s *Server) opMe(ctx context.Context, _ *struct{}) (*apiMeOutput, error) {
	p := apiPrincipal(ctx)
	m := p.Membership
	return &apiMeOutput{Body: apiMe{
		User:  apiUser{ID: p.User.ID, Email: p.User.Email, Name: p.User.Name},
		OrgID: m.OrgID, OrgName: m.OrgName, Role: m.Role, PersonID: m.PersonID,
	}}, nil
}

// apiTokenRequest names a new API token.
type apiTokenRequest struct {
	Name string `json:"name" minLength:"1" maxLength:"100" example:"HR system" doc:"What the token is for, so it can be recognised and revoked later."`
}

// apiTokenCreateInput is a token to create.
type apiTokenCreateInput struct {
	Body apiTokenRequest
}

// apiNewToken is a freshly created API token, the only time its secret is shown.
type apiNewToken struct {
	ID        string    `json:"id" doc:"The token's id, for revoking it."`
	Name      string    `json:"name" doc:"What the token is for."`
	Token     string    `json:"token" doc:"The token itself, shown this once: send it as Authorization: Bearer <token>. Only its hash is stored."`
	CreatedAt time.Time `json:"created_at" doc:"When the token was created (UTC)."`
}

// apiTokenCreateOutput is the new token; it must not be cached anywhere.
type apiTokenCreateOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         apiNewToken
}

func (s *Server) opCreateToken(ctx context.Context, in *apiTokenCreateInput) (*apiTokenCreateOutput, error) {
	p := apiPrincipal(ctx)
	name := strings.TrimSpace(in.Body.Name)
	if name == "" {
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: "the token needs a name",
			Fields: map[string]string{"name": "must not be blank"}})
	}
	token, hash, err := newAPIToken(p.Membership.OrgID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	t := &store.APIToken{OrgID: p.Membership.OrgID, UserID: p.User.ID, Name: name, TokenHash: hash}
	if err := s.cfg.Store.CreateAPIToken(ctx, t); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiTokenCreateOutput{CacheControl: "no-store",
		Body: apiNewToken{ID: t.ID, Name: t.Name, Token: token, CreatedAt: t.CreatedAt.UTC()}}, nil
}

// apiToken is an API token as listed: never its secret or hash.
type apiToken struct {
	ID        string    `json:"id" doc:"The token's id, for revoking it."`
	Name      string    `json:"name" doc:"What the token is for."`
	CreatedAt time.Time `json:"created_at" doc:"When the token was created (UTC)."`
}

// apiTokenListOutput is the caller's tokens, newest first.
type apiTokenListOutput struct {
	Body []apiToken
}

func (s *Server) opListTokens(ctx context.Context, _ *struct{}) (*apiTokenListOutput, error) {
	p := apiPrincipal(ctx)
	list, err := s.cfg.Store.APITokens(ctx, p.Membership.OrgID, p.User.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiTokenListOutput{Body: make([]apiToken, 0, len(list))}
	for _, t := range list {
		out.Body = append(out.Body, apiToken{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt.UTC()})
	}
	return out, nil
}

// apiTokenIDInput names one of the caller's tokens.
type apiTokenIDInput struct {
	ID string `path:"id" doc:"The token's id."`
}

func (s *Server) opDeleteToken(ctx context.Context, in *apiTokenIDInput) (*struct{}, error) {
	p := apiPrincipal(ctx)
	if err := s.cfg.Store.DeleteAPIToken(ctx, p.Membership.OrgID, p.User.ID, in.ID); err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &struct{}{}, nil
}

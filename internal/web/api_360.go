package web

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/feedback"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// routes360API registers the JSON API of 360-degree feedback: campaigns for
// the signed-in, and one operation for raters, whose link token is their
// only credential.
func (s *Server) routes360API(reg *apiRegistry) error {
	ex, err := newAPI360Examples(s.cfg.Catalog)
	if err != nil {
		return fmt.Errorf("360 api examples: %w", err)
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
	tags := []string{"360 feedback"}
	conflicts := []int{http.StatusNotFound, http.StatusConflict, http.StatusGone, http.StatusUnprocessableEntity}

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "list-campaigns", Method: get, Path: apiPrefix + "/campaigns", Tags: tags,
		Summary: "List 360 campaigns",
		Description: "Lists, newest first, the 360-degree feedback campaigns of the caller's organisation that the caller may see: " +
			"those they run, those about them, every campaign for an owner or admin, and for a coach those about people who granted them access.",
		Responses: example("200", "The campaigns, newest first.", []apiCampaign{ex.campaign}),
	}, s.opListCampaigns)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "create-campaign", Method: post, Path: apiPrefix + "/campaigns", Tags: tags,
		Summary: "Start a 360 campaign",
		Description: "Starts a draft campaign about subject_person_id, run by the caller, with the subject as its self rater. " +
			"The caller must be the subject, an owner or admin, or a coach the subject granted access; anyone else gets 404. " +
			"threshold (the fewest raters an anonymous group is shown with) defaults to 3 and is never below 3; comment_threshold defaults to 5.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.newCampaign),
		Errors:        []int{http.StatusBadRequest, http.StatusNotFound, http.StatusUnprocessableEntity},
		Responses:     example("201", "The new campaign, in draft.", ex.campaign),
	}, s.opCreateCampaign)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-campaign", Method: get, Path: apiPrefix + "/campaigns/{id}", Tags: tags,
		Summary: "Get a 360 campaign",
		Description: "Returns one campaign: its state, thresholds and times, whether the caller may manage it and see its report, " +
			"and, for those who manage it, its raters and how many have submitted. Another organisation's campaign, or one the caller may not see, is 404.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The campaign.", ex.campaignDetail),
	}, s.opGetCampaign)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "add-rater", Method: post, Path: apiPrefix + "/campaigns/{id}/raters", Tags: tags,
		Summary: "Add a rater",
		Description: "Adds a rater by email in a group (manager, peer, direct_report or other) to a draft or open campaign, and returns their link, shown this once: " +
			"only a hash of its token is stored. The same email twice is 409; a closed or released campaign is 410. Only the campaign's manager may add raters.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.newRater),
		Errors:        conflicts,
		Responses:     example("201", "The rater and their link.", ex.raterAdded),
	}, s.opAddRater)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "move-campaign", Method: post, Path: apiPrefix + "/campaigns/{id}/state", Tags: tags,
		Summary: "Open, close or release a campaign",
		Description: "Moves a campaign one step along draft → open → closed → released. Any other move is 409, naming the state the campaign is in; " +
			"a released campaign never moves again (410): more feedback means a new campaign. Only the campaign's manager may move it.",
		RequestBody: body(apiStateRequest{State: store.CampaignOpen}),
		Errors:      conflicts,
		Responses:   example("200", "The campaign as it now is.", ex.campaign),
	}, s.opMoveCampaign)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "make-links", Method: post, Path: apiPrefix + "/campaigns/{id}/links", Tags: tags,
		Summary: "Make raters' links",
		Description: "Makes a fresh link for each rater of a draft or open campaign (or only those in rater_ids) and returns them, the self rater first. " +
			"Only hashes are stored, so a link is shown once: making links again replaces the earlier ones, and answers already saved are kept. Only the campaign's manager may.",
		RequestBody: body(apiLinksRequest{}),
		Errors:      conflicts,
		Responses:   example("200", "The links.", ex.links),
	}, s.opMakeLinks)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-campaign-report", Method: get, Path: apiPrefix + "/campaigns/{id}/report", Tags: tags,
		Summary: "Get a campaign's 360 report",
		Description: "Returns the report of a closed or released campaign: groups with n and shown, scores by shown column on every facet and scale, " +
			"blind spots and hidden strengths as \"<scale>.<facet>\", agreement, comments of groups that meet the comment threshold, and development, " +
			"the focus worked out from the others' view. The subject sees it once released; its managers and the subject's coaches once closed. An open campaign has none (409).",
		Errors:    []int{http.StatusNotFound, http.StatusConflict},
		Responses: example("200", "The report.", ex.report),
	}, s.opCampaignReport)

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "respond", Method: post, Path: apiPrefix + "/r/{token}", Tags: tags,
		Summary: "Answer as a rater",
		Description: "Saves a rater's answers to an open campaign; the token from the rater's link is the only credential. answers maps capability item ids to ratings 1-5 " +
			"(leave an item out for \"don't know\"); comments maps management or leadership to free text. submit: true submits, false keeps a draft to come back to. " +
			"Sending again updates the one response, never a second. An unknown token is 404, a closed campaign 410, one not open yet 409. Rate-limited per client.",
		RequestBody: body(ex.answers),
		Errors:      []int{http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusGone, http.StatusUnprocessableEntity},
		Responses:   example("200", "What was saved.", apiReceipt{Status: "submitted", Answered: len(ex.answers.Answers), Items: len(ex.answers.Answers)}),
	}, s.opRespond)
	return nil
}

// apiCampaign is a campaign as the API shows it.
type apiCampaign struct {
	ID               string     `json:"id" doc:"The campaign's id."`
	SubjectPersonID  string     `json:"subject_person_id" doc:"The person the feedback is about."`
	State            string     `json:"state" enum:"draft,open,closed,released" doc:"Where the campaign is: draft → open → closed → released."`
	Instrument       string     `json:"instrument" doc:"The instrument whose capability items raters answer."`
	Threshold        int        `json:"threshold" doc:"The fewest raters an anonymous group is shown with."`
	CommentThreshold int        `json:"comment_threshold" doc:"The fewest raters a group's comments are shown with."`
	ThresholdsLocked bool       `json:"thresholds_locked" doc:"Whether answers have arrived, after which the thresholds can be raised but not lowered."`
	CreatedAt        time.Time  `json:"created_at" doc:"When the campaign was started (UTC)."`
	OpenedAt         *time.Time `json:"opened_at,omitempty" doc:"When it opened."`
	ClosedAt         *time.Time `json:"closed_at,omitempty" doc:"When it closed."`
	ReleasedAt       *time.Time `json:"released_at,omitempty" doc:"When its report was released to the subject."`
	CanManage        bool       `json:"can_manage" doc:"Whether the caller may add raters, move the campaign and make links."`
	ReportAvailable  bool       `json:"report_available" doc:"Whether the caller may see the report now."`
	Raters           []apiRater `json:"raters,omitempty" doc:"The raters, for those who manage the campaign."`
	Submitted        *int       `json:"submitted,omitempty" doc:"How many raters have submitted, for those who manage the campaign."`
}

// apiRater is one rater of a campaign.
type apiRater struct {
	ID    string `json:"id" doc:"The rater's id."`
	Email string `json:"email" doc:"The rater's email."`
	Group string `json:"group" enum:"self,manager,peer,direct_report,other" doc:"The rater's group."`
}

// apiLink is one rater's link, shown once.
type apiLink struct {
	RaterID string `json:"rater_id" doc:"The rater's id."`
	Email   string `json:"email" doc:"The rater's email."`
	Group   string `json:"group" doc:"The rater's group."`
	URL     string `json:"url" doc:"The link to the rater's form, under the server's base URL (its --base-url, else the address the request came to)."`
	Token   string `json:"token" doc:"The token in the link, for POST /api/v1/r/{token}."`
}

func toAPICampaign(c *store.Campaign, r campaignRights) apiCampaign {
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return apiCampaign{ID: c.ID, SubjectPersonID: c.SubjectPersonID, State: c.State, Instrument: c.Instrument,
		Threshold: c.Threshold, CommentThreshold: c.CommentThreshold, ThresholdsLocked: !c.ThresholdsLockedAt.IsZero(),
		CreatedAt: c.CreatedAt.UTC(), OpenedAt: at(c.OpenedAt), ClosedAt: at(c.ClosedAt), ReleasedAt: at(c.ReleasedAt),
		CanManage: r.Manage, ReportAvailable: r.Report}
}

// apiCampaignsOutput is a list of campaigns.
type apiCampaignsOutput struct {
	Body []apiCampaign
}

func (s *Server) opListCampaigns(ctx context.Context, _ *struct{}) (*apiCampaignsOutput, error) {
	p := apiPrincipal(ctx)
	list, err := s.visibleCampaigns(ctx, p)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiCampaignsOutput{Body: []apiCampaign{}}
	for i := range list {
		r, err := s.campaignRights(ctx, p, &list[i])
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Body = append(out.Body, toAPICampaign(&list[i], r))
	}
	return out, nil
}

// apiNewCampaign starts a campaign.
type apiNewCampaign struct {
	SubjectPersonID  string `json:"subject_person_id" required:"false" doc:"The person the feedback is about: the caller, or someone whose profiles the caller may see."`
	Threshold        int    `json:"threshold,omitempty" doc:"The anonymity threshold, at least 3; default 3."`
	CommentThreshold int    `json:"comment_threshold,omitempty" doc:"The comment threshold, at least the anonymity threshold; default 5."`
}

type apiCreateCampaignInput struct {
	Body apiNewCampaign
}

// apiCampaignOutput is one campaign.
type apiCampaignOutput struct {
	Body apiCampaign
}

func (s *Server) opCreateCampaign(ctx context.Context, in *apiCreateCampaignInput) (*apiCampaignOutput, error) {
	p := apiPrincipal(ctx)
	if err := s.apiVisiblePerson(ctx, p, in.Body.SubjectPersonID, "subject_person_id"); err != nil {
		return nil, s.apiError(ctx, err)
	}
	c, err := s.campaigns().Create(ctx, p.Membership.OrgID, in.Body.SubjectPersonID, p.User.ID, in.Body.Threshold, in.Body.CommentThreshold)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	r, err := s.campaignRights(ctx, p, c)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiCampaignOutput{Body: toAPICampaign(c, r)}, nil
}

// apiCampaignIDInput names one campaign.
type apiCampaignIDInput struct {
	ID string `path:"id" doc:"The campaign's id."`
}

func (s *Server) opGetCampaign(ctx context.Context, in *apiCampaignIDInput) (*apiCampaignOutput, error) {
	p := apiPrincipal(ctx)
	c, r, err := s.visibleCampaign(ctx, p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := toAPICampaign(c, r)
	if r.Manage {
		raters, err := s.cfg.Store.Raters(ctx, c.OrgID, c.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Raters = []apiRater{}
		for _, rt := range raters {
			out.Raters = append(out.Raters, apiRater{ID: rt.ID, Email: rt.Email, Group: rt.Group})
		}
		sub, _, err := s.cfg.Store.CountResponses(ctx, c.OrgID, c.ID)
		if err != nil {
			return nil, s.apiError(ctx, err)
		}
		out.Submitted = &sub
	}
	return &apiCampaignOutput{Body: out}, nil
}

// apiManagedCampaign returns a campaign the principal manages; a campaign
// they may only see is as absent as one they may not.
func (s *Server) apiManagedCampaign(ctx context.Context, id string) (*store.Campaign, error) {
	c, r, err := s.visibleCampaign(ctx, apiPrincipal(ctx), id)
	if err == nil && !r.Manage {
		err = forbiddenCampaign(id)
	}
	return c, err
}

// apiNewRater adds a rater.
type apiNewRater struct {
	Email string `json:"email" required:"false" doc:"The rater's email."`
	Group string `json:"group" required:"false" doc:"The rater's group: manager, peer, direct_report or other. The subject is the self group, added with the campaign."`
}

type apiAddRaterInput struct {
	ID   string `path:"id" doc:"The campaign's id."`
	Body apiNewRater
	Base apiBase
}

// apiRaterAdded is a new rater and their link, shown once.
type apiRaterAdded struct {
	Rater apiRater `json:"rater" doc:"The rater."`
	Link  apiLink  `json:"link" doc:"Their link, shown this once."`
}

type apiRaterAddedOutput struct {
	Body apiRaterAdded
}

// apiBase carries the request's link base to an operation, which huma
// hands only its decoded input.
type apiBase struct {
	base string
}

// Resolve notes where the request came to, for the links it returns.
func (b *apiBase) Resolve(ctx huma.Context) []error {
	scheme := "http"
	if ctx.TLS() != nil {
		scheme = "https"
	}
	b.base = scheme + "://" + ctx.Host()
	return nil
}

// baseFor is the base of rater links: the configured one, else the
// address the request came to.
func (s *Server) baseFor(b apiBase) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	if s.cfg.SecureCookies {
		return strings.Replace(b.base, "http://", "https://", 1)
	}
	return b.base
}

func (s *Server) opAddRater(ctx context.Context, in *apiAddRaterInput) (*apiRaterAddedOutput, error) {
	c, err := s.apiManagedCampaign(ctx, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	r, token, err := s.campaigns().AddRater(ctx, c.OrgID, c.ID, in.Body.Email, in.Body.Group)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := apiRaterAdded{Rater: apiRater{ID: r.ID, Email: r.Email, Group: r.Group},
		Link: apiLink{RaterID: r.ID, Email: r.Email, Group: r.Group, URL: campaign.Link(s.baseFor(in.Base), token), Token: token}}
	return &apiRaterAddedOutput{Body: out}, nil
}

// apiStateRequest moves a campaign.
type apiStateRequest struct {
	State string `json:"state" required:"false" doc:"The state to move to: open (from draft), closed (from open) or released (from closed)."`
}

type apiMoveInput struct {
	ID   string `path:"id" doc:"The campaign's id."`
	Body apiStateRequest
}

func (s *Server) opMoveCampaign(ctx context.Context, in *apiMoveInput) (*apiCampaignOutput, error) {
	c, err := s.apiManagedCampaign(ctx, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	moved, err := s.campaigns().Move(ctx, c.OrgID, c.ID, in.Body.State)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	r, err := s.campaignRights(ctx, apiPrincipal(ctx), moved)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiCampaignOutput{Body: toAPICampaign(moved, r)}, nil
}

// apiLinksRequest chooses whose links to make.
type apiLinksRequest struct {
	RaterIDs []string `json:"rater_ids,omitempty" doc:"Only these raters' links; absent or empty means every rater's."`
}

type apiLinksInput struct {
	ID   string `path:"id" doc:"The campaign's id."`
	Body apiLinksRequest
	Base apiBase
}

type apiLinksOutput struct {
	Body []apiLink
}

func (s *Server) opMakeLinks(ctx context.Context, in *apiLinksInput) (*apiLinksOutput, error) {
	c, err := s.apiManagedCampaign(ctx, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	links, err := s.campaigns().Links(ctx, c.OrgID, c.ID, s.baseFor(in.Base), in.Body.RaterIDs...)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	out := &apiLinksOutput{Body: []apiLink{}}
	for _, l := range links {
		out.Body = append(out.Body, apiLink{RaterID: l.RaterID, Email: l.Email, Group: l.Group, URL: l.URL, Token: l.Token})
	}
	return out, nil
}

// apiReport is a campaign's report: the JSON of campaign.Report, which is
// feedback.Report's with "development" added.
type apiReport struct {
	raw json.RawMessage
}

// MarshalJSON writes the report as it was built.
func (r apiReport) MarshalJSON() ([]byte, error) { return r.raw, nil }

// Schema documents the report for huma: its cells are written by their own
// MarshalJSON, which huma cannot see through.
func (apiReport) Schema(huma.Registry) *huma.Schema {
	obj := func(desc string) *huma.Schema {
		return &huma.Schema{Type: huma.TypeObject, AdditionalProperties: true, Description: desc}
	}
	list := func(desc string) *huma.Schema {
		return &huma.Schema{Type: huma.TypeArray, Items: &huma.Schema{Type: huma.TypeString}, Description: desc}
	}
	return &huma.Schema{Type: huma.TypeObject, Description: "The 360 report. Deterministic: the same answers give the same bytes.",
		Properties: map[string]*huma.Schema{
			"campaign":   {Type: huma.TypeString, Description: "The campaign's id."},
			"instrument": {Type: huma.TypeString, Description: "The instrument raters answered."},
			"dimensions": list("The facet keys, in framework order."),
			"thresholds": obj("anonymity and comments: the thresholds the report was built with."),
			"groups": obj("Every rater group, the combined group when shown, and all_others, each with n (raters who submitted), shown, anonymous, " +
				"and merges or merged_into for groups merged to reach the threshold."),
			"facets": obj("scale → facet → cell. A cell holds each shown column's score 0-100 (self, manager, peer, direct_report, other, combined, all_others), " +
				"n (raters behind each score) and spread (their standard deviation). A column below the threshold is absent."),
			"scales":           obj("scale → cell: each column's scale score, the mean of its facet scores."),
			"blind_spots":      list("\"<scale>\" and \"<scale>.<facet>\" where self exceeds all others by more than a third of the range."),
			"hidden_strengths": list("The same where self falls short of all others by more than a third of the range."),
			"comments":         obj("group → comments ({scale, text}) of each group that meets the comment threshold, in an order keyed by the text alone."),
			"development":      {Type: huma.TypeArray, Items: &huma.Schema{Type: huma.TypeObject, AdditionalProperties: true}, Description: "The development focus from the others' view, as in the profile JSON; empty when all others lack a facet."},
		},
		Required: []string{"campaign", "groups", "facets", "scales", "blind_spots", "hidden_strengths", "comments", "development"}}
}

type apiReportOutput struct {
	Body apiReport
}

func (s *Server) opCampaignReport(ctx context.Context, in *apiCampaignIDInput) (*apiReportOutput, error) {
	p := apiPrincipal(ctx)
	c, r, err := s.visibleCampaign(ctx, p, in.ID)
	if err == nil && !r.Report {
		switch {
		case c.State == store.CampaignDraft || c.State == store.CampaignOpen:
			// Say why, to anyone who may see the campaign.
			err = fail.Errorf(fail.Conflict, "campaign %q is %s: its report exists once it is closed", c.ID, c.State)
		default:
			err = fail.Errorf(fail.NotFound, "no report of campaign %q you may see yet", in.ID)
		}
	}
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	rep, err := s.campaigns().Report(ctx, c.OrgID, c.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiReportOutput{Body: apiReport{raw: b}}, nil
}

// apiRatings are a rater's ratings by capability item id.
type apiRatings map[string]json.RawMessage

// Schema documents the ratings for huma; the item ids hold dots, which
// huma's validator cannot locate, so the service checks each one.
func (apiRatings) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeObject, AdditionalProperties: true,
		Description: "Capability item id → rating 1-5. Leave an item out for \"don't know\"."}
}

// apiRaterAnswers are a rater's answers.
type apiRaterAnswers struct {
	Answers  apiRatings        `json:"answers" required:"false"`
	Comments map[string]string `json:"comments,omitempty" doc:"An optional comment by scale: management or leadership."`
	Submit   bool              `json:"submit" required:"false" doc:"true submits; false saves a draft to come back to."`
}

type apiRespondInput struct {
	Token string `path:"token" doc:"The token of the rater's link."`
	Body  apiRaterAnswers
}

// apiReceipt says what a rater's request saved.
type apiReceipt struct {
	Status   string `json:"status" enum:"saved,submitted" doc:"submitted, or saved as a draft."`
	Answered int    `json:"answered" doc:"How many items were rated."`
	Items    int    `json:"items" doc:"How many items the form has."`
}

type apiReceiptOutput struct {
	Body apiReceipt
}

func (s *Server) opRespond(ctx context.Context, in *apiRespondInput) (*apiReceiptOutput, error) {
	a := campaign.Answers{Answers: map[string]int{}, Comments: in.Body.Comments}
	bad := map[string]string{}
	for id, raw := range in.Body.Answers {
		var v int
		if err := json.Unmarshal(raw, &v); err != nil {
			bad["answers."+id] = fmt.Sprintf("want a whole number from %d to %d, got %s", instrument.MinRating, instrument.MaxRating, raw)
			continue
		}
		a.Answers[id] = v
	}
	if len(bad) > 0 {
		keys := slices.Sorted(maps.Keys(bad))
		return nil, s.apiError(ctx, &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("%d answer(s) are wrong: %s", len(keys), strings.Join(keys, ", ")), Fields: bad})
	}
	resp, err := s.campaigns().Respond(ctx, in.Token, a, in.Body.Submit)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	sc, err := s.cfg.Catalog.Scorer(instrument.Default)
	items := 0
	if err == nil {
		items = len(sc.Instrument().ItemsIn(instrument.Capability))
	}
	status := "saved"
	if resp.Submitted {
		status = "submitted"
	}
	return &apiReceiptOutput{Body: apiReceipt{Status: status, Answered: len(a.Answers), Items: items}}, nil
}

// api360Examples are the examples of the 360 operations, computed at
// start-up from the real instrument, scorer and report builder.
type api360Examples struct {
	campaign       apiCampaign
	campaignDetail apiCampaign
	newCampaign    apiNewCampaign
	newRater       apiNewRater
	raterAdded     apiRaterAdded
	links          []apiLink
	answers        apiRaterAnswers
	report         apiReport
}

// apiExampleBase stands for the server's base URL in the examples: the docs
// page names no address at all.
const apiExampleBase = "<base URL>"

const (
	apiExampleCampaignID = "0197a3d1-2b3c-7d4e-8f50-6a7b8c9d0e1f"
	apiExampleRaterID    = "0197a3d1-3c4d-7e5f-9061-7b8c9d0e1f20"
	apiExampleSelfID     = "0197a3d1-3c4d-7e5f-9061-7b8c9d0e1f21"
)

func newAPI360Examples(cat *catalog.Catalog) (*api360Examples, error) {
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	ex := &api360Examples{}
	opened := apiExampleTime.Add(time.Hour)
	ex.campaign = apiCampaign{ID: apiExampleCampaignID, SubjectPersonID: apiExamplePersonID, State: store.CampaignDraft, Instrument: instrument.Default,
		Threshold: store.DefaultCampaignThreshold, CommentThreshold: store.DefaultCommentThreshold, CreatedAt: apiExampleTime, CanManage: true}
	ex.campaignDetail = ex.campaign
	ex.campaignDetail.State, ex.campaignDetail.OpenedAt, ex.campaignDetail.ThresholdsLocked = store.CampaignOpen, &opened, true
	two := 2
	ex.campaignDetail.Submitted = &two
	ex.campaignDetail.Raters = []apiRater{{ID: apiExampleSelfID, Email: "ada@example.com", Group: store.GroupSelf}, {ID: apiExampleRaterID, Email: "bo@example.com", Group: store.GroupPeer}}
	ex.newCampaign = apiNewCampaign{SubjectPersonID: apiExamplePersonID, Threshold: 3, CommentThreshold: 5}
	ex.newRater = apiNewRater{Email: "bo@example.com", Group: store.GroupPeer}
	token := campaign.TokenPrefix + apiExampleOrgID + "_Zq8vN1cX4rT7bY2wK5mP9sD3fG6hJ0lA8eU1iO4yQ7k"
	link := apiLink{RaterID: apiExampleRaterID, Email: "bo@example.com", Group: store.GroupPeer, URL: apiExampleBase + campaign.LinkPath(token), Token: token}
	ex.raterAdded = apiRaterAdded{Rater: apiRater{ID: apiExampleRaterID, Email: "bo@example.com", Group: store.GroupPeer}, Link: link}
	selfToken := campaign.TokenPrefix + apiExampleOrgID + "_R4tY7uI0oP3aS6dF9gH2jK5lZ8xC1vB4nM7qW0eE3rT"
	ex.links = []apiLink{{RaterID: apiExampleSelfID, Email: "ada@example.com", Group: store.GroupSelf, URL: apiExampleBase + campaign.LinkPath(selfToken), Token: selfToken}, link}

	// A rater's answers and a report, from simulated raters.
	rng := rand.New(rand.NewPCG(5, 6))
	capAnswers := func(t profile.Traits) map[string]int {
		a := sc.Decode(sc.Simulate(rng, t))
		out := map[string]int{}
		for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
			var v int
			if err := json.Unmarshal(a.Answers[it.ID], &v); err == nil {
				out[it.ID] = v
			}
		}
		return out
	}
	ex.answers = apiRaterAnswers{Answers: apiRatings{}, Comments: map[string]string{"leadership": "Sets a clear direction in meetings."}, Submit: true}
	peerView := profile.Traits{Management: -0.4, Leadership: 0.6}
	for id, v := range capAnswers(peerView) {
		ex.answers.Answers[id] = json.RawMessage(fmt.Sprint(v))
	}
	in := feedback.Input{CampaignID: apiExampleCampaignID, Threshold: 3, CommentThreshold: 5}
	in.Ratings = append(in.Ratings, feedback.Rating{RaterID: "s", Group: feedback.Self, Answers: capAnswers(profile.Traits{Management: 0.9, Leadership: 0.1})})
	in.Ratings = append(in.Ratings, feedback.Rating{RaterID: "m", Group: feedback.Manager, Answers: capAnswers(peerView)})
	for i := range 3 {
		in.Ratings = append(in.Ratings, feedback.Rating{RaterID: fmt.Sprint("p", i), Group: feedback.Peer, Answers: capAnswers(peerView)})
	}
	in.Ratings = append(in.Ratings, feedback.Rating{RaterID: "d", Group: feedback.DirectReport, Answers: capAnswers(peerView)})
	fr, err := feedback.Build(sc, in)
	if err != nil {
		return nil, err
	}
	rep := campaign.Report{Report: fr, Development: []profile.DevelopmentDoc{}}
	if scales, facets, ok := fr.OthersView(); ok {
		focus, err := sc.FocusFor(scales, facets)
		if err != nil {
			return nil, err
		}
		rep.Development = focus.Development()
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return nil, err
	}
	ex.report = apiReport{raw: b}
	return ex, nil
}

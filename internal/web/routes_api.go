package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// routesAPI registers the JSON API under /api/v1: every operation, then the
// OpenAPI document and the docs page rendered from it, then a fallback so
// an unknown API path or method is answered with a problem like every other
// API error.
func (s *Server) routesAPI() error {
	ex, err := newAPIExamples(s.cfg.Catalog)
	if err != nil {
		return fmt.Errorf("api examples: %w", err)
	}
	s.api = s.newAPI()
	reg := &apiRegistry{s: s, api: s.api}
	const (
		get, post, del = http.MethodGet, http.MethodPost, http.MethodDelete
		jsonCT         = "application/json"
	)
	example := func(status, desc string, v any) map[string]*huma.Response {
		return map[string]*huma.Response{status: {Description: desc, Content: map[string]*huma.MediaType{jsonCT: {Example: v}}}}
	}
	body := func(v any) *huma.RequestBody {
		return &huma.RequestBody{Content: map[string]*huma.MediaType{jsonCT: {Example: v}}}
	}

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "get-instrument", Method: get, Path: apiPrefix + "/instrument", Tags: []string{"Instrument"},
		Summary: "Get the instrument",
		Description: "Returns one version of the questionnaire: its dimensions, sections, rating scales, scoring cut points and every item with its options, " +
			"exactly as \"twohats instrument --format json\" prints it. The answer key of the scenarios is never included. " +
			"Needs no account and stores nothing; rate-limited per client. The example shows one item of each section; the real document has them all.",
		Errors:    []int{http.StatusUnprocessableEntity},
		Responses: example("200", "The instrument.", ex.instrument),
	}, s.opInstrument)

	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "score", Method: post, Path: apiPrefix + "/score", Tags: []string{"Scoring"},
		Summary: "Score answers without storing them",
		Description: "Takes the answers JSON of one complete response and returns its profile: management and leadership scores and facets, " +
			"the tendency under pressure, situational judgement, the quadrant, blind-spot warnings and what to develop, " +
			"byte for byte the profile JSON the CLI writes with --format json. Nothing is stored and no account is needed; rate-limited per client. " +
			"Invalid answers get a 422 problem whose errors name every bad item as body.answers.<item id>.",
		RequestBody: body(ex.answers),
		Errors:      []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity},
		Responses:   example("200", "The profile.", ex.profile),
	}, s.opScore)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "create-assessment", Method: post, Path: apiPrefix + "/assessments", Tags: []string{"Assessments"},
		Summary: "Store an assessment",
		Description: "Scores the answers JSON of one complete response and stores it as an assessment of the caller, or of person_id: " +
			"someone whose profiles the caller may see. Returns 201 with the stored assessment and its profile. " +
			"Send an Idempotency-Key header to make retries safe: a retry with the same key returns the assessment stored the first time, with 200, " +
			"and never stores a second one; reusing a key for different answers is refused with 422. On any error nothing is stored.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.submission),
		Errors: []int{http.StatusBadRequest, http.StatusNotFound, http.StatusRequestEntityTooLarge,
			http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity},
		Responses: example("201", "The assessment, stored by this request.", ex.assessment),
	}, s.opSubmit)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "list-assessments", Method: get, Path: apiPrefix + "/assessments", Tags: []string{"Assessments"},
		Summary: "List assessments",
		Description: "Lists, newest first, the assessments of the caller's organisation that the caller may see, with their scores but not their full profiles. " +
			"An owner or admin sees everyone's, a coach their own and those of the people who granted them access, a member their own. " +
			"A person_id the caller may not see is answered 404.",
		Errors:    []int{http.StatusNotFound, http.StatusUnprocessableEntity},
		Responses: example("200", "The assessments, newest first.", ex.summaries),
	}, s.opListAssessments)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-assessment", Method: get, Path: apiPrefix + "/assessments/{id}", Tags: []string{"Assessments"},
		Summary: "Get an assessment",
		Description: "Returns one assessment with its profile, scored again from its stored answers. " +
			"An assessment of another organisation, or of a person the caller may not see, is answered 404, the same as one that does not exist.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The assessment.", ex.assessment),
	}, s.opGetAssessment)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-me", Method: get, Path: apiPrefix + "/me", Tags: []string{"Account"},
		Summary: "Who am I",
		Description: "Returns the signed-in user or the token's user, the organisation the session or token works in, " +
			"the user's role there and their own person id, the subject of their own assessments.",
		Responses: example("200", "The caller.", ex.me),
	}, s.opMe)

	apiRegister(reg, apiSessionOnly, huma.Operation{
		OperationID: "create-token", Method: post, Path: apiPrefix + "/tokens", Tags: []string{"Tokens"},
		Summary: "Create an API token",
		Description: "Creates an API token that acts as the signed-in user in the session's organisation, and shows it this once: only its hash is stored. " +
			"Send it as Authorization: Bearer <token>. Needs a signed-in session; an API token cannot create tokens.",
		DefaultStatus: http.StatusCreated,
		RequestBody:   body(ex.tokenRequest),
		Errors:        []int{http.StatusBadRequest, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity},
		Responses:     example("201", "The new token, shown this once.", ex.newToken),
	}, s.opCreateToken)

	apiRegister(reg, apiSessionOnly, huma.Operation{
		OperationID: "list-tokens", Method: get, Path: apiPrefix + "/tokens", Tags: []string{"Tokens"},
		Summary: "List API tokens",
		Description: "Lists the signed-in user's API tokens in the session's organisation, newest first: their ids, names and creation times, never the tokens themselves. " +
			"Needs a signed-in session.",
		Responses: example("200", "The tokens, newest first.", ex.tokens),
	}, s.opListTokens)

	apiRegister(reg, apiSessionOnly, huma.Operation{
		OperationID: "delete-token", Method: del, Path: apiPrefix + "/tokens/{id}", Tags: []string{"Tokens"},
		Summary: "Revoke an API token",
		Description: "Revokes one of the signed-in user's API tokens at once. A token that is not the user's, in the session's organisation, is answered 404. " +
			"Needs a signed-in session.",
		Errors: []int{http.StatusNotFound},
	}, s.opDeleteToken)

	if err := s.routes360API(reg); err != nil {
		return err
	}
	if err := s.routesGrowthAPI(reg); err != nil {
		return err
	}
	if err := s.routesNormsAPI(reg); err != nil {
		return err
	}
	s.routesTeamsAPI(reg)
	if err := s.routesCoachAPI(reg); err != nil {
		return err
	}

	// The documented responses huma cannot derive from the types.
	submit := reg.api.OpenAPI().Paths[apiPrefix+"/assessments"].Post
	submit.Responses["200"] = &huma.Response{
		Description: "A retry with the same Idempotency-Key: the assessment stored the first time, and nothing new stored.",
		Content:     map[string]*huma.MediaType{jsonCT: {Schema: submit.Responses["201"].Content[jsonCT].Schema, Example: ex.assessment}},
	}
	score := reg.api.OpenAPI().Paths[apiPrefix+"/score"].Post
	score.Responses["422"].Content["application/problem+json"].Example = ex.badProblem
	apiDescribeContracts(reg.api.OpenAPI().Components.Schemas)

	return s.routesAPIDocs(reg)
}

// routesAPIDocs serves the OpenAPI document and the docs page, both
// rendered once, now that every operation is registered: a broken document
// stops the server from starting rather than failing a reader.
func (s *Server) routesAPIDocs(reg *apiRegistry) error {
	spec, err := json.Marshal(reg.api.OpenAPI())
	if err != nil {
		return fmt.Errorf("openapi json: %w", err)
	}
	var indented bytes.Buffer
	if err := json.Indent(&indented, spec, "", "  "); err != nil {
		return fmt.Errorf("openapi json: %w", err)
	}
	indented.WriteByte('\n')
	yaml, err := reg.api.OpenAPI().YAML()
	if err != nil {
		return fmt.Errorf("openapi yaml: %w", err)
	}
	page, err := renderAPIDocs(reg)
	if err != nil {
		return fmt.Errorf("api docs: %w", err)
	}
	s.handle(http.MethodGet, apiPrefix+"/openapi.json", "ops", false, apiStatic("application/json", indented.Bytes()))
	s.handle(http.MethodGet, apiPrefix+"/openapi.yaml", "ops", false, apiStatic("application/yaml", yaml))
	s.handle(http.MethodGet, apiPrefix+"/docs", "ops", false, apiStatic("text/html; charset=utf-8", page))
	s.handle(http.MethodGet, apiPrefix+"/docs.css", "ops", false, apiStatic("text/css; charset=utf-8", []byte(apiDocsCSS)))
	for _, m := range apiFallbackMethods {
		s.handle(m, "/api/", "ops", false, s.apiFallback())
	}
	return nil
}

// apiStatic serves bytes rendered at start-up.
func apiStatic(contentType string, b []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(b)
	})
}

// apiFallbackMethods are the methods the API fallback answers.
var apiFallbackMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// apiFallback answers a request under /api/ that no operation takes: 405
// with Allow when the path has operations for other methods, else 404.
func (s *Server) apiFallback() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range apiFallbackMethods {
			if m == r.Method {
				continue
			}
			probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
			if _, pattern := s.mux.Handler(probe); pattern != "" && !strings.HasSuffix(pattern, " /api/") {
				allow = append(allow, m)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeProblemStatus(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed here; use "+strings.Join(allow, " or "))
			return
		}
		writeProblemStatus(w, r, http.StatusNotFound, "no such API operation; the operations are listed at "+apiPrefix+"/docs")
	})
}

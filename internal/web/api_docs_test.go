package web

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// apiSpec is the part of the OpenAPI document the tests read.
type apiSpec struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		OperationID string                     `json:"operationId"`
		Summary     string                     `json:"summary"`
		Description string                     `json:"description"`
		Tags        []string                   `json:"tags"`
		RequestBody *apiSpecBody               `json:"requestBody"`
		Responses   map[string]json.RawMessage `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type apiSpecBody struct {
	Content map[string]struct {
		Example json.RawMessage `json:"example"`
	} `json:"content"`
}

func TestAPIOpenAPIDocument(t *testing.T) {
	e := newAPIEnv(t)
	res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/openapi.json"})
	res.wantStatus(t, http.StatusOK)
	var spec apiSpec
	res.decode(t, &spec)
	if !strings.HasPrefix(spec.OpenAPI, "3.1.") {
		t.Errorf("openapi = %q, want 3.1.x", spec.OpenAPI)
	}
	n := 0
	for _, rt := range e.srv.Routes() {
		if rt.Kind != "api" {
			continue
		}
		n++
		op, ok := spec.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", rt.Method, rt.Pattern)
			continue
		}
		if op.OperationID == "" || op.Summary == "" || len(op.Description) < 80 || len(op.Tags) == 0 {
			t.Errorf("%s %s: want an operation id, a summary, a description and tags; got %+v", rt.Method, rt.Pattern, op)
		}
		if _, ok := op.Responses["500"]; !ok && rt.Auth {
			t.Errorf("%s %s documents no error responses", rt.Method, rt.Pattern)
		}
		if rt.Method == http.MethodPost && (op.RequestBody == nil || len(op.RequestBody.Content["application/json"].Example) == 0) {
			t.Errorf("%s %s: no request example", rt.Method, rt.Pattern)
		}
	}
	if n != 36 {
		t.Errorf("%d API routes recorded, want 36", n)
	}
	ops := 0
	for _, item := range spec.Paths {
		ops += len(item)
	}
	if ops != n {
		t.Errorf("the document has %d operations, the route registry %d", ops, n)
	}
	for _, name := range []string{"Problem", "ProblemField", "Profile", "Instrument", "Answers", "Submission", "Assessment"} {
		if _, ok := spec.Components.Schemas[name]; !ok {
			t.Errorf("no schema %s", name)
		}
	}
	// Errors are documented in the one problem shape.
	var problem struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(spec.Components.Schemas["Problem"], &problem); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"type", "title", "status", "detail", "instance", "errors"} {
		if _, ok := problem.Properties[f]; !ok {
			t.Errorf("the Problem schema lacks %s", f)
		}
	}
	if _, ok := spec.Components.Schemas["ErrorModel"]; ok {
		t.Errorf("huma's ErrorModel is documented beside Problem")
	}

	y := e.do(apiReq{method: http.MethodGet, path: "/api/v1/openapi.yaml"})
	y.wantStatus(t, http.StatusOK)
	var fromYAML map[string]any
	if err := yaml.Unmarshal(y.body, &fromYAML); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if v, _ := fromYAML["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi.yaml says openapi %v", fromYAML["openapi"])
	}
}

// TestAPIDocumentedExamplesWork sends the documented score example and gets
// the documented profile back.
func TestAPIDocumentedExamplesWork(t *testing.T) {
	e := newAPIEnv(t)
	var spec apiSpec
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/openapi.json"}).decode(t, &spec)
	score := spec.Paths["/api/v1/score"]["post"]
	req := score.RequestBody.Content["application/json"].Example
	res := e.do(apiReq{method: http.MethodPost, path: "/api/v1/score", body: string(req)})
	res.wantStatus(t, http.StatusOK)
	var ok struct {
		Content map[string]struct {
			Example json.RawMessage `json:"example"`
		} `json:"content"`
	}
	if err := json.Unmarshal(score.Responses["200"], &ok); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(t, ok.Content["application/json"].Example, res.body) {
		t.Errorf("the documented profile is not what the documented answers score")
	}

	owner := e.mustOwner("acme")
	sub := spec.Paths["/api/v1/assessments"]["post"].RequestBody.Content["application/json"].Example
	e.do(apiReq{method: http.MethodPost, path: "/api/v1/assessments", body: string(sub), token: owner.token}).wantStatus(t, http.StatusCreated)
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

func TestAPIDocsPage(t *testing.T) {
	e := newAPIEnv(t)
	res := e.do(apiReq{method: http.MethodGet, path: "/api/v1/docs"})
	res.wantStatus(t, http.StatusOK)
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q", ct)
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the docs page is served without the server's CSP: %q", csp)
	}
	page := string(res.body)
	lower := strings.ToLower(page)
	for _, banned := range []string{"<script", "http://", "https://", "<style", "style=", "//cdn", "@import"} {
		if strings.Contains(lower, banned) {
			t.Errorf("the docs page contains %q", banned)
		}
	}
	text := html.UnescapeString(page)
	for _, rt := range e.srv.Routes() {
		if rt.Kind != "api" {
			continue
		}
		if !strings.Contains(text, rt.Method+"</span> <code>"+rt.Pattern+"</code>") {
			t.Errorf("the docs page does not list %s %s", rt.Method, rt.Pattern)
		}
	}
	for _, want := range []string{"Idempotency-Key", "person_id", "Example request", "Example 200 response", `id="schema-Problem"`, `href="#schema-Profile"`, "/api/v1/openapi.json"} {
		if !strings.Contains(text, want) {
			t.Errorf("the docs page lacks %q", want)
		}
	}
	css := e.do(apiReq{method: http.MethodGet, path: "/api/v1/docs.css"})
	css.wantStatus(t, http.StatusOK)
	if ct := css.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("docs.css Content-Type = %q", ct)
	}
	if !strings.Contains(page, `<link rel="stylesheet" href="/api/v1/docs.css">`) {
		t.Errorf("the docs page does not load docs.css")
	}
	if bytes.Contains(css.body, []byte("url(")) || bytes.Contains(css.body, []byte("@import")) {
		t.Errorf("docs.css loads something")
	}
	for _, rt := range e.srv.Routes() {
		if strings.HasPrefix(rt.Pattern, "/api/v1/openapi") || strings.HasPrefix(rt.Pattern, "/api/v1/docs") {
			if rt.Kind != "ops" || rt.Auth {
				t.Errorf("%s %s recorded as %+v, want an ops route without auth", rt.Method, rt.Pattern, rt)
			}
		}
	}
}

func TestAPIUnknownRoutes(t *testing.T) {
	e := newAPIEnv(t)
	e.do(apiReq{method: http.MethodGet, path: "/api/v1/nope"}).wantProblem(t, http.StatusNotFound, "/api/v1/nope")
	e.do(apiReq{method: http.MethodGet, path: "/api/v2/instrument"}).wantProblem(t, http.StatusNotFound, "/api/v2/instrument")
	res := e.do(apiReq{method: http.MethodPut, path: "/api/v1/score", body: "{}"})
	res.wantProblem(t, http.StatusMethodNotAllowed, "/api/v1/score")
	if got := res.header.Get("Allow"); got != "POST" {
		t.Errorf("Allow = %q, want POST", got)
	}
	res = e.do(apiReq{method: http.MethodPatch, path: "/api/v1/assessments"})
	res.wantProblem(t, http.StatusMethodNotAllowed, "/api/v1/assessments")
	if got := res.header.Get("Allow"); got != "GET, POST" {
		t.Errorf("Allow = %q, want GET, POST", got)
	}
}

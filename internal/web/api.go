package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"unicode"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// apiPrefix is where the JSON API lives; every operation path starts with it.
const apiPrefix = "/api/v1"

// apiAccess says who may call an API operation.
type apiAccess int

const (
	// apiPublic operations need no account and store nothing; they are
	// rate-limited per client.
	apiPublic apiAccess = iota
	// apiSignedIn operations need a session cookie or a bearer API token.
	apiSignedIn
	// apiSessionOnly operations need a session cookie: an API token cannot
	// manage API tokens, so a leaked token cannot mint or list others.
	apiSessionOnly
)

// apiJSON writes compact JSON with "<", ">" and "&" kept readable: the
// documents report.JSON and `twohats instrument` print, without their
// indentation, which costs the API a measurable share of its time per
// request and tells a program nothing.
var apiJSON = huma.Format{
	Marshal: func(w io.Writer, v any) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	},
	Unmarshal: json.Unmarshal,
}

// apiSchemaNames renames types whose Go names read badly in the API's schemas.
var apiSchemaNames = map[reflect.Type]string{
	reflect.TypeFor[profile.Document]():       "Profile",
	reflect.TypeFor[profile.ScaleDoc]():       "ScaleScore",
	reflect.TypeFor[profile.JudgementDoc]():   "Judgement",
	reflect.TypeFor[profile.WarningDoc]():     "Warning",
	reflect.TypeFor[profile.DevelopmentDoc](): "Development",
	reflect.TypeFor[profile.CitedDoc]():       "Cited",
	reflect.TypeFor[instrument.Option]():      "ItemOption",
}

func apiSchemaNamer(t reflect.Type, hint string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if name, ok := apiSchemaNames[t]; ok {
		return name
	}
	// The API's own body types are unexported and start with "api", so as
	// not to collide with the pages' names: apiAssessment is "Assessment".
	if name, ok := strings.CutPrefix(t.Name(), "api"); ok && name != "" && unicode.IsUpper(rune(name[0])) {
		return name
	}
	return huma.DefaultSchemaNamer(t, hint)
}

// apiDescription introduces the API in the OpenAPI document and on the docs
// page. It names no external address: the docs page makes no request
// elsewhere.
const apiDescription = `twohats measures management and leadership as two separate scales. This API gives the instrument, scores answers without storing anything, and stores and lists assessments for the people of an organisation.

The instrument and score operations need no account; they are rate-limited per client. Every other operation needs a signed-in session cookie or an API token sent as "Authorization: Bearer th_..."; tokens are created while signed in and shown once.

Request bodies are JSON sent with "Content-Type: application/json". Every error is an RFC 9457 problem document (application/problem+json) whose errors list names each bad field by location, such as "body.answers.m.focus.1".`

// newAPI makes the huma API on the server's mux. It serves no spec or docs
// of its own (routesAPI serves both, rendered once at start-up), and injects
// no "$schema" field into the public-contract bodies.
func (s *Server) newAPI() huma.API {
	cfg := huma.DefaultConfig("twohats API", "1")
	cfg.Info.Description = apiDescription
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", apiSchemaNamer)
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", BearerFormat: "th_<organisation id>_<secret>",
			Description: "An API token, created while signed in and shown once."},
		"session": {Type: "apiKey", In: "cookie", Name: sessionCookie,
			Description: "The session cookie of a signed-in browser."},
	}
	cfg.CreateHooks = nil
	cfg.OpenAPIPath, cfg.DocsPath, cfg.SchemasPath = "", "", ""
	cfg.Formats = map[string]huma.Format{"application/json": apiJSON, "json": apiJSON}
	cfg.DefaultFormat = "application/json"
	cfg.Transformers = []huma.Transformer{apiProblemInstance}
	return humago.New(s.mux, cfg)
}

// apiRegistry collects the operations as routesAPI registers them, in
// order, for the docs page.
type apiRegistry struct {
	s   *Server
	api huma.API
	ops []*huma.Operation
}

// apiRegister adds one API operation: it notes the route in the server's route
// registry, guards it as acc says, and registers it with huma.
func apiRegister[I, O any](reg *apiRegistry, acc apiAccess, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	s := reg.s
	// One byte over the server's limit, so a body of exactly the limit is
	// read whole; anything larger trips the server's MaxBytesReader first,
	// which apiNewError reports as 413.
	op.MaxBodyBytes = s.cfg.MaxBodyBytes + 1
	switch acc {
	case apiPublic:
		op.Middlewares = append(op.Middlewares, s.viaHTTP(func(h http.Handler) http.Handler { return s.rateLimited("api-public", h) }))
		op.Errors = append(op.Errors, http.StatusTooManyRequests)
	case apiSignedIn:
		op.Middlewares = append(op.Middlewares, s.viaHTTP(s.requireAPIUser))
		op.Security = []map[string][]string{{"bearer": {}}, {"session": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized)
	case apiSessionOnly:
		op.Middlewares = append(op.Middlewares, s.viaHTTP(s.requireAPISession))
		op.Security = []map[string][]string{{"session": {}}}
		op.Errors = append(op.Errors, http.StatusUnauthorized)
	}
	s.record(Route{Method: op.Method, Pattern: op.Path, Kind: "api", Auth: acc != apiPublic})
	huma.Register(reg.api, op, h)
	reg.ops = append(reg.ops, apiRegistered(reg.api, op.Method, op.Path))
}

// apiRegistered finds the operation huma documented for method and path.
func apiRegistered(api huma.API, method, path string) *huma.Operation {
	item := api.OpenAPI().Paths[path]
	var op *huma.Operation
	switch method {
	case http.MethodGet:
		op = item.Get
	case http.MethodPost:
		op = item.Post
	case http.MethodPut:
		op = item.Put
	case http.MethodPatch:
		op = item.Patch
	case http.MethodDelete:
		op = item.Delete
	}
	if op == nil {
		panic("web: huma did not document " + method + " " + path)
	}
	return op
}

// viaHTTP runs a plain net/http middleware around a huma operation, so the
// API shares the pages' rate limiter and sign-in check and their problem
// documents.
func (s *Server) viaHTTP(mw func(http.Handler) http.Handler) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		r, w := humago.Unwrap(ctx)
		mw(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { next(ctx) })).ServeHTTP(w, r)
	}
}

// requireAPIUser answers 401 to a request without a session or token, and
// keeps the answer to one with them out of every cache.
func (s *Server) requireAPIUser(next http.Handler) http.Handler {
	return s.requireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	}))
}

// errAPINeedSession answers a token-authenticated request to manage tokens.
var errAPINeedSession = fail.Errorf(fail.Unauthorized, "API tokens are managed while signed in: use the session cookie, not an API token")

// requireAPISession is requireAPIUser for operations an API token may not
// call.
func (s *Server) requireAPISession(next http.Handler) http.Handler {
	return s.requireAPIUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, _ := principalFrom(r.Context()); p.Via != "session" {
			writeProblem(w, r, errAPINeedSession)
			return
		}
		next.ServeHTTP(w, r)
	}))
}

// apiPrincipal returns the principal that the operation's middleware
// already required.
func apiPrincipal(ctx context.Context) *Principal {
	p, ok := principalFrom(ctx)
	if !ok {
		panic("web: an API operation that needs a principal ran without one")
	}
	return p
}

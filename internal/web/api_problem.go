package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// The API's errors are Problem documents, the same type the pages and the
// middleware write, so the whole server answers errors in one shape. These
// methods make *Problem the error type huma writes.

// Error returns the problem's detail, so a *Problem is an error.
func (p *Problem) Error() string { return p.Detail }

// GetStatus returns the HTTP status huma answers the problem with.
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send problems as application/problem+json.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

// TransformSchema documents the problem fields in the OpenAPI document.
func (p *Problem) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	s.Description = "An RFC 9457 problem document: what went wrong, and for invalid input each bad field by location."
	apiDescribe(s, map[string]string{
		"type":     "A URI reference naming the kind of problem; absent means about:blank.",
		"title":    "The HTTP status text.",
		"status":   "The HTTP status code.",
		"detail":   "What went wrong in this request, and what to do about it.",
		"instance": "The path of the request that failed.",
		"errors":   "One entry per bad field, each naming its location and what is wrong.",
	})
	return s
}

// TransformSchema documents the field-level message in the OpenAPI document.
func (f *ProblemField) TransformSchema(_ huma.Registry, s *huma.Schema) *huma.Schema {
	s.Description = "What is wrong with one field of the request."
	apiDescribe(s, map[string]string{
		"location": `Where the field is: "body.<field>", "body.answers.<item id>", "query.<name>", "path.<name>" or "header.<name>".`,
		"message":  "What is wrong with the field.",
	})
	return s
}

// apiDescribe sets the descriptions of a schema's properties.
func apiDescribe(s *huma.Schema, docs map[string]string) {
	for name, doc := range docs {
		if prop := s.Properties[name]; prop != nil {
			prop.Description = doc
		}
	}
}

func init() {
	// huma builds every error it answers itself (malformed JSON, the wrong
	// content type, a failed schema check, an oversized body) with NewError;
	// make those Problems too.
	huma.NewError = apiNewError
}

// apiNewError is huma.NewError for twohats: a Problem with field-level
// messages, and no internal detail in a 5xx.
func apiNewError(status int, msg string, errs ...error) huma.StatusError {
	for _, err := range errs {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apiBareProblem(http.StatusRequestEntityTooLarge,
				fmt.Sprintf("the request body is larger than the limit of %d bytes", tooBig.Limit))
		}
	}
	p := apiBareProblem(status, msg)
	switch {
	case status >= http.StatusInternalServerError:
		p.Detail = "internal error"
		return p
	case status == http.StatusRequestEntityTooLarge:
		p.Detail = "the request body is larger than the limit"
		return p
	case status == http.StatusUnsupportedMediaType:
		p.Detail = "the request body must be JSON, sent with Content-Type: application/json"
	case status == http.StatusBadRequest && msg == "validation failed":
		p.Detail = "the request body is not valid JSON"
	case status == http.StatusBadRequest && msg == "request body is required":
		p.Detail = "the request body is empty; send the JSON document this operation takes"
	case status == http.StatusUnprocessableEntity && msg == "validation failed":
		p.Detail = "the request is invalid; each entry of errors names a field and what is wrong with it"
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		f := ProblemField{Message: err.Error()}
		var d huma.ErrorDetailer
		if errors.As(err, &d) {
			det := d.ErrorDetail()
			f = ProblemField{Location: det.Location, Message: det.Message}
			// Name a missing property where it belongs, not at its parent.
			if name, ok := strings.CutPrefix(det.Message, "expected required property "); ok {
				if name, ok = strings.CutSuffix(name, " to be present"); ok {
					f = ProblemField{Location: det.Location + "." + name, Message: "is required"}
				}
			}
		}
		p.Errors = append(p.Errors, f)
	}
	return p
}

func apiBareProblem(status int, detail string) *Problem {
	return &Problem{Title: http.StatusText(status), Status: status, Detail: detail}
}

// apiProblemInstance is a huma transformer that names the request path in
// every problem, as writeProblem does for the pages.
func apiProblemInstance(ctx huma.Context, _ string, v any) (any, error) {
	if p, ok := v.(*Problem); ok && p.Instance == "" {
		u := ctx.URL()
		p.Instance = u.Path
	}
	return v, nil
}

// apiError turns an application error into the problem an operation
// returns, logging an internal error, whose details stay out of the answer.
func (s *Server) apiError(ctx context.Context, err error) error {
	p := apiProblem(err)
	if p.Status >= http.StatusInternalServerError {
		s.log.ErrorContext(ctx, "api", "err", err)
	}
	return p
}

// apiProblem is the problem document of an application error: its status
// from statusOf, its fields located in the request ("body." unless the field
// names another location).
func apiProblem(err error) *Problem {
	p := problemOf(err, "")
	if p.Status >= http.StatusInternalServerError {
		return apiBareProblem(p.Status, "internal error")
	}
	for i := range p.Errors {
		p.Errors[i].Location = apiLocate(p.Errors[i].Location)
	}
	return &p
}

// apiLocate prefixes a field name with "body." unless it already names where
// in the request it is.
func apiLocate(field string) string {
	for _, in := range []string{"body", "query", "path", "header"} {
		if field == in || strings.HasPrefix(field, in+".") {
			return field
		}
	}
	return "body." + field
}

package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"

	"github.com/twohats/twohats/internal/fail"
)

// statusOf maps an application error code to its HTTP status. It is the one
// place that does, for pages and the API alike.
func statusOf(err error) int {
	switch fail.Code(err) {
	case "":
		return http.StatusOK
	case fail.Invalid:
		return http.StatusUnprocessableEntity
	case fail.NotFound:
		return http.StatusNotFound
	case fail.Conflict:
		return http.StatusConflict
	case fail.Gone:
		return http.StatusGone
	case fail.Unauthorized:
		return http.StatusUnauthorized
	case fail.RateLimited:
		return http.StatusTooManyRequests
	case fail.Forbidden:
		// A forbidden object is reported as absent, so nobody learns that
		// another organisation's or person's object exists.
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem details document. Errors carries the
// field-level messages, each naming its location (such as
// "body.answers.m.focus.1").
type Problem struct {
	Type     string         `json:"type,omitempty"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []ProblemField `json:"errors,omitempty"`
}

// ProblemField is one field-level message of a Problem.
type ProblemField struct {
	Location string `json:"location"`
	Message  string `json:"message"`
}

// problemOf turns an error into a problem document. Internal errors keep
// their details out of the response.
func problemOf(err error, fieldPrefix string) Problem {
	status := statusOf(err)
	p := Problem{Title: http.StatusText(status), Status: status, Detail: fail.Message(err)}
	if status == http.StatusNotFound {
		p.Detail = "not found"
	}
	fields := fail.FieldsOf(err)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.Errors = append(p.Errors, ProblemField{Location: fieldPrefix + k, Message: fields[k]})
	}
	return p
}

// writeProblem answers with an application/problem+json document.
func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err, "body.")
	p.Instance = r.URL.Path
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

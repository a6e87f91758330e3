// Package fail defines the application's error codes. An error carries a code
// that adapters map to an exit status or an HTTP status in one place each, a
// message fit for the person who caused it, and optional per-field details.
package fail

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Codes. Each maps to one HTTP status and one CLI exit code at the edges.
const (
	Invalid      = "invalid"      // the input is wrong; the caller can fix it
	NotFound     = "not_found"    // no such object in the caller's organisation
	Conflict     = "conflict"     // the object's state forbids the operation
	Gone         = "gone"         // the object existed but no longer accepts this
	Unauthorized = "unauthorized" // who is asking is unknown
	Forbidden    = "forbidden"    // who is asking may not do this
	RateLimited  = "rate_limited" // too many requests; try again shortly
	Internal     = "internal"     // our fault; details go to the log, not the user
)

// Error is an application error with a code, a human message and, for invalid
// input, the problem with each field or item by its id.
type Error struct {
	Code    string
	Message string
	// Fields maps a field name or item id to what is wrong with it.
	Fields map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(e.Message)
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %s: %s", k, e.Fields[k])
	}
	return b.String()
}

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Code returns the code of err, Internal for an error that carries none, and
// "" for nil.
func Code(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Message returns the message of err fit to show its user: the message of an
// application error, or a generic one for anything else.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// FieldsOf returns the per-field details of err, if any.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

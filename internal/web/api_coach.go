package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/coach"
	"github.com/twohats/twohats/internal/fail"
)

func init() {
	// The coach's types, named so as not to collide with the profile's.
	for t, name := range map[reflect.Type]string{
		reflect.TypeFor[coach.Result]():   "CoachResult",
		reflect.TypeFor[coach.Signals]():  "CoachSignals",
		reflect.TypeFor[coach.Finding]():  "CoachFinding",
		reflect.TypeFor[coach.STAR]():     "CoachSTAR",
		reflect.TypeFor[apiCoachAnswer](): "CoachAnswer",
	} {
		apiSchemaNames[t] = name
	}
}

// coachAnalyzer is the interview coach built from the rules embedded in the
// binary, compiled once per process.
var coachAnalyzer = sync.OnceValues(coach.Default)

// apiCoachExample is the answer the API documentation shows.
const apiCoachExample = "I'm a leader, not a manager. When our release slipped I rebuilt the schedule and ran a daily check on quality, " +
	"because a fixed launch date needed control; the result was we shipped on time."

// routesCoachAPI registers the interview coach's API: one stateless
// analysis that needs no account.
func (s *Server) routesCoachAPI(reg *apiRegistry) error {
	a, err := coachAnalyzer()
	if err != nil {
		return fmt.Errorf("coach: %w", err)
	}
	res, err := a.Analyze(apiCoachExample)
	if err != nil {
		return fmt.Errorf("coach example: %w", err)
	}
	const jsonCT = "application/json"
	apiRegister(reg, apiPublic, huma.Operation{
		OperationID: "coach", Method: http.MethodPost, Path: apiPrefix + "/coach", Tags: []string{"Interview coach"},
		Summary: "Analyse an interview answer about managing and leading",
		Description: "Takes {\"text\": \"...\"}, an interview answer of 1 to 10,000 characters, and returns the coach's JSON contract: " +
			"a score from 0 to 100, a verdict (strong, ok or weak), nine signals, findings with byte offsets into the text (start, end), the quoted span, " +
			"a message and a suggestion, and a STAR check. The same answer as \"twohats coach --format json\". " +
			"Stateless: nothing is stored and no account is needed; rate-limited per client. " +
			"An empty, missing, too long or non-string text is a 4xx problem naming body.text.",
		RequestBody: &huma.RequestBody{Content: map[string]*huma.MediaType{jsonCT: {Example: apiCoachAnswer{Text: apiCoachExample}}}},
		Errors:      []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType, http.StatusUnprocessableEntity},
		Responses: map[string]*huma.Response{"200": {Description: "The analysis.",
			Content: map[string]*huma.MediaType{jsonCT: {Example: res}}}},
	}, s.opCoach)
	return nil
}

// apiCoachAnswer is the body of a coach request.
type apiCoachAnswer struct {
	Text string `json:"text" doc:"The answer to analyse: 1 to 10,000 characters of plain text. Offsets in the findings are bytes of its UTF-8 encoding."`
}

type apiCoachInput struct {
	Body apiCoachAnswer
}

type apiCoachOutput struct {
	Body *coach.Result
}

func (s *Server) opCoach(ctx context.Context, in *apiCoachInput) (*apiCoachOutput, error) {
	res, err := analyzeAnswer(in.Body.Text)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiCoachOutput{Body: res}, nil
}

// analyzeAnswer runs the coach on an answer given by a person, refusing an
// empty or too long one with an error naming the field "text".
func analyzeAnswer(text string) (*coach.Result, error) {
	if strings.TrimSpace(text) == "" {
		return nil, &fail.Error{Code: fail.Invalid, Message: "the answer is empty",
			Fields: map[string]string{"text": "write or paste your answer: 1 to 10,000 characters"}}
	}
	a, err := coachAnalyzer()
	if err != nil {
		return nil, err
	}
	res, err := a.Analyze(text)
	if errors.Is(err, coach.ErrTooLong) {
		return nil, &fail.Error{Code: fail.Invalid, Message: "the answer is too long",
			Fields: map[string]string{"text": fmt.Sprintf("%d characters; the coach reads at most %d: shorten it",
				utf8.RuneCountInString(text), coach.MaxRunes)}}
	}
	return res, err
}

package advisor

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/twohats/twohats/internal/fail"
)

type quizFile struct {
	Version int         `yaml:"version"`
	Truths  []truthData `yaml:"truths"`
	Order   []string    `yaml:"order"`
}

type truthData struct {
	Key       string `yaml:"key"`
	Statement string `yaml:"statement"`
	Reality   string `yaml:"reality"`
	Source    string `yaml:"source"`
}

type faqFile struct {
	Version int        `yaml:"version"`
	FAQ     []FAQEntry `yaml:"faq"`
}

// quizQuestion is one compiled quiz question.
type quizQuestion struct {
	id, statement string
	answer        bool
	reality       string
	source        string
}

func (a *Advisor) validateQuiz(c *checker) {
	q := &a.quiz
	c.version(q.Version)
	byID := map[string]quizQuestion{}
	for _, m := range a.fw.Myths {
		byID[m.Key] = quizQuestion{id: m.Key, statement: m.Myth, answer: false, reality: "False. " + m.Reality, source: m.Source}
	}
	for _, t := range q.Truths {
		c.unique("truth", t.Key)
		if _, clash := byID[t.Key]; clash {
			c.addf("truth", t.Key, "has the key of a framework myth; question ids must be unique")
			continue
		}
		c.text("truth", t.Key, "statement", t.Statement)
		c.text("truth", t.Key, "reality", t.Reality)
		c.cite("truth", t.Key, t.Source)
		byID[t.Key] = quizQuestion{id: t.Key, statement: t.Statement, answer: true, reality: t.Reality, source: t.Source}
	}
	if len(q.Truths) == 0 {
		c.addf("truths", "truths", "none defined: a quiz whose answer is always false teaches guessing")
	}
	seen := map[string]bool{}
	a.questions = nil
	for _, id := range q.Order {
		qq, ok := byID[id]
		switch {
		case !ok:
			c.addf("order", id, "unknown question (valid: %s)", strings.Join(slices.Sorted(maps.Keys(byID)), ", "))
		case seen[id]:
			c.addf("order", id, "listed twice")
		default:
			a.questions = append(a.questions, qq)
		}
		seen[id] = true
	}
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		if !seen[id] {
			c.addf("order", id, "missing: every myth and truth is asked once")
		}
	}
}

func (a *Advisor) validateFAQ(c *checker) {
	c.version(a.faq.Version)
	if len(a.faq.FAQ) == 0 {
		c.addf("faq", "faq", "none defined")
	}
	for _, e := range a.faq.FAQ {
		c.unique("faq", e.ID)
		c.cite("faq", e.ID, e.Question)
		c.cite("faq", e.ID, e.Answer)
	}
}

// Question is a quiz statement to mark true or false, safe to show before
// the answer: it carries neither the answer nor the reality.
type Question struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
}

// Marked is the feedback on one answer: whether it was right, and the reality
// with its source sentence.
type Marked struct {
	ID        string `json:"id"`
	Statement string `json:"statement"`
	// Given is the answer given: true for "true".
	Given bool `json:"given"`
	// Answer is the right answer: false for a myth.
	Answer  bool   `json:"answer"`
	Correct bool   `json:"correct"`
	Reality string `json:"reality"`
	Source  string `json:"source"`
}

// QuizResult is the score of a whole quiz.
type QuizResult struct {
	Correct int `json:"correct"`
	Total   int `json:"total"`
	// Percent is Correct / Total, 0-100, rounded.
	Percent    int      `json:"percent"`
	Results    []Marked `json:"results"`
	Unanswered []string `json:"unanswered"`
}

// Quiz lists the questions in the data's order: the framework's myths (all
// false) interleaved with true statements from the source's realities.
func (a *Advisor) Quiz() []Question {
	out := make([]Question, len(a.questions))
	for i, q := range a.questions {
		out[i] = Question{ID: q.id, Statement: q.statement}
	}
	return out
}

// Answer marks one answer and returns the reality to show after it; an
// unknown id is a fail.Invalid error listing the valid ids.
func (a *Advisor) Answer(id string, given bool) (Marked, error) {
	for _, q := range a.questions {
		if q.id == id {
			return Marked{ID: id, Statement: q.statement, Given: given, Answer: q.answer, Correct: given == q.answer, Reality: q.reality, Source: q.source}, nil
		}
	}
	return Marked{}, a.unknownQuestion(id)
}

// Grade scores a set of answers by question id. Unanswered questions count
// as not correct and are listed; an unknown id is a fail.Invalid error.
func (a *Advisor) Grade(answers map[string]bool) (QuizResult, error) {
	for id := range answers {
		if !slices.ContainsFunc(a.questions, func(q quizQuestion) bool { return q.id == id }) {
			return QuizResult{}, a.unknownQuestion(id)
		}
	}
	r := QuizResult{Total: len(a.questions), Results: []Marked{}, Unanswered: []string{}}
	for _, q := range a.questions {
		given, ok := answers[q.id]
		if !ok {
			r.Unanswered = append(r.Unanswered, q.id)
			continue
		}
		m, _ := a.Answer(q.id, given)
		if m.Correct {
			r.Correct++
		}
		r.Results = append(r.Results, m)
	}
	if r.Total > 0 {
		r.Percent = int(math.Round(100 * float64(r.Correct) / float64(r.Total)))
	}
	return r, nil
}

func (a *Advisor) unknownQuestion(id string) error {
	ids := make([]string, len(a.questions))
	for i, q := range a.questions {
		ids[i] = q.id
	}
	return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf("unknown question %q (valid: %s)", id, strings.Join(ids, ", ")),
		Fields: map[string]string{"id": "unknown"}}
}

// FAQEntry is one question of the source's FAQ with its answer, both verbatim
// from the source text.
type FAQEntry struct {
	ID       string `yaml:"key" json:"id"`
	Question string `yaml:"question" json:"question"`
	Answer   string `yaml:"answer" json:"answer"`
}

// FAQ lists the source's FAQ in its order.
func (a *Advisor) FAQ() []FAQEntry { return slices.Clone(a.faq.FAQ) }

package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/coach"
	"github.com/twohats/twohats/internal/fail"
)

// maxAttempts is how many earlier scores the practice page carries in its
// form: enough to see a trend, little enough to keep the form small.
const maxAttempts = 20

// usualQuestions are the common interview forms of the question, offered
// beside the source's FAQ.
var usualQuestions = []coachQuestion{
	{ID: "difference", Text: "What's the difference between a manager and a leader?"},
	{ID: "manager-or-leader", Text: "Are you a manager or a leader?"},
	{ID: "without-authority", Text: "Tell me about a time you led without authority"},
	{ID: "when-manage-lead", Text: "When do you manage and when do you lead?"},
}

// coachQuestion is one question the candidate may practise.
type coachQuestion struct {
	ID, Text string
	Selected bool
}

// coachView is the practice page.
type coachView struct {
	Questions []coachQuestion
	Question  coachQuestion
	Text      string
	Errors    []fieldMsg
	TextError string
	// History is the scores of the earlier attempts, oldest first, as the
	// hidden field carries them.
	History string
	// Attempts are every scored attempt, this one last.
	Attempts []coachAttempt
	Result   *coach.Result
	Marked   []coachSegment
	Findings []coachFinding
	Spark    *coachSpark
	STAR     []coachStar
	Signals  []coachSignal
}

// coachAttempt is one scored attempt; Change is against the one before.
type coachAttempt struct {
	Number, Score int
	Change        string
}

// coachSegment is a run of the answer, marked when findings span it.
type coachSegment struct {
	Text      string
	Marked    bool
	Severity  string
	Described string // ids of the findings, for aria-describedby
	Refs      []int  // finding numbers, after the last segment of a marked run
}

// coachFinding is a finding with its number on the page.
type coachFinding struct {
	coach.Finding
	Number int
}

// coachStar is one STAR element.
type coachStar struct {
	Name string
	Has  bool
}

// coachSignal is one signal with a readable name.
type coachSignal struct {
	Name  string
	Value bool
}

// coachSpark is a small line chart of the attempts' scores.
type coachSpark struct {
	Points string
	Dots   []coachDot
	Label  string
}

type coachDot struct{ X, Y, Score int }

// coachQuestions lists the FAQ and the usual questions, marking the one with id.
func (u *ui) coachQuestions(id string) ([]coachQuestion, coachQuestion) {
	var qs []coachQuestion
	if g, err := u.s.growth(); err == nil {
		for _, f := range g.Advisor.FAQ() {
			qs = append(qs, coachQuestion{ID: "faq-" + f.ID, Text: f.Question})
		}
	}
	qs = append(qs, usualQuestions...)
	sel := 0
	for i, q := range qs {
		if q.ID == id {
			sel = i
		}
	}
	// Default to "Are you a manager or a leader?", the question the source's
	// interview advice is about, when none is chosen.
	if id == "" {
		for i, q := range qs {
			if q.ID == "manager-or-leader" {
				sel = i
			}
		}
	}
	qs[sel].Selected = true
	return qs, qs[sel]
}

func (u *ui) handleCoach() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &coachView{}
		v.Questions, v.Question = u.coachQuestions(r.URL.Query().Get("question"))
		u.render(w, r, http.StatusOK, "coach", &view{Title: "Interview coach", Nav: "coach", Data: v})
	})
}

func (u *ui) handleCoachAnswer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		f := r.PostForm
		v := &coachView{Text: f.Get("text")}
		v.Questions, v.Question = u.coachQuestions(f.Get("question"))
		history := parseHistory(f.Get("history"))
		res, err := analyzeAnswer(v.Text)
		if err != nil {
			if fail.Code(err) != fail.Invalid {
				u.internal(w, r, err)
				return
			}
			v.TextError = "Write or paste your answer: 1 to 10,000 characters."
			if strings.TrimSpace(v.Text) != "" {
				v.TextError = fmt.Sprintf("Your answer is %d characters long; the coach reads at most %d. Shorten it and check it again.",
					utf8.RuneCountInString(v.Text), coach.MaxRunes)
			}
			v.Errors = []fieldMsg{{ID: "text", Message: v.TextError}}
			v.History = joinHistory(history)
			v.Attempts = attempts(history)
			v.Spark = spark(history)
			u.render(w, r, http.StatusUnprocessableEntity, "coach", &view{Title: "Error: Interview coach", Nav: "coach", Data: v})
			return
		}
		history = append(history, res.Score)
		if len(history) > maxAttempts {
			history = history[len(history)-maxAttempts:]
		}
		v.Result = res
		v.History = joinHistory(history)
		v.Attempts = attempts(history)
		v.Spark = spark(history)
		for i, fd := range res.Findings {
			v.Findings = append(v.Findings, coachFinding{Finding: fd, Number: i + 1})
		}
		v.Marked = markSegments(v.Text, res.Findings)
		v.STAR = []coachStar{{"Situation", res.STAR.Situation}, {"Task", res.STAR.Task}, {"Action", res.STAR.Action}, {"Result", res.STAR.Result}}
		for _, name := range coach.SignalNames {
			val, _ := res.Signals.Get(name)
			v.Signals = append(v.Signals, coachSignal{Name: strings.ReplaceAll(name, "_", " "), Value: val})
		}
		u.render(w, r, http.StatusOK, "coach", &view{Title: "Interview coach", Nav: "coach", Data: v})
	})
}

// markSegments turns the answer's segments into marked runs for the page.
func markSegments(text string, fs []coach.Finding) []coachSegment {
	rank := map[coach.Severity]int{coach.SeverityError: 4, coach.SeverityWarning: 3, coach.SeveritySuggestion: 2, coach.SeverityInfo: 1}
	segs := coach.Segments(text, fs)
	out := make([]coachSegment, 0, len(segs))
	for i, s := range segs {
		cs := coachSegment{Text: s.Text}
		if len(s.Findings) > 0 {
			cs.Marked = true
			sev := coach.SeverityInfo
			ids := make([]string, len(s.Findings))
			for k, j := range s.Findings {
				ids[k] = "finding-" + strconv.Itoa(j+1)
				if rank[fs[j].Severity] > rank[sev] {
					sev = fs[j].Severity
				}
			}
			cs.Severity = string(sev)
			cs.Described = strings.Join(ids, " ")
			if i+1 == len(segs) || !equalInts(segs[i+1].Findings, s.Findings) {
				for _, j := range s.Findings {
					cs.Refs = append(cs.Refs, j+1)
				}
			}
		}
		out = append(out, cs)
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// parseHistory reads the earlier scores from the hidden field, ignoring
// anything that is not a score: the field comes back from the browser.
func parseHistory(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 || n > 100 {
			continue
		}
		out = append(out, n)
	}
	if len(out) > maxAttempts {
		out = out[len(out)-maxAttempts:]
	}
	return out
}

func joinHistory(h []int) string {
	parts := make([]string, len(h))
	for i, n := range h {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// attempts numbers the scores and says how each changed.
func attempts(h []int) []coachAttempt {
	out := make([]coachAttempt, len(h))
	for i, n := range h {
		out[i] = coachAttempt{Number: i + 1, Score: n, Change: "—"}
		if i > 0 {
			out[i].Change = signedInt(n - h[i-1])
		}
	}
	return out
}

func signedInt(d int) string {
	switch {
	case d > 0:
		return "+" + strconv.Itoa(d)
	case d < 0:
		return "−" + strconv.Itoa(-d)
	}
	return "0"
}

// spark draws the scores as a polyline in a 200 by 60 box, 0 at the bottom.
func spark(h []int) *coachSpark {
	if len(h) < 2 {
		return nil
	}
	sp := &coachSpark{}
	var pts []string
	for i, n := range h {
		x := 10 + i*180/(len(h)-1)
		y := 55 - n*50/100
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
		sp.Dots = append(sp.Dots, coachDot{X: x, Y: y, Score: n})
	}
	sp.Points = strings.Join(pts, " ")
	sp.Label = "Scores of your attempts, oldest first: " + strings.ReplaceAll(joinHistory(h), ",", ", ")
	return sp
}

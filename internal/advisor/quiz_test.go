package advisor_test

import (
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
)

func TestQuiz(t *testing.T) {
	a := mustAdvisor(t)
	src := framework.SourceText()
	qs := a.Quiz()
	if got, want := len(qs), len(a.Framework().Myths)+5; got != want {
		t.Fatalf("questions: got %d, want every myth plus five truths (%d)", got, want)
	}
	myths := map[string]bool{}
	for _, m := range a.Framework().Myths {
		myths[m.Key] = true
	}
	right := map[string]bool{}
	trues := 0
	for _, q := range qs {
		m, err := a.Answer(q.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if myths[q.ID] == m.Answer {
			t.Errorf("%s: answer %v, want %v (a myth is false, a truth true)", q.ID, m.Answer, !myths[q.ID])
		}
		if m.Reality == "" || !framework.Cites(src, m.Source) {
			t.Errorf("%s: reality %q cites %q, which is not in the source", q.ID, m.Reality, m.Source)
		}
		if m.Answer {
			trues++
		}
		right[q.ID] = m.Answer
	}
	if trues == 0 || trues == len(qs) {
		t.Errorf("%d of %d statements are true; want a mix", trues, len(qs))
	}
	r, err := a.Grade(right)
	if err != nil {
		t.Fatal(err)
	}
	if r.Correct != len(qs) || r.Percent != 100 || len(r.Unanswered) != 0 {
		t.Errorf("all right: %d/%d, %d%%, unanswered %v", r.Correct, r.Total, r.Percent, r.Unanswered)
	}
	// Answering "true" to everything scores only the truths, and an
	// unanswered question counts as not correct.
	all := map[string]bool{}
	for _, q := range qs[1:] {
		all[q.ID] = true
	}
	r, _ = a.Grade(all)
	wantCorrect := trues
	if right[qs[0].ID] {
		wantCorrect--
	}
	if r.Correct != wantCorrect || len(r.Unanswered) != 1 || r.Unanswered[0] != qs[0].ID {
		t.Errorf("all true, first unanswered: correct %d (want %d), unanswered %v", r.Correct, wantCorrect, r.Unanswered)
	}
	if _, err := a.Grade(map[string]bool{"nope": true}); fail.Code(err) != fail.Invalid || !strings.Contains(err.Error(), "born-vs-made") {
		t.Errorf("unknown id: got %v, want an invalid error listing the ids", err)
	}
	if m, _ := a.Answer("born-vs-made", false); !m.Correct || !strings.Contains(m.Reality, "practice and feedback") {
		t.Errorf("born-vs-made answered false: %+v", m)
	}
}

func TestFAQ(t *testing.T) {
	a := mustAdvisor(t)
	src := framework.SourceText()
	faq := a.FAQ()
	if len(faq) != 5 {
		t.Fatalf("faq: got %d entries, want the source's five", len(faq))
	}
	for _, e := range faq {
		if !framework.Cites(src, e.Question) || !framework.Cites(src, e.Answer) {
			t.Errorf("%s: question or answer not verbatim from the source", e.ID)
		}
	}
	if faq[2].Question != "How do I know when to manage versus lead?" {
		t.Errorf("third question: %q", faq[2].Question)
	}
}

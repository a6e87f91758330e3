package web

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const (
	coachWeak   = "I'm a leader, not a manager. Managers just push paper."
	coachStrong = "Both managing and leading are needed, and they complement each other. " +
		"When our release slipped, the launch date was fixed, so I managed: I rebuilt the schedule, set a daily quality check and tracked the budget. " +
		"As a result we shipped on time. Later, when the team feared a reorganisation, I led: I set out a vision, built a coalition of the senior engineers and persuaded the sceptics. " +
		"My natural tendency is to manage, so I practise leading by mentoring and by running the strategy sessions."
)

func TestUICoachPractice(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()

	res := c.get(t, "/coach")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /coach: %d", res.StatusCode)
	}
	for _, q := range []string{"What&#39;s the difference between a manager and a leader?", "Are you a manager or a leader?",
		"Tell me about a time you led without authority", "When do you manage and when do you lead?"} {
		if !strings.Contains(res.Body, q) {
			t.Errorf("the page does not offer %q", q)
		}
	}
	g, err := e.srv.growth()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range g.Advisor.FAQ() {
		if !strings.Contains(html.UnescapeString(res.Body), f.Question) {
			t.Errorf("the page does not offer the FAQ question %q", f.Question)
		}
	}

	// First attempt: weak, with the claim highlighted.
	res = c.post(t, "/coach", url.Values{"question": {"manager-or-leader"}, "text": {coachWeak}}, true)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /coach: %d\n%s", res.StatusCode, res.Body)
	}
	if !regexp.MustCompile(`<mark class="coach-mark coach-error" aria-describedby="finding-1">I&#39;m a leader, not a manager</mark>`).MatchString(res.Body) {
		t.Errorf("the claim is not marked:\n%s", res.Body)
	}
	if !strings.Contains(res.Body, `id="finding-1"`) || !strings.Contains(res.Body, "weak") {
		t.Errorf("no finding list or verdict:\n%s", res.Body)
	}
	if !strings.Contains(res.Body, ">"+html.EscapeString(coachWeak)+"</textarea>") && !strings.Contains(res.Body, ">I&#39;m a leader, not a manager. Managers just push paper.</textarea>") {
		t.Errorf("the textarea does not keep the answer")
	}
	hist := regexp.MustCompile(`name="history" value="(\d+)"`).FindStringSubmatch(res.Body)
	if hist == nil {
		t.Fatalf("no history field:\n%s", res.Body)
	}

	// Rewrite: the score rises and both attempts are listed.
	res = c.post(t, "/coach", url.Values{"question": {"manager-or-leader"}, "text": {coachStrong}, "history": {hist[1]}}, true)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /coach: %d", res.StatusCode)
	}
	m := regexp.MustCompile(`name="history" value="(\d+),(\d+)"`).FindStringSubmatch(res.Body)
	if m == nil || m[1] != hist[1] {
		t.Fatalf("history after the rewrite: %v, want %s then the new score", m, hist[1])
	}
	if first, second := atoi(t, m[1]), atoi(t, m[2]); second <= first {
		t.Errorf("the rewrite scored %s after %s; want higher", m[2], m[1])
	}
	if !strings.Contains(res.Body, `id="score-spark"`) || !strings.Contains(res.Body, `<th scope="row">2</th>`) {
		t.Errorf("no sparkline or attempts table")
	}
	if !strings.Contains(res.Body, `value="manager-or-leader" selected`) {
		t.Errorf("the question is not kept")
	}
}

func TestUICoachErrors(t *testing.T) {
	e := newUIEnv(t)
	c := e.client()
	res := c.post(t, "/coach", url.Values{"text": {"   "}, "history": {"40,x,500,60"}}, true)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#text"`) || !strings.Contains(res.Body, `aria-invalid="true"`) {
		t.Errorf("empty answer: %d\n%s", res.StatusCode, res.Body)
	}
	if !strings.Contains(res.Body, `name="history" value="40,60"`) {
		t.Errorf("the history is not cleaned and kept")
	}
	long := strings.Repeat("a", 10001)
	res = c.post(t, "/coach", url.Values{"text": {long}}, true)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "10001 characters") || !strings.Contains(res.Body, long+"</textarea>") {
		t.Errorf("too long: %d; want 422 naming the length and keeping the text", res.StatusCode)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCoachHistory(t *testing.T) {
	h := parseHistory(strings.Repeat("50,", 30) + "70")
	if len(h) != maxAttempts || h[len(h)-1] != 70 {
		t.Errorf("parseHistory kept %v", h)
	}
	if got := attempts([]int{40, 70, 65}); got[1].Change != "+30" || got[2].Change != "−5" || got[0].Change != "—" {
		t.Errorf("attempts = %+v", got)
	}
	if spark([]int{40}) != nil {
		t.Error("a sparkline of one point")
	}
}

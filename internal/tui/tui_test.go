package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

func newScorer(tb testing.TB) *profile.Scorer {
	tb.Helper()
	fw, err := framework.Default()
	if err != nil {
		tb.Fatal(err)
	}
	in, err := instrument.Load(fw, instrument.Default)
	if err != nil {
		tb.Fatal(err)
	}
	sc, err := profile.NewScorer(fw, in)
	if err != nil {
		tb.Fatal(err)
	}
	return sc
}

// rule is the answer a test respondent gives to slot j of an item, 1-based:
// spread over the whole scale, and different from item to item.
func rule(it *instrument.Item, j int) int {
	h := fnv.New32a()
	h.Write([]byte(it.ID))
	x := int(h.Sum32())
	if it.Section == instrument.Tendency {
		return 1 + x%len(it.Options)
	}
	return 1 + (x+j)%instrument.MaxRating
}

// ruleAnswers is rule written as the public answers JSON, built from the
// instrument alone so that it checks the slot layout Run writes into.
func ruleAnswers(tb testing.TB, sc *profile.Scorer) profile.Response {
	tb.Helper()
	in := sc.Instrument()
	a := profile.Answers{Instrument: in.ID, Answers: map[string]json.RawMessage{}}
	for i := range in.Items {
		it := &in.Items[i]
		var v any
		switch it.Section {
		case instrument.Capability:
			v = rule(it, 0)
		case instrument.Tendency:
			v = it.Options[rule(it, 0)-1].ID
		case instrument.SJT:
			m := map[string]int{}
			for j, o := range it.Options {
				m[o.ID] = rule(it, j)
			}
			v = m
		}
		b, _ := json.Marshal(v)
		a.Answers[it.ID] = b
	}
	r, err := sc.Encode(a)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// decoded is the answers JSON of r as plain values, for readable diffs.
func decoded(tb testing.TB, sc *profile.Scorer, r profile.Response) map[string]any {
	tb.Helper()
	out := map[string]any{}
	for id, raw := range sc.Decode(r).Answers {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			tb.Fatal(err)
		}
		out[id] = v
	}
	return out
}

// person is a scripted respondent for accessible mode. It reads what Run
// writes, works out which question is being asked from its text alone, and
// types the answer decide gives, as a person at a screen reader would.
type person struct {
	in *instrument.Instrument

	mu       sync.Mutex
	out      bytes.Buffer
	seen     int
	pending  []byte
	scenario string   // the last "Situation:" shown
	question string   // the last question shown
	asked    []string // every question answered or skipped, in order
	// decide returns the line to type for a question (its key, see
	// keyOf, and the answer kept from before, 0 if none), or false to end
	// the input.
	decide func(key string, kept int) (string, bool)
}

var (
	reSituation = regexp.MustCompile(`(?m)^Situation: (.*)$`)
	reQuestion  = regexp.MustCompile(`(?m)^(.+)\n1\. `)
	reKept      = regexp.MustCompile(` \(Enter keeps (\d)\)$`)
)

func (p *person) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *person) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.pending) == 0 {
		chunk := p.out.String()[p.seen:]
		p.seen = p.out.Len()
		if m := reSituation.FindAllStringSubmatch(chunk, -1); m != nil {
			p.scenario = m[len(m)-1][1]
		}
		if m := reQuestion.FindAllStringSubmatch(chunk, -1); m != nil {
			p.question = strings.TrimSpace(m[len(m)-1][1])
		}
		q, kept := p.question, 0
		if m := reKept.FindStringSubmatch(q); m != nil {
			kept, _ = strconv.Atoi(m[1])
			q = strings.TrimSuffix(q, m[0])
		}
		key := p.keyOf(q)
		p.asked = append(p.asked, key)
		line, ok := p.decide(key, kept)
		if !ok {
			return 0, io.EOF
		}
		p.pending = []byte(line + "\n")
	}
	n := copy(b, p.pending)
	p.pending = p.pending[n:]
	return n, nil
}

// keyOf names the question with the given text: the item id, and for a
// scenario the option id after a slash. It never looks at Run's internals.
func (p *person) keyOf(q string) string {
	for i := range p.in.Items {
		it := &p.in.Items[i]
		if it.Section != instrument.SJT && it.Text == q {
			return it.ID
		}
		if it.Section == instrument.SJT && it.Scenario == p.scenario {
			for j, o := range it.Options {
				if q == fmt.Sprintf("Response %c: %s", 'a'+j, o.Text) {
					return it.ID + "/" + o.ID
				}
			}
		}
	}
	return "unknown question " + strconv.Quote(q)
}

// byRule answers every question by rule.
func byRule(in *instrument.Instrument) func(string, int) (string, bool) {
	return func(key string, _ int) (string, bool) {
		id, opt, _ := strings.Cut(key, "/")
		it, ok := in.Item(id)
		if !ok {
			return "", false
		}
		j := 0
		for k, o := range it.Options {
			if o.ID == opt {
				j = k
			}
		}
		return strconv.Itoa(rule(it, j)), true
	}
}

func newPerson(in *instrument.Instrument, decide func(string, int) (string, bool)) *person {
	return &person{in: in, decide: decide}
}

type saved struct {
	r    profile.Response
	page int
}

func recorder(saves *[]saved) func(profile.Response, int) error {
	return func(r profile.Response, page int) error {
		*saves = append(*saves, saved{r, page})
		return nil
	}
}

// slotsAnswered counts the answered slots of r.
func slotsAnswered(r profile.Response) int {
	n := 0
	for _, v := range r {
		if v != 0 {
			n++
		}
	}
	return n
}

func TestAccessibleAnswersEveryQuestion(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	want := ruleAnswers(t, sc)
	p := newPerson(in, byRule(in))
	var saves []saved
	got, err := Run(context.Background(), sc, nil, 0, Options{In: p, Out: p, Accessible: true, Save: recorder(&saves)})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, p.out.String())
	}
	if !got.Complete() {
		t.Errorf("the response is not complete: %v", got)
	}
	if diff := cmp.Diff(decoded(t, sc, want), decoded(t, sc, got)); diff != "" {
		t.Errorf("answers (-typed +returned):\n%s", diff)
	}
	if len(p.asked) != sc.Slots() {
		t.Errorf("asked %d questions, want one per slot (%d)", len(p.asked), sc.Slots())
	}
	for _, key := range p.asked {
		if strings.HasPrefix(key, "unknown") {
			t.Errorf("the person could not tell which question this was: %s", key)
		}
	}

	pages := Pages(sc)
	if len(saves) != pages {
		t.Fatalf("Save was called %d times, want once per page (%d)", len(saves), pages)
	}
	for i, s := range saves {
		if s.page != i+1 {
			t.Errorf("save %d: page %d, want %d", i, s.page, i+1)
		}
		if i > 0 && slotsAnswered(s.r) <= slotsAnswered(saves[i-1].r) {
			t.Errorf("save %d: %d slots answered, not more than the %d before", i, slotsAnswered(s.r), slotsAnswered(saves[i-1].r))
		}
		for j, v := range s.r {
			if v != 0 && v != got[j] {
				t.Errorf("save %d: slot %d is %d, but the final answer is %d", i, j, v, got[j])
			}
		}
	}
	if diff := cmp.Diff(got, saves[len(saves)-1].r); diff != "" {
		t.Errorf("last save differs from the result:\n%s", diff)
	}
	// Every page says where the person is.
	for i := 1; i <= pages; i++ {
		if !strings.Contains(p.out.String(), fmt.Sprintf("Page %d of %d · ", i, pages)) {
			t.Errorf("no progress line for page %d", i)
		}
	}
}

func TestAccessibleQuitAndResume(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	want := ruleAnswers(t, sc)
	for _, how := range []string{"end of input", "q"} {
		t.Run(how, func(t *testing.T) {
			var saves []saved
			rule := byRule(in)
			p := newPerson(in, func(key string, kept int) (string, bool) {
				if len(saves) == 2 {
					return "q", how == "q"
				}
				return rule(key, kept)
			})
			partial, err := Run(context.Background(), sc, nil, 0, Options{In: p, Out: p, Accessible: true, Save: recorder(&saves)})
			if !errors.Is(err, ErrQuit) {
				t.Fatalf("Run = %v, want ErrQuit", err)
			}
			if len(saves) != 2 || saves[1].page != 2 {
				t.Fatalf("saves = %+v, want two, the last for page 2", saves)
			}
			if diff := cmp.Diff(saves[1].r, partial); diff != "" {
				t.Errorf("the partial response is not the answers to the first two pages (-saved +returned):\n%s", diff)
			}
			for j, v := range partial {
				if v != 0 && v != want[j] {
					t.Errorf("slot %d: kept %d, typed %d", j, v, want[j])
				}
			}
			if n := slotsAnswered(partial); n == 0 || n == sc.Slots() {
				t.Fatalf("%d slots answered after two pages", n)
			}

			resumed := newPerson(in, byRule(in))
			var more []saved
			got, err := Run(context.Background(), sc, partial, saves[1].page, Options{In: resumed, Out: resumed, Accessible: true, Save: recorder(&more)})
			if err != nil {
				t.Fatalf("resumed Run: %v", err)
			}
			if diff := cmp.Diff(decoded(t, sc, want), decoded(t, sc, got)); diff != "" {
				t.Errorf("resumed run differs from an uninterrupted one (-want +got):\n%s", diff)
			}
			if asked, left := len(resumed.asked), sc.Slots()-slotsAnswered(partial); asked != left {
				t.Errorf("the resumed run asked %d questions, want only the %d unanswered", asked, left)
			}
			if len(more) != Pages(sc)-2 {
				t.Errorf("the resumed run saved %d times, want %d", len(more), Pages(sc)-2)
			}
		})
	}
}

func TestAccessibleBackAndKeep(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	capability := in.ItemsIn(instrument.Capability)
	sixth, seventh := capability[5].ID, capability[6].ID
	want := ruleAnswers(t, sc)
	rule := byRule(in)
	var saves []saved
	var script []string // what the person did, for the failure message
	seen := map[string]int{}
	p := newPerson(in, func(key string, kept int) (string, bool) {
		seen[key]++
		var line string
		switch {
		case key == capability[0].ID && seen[key] == 1:
			line = "" // Enter alone must not answer a new question
		case key == capability[7].ID && seen[key] == 1:
			line = "b" // from the 8th question back to the 7th...
		case key == seventh && seen[key] == 2:
			line = "b" // ...and across the page to the 6th
		case key == sixth && seen[key] == 2:
			if kept == 0 {
				t.Errorf("going back to %s did not show its answer", sixth)
			}
			line = strconv.Itoa(6 - kept) // change it
		case key == seventh && seen[key] == 3:
			line = "" // keep the answer given before
		default:
			line, _ = rule(key, kept)
		}
		script = append(script, key+"="+strconv.Quote(line))
		return line, true
	})
	got, err := Run(context.Background(), sc, nil, 0, Options{In: p, Out: p, Accessible: true, Save: recorder(&saves)})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !strings.Contains(p.out.String(), "this question has no answer yet") {
		t.Errorf("Enter on an unanswered question was not refused")
	}
	off6, _ := sc.Offset(sixth)
	want[off6] = uint8(6 - ruleOf(t, in, sixth))
	if diff := cmp.Diff(decoded(t, sc, want), decoded(t, sc, got)); diff != "" {
		t.Errorf("answers (-want +got):\n%s\nscript: %s", diff, strings.Join(script[:10], " "))
	}
	// Leaving page 2 backwards saves with page 1 (index 0) to resume at.
	var pages []int
	for _, s := range saves {
		pages = append(pages, s.page)
	}
	if !slices.Equal(pages[:3], []int{1, 0, 1}) {
		t.Errorf("save pages start %v, want [1 0 1]", pages[:3])
	}
}

func ruleOf(tb testing.TB, in *instrument.Instrument, id string) int {
	it, ok := in.Item(id)
	if !ok {
		tb.Fatalf("no item %s", id)
	}
	return rule(it, 0)
}

func TestAccessibleStopsOnCancel(t *testing.T) {
	sc := newScorer(t)
	pr, pw := io.Pipe() // input that never comes
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, sc, nil, 0, Options{In: pr, Out: io.Discard, Accessible: true})
	if !errors.Is(err, ErrQuit) || !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context = %v, want ErrQuit and context.Canceled", err)
	}
}

func TestSaveErrorStopsRun(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	full := errors.New("disk full")
	p := newPerson(in, byRule(in))
	calls := 0
	got, err := Run(context.Background(), sc, nil, 0, Options{In: p, Out: p, Accessible: true, Save: func(profile.Response, int) error {
		if calls++; calls == 2 {
			return full
		}
		return nil
	}})
	if !errors.Is(err, full) || errors.Is(err, ErrQuit) {
		t.Errorf("Run = %v, want the Save error", err)
	}
	if slotsAnswered(got) == 0 {
		t.Errorf("the answers given were not returned with the error")
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "not-a-tty")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f) || IsTerminal(nil) {
		t.Errorf("a plain file or nil counts as a terminal")
	}
}

func TestRunRejectsAForeignDraft(t *testing.T) {
	sc := newScorer(t)
	_, err := Run(context.Background(), sc, make(profile.Response, 3), 0, Options{Accessible: true, In: strings.NewReader(""), Out: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "answer slots") {
		t.Errorf("Run with a 3-slot draft = %v, want an error about its slots", err)
	}
	bad := make(profile.Response, sc.Slots())
	first := sc.Instrument().ItemsIn(instrument.Tendency)[0]
	off, _ := sc.Offset(first.ID)
	bad[off] = 3
	_, err = Run(context.Background(), sc, bad, 0, Options{Accessible: true, In: strings.NewReader(""), Out: io.Discard})
	if err == nil || !strings.Contains(err.Error(), first.ID) {
		t.Errorf("Run with tendency answer 3 = %v, want an error naming %s", err, first.ID)
	}
}

func TestCompleteStartReturnsAtOnce(t *testing.T) {
	sc := newScorer(t)
	want := ruleAnswers(t, sc)
	got, err := Run(context.Background(), sc, want, Pages(sc), Options{Accessible: true, In: strings.NewReader(""), Out: io.Discard})
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("Run(complete) = %v, %v; want the response back", got, err)
	}
	if p := ResumePage(sc, want); p != Pages(sc) {
		t.Errorf("ResumePage(complete) = %d, want %d", p, Pages(sc))
	}
	if p := ResumePage(sc, make(profile.Response, sc.Slots())); p != 0 {
		t.Errorf("ResumePage(empty) = %d, want 0", p)
	}
}

// checkFits fails if the view is taller or wider than 80 × 24.
func checkFits(t *testing.T, what, view string) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > DefaultHeight {
		t.Errorf("%s: %d lines, more than %d:\n%s", what, len(lines), DefaultHeight, view)
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > DefaultWidth {
			t.Errorf("%s: line %d is %d wide: %q", what, i+1, w, l)
		}
	}
}

func TestEveryPageFits80x24(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	for _, answered := range []bool{false, true} {
		start := make(profile.Response, sc.Slots())
		if answered {
			start = ruleAnswers(t, sc)
		}
		s, err := newSession(sc, start, nil)
		if err != nil {
			t.Fatal(err)
		}
		perSection := map[string]int{}
		for p, pg := range s.pages {
			perSection[pg.section.Key]++
			if pg.section.Key == instrument.Capability && len(pg.items) > maxCapabilityPerPage {
				t.Errorf("page %d has %d capability items", p+1, len(pg.items))
			}
			for _, last := range []bool{false, true} {
				m := newScreen(s, Options{Width: DefaultWidth, Height: DefaultHeight})
				m.open(p, last)
				view := m.View()
				what := fmt.Sprintf("page %d (answered %v, focus on last %v)", p+1, answered, last)
				checkFits(t, what, view)
				if !strings.HasPrefix(view, fmt.Sprintf("Page %d of %d · ", p+1, len(s.pages))) {
					t.Errorf("%s does not start with its progress line:\n%s", what, view)
				}
				if !strings.Contains(view, pg.section.Title) || !strings.Contains(view, pg.section.Prompt) {
					t.Errorf("%s does not show its section's title and prompt", what)
				}
				// The questions themselves are never scrolled out of sight.
				for _, it := range pg.items {
					text := it.Text
					if it.Section == instrument.SJT {
						text = it.Options[len(it.Options)-1].Text
					}
					if first := strings.Fields(text)[0:3]; !strings.Contains(flat(view), strings.Join(first, " ")) {
						t.Errorf("%s does not show item %s", what, it.ID)
					}
				}
			}
		}
		if perSection[instrument.SJT] != len(in.ItemsIn(instrument.SJT)) {
			t.Errorf("%d scenario pages for %d scenarios", perSection[instrument.SJT], len(in.ItemsIn(instrument.SJT)))
		}
	}
}

// flat joins a view's lines so that wrapped text can be searched.
func flat(view string) string {
	var b strings.Builder
	for _, l := range strings.Split(view, "\n") {
		b.WriteString(strings.Trim(l, " ┃") + " ")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func press(m *screen, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "shift+tab":
			msg = tea.KeyMsg{Type: tea.KeyShiftTab}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "left":
			msg = tea.KeyMsg{Type: tea.KeyLeft}
		case "right":
			msg = tea.KeyMsg{Type: tea.KeyRight}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		m.Update(msg)
	}
}

func TestScreenKeys(t *testing.T) {
	sc := newScorer(t)
	var saves []saved
	s, err := newSession(sc, nil, recorder(&saves))
	if err != nil {
		t.Fatal(err)
	}
	m := newScreen(s, Options{Width: DefaultWidth, Height: DefaultHeight})
	m.open(0, false)
	first := s.questions(0)

	press(m, "enter")
	if !strings.Contains(m.View(), "Choose an answer first") || m.focused() != 0 {
		t.Errorf("enter on an unanswered question moved on or said nothing:\n%s", m.View())
	}
	press(m, "left")
	if v := s.draft[first[0].slot]; v != 0 {
		t.Errorf("left from 'not answered' answered %d", v)
	}
	press(m, "right", "right", "right") // 3 · Sometimes
	if !strings.Contains(m.View(), "← 3 · Sometimes →") {
		t.Errorf("three presses of right do not show 3 · Sometimes:\n%s", m.View())
	}
	n := len(first)
	press(m, "enter")
	// The middle answers arrive as one key message, as fast typing does.
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("4", n-2))})
	if m.page != 0 || m.focused() != n-1 {
		t.Fatalf("after %d answers: page %d, question %d; want page 0, question %d", n-1, m.page, m.focused(), n-1)
	}
	press(m, "9")
	if !strings.Contains(m.View(), "9 is not a choice") {
		t.Errorf("9 was not refused")
	}
	press(m, "5")
	if m.page != 1 || len(saves) != 1 || saves[0].page != 1 {
		t.Fatalf("after the page's last answer: page %d, saves %+v; want page 1 and one save for page 1", m.page, saves)
	}
	items := len(sc.Instrument().Items)
	if want := fmt.Sprintf("Page 2 of %d · %d of %d answered", len(s.pages), n, items); !strings.Contains(m.View(), want) {
		t.Errorf("page 2 does not show %q:\n%s", want, m.View())
	}

	press(m, "shift+tab")
	if m.page != 0 || m.focused() != n-1 {
		t.Fatalf("shift+tab on page 2's first question: page %d, question %d; want page 0's last", m.page, m.focused())
	}
	if !strings.Contains(m.View(), "← 5 · Almost always →") {
		t.Errorf("going back does not show the earlier answer:\n%s", m.View())
	}
	press(m, "shift+tab")
	if m.focused() != n-2 || !strings.Contains(m.View(), "← 4 · Often →") {
		t.Errorf("shift+tab within the page did not go to the previous question:\n%s", m.View())
	}
	press(m, "right", "enter", "left", "enter") // 5, then 4 on the last one
	if m.page != 1 {
		t.Fatalf("not back on page 2")
	}
	for i, q := range first {
		want := uint8(4)
		switch i {
		case 0:
			want = 3
		case n - 2:
			want = 5
		}
		if s.draft[q.slot] != want {
			t.Errorf("question %d of page 1: %d, want %d", i+1, s.draft[q.slot], want)
		}
	}
	press(m, "2", "esc")
	if !m.quit {
		t.Errorf("esc did not quit")
	}
	if got := slotsAnswered(s.draft); got != n+1 {
		t.Errorf("%d answers kept on quitting, want %d (page 1 and one of page 2)", got, n+1)
	}
	var pages []int
	for _, s := range saves {
		pages = append(pages, s.page)
	}
	if !slices.Equal(pages, []int{1, 0, 1}) {
		t.Errorf("saved for pages %v, want [1 0 1]", pages)
	}
}

func TestScreenResumeShowsEarlierAnswers(t *testing.T) {
	sc := newScorer(t)
	in := sc.Instrument()
	start := ruleAnswers(t, sc)
	s, err := newSession(sc, start, nil)
	if err != nil {
		t.Fatal(err)
	}
	for p := range s.pages {
		m := newScreen(s, Options{Width: DefaultWidth, Height: DefaultHeight})
		m.open(p, false)
		view := m.View()
		for _, q := range s.questions(p) {
			scale := in.RatingScale
			switch q.item.Section {
			case instrument.SJT:
				scale = in.SJTScale
			case instrument.Tendency:
				continue // the cursor shows the option; checked below
			}
			v := start[q.slot]
			if label := fmt.Sprintf("%d · %s", v, scale[v-1].Label); !strings.Contains(view, label) {
				t.Errorf("page %d does not pre-select %q for %s:\n%s", p+1, label, q.item.ID, view)
			}
		}
		if q := s.questions(p)[0]; q.item.Section == instrument.Tendency {
			chosen := fmt.Sprintf("> %d. %s", start[q.slot], q.item.Options[start[q.slot]-1].Text)
			if !strings.Contains(view, chosen) {
				t.Errorf("page %d does not pre-select %q:\n%s", p+1, chosen, view)
			}
		}
	}
}

func TestScreenFirstQuestionHasNoBack(t *testing.T) {
	sc := newScorer(t)
	s, _ := newSession(sc, nil, nil)
	m := newScreen(s, Options{Width: DefaultWidth, Height: DefaultHeight})
	m.open(0, false)
	press(m, "shift+tab")
	if m.page != 0 || !strings.Contains(m.View(), "This is the first question") {
		t.Errorf("shift+tab on the first question:\n%s", m.View())
	}
}

func TestScreenCompletes(t *testing.T) {
	sc := newScorer(t)
	want := ruleAnswers(t, sc)
	var saves []saved
	s, _ := newSession(sc, nil, recorder(&saves))
	m := newScreen(s, Options{Width: DefaultWidth, Height: DefaultHeight})
	m.open(0, false)
	for !m.done && !m.quit {
		before := m.page*1000 + m.focused()
		press(m, strconv.Itoa(int(want[m.refs[m.focused()].slot])))
		if after := m.page*1000 + m.focused(); after == before && !m.done {
			t.Fatalf("a digit did not move on from page %d question %d", m.page, m.focused())
		}
	}
	if !m.done || !slices.Equal(s.draft, want) {
		t.Errorf("done %v; draft equals the typed answers: %v", m.done, slices.Equal(s.draft, want))
	}
	if len(saves) != len(s.pages) || saves[len(saves)-1].page != len(s.pages) {
		t.Errorf("%d saves, the last for page %d; want %d, the last for %d", len(saves), saves[len(saves)-1].page, len(s.pages), len(s.pages))
	}
}

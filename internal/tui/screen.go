package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// notAnswered is the first choice of every select: huh always has an option
// under the cursor, and without this one a question nobody answered would
// look answered with its first option.
const notAnswered = "○ not answered"

// newTheme is huh's Charm theme; a compact page has no blank line between
// its questions, which is what lets a scenario and its four ratings fit.
func newTheme(compact bool) *huh.Theme {
	t := huh.ThemeCharm()
	if compact {
		t.FieldSeparator = lipgloss.NewStyle().SetString("\n")
	}
	return t
}

// screenFields builds the full-screen fields of one item; value(j) is where
// the answer to its j-th slot lives. A scenario's text is not a field: the
// page header shows it, so that it never scrolls out of sight.
func screenFields(in *instrument.Instrument, it *instrument.Item, value func(j int) *uint8) []*huh.Select[uint8] {
	switch it.Section {
	case instrument.Capability:
		return []*huh.Select[uint8]{ratingSelect(it.Text, in.RatingScale, value(0))}
	case instrument.Tendency:
		opts := []huh.Option[uint8]{huh.NewOption(notAnswered, uint8(0))}
		for j, o := range it.Options {
			opts = append(opts, huh.NewOption(fmt.Sprintf("%d. %s", j+1, o.Text), uint8(j+1)))
		}
		return []*huh.Select[uint8]{huh.NewSelect[uint8]().Title(it.Text).Value(value(0)).Options(opts...)}
	default:
		var sels []*huh.Select[uint8]
		for j, o := range it.Options {
			sels = append(sels, ratingSelect(fmt.Sprintf("%c. %s", 'a'+j, o.Text), in.SJTScale, value(j)))
		}
		return sels
	}
}

// ratingSelect is a one-line select over a labelled scale: "← 4 · Often →".
func ratingSelect(title string, scale []instrument.ScalePoint, v *uint8) *huh.Select[uint8] {
	opts := []huh.Option[uint8]{huh.NewOption(notAnswered, uint8(0))}
	for _, p := range scale {
		opts = append(opts, huh.NewOption(fmt.Sprintf("%d · %s", p.Value, p.Label), uint8(p.Value)))
	}
	return huh.NewSelect[uint8]().Title(title).Inline(true).Value(v).Options(opts...)
}

// header is what tops every page: the progress line, the section's title and
// prompt, and on a scenario page the scenario.
func header(theme *huh.Theme, progress string, pg page, width int) string {
	line := progress
	if bar := min(24, width-lipgloss.Width(progress)-2); bar >= 6 {
		line += "  " + progressBar(progress, bar)
	}
	line = lipgloss.NewStyle().MaxWidth(width).Render(line)
	sec := theme.Group.Title.Render(pg.section.Title) + " · " + theme.Group.Description.Render(pg.section.Prompt)
	out := line + "\n" + lipgloss.NewStyle().Width(width).Render(sec)
	var scenarios []string
	for _, it := range pg.items {
		if it.Scenario != "" {
			scenarios = append(scenarios, it.Scenario)
		}
	}
	if len(scenarios) > 0 {
		// Indented to line up with the questions' text.
		out += "\n\n" + lipgloss.NewStyle().PaddingLeft(2).Width(width).Render(strings.Join(scenarios, "\n\n"))
	}
	return out
}

// progressBar draws "n of m answered" (parsed back from the progress line to
// keep one source of truth) as a bar of the given width.
func progressBar(progress string, width int) string {
	var p, pages, n, total int
	if _, err := fmt.Sscanf(progress, "Page %d of %d · %d of %d answered", &p, &pages, &n, &total); err != nil || total == 0 {
		return ""
	}
	done := width * n / total
	return strings.Repeat("━", done) + strings.Repeat("─", width-done)
}

// chromeHeight is the number of lines a page takes besides its questions: the
// header, a blank line, and a blank line and the help line below.
func chromeHeight(theme *huh.Theme, pg page, width int) int {
	return lipgloss.Height(header(theme, "Page 1 of 1 · 0 of 1 answered", pg, width)) + 3
}

// fieldRef ties a select on the current page to its answer slot.
type fieldRef struct {
	sel    *huh.Select[uint8]
	slot   int
	max    uint8
	inline bool
}

func (r fieldRef) how() string {
	if r.inline {
		return fmt.Sprintf("←/→ or 1-%d", r.max)
	}
	return fmt.Sprintf("↑/↓ or 1-%d", r.max)
}

// screen is the full-screen questionnaire: a Bubble Tea model that shows one
// page at a time as a huh form and does the moving between questions and
// pages itself, so that shift+tab crosses pages and every page left is saved.
type screen struct {
	s             *session
	theme         *huh.Theme
	maxW, maxH    int
	width, height int
	page          int
	form          *huh.Form
	refs          []fieldRef
	byKey         map[string]int
	initCmd       tea.Cmd
	hint          string
	quit, done    bool
	err           error
}

func newScreen(s *session, opt Options) *screen {
	return &screen{s: s, maxW: opt.Width, maxH: opt.Height, width: opt.Width, height: opt.Height}
}

func (s *session) runScreen(ctx context.Context, page int, opt Options) (profile.Response, error) {
	// Ask the terminal for its background colour now, before Bubble Tea
	// reads the input: lipgloss would otherwise ask mid-run, and the two
	// would fight over the reply.
	lipgloss.HasDarkBackground()
	m := newScreen(s, opt)
	m.initCmd = m.open(page, false)
	p := tea.NewProgram(m, tea.WithInput(opt.In), tea.WithOutput(opt.Out), tea.WithContext(ctx), tea.WithAltScreen())
	_, runErr := p.Run()
	switch {
	case m.err != nil:
		return s.draft, m.err
	case m.done:
		return s.draft, nil
	case ctx.Err() != nil:
		return s.draft, fmt.Errorf("%w: %w", ErrQuit, ctx.Err())
	case m.quit, errors.Is(runErr, tea.ErrInterrupted):
		return s.draft, ErrQuit
	case runErr != nil:
		return s.draft, fmt.Errorf("tui: %w", runErr)
	}
	return s.draft, ErrQuit
}

// open shows page p, focused on its first question or, when coming back from
// the next page, its last.
func (m *screen) open(p int, last bool) tea.Cmd {
	m.page, m.hint = p, ""
	m.refs, m.byKey = nil, map[string]int{}
	var fields []huh.Field
	for _, it := range m.s.pages[p].items {
		off, _ := m.s.sc.Offset(it.ID)
		for j, sel := range screenFields(m.s.in, it, func(j int) *uint8 { return &m.s.draft[off+j] }) {
			key := fmt.Sprintf("slot-%d", off+j)
			sel.Key(key)
			m.byKey[key] = len(m.refs)
			m.refs = append(m.refs, fieldRef{sel: sel, slot: off + j, max: slotsOf(it)[j], inline: it.Section != instrument.Tendency})
			fields = append(fields, sel)
		}
	}
	m.theme = newTheme(m.s.pages[p].compact())
	m.form = huh.NewForm(huh.NewGroup(fields...)).
		WithTheme(m.theme).
		WithShowHelp(false).
		WithShowErrors(false).
		WithWidth(m.width).
		WithHeight(m.bodyHeight())
	cmds := []tea.Cmd{m.form.Init()}
	if last {
		for range len(m.refs) - 1 {
			cmds = append(cmds, m.form.NextField())
		}
	}
	return tea.Batch(cmds...)
}

func (m *screen) bodyHeight() int {
	return max(3, m.height-chromeHeight(m.theme, m.s.pages[m.page], m.width))
}

func (m *screen) Init() tea.Cmd { return m.initCmd }

func (m *screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		if msg.Width > 0 {
			m.width = min(m.maxW, msg.Width)
		}
		if msg.Height > 0 {
			m.height = min(m.maxH, msg.Height)
		}
		m.form.WithWidth(m.width).WithHeight(m.bodyHeight())
		return m.pass(msg) // the form rewraps its questions on any update
	case tea.KeyMsg:
		return m.key(msg)
	}
	return m.pass(msg)
}

func (m *screen) pass(msg tea.Msg) (tea.Model, tea.Cmd) {
	f, cmd := m.form.Update(msg)
	m.form = f.(*huh.Form)
	return m, cmd
}

// key handles every key press. Only the keys that change the answer under the
// cursor reach the form; moving between questions and pages is done here.
func (m *screen) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 {
		// Keys typed faster than they are read arrive together ("44"):
		// take them one at a time, as they were typed.
		var cmds []tea.Cmd
		for _, r := range msg.Runes {
			if m.quit || m.done || m.err != nil {
				break
			}
			_, cmd := m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...)
	}
	m.hint = ""
	r := m.refs[m.focused()]
	v := m.s.draft[r.slot]
	switch k := msg.String(); k {
	case "ctrl+c", "esc":
		m.quit = true
		return m, tea.Quit
	case "shift+tab":
		return m.back()
	case "enter", "tab":
		return m.next()
	case "left", "h", "up", "k":
		if v <= 1 { // never back onto "not answered"
			return m, nil
		}
		return m.pass(msg)
	case "right", "l", "down", "j":
		if v >= r.max {
			return m, nil
		}
		return m.pass(msg)
	default:
		if len(k) == 1 && k[0] >= '1' && k[0] <= '9' {
			d := k[0] - '0'
			if d > r.max {
				m.hint = fmt.Sprintf("%d is not a choice here: use %s.", d, r.how())
				return m, nil
			}
			m.s.draft[r.slot] = d
			r.sel.Value(&m.s.draft[r.slot]) // move the cursor to the new answer
			return m.next()
		}
		return m, nil
	}
}

// focused is the index in refs of the select with the focus.
func (m *screen) focused() int {
	if f := m.form.GetFocusedField(); f != nil {
		if i, ok := m.byKey[f.GetKey()]; ok {
			return i
		}
	}
	return 0
}

func (m *screen) next() (tea.Model, tea.Cmd) {
	i := m.focused()
	r := m.refs[i]
	if m.s.draft[r.slot] == 0 {
		m.hint = fmt.Sprintf("Choose an answer first: %s.", r.how())
		return m, nil
	}
	if i < len(m.refs)-1 {
		return m, m.form.NextField()
	}
	next, hint := m.page+1, ""
	if next == len(m.s.pages) && !m.s.draft.Complete() {
		next, hint = m.s.resumePage(), "Some earlier questions have no answer yet."
	}
	if err := m.s.leave(next); err != nil {
		m.err = err
		return m, tea.Quit
	}
	if next == len(m.s.pages) {
		m.done = true
		return m, tea.Quit
	}
	cmd := m.open(next, false)
	m.hint = hint
	return m, cmd
}

func (m *screen) back() (tea.Model, tea.Cmd) {
	if m.focused() > 0 {
		return m, m.form.PrevField()
	}
	if m.page == 0 {
		m.hint = "This is the first question."
		return m, nil
	}
	if err := m.s.leave(m.page - 1); err != nil {
		m.err = err
		return m, tea.Quit
	}
	return m, m.open(m.page-1, true)
}

func (m *screen) View() string {
	if m.quit || m.done || m.err != nil {
		return ""
	}
	foot := lipgloss.NewStyle().Faint(true).Render(
		m.refs[m.focused()].how() + " choose · enter next · shift+tab back · esc save and quit")
	if m.hint != "" {
		foot = m.theme.Focused.ErrorMessage.UnsetString().Render(m.hint)
	}
	foot = lipgloss.NewStyle().MaxWidth(m.width).Render(foot)
	return header(m.theme, m.s.progress(m.page), m.s.pages[m.page], m.width) + "\n\n" + m.form.View() + "\n\n" + foot
}

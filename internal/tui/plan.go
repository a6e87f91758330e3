package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// maxCapabilityPerPage keeps a page of ratings short enough to answer without
// losing the thread; longer item texts make pages shorter still.
const maxCapabilityPerPage = 6

// page is one screen: a run of items of one section.
type page struct {
	section instrument.Section
	items   []*instrument.Item
}

// question is one answer slot: a capability item, a tendency pair, or one
// option of a scenario.
type question struct {
	item   *instrument.Item
	option int // the scenario option rated; -1 for other items
	slot   int // index into the Response
}

// session is the state both modes share: the page plan and the answers so far.
type session struct {
	sc    *profile.Scorer
	in    *instrument.Instrument
	pages []page
	draft profile.Response
	save  func(profile.Response, int) error
	// saved is the last page index passed to save, for error messages.
	saved int
}

func newSession(sc *profile.Scorer, start profile.Response, save func(profile.Response, int) error) (*session, error) {
	in := sc.Instrument()
	s := &session{sc: sc, in: in, save: save, saved: -1}
	if start == nil {
		s.draft = make(profile.Response, sc.Slots())
	} else {
		if err := checkStart(sc, in, start); err != nil {
			return nil, err
		}
		s.draft = slices.Clone(start)
	}
	s.pages = plan(in)
	return s, nil
}

// slotsOf returns, for each answer slot of the item, the highest value it takes.
func slotsOf(it *instrument.Item) []uint8 {
	switch it.Section {
	case instrument.Capability:
		return []uint8{instrument.MaxRating}
	case instrument.Tendency:
		return []uint8{uint8(len(it.Options))}
	default:
		n := make([]uint8, len(it.Options))
		for i := range n {
			n[i] = instrument.MaxRating
		}
		return n
	}
}

func (s *session) questions(p int) []question {
	var qs []question
	for _, it := range s.pages[p].items {
		off, _ := s.sc.Offset(it.ID)
		if it.Section == instrument.SJT {
			for j := range it.Options {
				qs = append(qs, question{item: it, option: j, slot: off + j})
			}
			continue
		}
		qs = append(qs, question{item: it, option: -1, slot: off})
	}
	return qs
}

// answered counts the items whose every slot has an answer.
func (s *session) answered() int {
	n := 0
	for i := range s.in.Items {
		if s.itemDone(&s.in.Items[i]) {
			n++
		}
	}
	return n
}

func (s *session) itemDone(it *instrument.Item) bool {
	off, _ := s.sc.Offset(it.ID)
	for j := range slotsOf(it) {
		if s.draft[off+j] == 0 {
			return false
		}
	}
	return true
}

// resumePage is the first page with an unanswered question, or len(pages).
func (s *session) resumePage() int {
	for p, pg := range s.pages {
		for _, it := range pg.items {
			if !s.itemDone(it) {
				return p
			}
		}
	}
	return len(s.pages)
}

// progress is the line every page starts with.
func (s *session) progress(p int) string {
	return fmt.Sprintf("Page %d of %d · %d of %d answered", p+1, len(s.pages), s.answered(), len(s.in.Items))
}

// leave records that the person left a page for page next.
func (s *session) leave(next int) error {
	if s.save == nil {
		return nil
	}
	if err := s.save(slices.Clone(s.draft), next); err != nil {
		return fmt.Errorf("tui: saving the draft before page %d: %w", next+1, err)
	}
	s.saved = next
	return nil
}

// compact pages have no blank lines between their questions.
func (pg page) compact() bool { return pg.section.Key == instrument.SJT }

// plan cuts the instrument into pages that fit DefaultWidth × DefaultHeight
// as the full-screen mode draws them. It depends on the instrument alone.
func plan(in *instrument.Instrument) []page {
	var pages []page
	for _, key := range []string{instrument.Capability, instrument.Tendency, instrument.SJT} {
		sec := in.Section(key)
		var items []*instrument.Item
		for i := range in.Items {
			if in.Items[i].Section == key {
				items = append(items, &in.Items[i])
			}
		}
		if key == instrument.SJT {
			// One scenario a page, whatever its length: if one ever
			// outgrows the screen, the questions scroll under it.
			for _, it := range items {
				pages = append(pages, page{section: sec, items: []*instrument.Item{it}})
			}
			continue
		}
		limit := len(items)
		if key == instrument.Capability {
			limit = maxCapabilityPerPage
		}
		for _, run := range pack(in, sec, items, limit) {
			pages = append(pages, page{section: sec, items: run})
		}
	}
	return pages
}

// pack cuts a section's items into as few pages as fit, at most limit items
// each, and then evens the pages out if they still fit: 3, 3, 2, 2 rather
// than 3, 3, 3, 1.
func pack(in *instrument.Instrument, sec instrument.Section, items []*instrument.Item, limit int) [][]*instrument.Item {
	theme := newTheme(false)
	budget := DefaultHeight - chromeHeight(theme, page{section: sec}, DefaultWidth)
	sep := strings.Count(theme.FieldSeparator.String(), "\n") - 1
	heights := make([]int, len(items))
	for i, it := range items {
		heights[i] = itemHeight(theme, in, it, DefaultWidth)
	}
	fits := func(from, to int) bool {
		h := (to - from - 1) * sep
		for _, x := range heights[from:to] {
			h += x
		}
		return to-from <= limit && h <= budget
	}
	var greedy [][]*instrument.Item
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && fits(i, j+1) {
			j++
		}
		greedy = append(greedy, items[i:j])
		i = j
	}
	k := len(greedy)
	var even [][]*instrument.Item
	for i, from := 0, 0; i < k; i++ {
		to := from + len(items)/k
		if i < len(items)%k {
			to++
		}
		if !fits(from, to) {
			return greedy
		}
		even = append(even, items[from:to])
		from = to
	}
	return even
}

// itemHeight is the number of lines the item's questions take at width.
func itemHeight(theme *huh.Theme, in *instrument.Instrument, it *instrument.Item, width int) int {
	var v uint8
	h := 0
	for _, f := range screenFields(in, it, func(int) *uint8 { return &v }) {
		f.WithTheme(theme).WithWidth(width)
		h += lipgloss.Height(f.View())
	}
	return h
}

package bulk

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"encoding/json"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// ResponseRow is one respondent's complete, checked answers.
type ResponseRow struct {
	Line     int
	Email    string
	Response profile.Response
}

// ReadResponses reads historical responses in the psychometrics CSV
// format, respondent,<item id>,..., extended so that each row is a complete
// run of the instrument and can be scored and stored as an assessment:
// besides the capability items (1-5), the header names each tendency item
// (cell "a" or "b") and each scenario option as <item id>:<option id>
// (1-5). A file with capability items only is refused at its header: the
// instrument's scores need every answer, and inventing the rest would store
// profiles nobody gave.
func ReadResponses(r io.Reader, sc *profile.Scorer) ([]ResponseRow, Problems, error) {
	in := sc.Instrument()
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, fail.Errorf(fail.Invalid, "the file is empty: its first line must be the header %s,<item id>,...", RespondentColumn)
	}
	if err != nil {
		return nil, nil, fail.Errorf(fail.Invalid, "cannot read the header: %v", err)
	}
	// want is every column a complete row needs.
	want := map[string]bool{}
	for _, it := range in.Items {
		if it.Section == instrument.Capability || it.Section == instrument.Tendency {
			want[it.ID] = true
			continue
		}
		for _, o := range it.Options {
			want[it.ID+":"+o.ID] = true
		}
	}
	var probs Problems
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		cols[i] = h
		switch {
		case i == 0 && h != RespondentColumn:
			probs = append(probs, Problem{1, h, "the first column must be " + RespondentColumn})
		case i == 0:
		case seen[h]:
			probs = append(probs, Problem{1, h, "named twice in the header"})
		case !want[h]:
			probs = append(probs, Problem{1, h, fmt.Sprintf("not an item of %s (a scenario option is <item id>:<option id>)", in.ID)})
		}
		seen[h] = true
	}
	var missing []string
	for c := range want {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		probs = append(probs, Problem{1, "", fmt.Sprintf("%d columns of %s are missing, so no row could be scored as a complete assessment: %s",
			len(missing), in.ID, joinMax(missing, 6))})
	}
	if len(probs) > 0 {
		return nil, probs, nil
	}
	var rows []ResponseRow
	firstLine := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, probs, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			probs = append(probs, Problem{Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(cols) {
			probs = append(probs, Problem{Line: line, Msg: fmt.Sprintf("%d fields, not the header's %d", len(rec), len(cols))})
			continue
		}
		email := strings.TrimSpace(rec[0])
		var bad []Problem
		if msg := checkEmail(email); msg != "" {
			bad = append(bad, Problem{line, RespondentColumn, msg})
		} else if first, ok := firstLine[strings.ToLower(email)]; ok {
			bad = append(bad, Problem{line, RespondentColumn, fmt.Sprintf("%s already answered on line %d; import one response per person per file", email, first)})
		} else {
			firstLine[strings.ToLower(email)] = line
		}
		resp, cellProbs := encodeRow(sc, cols, rec, line)
		bad = append(bad, cellProbs...)
		if len(bad) > 0 {
			probs = append(probs, bad...)
			continue
		}
		rows = append(rows, ResponseRow{Line: line, Email: email, Response: resp})
	}
}

// encodeRow builds the answers JSON of one row and checks it with the scorer.
func encodeRow(sc *profile.Scorer, cols, rec []string, line int) (profile.Response, []Problem) {
	a := profile.Answers{Instrument: sc.Instrument().ID, Answers: map[string]json.RawMessage{}}
	scen := map[string]map[string]json.RawMessage{}
	var empty []Problem
	for i := 1; i < len(cols); i++ {
		cell := strings.TrimSpace(rec[i])
		if cell == "" {
			empty = append(empty, Problem{line, cols[i], "is empty: every answer is needed to score the assessment"})
			continue
		}
		if item, opt, ok := strings.Cut(cols[i], ":"); ok {
			if scen[item] == nil {
				scen[item] = map[string]json.RawMessage{}
			}
			scen[item][opt] = ParseCell(cell)
			continue
		}
		a.Answers[cols[i]] = ParseCell(cell)
	}
	if len(empty) > 0 {
		return nil, empty
	}
	for item, opts := range scen {
		b, _ := json.Marshal(opts)
		a.Answers[item] = b
	}
	r, err := sc.Encode(a)
	if err == nil {
		return r, nil
	}
	var fe *fail.Error
	if !errors.As(err, &fe) || len(fe.Fields) == 0 {
		return nil, []Problem{{line, "", err.Error()}}
	}
	var out []Problem
	for _, id := range slices.Sorted(mapsKeys(fe.Fields)) {
		out = append(out, Problem{line, id, fe.Fields[id]})
	}
	return nil, out
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func joinMax(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

// ResponseHeader is the header of a responses file for the scorer's
// instrument, in the instrument's item order: what ReadResponses wants.
func ResponseHeader(sc *profile.Scorer) []string {
	out := []string{RespondentColumn}
	for _, it := range sc.Instrument().Items {
		if it.Section == instrument.Capability || it.Section == instrument.Tendency {
			out = append(out, it.ID)
			continue
		}
		for _, o := range it.Options {
			out = append(out, it.ID+":"+o.ID)
		}
	}
	return out
}

// ResponseRecord is one row of a responses file holding answers, in
// ResponseHeader's order.
func ResponseRecord(sc *profile.Scorer, email string, a profile.Answers) []string {
	h := ResponseHeader(sc)
	out := make([]string, len(h))
	out[0] = email
	for i := 1; i < len(h); i++ {
		item, opt, ok := strings.Cut(h[i], ":")
		raw := a.Answers[item]
		if ok {
			var m map[string]json.RawMessage
			_ = json.Unmarshal(raw, &m)
			raw = m[opt]
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw)
		}
		out[i] = s
	}
	return out
}

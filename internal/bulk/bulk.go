// Package bulk reads the CSV files that import people, teams and historical
// responses into an organisation, and checks every row before anything is
// stored, so that an import reports all of a file's mistakes at once, each
// with its line and column. It is pure: it reads from an io.Reader and
// returns values; the store is the caller's.
package bulk

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/fail"
)

// Problem is one bad row, or one bad field of a row.
type Problem struct {
	// Line is the file's line number (1-based) where the row starts.
	Line int
	// Column names the field, or is "" for the whole row.
	Column string
	Msg    string
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return fmt.Sprintf("line %d, column %s: %s", p.Line, p.Column, p.Msg)
}

// Problems are every mistake found in a file, in line order.
type Problems []Problem

// Lines lists the lines with at least one problem, in order, once each.
func (ps Problems) Lines() []int {
	var out []int
	for _, p := range ps {
		if !slices.Contains(out, p.Line) {
			out = append(out, p.Line)
		}
	}
	slices.Sort(out)
	return out
}

// Err is a fail.Invalid error listing every problem, or nil when there is none.
func (ps Problems) Err(file string) error {
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return a.Line - b.Line })
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bad rows; nothing was imported (fix them, or import only the good rows with --valid-only):", file, len(ps.Lines()))
	for _, p := range ps {
		b.WriteString("\n  " + p.String())
	}
	return &fail.Error{Code: fail.Invalid, Message: b.String()}
}

// table reads a CSV file with a header naming columns, and calls row with
// each record's line and a lookup by column name. required columns must be
// in the header, and only known ones may be.
func table(r io.Reader, required, optional []string, row func(line int, get func(string) string) []Problem) (Problems, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail.Errorf(fail.Invalid, "the file is empty: its first line must be the header %s", strings.Join(required, ","))
	}
	if err != nil {
		return nil, fail.Errorf(fail.Invalid, "cannot read the header: %v", err)
	}
	col := map[string]int{}
	var probs Problems
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !slices.Contains(required, h) && !slices.Contains(optional, h):
			probs = append(probs, Problem{1, h, "unknown column; the header is " + strings.Join(append(required, optional...), ",")})
		case col[h] != 0:
			probs = append(probs, Problem{1, h, "named twice in the header"})
		}
		col[h] = i + 1
	}
	for _, h := range required {
		if col[h] == 0 {
			probs = append(probs, Problem{1, h, "missing from the header, which must name " + strings.Join(required, ",")})
		}
	}
	if len(probs) > 0 {
		return probs, nil
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return probs, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			probs = append(probs, Problem{Line: pe.StartLine, Msg: "malformed CSV: " + pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) > len(header) {
			probs = append(probs, Problem{Line: line, Msg: fmt.Sprintf("%d fields, more than the header's %d", len(rec), len(header))})
			continue
		}
		get := func(name string) string {
			if i := col[name]; i > 0 && i <= len(rec) {
				return strings.TrimSpace(rec[i-1])
			}
			return ""
		}
		probs = append(probs, row(line, get)...)
	}
}

// PersonRow is one person to import.
type PersonRow struct {
	Line        int
	Email, Name string
	// TeamID is the team the person joins, or "".
	TeamID string
}

// ReadPeople reads email,name[,team_id] rows and returns the good ones and
// every problem; an email repeated after a good row is a problem on the
// later line.
func ReadPeople(r io.Reader) ([]PersonRow, Problems, error) {
	var rows []PersonRow
	seen := map[string]int{}
	probs, err := table(r, []string{"email", "name"}, []string{"team_id"}, func(line int, get func(string) string) []Problem {
		p := PersonRow{Line: line, Email: get("email"), Name: get("name"), TeamID: get("team_id")}
		var bad []Problem
		if msg := checkEmail(p.Email); msg != "" {
			bad = append(bad, Problem{line, "email", msg})
		} else if first, ok := seen[strings.ToLower(p.Email)]; ok {
			bad = append(bad, Problem{line, "email", fmt.Sprintf("%s is already on line %d", p.Email, first)})
		}
		if p.Name == "" {
			bad = append(bad, Problem{line, "name", "is required"})
		}
		// Only a good row claims its email: a later, correct row for the
		// same person is the one to import.
		if len(bad) == 0 {
			seen[strings.ToLower(p.Email)] = line
			rows = append(rows, p)
		}
		return bad
	})
	return rows, probs, err
}

func checkEmail(s string) string {
	if s == "" {
		return "is required"
	}
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return fmt.Sprintf("%q is not an email address", s)
	}
	return ""
}

// TeamRow is one team to import.
type TeamRow struct {
	Line               int
	ID, ParentID, Name string
	Contexts           []string
	Phase              string
}

// Vocabulary is what a team's contexts and phase may be: the framework's keys.
type Vocabulary struct {
	Contexts, Phases []string
}

// ReadTeams reads id,parent_id,name,contexts,phase rows; contexts are
// separated by ";" and, with the phase, must be the vocabulary's keys. A
// parent must be a team of the file or one of existing.
func ReadTeams(r io.Reader, v Vocabulary, existing []string) ([]TeamRow, Problems, error) {
	var all []TeamRow
	bad := map[int]bool{}
	seen := map[string]int{}
	probs, err := table(r, []string{"id", "name"}, []string{"parent_id", "contexts", "phase"}, func(line int, get func(string) string) []Problem {
		t := TeamRow{Line: line, ID: get("id"), ParentID: get("parent_id"), Name: get("name"), Phase: get("phase")}
		var ps []Problem
		if t.ID == "" {
			ps = append(ps, Problem{line, "id", "is required"})
		} else if first, ok := seen[t.ID]; ok {
			ps = append(ps, Problem{line, "id", fmt.Sprintf("team %s is already on line %d", t.ID, first)})
		} else {
			seen[t.ID] = line
		}
		if t.Name == "" {
			ps = append(ps, Problem{line, "name", "is required"})
		}
		if t.ParentID != "" && t.ParentID == t.ID {
			ps = append(ps, Problem{line, "parent_id", "a team cannot be its own parent"})
		}
		for _, c := range strings.Split(get("contexts"), ";") {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			if !slices.Contains(v.Contexts, c) {
				ps = append(ps, Problem{line, "contexts", fmt.Sprintf("unknown context %q; want some of %s, separated by ;", c, strings.Join(v.Contexts, ", "))})
			}
			t.Contexts = append(t.Contexts, c)
		}
		if t.Phase != "" && !slices.Contains(v.Phases, t.Phase) {
			ps = append(ps, Problem{line, "phase", fmt.Sprintf("unknown phase %q; want one of %s", t.Phase, strings.Join(v.Phases, ", "))})
		}
		if len(ps) > 0 {
			bad[line] = true
		}
		all = append(all, t)
		return ps
	})
	if err != nil || len(probs) > 0 && len(all) == 0 {
		return nil, probs, err
	}
	// A parent must exist, and must itself be good; repeat until no more
	// rows fall, as a bad parent makes its children bad too.
	known := map[string]bool{}
	for _, id := range existing {
		known[id] = true
	}
	for changed := true; changed; {
		changed = false
		good := map[string]bool{}
		for _, t := range all {
			if !bad[t.Line] {
				good[t.ID] = true
			}
		}
		for _, t := range all {
			if bad[t.Line] || t.ParentID == "" || good[t.ParentID] {
				continue
			}
			msg := fmt.Sprintf("no team %q in the file or the organisation", t.ParentID)
			if _, inFile := seen[t.ParentID]; inFile {
				msg = fmt.Sprintf("parent team %q is on a bad line", t.ParentID)
			} else if known[t.ParentID] {
				continue
			}
			probs = append(probs, Problem{t.Line, "parent_id", msg})
			bad[t.Line], changed = true, true
		}
	}
	var rows []TeamRow
	for _, t := range all {
		if !bad[t.Line] {
			rows = append(rows, t)
		}
	}
	return rows, probs, nil
}

// RespondentColumn heads the column of respondents' emails in a responses
// file, as in the psychometrics format.
const RespondentColumn = "respondent"

// ParseCell turns one CSV cell of a responses file into the JSON value the
// answers format holds: a number for a rating, else a string (an option id).
func ParseCell(s string) []byte {
	if n, err := strconv.Atoi(s); err == nil {
		return []byte(strconv.Itoa(n))
	}
	return strconv.AppendQuote(nil, s)
}

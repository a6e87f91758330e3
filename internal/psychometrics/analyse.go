package psychometrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/fail"
)

// RespondentColumn is the name the first column of a responses file must
// have.
const RespondentColumn = "respondent"

// Report is the analysis of a responses file.
type Report struct {
	// Instrument is the id of the instrument the responses answer.
	Instrument string
	// N is the number of respondents (data rows) in the file.
	N int64
	// Groups are the scales, then the facets, that have at least one item in
	// the file, in the order of the Design.
	Groups []Reliability
}

// Analyse reads a responses CSV in one pass and analyses every scale and
// facet of the design that has items in it. The file's header is
// `respondent,<item id>,...`, naming any of the design's items in any order;
// each row holds a respondent's ratings, an empty cell for no answer. Memory
// depends on the number of items, not of respondents.
//
// Bad input is a fail.Invalid error naming the line, the column and the item:
// an unknown or unrated item id, a repeated id, a value that is not a whole
// number in range, a row with too few or too many cells.
func Analyse(ctx context.Context, r io.Reader, d Design) (*Report, error) {
	rr := newRowReader(r)
	fields, err := rr.read()
	if errors.Is(err, io.EOF) {
		return nil, invalid("the file is empty; its first line must be the header %s,<item id>,...", RespondentColumn)
	}
	if err != nil {
		return nil, readError(err)
	}
	header := make([]string, len(fields))
	for c, f := range fields {
		header[c] = string(f)
	}
	acc, err := d.accumulator(header)
	if err != nil {
		return nil, err
	}
	row := make([]uint8, len(header)-1)
	for {
		rec, err := rr.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
		if len(rec) != len(header) {
			if len(rec) < len(header) {
				return nil, invalid("line %d, column %d (item %s): the row ends after %d columns, but the header has %d; leave a cell empty for no answer",
					rr.line, len(rec)+1, header[len(rec)], len(rec), len(header))
			}
			return nil, invalid("line %d, column %d: the row has %d columns, but the header has %d", rr.line, len(header)+1, len(rec), len(header))
		}
		for c, cell := range rec[1:] {
			v, ok := rating(cell, d.Min, d.Max)
			if !ok {
				return nil, invalid("line %d, column %d (item %s): %s", rr.line, c+2, header[c+1], badRating(string(cell), d.Min, d.Max))
			}
			row[c] = v
		}
		acc.Add(row)
		if acc.pending == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
	}
	if acc.N() == 0 {
		return nil, invalid("the file has a header but no responses")
	}
	rep := &Report{Instrument: d.Instrument, N: acc.N()}
	for g := range acc.Groups() {
		rep.Groups = append(rep.Groups, acc.Reliability(g))
	}
	return rep, nil
}

// accumulator checks the header and returns an accumulator over the file's
// item columns, with the design's groups restricted to them.
func (d Design) accumulator(header []string) (*Accumulator, error) {
	header[0] = strings.TrimPrefix(header[0], "\ufeff")
	if strings.TrimSpace(header[0]) != RespondentColumn {
		return nil, invalid("line 1, column 1: the header must start with %q, not %q", RespondentColumn, header[0])
	}
	if len(header) < 2 {
		return nil, invalid("line 1: the header names no items; it must be %s,<item id>,...", RespondentColumn)
	}
	index := make(map[string]int, len(d.Items))
	for i, it := range d.Items {
		index[it.ID] = i
	}
	var items []Item
	at := map[int]int{} // design item → column
	for c, id := range header[1:] {
		id = strings.TrimSpace(id)
		header[c+1] = id
		i, ok := index[id]
		switch {
		case ok && at[i] > 0:
			return nil, invalid("line 1, column %d: item %s appears twice in the header (first in column %d)", c+2, id, at[i]+1)
		case ok:
			at[i] = c + 1
		case d.unrated[id] != "":
			return nil, invalid("line 1, column %d: item %s is a %s item, not a rated capability item; only capability items of %s can be analysed",
				c+2, id, d.unrated[id], d.Instrument)
		default:
			return nil, invalid("line 1, column %d: unknown item id %q; the capability items of %s are listed by `twohats instrument --instrument %s`",
				c+2, id, d.Instrument, d.Instrument)
		}
		items = append(items, d.Items[i])
	}
	var groups []Group
	for _, g := range d.Groups {
		sub := Group{Name: g.Name, Kind: g.Kind}
		for _, i := range g.Items {
			if c := at[i]; c > 0 {
				sub.Items = append(sub.Items, c-1)
			}
		}
		if len(sub.Items) > 0 {
			groups = append(groups, sub)
		}
	}
	return NewAccumulator(items, groups, d.Max)
}

// rating parses one cell: "" is Missing, else a whole number in [lo, hi].
func rating(cell []byte, lo, hi int) (uint8, bool) {
	if len(cell) == 1 && cell[0] >= '0' && cell[0] <= '9' {
		v := int(cell[0] - '0')
		return uint8(v), v >= lo && v <= hi && v > 0
	}
	if len(cell) == 0 {
		return Missing, true
	}
	t := strings.TrimSpace(string(cell))
	if t == "" {
		return Missing, true
	}
	v, err := strconv.Atoi(t)
	if err != nil || v < lo || v > hi || v < 1 {
		return 0, false
	}
	return uint8(v), true
}

// badRating says what is wrong with a cell that rating refused.
func badRating(cell string, lo, hi int) string {
	t := strings.TrimSpace(cell)
	if _, err := strconv.Atoi(t); err == nil {
		return fmt.Sprintf("%s is out of range: ratings run from %d to %d (leave the cell empty for no answer)", t, lo, hi)
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return fmt.Sprintf("%s is not a whole number: ratings are whole numbers from %d to %d", t, lo, hi)
	}
	return fmt.Sprintf("%q is not a rating: ratings are whole numbers from %d to %d, or an empty cell for no answer", cell, lo, hi)
}

func readError(err error) error {
	var qe *quoteError
	if errors.As(err, &qe) {
		return invalid("line %d, column %d: %v", qe.line, qe.field, qe.err)
	}
	return invalid("cannot read the responses: %v", err)
}

func invalid(format string, args ...any) error {
	return &fail.Error{Code: fail.Invalid, Message: fmt.Sprintf(format, args...)}
}

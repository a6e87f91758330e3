package psychometrics

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// rowReader reads CSV records (RFC 4180, as encoding/csv reads them without
// LazyQuotes: quoted fields may hold commas, doubled quotes and line breaks;
// a "\r\n" line end counts as "\n"; empty lines are skipped). It exists
// because the records of a responses file are mostly one-digit fields, which
// it splits several times faster than encoding/csv, without allocating. The
// fields it returns are valid until the next read.
type rowReader struct {
	br *bufio.Reader
	// line is where the current record starts; next is the number of the
	// last line read.
	line, next int
	rec        []byte
	fields     [][]byte
	bounds     []int
}

func newRowReader(r io.Reader) *rowReader {
	return &rowReader{br: bufio.NewReaderSize(r, 1<<16)}
}

// errQuote and errBareQuote are encoding/csv's wording for its two quote
// errors.
var (
	errQuote     = errors.New(`extraneous or missing " in quoted field`)
	errBareQuote = errors.New(`bare " in non-quoted field`)
)

// quoteError is a malformed quoted field, at a field number (1-based) of the
// record starting at a line.
type quoteError struct {
	line, field int
	err         error
}

func (e *quoteError) Error() string { return e.err.Error() }

// readLine appends the next line, less its line end, to r.rec. It returns
// false at the end of the input.
func (r *rowReader) readLine() (bool, error) {
	start := len(r.rec)
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.rec = append(r.rec, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return false, err
		}
		if len(r.rec) == start && err != nil {
			return false, nil
		}
		r.next++
		n := len(r.rec)
		if n > start && r.rec[n-1] == '\n' {
			n--
			if n > start && r.rec[n-1] == '\r' {
				n--
			}
		}
		r.rec = r.rec[:n]
		return true, nil
	}
}

// read returns the fields of the next record, or io.EOF.
func (r *rowReader) read() ([][]byte, error) {
	for {
		r.rec = r.rec[:0]
		ok, err := r.readLine()
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, io.EOF
		}
		if len(r.rec) > 0 {
			break
		}
	}
	r.line = r.next
	r.bounds = r.bounds[:0]
	rec := r.rec
	pos, w := 0, 0 // read and write positions: unquoting shrinks in place
	for {
		start := w
		if pos < len(rec) && rec[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(rec[pos:], '"')
				if i < 0 {
					// The field goes on over a line break.
					r.rec = append(r.rec, '\n')
					ok, err := r.readLine()
					if err != nil {
						return nil, err
					}
					if !ok {
						return nil, &quoteError{r.line, len(r.bounds)/2 + 1, errQuote}
					}
					rec = r.rec
					continue
				}
				w += copy(rec[w:], rec[pos:pos+i])
				pos += i + 1
				if pos < len(rec) && rec[pos] == '"' {
					rec[w] = '"'
					w++
					pos++
					continue
				}
				break
			}
			if pos < len(rec) && rec[pos] != ',' {
				return nil, &quoteError{r.line, len(r.bounds)/2 + 1, errQuote}
			}
		} else {
			// Fields are short (mostly one digit): a plain loop beats
			// IndexByte's call overhead.
			end := pos
			for end < len(rec) && rec[end] != ',' {
				if rec[end] == '"' {
					return nil, &quoteError{r.line, len(r.bounds)/2 + 1, errBareQuote}
				}
				end++
			}
			if w != pos {
				copy(rec[w:], rec[pos:end])
			}
			w += end - pos
			pos = end
		}
		r.bounds = append(r.bounds, start, w)
		if pos >= len(rec) {
			break
		}
		pos++ // the comma
		if pos == len(rec) {
			r.bounds = append(r.bounds, w, w) // a trailing empty field
			break
		}
	}
	r.fields = r.fields[:0]
	for f := 0; f < len(r.bounds); f += 2 {
		r.fields = append(r.fields, rec[r.bounds[f]:r.bounds[f+1]])
	}
	return r.fields, nil
}

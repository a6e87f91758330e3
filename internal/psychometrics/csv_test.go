package psychometrics

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

// csvSeeds are inputs on which rowReader must read what encoding/csv reads.
var csvSeeds = []string{
	"a,b,c\n1,2,3\n",
	"a,b\r\n1,2\r\n",
	"a,,\n,,\n",
	"\n\na,b\n\n1,2",
	`"a,b",c` + "\n" + `"x""y",z` + "\n",
	`"multi` + "\n" + `line",2` + "\n3,4\n",
	`"multi` + "\r\n" + `line",2` + "\r\n",
	`a,"b"` + "\n",
	`""` + "\n",
	`a"b,c` + "\n",
	`"a"b,c` + "\n",
	`"unclosed,c` + "\n",
	"a,b,\n",
	"\ufeffrespondent,m.focus.1\np1,3\n",
	" a , b \n",
}

// readAll reads every record with rowReader, or the first error.
func readAll(s string) ([][]string, error) {
	r := newRowReader(strings.NewReader(s))
	var out [][]string
	for {
		rec, err := r.read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		var fields []string
		for _, f := range rec {
			fields = append(fields, string(f))
		}
		out = append(out, fields)
	}
}

func readAllStd(s string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

func FuzzRowReaderAgreesWithEncodingCSV(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, '\r') {
			// encoding/csv drops a lone \r inside a quoted field and
			// keeps it elsewhere; responses files have \r only in \r\n.
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "")
		}
		got, gerr := readAll(s)
		want, werr := readAllStd(s)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%q: rowReader error %v, encoding/csv error %v", s, gerr, werr)
		}
		if werr == nil && !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("%q:\n rowReader   %q\n encoding/csv %q", s, got, want)
		}
	})
}

func TestRowReaderLines(t *testing.T) {
	r := newRowReader(strings.NewReader("h\n\n\"a\nb\"\nc\n"))
	var lines []int
	for {
		if _, err := r.read(); err != nil {
			break
		}
		lines = append(lines, r.line)
	}
	if want := []int{1, 3, 5}; !slices.Equal(lines, want) {
		t.Errorf("records start on lines %v, want %v", lines, want)
	}
}

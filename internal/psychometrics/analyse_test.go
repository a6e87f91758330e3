package psychometrics

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/fail"
)

func TestAnalyseBadInput(t *testing.T) {
	d := mustDesign(t)
	for _, tc := range []struct {
		name string
		csv  string
		want []string // all in the message
	}{
		{"empty file", "", []string{"empty", "respondent,<item id>"}},
		{"header only", "respondent,m.focus.1,m.focus.2\n", []string{"no responses"}},
		{"no items", "respondent\np1\n", []string{"line 1", "names no items"}},
		{"no respondent column", "id,m.focus.1\nx,1\n", []string{"line 1, column 1", `"respondent"`}},
		{"unknown item", "respondent,m.focus.1,m.focus.9\np1,1,2\n", []string{"line 1, column 3", `"m.focus.9"`, "twohats instrument"}},
		{"unrated item", "respondent,m.focus.1,t.1\np1,1,2\n", []string{"line 1, column 3", "t.1", "tendency", "capability"}},
		{"repeated item", "respondent,m.focus.1,m.focus.2,m.focus.1\np1,1,2,3\n", []string{"line 1, column 4", "m.focus.1", "twice", "column 2"}},
		{"out of range", "respondent,m.focus.1,m.focus.2\np1,1,2\np2,6,2\n", []string{"line 3, column 2 (item m.focus.1)", "6 is out of range", "1 to 5"}},
		{"zero", "respondent,m.focus.1,m.focus.2\np1,1,0\n", []string{"line 2, column 3 (item m.focus.2)", "0 is out of range"}},
		{"negative", "respondent,m.focus.1,m.focus.2\np1,1,-1\n", []string{"line 2, column 3 (item m.focus.2)", "-1 is out of range"}},
		{"not whole", "respondent,m.focus.1,m.focus.2\np1,2.5,1\n", []string{"line 2, column 2 (item m.focus.1)", "2.5 is not a whole number"}},
		{"not a number", "respondent,m.focus.1,m.focus.2\np1,3,x\n", []string{"line 2, column 3 (item m.focus.2)", `"x" is not a rating`}},
		{"NA", "respondent,m.focus.1,m.focus.2\np1,NA,1\n", []string{"line 2, column 2 (item m.focus.1)", `"NA" is not a rating`, "empty cell"}},
		{"short row", "respondent,m.focus.1,m.focus.2,m.focus.3\np1,1,2,3\n\np2,1\n", []string{"line 4, column 3 (item m.focus.2)", "ends after 2 columns", "header has 4"}},
		{"long row", "respondent,m.focus.1,m.focus.2\np1,1,2,3\n", []string{"line 2, column 4", "has 4 columns", "header has 3"}},
		{"bare quote", "respondent,m.focus.1,m.focus.2\np\"1,1,2\n", []string{"line 2, column 1", `bare "`}},
		{"unclosed quote", "respondent,m.focus.1,m.focus.2\np1,1,2\n\"p2,1,2\n", []string{"line 3, column 1", `missing "`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Analyse(context.Background(), strings.NewReader(tc.csv), d)
			if err == nil {
				t.Fatalf("no error; got a report of %d groups", len(rep.Groups))
			}
			if fail.Code(err) != fail.Invalid {
				t.Errorf("code %q, want %q", fail.Code(err), fail.Invalid)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestAnalyseReadsCSVAsRFC4180(t *testing.T) {
	d := mustDesign(t)
	plain := "respondent,m.focus.1,m.focus.2,m.focus.3\np1,1,2,3\np2,2,2,4\np3,5,,1\np4,4,5,\n"
	fancy := "\ufeffrespondent , m.focus.1,m.focus.2,m.focus.3\r\n" +
		"\"p1, the first\",1,\"2\",3\r\n" +
		"\r\n" +
		"\"p\"\"2\"\"\nwith a line break\",2,2, 4 \r\n" +
		"p3,5,,1\r\n" +
		"p4,4,5,"
	want := mustAnalyse(t, d, []byte(plain))
	got := mustAnalyse(t, d, []byte(fancy))
	if got.N != 4 || want.N != 4 {
		t.Fatalf("N = %d and %d, want 4", got.N, want.N)
	}
	if a, b := flatten(got), flatten(want); !sameFigures(a, b) {
		t.Errorf("quoting, BOM, CRLF, spaces and a missing last line end changed the figures:\n got %v\nwant %v", a, b)
	}
}

func TestAnalyseColumnOrderDoesNotMatter(t *testing.T) {
	d := mustDesign(t)
	data := dataset{seed: 11, respondents: 120, missing: 0.1}.generate(d)
	// Reverse the columns after the respondent's.
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Split(line, ",")
		out := []string{f[0]}
		for i := len(f) - 1; i > 0; i-- {
			out = append(out, f[i])
		}
		b.WriteString(strings.Join(out, ",") + "\n")
	}
	want := flatten(mustAnalyse(t, d, data))
	got := flatten(mustAnalyse(t, d, []byte(b.String())))
	if !sameFigures(got, want) {
		t.Errorf("reordering the columns changed the figures")
	}
	if len(want) != 2*5+2*18*4+12*5+12*3*4 {
		t.Errorf("%d figures, want every scale and facet of core@1", len(want))
	}
}

func TestAnalyseHonoursCancellation(t *testing.T) {
	d := mustDesign(t)
	data := dataset{seed: 12, respondents: 70000}.generate(d)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyse(ctx, strings.NewReader(string(data)), d); err != context.Canceled {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// sameFigures reports whether two flattened reports agree to 1e-12, NaN
// matching NaN.
func sameFigures(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || math.IsNaN(v) != math.IsNaN(w) || math.Abs(v-w) > 1e-12 {
			return false
		}
	}
	return true
}

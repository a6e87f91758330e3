package sqldb

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

func TestFacetsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   []store.FacetScore
		want string
	}{
		{"none", nil, ""},
		{"sorted by scale then facet", []store.FacetScore{
			{Scale: "management", Facet: "planning", Score: 62.5},
			{Scale: "leadership", Facet: "vision", Score: 80},
			{Scale: "leadership", Facet: "courage", Score: 0.1},
			{Scale: "management", Facet: "control", Score: -0.5},
		}, "leadership:courage=0.1,vision=80.0;management:control=-0.5,planning=62.5"},
		{"extremes", []store.FacetScore{{Scale: "s", Facet: "a", Score: 0}, {Scale: "s", Facet: "b", Score: 100}, {Scale: "s", Facet: "c", Score: -12345678.9}},
			"s:a=0.0,b=100.0,c=-12345678.9"},
		{"every scale with the same facets: the grid form", []store.FacetScore{
			{Scale: "management", Facet: "planning", Score: 62.5},
			{Scale: "leadership", Facet: "vision", Score: 80},
			{Scale: "leadership", Facet: "courage", Score: 0.1},
			{Scale: "management", Facet: "courage", Score: -0.5},
			{Scale: "leadership", Facet: "planning", Score: 100},
			{Scale: "management", Facet: "vision", Score: -12345678.9},
		}, "|leadership,management|courage,planning,vision|1,1000,800,-5,625,-123456789"},
		{"a facet one scale lacks: the first form", []store.FacetScore{
			{Scale: "a", Facet: "x", Score: 1}, {Scale: "a", Facet: "y", Score: 2}, {Scale: "b", Facet: "x", Score: 3},
		}, "a:x=1.0,y=2.0;b:x=3.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := appendFacets(nil, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("appendFacets = %q, want %q", b, tt.want)
			}
			var p facetParser
			got, err := p.parse(nil, b)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sortedFacets(tt.in), got); diff != "" {
				t.Errorf("parse (-want +got):\n%s", diff)
			}
		})
	}
}

// Every whole number of tenths from -1000.0 to 1000.0 parses back to the
// very float64 the scorer's rounding makes.
func TestTenthsAreExact(t *testing.T) {
	var p facetParser
	for n := -10000; n <= 10000; n++ {
		score := float64(n) / 10
		b, err := appendFacets(nil, []store.FacetScore{{Scale: "s", Facet: "f", Score: score}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.parse(nil, b)
		if err != nil || len(got) != 1 || got[0].Score != score {
			t.Fatalf("%v stored as %q came back as %v, %v", score, b, got, err)
		}
	}
}

// The same in the grid form.
func TestGridTenthsAreExact(t *testing.T) {
	var p facetParser
	for n := -10000; n <= 10000; n++ {
		score := float64(n) / 10
		b, err := appendFacets(nil, []store.FacetScore{{Scale: "s", Facet: "f", Score: score}, {Scale: "t", Facet: "f", Score: -score}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.parse(nil, b)
		if err != nil || len(got) != 2 || got[0].Score != score || got[1].Score != -score || b[0] != '|' {
			t.Fatalf("%v stored as %q came back as %v, %v", score, b, got, err)
		}
	}
}

func TestAppendFacetsRefuses(t *testing.T) {
	_, err := appendFacets(nil, []store.FacetScore{{Scale: "s", Facet: "f", Score: 1}, {Scale: "t", Facet: "f", Score: 2}, {Scale: "s", Facet: "f", Score: 3}})
	if fail.Code(err) != fail.Invalid || fail.FieldsOf(err)["facets[2]"] == "" {
		t.Errorf("a repeated facet: %v, fields %v; want fail.Invalid naming facets[2]", err, fail.FieldsOf(err))
	}
	_, err = appendFacets(nil, []store.FacetScore{{Scale: "s", Facet: "f", Score: 1.25}})
	if fail.Code(err) != fail.Invalid || fail.FieldsOf(err)["facets[0]"] != store.TenthsProblem {
		t.Errorf("a score of hundredths: %v; want fail.Invalid naming facets[0]", err)
	}
	_, err = appendFacets(nil, []store.FacetScore{{Scale: "t", Facet: "f", Score: 1}, {Scale: "s", Facet: "f", Score: 1.25}})
	if fail.Code(err) != fail.Invalid || fail.FieldsOf(err)["facets[1]"] != store.TenthsProblem {
		t.Errorf("a score of hundredths in the grid form: %v; want fail.Invalid naming facets[1]", err)
	}
}

func TestParseFacetsNamesTheProblem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"management", "scale without ':' at byte 0"},
		{":a=1.0", "empty scale name at byte 0"},
		{"s:=1.0", "empty facet name at byte 2"},
		{"s:a", "facet without '=' at byte 2"},
		{"s:a=1", "score is not a whole number of tenths such as 62.5 at byte 4"},
		{"s:a=1.25", `'5' after a score, want ',' or ';' at byte 7`},
		{"s:a=abc", "score is not a whole number of tenths"},
		{"s:a=1.0,", "facet without '=' at byte 8"},
		{"s:a=1.0;", "';' at the end"},
		{"s:b=1.0,a=2.0", `facet "a" out of order after "b" at byte 8`},
		{"t:a=1.0;s:a=1.0", `scale "s" out of order after "t" at byte 8`},
		{"s:a=1.0,a=2.0", `facet "a" out of order after "a"`},
		{"s,x:a=1.0", `scale name holds ','`},
		{"s:a=1.0;s:b=2.0", `scale "s" out of order after "s"`},
		{"s:a=123456789012345.0", "score is not a whole number of tenths"},
		{"|", "empty scale name at byte 1"},
		{"|s", "grid without scores at byte 2"},
		{"|s,t", "grid without scores"},
		{"|t,s|a|1,2", `scale "s" out of order after "t" at byte 3`},
		{"|s,t||1,2", "empty facet name at byte 5"},
		{"|s,t|b,a|1,2,3,4", `facet "a" out of order after "b" at byte 7`},
		{"|s,t|a|1", "1 scores, want 2 at byte 8"},
		{"|s,t|a|1,", "score is not a whole number of tenths such as 625 at byte 9"},
		{"|s,t|a|1,2,3", "more than 2 scores at byte 10"},
		{"|s,t|a|1,2.5", "more than 2 scores at byte 10"},
		{"|s,t|a|1,x", "score is not a whole number of tenths such as 625"},
		{"|s,t|a|1,1000000000000000", "score is not a whole number of tenths"},
		{"|0|;|0", `facet name holds ';' at byte 3`},
		{"|s:x,t|a|1,2", `scale name holds ':' at byte 2`},
	}
	for _, tt := range tests {
		var p facetParser
		_, err := p.parse(nil, []byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad stored facets") {
			t.Errorf("parse(%q) = %v, want an error saying %q", tt.in, err, tt.want)
		}
	}
}

func sortedFacets(fs []store.FacetScore) []store.FacetScore {
	var out []store.FacetScore
	for _, f := range fs {
		out = append(out, f)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && facetLess(&out[j], &out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func FuzzParseFacets(f *testing.F) {
	f.Add("leadership:courage=0.1,vision=80.0;management:control=-0.5,planning=62.5")
	f.Add("s:a=1.0")
	f.Add("|leadership,management|courage,planning,vision|1,1000,800,-5,625,-123456789")
	f.Add("|s,t|a|-0,0")
	f.Fuzz(func(t *testing.T, in string) {
		var p facetParser
		got, err := p.parse(nil, []byte(in))
		if err != nil {
			return
		}
		// What parses writes back the same unless it used a form the
		// writer does not (leading zeros, "-0.0").
		b, err := appendFacets(nil, got)
		if err != nil {
			t.Fatalf("parsed %q to %v, which does not write: %v", in, got, err)
		}
		again, err := p.parse(nil, b)
		if err != nil || !cmp.Equal(got, again) {
			t.Fatalf("%q -> %v -> %q -> %v, %v", in, got, b, again, err)
		}
	})
}

// One parser reads many rows: a grid header read once is reused only for
// rows with the very same header.
func TestParseGridReusesItsHeader(t *testing.T) {
	var p facetParser
	rows := []struct {
		in   string
		want []store.FacetScore
	}{
		{"|s,t|a,b|1,2,3,4", []store.FacetScore{{Scale: "s", Facet: "a", Score: 0.1}, {Scale: "s", Facet: "b", Score: 0.2}, {Scale: "t", Facet: "a", Score: 0.3}, {Scale: "t", Facet: "b", Score: 0.4}}},
		{"|s,t|a,b|5,6,7,8", []store.FacetScore{{Scale: "s", Facet: "a", Score: 0.5}, {Scale: "s", Facet: "b", Score: 0.6}, {Scale: "t", Facet: "a", Score: 0.7}, {Scale: "t", Facet: "b", Score: 0.8}}},
		{"|s,t|a,c|1,2,3,4", []store.FacetScore{{Scale: "s", Facet: "a", Score: 0.1}, {Scale: "s", Facet: "c", Score: 0.2}, {Scale: "t", Facet: "a", Score: 0.3}, {Scale: "t", Facet: "c", Score: 0.4}}},
		{"|s,u|a|9,10", []store.FacetScore{{Scale: "s", Facet: "a", Score: 0.9}, {Scale: "u", Facet: "a", Score: 1}}},
	}
	for _, r := range rows {
		got, err := p.parse(nil, []byte(r.in))
		if err != nil {
			t.Fatalf("%s: %v", r.in, err)
		}
		if diff := cmp.Diff(r.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", r.in, diff)
		}
	}
	if _, err := p.parse(nil, []byte("|s,u|a|9")); err == nil {
		t.Error("a short row after a good one with the same header parsed")
	}
}

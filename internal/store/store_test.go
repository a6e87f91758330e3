package store

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/twohats/twohats/internal/fail"
)

func TestAssessmentValidate(t *testing.T) {
	valid := func() *Assessment {
		return &Assessment{
			OrgID: "o", PersonID: "p", Instrument: "core-1",
			Answers: json.RawMessage(`{}`),
			Facets:  []FacetScore{{Scale: "s", Facet: "f", Score: 1}},
		}
	}
	tests := []struct {
		name   string
		change func(a *Assessment)
		want   map[string]string
	}{
		{"valid", func(*Assessment) {}, nil},
		{"repeated facet is left to the store", func(a *Assessment) { a.Facets = append(a.Facets, a.Facets[0]) }, nil},
		{"everything missing", func(a *Assessment) { *a = Assessment{} }, map[string]string{
			"org_id": "is required", "person_id": "is required", "instrument": "is required",
			"answers": "is required",
		}},
		{"bad JSON", func(a *Assessment) { a.Answers = json.RawMessage(`{"a":}`) }, map[string]string{"answers": "is not valid JSON"}},
		{"compact answers", func(a *Assessment) { a.Answers = json.RawMessage("d1:12345") }, nil},
		{"compact answers with a letter", func(a *Assessment) { a.Answers = json.RawMessage("d1:12x45") }, map[string]string{"answers": `is not in the compact form: it has 'x' at position 3, not a digit`}},
		{"compact answers of another version", func(a *Assessment) { a.Answers = json.RawMessage("d2:12345") }, map[string]string{"answers": `is not in the compact form: it does not start with "d1:"`}},
		{"compact answers without answers", func(a *Assessment) { a.Answers = json.RawMessage("d1:") }, map[string]string{"answers": `is not in the compact form: it has no answers after "d1:"`}},
		{"infinite score", func(a *Assessment) { a.Leadership = math.Inf(1) }, map[string]string{"leadership": "must be a finite number"}},
		{"facet without name", func(a *Assessment) { a.Facets[0].Facet = "" }, map[string]string{"facets[0]": "facet is required"}},
		{"facet score of hundredths", func(a *Assessment) { a.Facets[0].Score = 62.25 }, map[string]string{"facets[0]": TenthsProblem}},
		{"negative tenths", func(a *Assessment) { a.Facets[0].Score = -0.5 }, nil},
		{"scale with a separator", func(a *Assessment) { a.Facets[0].Scale = "a;b" }, map[string]string{"facets[0]": "scale may not hold any of :;,=|"}},
		{"facet with a separator", func(a *Assessment) { a.Facets[0].Facet = "x=1" }, map[string]string{"facets[0]": "facet may not hold any of :;,=|"}},
		{"facet with a bar", func(a *Assessment) { a.Facets[0].Facet = "x|y" }, map[string]string{"facets[0]": "facet may not hold any of :;,=|"}},
		{"NaN facet score", func(a *Assessment) { a.Facets[0].Score = math.NaN() }, map[string]string{"facets[0]": "score must be a finite number"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(a)
			err := a.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if fail.Code(err) != fail.Invalid {
				t.Fatalf("Validate = %v, want a fail.Invalid error", err)
			}
			if diff := cmp.Diff(tt.want, fail.FieldsOf(err)); diff != "" {
				t.Errorf("fields (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInvalidMessageNamesFields(t *testing.T) {
	err := CheckDraftKey("", "p", "")
	if got, want := fail.Message(err), "invalid draft lookup: check instrument, org_id"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
}

// holdsFacetSeparator is strings.ContainsAny(s, facetSeparators), faster.
func TestHoldsFacetSeparator(t *testing.T) {
	for b := range 256 {
		s := "ab" + string([]byte{byte(b)}) + "c"
		if got, want := holdsFacetSeparator(s), strings.ContainsAny(s, facetSeparators); got != want {
			t.Errorf("byte %d: %v, want %v", b, got, want)
		}
	}
}

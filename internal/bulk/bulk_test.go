package bulk

import (
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

func TestReadPeople(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantRows  int
		wantLines []int
	}{
		{"good", "email,name,team_id\na@x.example,A,t1\nb@x.example,B,\n", 2, nil},
		{"no team column", "name,email\nA,a@x.example\n", 1, nil},
		{"bad rows", "email,name\nbad,A\nb@x.example,\nb@x.example,B\nB@X.example,B2\n", 1, []int{2, 3, 5}},
		{"quoted line break counts lines", "email,name\n\"a@x.example\",\"A\nA\"\nbad,B\n", 1, []int{4}},
		{"unknown column", "email,name,age\n", 0, []int{1}},
		{"missing column", "email\n", 0, []int{1}},
		{"too many fields", "email,name\na@x.example,A,extra\n", 0, []int{2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, probs, err := ReadPeople(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.wantRows {
				t.Errorf("got %d rows, want %d", len(rows), tt.wantRows)
			}
			if got := probs.Lines(); !slices.Equal(got, tt.wantLines) {
				t.Errorf("got bad lines %v, want %v: %v", got, tt.wantLines, probs)
			}
		})
	}
}

func TestReadTeamsParents(t *testing.T) {
	v := Vocabulary{Contexts: []string{"startup", "mature"}, Phases: []string{"growth"}}
	in := "id,parent_id,name,contexts,phase\n" +
		"c,b,C,,\n" + // 2: parent b is bad, so c is too
		"b,a,B,bogus,\n" + // 3: unknown context
		"a,,A,startup;mature,growth\n" + // 4: good
		"d,x,D,,\n" + // 5: x exists already
		"e,y,E,,\n" // 6: y exists nowhere
	rows, probs, err := ReadTeams(strings.NewReader(in), v, []string{"x"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := probs.Lines(), []int{2, 3, 6}; !slices.Equal(got, want) {
		t.Errorf("got bad lines %v, want %v: %v", got, want, probs)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	if want := []string{"a", "d"}; !slices.Equal(ids, want) {
		t.Errorf("got good teams %v, want %v", ids, want)
	}
	if !slices.Equal(rows[0].Contexts, []string{"startup", "mature"}) {
		t.Errorf("got contexts %v", rows[0].Contexts)
	}
}

func TestReadResponsesRoundTrip(t *testing.T) {
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write(ResponseHeader(sc))
	var want []profile.Response
	for _, email := range []string{"a@x.example", "b@x.example"} {
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		want = append(want, r)
		_ = w.Write(ResponseRecord(sc, email, sc.Decode(r)))
	}
	w.Flush()
	rows, probs, err := ReadResponses(strings.NewReader(b.String()), sc)
	if err != nil || len(probs) > 0 {
		t.Fatalf("got %v, %v", probs, err)
	}
	for i, r := range rows {
		if !slices.Equal(r.Response, want[i]) {
			t.Errorf("row %d: the response does not survive the CSV", i)
		}
	}
}

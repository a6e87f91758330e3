package instrument_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
)

func load(t *testing.T) (*framework.Framework, []byte) {
	t.Helper()
	fw, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("data/core-1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw, data
}

func TestCoreIsValid(t *testing.T) {
	fw, _ := load(t)
	in, err := instrument.Load(fw, "core@1")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, it := range in.Items {
		counts[it.Section]++
	}
	if counts[instrument.Capability] < 36 || counts[instrument.Tendency] < 8 || counts[instrument.SJT] < 12 {
		t.Errorf("section sizes %v are below the minimums 36/8/12", counts)
	}
	if len(in.Items) > instrument.MaxItems {
		t.Errorf("%d items, more than %d", len(in.Items), instrument.MaxItems)
	}
	if _, err := instrument.Load(fw, "core@99"); err == nil || !strings.Contains(err.Error(), "core@1") {
		t.Errorf("unknown instrument: got %v, want an error listing core@1", err)
	}
}

// TestPublicJSONHidesTheKey checks the instrument JSON contract, and that the
// scenario answer key never leaves the binary in it.
func TestPublicJSON(t *testing.T) {
	fw, _ := load(t)
	in, err := instrument.Load(fw, "core@1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ID         string `json:"id"`
		Dimensions []struct {
			Key, ManagerPole, LeaderPole string
		} `json:"dimensions"`
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != "core@1" || len(doc.Dimensions) != 6 || len(doc.Items) != len(in.Items) {
		t.Fatalf("instrument JSON: id %q, %d dimensions, %d items", doc.ID, len(doc.Dimensions), len(doc.Items))
	}
	for _, it := range doc.Items {
		for _, k := range []string{"id", "section", "text", "options"} {
			if _, ok := it[k]; !ok {
				t.Errorf("item %v lacks %q", it["id"], k)
			}
		}
		for _, o := range it["options"].([]any) {
			if _, ok := o.(map[string]any)["key"]; ok {
				t.Errorf("item %v: the instrument JSON exposes the scenario answer key", it["id"])
			}
		}
		if it["section"] == instrument.Capability {
			for _, k := range []string{"scale", "facet", "reverse", "observer_text"} {
				if _, ok := it[k]; !ok {
					t.Errorf("capability item %v lacks %q", it["id"], k)
				}
			}
		}
	}
}

func TestBrokenFilesNameFileAndEntry(t *testing.T) {
	fw, data := load(t)
	src := string(data)
	for _, tc := range []struct {
		name     string
		from, to string
		want     []string
	}{
		{"unknown facet", "  - id: l.focus.1\n    section: capability\n    scale: leadership\n    facet: focus\n",
			"  - id: l.focus.1\n    section: capability\n    scale: leadership\n    facet: fokus\n",
			[]string{"broken.yaml", `item "l.focus.1"`, `unknown facet "fokus"`}},
		{"duplicate id", "  - id: l.focus.1\n", "  - id: m.focus.1\n",
			[]string{"broken.yaml", `item "m.focus.1": duplicate id`}},
		{"facet without a reverse item", "    facet: focus\n    reverse: true\n    text: I deal with tasks",
			"    facet: focus\n    text: I deal with tasks",
			[]string{"broken.yaml", "facet management.focus: no reverse-keyed item"}},
		{"unknown context", "context: compliance-critical", "context: bureaucracy",
			[]string{"broken.yaml", `unknown context "bureaucracy"`, "compliance-critical"}},
		{"uncited scenario", "\n    source: ", "\n    source: Nobody said this. #",
			[]string{"broken.yaml", "is not a sentence of the source text"}},
		{"unknown field", "    facet: focus\n    reverse: true\n", "    facet: focus\n    reverse: true\n    weight: 2\n",
			[]string{"broken.yaml", "weight"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			broken := strings.Replace(src, tc.from, tc.to, 1)
			if broken == src {
				t.Fatalf("the test case did not change the file; fix its anchor %q", tc.from)
			}
			_, err := instrument.Parse(fw, "broken.yaml", []byte(broken))
			if err == nil {
				t.Fatal("a broken instrument was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
		})
	}
}

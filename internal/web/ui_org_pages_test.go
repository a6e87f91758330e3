package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestOrgPageListsPeopleInPages: an organisation of 230 people is listed
// 100 at a time, by name, with links between the pages; a page past the
// last is 404 and a bad page number 400.
func TestOrgPageListsPeopleInPages(t *testing.T) {
	e := newAPIEnv(t)
	owner := e.mustOwner("big")
	ctx := context.Background()
	for i := range 229 { // and the owner
		if _, err := e.st.EnsurePerson(ctx, owner.m.OrgID, fmt.Sprintf("p%03d@example.com", i), fmt.Sprintf("Person %03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	get := func(q string) apiResp {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/org"+q, nil)
		return e.send(owner.web, req)
	}
	rows := func(body string) int { return strings.Count(body, "<tr><td>") }

	first := get("")
	if first.status != http.StatusOK {
		t.Fatalf("GET /org: %d\n%s", first.status, first.body)
	}
	if n := rows(string(first.body)); n != 100 {
		t.Errorf("page 1 lists %d people, want 100", n)
	}
	if b := string(first.body); !strings.Contains(b, `rel="next" href="/org?page=2"`) || strings.Contains(b, `rel="prev"`) ||
		!strings.Contains(b, "Person 000") || strings.Contains(b, "Person 120") {
		t.Errorf("page 1 should start with the first names and link to page 2 only")
	}
	last := get("?page=3")
	if last.status != http.StatusOK {
		t.Fatalf("GET /org?page=3: %d", last.status)
	}
	if n := rows(string(last.body)); n != 30 {
		t.Errorf("page 3 lists %d people, want the last 30", n)
	}
	if b := string(last.body); !strings.Contains(b, `rel="prev" href="/org?page=2"`) || strings.Contains(b, `rel="next"`) {
		t.Errorf("page 3 of 3 should link back to page 2 and nowhere further")
	}
	if res := get("?page=4"); res.status != http.StatusNotFound {
		t.Errorf("GET /org?page=4: %d, want 404", res.status)
	}
	for _, q := range []string{"?page=0", "?page=two"} {
		if res := get(q); res.status != http.StatusBadRequest && res.status != http.StatusUnprocessableEntity {
			t.Errorf("GET /org%s: %d, want 400 or 422", q, res.status)
		}
	}
}

package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pressly/goose/v3"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/migrations"
	"github.com/twohats/twohats/internal/store/sqldb"
	"github.com/twohats/twohats/internal/store/sqlite"
	"github.com/twohats/twohats/internal/store/storetest"
)

// counter makes ids id-0001, id-0002, ..., the same in every store given
// the same calls, so two stores' results can be compared whole.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) next() (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return fmt.Sprintf("id-%04d", c.n), nil
}

// transcript runs one scripted sequence of calls on s and records every
// result and every error's code and message, in order.
func transcript(t *testing.T, s store.Store) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	rec := func(step string, v any, err error) {
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %s: %s %v", step, fail.Code(err), fail.Message(err), fail.FieldsOf(err)))
			return
		}
		out = append(out, v)
	}
	l, err := s.EnsureLocal(ctx)
	rec("EnsureLocal", l, err)

	users := map[string]*store.User{}
	for _, email := range []string{"ann@example.com", "Bo@Example.com", "cy@example.com", "BO@example.com ", "not-an-email", "ME@localhost"} {
		u := &store.User{Email: email, Name: "User " + email, PasswordHash: "hash"}
		err := s.CreateUser(ctx, u)
		rec("CreateUser "+email, u, err)
		if err == nil {
			users[store.FoldEmail(email)] = u
		}
	}
	ann, bo, cy, me := users["ann@example.com"], users["bo@example.com"], users["cy@example.com"], users["me@localhost"]

	o := &store.Organization{Slug: "acme", Name: "Acme"}
	m, err := s.CreateOrganization(ctx, o, ann)
	rec("CreateOrganization acme", m, err)
	rec("organisation acme", o, nil)
	_, err = s.CreateOrganization(ctx, &store.Organization{Slug: "acme", Name: "Again"}, bo)
	rec("CreateOrganization acme again", nil, err)
	_, err = s.CreateOrganization(ctx, &store.Organization{Slug: "ghost", Name: "Ghost"}, &store.User{ID: "nobody", Email: "g@example.com"})
	rec("CreateOrganization ghost", nil, err)
	m2, err := s.CreateOrganization(ctx, &store.Organization{Slug: "beta", Name: "Beta"}, bo)
	rec("CreateOrganization beta", m2, err)

	for _, x := range []struct {
		u    *store.User
		role string
	}{{bo, store.RoleCoach}, {cy, store.RoleMember}, {cy, store.RoleAdmin}, {bo, "boss"}} {
		mm, err := s.AddMember(ctx, o.ID, x.u, x.role)
		rec("AddMember "+x.u.Email, mm, err)
	}
	mm, err := s.AddMember(ctx, l.OrgID, me, store.RoleOwner)
	rec("AddMember adopting", mm, err)
	mm, err = s.AddMember(ctx, m2.OrgID, ann, store.RoleMember)
	rec("AddMember beta", mm, err)

	for _, id := range []string{ann.ID, bo.ID, cy.ID} {
		ms, err := s.Memberships(ctx, id)
		rec("Memberships", ms, err)
	}
	people, err := s.People(ctx, o.ID)
	rec("People", people, err)
	cyM, err := s.Membership(ctx, o.ID, cy.ID)
	rec("Membership", cyM, err)

	rec("GrantCoach", nil, s.GrantCoach(ctx, o.ID, cyM.PersonID, bo.ID))
	rec("GrantCoach again", nil, s.GrantCoach(ctx, o.ID, cyM.PersonID, bo.ID))
	rec("GrantCoach owner", nil, s.GrantCoach(ctx, o.ID, m.PersonID, bo.ID))
	rec("GrantCoach outsider", nil, s.GrantCoach(ctx, o.ID, m.PersonID, me.ID))
	grants, err := s.CoachGrants(ctx, o.ID, cyM.PersonID)
	rec("CoachGrants", grants, err)
	coached, err := s.CoachedPeople(ctx, o.ID, bo.ID)
	rec("CoachedPeople", coached, err)
	rec("RevokeCoach", nil, s.RevokeCoach(ctx, o.ID, m.PersonID, bo.ID))
	coached, err = s.CoachedPeople(ctx, o.ID, bo.ID)
	rec("CoachedPeople", coached, err)

	for _, h := range []string{"h1", "h2", "h1"} {
		tok := &store.APIToken{OrgID: o.ID, UserID: ann.ID, Name: "token " + h, TokenHash: h}
		rec("CreateAPIToken "+h, tok, s.CreateAPIToken(ctx, tok))
	}
	toks, err := s.APITokens(ctx, o.ID, ann.ID)
	rec("APITokens", toks, err)
	rec("DeleteAPIToken of another", nil, s.DeleteAPIToken(ctx, o.ID, bo.ID, toks[0].ID))
	rec("DeleteAPIToken", nil, s.DeleteAPIToken(ctx, o.ID, ann.ID, toks[0].ID))
	tok, err := s.APIToken(ctx, o.ID, "h1")
	rec("APIToken", tok, err)
	_, err = s.APIToken(ctx, m2.OrgID, "h1")
	rec("APIToken other org", nil, err)

	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	sess := &store.Session{TokenHash: "s1", UserID: ann.ID, OrgID: o.ID, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
	rec("CreateSession", sess, s.CreateSession(ctx, sess))
	for _, now := range []time.Time{at, at.Add(time.Hour)} {
		got, err := s.Session(ctx, "s1", now)
		rec("Session", got, err)
	}

	self := store.Local{OrgID: o.ID, PersonID: cyM.PersonID}
	for i, key := range []string{"k1", "", "k1", "k2"} {
		a := storetest.NewAssessment(self, fmt.Sprintf("core-%d", i%2+1))
		a.IdempotencyKey = key
		rec("CreateAssessment "+key, a, s.CreateAssessment(ctx, a))
	}
	d := &store.Draft{OrgID: o.ID, PersonID: cyM.PersonID, Instrument: "core-3", Answers: json.RawMessage(`{"q":1}`), Position: 2}
	rec("SaveDraft", d, s.SaveDraft(ctx, d))
	list, err := s.Assessments(ctx, o.ID, store.AssessmentFilter{Limit: 2})
	rec("Assessments", list, err)
	byKey, err := s.AssessmentByIdempotencyKey(ctx, o.ID, cyM.PersonID, "k1")
	rec("AssessmentByIdempotencyKey", byKey, err)
	draft, err := s.Draft(ctx, o.ID, cyM.PersonID, "core-3")
	rec("Draft", draft, err)
	return append(out, campaignTranscript(t, s, o.ID, cyM.PersonID, ann.ID)...)
}

// SQLite and PostgreSQL, given the same calls, the same clock and the same
// ids, give the same results and the same errors.
func TestSameResultsAsSQLite(t *testing.T) {
	pg := mustOpen(t, WithNow(newClock().Now), sqldb.WithNewID((&counter{}).next))
	lite, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"),
		sqlite.WithNow(newClock().Now), sqldb.WithNewID((&counter{}).next))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	defer lite.Close()

	want := transcript(t, lite)
	got := transcript(t, pg)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PostgreSQL differs from SQLite (-sqlite +postgres):\n%s", diff)
	}
}

// Every migration can be undone and done again, on PostgreSQL as on SQLite.
func TestMigrationsGoDownAndUp(t *testing.T) {
	ctx := context.Background()
	pg := mustOpen(t)
	// The sqlite package registered modernc's driver as "sqlite".
	liteDB, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "down.db")+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	pgDB, err := sql.Open("pgx", withSearchPath(serverURL(), pg.schema))
	if err != nil {
		t.Fatal(err)
	}
	for name, x := range map[string]struct {
		dialect goose.Dialect
		db      *sql.DB
	}{"sqlite": {goose.DialectSQLite3, liteDB}, "postgres": {goose.DialectPostgres, pgDB}} {
		p, err := goose.NewProvider(x.dialect, x.db, migrations.FS, migrations.Options(x.dialect)...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("%s: up: %v", name, err)
		}
		if _, err := p.DownTo(ctx, 0); err != nil {
			t.Fatalf("%s: down to 0: %v", name, err)
		}
		if _, err := p.Up(ctx); err != nil {
			t.Fatalf("%s: up again: %v", name, err)
		}
		p.Close() // closes db
	}
}

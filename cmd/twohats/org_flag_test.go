package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// mustSignUp creates, through the store, an organisation with the slug and
// an owner, as signing up to twohats serve does, and returns its id.
func (c *cli) mustSignUp(slug string) string {
	c.t.Helper()
	ctx := context.Background()
	db, err := c.env().openStore(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	u := &store.User{Email: "owner@" + slug + ".example", Name: "Owner", PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}
	if err := db.CreateUser(ctx, u); err != nil {
		c.t.Fatal(err)
	}
	o := &store.Organization{Slug: slug, Name: "Org " + slug}
	if _, err := db.CreateOrganization(ctx, o, u); err != nil {
		c.t.Fatal(err)
	}
	return o.ID
}

// orgContents is what a test checks of one organisation: its people's
// emails and its teams' ids, both sorted.
type orgContents struct {
	ID     string
	Emails []string
	Teams  []string
}

// contents reads the organisation with the slug, or the personal one when
// slug is "", straight from the store.
func (c *cli) contents(slug string) orgContents {
	c.t.Helper()
	ctx := context.Background()
	db, err := c.env().openStore(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var got orgContents
	if slug == "" {
		me, err := db.EnsureLocal(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		got.ID = me.OrgID
	} else {
		o, err := db.OrganizationBySlug(ctx, slug)
		if err != nil {
			c.t.Fatal(err)
		}
		got.ID = o.ID
	}
	people, err := db.People(ctx, got.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, p := range people {
		got.Emails = append(got.Emails, p.Email)
	}
	teams, err := db.ListTeams(ctx, got.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	for _, tm := range teams {
		got.Teams = append(got.Teams, tm.ID)
	}
	slices.Sort(got.Emails)
	slices.Sort(got.Teams)
	return got
}

// exportValues exports with the extra arguments and returns every value of
// every row, by table.
func (c *cli) exportValues(args ...string) map[string][]string {
	c.t.Helper()
	dir := c.t.TempDir()
	args = append([]string{"export", "--format", "json", "--out", dir}, args...)
	if code, _, errOut := c.run("", args...); code != 0 {
		c.t.Fatalf("%s exited %d: %s", strings.Join(args, " "), code, errOut)
	}
	b, err := os.ReadFile(filepath.Join(dir, exportFile))
	if err != nil {
		c.t.Fatal(err)
	}
	var tables map[string]exportTable
	if err := json.Unmarshal(b, &tables); err != nil {
		c.t.Fatal(err)
	}
	out := map[string][]string{}
	for name, tb := range tables {
		for _, row := range tb.Rows {
			out[name] = append(out[name], row...)
		}
	}
	return out
}

// holds reports whether any exported value is v.
func holds(values map[string][]string, v string) bool {
	for _, vs := range values {
		if slices.Contains(vs, v) {
			return true
		}
	}
	return false
}

func TestOrgFlagImportsExportsAndDeletesInThatOrganisation(t *testing.T) {
	c := newCLI(t)
	acmeID := c.mustSignUp("acme")

	teams := csvFile(t, "teams.csv", teamsCSV)
	if code, _, errOut := c.run("", "import", "teams", "--org", "acme", teams); code != 0 {
		t.Fatalf("import teams --org acme exited %d: %s", code, errOut)
	}
	people := csvFile(t, "people.csv", "email,name,team_id\nana@x.example,Ana,eng\nbo@x.example,Bo,ops\n")
	// The flag is persistent: it may come before the subcommand too.
	code, out, errOut := c.run("", "import", "--org", "acme", "people", people)
	if code != 0 {
		t.Fatalf("import --org acme people exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "imported 2 rows") {
		t.Errorf("got %q, want it to say 2 rows were imported", out)
	}

	// Before anything touches the personal organisation: --org alone
	// created neither it nor the local person.
	db, err := c.env().openStore(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.OrganizationBySlug(context.Background(), store.LocalOrgSlug)
	db.Close()
	if fail.Code(err) != fail.NotFound {
		t.Errorf("after imports with --org, looking up the personal organisation: %v; want it not created", err)
	}

	acme := c.contents("acme")
	if acme.ID != acmeID {
		t.Fatalf("acme is %s, want %s", acme.ID, acmeID)
	}
	if want := []string{"ana@x.example", "bo@x.example", "owner@acme.example"}; !slices.Equal(acme.Emails, want) {
		t.Errorf("acme's people: got %v, want %v (no local person)", acme.Emails, want)
	}
	if want := []string{"eng", "ops", "org"}; !slices.Equal(acme.Teams, want) {
		t.Errorf("acme's teams: got %v, want %v", acme.Teams, want)
	}

	// Without --org, the personal organisation, as before; ana is in
	// both organisations now, each her own person.
	personalPeople := csvFile(t, "personal.csv", "email,name\nana@x.example,Ana Personal\ncy@x.example,Cy\n")
	if code, _, errOut := c.run("", "import", "people", personalPeople); code != 0 {
		t.Fatalf("import people exited %d: %s", code, errOut)
	}
	personal := c.contents("")
	if want := []string{"ana@x.example", "cy@x.example", store.LocalPersonEmail}; !slices.Equal(personal.Emails, want) {
		t.Errorf("personal people: got %v, want %v", personal.Emails, want)
	}
	if len(personal.Teams) != 0 {
		t.Errorf("personal teams: got %v, want none (they went to acme)", personal.Teams)
	}
	if again := c.contents("acme"); !slices.Equal(again.Emails, acme.Emails) {
		t.Errorf("importing without --org changed acme's people: %v, was %v", again.Emails, acme.Emails)
	}

	// export --org has acme's rows and none of the personal organisation's.
	got := c.exportValues("--org", "acme")
	for _, v := range []string{acmeID, "bo@x.example", "owner@acme.example", "eng"} {
		if !holds(got, v) {
			t.Errorf("export --org acme has no row with %q", v)
		}
	}
	for _, v := range []string{personal.ID, "cy@x.example", store.LocalPersonEmail, "Ana Personal"} {
		if holds(got, v) {
			t.Errorf("export --org acme has a row with %q, of the personal organisation", v)
		}
	}
	// And without --org the personal organisation's, none of acme's.
	got = c.exportValues()
	if !holds(got, personal.ID) || !holds(got, "cy@x.example") {
		t.Errorf("export without --org lacks the personal organisation's rows")
	}
	for _, v := range []string{acmeID, "bo@x.example", "owner@acme.example"} {
		if holds(got, v) {
			t.Errorf("export without --org has a row with %q, of acme", v)
		}
	}

	// person delete --org removes ana from acme only.
	code, out, errOut = c.run("", "person", "delete", "--org", "acme", "ana@x.example", "--yes")
	if code != 0 {
		t.Fatalf("person delete --org acme exited %d: %s", code, errOut)
	}
	if !strings.Contains(out, "total                        0") {
		t.Errorf("the output does not show a zero total after:\n%s", out)
	}
	if want := []string{"bo@x.example", "owner@acme.example"}; !slices.Equal(c.contents("acme").Emails, want) {
		t.Errorf("acme's people after the deletion: got %v, want %v", c.contents("acme").Emails, want)
	}
	if got := c.contents("").Emails; !slices.Contains(got, "ana@x.example") {
		t.Errorf("person delete --org acme also deleted the personal organisation's ana: %v", got)
	}
	// She is gone from acme; deleting her there again is not found.
	if code, _, errOut := c.run("", "person", "delete", "--org", "acme", "ana@x.example", "--yes"); code != 3 {
		t.Errorf("deleting again with --org acme: got exit %d, want 3: %s", code, errOut)
	}
	// cy is only in the personal organisation, so acme has no such person.
	if code, _, errOut := c.run("", "person", "delete", "--org", "acme", "cy@x.example", "--yes"); code != 3 {
		t.Errorf("deleting a person of another organisation: got exit %d, want 3: %s", code, errOut)
	}
	if got := c.contents("").Emails; !slices.Contains(got, "cy@x.example") {
		t.Errorf("person delete --org acme deleted cy from the personal organisation: %v", got)
	}
}

func TestOrgFlagUnknownSlugExits3NamingIt(t *testing.T) {
	c := newCLI(t)
	c.mustSignUp("acme")
	people := csvFile(t, "people.csv", "email,name\nana@x.example,Ana\n")
	teams := csvFile(t, "teams.csv", teamsCSV)
	outDir := filepath.Join(t.TempDir(), "export")
	for _, args := range [][]string{
		{"import", "people", "--org", "no-such-org", people},
		{"import", "teams", "--org", "no-such-org", teams},
		{"export", "--org", "no-such-org", "--out", outDir},
		{"person", "delete", "--org", "no-such-org", "ana@x.example", "--yes"},
		{"demo", "generate", "--org", "no-such-org", "--people", "3", "--raters", "0"},
	} {
		code, out, errOut := c.run("", args...)
		if code != 3 || !strings.Contains(errOut, `"no-such-org"`) || !strings.Contains(errOut, "--org") {
			t.Errorf("%s: got exit %d, stderr %q; want 3 naming the slug", strings.Join(args, " "), code, errOut)
		}
		if strings.Contains(out, "imported") || strings.Contains(out, "generated") || strings.Contains(out, "exported") {
			t.Errorf("%s: reported work done: %q", strings.Join(args, " "), out)
		}
	}
	if _, err := os.Stat(outDir); !os.IsNotExist(err) {
		t.Errorf("export to an unknown organisation made its --out directory (stat: %v)", err)
	}
	if got := c.contents("acme").Emails; !slices.Equal(got, []string{"owner@acme.example"}) {
		t.Errorf("acme's people after the failed commands: %v, want the owner only", got)
	}
	if got := c.contents("").Emails; !slices.Equal(got, []string{store.LocalPersonEmail}) {
		t.Errorf("personal people after the failed commands: %v, want the local person only", got)
	}
}

func TestOrgFlagPersonalSlugIsTheDefault(t *testing.T) {
	c := newCLI(t)
	people := csvFile(t, "people.csv", "email,name\nana@x.example,Ana\n")
	// On a new database the personal organisation does not exist yet:
	// naming it works all the same, as leaving --org out does.
	if code, _, errOut := c.run("", "import", "people", "--org", store.LocalOrgSlug, people); code != 0 {
		t.Fatalf("import people --org %s exited %d: %s", store.LocalOrgSlug, code, errOut)
	}
	if got, want := c.contents("").Emails, []string{"ana@x.example", store.LocalPersonEmail}; !slices.Equal(got, want) {
		t.Errorf("personal people: got %v, want %v", got, want)
	}
}

func TestDemoGenerateOrgFlag(t *testing.T) {
	demoGenerateOrg(t, newCLI(t), 6, 0)
}

// TestDemoGenerateOrgFlagPostgres fills a signed-up organisation on
// PostgreSQL, with campaigns from several connections at once.
func TestDemoGenerateOrgFlagPostgres(t *testing.T) {
	demoGenerateOrg(t, &cli{t: t, db: postgresURL(t)}, 12, 3)
}

// demoGenerateOrg generates n people with k raters each into a signed-up
// organisation and checks they are all there, the export with --org has
// them, and the personal organisation was never made.
func demoGenerateOrg(t *testing.T, c *cli, n, k int) {
	t.Helper()
	acmeID := c.mustSignUp("acme")
	code, out, errOut := c.run("", "demo", "generate", "--org", "acme", "--people", strconv.Itoa(n), "--raters", strconv.Itoa(k), "--seed", "5")
	if code != 0 {
		t.Fatalf("demo generate --org acme exited %d: %s", code, errOut)
	}
	m := generatedLine.FindStringSubmatch(out)
	if m == nil || m[2] != strconv.Itoa(n) {
		t.Fatalf("demo generate printed %q, want %d people generated", out, n)
	}
	ctx := context.Background()
	db, err := c.env().openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.OrganizationBySlug(ctx, store.LocalOrgSlug)
	if fail.Code(err) != fail.NotFound {
		t.Errorf("after demo generate --org, looking up the personal organisation: %v; want it not created", err)
	}
	people, err := db.People(ctx, acmeID)
	if err != nil {
		t.Fatal(err)
	}
	as, err := db.Assessments(ctx, acmeID, store.AssessmentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	campaigns, err := db.ListCampaigns(ctx, acmeID)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The owner, made at sign-up, and the generated people.
	if len(people) != n+1 || len(as) != n {
		t.Errorf("acme has %d people and %d assessments, want %d and %d", len(people), len(as), n+1, n)
	}
	if want := map[bool]int{true: n, false: 0}[k > 0]; len(campaigns) != want {
		t.Errorf("acme has %d campaigns, want %d", len(campaigns), want)
	}
	for _, p := range people {
		if p.Email == store.LocalPersonEmail {
			t.Errorf("demo generate --org put the local person in acme")
		}
	}
	got := c.exportValues("--org", "acme")
	if !holds(got, acmeID) || !holds(got, people[0].Email) {
		t.Errorf("export --org acme lacks acme's generated rows")
	}
}

// Command orgbench measures twohats at organisation scale on PostgreSQL: it
// loads an organisation of N people in nested teams, each with a scored
// assessment and a 360 with K raters who all responded, through the store's
// bulk import paths; serves the real web app in process on loopback; and
// measures the 95th percentile of the organisation's dashboard and of a team
// dashboard over HTTP, then the rate of importing historical responses.
//
// Every figure comes with a baseline measured in the same run on the same
// database: a bare SELECT count(*) over the same tables. It prints one JSON
// object per measure, one a line, for scripts/bench.sh.
//
// It works in a fresh schema of the database (named by search_path) and
// drops it at the end, unless -keep.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/postgres"
	"github.com/twohats/twohats/internal/web"
)

// options are the command's flags.
type options struct {
	db         string
	people     int
	raters     int
	teamSize   int
	fanout     int
	importRows int
	requests   int
	warmup     int
	keep       bool
	cpuProfile string
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable", "PostgreSQL URL; orgbench works in a fresh schema of it and drops it")
	flag.IntVar(&o.people, "people", 100000, "people in the organisation, each with one assessment")
	flag.IntVar(&o.raters, "raters", 8, "360 raters per person, every one of whom responded")
	flag.IntVar(&o.teamSize, "team-size", 50, "people in each leaf team")
	flag.IntVar(&o.fanout, "fanout", 10, "sub-teams of each team above the leaves")
	flag.IntVar(&o.importRows, "import-rows", 1000000, "historical response rows to import for the import rate")
	flag.IntVar(&o.requests, "requests", 50, "measured requests of each dashboard, after the warm-up")
	flag.IntVar(&o.warmup, "warmup", 5, "warm-up requests of each dashboard")
	flag.BoolVar(&o.keep, "keep", false, "keep the schema instead of dropping it")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.Parse()
	// The server runs in process: give it the collector setting twohats
	// serve runs with (cmd/twohats/serve.go), unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if o.people < 1 || o.raters < 0 || o.teamSize < 1 || o.fanout < 2 || o.requests < 1 || o.importRows < 0 {
		fmt.Fprintln(os.Stderr, "orgbench: -people, -team-size and -requests must be positive, -fanout at least 2, -raters and -import-rows not negative")
		os.Exit(2)
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "orgbench:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(context.Background(), o, os.Stdout, os.Stderr); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "orgbench:", err)
		os.Exit(1)
	}
}

// Result is one measured figure with its baseline from the same run.
type Result struct {
	Measure string `json:"measure"`
	// What says what was measured, in words.
	What string `json:"what"`
	// N is how many requests, or rows, the figure covers.
	N int `json:"n"`
	// P50Millis and P95Millis are latency percentiles; PerSecond a rate.
	P50Millis float64 `json:"p50_ms,omitempty"`
	P95Millis float64 `json:"p95_ms,omitempty"`
	PerSecond float64 `json:"per_second,omitempty"`
	// TableRowsPerSecond counts the table rows an import writes for its
	// responses: one assessment row each, which holds its facet scores
	// (the latest_scores rows it updates on the way are not counted).
	TableRowsPerSecond float64 `json:"table_rows_per_second,omitempty"`
	Seconds            float64 `json:"seconds,omitempty"`
	// Baseline is the same figure for a bare SELECT count(*) over the
	// tables the measure reads or writes, and Ratio the measure over it.
	Baseline      float64 `json:"baseline"`
	BaselineWhat  string  `json:"baseline_what"`
	Ratio         float64 `json:"ratio"`
	Target        string  `json:"target,omitempty"`
	Meets         *bool   `json:"meets,omitempty"`
	People        int     `json:"people"`
	Teams         int     `json:"teams"`
	RatersEach    int     `json:"raters_each"`
	BytesPerReply int     `json:"bytes,omitempty"`
}

// clock is the server's clock: advancing it past the dashboards' cache
// lifetime makes the next request plan the organisation afresh.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// expire moves the clock past the dashboards' 30-second cache.
func (c *clock) expire() { c.offset.Add(int64(31 * time.Second)) }

func run(ctx context.Context, o options, stdout, stderr io.Writer) (err error) {
	logf := func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) }
	schema := fmt.Sprintf("orgbench_%d", time.Now().UnixNano())
	admin, err := pgx.Connect(ctx, o.db)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	if !o.keep {
		defer func() {
			if _, derr := admin.Exec(context.Background(), "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); derr != nil && err == nil {
				err = fmt.Errorf("drop schema %s: %w", schema, derr)
			}
		}()
	}
	if _, err := admin.Exec(ctx, "SET search_path TO "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return err
	}
	dbURL, err := withSearchPath(o.db, schema)
	if err != nil {
		return err
	}
	clk := &clock{}
	st, err := postgres.Open(ctx, dbURL, postgres.WithNow(clk.now))
	if err != nil {
		return err
	}
	defer st.Close()
	cat, err := catalog.Load()
	if err != nil {
		return err
	}
	// The server sits behind a pointer, so that a fresh one (a restart, with
	// no dashboards planned yet) can take over the same address.
	newServer := func() (*web.Server, error) {
		return web.New(web.Config{Store: st, Catalog: cat, Now: clk.now, RateLimit: 1e6, RateBurst: 1e6,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	}
	var current atomic.Pointer[web.Server]
	srv, err := newServer()
	if err != nil {
		return err
	}
	current.Store(srv)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { current.Load().ServeHTTP(w, r) }))
	defer ts.Close()

	client, orgID, err := signUp(ctx, ts.URL, st)
	if err != nil {
		return fmt.Errorf("sign up: %w", err)
	}
	g, err := newGenerator(cat)
	if err != nil {
		return err
	}

	// The organisation.
	t0 := time.Now()
	people := g.people(o.people)
	if err := st.ImportPeople(ctx, orgID, people); err != nil {
		return fmt.Errorf("import people: %w", err)
	}
	logf("orgbench: %d people in %s", len(people), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	tree, members, probe := teamTree(people, o.teamSize, o.fanout)
	if err := st.ImportTeams(ctx, orgID, tree, members); err != nil {
		return fmt.Errorf("import teams: %w", err)
	}
	logf("orgbench: %d teams, %d memberships in %s", len(tree), len(members), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	for start := 0; start < len(people); start += 50000 {
		chunk := people[start:min(start+50000, len(people))]
		list := make([]store.Assessment, len(chunk))
		for i, p := range chunk {
			list[i] = g.assessment(orgID, p.ID, start+i)
		}
		if err := st.ImportAssessments(ctx, list); err != nil {
			return fmt.Errorf("import assessments: %w", err)
		}
	}
	logf("orgbench: %d assessments in %s", len(people), time.Since(t0).Round(time.Millisecond))
	t0 = time.Now()
	if err := load360(ctx, admin, g, orgID, people, o.raters); err != nil {
		return fmt.Errorf("load 360s: %w", err)
	}
	logf("orgbench: %d 360s with %d responses each in %s", len(people), o.raters, time.Since(t0).Round(time.Millisecond))
	if _, err := admin.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}

	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	base := Result{People: len(people), Teams: len(tree), RatersEach: o.raters}
	// The baseline of the dashboards: counting the rows of the tables the
	// dashboards read, for the organisation, in one query.
	countSQL := `SELECT (SELECT count(*) FROM people WHERE org_id = $1) + (SELECT count(*) FROM assessments WHERE org_id = $1)
		+ (SELECT count(*) FROM latest_scores WHERE org_id = $1) + (SELECT count(*) FROM teams WHERE org_id = $1)
		+ (SELECT count(*) FROM team_members WHERE org_id = $1) + (SELECT count(*) FROM mentors WHERE org_id = $1)
		+ (SELECT count(*) FROM roles WHERE org_id = $1)`
	count := func() error {
		var n int64
		return admin.QueryRow(ctx, countSQL, orgID).Scan(&n)
	}
	for range o.warmup {
		if err := count(); err != nil {
			return fmt.Errorf("count: %w", err)
		}
	}
	countLat, err := timeN(o.requests, count)
	if err != nil {
		return fmt.Errorf("count: %w", err)
	}
	countP95 := pct(countLat, 0.95)
	const countWhat = "SELECT count(*) of the organisation's people, assessments, latest_scores, teams, team_members, mentors and roles, in one query"

	// The dashboards. A request finds the organisation's board current
	// (built less than 30 s ago, with no write since), or stale, or missing
	// after a restart. A stale board of an organisation this size is served
	// as it is while one rebuild runs in the background; "stale" moves the
	// server's clock past the 30 s before every request, so a rebuild is
	// always running beside the measured requests. "first view" starts a
	// fresh server before each request: the viewer waits for the whole
	// organisation to be read and planned. The current requests come first,
	// before any background rebuild has started.
	const (
		boardCurrent = iota
		boardStale
		boardRestart
	)
	pages := []struct {
		measure, path, what, target string
		limit                       float64
		state                       int
	}{
		{"org_dashboard_current", "/org/teams", "GET /org/teams (HTML, the first page of 50 teams), the board current", "", 0, boardCurrent},
		{"team_dashboard_current", "/org/teams/" + probe, "GET /org/teams/" + probe + " (HTML, a department with its sub-teams), the board current", "", 0, boardCurrent},
		{"org_dashboard", "/org/teams", "GET /org/teams (HTML, the first page of 50 teams), the board stale before every request and rebuilt in the background", "p95 <= 300 ms", 300, boardStale},
		{"team_dashboard", "/org/teams/" + probe, "GET /org/teams/" + probe + " (HTML, a department with its sub-teams), the board stale before every request and rebuilt in the background", "p95 <= 100 ms", 100, boardStale},
		{"org_dashboard_first_view", "/org/teams", "GET /org/teams on a freshly started server: reading the organisation from PostgreSQL and planning every slice while the viewer waits", "", 0, boardRestart},
	}
	for _, p := range pages {
		var size int
		// prepare puts the server in the page's state before each request,
		// untimed. A restart is a fresh server on a collected heap, as a new
		// process would start: the servers before it, and the boards they
		// built, are garbage that a real restart would not have to collect
		// while its first viewer waits.
		prepare := func() error {
			switch p.state {
			case boardStale:
				clk.expire()
			case boardRestart:
				fresh, err := newServer()
				if err != nil {
					return err
				}
				current.Store(fresh)
				runtime.GC()
			}
			return nil
		}
		get := func() error {
			n, err := getPage(ctx, client, ts.URL+p.path)
			size = n
			return err
		}
		warmup, requests := o.warmup, o.requests
		if p.state == boardRestart {
			warmup, requests = 1, min(o.requests, 10)
		}
		for range warmup {
			if err := prepare(); err != nil {
				return err
			}
			if err := get(); err != nil {
				return fmt.Errorf("%s: %w", p.path, err)
			}
		}
		lat, err := timeEach(requests, prepare, get)
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		r := base
		r.Measure, r.What, r.N, r.BytesPerReply = p.measure, p.what, len(lat), size
		r.P50Millis, r.P95Millis = pct(lat, 0.50), pct(lat, 0.95)
		r.Baseline, r.BaselineWhat, r.Ratio = countP95, "p95 ms of "+countWhat, r.P95Millis/countP95
		if p.limit > 0 {
			ok := r.P95Millis <= p.limit
			r.Target, r.Meets = p.target, &ok
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
		logf("orgbench: %s p95 %.1f ms", p.measure, r.P95Millis)
	}
	r := base
	r.Measure, r.What, r.N, r.P50Millis, r.P95Millis = "count_baseline", countWhat, len(countLat), pct(countLat, 0.5), countP95
	r.Baseline, r.BaselineWhat, r.Ratio = countP95, "itself", 1
	if err := enc.Encode(r); err != nil {
		return err
	}

	// Importing historical responses: each row one respondent's complete
	// answers, scored and stored as an assessment with its facet scores,
	// and the latest scores of its people kept, through the store's COPY
	// path, in one call as `twohats import responses` sends a whole file.
	if o.importRows > 0 {
		list := make([]store.Assessment, o.importRows)
		for i := range list {
			list[i] = g.assessment(orgID, people[i%len(people)].ID, i)
		}
		start := time.Now()
		if err := st.ImportAssessments(ctx, list); err != nil {
			return fmt.Errorf("import responses: %w", err)
		}
		took := time.Since(start)
		list = nil
		if _, err := admin.Exec(ctx, "ANALYZE assessments, latest_scores"); err != nil {
			return err
		}
		// The baseline: counting every row of the same two tables.
		var counted, latest int64
		t0 := time.Now()
		if err := admin.QueryRow(ctx, "SELECT (SELECT count(*) FROM assessments), (SELECT count(*) FROM latest_scores)").Scan(&counted, &latest); err != nil {
			return err
		}
		countTook := time.Since(t0)
		counted += latest
		r := base
		r.Measure, r.N, r.Seconds = "import_responses", o.importRows, took.Seconds()
		r.What = fmt.Sprintf("ImportAssessments (COPY, two batches at once) of %d response rows in one call, as twohats import responses sends a file, each an assessment with its %d facet scores in the row, keeping each person's latest scores", o.importRows, len(g.facets))
		r.PerSecond = float64(o.importRows) / took.Seconds()
		r.TableRowsPerSecond = float64(o.importRows) / took.Seconds()
		r.Baseline = float64(counted) / countTook.Seconds()
		r.BaselineWhat = fmt.Sprintf("rows/s of SELECT count(*) over assessments and latest_scores (%d rows, %.3f s)", counted, countTook.Seconds())
		r.Ratio = r.PerSecond / r.Baseline
		ok := r.PerSecond >= 50000
		r.Target, r.Meets = "at least 50,000 rows/s", &ok
		if err := enc.Encode(r); err != nil {
			return err
		}
		logf("orgbench: imported %d response rows at %.0f/s", o.importRows, r.PerSecond)
	}
	return nil
}

// withSearchPath returns the URL with search_path set to schema.
func withSearchPath(s, schema string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "", fmt.Errorf("-db must be a postgres:// URL")
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// signUp creates the organisation's owner through the sign-up form and
// returns a client signed in as them, and the organisation's id.
func signUp(ctx context.Context, base string, st store.Store) (*http.Client, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 5 * time.Minute}
	const email = "owner@orgbench.example"
	form := url.Values{"email": {email}, "name": {"Orgbench Owner"}, "password": {"orgbench-owner-password"}, "organization": {"Orgbench"}}
	resp, err := c.PostForm(base+"/signup", form)
	if err != nil {
		return nil, "", err
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return nil, "", fmt.Errorf("POST /signup: %s", resp.Status)
	}
	u, err := st.UserByEmail(ctx, email)
	if err != nil {
		return nil, "", err
	}
	ms, err := st.Memberships(ctx, u.ID)
	if err != nil {
		return nil, "", err
	}
	if len(ms) != 1 || ms[0].Role != store.RoleOwner {
		return nil, "", fmt.Errorf("the new account has memberships %+v, want one as owner", ms)
	}
	return c, ms[0].OrgID, nil
}

// getPage fetches a page, insisting on 200, and returns its size.
func getPage(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != req.URL.Path {
		return 0, fmt.Errorf("GET %s: %s, at %s", u, resp.Status, resp.Request.URL.Path)
	}
	return int(n), nil
}

// timeN runs f n times, one after another, and returns each duration.
func timeN(n int, f func() error) ([]time.Duration, error) {
	return timeEach(n, func() error { return nil }, f)
}

// timeEach times n calls of f, each after an untimed call of prepare.
func timeEach(n int, prepare, f func() error) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for range n {
		if err := prepare(); err != nil {
			return nil, err
		}
		t0 := time.Now()
		if err := f(); err != nil {
			return nil, err
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

// pct is the p-th percentile of the durations, in milliseconds, by the
// nearest-rank method.
func pct(d []time.Duration, p float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.999999) - 1
	return float64(s[max(0, min(i, len(s)-1))].Microseconds()) / 1000
}

// generator makes realistic rows cheaply: a pool of really scored
// assessments, dealt out to people in turn.
type generator struct {
	pool   []*store.Assessment
	facets []store.FacetScore
	items  []string
	rng    *rand.Rand
}

func newGenerator(cat *catalog.Catalog) (*generator, error) {
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	g := &generator{rng: rand.New(rand.NewPCG(8, 8))}
	for range 512 {
		r := sc.Simulate(g.rng, profile.RandomTraits(g.rng))
		p := sc.Score(r)
		a, err := assess.Record(sc, r, &p)
		if err != nil {
			return nil, err
		}
		g.pool = append(g.pool, a)
	}
	g.facets = g.pool[0].Facets
	for _, it := range sc.Instrument().Items {
		if it.Section == instrument.Capability {
			g.items = append(g.items, it.ID)
		}
	}
	return g, nil
}

func (g *generator) people(n int) []store.Person {
	out := make([]store.Person, n)
	for i := range out {
		out[i] = store.Person{ID: fmt.Sprintf("p%07d", i), Email: fmt.Sprintf("person%07d@orgbench.example", i), Name: fmt.Sprintf("Person %07d", i)}
	}
	return out
}

// assessment is the i-th pooled assessment, as the person's.
func (g *generator) assessment(orgID, personID string, i int) store.Assessment {
	a := *g.pool[i%len(g.pool)]
	a.OrgID, a.PersonID = orgID, personID
	a.CreatedAt = time.Now().Add(-time.Duration(i%1000) * time.Hour)
	return a
}

// raterAnswers is one rater's answers JSON: a rating for each capability
// item.
func (g *generator) raterAnswers() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, id := range g.items {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%d", id, 1+g.rng.IntN(5))
	}
	b.WriteByte('}')
	return b.String()
}

// teamTree puts the people in leaf teams of size, under parents of fanout
// sub-teams each, level by level, up to one top team (the organisation's
// root). Each team declares a context and phase in turn. It returns the
// teams, the memberships and a department to probe: a team whose children
// are leaves.
func teamTree(people []store.Person, size, fanout int) ([]store.Team, []store.TeamMember, string) {
	situations := []struct {
		contexts []string
		phase    string
	}{
		{[]string{"mature", "compliance-critical"}, "execution"},
		{[]string{"startup"}, "launch"},
		{[]string{"turnaround"}, "recovery"},
		{[]string{"growing", "competitive-market"}, "execution"},
		{[]string{"operational-excellence"}, "execution"},
		{[]string{"culture-change"}, "crisis"},
	}
	var all []store.Team
	var members []store.TeamMember
	mk := func(level, i int) store.Team {
		s := situations[len(all)%len(situations)]
		return store.Team{ID: fmt.Sprintf("t%d-%05d", level, i), Name: fmt.Sprintf("Team %d.%05d", level, i), Contexts: s.contexts, Phase: s.phase}
	}
	var level []store.Team
	for i := 0; i*size < len(people); i++ {
		t := mk(0, i)
		level = append(level, t)
		for _, p := range people[i*size : min((i+1)*size, len(people))] {
			members = append(members, store.TeamMember{TeamID: t.ID, PersonID: p.ID})
		}
	}
	probe := ""
	for depth := 1; len(level) > 1; depth++ {
		var up []store.Team
		for i := 0; i*fanout < len(level); i++ {
			parent := mk(depth, i)
			for j := i * fanout; j < min((i+1)*fanout, len(level)); j++ {
				level[j].ParentID = parent.ID
			}
			up = append(up, parent)
		}
		all = append(all, level...)
		if depth == 1 {
			probe = up[0].ID
		}
		level = up
	}
	all = append(all, level...)
	if probe == "" {
		probe = level[0].ID
	}
	return all, members, probe
}

// load360 gives every person a released 360 campaign with k raters who all
// responded. The store has no bulk path for 360s, so it copies the rows
// straight into the tables, in the shape the store writes them.
func load360(ctx context.Context, conn *pgx.Conn, g *generator, orgID string, people []store.Person, k int) error {
	if k == 0 {
		return nil
	}
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z07:00")
	groups := []string{"manager", "peer", "peer", "peer", "direct_report", "direct_report", "direct_report", "other"}
	answers := make([]string, 64)
	for i := range answers {
		answers[i] = g.raterAnswers()
	}
	const batch = 10000
	for start := 0; start < len(people); start += batch {
		chunk := people[start:min(start+batch, len(people))]
		var camps, raters, resps [][]any
		for _, p := range chunk {
			cid := "c-" + p.ID
			camps = append(camps, []any{orgID, cid, p.ID, instrument.Default, "released", 3, 3, now, now, now, now, now})
			for j := range k {
				rid := fmt.Sprintf("r%d", j)
				email := fmt.Sprintf("rater%d.%s@orgbench.example", j, p.ID)
				raters = append(raters, []any{orgID, cid, rid, email, email, groups[j%len(groups)], fmt.Sprintf("%s-%s-%064d", cid, rid, 0), now})
				resps = append(resps, []any{orgID, cid, rid, answers[(start+j)%len(answers)], "{}", now, now})
			}
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		for _, c := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"campaigns", []string{"org_id", "id", "subject_person_id", "instrument", "state", "threshold", "comment_threshold", "thresholds_locked_at", "created_at", "opened_at", "closed_at", "released_at"}, camps},
			{"raters", []string{"org_id", "campaign_id", "id", "email", "email_lower", "rater_group", "token_hash", "created_at"}, raters},
			{"responses", []string{"org_id", "campaign_id", "rater_id", "answers", "comments", "submitted_at", "updated_at"}, resps},
		} {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(c.rows)); err != nil {
				tx.Rollback(ctx)
				return fmt.Errorf("copy %s: %w", c.table, err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
	}
	return nil
}

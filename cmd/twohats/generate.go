package main

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/assess"
	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/tui"
)

// teamSize is how many people a generated leaf team has; deptSize how many
// leaf teams a department has.
const (
	teamSize = 8
	deptSize = 5
)

// generated is what `demo generate` made. Raters excludes the subjects,
// who rate themselves in their own campaigns; Responded counts the raters
// who answered and SelfRatings the subjects who did.
type generated struct {
	Teams, People, Assessments, Campaigns, Raters, Responded, SelfRatings int
}

// How the generated 360s behave, as HR sees them in real campaigns: a few
// raters never answer, some answer "don't know" to a few items, and people
// see themselves a little more kindly than others see them.
const (
	// nonResponse is the share of raters (never the subject) who do not
	// respond at all, so that some groups end below the anonymity threshold.
	nonResponse = 0.1
	// dontKnow is the share of responding raters (never the subject) who
	// leave out up to maxDontKnow items as "don't know".
	dontKnow    = 0.2
	maxDontKnow = 3
	// selfLift is how much higher, on average and in latent standard
	// deviations, people place themselves than others place them.
	selfLift = 0.2
	// impressionSD is how far the view the others share of a person strays
	// from the person's own, in latent standard deviations: the source of
	// blind spots and hidden strengths.
	impressionSD = 0.5
	// raterSD is one rater's own departure from that shared view (what they
	// happen to see of the person, and how lenient they are).
	raterSD = 0.3
)

// Salts that give each campaign random streams of its own, apart from the
// stream the people and assessments are drawn from, so that a seed makes the
// same answers whatever order the campaigns are written in.
const (
	respondSalt = 0x52b3c1f4d6a7e890
	answerSalt  = 0xa1f5e2d3c4b59687
)

func newDemoCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Demonstration data",
	}
	var (
		people, raters int
		teams, org     string
		seed           uint64
	)
	cmd.PersistentFlags().StringVar(&org, "org", "", orgUsage)
	gen := &cobra.Command{
		Use:   "generate --people N --raters K",
		Short: "Generate a realistic organisation: teams, people, assessments and 360s",
		Long: `Add a generated organisation to the command line's personal organisation, or,
with --org SLUG, to the organisation with that slug (such as one created by
signing up to twohats serve; an unknown slug is exit status 3): a three-level
tree of teams (the organisation, departments, and teams of about 8 people),
each with contexts and a phase from the framework; N people, each with an
assessment simulated from plausible management, leadership, tendency and
judgement traits; and, when K is above 0, a 360 campaign about each person
with K raters from the organisation (their team's first person as manager,
the others as peers). Each campaign is opened, answered, closed and released
as a real one is: the subject rates themselves from the levels their
assessment came from, and each rater rates what they see of the person, with
noise of their own; about 1 rater in 10 never answers (so some peer groups
stay below the anonymity threshold, and their reports hide them) and 1 in 5
answers "don't know" to a few items.
--teams auto sizes the tree from N; a number sets how many teams of people.
People, teams and assessments are written with the store's bulk imports;
each campaign step is a transaction of its own, as the store has no bulk path
for campaigns. The same --seed makes the same answers.
Every run adds people with new emails, so it can be run again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if people < 1 {
				return usageError{fmt.Errorf("--people must be at least 1")}
			}
			if raters < 0 || raters > people-1 {
				return usageError{fmt.Errorf("--raters must be between 0 and --people - 1 (%d): a person does not rate themselves here", people-1)}
			}
			leaves := (people + teamSize - 1) / teamSize
			if teams != "auto" {
				n, err := strconv.Atoi(teams)
				if err != nil || n < 1 || n > people {
					return usageError{fmt.Errorf("--teams must be auto or a number of teams between 1 and --people, not %q", teams)}
				}
				leaves = n
			}
			if seed == 0 {
				seed = uint64(time.Now().UnixNano())
			}
			db, orgID, err := e.openOrg(cmd.Context(), org)
			if err != nil {
				return err
			}
			defer db.Close()
			start := time.Now()
			workers := 1
			if e.postgres() {
				workers = 8
			}
			g, err := e.generate(cmd.Context(), db, orgID, people, raters, leaves, workers, seed)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "generated %d teams, %d people, %d assessments, %d released campaigns with %d raters (%d responded) and %d self-ratings in %s\n",
				g.Teams, g.People, g.Assessments, g.Campaigns, g.Raters, g.Responded, g.SelfRatings, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	gen.Flags().IntVar(&people, "people", 100, "how many people")
	gen.Flags().IntVar(&raters, "raters", 4, "raters in each person's 360 campaign, besides the person: a manager and peers (3 peers reach the anonymity threshold)")
	gen.Flags().StringVar(&teams, "teams", "auto", "auto, or how many teams of people")
	gen.Flags().Uint64Var(&seed, "seed", 0, "seed of the simulated answers (0: from the clock)")
	cmd.AddCommand(gen)
	return cmd
}

// generate writes the organisation; leaves is the number of teams of people.
func (e *env) generate(ctx context.Context, db store.Store, orgID string, n, k, leaves, workers int, seed uint64) (generated, error) {
	var g generated
	sc, err := e.cat.Scorer(instrument.Default)
	if err != nil {
		return g, err
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	tagBytes := make([]byte, 3)
	_, _ = crand.Read(tagBytes)
	tag := hex.EncodeToString(tagBytes)
	fw := sc.Framework()
	contexts, phases := fw.ContextKeys(), fw.PhaseKeys()
	pick := func() ([]string, string) {
		c := []string{contexts[rng.IntN(len(contexts))]}
		if rng.IntN(3) == 0 {
			if d := contexts[rng.IntN(len(contexts))]; d != c[0] {
				c = append(c, d)
			}
		}
		return c, phases[rng.IntN(len(phases))]
	}

	// One step per person stored, per assessment, and per write of a
	// campaign: its creation with the self rater, each rater added, each
	// response and each of its three moves. Who responds is drawn first, so
	// the total is known before anything is stored.
	steps := 2 * int64(n)
	if k > 0 {
		for i := range n {
			steps += int64(k + 5 + responders(seed, i, k))
		}
	}
	bar := e.countBar(steps, "generating")
	defer bar.done()

	// The tree: the organisation, its departments, their teams.
	rootCtx, rootPhase := pick()
	list := []store.Team{{ID: "gen-" + tag, Name: "Generated " + tag, Contexts: rootCtx, Phase: rootPhase}}
	depts := (leaves + deptSize - 1) / deptSize
	for d := range depts {
		c, p := pick()
		list = append(list, store.Team{ID: fmt.Sprintf("gen-%s-d%03d", tag, d+1), ParentID: list[0].ID, Name: fmt.Sprintf("Department %d", d+1), Contexts: c, Phase: p})
	}
	leafIDs := make([]string, leaves)
	for l := range leaves {
		c, p := pick()
		leafIDs[l] = fmt.Sprintf("gen-%s-d%03d-t%03d", tag, l/deptSize+1, l+1)
		list = append(list, store.Team{ID: leafIDs[l], ParentID: fmt.Sprintf("gen-%s-d%03d", tag, l/deptSize+1), Name: fmt.Sprintf("Team %d", l+1), Contexts: c, Phase: p})
	}

	ppl := make([]store.Person, n)
	for i := range ppl {
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		ppl[i] = store.Person{Email: fmt.Sprintf("p%06d.%s@generated.example", i+1, tag), Name: first + " " + last}
	}
	if err := db.ImportPeople(ctx, orgID, ppl); err != nil {
		return g, fmt.Errorf("import people: %w", err)
	}
	g.People = n
	bar.add(n)
	// People fill the teams in turn, so every team gets within one of the
	// same size.
	teamOf := func(i int) int { return i * leaves / n }
	members := make([]store.TeamMember, n)
	for i := range ppl {
		members[i] = store.TeamMember{TeamID: leafIDs[teamOf(i)], PersonID: ppl[i].ID}
	}
	if err := db.ImportTeams(ctx, orgID, list, members); err != nil {
		return g, fmt.Errorf("import teams: %w", err)
	}
	g.Teams = len(list)

	// Each person's traits are kept: their 360 is drawn from them too.
	traits := make([]profile.Traits, n)
	const chunk = 1000
	batch := make([]store.Assessment, 0, chunk)
	for i := range ppl {
		traits[i] = profile.RandomTraits(rng)
		r := sc.Simulate(rng, traits[i])
		p := sc.Score(r)
		a, err := assess.Record(sc, r, &p)
		if err != nil {
			return g, err
		}
		a.OrgID, a.PersonID = orgID, ppl[i].ID
		batch = append(batch, *a)
		if len(batch) == chunk || i == n-1 {
			if err := db.ImportAssessments(ctx, batch); err != nil {
				return g, fmt.Errorf("import assessments: %w", err)
			}
			g.Assessments += len(batch)
			bar.add(len(batch))
			batch = batch[:0]
		}
	}

	if k == 0 {
		return g, nil
	}
	// A 360 about each person: the first person of their team as manager
	// (or, for that person, of the next team), the rest peers. It goes
	// through the campaign service, as the web app and the command line's
	// campaigns do, so every move and every answer meets the same rules.
	// The store has no bulk path for campaigns, so each step is its own
	// transaction; PostgreSQL takes them from several connections at once,
	// while SQLite's one writer gains nothing from more than one.
	svc := &campaign.Service{Store: db, Catalog: e.cat}
	sim := newObserverSim(sc)
	var mu sync.Mutex
	one := func(i int) error {
		selfToken, hash, err := campaign.NewToken(orgID)
		if err != nil {
			return err
		}
		// The self rater comes with the campaign, as Service.Create adds
		// it; creating it here keeps its token, so that the subject can
		// answer through their link like everyone else.
		c := &store.Campaign{OrgID: orgID, SubjectPersonID: ppl[i].ID, Instrument: sc.Instrument().ID}
		if err := db.CreateCampaign(ctx, c, &store.Rater{Email: ppl[i].Email, TokenHash: hash}); err != nil {
			return fmt.Errorf("create campaign: %w", err)
		}
		bar.add(1)
		tokens := make([]string, 0, k)
		for j, who := range raterIndexes(i, n, k, teamOf) {
			group := store.GroupPeer
			if j == 0 {
				group = store.GroupManager
			}
			_, token, err := svc.AddRater(ctx, orgID, c.ID, ppl[who].Email, group)
			if err != nil {
				return fmt.Errorf("add rater: %w", err)
			}
			tokens = append(tokens, token)
			bar.add(1)
		}
		if _, err := svc.Move(ctx, orgID, c.ID, store.CampaignOpen); err != nil {
			return fmt.Errorf("open campaign: %w", err)
		}
		bar.add(1)

		rng := rand.New(rand.NewPCG(seed^answerSalt, uint64(i)))
		respond := func(token string, a map[string]int) error {
			if _, err := svc.Respond(ctx, token, campaign.Answers{Answers: a}, true); err != nil {
				return fmt.Errorf("respond to campaign: %w", err)
			}
			bar.add(1)
			return nil
		}
		if err := respond(selfToken, sim.answers(rng, traits[i], 0)); err != nil {
			return err
		}
		shared := sim.othersView(rng, traits[i])
		answered := 0
		for j, ok := range respondMask(seed, i, k) {
			// Every rater's view is drawn, answering or not, so that one
			// rater's silence leaves the others' answers as they were.
			seen := sim.raterView(rng, shared)
			unknown := 0
			if rng.Float64() < dontKnow {
				unknown = 1 + rng.IntN(maxDontKnow)
			}
			a := sim.answers(rng, seen, unknown)
			if !ok {
				continue
			}
			if err := respond(tokens[j], a); err != nil {
				return err
			}
			answered++
		}
		for _, state := range []string{store.CampaignClosed, store.CampaignReleased} {
			if _, err := svc.Move(ctx, orgID, c.ID, state); err != nil {
				return fmt.Errorf("move campaign to %s: %w", state, err)
			}
			bar.add(1)
		}
		mu.Lock()
		g.Campaigns++
		g.Raters += k
		g.Responded += answered
		g.SelfRatings++
		mu.Unlock()
		return nil
	}
	if err := parallel(ctx, n, workers, one); err != nil {
		return g, err
	}
	return g, nil
}

// respondMask says which of campaign i's k raters respond. It is drawn from
// a stream of the campaign's own, so that the steps can be counted before
// the campaigns are written, in any order.
func respondMask(seed uint64, i, k int) []bool {
	rng := rand.New(rand.NewPCG(seed^respondSalt, uint64(i)))
	out := make([]bool, k)
	for j := range out {
		out[j] = rng.Float64() >= nonResponse
	}
	return out
}

// responders counts the raters of campaign i who respond.
func responders(seed uint64, i, k int) int {
	n := 0
	for _, ok := range respondMask(seed, i, k) {
		if ok {
			n++
		}
	}
	return n
}

// observerSim draws 360 answers with the scorer's own simulator: a rater
// answers the capability items as a respondent with the levels they see in
// the subject would answer them about themselves.
type observerSim struct {
	sc      *profile.Scorer
	ids     []string
	offsets []int
}

func newObserverSim(sc *profile.Scorer) *observerSim {
	o := &observerSim{sc: sc}
	for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
		if off, ok := sc.Offset(it.ID); ok {
			o.ids = append(o.ids, it.ID)
			o.offsets = append(o.offsets, off)
		}
	}
	return o
}

// othersView is the view of a person the people around them share: their
// own levels, placed a little lower and strayed from by an impression of
// its own on each scale.
func (o *observerSim) othersView(rng *rand.Rand, self profile.Traits) profile.Traits {
	return profile.Traits{
		Management: self.Management - selfLift + impressionSD*rng.NormFloat64(),
		Leadership: self.Leadership - selfLift + impressionSD*rng.NormFloat64(),
	}
}

// raterView is one rater's view: the shared one, moved by how lenient the
// rater is (on both scales alike) and by what they happen to see (on each).
func (o *observerSim) raterView(rng *rand.Rand, shared profile.Traits) profile.Traits {
	lenient := raterSD * rng.NormFloat64()
	return profile.Traits{
		Management: shared.Management + lenient + raterSD*rng.NormFloat64(),
		Leadership: shared.Leadership + lenient + raterSD*rng.NormFloat64(),
	}
}

// answers draws ratings 1-5 of the capability items from the levels seen,
// leaving out up to unknown items as "don't know".
func (o *observerSim) answers(rng *rand.Rand, seen profile.Traits, unknown int) map[string]int {
	r := o.sc.Simulate(rng, seen)
	out := make(map[string]int, len(o.ids))
	for j, id := range o.ids {
		out[id] = int(r[o.offsets[j]])
	}
	for range unknown {
		delete(out, o.ids[rng.IntN(len(o.ids))])
	}
	return out
}

// parallel calls fn for 0..n-1 from the given number of goroutines, and
// returns the first error, after which no new call starts.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					cancel(err)
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// postgres reports whether the configured database is PostgreSQL.
func (e *env) postgres() bool {
	dsn := e.dbPath
	if dsn == "" {
		dsn = e.defaultDBPath()
	}
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// raterIndexes picks k people other than i to rate i: the first person of
// i's team (the next person when that is i), then those after i, wrapping.
func raterIndexes(i, n, k int, teamOf func(int) int) []int {
	first := i
	for first > 0 && teamOf(first-1) == teamOf(i) {
		first--
	}
	out := make([]int, 0, k)
	seen := map[int]bool{i: true}
	add := func(j int) {
		if len(out) < k && !seen[j] {
			seen[j] = true
			out = append(out, j)
		}
	}
	add(first)
	for d := 1; len(out) < k && d < n; d++ {
		add((i + d) % n)
	}
	return out
}

var (
	firstNames = []string{"Alex", "Priya", "Tomás", "Mei", "Kwame", "Sofia", "Jonas", "Amara", "Liam", "Hana", "Noah", "Zara", "Mateo", "Ingrid", "Omar", "Chloe", "Ravi", "Elena", "Yusuf", "Greta"}
	lastNames  = []string{"Morgan", "Shah", "Ortega", "Chen", "Mensah", "Rossi", "Berg", "Okafor", "O'Brien", "Sato", "Fischer", "Ahmed", "Silva", "Larsen", "Haddad", "Dubois", "Iyer", "Novak", "Kaya", "Lund"}
)

// counter is a progress bar over a count, or nothing off a terminal.
type counter struct {
	bar *progressbar.ProgressBar
}

func (c counter) add(n int) {
	if c.bar != nil {
		_ = c.bar.Add(n)
	}
}

func (c counter) done() {
	if c.bar != nil {
		_ = c.bar.Finish()
		_ = c.bar.Clear()
	}
}

// countBar shows a progress bar of total steps on standard error when that
// is a terminal, as progress does for bytes.
func (e *env) countBar(total int64, desc string) counter {
	f, ok := e.stderr.(*os.File)
	if !ok || !tui.IsTerminal(f) || e.getenv("TERM") == "dumb" {
		return counter{}
	}
	return counter{bar: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

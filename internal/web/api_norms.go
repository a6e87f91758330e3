package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/psychometrics"
	"github.com/twohats/twohats/internal/store"
)

func init() {
	for t, name := range map[reflect.Type]string{
		reflect.TypeFor[norms.Placement](): "Norms",
		reflect.TypeFor[norms.Standing]():  "NormStanding",
		reflect.TypeFor[norms.Summary]():   "NormSummary",
		reflect.TypeFor[norms.Rank]():      "NormRank",
	} {
		apiSchemaNames[t] = name
	}
}

// apiStatistics documents the JSON of a psychometrics.Report, the contract
// `twohats psychometrics --format json` prints. The report writes itself
// (psychometrics.Report.MarshalJSON); this type only gives huma its schema.
type apiStatistics struct {
	Scales map[string]apiReliability `json:"scales" doc:"Each scale, by key: management and leadership."`
	Facets map[string]apiReliability `json:"facets" doc:"Each facet, by scale.dimension, such as management.focus."`
}

// apiReliability documents one scale's or facet's statistics.
type apiReliability struct {
	N        int64                        `json:"n" doc:"The number of assessments analysed, as psych counts rows."`
	Alpha    *float64                     `json:"alpha" doc:"Cronbach's raw alpha (psych's raw_alpha); null when the data leave it undefined."`
	StdAlpha *float64                     `json:"std_alpha" doc:"Alpha of the standardised items (std.alpha)."`
	G6       *float64                     `json:"g6" doc:"Guttman's lambda 6 from squared multiple correlations (G6(smc))."`
	AverageR *float64                     `json:"average_r" doc:"The mean correlation between the items (average_r)."`
	Items    map[string]apiItemStatistics `json:"items" doc:"Each item analysed, by item id; items whose answers do not vary are left out, as psych leaves them out."`
}

// apiItemStatistics documents one item's statistics within its group.
type apiItemStatistics struct {
	Mean           *float64 `json:"mean" doc:"The mean keyed answer (reverse-keyed items flipped)."`
	SD             *float64 `json:"sd" doc:"The standard deviation of the keyed answers."`
	RDrop          *float64 `json:"r_drop" doc:"The corrected item-total correlation (psych's r.drop): the item against the sum of the group's other items. Below 0.2 the item hardly measures what the others do."`
	AlphaIfDeleted *float64 `json:"alpha_if_deleted" doc:"The group's raw alpha without the item."`
}

// apiInstrumentIDInput names an instrument version.
type apiInstrumentIDInput struct {
	ID string `path:"id" example:"core@1" doc:"The instrument version, such as core@1."`
}

// apiStatisticsOutput is an organisation's statistics of one version.
type apiStatisticsOutput struct {
	Body *psychometrics.Report
}

// apiNormGroups is an instrument version's two norm groups.
type apiNormGroups struct {
	Instrument   string       `json:"instrument" doc:"The instrument version."`
	MinGroup     int64        `json:"min_group" doc:"How many members a group needs before reports show percentiles within it, and before its distribution is given here."`
	Organisation apiNormGroup `json:"organisation" doc:"The people of the caller's organisation, each with their latest assessment of the version."`
	All          apiNormGroup `json:"all" doc:"Every stored assessment of the version, in every organisation, counted without names."`
}

// apiNormGroup is one norm group: its size, and its distribution once it
// is large enough.
type apiNormGroup struct {
	N      int64                    `json:"n" doc:"How many the group has: people in an organisation, assessments among all of twohats."`
	Needed int64                    `json:"needed" doc:"How many more it needs before percentiles are shown; 0 once they are."`
	Scales map[string]norms.Summary `json:"scales" doc:"The distribution of each scale score; null while the group is too small."`
	Facets map[string]norms.Summary `json:"facets" doc:"The distribution of each facet score, by scale.dimension; null while the group is too small."`
}

// apiNormsOutput is an instrument version's norm groups.
type apiNormsOutput struct {
	Body apiNormGroups
}

// routesNormsAPI registers the API of the instrument versions' statistics
// and norms, for owners and admins of an organisation.
func (s *Server) routesNormsAPI(reg *apiRegistry) error {
	ex, err := newNormsExamples(s.cfg.Catalog)
	if err != nil {
		return fmt.Errorf("norms api examples: %w", err)
	}
	// A report writes its own JSON; document it by its contract.
	reg.api.OpenAPI().Components.Schemas.RegisterTypeAlias(reflect.TypeFor[psychometrics.Report](), reflect.TypeFor[apiStatistics]())
	const jsonCT = "application/json"
	example := func(status, desc string, v any) map[string]*huma.Response {
		return map[string]*huma.Response{status: {Description: desc, Content: map[string]*huma.MediaType{jsonCT: {Example: v}}}}
	}

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-instrument-statistics", Method: http.MethodGet, Path: apiPrefix + "/instruments/{id}/statistics", Tags: []string{"Psychometrics"},
		Summary: "Reliability and item analysis of an instrument version",
		Description: "Analyses the capability answers of every stored assessment of the version in the caller's organisation, and only there: " +
			"for each scale and facet, n, Cronbach's raw and standardised alpha, Guttman's lambda 6, the average inter-item correlation and, per item, " +
			"the mean, sd, corrected item-total correlation (r_drop) and alpha if the item is deleted, equal to R's psych::alpha. " +
			"The JSON is the contract of \"twohats psychometrics --format json\"; a statistic the data leave undefined is null. " +
			"Owners and admins only: anyone else, and an unknown version, is answered 404.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The statistics.", ex.statistics),
	}, s.opInstrumentStatistics)

	apiRegister(reg, apiSignedIn, huma.Operation{
		OperationID: "get-instrument-norms", Method: http.MethodGet, Path: apiPrefix + "/instruments/{id}/norms", Tags: []string{"Psychometrics"},
		Summary: "The norm groups of an instrument version",
		Description: "Returns the two norm groups profile reports place scores in: the people of the caller's organisation (each one's latest assessment) " +
			"and every stored assessment of the version in every organisation, of which only counts are kept. For each group, its size, how many more it needs " +
			"before percentiles are shown (30 in all), and once it has them, the distribution of every scale and facet score: n, mean, sd and each distinct score " +
			"with how many have it and the percentile a report gives it. Owners and admins only: anyone else, and an unknown version, is answered 404. " +
			"The example shows one scale and one facet; the real document has them all.",
		Errors:    []int{http.StatusNotFound},
		Responses: example("200", "The norm groups.", ex.norms),
	}, s.opInstrumentNorms)

	// GET /assessments/{id} places the profile in its norm groups.
	if item := reg.api.OpenAPI().Paths[apiPrefix+"/assessments/{id}"]; item != nil && item.Get != nil {
		if ok := item.Get.Responses["200"]; ok != nil && ok.Content[jsonCT] != nil {
			ok.Content[jsonCT].Example = ex.assessment
		}
	}
	return nil
}

func (s *Server) opInstrumentStatistics(ctx context.Context, in *apiInstrumentIDInput) (*apiStatisticsOutput, error) {
	p := apiPrincipal(ctx)
	inst, err := s.adminInstrument(p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	rep, err := s.instrumentStatistics(ctx, p.Membership.OrgID, inst)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiStatisticsOutput{Body: rep}, nil
}

func (s *Server) opInstrumentNorms(ctx context.Context, in *apiInstrumentIDInput) (*apiNormsOutput, error) {
	p := apiPrincipal(ctx)
	inst, err := s.adminInstrument(p, in.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	gs, err := s.normGroups(ctx, p.Membership.OrgID, inst.ID)
	if err != nil {
		return nil, s.apiError(ctx, err)
	}
	return &apiNormsOutput{Body: toAPINorms(gs)}, nil
}

func toAPINorms(gs *norms.Groups) apiNormGroups {
	return apiNormGroups{Instrument: gs.Instrument, MinGroup: norms.MinGroup,
		Organisation: toAPINormGroup(gs.Organisation), All: toAPINormGroup(gs.All)}
}

func toAPINormGroup(g *norms.Group) apiNormGroup {
	out := apiNormGroup{N: g.N, Needed: g.Needed()}
	if !g.Ready() {
		return out
	}
	out.Scales, out.Facets = map[string]norms.Summary{}, map[string]norms.Summary{}
	for key := range g.Scores {
		sum, ok := g.Summarise(key)
		switch {
		case !ok:
		case strings.Contains(key, "."):
			out.Facets[key] = sum
		default:
			out.Scales[key] = sum
		}
	}
	return out
}

// normsExamples are the documented answers of the norms operations,
// computed at start-up from simulated respondents of the default
// instrument, so they show numbers the API would give.
type normsExamples struct {
	statistics *psychometrics.Report
	norms      apiNormGroups
	assessment apiAssessment
}

func newNormsExamples(cat *catalog.Catalog) (*normsExamples, error) {
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(7, 30))
	sim := &simulatedAnswers{}
	all := &store.NormGroup{Scores: map[string][]store.ScoreCount{}}
	counts := map[string]map[float64]int64{}
	var first profile.Profile
	for i := range 60 {
		r := sc.Simulate(rng, profile.RandomTraits(rng))
		b, err := json.Marshal(sc.Decode(r))
		if err != nil {
			return nil, err
		}
		sim.answers = append(sim.answers, b)
		p := sc.Score(r)
		if i == 0 {
			first = p
		}
		all.N++
		for _, e := range norms.Entries(&p) {
			if counts[e.Key] == nil {
				counts[e.Key] = map[float64]int64{}
			}
			counts[e.Key][e.Score]++
		}
	}
	for key, c := range counts {
		for score, n := range c {
			all.Scores[key] = append(all.Scores[key], store.ScoreCount{Score: score, Count: n})
		}
		sort.Slice(all.Scores[key], func(i, j int) bool { return all.Scores[key][i].Score < all.Scores[key][j].Score })
	}
	stats, err := norms.Statistics(context.Background(), sim, "example", sc)
	if err != nil {
		return nil, err
	}
	gs := &norms.Groups{Instrument: sc.Instrument().ID, Organisation: norms.NewGroup(&store.NormGroup{N: 12}), All: norms.NewGroup(all)}
	ex := &normsExamples{statistics: stats, norms: toAPINorms(gs)}
	// One scale and one facet: the whole document is long.
	for key := range ex.norms.All.Scales {
		if key != "management" {
			delete(ex.norms.All.Scales, key)
		}
	}
	for key := range ex.norms.All.Facets {
		if key != "management.focus" {
			delete(ex.norms.All.Facets, key)
		}
	}
	ex.assessment = apiAssessment{ID: apiExampleAssessmentID, PersonID: apiExamplePersonID, Instrument: first.Instrument,
		CreatedAt: apiExampleTime, Profile: first.Document(), Norms: gs.Place(&first)}
	return ex, nil
}

// simulatedAnswers is a store.Norms of simulated answers, for the examples.
type simulatedAnswers struct {
	answers []json.RawMessage
}

func (s *simulatedAnswers) OrgNormGroup(context.Context, string, string) (*store.NormGroup, error) {
	return &store.NormGroup{}, nil
}

func (s *simulatedAnswers) AllNormGroup(context.Context, string) (*store.NormGroup, error) {
	return &store.NormGroup{}, nil
}

func (s *simulatedAnswers) EachAnswers(_ context.Context, _, _ string, fn func(json.RawMessage) error) error {
	for _, a := range s.answers {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

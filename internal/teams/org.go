package teams

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/profile"
)

// Org is one organisation: its teams, its people and the facets their scores
// are given on.
type Org struct {
	// Dimensions are the facet keys, in the order of every person's Facets.
	Dimensions []string `json:"dimensions"`
	// Teams are the organisation's teams, in any order.
	Teams []Team `json:"teams"`
	// People are the organisation's people, in any order.
	People []Person `json:"people"`
}

// Team is one team of the organisation's tree.
type Team struct {
	// ID is unique within the organisation.
	ID string `json:"id"`
	// Parent is the id of the team this one belongs to, "" for a top team.
	Parent string `json:"parent,omitempty"`
	// Name is what the dashboards call the team.
	Name string `json:"name,omitempty"`
	// Contexts are the team's declared situation, as framework context keys.
	Contexts []string `json:"contexts,omitempty"`
	// Phase is the team's declared phase of work, a framework phase key or "".
	Phase string `json:"phase,omitempty"`
	// Members are the ids of the team's own people; a person may belong to
	// several teams, and a team's slice adds its descendants' members.
	Members []string `json:"members,omitempty"`
}

// Person is one person of the organisation with their latest scores.
type Person struct {
	// ID is unique within the organisation.
	ID string `json:"id"`
	// Scores are the person's latest scores; nil until they are assessed, and
	// a person without scores counts towards no aggregate at all.
	Scores *Scores `json:"scores,omitempty"`
	// Mentor reports that the person opted in to be suggested as a peer
	// mentor on the facets where they are strong.
	Mentor bool `json:"mentor,omitempty"`
	// Attributes are descriptive facts a dashboard may filter on, such as
	// "location"; QuadrantAttribute is reserved.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Scores are one person's latest scale and facet scores, each 0-100 to one
// decimal as profile.Score gives them, and their quadrant.
type Scores struct {
	// Scales holds the management and leadership scores, indexed by
	// profile.M and profile.L.
	Scales [2]float64 `json:"scales"`
	// Facets holds each scale's facet scores in the Org's Dimensions order.
	Facets [2][]float64 `json:"facets"`
	// Quadrant is the person's place on the management × leadership grid.
	Quadrant string `json:"quadrant"`
}

// FromProfile returns the scores of a scored profile, for an Org whose
// Dimensions are the profile's.
func FromProfile(p *profile.Profile) *Scores {
	return &Scores{
		Scales:   p.Scales,
		Facets:   [2][]float64{slices.Clone(p.Facets[profile.M]), slices.Clone(p.Facets[profile.L])},
		Quadrant: p.Quadrant,
	}
}

// QuadrantAttribute is the filter attribute that selects people by their
// quadrant rather than by one of their Attributes.
const QuadrantAttribute = "quadrant"

// Quadrants lists the quadrants of the grid in display order.
func Quadrants() []string {
	return []string{profile.Balanced, profile.ManagerLeaning, profile.LeaderLeaning, profile.Emerging}
}

// Validate checks the whole organisation against fw: the team tree, every
// declared context and phase, every membership and every score, reporting
// every problem under its field, such as "teams[3].parent", in one *fail.Error
// with code fail.Invalid. Plan needs only the structural part and checks it
// itself.
func (o *Org) Validate(fw *framework.Framework) error {
	bad := map[string]string{}
	o.checkStructure(bad)
	if want := fw.DimensionKeys(); !slices.Equal(o.Dimensions, want) {
		bad["dimensions"] = fmt.Sprintf("%s is not the framework's facets; want %s", strings.Join(o.Dimensions, ", "), strings.Join(want, ", "))
	}
	for i, t := range o.Teams {
		at := fmt.Sprintf("teams[%d]", i)
		seen := map[string]bool{}
		for j, c := range t.Contexts {
			switch _, _, ok := fw.Context(c); {
			case !ok:
				bad[fmt.Sprintf("%s.contexts[%d]", at, j)] = fmt.Sprintf("team %q: unknown context %q; want one of %s", t.ID, c, strings.Join(fw.ContextKeys(), ", "))
			case seen[c]:
				bad[fmt.Sprintf("%s.contexts[%d]", at, j)] = fmt.Sprintf("team %q: context %q is declared twice", t.ID, c)
			}
			seen[c] = true
		}
		if t.Phase != "" {
			if _, ok := fw.Phase(t.Phase); !ok {
				bad[at+".phase"] = fmt.Sprintf("team %q: unknown phase %q; want one of %s, or none", t.ID, t.Phase, strings.Join(fw.PhaseKeys(), ", "))
			}
		}
	}
	return problems("organisation", bad)
}

// checkStructure records every problem of the tree, the memberships and the
// scores: everything Plan relies on.
func (o *Org) checkStructure(bad map[string]string) {
	if len(o.Dimensions) == 0 {
		bad["dimensions"] = "no facets: the organisation's scores need the framework's facet keys"
	}
	people := map[string]int{}
	for i, p := range o.People {
		// Field paths are built only for a person with a problem: an
		// organisation has 100,000 people and usually none.
		at := func() string { return "people[" + strconv.Itoa(i) + "]" }
		switch j, dup := people[p.ID]; {
		case p.ID == "":
			bad[at()+".id"] = "missing: every person needs an id"
		case dup:
			bad[at()+".id"] = fmt.Sprintf("person %q is listed twice (first as people[%d])", p.ID, j)
		default:
			people[p.ID] = i
		}
		for k := range p.Attributes {
			switch k {
			case "":
				bad[at()+".attributes"] = fmt.Sprintf("person %q: an attribute has no name", p.ID)
			case QuadrantAttribute:
				bad[at()+".attributes."+k] = fmt.Sprintf("person %q: %q is reserved for the quadrant filter; rename the attribute", p.ID, k)
			}
		}
		if p.Scores != nil {
			o.checkScores(bad, at, p.ID, p.Scores)
		}
	}

	teams := map[string]int{}
	for i, t := range o.Teams {
		at := fmt.Sprintf("teams[%d]", i)
		switch j, dup := teams[t.ID]; {
		case t.ID == "":
			bad[at+".id"] = "missing: every team needs an id"
		case dup:
			bad[at+".id"] = fmt.Sprintf("team %q is listed twice (first as teams[%d])", t.ID, j)
		default:
			teams[t.ID] = i
		}
		members := make(map[string]int, len(t.Members))
		for j, m := range t.Members {
			mat := func() string { return at + ".members[" + strconv.Itoa(j) + "]" }
			if _, ok := people[m]; !ok {
				bad[mat()] = fmt.Sprintf("team %q: member %q is not a person of the organisation", t.ID, m)
			} else if k, dup := members[m]; dup {
				bad[mat()] = fmt.Sprintf("team %q: member %q is listed twice (first as members[%d])", t.ID, m, k)
			}
			members[m] = j
		}
	}
	for i, t := range o.Teams {
		if t.Parent == "" {
			continue
		}
		if _, ok := teams[t.Parent]; !ok {
			bad[fmt.Sprintf("teams[%d].parent", i)] = fmt.Sprintf("team %q: parent %q is not a team of the organisation", t.ID, t.Parent)
		}
	}

	// A cycle is found by walking up from each team; every team on it is
	// named, with the whole cycle, so that any one of them can be fixed.
	const (
		unseen = iota
		walking
		done
	)
	state := map[string]int{}
	for _, t := range o.Teams {
		if t.ID == "" || state[t.ID] != unseen {
			continue
		}
		var path []string
		id := t.ID
		for id != "" && state[id] == unseen {
			state[id] = walking
			path = append(path, id)
			j, ok := teams[id]
			if !ok {
				break
			}
			id = o.Teams[j].Parent
		}
		if id != "" && state[id] == walking {
			cycle := path[slices.Index(path, id):]
			for _, c := range cycle {
				at := fmt.Sprintf("teams[%d].parent", teams[c])
				if len(cycle) == 1 {
					bad[at] = fmt.Sprintf("team %q is its own parent", c)
					continue
				}
				k := slices.Index(cycle, c)
				loop := append(slices.Clone(cycle[k:]), cycle[:k+1]...)
				bad[at] = fmt.Sprintf("team %q is its own ancestor: %s; a team tree has no cycles", c, strings.Join(loop, " → "))
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
}

func (o *Org) checkScores(bad map[string]string, person func() string, id string, s *Scores) {
	if o.scoresOK(s) {
		return
	}
	at := person() + ".scores"
	for si, scale := range profile.ScaleKeys {
		if _, ok := tenths(s.Scales[si]); !ok {
			bad[fmt.Sprintf("%s.scales.%s", at, scale)] = fmt.Sprintf("person %q: %v is not a score 0-100 to one decimal", id, s.Scales[si])
		}
		if len(s.Facets[si]) != len(o.Dimensions) {
			bad[fmt.Sprintf("%s.facets.%s", at, scale)] = fmt.Sprintf("person %q: %d facet scores, want one per facet (%d)", id, len(s.Facets[si]), len(o.Dimensions))
			continue
		}
		for fi, v := range s.Facets[si] {
			if _, ok := tenths(v); !ok {
				bad[fmt.Sprintf("%s.facets.%s.%s", at, scale, o.Dimensions[fi])] = fmt.Sprintf("person %q: %v is not a score 0-100 to one decimal", id, v)
			}
		}
	}
	if !slices.Contains(Quadrants(), s.Quadrant) {
		bad[at+".quadrant"] = fmt.Sprintf("person %q: unknown quadrant %q; want one of %s", id, s.Quadrant, strings.Join(Quadrants(), ", "))
	}
}

// scoresOK reports whether s has nothing for checkScores to report, without
// building a field path.
func (o *Org) scoresOK(s *Scores) bool {
	for si := range profile.ScaleKeys {
		if _, ok := tenths(s.Scales[si]); !ok || len(s.Facets[si]) != len(o.Dimensions) {
			return false
		}
		for _, v := range s.Facets[si] {
			if _, ok := tenths(v); !ok {
				return false
			}
		}
	}
	return slices.Contains(Quadrants(), s.Quadrant)
}

// tenths returns a score 0-100 to one decimal as a whole number of tenths.
func tenths(v float64) (int64, bool) {
	t := math.Round(v * 10)
	if math.IsNaN(v) || t < 0 || t > 1000 || math.Abs(v*10-t) > 1e-6 {
		return 0, false
	}
	return int64(t), true
}

// problems folds the problems found into one *fail.Error, or nil.
func problems(what string, bad map[string]string) error {
	if len(bad) == 0 {
		return nil
	}
	keys := slices.Sorted(maps.Keys(bad))
	msg := fmt.Sprintf("the %s has %d problem(s): %s", what, len(bad), strings.Join(keys[:min(len(keys), 8)], ", "))
	if len(keys) > 8 {
		msg += fmt.Sprintf(" and %d more", len(keys)-8)
	}
	return &fail.Error{Code: fail.Invalid, Message: msg, Fields: bad}
}

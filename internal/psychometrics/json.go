package psychometrics

import (
	"encoding/json"
	"math"
)

// The JSON of a Report is a public contract, shared by the CLI and the API:
//
//	{"scales":{"management":{"n","alpha","std_alpha","g6","average_r",
//	                          "items":{"<id>":{"mean","sd","r_drop","alpha_if_deleted"}}}, ...},
//	 "facets":{"management.<dimension>":{...same fields...}, ...}}
//
// A statistic the data leave undefined (NaN) is null.

type jsonReport struct {
	Scales map[string]jsonGroup `json:"scales"`
	Facets map[string]jsonGroup `json:"facets"`
}

type jsonGroup struct {
	N        int64               `json:"n"`
	Alpha    number              `json:"alpha"`
	StdAlpha number              `json:"std_alpha"`
	G6       number              `json:"g6"`
	AverageR number              `json:"average_r"`
	Items    map[string]jsonItem `json:"items"`
}

type jsonItem struct {
	Mean           number `json:"mean"`
	SD             number `json:"sd"`
	RDrop          number `json:"r_drop"`
	AlphaIfDeleted number `json:"alpha_if_deleted"`
}

// number is a float64 whose JSON is null when it is not finite.
type number float64

func (n number) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

// MarshalJSON writes the report in its public JSON form.
func (r Report) MarshalJSON() ([]byte, error) {
	out := jsonReport{Scales: map[string]jsonGroup{}, Facets: map[string]jsonGroup{}}
	for _, g := range r.Groups {
		jg := jsonGroup{N: g.N, Alpha: number(g.Alpha), StdAlpha: number(g.StdAlpha), G6: number(g.G6),
			AverageR: number(g.AverageR), Items: map[string]jsonItem{}}
		for _, it := range g.Items {
			jg.Items[it.ID] = jsonItem{Mean: number(it.Mean), SD: number(it.SD), RDrop: number(it.RDrop), AlphaIfDeleted: number(it.AlphaIfDeleted)}
		}
		if g.Kind == KindScale {
			out.Scales[g.Name] = jg
		} else {
			out.Facets[g.Name] = jg
		}
	}
	return json.Marshal(out)
}

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// The docs page is rendered once, on the server, from the OpenAPI document:
// no script, no request anywhere else, one stylesheet served beside it. So
// it works under the server's CSP and offline, and it cannot drift from the
// API, because it is the API's own description.

// apiContractDocs describes the fields of the public-contract types, whose
// Go definitions in the core packages carry no API documentation.
var apiContractDocs = map[string]map[string]string{
	"Profile": {
		"instrument":  "The instrument version answered.",
		"scales":      "The management and leadership scale scores, by scale.",
		"facets":      "Each scale's facet scores, 0-100, by scale and then by facet (a dimension key of the instrument).",
		"tendency":    "The pull under pressure, from -1 (manages first) to +1 (leads first).",
		"judgement":   "The situational-judgement result.",
		"quadrant":    "Where the person sits on the management × leadership grid: balanced, manager-leaning, leader-leaning or emerging.",
		"warnings":    "Blind-spot warnings, each citing the sentence of the source it follows.",
		"development": "The facets to develop next, with practices for each.",
		"habits":      "The habits the source recommends, each citing its sentence.",
		"disclaimer":  "What the profile is, and what it is not.",
	},
	"ScaleScore": {"score": "The scale score, 0-100."},
	"Judgement": {
		"accuracy":   "How closely the scenario ratings follow the source's guidance, 0-100.",
		"preference": "How much the ratings favour leading options over managing ones whatever the situation, -1 to +1: a style, not a skill.",
	},
	"Development": {
		"scale":     "The scale of the facet: management or leadership.",
		"facet":     "The facet's dimension key.",
		"name":      "The facet's name.",
		"develop":   "The pole of the dimension to develop.",
		"score":     "The facet score, 0-100.",
		"practices": "Practices for the facet, each citing its sentence.",
	},
	"Instrument": {
		"id":           "The instrument version, such as core@1. Versions never change once published.",
		"title":        "The instrument's title.",
		"intro":        "What to tell the respondent before they start.",
		"minutes":      "About how long answering takes.",
		"dimensions":   "The framework's dimensions, on which each scale has one facet.",
		"sections":     "The parts of the questionnaire, in order.",
		"rating_scale": "The labelled points of the capability rating scale.",
		"sjt_scale":    "The labelled points on which scenario options are rated.",
		"scoring":      "The cut points that turn scores into a quadrant and warnings.",
		"items":        "Every item. Answer each under its id in the answers JSON.",
	},
	"Item": {
		"id":            "The item id, the key of its answer in the answers JSON.",
		"section":       "capability (answer 1-5), tendency (answer an option id) or sjt (answer an object of option id to rating 1-5).",
		"text":          "The question.",
		"options":       "The choices: rating points, the two options of a tendency pair, or the options of a scenario.",
		"scale":         "A capability item's scale: management or leadership.",
		"facet":         "A capability item's facet (a dimension key).",
		"reverse":       "Whether a capability item is reverse-keyed.",
		"observer_text": "A capability item's wording for someone rating another person.",
		"scenario":      "A scenario's situation.",
		"context":       "The context the scenario is set in.",
		"phase":         "The phase of work the scenario is set in.",
		"source":        "The sentence of the source text the scenario's key follows.",
	},
}

// apiDescribeContracts adds apiContractDocs to the registered schemas.
func apiDescribeContracts(reg huma.Registry) {
	schemas := reg.Map()
	for name, docs := range apiContractDocs {
		if s := schemas[name]; s != nil {
			apiDescribe(s, docs)
		}
	}
}

type apiDocsPage struct {
	Title   string
	Version string
	Intro   []string
	Groups  []apiDocsGroup
	Schemas []apiDocsSchema
}

type apiDocsGroup struct {
	Tag string
	Ops []apiDocsOp
}

type apiDocsOp struct {
	ID          string
	Method      string
	Path        string
	Summary     string
	Description []string
	Auth        string
	Params      []apiDocsParam
	Request     *apiDocsBody
	Responses   []apiDocsBody
}

type apiDocsParam struct {
	Name        string
	In          string
	Type        apiDocsType
	Required    bool
	Default     string
	Description string
}

type apiDocsBody struct {
	Status      string
	Description string
	ContentType string
	Type        apiDocsType
	Example     string
}

type apiDocsType struct {
	Text string
	Ref  string
}

type apiDocsSchema struct {
	Name        string
	Description string
	Fields      []apiDocsField
}

type apiDocsField struct {
	Name        string
	Type        apiDocsType
	Required    bool
	Description string
}

// renderAPIDocs renders the docs page of the registered operations.
func renderAPIDocs(reg *apiRegistry) ([]byte, error) {
	oapi := reg.api.OpenAPI()
	page := apiDocsPage{Title: oapi.Info.Title, Version: oapi.Info.Version, Intro: apiParagraphs(oapi.Info.Description)}
	for _, op := range reg.ops {
		d := apiDocsOp{
			ID: op.OperationID, Method: op.Method, Path: op.Path, Summary: op.Summary,
			Description: apiParagraphs(op.Description), Auth: apiDocsAuth(op.Security),
		}
		for _, p := range op.Parameters {
			dp := apiDocsParam{Name: p.Name, In: p.In, Type: apiDocsTypeOf(p.Schema), Required: p.Required, Description: p.Description}
			if p.Schema != nil && p.Schema.Default != nil {
				dp.Default = fmt.Sprint(p.Schema.Default)
			}
			d.Params = append(d.Params, dp)
		}
		if rb := op.RequestBody; rb != nil {
			b, err := apiDocsContent(rb.Content)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", op.OperationID, err)
			}
			d.Request = &b
		}
		for _, status := range apiSortedKeys(op.Responses) {
			resp := op.Responses[status]
			b, err := apiDocsContent(resp.Content)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", op.OperationID, status, err)
			}
			b.Status, b.Description = status, resp.Description
			d.Responses = append(d.Responses, b)
		}
		tag := "Other"
		if len(op.Tags) > 0 {
			tag = op.Tags[0]
		}
		i := slices.IndexFunc(page.Groups, func(g apiDocsGroup) bool { return g.Tag == tag })
		if i < 0 {
			page.Groups = append(page.Groups, apiDocsGroup{Tag: tag})
			i = len(page.Groups) - 1
		}
		page.Groups[i].Ops = append(page.Groups[i].Ops, d)
	}
	schemas := oapi.Components.Schemas.Map()
	for _, name := range apiSortedKeys(schemas) {
		s := schemas[name]
		ds := apiDocsSchema{Name: name, Description: s.Description}
		for _, prop := range apiSortedKeys(s.Properties) {
			ps := s.Properties[prop]
			ds.Fields = append(ds.Fields, apiDocsField{Name: prop, Type: apiDocsTypeOf(ps), Required: slices.Contains(s.Required, prop), Description: ps.Description})
		}
		page.Schemas = append(page.Schemas, ds)
	}
	var buf bytes.Buffer
	if err := apiDocsTemplate.Execute(&buf, page); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// apiDocsContent describes the first media type of a body, with its example
// as indented JSON.
func apiDocsContent(content map[string]*huma.MediaType) (apiDocsBody, error) {
	var b apiDocsBody
	keys := apiSortedKeys(content)
	if len(keys) == 0 {
		return b, nil
	}
	mt := content[keys[0]]
	b.ContentType, b.Type = keys[0], apiDocsTypeOf(mt.Schema)
	if mt.Example != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(mt.Example); err != nil {
			return b, err
		}
		b.Example = buf.String()
	}
	return b, nil
}

// apiDocsTypeOf names a schema's type for a reader: a linked schema name, or
// a JSON type with its format and allowed values.
func apiDocsTypeOf(s *huma.Schema) apiDocsType {
	if s == nil {
		return apiDocsType{Text: "any JSON value"}
	}
	if s.Ref != "" {
		return apiDocsType{Ref: s.Ref[strings.LastIndex(s.Ref, "/")+1:]}
	}
	switch s.Type {
	case "":
		return apiDocsType{Text: "any JSON value"}
	case huma.TypeArray:
		inner := apiDocsTypeOf(s.Items)
		return apiDocsType{Text: "array of " + inner.Text, Ref: inner.Ref}
	case huma.TypeObject:
		if ap, ok := s.AdditionalProperties.(*huma.Schema); ok {
			inner := apiDocsTypeOf(ap)
			return apiDocsType{Text: "map of " + inner.Text, Ref: inner.Ref}
		}
		return apiDocsType{Text: "object"}
	}
	t := s.Type
	if s.Format != "" {
		t += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		t += ": " + strings.Join(vals, ", ")
	}
	return apiDocsType{Text: t}
}

// apiDocsAuth says in words who may call an operation.
func apiDocsAuth(security []map[string][]string) string {
	var schemes []string
	for _, req := range security {
		for name := range req {
			schemes = append(schemes, name)
		}
	}
	switch {
	case len(schemes) == 0:
		return "No account needed. Stores nothing; rate-limited per client."
	case slices.Contains(schemes, "bearer"):
		return "Needs a session cookie or an API token (Authorization: Bearer th_…)."
	default:
		return "Needs a signed-in session cookie; API tokens are refused."
	}
}

func apiParagraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func apiSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var apiDocsTemplate = template.Must(template.New("docs").Funcs(template.FuncMap{"lower": strings.ToLower}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} v{{.Version}}</title>
<link rel="stylesheet" href="/api/v1/docs.css">
</head>
<body>
<a class="skip" href="#main">Skip to the operations</a>
<header>
<h1>{{.Title}} <span class="version">v{{.Version}}</span></h1>
{{range .Intro}}<p>{{.}}</p>
{{end}}<p>The machine-readable description: <a href="/api/v1/openapi.json">openapi.json</a> · <a href="/api/v1/openapi.yaml">openapi.yaml</a> (OpenAPI 3.1).</p>
</header>
<nav aria-label="Operations">
<h2>Operations</h2>
{{range .Groups}}<h3>{{.Tag}}</h3>
<ul>
{{range .Ops}}<li><a href="#op-{{.ID}}"><span class="method method-{{lower .Method}}">{{.Method}}</span> <code>{{.Path}}</code></a> {{.Summary}}</li>
{{end}}</ul>
{{end}}<h3>Schemas</h3>
<ul class="schemas">
{{range .Schemas}}<li><a href="#schema-{{.Name}}">{{.Name}}</a></li>
{{end}}</ul>
</nav>
<main id="main">
{{range .Groups}}<h2>{{.Tag}}</h2>
{{range .Ops}}<section class="op" id="op-{{.ID}}" aria-labelledby="op-{{.ID}}-title">
<h3 id="op-{{.ID}}-title"><span class="method method-{{lower .Method}}">{{.Method}}</span> <code>{{.Path}}</code></h3>
<p class="summary">{{.Summary}}</p>
{{range .Description}}<p>{{.}}</p>
{{end}}<p class="auth">{{.Auth}}</p>
{{if .Params}}<h4>Parameters</h4>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
<tbody>
{{range .Params}}<tr><td><code>{{.Name}}</code>{{if .Required}} <span class="req">required</span>{{end}}</td><td>{{.In}}</td><td>{{template "type" .Type}}{{with .Default}}, default <code>{{.}}</code>{{end}}</td><td>{{.Description}}</td></tr>
{{end}}</tbody>
</table>
{{end}}{{with .Request}}<h4>Request body</h4>
<p><code>{{.ContentType}}</code>: {{template "type" .Type}}</p>
{{with .Example}}<details><summary>Example request</summary><pre><code>{{.}}</code></pre></details>
{{end}}{{end}}<h4>Responses</h4>
<table>
<thead><tr><th scope="col">Status</th><th scope="col">Description</th><th scope="col">Body</th></tr></thead>
<tbody>
{{range .Responses}}<tr><td><code>{{.Status}}</code></td><td>{{.Description}}</td><td>{{if .ContentType}}<code>{{.ContentType}}</code>: {{template "type" .Type}}{{else}}none{{end}}</td></tr>
{{end}}</tbody>
</table>
{{range .Responses}}{{if .Example}}<details><summary>Example {{.Status}} response</summary><pre><code>{{.Example}}</code></pre></details>
{{end}}{{end}}</section>
{{end}}{{end}}<h2 id="schemas">Schemas</h2>
{{range .Schemas}}<section class="schema" id="schema-{{.Name}}">
<h3>{{.Name}}</h3>
{{with .Description}}<p>{{.}}</p>
{{end}}{{if .Fields}}<table>
<thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
<tbody>
{{range .Fields}}<tr><td><code>{{.Name}}</code>{{if .Required}} <span class="req">required</span>{{end}}</td><td>{{template "type" .Type}}</td><td>{{.Description}}</td></tr>
{{end}}</tbody>
</table>
{{end}}</section>
{{end}}</main>
</body>
</html>
{{define "type"}}{{.Text}}{{with .Ref}}{{if $.Text}} {{end}}<a href="#schema-{{.}}">{{.}}</a>{{end}}{{end}}`))

// apiDocsCSS styles the docs page; it is served as a file because the CSP
// allows no inline style.
const apiDocsCSS = `:root { color-scheme: light dark; --fg: #1d232a; --muted: #56606b; --bg: #fdfdfc; --panel: #f2f4f5; --line: #d5dadf;
  --link: #0b5cad; --get: #17663a; --post: #0b5cad; --delete: #a3211b; --put: #8a5a00; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #a4adb6; --bg: #15191d; --panel: #1f252b; --line: #36404a;
  --link: #7db7f0; --get: #6fcf97; --post: #7db7f0; --delete: #f28b82; --put: #f2c46d; } }
* { box-sizing: border-box; }
html { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 4rem; display: grid; grid-template-columns: 17rem 1fr; gap: 0 2.5rem; }
header { grid-column: 1 / -1; border-bottom: 1px solid var(--line); margin-bottom: 1.5rem; }
nav { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: .5rem 0; font-size: .9rem; }
nav ul { list-style: none; margin: 0 0 1rem; padding: 0; }
nav li { margin: .3rem 0; }
main { min-width: 0; }
h1 { font-size: 1.8rem; margin: .5rem 0; }
h2 { font-size: 1.4rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
nav h2 { border: 0; margin-top: 0; font-size: 1.1rem; }
nav h3 { font-size: .95rem; margin: .8rem 0 .2rem; color: var(--muted); }
h3 { font-size: 1.15rem; margin: 0 0 .3rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
a { color: var(--link); }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.version { color: var(--muted); font-weight: normal; font-size: 1rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
.op, .schema { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem; margin: 1rem 0; }
.summary { font-weight: 600; margin-top: 0; }
.auth { color: var(--muted); font-style: italic; }
.method { display: inline-block; min-width: 4.2em; font: 700 .8rem/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-align: center;
  border: 1px solid currentColor; border-radius: 4px; padding: 0 .3em; }
.method-get { color: var(--get); } .method-post { color: var(--post); } .method-delete { color: var(--delete); }
.method-put, .method-patch { color: var(--put); }
.req { color: var(--delete); font-size: .8rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88rem; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .8rem; overflow: auto; max-height: 28rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); padding: .35rem .5rem; }
th { color: var(--muted); font-weight: 600; }
details { margin: .4rem 0; }
summary { cursor: pointer; color: var(--link); }
@media (max-width: 50rem) { body { display: block; } nav { position: static; max-height: none; } table { display: block; overflow-x: auto; } }
@media print { nav, .skip { display: none; } body { display: block; } details > pre { max-height: none; } .op, .schema { break-inside: avoid; } }
`

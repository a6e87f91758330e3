package coach

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// The two sides a story of the story bank can show.
const (
	SideManagement = "management"
	SideLeadership = "leadership"
)

// Story is one situational STAR story of a candidate's story bank, tagged
// with the side it shows and the situation (contexts and phase) it happened
// in. The source asks for "situational examples of both sides", each saying
// why the situation called for it: WhyContext holds that reason.
type Story struct {
	Title      string   `json:"title"`
	Side       string   `json:"side"`
	Contexts   []string `json:"contexts"`
	Phase      string   `json:"phase"`
	Situation  string   `json:"situation"`
	Task       string   `json:"task"`
	Action     string   `json:"action"`
	Result     string   `json:"result"`
	WhyContext string   `json:"why_context"`
}

// Problems lists what is wrong with s, by field name, for a form or an API
// to show; it is empty for a story fit to keep.
func (s Story) Problems() map[string]string {
	p := map[string]string{}
	if strings.TrimSpace(s.Title) == "" {
		p["title"] = "give the story a short title"
	}
	if s.Side != SideManagement && s.Side != SideLeadership {
		p["side"] = "must be management or leadership"
	}
	for name, v := range map[string]string{"situation": s.Situation, "action": s.Action, "result": s.Result} {
		if strings.TrimSpace(v) == "" {
			p[name] = "is required: a STAR story says what the " + name + " was"
		}
	}
	for name, v := range map[string]string{"title": s.Title, "situation": s.Situation, "task": s.Task,
		"action": s.Action, "result": s.Result, "why_context": s.WhyContext} {
		if n := len([]rune(v)); n > 4000 {
			p[name] = fmt.Sprintf("is %d characters; at most 4000", n)
		}
	}
	return p
}

// ContextExplained reports whether the story says why its situation called
// for the side it shows.
func (s Story) ContextExplained() bool { return strings.TrimSpace(s.WhyContext) != "" }

// Coverage is the story bank's check against the source's interview advice:
// at least one management-excellence story and one leadership-impact story,
// each a whole STAR story with its context explained.
type Coverage struct {
	// ManagementExcellence: a management story with a result and its context explained.
	ManagementExcellence bool `json:"management_excellence"`
	// LeadershipImpact: a leadership story with a result and its context explained.
	LeadershipImpact bool `json:"leadership_impact"`
	// Missing says, one sentence each, what to add; empty when covered.
	Missing []string `json:"missing"`
}

// Covered reports whether the bank has both stories the advice asks for.
func (c Coverage) Covered() bool { return c.ManagementExcellence && c.LeadershipImpact }

// CheckCoverage checks a story bank.
func CheckCoverage(stories []Story) Coverage {
	c := Coverage{Missing: []string{}}
	has := map[string]bool{}
	sideOnly := map[string]bool{}
	for _, s := range stories {
		if len(s.Problems()) > 0 {
			continue
		}
		sideOnly[s.Side] = true
		if s.ContextExplained() {
			has[s.Side] = true
		}
	}
	c.ManagementExcellence, c.LeadershipImpact = has[SideManagement], has[SideLeadership]
	for _, side := range []struct{ key, what string }{
		{SideManagement, "a management-excellence story (a process, schedule, budget or quality standard you ran, and what it achieved)"},
		{SideLeadership, "a leadership-impact story (a change, vision or coalition you led, and what it achieved)"},
	} {
		switch {
		case has[side.key]:
		case sideOnly[side.key]:
			c.Missing = append(c.Missing, "Explain the context of "+side.what+": say why the situation called for "+side.key+".")
		default:
			c.Missing = append(c.Missing, "Add "+side.what+", with why the situation called for "+side.key+".")
		}
	}
	return c
}

// PrepSheetMarkdown writes a one-page interview prep sheet of the stories
// in Markdown: the coverage check, then each story in STAR form.
func PrepSheetMarkdown(w io.Writer, name string, stories []Story) error {
	c := CheckCoverage(stories)
	var b strings.Builder
	b.WriteString("# Interview prep sheet")
	if name = strings.TrimSpace(name); name != "" {
		b.WriteString(": " + mdEscape(name))
	}
	b.WriteString("\n\n")
	b.WriteString("Show both sides, each with the situation that called for it. Never say \"I'm a leader, not a manager\".\n\n")
	b.WriteString("## Coverage\n\n")
	fmt.Fprintf(&b, "- Management excellence: %s\n- Leadership impact: %s\n", tick(c.ManagementExcellence), tick(c.LeadershipImpact))
	for _, m := range c.Missing {
		fmt.Fprintf(&b, "- To do: %s\n", m)
	}
	for _, side := range []string{SideManagement, SideLeadership} {
		fmt.Fprintf(&b, "\n## %s stories\n", strings.ToUpper(side[:1])+side[1:])
		n := 0
		for _, s := range stories {
			if s.Side != side {
				continue
			}
			n++
			fmt.Fprintf(&b, "\n### %s\n\n", mdEscape(s.Title))
			if len(s.Contexts) > 0 || s.Phase != "" {
				fmt.Fprintf(&b, "*Context:* %s", mdEscape(strings.Join(s.Contexts, ", ")))
				if s.Phase != "" {
					fmt.Fprintf(&b, "; *phase:* %s", mdEscape(s.Phase))
				}
				b.WriteString("\n\n")
			}
			for _, part := range []struct{ k, v string }{{"Situation", s.Situation}, {"Task", s.Task}, {"Action", s.Action}, {"Result", s.Result}, {"Why this called for " + side, s.WhyContext}} {
				if strings.TrimSpace(part.v) != "" {
					fmt.Fprintf(&b, "- **%s:** %s\n", part.k, mdEscape(oneLine(part.v)))
				}
			}
		}
		if n == 0 {
			b.WriteString("\nNone yet.\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var prepSheetHTML = template.Must(template.New("prep").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Interview prep sheet{{with .Name}} · {{.}}{{end}}</title></head>
<body>
<h1>Interview prep sheet{{with .Name}}: {{.}}{{end}}</h1>
<p>Show both sides, each with the situation that called for it. Never say “I’m a leader, not a manager”.</p>
<h2>Coverage</h2>
<ul>
<li>Management excellence: {{if .Coverage.ManagementExcellence}}yes{{else}}missing{{end}}</li>
<li>Leadership impact: {{if .Coverage.LeadershipImpact}}yes{{else}}missing{{end}}</li>
{{- range .Coverage.Missing}}
<li>To do: {{.}}</li>
{{- end}}
</ul>
{{- range .Sides}}
<h2>{{.Heading}}</h2>
{{- range .Stories}}
<section>
<h3>{{.Title}}</h3>
{{- if or .Contexts .Phase}}<p><em>Context:</em> {{range $i, $c := .Contexts}}{{if $i}}, {{end}}{{$c}}{{end}}{{with .Phase}}; <em>phase:</em> {{.}}{{end}}</p>{{end}}
<dl>
{{- with .Situation}}<dt>Situation</dt><dd>{{.}}</dd>{{end}}
{{- with .Task}}<dt>Task</dt><dd>{{.}}</dd>{{end}}
{{- with .Action}}<dt>Action</dt><dd>{{.}}</dd>{{end}}
{{- with .Result}}<dt>Result</dt><dd>{{.}}</dd>{{end}}
{{- with .WhyContext}}<dt>Why the situation called for it</dt><dd>{{.}}</dd>{{end}}
</dl>
</section>
{{- else}}
<p>None yet.</p>
{{- end}}
{{- end}}
</body></html>
`))

// PrepSheetHTML writes the prep sheet as a standalone HTML page, with no
// script or style, fit to print on one page.
func PrepSheetHTML(w io.Writer, name string, stories []Story) error {
	type side struct {
		Heading string
		Stories []Story
	}
	sides := []side{{Heading: "Management stories"}, {Heading: "Leadership stories"}}
	for _, s := range stories {
		switch s.Side {
		case SideManagement:
			sides[0].Stories = append(sides[0].Stories, s)
		case SideLeadership:
			sides[1].Stories = append(sides[1].Stories, s)
		}
	}
	return prepSheetHTML.Execute(w, struct {
		Name     string
		Coverage Coverage
		Sides    []side
	}{name, CheckCoverage(stories), sides})
}

func tick(b bool) string {
	if b {
		return "yes"
	}
	return "missing"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdEscape keeps a person's text from being read as Markdown markup.
func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "#", `\#`, "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

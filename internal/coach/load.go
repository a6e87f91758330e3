package coach

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/twohats/twohats/internal/framework"
)

//go:embed data/*.yaml data/model.json
var embeddedFS embed.FS

var embedded = mustSub(embeddedFS, "data")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

// ConfigFile is the name of the file that holds signals, scoring, vocabulary
// and the language model; every other *.yaml file holds rules.
const ConfigFile = "coach.yaml"

// LoadError is a problem in a rule or configuration file, located by file and
// line.
type LoadError struct {
	// File is the name of the file, such as red-flags.yaml.
	File string
	// Line is the line of the problem, or 0 when it has no single line.
	Line int
	// Msg says what is wrong and, where it can, what is expected.
	Msg string
}

// Error formats the problem as file:line: message.
func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// configSpec is the shape of coach.yaml.
type configSpec struct {
	Version  int               `yaml:"version"`
	Signals  []signalSpec      `yaml:"signals"`
	Scoring  scoringSpec       `yaml:"scoring"`
	Language languageSpec      `yaml:"language"`
	Vocab    map[string]string `yaml:"vocab"`
}

type signalSpec struct {
	Name     string       `yaml:"name"`
	Polarity string       `yaml:"polarity"`
	Meaning  string       `yaml:"meaning"`
	Source   string       `yaml:"source"`
	Missing  *missingSpec `yaml:"missing"`
	// Implies names signals that hold whenever this one does, by the
	// conventions: sorting people into managers and leaders is itself the
	// myth "you're either a manager or a leader".
	Implies []string `yaml:"implies"`
}

type missingSpec struct {
	Rule       string   `yaml:"rule"`
	Severity   Severity `yaml:"severity"`
	Message    string   `yaml:"message"`
	Suggestion string   `yaml:"suggestion"`
}

type scoringSpec struct {
	Base      int              `yaml:"base"`
	Groups    []groupSpec      `yaml:"groups"`
	Penalties map[Severity]int `yaml:"penalties"`
	Cap       int              `yaml:"penalty_cap"`
	Verdict   struct {
		Strong int            `yaml:"strong"`
		OK     int            `yaml:"ok"`
		Warned []string       `yaml:"warned_against"`
		Halves map[string]int `yaml:"halves"`
	} `yaml:"verdict"`
	Source string `yaml:"source"`
}

type groupSpec struct {
	Name    string         `yaml:"name"`
	Cap     int            `yaml:"cap"`
	Weights map[string]int `yaml:"weights"`
	Note    string         `yaml:"note"`
}

type languageSpec struct {
	Negators       []string `yaml:"negators"`
	NegationWindow int      `yaml:"negation_window"`
	ClauseWords    []string `yaml:"clause_words"`
	SubjectWords   []string `yaml:"subject_words"`
	RelativeWords  []string `yaml:"relative_words"`
	Abbreviations  []string `yaml:"abbreviations"`
	LineBreaks     bool     `yaml:"line_breaks_end_sentences"`
	Frames         []string `yaml:"reported_frames"`
	ScopeBreaks    []string `yaml:"scope_breaks"`
	Endorse        []string `yaml:"endorse"`
	EndorseBefore  []string `yaml:"endorse_before"`
	Affirm         []string `yaml:"affirm"`
	Deny           []string `yaml:"deny"`
	QuestionTags   []string `yaml:"question_tags"`
}

// language is the compiled language model shared by every rule.
type language struct {
	negators       map[string]bool
	negationWindow int
	clauseWords    map[string]bool
	subjectWords   map[string]bool
	relativeWords  map[string]bool
	abbreviations  map[string]bool
	wordFlags      map[string]uint8 // the four word lists above, as flags
	maxFlagWord    int              // the longest word in wordFlags
	flagShapes     [256]uint64      // first byte -> the lengths of the words in wordFlags beginning with it, as bits
	lineBreaks     bool
	frames         cue
	scopeBreak     cue
	endorse        cue
	endorseBefore  cue
	affirm         cue
	deny           cue
	questionTags   cue
}

// The roles a word can have in the language model, as flags of wordFlags.
const (
	wordNegator uint8 = 1 << iota
	wordClause
	wordSubject
	wordRelative
)

// indexWords merges the word lists into one lookup, so that tokenising an
// answer asks one map once per word (and not at all for longer words).
func (l *language) indexWords() {
	l.wordFlags = map[string]uint8{}
	for flag, set := range map[uint8]map[string]bool{wordNegator: l.negators, wordClause: l.clauseWords,
		wordSubject: l.subjectWords, wordRelative: l.relativeWords} {
		for w := range set {
			l.wordFlags[w] |= flag
			l.maxFlagWord = max(l.maxFlagWord, len(w))
			if w != "" {
				l.flagShapes[w[0]] |= 1 << min(len(w), 63)
			}
		}
	}
}

// mayHaveFlags reports whether word (not empty) can be in wordFlags: some
// word there begins with its first byte and has its length (lengths from 63
// on are one length).
func (l *language) mayHaveFlags(word string) bool {
	return len(word) <= l.maxFlagWord && l.flagShapes[word[0]]&(1<<min(len(word), 63)) != 0
}

type signalDef struct {
	name    string
	index   int
	missing *missingSpec
	implies []int // indices into SignalNames
}

// ruleFile is the shape of a rule file.
type ruleFile struct {
	Rules []ruleSpec `yaml:"rules"`
}

type ruleSpec struct {
	ID           string     `yaml:"id"`
	Kind         string     `yaml:"kind"`
	Signals      []string   `yaml:"signals"`
	When         []string   `yaml:"when"`
	Severity     Severity   `yaml:"severity"`
	Message      string     `yaml:"message"`
	Suggestion   string     `yaml:"suggestion"`
	Source       string     `yaml:"source"`
	Report       *bool      `yaml:"report"`
	SkipQuoted   *bool      `yaml:"skip_quoted"`
	SkipReported *bool      `yaml:"skip_reported"`
	Negation     string     `yaml:"negation"`
	Unless       []string   `yaml:"unless"`
	Window       *int       `yaml:"window"`
	Patterns     []string   `yaml:"patterns"`
	Swap         []swapSpec `yaml:"swap"`
	Min          *int       `yaml:"min"`
	Max          *int       `yaml:"max"`
	All          [][]string `yaml:"all"`
	Ordered      bool       `yaml:"ordered"`
	SameClause   bool       `yaml:"same_clause"`
	First        []string   `yaml:"first"`
	Second       []string   `yaml:"second"`
	Note         string     `yaml:"note"`
}

type swapSpec struct {
	Pattern string `yaml:"pattern"`
	With    string `yaml:"with"`
}

// locator finds the line of a YAML path in one file.
type locator struct {
	name string
	file *ast.File
}

func (l locator) line(p string) int {
	if l.file == nil {
		return 0
	}
	yp, err := yaml.PathString(p)
	if err != nil {
		return 0
	}
	n, err := yp.FilterFile(l.file)
	if err != nil || n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

// errorf makes a LoadError at the line of path p, or of its nearest parent
// when p itself is absent (a missing field is reported at its rule).
func (l locator) errorf(p string, format string, args ...any) error {
	line := l.line(p)
	for line == 0 && strings.ContainsAny(p, ".[") {
		p = p[:max(strings.LastIndexByte(p, '.'), strings.LastIndexByte(p, '['))]
		line = l.line(p)
	}
	return &LoadError{File: l.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// decode parses data strictly into v, reporting the file and line of a
// syntax error or an unknown field.
func decode(name string, data []byte, v any) (locator, error) {
	loc := locator{name: name}
	if f, err := parser.ParseBytes(data, 0); err == nil {
		loc.file = f
	}
	if err := yaml.UnmarshalWithOptions(data, v, yaml.Strict()); err != nil {
		msg := strings.TrimSpace(yaml.FormatError(err, false, false))
		line := 0
		if m := yamlPos.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimSpace(strings.TrimPrefix(msg, m[0]))
		}
		return loc, &LoadError{File: name, Line: line, Msg: msg}
	}
	return loc, nil
}

// yamlPos is how go-yaml prefixes a message with its position.
var yamlPos = regexp.MustCompile(`^\[(\d+):\d+\]`)

// Load builds an analyser from fsys: coach.yaml for signals, scoring,
// vocabulary and language, and every other *.yaml file at the root for rules,
// in name order. Every problem found is returned, each naming its file and
// line.
func Load(fsys fs.FS) (*Analyzer, error) {
	cfgData, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		return nil, &LoadError{File: ConfigFile, Msg: "cannot read: " + err.Error()}
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, n := range names {
		if n == ConfigFile {
			continue
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, &LoadError{File: n, Msg: "cannot read: " + err.Error()}
		}
		files[n] = b
	}
	a, err := Parse(cfgData, files)
	if err != nil {
		return nil, err
	}
	// The learned layer is optional: without model.json the rules run alone.
	mdata, err := fs.ReadFile(fsys, ModelFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, &LoadError{File: ModelFile, Msg: "cannot read: " + err.Error()}
	default:
		if err := a.SetModel(mdata); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// SetModel replaces the analyser's learned layer with the one in data, the
// contents of a model.json file; nil data removes it, so the rules run alone.
// It must be called before the analyser is used.
func (a *Analyzer) SetModel(data []byte) error {
	if data == nil {
		a.model = nil
		return nil
	}
	m, err := parseModel(data, modelSeverities(a.rules))
	if err != nil {
		return err
	}
	a.model = m
	return nil
}

// Parse builds an analyser from the bytes of coach.yaml and of the rule files,
// keyed by file name; rule files run in name order.
func Parse(config []byte, ruleFiles map[string][]byte) (*Analyzer, error) {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	source := framework.SourceText()

	var cfg configSpec
	cloc, err := decode(ConfigFile, config, &cfg)
	if err != nil {
		return nil, err
	}
	a := &Analyzer{pats: newPatternSet(cfg.Vocab)}
	vocabNames := make([]string, 0, len(cfg.Vocab))
	for name := range cfg.Vocab {
		vocabNames = append(vocabNames, name)
	}
	slices.Sort(vocabNames)
	for _, name := range vocabNames {
		x, err := a.pats.expand(cfg.Vocab[name], 0)
		if err == nil && strings.ContainsFunc(x, func(r rune) bool { return r < 0x20 }) {
			err = errors.New(`holds a control character; in a double-quoted YAML string write \\b for a word boundary`)
		}
		if err == nil {
			_, err = regexp.Compile(x)
		}
		if err != nil {
			add(cloc.errorf("$.vocab."+name, "vocab %q: %v", name, err))
		}
	}

	// signals
	seen := map[string]bool{}
	for i, s := range cfg.Signals {
		p := fmt.Sprintf("$.signals[%d]", i)
		idx := slices.Index(SignalNames, s.Name)
		switch {
		case idx < 0:
			add(cloc.errorf(p, "unknown signal %q; want one of %s", s.Name, strings.Join(SignalNames, ", ")))
			continue
		case seen[s.Name]:
			add(cloc.errorf(p, "signal %q defined twice", s.Name))
		}
		seen[s.Name] = true
		if err := citation(source, s.Source); err != nil {
			add(cloc.errorf(p, "signal %q: %v", s.Name, err))
		}
		if s.Missing != nil {
			if s.Missing.Rule == "" || s.Missing.Message == "" || !validSeverity(s.Missing.Severity) {
				add(cloc.errorf(p+".missing", "signal %q: missing needs a rule id, a message and a severity (error, warning, suggestion or info)", s.Name))
			}
		}
		def := signalDef{name: s.Name, index: idx, missing: s.Missing}
		for j, n := range s.Implies {
			k := slices.Index(SignalNames, n)
			switch {
			case k < 0:
				add(cloc.errorf(fmt.Sprintf("%s.implies[%d]", p, j), "signal %q implies unknown signal %q; want one of %s", s.Name, n, strings.Join(SignalNames, ", ")))
			case k == idx:
				add(cloc.errorf(fmt.Sprintf("%s.implies[%d]", p, j), "signal %q implies itself", s.Name))
			default:
				def.implies = append(def.implies, k)
			}
		}
		a.signals = append(a.signals, def)
	}
	for _, n := range SignalNames {
		if !seen[n] {
			add(cloc.errorf("$.signals", "signal %q is not defined", n))
		}
	}

	// scoring
	sc := cfg.Scoring
	a.scoring = scoring{base: sc.Base, penalty: map[Severity]int{}, penaltyCap: sc.Cap,
		strong: sc.Verdict.Strong, ok: sc.Verdict.OK}
	if err := citation(source, sc.Source); err != nil {
		add(cloc.errorf("$.scoring", "scoring: %v", err))
	}
	for sev, pts := range sc.Penalties {
		if !validSeverity(sev) {
			add(cloc.errorf("$.scoring.penalties", "unknown severity %q", sev))
		}
		a.scoring.penalty[sev] = pts
	}
	for gi, g := range sc.Groups {
		sg := scoreGroup{name: g.Name, cap: g.Cap}
		for name := range g.Weights {
			if !slices.Contains(SignalNames, name) {
				add(cloc.errorf(fmt.Sprintf("$.scoring.groups[%d].weights", gi), "unknown signal %q in scoring", name))
			}
		}
		for idx, name := range SignalNames {
			if w, ok := g.Weights[name]; ok {
				sg.signals = append(sg.signals, idx)
				sg.weights = append(sg.weights, w)
			}
		}
		a.scoring.groups = append(a.scoring.groups, sg)
	}
	if !(0 < sc.Verdict.OK && sc.Verdict.OK < sc.Verdict.Strong && sc.Verdict.Strong <= 100) {
		add(cloc.errorf("$.scoring.verdict", "verdict cut points must satisfy 0 < ok < strong <= 100, got ok %d, strong %d", sc.Verdict.OK, sc.Verdict.Strong))
	}
	for _, n := range sc.Verdict.Warned {
		idx := slices.Index(SignalNames, n)
		if idx < 0 {
			add(cloc.errorf("$.scoring.verdict.warned_against", "unknown signal %q", n))
			continue
		}
		a.scoring.warned = append(a.scoring.warned, idx)
	}
	if len(sc.Verdict.Halves) == 0 {
		add(cloc.errorf("$.scoring.verdict", "verdict needs halves: the score groups that outweigh a warned-against move, each with its mark"))
	}
	for _, name := range slices.Sorted(maps.Keys(sc.Verdict.Halves)) {
		mark := sc.Verdict.Halves[name]
		gi := slices.IndexFunc(a.scoring.groups, func(g scoreGroup) bool { return g.name == name })
		switch {
		case gi < 0:
			add(cloc.errorf("$.scoring.verdict.halves", "unknown score group %q", name))
		case mark <= 0:
			add(cloc.errorf("$.scoring.verdict.halves", "group %q: the mark must be above 0, got %d", name, mark))
		default:
			a.scoring.groups[gi].half = mark
		}
	}

	// language
	lg := cfg.Language
	a.lang = &language{negators: set(lg.Negators), negationWindow: lg.NegationWindow,
		clauseWords: set(lg.ClauseWords), subjectWords: set(lg.SubjectWords), relativeWords: set(lg.RelativeWords), abbreviations: set(lg.Abbreviations), lineBreaks: lg.LineBreaks}
	a.lang.indexWords()
	if a.lang.negationWindow <= 0 {
		add(cloc.errorf("$.language.negation_window", "negation_window must be a positive number of words"))
	}
	compileCue := func(field string, srcs []string) cue {
		var c cue
		for i, s := range srcs {
			p, err := a.pats.compile(s)
			if err != nil {
				add(cloc.errorf(fmt.Sprintf("$.language.%s[%d]", field, i), "%s: %v", field, err))
				continue
			}
			c.list = append(c.list, p)
		}
		return newPatList(c.list)
	}
	a.lang.frames = compileCue("reported_frames", lg.Frames)
	a.lang.scopeBreak = compileCue("scope_breaks", lg.ScopeBreaks)
	a.lang.endorse = compileCue("endorse", lg.Endorse)
	a.lang.endorseBefore = compileCue("endorse_before", lg.EndorseBefore)
	a.lang.affirm = compileCue("affirm", lg.Affirm)
	a.lang.deny = compileCue("deny", lg.Deny)
	a.lang.questionTags = compileCue("question_tags", lg.QuestionTags)

	// rules
	names := make([]string, 0, len(ruleFiles))
	for n := range ruleFiles {
		names = append(names, n)
	}
	slices.Sort(names)
	ids := map[string]string{}
	for _, name := range names {
		var rf ruleFile
		loc, err := decode(name, ruleFiles[name], &rf)
		if err != nil {
			add(err)
			continue
		}
		if len(rf.Rules) == 0 {
			add(&LoadError{File: name, Msg: "no rules"})
		}
		for i, spec := range rf.Rules {
			r, rerrs := a.buildRule(loc, fmt.Sprintf("$.rules[%d]", i), spec, source)
			errs = append(errs, rerrs...)
			if r == nil {
				continue
			}
			b := r.base()
			if prev, dup := ids[b.id]; dup {
				add(loc.errorf(fmt.Sprintf("$.rules[%d]", i), "rule %q: id already used in %s", b.id, prev))
			}
			ids[b.id] = fmt.Sprintf("%s:%d", name, b.line)
			a.rules = append(a.rules, r)
			if len(b.when) > 0 {
				a.waiting = append(a.waiting, r)
			} else {
				a.first = append(a.first, r)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	a.sigKey = make(map[string]string, len(a.rules))
	for _, r := range a.rules {
		a.sigKey[r.ID()] = fmt.Sprint(r.Signals())
	}
	a.pats.ac()
	return a, nil
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[strings.ToLower(w)] = true
	}
	return m
}

func validSeverity(s Severity) bool {
	_, ok := severityRank[s]
	return ok
}

// citation checks that quote is a sentence (or part of one) of the source.
func citation(source, quote string) error {
	switch {
	case strings.TrimSpace(quote) == "":
		return errors.New("has no source citation")
	case !framework.Cites(source, quote):
		return fmt.Errorf("cites %q, which is not in the source text", quote)
	}
	return nil
}

var kinds = []string{"existence", "substitution", "occurrence", "cooccurrence", "conditional"}

// buildRule validates one rule and compiles it into its kind's type.
func (a *Analyzer) buildRule(loc locator, p string, s ruleSpec, source string) (checker, []error) {
	var errs []error
	at := func(sub, format string, args ...any) {
		prefix := fmt.Sprintf("rule %q: ", s.ID)
		if s.ID == "" {
			prefix = "rule: "
		}
		errs = append(errs, loc.errorf(p+sub, prefix+format, args...))
	}
	if s.ID == "" {
		at(".id", "has no id")
	}
	if !slices.Contains(kinds, s.Kind) {
		at(".kind", "unknown kind %q; want one of %s", s.Kind, strings.Join(kinds, ", "))
	}
	if strings.TrimSpace(s.Message) == "" {
		at("", "has no message")
	}
	if !validSeverity(s.Severity) {
		at(".severity", "unknown severity %q; want error, warning, suggestion or info", s.Severity)
	}
	if err := citation(source, s.Source); err != nil {
		at(".source", "%v", err)
	}
	b := ruleBase{id: s.ID, kind: s.Kind, severity: s.Severity, message: strings.TrimSpace(s.Message),
		suggestion: strings.TrimSpace(s.Suggestion), source: s.Source, report: true, skipQuoted: true,
		skipReported: true, file: loc.name, line: loc.line(p), an: a, signalNames: s.Signals}
	if s.Report != nil {
		b.report = *s.Report
	}
	if s.SkipQuoted != nil {
		b.skipQuoted = *s.SkipQuoted
	}
	if s.SkipReported != nil {
		b.skipReported = *s.SkipReported
	}
	switch s.Negation {
	case "", "skip":
		b.negation = negSkip
	case "ignore":
		b.negation = negIgnore
	case "invert":
		b.negation = negInvert
	default:
		at(".negation", "unknown negation %q; want skip, ignore or invert", s.Negation)
	}
	for i, name := range s.Signals {
		if st, ok := strings.CutPrefix(name, "star."); ok {
			if idx := slices.Index(starNames, st); idx >= 0 {
				b.signals = append(b.signals, 9+idx)
				continue
			}
		} else if idx := slices.Index(SignalNames, name); idx >= 0 {
			b.signals = append(b.signals, idx)
			continue
		}
		at(fmt.Sprintf(".signals[%d]", i), "unknown signal %q; want one of %s or star.situation, star.task, star.action, star.result",
			name, strings.Join(SignalNames, ", "))
	}
	for i, name := range s.When {
		idx := slices.Index(SignalNames, name)
		switch {
		case idx < 0:
			at(fmt.Sprintf(".when[%d]", i), "waits on unknown signal %q; want one of %s", name, strings.Join(SignalNames, ", "))
		case slices.Contains(b.signals, idx):
			at(fmt.Sprintf(".when[%d]", i), "waits on %q, a signal it sets itself", name)
		default:
			b.when = append(b.when, idx)
		}
	}
	compile := func(field string, srcs []string) patList {
		var out []*pattern
		for i, src := range srcs {
			pt, err := a.pats.compile(src)
			if err != nil {
				at(fmt.Sprintf(".%s[%d]", field, i), "%v", err)
				continue
			}
			out = append(out, pt)
		}
		return newPatList(out)
	}
	b.unless = compile("unless", s.Unless)
	defaultWindow := 1
	if s.Kind == "conditional" || s.Kind == "occurrence" {
		defaultWindow = 0
	}
	b.window = defaultWindow
	if s.Window != nil {
		if *s.Window < 0 {
			at(".window", "window must be 0 (whole answer) or a number of sentences")
		}
		b.window = *s.Window
	}
	need := func(field string, n int) {
		if n == 0 {
			at("", "kind %s needs %s", s.Kind, field)
		}
	}
	var r checker
	switch s.Kind {
	case "existence":
		need("patterns", len(s.Patterns))
		r = &existence{ruleBase: b, patterns: compile("patterns", s.Patterns)}
	case "substitution":
		need("swap", len(s.Swap))
		sub := &substitution{ruleBase: b}
		for i, sw := range s.Swap {
			pt, err := a.pats.compile(sw.Pattern)
			if err != nil {
				at(fmt.Sprintf(".swap[%d]", i), "%v", err)
				continue
			}
			if sw.With == "" {
				at(fmt.Sprintf(".swap[%d]", i), "swap needs a with")
			}
			sub.patterns = append(sub.patterns, pt)
			sub.with = append(sub.with, sw.With)
		}
		r = sub
	case "occurrence":
		need("patterns", len(s.Patterns))
		o := &occurrence{ruleBase: b, patterns: compile("patterns", s.Patterns), max: -1}
		if s.Min != nil {
			o.min = *s.Min
		}
		if s.Max != nil {
			o.max = *s.Max
		}
		if s.Min == nil && s.Max == nil {
			at("", "kind occurrence needs min or max")
		}
		r = o
	case "cooccurrence":
		if len(s.All) < 2 {
			at("", "kind cooccurrence needs at least two groups in all")
		}
		c := &cooccurrence{ruleBase: b, ordered: s.Ordered, sameClause: s.SameClause}
		for i, g := range s.All {
			if len(g) == 0 {
				at(fmt.Sprintf(".all[%d]", i), "empty group")
			}
			c.groups = append(c.groups, compile(fmt.Sprintf("all[%d]", i), g))
		}
		r = c
	case "conditional":
		need("first", len(s.First))
		need("second", len(s.Second))
		r = &conditional{ruleBase: b, first: compile("first", s.First), second: compile("second", s.Second)}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

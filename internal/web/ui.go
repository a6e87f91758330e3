package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net/http"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/report"
)

// The web app's templates and assets are embedded, and every template is
// parsed and escaped when the server starts: a broken template stops New,
// never a user's request.
//
//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/*
var staticFiles embed.FS

// layoutFiles are parsed into every page; every other file under templates/
// is one page, named after its file, that defines "content".
const layoutGlob = "templates/_*.html"

// ui is the web app: its parsed pages, its assets and the server it renders
// for. Handlers are its methods.
type ui struct {
	s      *Server
	pages  map[string]*template.Template
	assets map[string]asset
	// cssURL is the stylesheet's address, with a version that changes with
	// its content so it can be cached for a year.
	cssURL string
}

// asset is one embedded static file, with the version of its content.
type asset struct {
	name    string
	body    []byte
	version string
}

func newUI(s *Server) (*ui, error) {
	pages, err := parseTemplates(templateFiles)
	if err != nil {
		return nil, err
	}
	assets, err := loadAssets(staticFiles)
	if err != nil {
		return nil, err
	}
	css, ok := assets["app.css"]
	if !ok {
		return nil, errors.New("web: static/app.css is not embedded")
	}
	return &ui{s: s, pages: pages, assets: assets, cssURL: "/static/app.css?v=" + css.version}, nil
}

// templateFuncs are the helpers templates may call.
var templateFuncs = template.FuncMap{
	"num":    num,
	"signed": signed,
	"delta":  delta,
	"date":   func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"stamp":  func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
	"lower":  strings.ToLower,
	"bar":    newBar,
	"gauge":  func(v float64) float64 { return 10 + (math.Max(-1, math.Min(1, v))+1)/2*380 },
	"letter": func(i int) string { return string(rune('A' + i)) },
	"field":  newField,
}

// fieldView is one labelled text input of a form.
type fieldView struct {
	ID, Label, Type, Value, Error, Hint, Autocomplete string
}

// newField builds a form field for the "field" template: name, label,
// input type, value, error message, hint and autocomplete token.
func newField(id, label, typ, value, errMsg, hint, autocomplete string) fieldView {
	return fieldView{ID: id, Label: label, Type: typ, Value: value, Error: errMsg, Hint: hint, Autocomplete: autocomplete}
}

// fieldMsg is one entry of a form's error summary: the id of the control
// it links to and what is wrong.
type fieldMsg struct {
	ID, Message string
}

// parseTemplates parses the layout and partials once, then each page on a
// clone of them, and executes every page once against empty data so that
// html/template's escaping (which runs on first execution) reports its
// errors now rather than in front of a user.
func parseTemplates(fsys fs.FS) (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(templateFuncs).ParseFS(fsys, layoutGlob)
	if err != nil {
		return nil, fmt.Errorf("web: parsing the layout: %w", err)
	}
	if base.Lookup("layout") == nil {
		return nil, errors.New("web: no template defines \"layout\"")
	}
	files, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, file := range files {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(fsys, file); err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", file, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: %s does not define \"content\"", file)
		}
		// Execution errors from the empty data are expected; escaping
		// errors (*template.Error) are not.
		var terr *template.Error
		if err := t.ExecuteTemplate(io.Discard, "layout", &view{}); errors.As(err, &terr) {
			return nil, fmt.Errorf("web: %s: %w", file, err)
		}
		pages[name] = t
	}
	for _, must := range []string{"error"} {
		if pages[must] == nil {
			return nil, fmt.Errorf("web: templates/%s.html is missing", must)
		}
	}
	return pages, nil
}

func loadAssets(fsys fs.FS) (map[string]asset, error) {
	files, err := fs.Glob(fsys, "static/*")
	if err != nil {
		return nil, err
	}
	out := map[string]asset{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		name := path.Base(f)
		out[name] = asset{name: name, body: b, version: hex.EncodeToString(sum[:6])}
	}
	return out, nil
}

// view is what every page template gets: the layout's data and the page's.
type view struct {
	Title string
	// Principal is who is signed in, or nil.
	Principal *Principal
	// Nav names the navigation entry of the current page, for aria-current.
	Nav string
	// Notice is a one-line confirmation shown above the page.
	Notice     string
	CSS        string
	Disclaimer string
	Data       any
}

// CanManageOrg reports whether the signed-in user may see the organisation
// page.
func (v *view) CanManageOrg() bool {
	return v.Principal != nil && v.Principal.Membership != nil && canSeeAll(v.Principal.Membership.Role)
}

// render writes page with the layout and status. It renders into a buffer
// first, so a failing template never leaves a half-written page.
func (u *ui) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := u.pages[page]
	if !ok {
		u.internal(w, r, fmt.Errorf("web: no page template %q", page))
		return
	}
	if p, ok := principalFrom(r.Context()); ok {
		v.Principal = p
	}
	v.CSS = u.cssURL
	if fw := u.s.cfg.Catalog.Framework; fw != nil {
		v.Disclaimer = fw.Disclaimer.Text
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		if page == "error" {
			// The error page itself failed: fall back to plain text.
			u.s.log.ErrorContext(r.Context(), "render error page", "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		u.internal(w, r, fmt.Errorf("web: rendering %s: %w", page, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show personal data: keep them out of shared and back-button
	// caches, so signing out really hides them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// fail renders the error page for err, with the status statusOf gives it.
// Internal errors are logged and shown as a generic message.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		u.internal(w, r, err)
		return
	}
	e := errorPage{Status: status, Heading: http.StatusText(status), Message: fail.Message(err)}
	switch status {
	case http.StatusNotFound:
		e.Heading = "Page not found"
		e.Message = "There is nothing here, or nothing you may see. Check the address, or go back to the start."
	case http.StatusUnauthorized:
		e.Heading = "Please sign in"
		e.Message = "You need to sign in to see this page."
	case http.StatusTooManyRequests:
		e.Heading = "Slow down"
	}
	u.render(w, r, status, "error", &view{Title: e.Heading, Data: e})
}

// notFound renders the friendly 404 page.
func (u *ui) notFound(w http.ResponseWriter, r *http.Request) {
	u.fail(w, r, fail.Errorf(fail.NotFound, "not found"))
}

// internal logs err and renders the generic error page.
func (u *ui) internal(w http.ResponseWriter, r *http.Request, err error) {
	u.s.log.ErrorContext(r.Context(), "page", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	e := errorPage{Status: http.StatusInternalServerError, Heading: "Something went wrong",
		Message: "Something went wrong on our side. Your saved answers are safe; please try again in a moment."}
	t := u.pages["error"]
	var b bytes.Buffer
	v := &view{Title: e.Heading, Data: e, CSS: u.cssURL}
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(b.Bytes())
}

// handleStatic serves the embedded assets. A request that names the current
// version may be cached for a year; any other is revalidated by ETag.
func (u *ui) handleStatic() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := u.assets[r.PathValue("file")]
		if !ok {
			u.notFound(w, r)
			return
		}
		h := w.Header()
		h.Set("ETag", `"`+a.version+`"`)
		if r.URL.Query().Get("v") == a.version {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=0, must-revalidate")
		}
		if ct := contentTypes[path.Ext(a.name)]; ct != "" {
			h.Set("Content-Type", ct)
		}
		http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.body))
	})
}

var contentTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
	".ico": "image/x-icon",
	".png": "image/png",
}

// num formats a score as the reports do.
var num = report.Num

// signed formats a -1..+1 value with its sign, as the reports do.
func signed(x float64) string {
	if x == 0 {
		return "0.00"
	}
	return strings.Replace(fmt.Sprintf("%+.2f", x), "-", "−", 1)
}

// delta formats a change in a 0-100 score: "+4.5", "−3", "0".
func delta(x float64) string {
	x = math.Round(x*10) / 10
	switch {
	case x > 0:
		return "+" + num(x)
	case x < 0:
		return "−" + num(-x)
	}
	return "0"
}

// barView is a 0-100 bar drawn as a small decorative SVG; its number is
// always printed beside it.
type barView struct {
	Class string
	Score float64
	Cut   float64
}

func newBar(class string, score, cut float64) barView {
	return barView{Class: class, Score: math.Max(0, math.Min(100, score)), Cut: cut}
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

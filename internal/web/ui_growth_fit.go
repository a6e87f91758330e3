package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/twohats/twohats/internal/advisor"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/growth"
	"github.com/twohats/twohats/internal/profile"
	"github.com/twohats/twohats/internal/store"
)

// Where the comparison page takes its role from.
const (
	roleBuild  = "build"
	rolePaste  = "paste"
	roleUpload = "upload"
	roleSaved  = "saved"
)

// fitView is the candidate comparison page.
type fitView struct {
	Form       fitForm
	Errors     []fieldMsg
	Result     *fitResult
	Disclaimer advisor.Cited
}

// fitForm is the comparison form, as filled in.
type fitForm struct {
	Source    string
	Situation situationForm
	Shares    []shareView
	RoleName  string
	RoleText  string
	RoleID    string
	SaveAs    string
	Roles     []store.Role
	People    []choiceView
}

// shareView is the input for one phase's share of the role's time.
type shareView struct {
	ID, Name, Label, Value string
}

// fitResult is the side-by-side comparison.
type fitResult struct {
	Role        string
	Requirement advisor.Requirement
	Candidates  []candidateView
	Scales      []fitScale
	// Saved is the name the role was saved under, if it was.
	Saved string
}

// candidateView is one candidate's fit.
type candidateView struct {
	PersonID, Name string
	// Basis says where the scores come from, in words.
	Basis string
	Fit   advisor.Fit
}

// fitScale is the rows of one scale of the comparison table.
type fitScale struct {
	Name string
	// Span is the number of the table's columns.
	Span int
	Rows []fitRow
}

// fitRow is one facet: what the role needs and each candidate's score.
type fitRow struct {
	Facet    string
	Required float64
	Cells    []fitCell
}

// fitCell is one candidate's score on a facet and its gap.
type fitCell struct {
	Actual, Gap float64
}

// roleDisclaimer is the disclaimer every fit carries, for the page before
// any fit is made: the advisor gives it with a fit.
func roleDisclaimer(a *advisor.Advisor) advisor.Cited {
	req, err := a.Requirement(advisor.Role{Contexts: []string{a.Framework().ContextKeys()[0]}, Phases: map[string]float64{a.Framework().PhaseKeys()[0]: 1}})
	if err != nil {
		return advisor.Cited{}
	}
	dims := a.Framework().DimensionKeys()
	mid := make([]float64, len(dims))
	f, err := a.Fit(advisor.Person{Dimensions: dims, Facets: [2][]float64{mid, mid}}, req)
	if err != nil {
		return advisor.Cited{}
	}
	return f.Disclaimer
}

// newFitForm is the form with the organisation's saved roles and the
// people the principal may see.
func (u *ui) newFitForm(r *http.Request, p *Principal) (*fitView, error) {
	g := u.s.mustGrowth()
	v := &fitView{Disclaimer: roleDisclaimer(g.Advisor), Form: fitForm{Source: roleBuild, Situation: newSituationForm(g.Advisor, nil, "", "")}}
	for _, ph := range g.Advisor.Framework().Phases {
		v.Form.Shares = append(v.Form.Shares, shareView{ID: "share-" + ph.Key, Name: "share-" + ph.Key, Label: ph.Name})
	}
	roles, err := u.s.cfg.Store.Roles(r.Context(), p.Membership.OrgID)
	if err != nil {
		return nil, err
	}
	v.Form.Roles = roles
	people, err := u.s.visiblePeople(r.Context(), p)
	if err != nil {
		return nil, err
	}
	for _, pe := range people {
		label := pe.Name
		if pe.ID == p.Membership.PersonID {
			label += " (you)"
		}
		v.Form.People = append(v.Form.People, choiceView{ID: "person-" + pe.ID, Name: "person", Value: pe.ID, Label: label})
	}
	return v, nil
}

func (u *ui) handleFitForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		v, err := u.newFitForm(r, p)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "fit", &view{Title: "Compare candidates for a role", Nav: "fit", Data: v})
	})
}

// maxRoleFile bounds an uploaded role file.
const maxRoleFile = 64 << 10

func (u *ui) handleFit() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		if err := r.ParseMultipartForm(maxRoleFile); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			u.badForm(w, r, err)
			return
		}
		if r.PostForm == nil {
			if err := r.ParseForm(); err != nil {
				u.badForm(w, r, err)
				return
			}
		}
		g := u.s.mustGrowth()
		v, err := u.newFitForm(r, p)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		f := r.PostForm
		form := &v.Form
		form.Source = f.Get("source")
		form.RoleName = strings.TrimSpace(f.Get("role-name"))
		form.RoleText = f.Get("role_text")
		form.RoleID = f.Get("role_id")
		form.SaveAs = strings.TrimSpace(f.Get("save-as"))
		form.Situation = newSituationForm(g.Advisor, f["context"], "", f.Get("need"))
		for i := range form.Shares {
			form.Shares[i].Value = strings.TrimSpace(f.Get(form.Shares[i].Name))
		}
		chosen := f["person"]
		for i := range form.People {
			form.People[i].Checked = slices.Contains(chosen, form.People[i].Value)
		}

		fail422 := func(msgs ...fieldMsg) {
			v.Errors = append(v.Errors, msgs...)
			u.render(w, r, http.StatusUnprocessableEntity, "fit", &view{Title: "Error: Compare candidates for a role", Nav: "fit", Data: v})
		}
		role, msgs := u.fitRole(r, g.Advisor, form)
		if len(chosen) == 0 {
			first := "people"
			if len(form.People) > 0 {
				first = form.People[0].ID
			}
			msgs = append(msgs, fieldMsg{ID: first, Message: "Choose the candidates to compare."})
		}
		if len(chosen) > maxCandidates {
			msgs = append(msgs, fieldMsg{ID: form.People[0].ID, Message: fmt.Sprintf("Compare at most %d candidates at once.", maxCandidates)})
		}
		if len(msgs) > 0 {
			fail422(msgs...)
			return
		}
		req, err := g.Advisor.Requirement(role)
		if err != nil {
			fail422(fieldMsg{ID: "source-" + form.Source, Message: fail.Message(err)})
			return
		}
		res := &fitResult{Role: role.Name, Requirement: req}
		var noScores []fieldMsg
		for _, id := range chosen {
			i := slices.IndexFunc(form.People, func(c choiceView) bool { return c.Value == id })
			if i < 0 {
				u.notFound(w, r) // not someone this principal may see
				return
			}
			sc, err := g.LatestScores(ctx, p.Membership.OrgID, id)
			if fail.Code(err) == fail.Invalid {
				noScores = append(noScores, fieldMsg{ID: form.People[i].ID,
					Message: strings.TrimSuffix(form.People[i].Label, " (you)") + " has no assessment yet, so there is nothing to compare."})
				continue
			}
			if err != nil {
				u.internal(w, r, err)
				return
			}
			fit, err := g.Advisor.Fit(sc.Person, req)
			if err != nil {
				u.internal(w, r, err)
				return
			}
			res.Candidates = append(res.Candidates, candidateView{PersonID: id, Name: strings.TrimSuffix(form.People[i].Label, " (you)"),
				Basis: basisWords(sc.Basis), Fit: fit})
		}
		if len(noScores) > 0 {
			fail422(noScores...)
			return
		}
		if form.SaveAs != "" && form.Source != roleSaved {
			saved, msg := u.saveRole(r, p, form.SaveAs, role)
			if msg != nil {
				fail422(*msg)
				return
			}
			res.Saved = saved
		}
		res.Scales = fitScales(g.Advisor.Framework(), req, res.Candidates)
		v.Result = res
		u.render(w, r, http.StatusOK, "fit", &view{Title: "Compare candidates: " + role.Name, Nav: "fit", Data: v})
	})
}

// fitRole reads the role from the part of the form its source names; the
// messages say what is wrong, each linked to its control.
func (u *ui) fitRole(r *http.Request, a *advisor.Advisor, form *fitForm) (advisor.Role, []fieldMsg) {
	switch form.Source {
	case roleBuild:
		role := advisor.Role{Name: form.RoleName, Contexts: r.PostForm["context"], Need: form.Situation.Need, Phases: map[string]float64{}}
		if role.Name == "" {
			role.Name = "The role"
		}
		var msgs []fieldMsg
		for _, s := range form.Shares {
			if s.Value == "" {
				continue
			}
			x, err := strconv.ParseFloat(s.Value, 64)
			if err != nil || x < 0 || x > 100 {
				msgs = append(msgs, fieldMsg{ID: s.ID, Message: "Enter the share of time in " + strings.ToLower(s.Label) + " as a number from 0 to 100."})
				continue
			}
			if x > 0 {
				role.Phases[strings.TrimPrefix(s.Name, "share-")] = x
			}
		}
		if len(role.Phases) == 0 && len(msgs) == 0 {
			msgs = append(msgs, fieldMsg{ID: form.Shares[0].ID, Message: "Give the share of the role’s time in at least one phase."})
		}
		if len(role.Contexts) == 0 {
			msgs = append([]fieldMsg{{ID: "context-mature", Message: "Choose at least one context the role works in."}}, msgs...)
		}
		if len(msgs) > 0 {
			return advisor.Role{}, msgs
		}
		if _, err := a.Requirement(role); err != nil {
			return advisor.Role{}, buildErrors(err, form)
		}
		return role, nil
	case rolePaste, roleUpload:
		name, data := "the pasted role", []byte(form.RoleText)
		id := "role-text"
		if form.Source == roleUpload {
			id = "role-file"
			file, hdr, err := r.FormFile("role_file")
			if err != nil {
				return advisor.Role{}, []fieldMsg{{ID: id, Message: "Choose a role file to upload."}}
			}
			defer file.Close()
			if data, err = io.ReadAll(io.LimitReader(file, maxRoleFile+1)); err != nil || len(data) > maxRoleFile {
				return advisor.Role{}, []fieldMsg{{ID: id, Message: "The role file could not be read, or is larger than 64 KB."}}
			}
			name = hdr.Filename
		}
		role, err := a.ParseRole(name, data)
		if err != nil {
			return advisor.Role{}, []fieldMsg{{ID: id, Message: fail.Message(err)}}
		}
		if role.Name == "" {
			role.Name = "The role"
		}
		return role, nil
	case roleSaved:
		p, _ := principalFrom(r.Context())
		sr, err := u.s.cfg.Store.Role(r.Context(), p.Membership.OrgID, form.RoleID)
		if err != nil {
			return advisor.Role{}, []fieldMsg{{ID: "role-id", Message: "Choose one of your organisation’s saved roles."}}
		}
		role, err := u.s.mustGrowth().ParseRole(sr)
		if err != nil {
			return advisor.Role{}, []fieldMsg{{ID: "role-id", Message: fail.Message(err)}}
		}
		return role, nil
	}
	return advisor.Role{}, []fieldMsg{{ID: "source-build", Message: "Choose where the role comes from."}}
}

// buildErrors links the advisor's complaints about a built role to the
// form's controls.
func buildErrors(err error, form *fitForm) []fieldMsg {
	var out []fieldMsg
	fields := fail.FieldsOf(err)
	for _, k := range sortedKeys(fields) {
		switch {
		case k == "contexts" || strings.HasPrefix(k, "contexts["):
			out = append(out, fieldMsg{ID: "context-mature", Message: "Choose at least one context the role works in."})
		case k == "phases" || strings.HasPrefix(k, "phases."):
			out = append(out, fieldMsg{ID: form.Shares[0].ID, Message: "Give the share of the role’s time in at least one phase."})
		case k == "need":
			out = append(out, fieldMsg{ID: "need", Message: fields[k]})
		default:
			out = append(out, fieldMsg{ID: "source-build", Message: fields[k]})
		}
	}
	if len(out) == 0 {
		out = append(out, fieldMsg{ID: "source-build", Message: fail.Message(err)})
	}
	return slices.CompactFunc(out, func(a, b fieldMsg) bool { return a.ID == b.ID })
}

// saveRole stores the role under the name; a message says why it could not.
func (u *ui) saveRole(r *http.Request, p *Principal, name string, role advisor.Role) (string, *fieldMsg) {
	role.Name = name
	def, err := json.Marshal(role)
	if err != nil {
		return "", &fieldMsg{ID: "save-as", Message: "The role could not be saved."}
	}
	sr := &store.Role{OrgID: p.Membership.OrgID, Name: name, Definition: def}
	switch err := u.s.cfg.Store.CreateRole(r.Context(), sr); {
	case err == nil:
		return sr.Name, nil
	case fail.Code(err) == fail.Conflict:
		return "", &fieldMsg{ID: "save-as", Message: "Your organisation already has a role named “" + name + "”: choose another name, or pick the saved role."}
	case fail.Code(err) == fail.Invalid:
		return "", &fieldMsg{ID: "save-as", Message: fail.Message(err)}
	default:
		u.s.log.ErrorContext(r.Context(), "save role", "err", err)
		return "", &fieldMsg{ID: "save-as", Message: "The role could not be saved; try again."}
	}
}

// basisWords says where a candidate's scores come from.
func basisWords(b growth.Basis) string {
	if b.View == advisor.ViewOthers {
		return "others’ view, 360 released " + b.Date.Format("2 Jan 2006")
	}
	return "self-assessment of " + b.Date.Format("2 Jan 2006")
}

// fitScales lays the gaps out by scale and facet, a column per candidate.
func fitScales(fw *framework.Framework, req advisor.Requirement, cands []candidateView) []fitScale {
	var out []fitScale
	for _, scale := range profile.ScaleKeys {
		fs := fitScale{Name: strings.ToUpper(scale[:1]) + scale[1:], Span: len(cands) + 2}
		for _, d := range fw.Dimensions {
			row := fitRow{Facet: d.Name, Required: req.Levels[scale][d.Key]}
			for _, c := range cands {
				for _, gap := range c.Fit.Gaps {
					if gap.Scale == scale && gap.Facet == d.Key {
						row.Cells = append(row.Cells, fitCell{Actual: gap.Actual, Gap: gap.Gap})
					}
				}
			}
			fs.Rows = append(fs.Rows, row)
		}
		out = append(out, fs)
	}
	return out
}

package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// tokensView is the API tokens page.
type tokensView struct {
	Tokens []store.APIToken
	Name   string
	Error  string
	// NewToken is shown once, right after it is created, and never again.
	NewToken     string
	NewTokenName string
}

func (u *ui) renderTokens(w http.ResponseWriter, r *http.Request, status int, v *tokensView, notice string) {
	p, _ := principalFrom(r.Context())
	list, err := u.s.cfg.Store.APITokens(r.Context(), p.Membership.OrgID, p.User.ID)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v.Tokens = list
	u.render(w, r, status, "tokens", &view{Title: "API tokens", Nav: "settings", Notice: notice, Data: v})
}

func (u *ui) handleTokens() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := ""
		if r.URL.Query().Has("deleted") {
			notice = "The token is revoked. Anything still using it can no longer call the API."
		}
		u.renderTokens(w, r, http.StatusOK, &tokensView{}, notice)
	})
}

func (u *ui) handleTokenCreate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		p, _ := principalFrom(r.Context())
		v := &tokensView{Name: strings.TrimSpace(r.PostForm.Get("name"))}
		switch {
		case v.Name == "":
			v.Error = "Give the token a name, such as the platform that will use it."
		case utf8.RuneCountInString(v.Name) > maxNameLen:
			v.Error = "Enter a name of at most 100 characters."
		}
		if v.Error != "" {
			u.renderTokens(w, r, http.StatusUnprocessableEntity, v, "")
			return
		}
		token, hash, err := newAPIToken(p.Membership.OrgID)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		t := &store.APIToken{OrgID: p.Membership.OrgID, UserID: p.User.ID, Name: v.Name, TokenHash: hash}
		if err := u.s.cfg.Store.CreateAPIToken(r.Context(), t); err != nil {
			u.internal(w, r, err)
			return
		}
		// The token is shown on this response only: it is not stored, so
		// this page cannot be a redirect.
		u.renderTokens(w, r, http.StatusOK, &tokensView{NewToken: token, NewTokenName: t.Name}, "")
	})
}

func (u *ui) handleTokenDelete() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		if err := u.s.cfg.Store.DeleteAPIToken(r.Context(), p.Membership.OrgID, p.User.ID, r.PathValue("id")); err != nil {
			u.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/settings/tokens?deleted=1", http.StatusSeeOther)
	})
}

// member is someone in the organisation: a person, and their account and
// role if they have one.
type member struct {
	PersonID, UserID string
	Name, Email      string
	Role             string
	Self             bool
}

// members lists the organisation's people with their roles. The store has
// no list of an organisation's memberships, so each person's account is
// found by email and its membership checked in this organisation.
func (u *ui) members(ctx context.Context, p *Principal) ([]member, error) {
	st := u.s.cfg.Store
	orgID := p.Membership.OrgID
	people, err := st.People(ctx, orgID)
	if err != nil {
		return nil, err
	}
	ms, err := st.OrgMemberships(ctx, orgID)
	if err != nil {
		return nil, err
	}
	// One read of the memberships, not two look-ups a person: an
	// organisation has 100,000 people.
	byPerson := make(map[string]store.Membership, len(ms))
	for _, m := range ms {
		byPerson[m.PersonID] = m
	}
	out := make([]member, 0, len(people))
	for _, pe := range people {
		m := member{PersonID: pe.ID, Name: pe.Name, Email: pe.Email, Self: pe.ID == p.Membership.PersonID}
		if ms, ok := byPerson[pe.ID]; ok {
			m.UserID, m.Role = ms.UserID, ms.Role
		}
		out = append(out, m)
	}
	return out, nil
}

// accessView is the page where a person grants coaches access.
type accessView struct {
	Coaches []coachRow
	Error   string
}

// coachRow is one coach of the organisation.
type coachRow struct {
	UserID, Name, Email string
	Granted             bool
}

func (u *ui) renderAccess(w http.ResponseWriter, r *http.Request, status int, errMsg, notice string) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	ms, err := u.members(ctx, p)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	grants, err := u.s.cfg.Store.CoachGrants(ctx, p.Membership.OrgID, p.Membership.PersonID)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v := &accessView{Error: errMsg}
	for _, m := range ms {
		if m.Role == store.RoleCoach && !m.Self {
			v.Coaches = append(v.Coaches, coachRow{UserID: m.UserID, Name: m.Name, Email: m.Email, Granted: slices.Contains(grants, m.UserID)})
		}
	}
	u.render(w, r, status, "access", &view{Title: "Coach access", Nav: "settings", Notice: notice, Data: v})
}

func (u *ui) handleAccess() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := ""
		switch {
		case r.URL.Query().Has("granted"):
			notice = "Done: the coach can now see your profiles."
		case r.URL.Query().Has("revoked"):
			notice = "Done: the coach can no longer see your profiles."
		}
		u.renderAccess(w, r, http.StatusOK, "", notice)
	})
}

// coachOf returns the membership of a coach of the principal's organisation
// other than the principal, or fail.NotFound.
func (u *ui) coachOf(ctx context.Context, p *Principal, userID string) (*store.Membership, error) {
	if userID == "" || userID == p.User.ID {
		return nil, fail.Errorf(fail.NotFound, "no coach %q", userID)
	}
	return u.s.cfg.Store.Membership(ctx, p.Membership.OrgID, userID)
}

func (u *ui) handleAccessGrant() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		m, err := u.coachOf(ctx, p, r.PostForm.Get("coach"))
		if err == nil && m.Role != store.RoleCoach {
			err = fail.Errorf(fail.NotFound, "not a coach")
		}
		if fail.Code(err) == fail.NotFound {
			u.renderAccess(w, r, http.StatusUnprocessableEntity, "Choose one of your organisation’s coaches from the list.", "")
			return
		}
		if err != nil {
			u.internal(w, r, err)
			return
		}
		if err := u.s.cfg.Store.GrantCoach(ctx, p.Membership.OrgID, p.Membership.PersonID, m.UserID); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, "/settings/access?granted=1", http.StatusSeeOther)
	})
}

func (u *ui) handleAccessRevoke() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		m, err := u.coachOf(ctx, p, r.PathValue("coach"))
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if err := u.s.cfg.Store.RevokeCoach(ctx, p.Membership.OrgID, p.Membership.PersonID, m.UserID); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, "/settings/access?revoked=1", http.StatusSeeOther)
	})
}

// orgView is the organisation page.
type orgView struct {
	Name string
	// Members are one page of the organisation's people, by name.
	Members []member
	// Page and Pages place Members among Total people; Prev and Next are
	// the neighbouring pages, 0 for none.
	Page, Pages, Total, Prev, Next int
	Email                          string
	Role                           string
	Errors                         map[string]string
	Roles                          []string
}

// grantableRoles are the roles the organisation page can give.
var grantableRoles = []string{store.RoleMember, store.RoleCoach, store.RoleAdmin}

// membersPerPage is how many people one page of the organisation lists.
const membersPerPage = 100

func (u *ui) renderOrg(w http.ResponseWriter, r *http.Request, status int, v *orgView, notice string) {
	ctx := r.Context()
	p, _ := principalFrom(ctx)
	page, err := pageParam(r)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	ms, err := u.members(ctx, p)
	if err != nil {
		u.internal(w, r, err)
		return
	}
	v.Total, v.Page, v.Pages = len(ms), page, max(1, (len(ms)+membersPerPage-1)/membersPerPage)
	if page > v.Pages {
		u.fail(w, r, fail.Errorf(fail.NotFound, "no page %d of the organisation's people: it has %d", page, v.Pages))
		return
	}
	if page > 1 {
		v.Prev = page - 1
	}
	if page < v.Pages {
		v.Next = page + 1
	}
	ms = ms[(page-1)*membersPerPage : min(page*membersPerPage, len(ms))]
	v.Name, v.Members, v.Roles = p.Membership.OrgName, ms, grantableRoles
	if v.Role == "" {
		v.Role = store.RoleMember
	}
	u.render(w, r, status, "org", &view{Title: "Your organisation", Nav: "org", Notice: notice, Data: v})
}

// orgAdmin refuses, as not found, anyone who may not run the organisation.
func (u *ui) orgAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := principalFrom(r.Context()); !ok || !canSeeAll(p.Membership.Role) {
			u.notFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (u *ui) handleOrg() http.Handler {
	return u.orgAdmin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := ""
		if r.URL.Query().Has("added") {
			notice = "Added. They see this organisation the next time they sign in."
		}
		u.renderOrg(w, r, http.StatusOK, &orgView{}, notice)
	}))
}

func (u *ui) handleOrgAdd() http.Handler {
	return u.orgAdmin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		v := &orgView{Email: strings.TrimSpace(r.PostForm.Get("email")), Role: r.PostForm.Get("role"), Errors: map[string]string{}}
		checkEmail(v.Errors, v.Email)
		if !slices.Contains(grantableRoles, v.Role) {
			v.Errors["role"] = "Choose member, coach or admin."
		}
		var user *store.User
		if len(v.Errors) == 0 {
			var err error
			user, err = u.s.cfg.Store.UserByEmail(ctx, v.Email)
			switch {
			case fail.Code(err) == fail.NotFound:
				v.Errors["email"] = "No one has a twohats account with this email yet. Ask them to sign up, then add them here."
			case err != nil:
				u.internal(w, r, err)
				return
			}
		}
		if len(v.Errors) == 0 {
			_, err := u.s.cfg.Store.AddMember(ctx, p.Membership.OrgID, user, v.Role)
			switch {
			case fail.Code(err) == fail.Conflict:
				v.Errors["email"] = "They are already a member of this organisation."
			case err != nil:
				u.internal(w, r, err)
				return
			}
		}
		if len(v.Errors) > 0 {
			u.renderOrg(w, r, http.StatusUnprocessableEntity, v, "")
			return
		}
		http.Redirect(w, r, "/org?added=1", http.StatusSeeOther)
	}))
}

// orgsView lists the organisations the user belongs to.
type orgsView struct {
	Orgs    []store.Membership
	Current string
}

func (u *ui) handleOrgs() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := principalFrom(r.Context())
		ms, err := u.s.cfg.Store.Memberships(r.Context(), p.User.ID)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		u.render(w, r, http.StatusOK, "orgs", &view{Title: "Your organisations", Nav: "settings",
			Data: &orgsView{Orgs: ms, Current: p.Membership.OrgID}})
	})
}

// handleOrgSwitch moves the user's session to another organisation they
// belong to. Any other organisation is not found.
func (u *ui) handleOrgSwitch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		p, _ := principalFrom(ctx)
		m, err := u.s.cfg.Store.Membership(ctx, r.PathValue("org"), p.User.ID)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		if p.Via != "session" {
			u.notFound(w, r)
			return
		}
		u.dropSession(r)
		if err := u.s.startSession(w, r, p.User, m.OrgID); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, "/?switched=1", http.StatusSeeOther)
	})
}

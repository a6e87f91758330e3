package store

import (
	"regexp"
	"strings"
)

// FoldEmail returns the form emails are compared in: trimmed and lower case.
// Users' emails are unique in this form.
func FoldEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// IsRole reports whether role is one of the roles a member can hold.
func IsRole(role string) bool {
	switch role {
	case RoleOwner, RoleAdmin, RoleCoach, RoleMember:
		return true
	}
	return false
}

// slugPattern is what an organisation's slug must look like: it goes in URLs.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate reports, as a fail.Invalid error naming each bad field, whether u
// is fit to store as a new user. Its email is compared trimmed.
func (u *User) Validate() error {
	if u == nil {
		return invalid("user", problems{"user": "is missing"})
	}
	p := problems{}
	p.email("email", u.Email)
	return invalid("user", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether s
// is fit to store. A session need not be working in an organisation yet.
func (s *Session) Validate() error {
	if s == nil {
		return invalid("session", problems{"session": "is missing"})
	}
	p := problems{}
	p.required("token_hash", s.TokenHash)
	p.required("user_id", s.UserID)
	if s.ExpiresAt.IsZero() {
		p["expires_at"] = "is required"
	}
	return invalid("session", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether o
// is fit to store as a new organisation.
func (o *Organization) Validate() error {
	if o == nil {
		return invalid("organisation", problems{"organization": "is missing"})
	}
	p := problems{}
	switch {
	case strings.TrimSpace(o.Slug) == "":
		p["slug"] = "is required"
	case !slugPattern.MatchString(o.Slug):
		p["slug"] = "must be lowercase letters and digits, words joined by single hyphens, like acme-coaching"
	}
	p.required("name", o.Name)
	return invalid("organisation", p)
}

// CheckMember reports, as a fail.Invalid error naming each bad field,
// whether u can be made a member of an organisation with the role: u must
// be a stored user (an id) with an email for their person record.
func CheckMember(orgID string, u *User, role string) error {
	p := problems{}
	p.required("org_id", orgID)
	if u == nil {
		p["user"] = "is missing"
	} else {
		p.required("user_id", u.ID)
		p.email("email", u.Email)
	}
	if !IsRole(role) {
		p["role"] = "must be one of owner, admin, coach, member"
	}
	return invalid("member", p)
}

// CheckOwner reports, as a fail.Invalid error naming each bad field, whether
// u can own a new organisation: a stored user (an id) with an email.
func CheckOwner(u *User) error {
	p := problems{}
	if u == nil {
		p["owner"] = "is missing"
	} else {
		p.required("owner_id", u.ID)
		p.email("owner_email", u.Email)
	}
	return invalid("owner", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether t
// is fit to store.
func (t *APIToken) Validate() error {
	if t == nil {
		return invalid("API token", problems{"api_token": "is missing"})
	}
	p := problems{}
	p.required("org_id", t.OrgID)
	p.required("user_id", t.UserID)
	p.required("name", t.Name)
	p.required("token_hash", t.TokenHash)
	return invalid("API token", p)
}

// CheckRequired reports, as a fail.Invalid error naming each blank one,
// whether any of the fields (name to value) of a request is missing; what
// names the request in the message.
func CheckRequired(what string, fields map[string]string) error {
	p := problems{}
	for name, v := range fields {
		p.required(name, v)
	}
	return invalid(what, p)
}

func (p problems) email(field, v string) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		p[field] = "is required"
	case !strings.Contains(v, "@"):
		p[field] = "must be an email address, like ann@example.com"
	}
}

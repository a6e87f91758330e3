package web

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// Limits on what the account forms accept.
const (
	minPasswordLen = 10
	// maxPasswordLen bounds the work one sign-in can ask of argon2id.
	maxPasswordLen = 256
	maxNameLen     = 100
	maxEmailLen    = 254
)

// accountForm is the sign-up and sign-in form: the values entered (never
// the password) and what is wrong with each field.
type accountForm struct {
	Email, Name, Organization string
	Next                      string
	Errors                    map[string]string
	// Problem is a message about the form as a whole.
	Problem string
}

// Summary lists the fields with errors in the order the form shows them,
// for the error summary.
func (f *accountForm) Summary() []fieldMsg {
	var out []fieldMsg
	for _, k := range []string{"email", "name", "password", "organization"} {
		if f.Errors[k] != "" {
			out = append(out, fieldMsg{ID: k, Message: f.Errors[k]})
		}
	}
	return out
}

// safeNext returns next if it is a path on this site, else "". A path that
// starts with "//" or holds a backslash could send the browser elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return ""
	}
	return next
}

// orDefault returns next, or def if next is empty.
func orDefault(next, def string) string {
	if next == "" {
		return def
	}
	return next
}

func (u *ui) handleSignupForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := &accountForm{Next: safeNext(r.URL.Query().Get("next"))}
		u.render(w, r, http.StatusOK, "signup", &view{Title: "Create your account", Nav: "signup", Data: f})
	})
}

func (u *ui) handleSignup() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		f := &accountForm{
			Email:        strings.TrimSpace(r.PostForm.Get("email")),
			Name:         strings.TrimSpace(r.PostForm.Get("name")),
			Organization: strings.TrimSpace(r.PostForm.Get("organization")),
			Next:         safeNext(r.PostForm.Get("next")),
			Errors:       map[string]string{},
		}
		password := r.PostForm.Get("password")
		checkEmail(f.Errors, f.Email)
		switch {
		case f.Name == "":
			f.Errors["name"] = "Enter your name."
		case utf8.RuneCountInString(f.Name) > maxNameLen:
			f.Errors["name"] = "Enter a name of at most 100 characters."
		}
		switch n := utf8.RuneCountInString(password); {
		case n < minPasswordLen:
			f.Errors["password"] = "Choose a password of at least 10 characters."
		case n > maxPasswordLen:
			f.Errors["password"] = "Choose a password of at most 256 characters."
		}
		if utf8.RuneCountInString(f.Organization) > maxNameLen {
			f.Errors["organization"] = "Enter an organisation name of at most 100 characters."
		}
		if len(f.Errors) > 0 {
			u.render(w, r, http.StatusUnprocessableEntity, "signup", &view{Title: "Create your account", Nav: "signup", Data: f})
			return
		}
		hash, err := hashPassword(password)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		ctx := r.Context()
		user := &store.User{Email: f.Email, Name: f.Name, PasswordHash: hash}
		if err := u.s.cfg.Store.CreateUser(ctx, user); err != nil {
			if fail.Code(err) == fail.Conflict {
				f.Errors["email"] = "An account with this email already exists. Sign in instead, or use another email."
				u.render(w, r, http.StatusUnprocessableEntity, "signup", &view{Title: "Create your account", Nav: "signup", Data: f})
				return
			}
			u.internal(w, r, err)
			return
		}
		m, err := u.createOrganization(ctx, user, f.Organization)
		if err != nil {
			u.internal(w, r, err)
			return
		}
		u.dropSession(r)
		if err := u.s.startSession(w, r, user, m.OrgID); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, orDefault(f.Next, "/?welcome=1"), http.StatusSeeOther)
	})
}

// createOrganization creates an organisation owned by user, named name or,
// without one, after the user.
func (u *ui) createOrganization(ctx context.Context, user *store.User, name string) (*store.Membership, error) {
	if name == "" {
		name = user.Name + "’s organisation"
	}
	o := &store.Organization{Name: name, Slug: slugify(name) + "-" + randomSuffix()}
	return u.s.cfg.Store.CreateOrganization(ctx, o, user)
}

// slugify turns a name into lowercase letters, digits and dashes.
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == "" {
		return "org"
	}
	return s
}

// randomSuffix keeps two organisations of the same name apart.
func randomSuffix() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// checkEmail records what is wrong with an email address, if anything.
func checkEmail(errs map[string]string, email string) {
	switch {
	case email == "":
		errs["email"] = "Enter your email address."
	case len(email) > maxEmailLen:
		errs["email"] = "Enter an email address of at most 254 characters."
	default:
		a, err := mail.ParseAddress(email)
		domain := email[strings.LastIndex(email, "@")+1:]
		if err != nil || a.Address != email || !strings.Contains(domain, ".") && domain != "localhost" {
			errs["email"] = "Enter an email address like name@example.com."
		}
	}
}

func (u *ui) handleSigninForm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next := safeNext(r.URL.Query().Get("next"))
		if _, ok := principalFrom(r.Context()); ok && next != "" {
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		f := &accountForm{Next: next}
		u.render(w, r, http.StatusOK, "signin", &view{Title: "Sign in", Nav: "signin", Data: f})
	})
}

func (u *ui) handleSignin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			u.badForm(w, r, err)
			return
		}
		f := &accountForm{
			Email:  strings.TrimSpace(r.PostForm.Get("email")),
			Next:   safeNext(r.PostForm.Get("next")),
			Errors: map[string]string{},
		}
		password := r.PostForm.Get("password")
		if f.Email == "" {
			f.Errors["email"] = "Enter your email address."
		}
		if password == "" {
			f.Errors["password"] = "Enter your password."
		}
		if len(f.Errors) > 0 {
			u.render(w, r, http.StatusUnprocessableEntity, "signin", &view{Title: "Sign in", Nav: "signin", Data: f})
			return
		}
		user, m, err := u.authenticateUser(r.Context(), f.Email, password)
		if errors.Is(err, errWrongPassword) {
			f.Problem = "Wrong email or password. Check both and try again."
			u.render(w, r, http.StatusUnauthorized, "signin", &view{Title: "Sign in", Nav: "signin", Data: f})
			return
		}
		if err != nil {
			u.internal(w, r, err)
			return
		}
		u.dropSession(r)
		if err := u.s.startSession(w, r, user, m.OrgID); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, orDefault(f.Next, "/"), http.StatusSeeOther)
	})
}

// authenticateUser checks an email and password and returns the user and
// the organisation to work in: the oldest membership, or a new organisation
// of their own if they have none. Unknown emails take as long as known ones.
func (u *ui) authenticateUser(ctx context.Context, email, password string) (*store.User, *store.Membership, error) {
	if utf8.RuneCountInString(password) > maxPasswordLen {
		checkPassword(dummyHash, "")
		return nil, nil, errWrongPassword
	}
	st := u.s.cfg.Store
	user, err := st.UserByEmail(ctx, email)
	if fail.Code(err) == fail.NotFound {
		checkPassword(dummyHash, password)
		return nil, nil, errWrongPassword
	}
	if err != nil {
		return nil, nil, err
	}
	if !checkPassword(user.PasswordHash, password) {
		return nil, nil, errWrongPassword
	}
	ms, err := st.Memberships(ctx, user.ID)
	if err != nil {
		return nil, nil, err
	}
	if len(ms) > 0 {
		return user, &ms[0], nil
	}
	m, err := u.createOrganization(ctx, user, "")
	return user, m, err
}

// dropSession ends the session the request came with, if any, so that a
// new sign-in never keeps an old session alive.
func (u *ui) dropSession(r *http.Request) {
	if p, ok := principalFrom(r.Context()); ok && p.SessionHash != "" {
		if err := u.s.cfg.Store.DeleteSession(r.Context(), p.SessionHash); err != nil {
			u.s.log.WarnContext(r.Context(), "ending the previous session", "err", err)
		}
	}
}

func (u *ui) handleSignout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := u.s.endSession(w, r); err != nil {
			u.internal(w, r, err)
			return
		}
		http.Redirect(w, r, "/?signedout=1", http.StatusSeeOther)
	})
}

// badForm answers a form that could not be read: 413 for a body over the
// limit, else invalid input.
func (u *ui) badForm(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		e := errorPage{Status: http.StatusRequestEntityTooLarge, Heading: "Too much data",
			Message: "The form sent more data than the server accepts."}
		u.render(w, r, e.Status, "error", &view{Title: e.Heading, Data: e})
		return
	}
	u.fail(w, r, fail.Errorf(fail.Invalid, "The form could not be read. Go back and try again."))
}

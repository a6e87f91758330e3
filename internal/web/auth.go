package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/password"
	"github.com/twohats/twohats/internal/store"
)

// sessionCookie is the name of the cookie that carries the session token.
const sessionCookie = "twohats_session"

// Principal is who is asking: a signed-in user working in one organisation.
type Principal struct {
	User       *store.User
	Membership *store.Membership
	// SessionHash is set when the principal came from a session cookie.
	SessionHash string
	// Via is "session" or "token".
	Via string
}

type principalKey struct{}

// principalFrom returns the principal of the request, if any.
func principalFrom(ctx context.Context) (*Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(*Principal)
	return p, ok
}

func withPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// hashPassword returns an encoded argon2id hash of pw.
func hashPassword(pw string) (string, error) { return password.Hash(pw) }

// checkPassword reports whether pw matches the encoded hash.
func checkPassword(encoded, pw string) bool { return password.Check(encoded, pw) }

// dummyHash is checked against when a sign-in names an unknown email, so the
// response takes as long as for a known one and does not reveal who has an
// account.
var dummyHash, _ = hashPassword("twohats-dummy-password")

// newSecret returns 32 random bytes, base64url-encoded.
func newSecret() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is how session tokens and API tokens are stored: hex SHA-256.
// The secrets are 256 random bits, so a fast hash is enough.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// apiTokenPrefix starts every API token, so leaked tokens are recognisable.
const apiTokenPrefix = "th_"

// newAPIToken returns a token for the organisation and the hash to store.
// The organisation id is part of the token, so a lookup goes straight to the
// organisation's rows.
func newAPIToken(orgID string) (token, hash string, err error) {
	secret, err := newSecret()
	if err != nil {
		return "", "", err
	}
	return apiTokenPrefix + orgID + "_" + secret, hashSecret(secret), nil
}

// parseAPIToken splits a token into its organisation id and the hash of its
// secret.
func parseAPIToken(token string) (orgID, hash string, ok bool) {
	rest, ok := strings.CutPrefix(token, apiTokenPrefix)
	if !ok {
		return "", "", false
	}
	// The secret is base64url, which may itself hold "_"; organisation ids
	// are UUIDs, which never do.
	i := strings.Index(rest, "_")
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], hashSecret(rest[i+1:]), true
}

// startSession signs a user in to an organisation: it stores a session and
// sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *store.User, orgID string) error {
	token, err := newSecret()
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	sess := &store.Session{TokenHash: hashSecret(token), UserID: u.ID, OrgID: orgID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.cfg.Store.CreateSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r),
	})
	return nil
}

// endSession signs the request's session out and clears its cookie.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.cfg.Store.DeleteSession(r.Context(), hashSecret(c.Value)); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	return nil
}

func (s *Server) secure(r *http.Request) bool { return s.cfg.SecureCookies || r.TLS != nil }

// errNoPrincipal means the request carries no valid credentials.
var errNoPrincipal = fail.Errorf(fail.Unauthorized, "sign in, or send an API token as Authorization: Bearer <token>")

// authenticate finds the principal of a request from its bearer token or
// its session cookie. A request with neither gets errNoPrincipal.
func (s *Server) authenticate(r *http.Request) (*Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, errNoPrincipal
		}
		orgID, hash, ok := parseAPIToken(strings.TrimSpace(token))
		if !ok {
			return nil, errNoPrincipal
		}
		u, m, err := s.cfg.Store.TokenPrincipal(ctx, orgID, hash)
		if err != nil {
			return nil, notFoundIsUnauthorized(err)
		}
		return &Principal{User: u, Membership: m, Via: "token"}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errNoPrincipal
	}
	hash := hashSecret(c.Value)
	_, u, m, err := s.cfg.Store.SessionPrincipal(ctx, hash, s.cfg.Now())
	if err != nil {
		return nil, notFoundIsUnauthorized(err)
	}
	return &Principal{User: u, Membership: m, SessionHash: hash, Via: "session"}, nil
}

func notFoundIsUnauthorized(err error) error {
	if fail.Code(err) == fail.NotFound {
		return errNoPrincipal
	}
	return err
}

// identify attaches the principal, when there is one, to every request, so
// pages can show who is signed in. It never refuses a request.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		switch {
		case err == nil:
			r = r.WithContext(withPrincipal(r.Context(), p))
		case fail.Code(err) != fail.Unauthorized:
			s.log.ErrorContext(r.Context(), "authenticate", "err", err)
		}
		next.ServeHTTP(w, r)
	})
}

// requireUser sends a page request without a signed-in user to the sign-in
// page, and answers anything else with 401.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := principalFrom(r.Context()); ok {
			next.ServeHTTP(w, r)
			return
		}
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			// A page, or a form posted after the session ended: sign in,
			// then come back (to the form's page for a POST).
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = "/"
				if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && strings.HasPrefix(ref.Path, "/") {
					next = ref.RequestURI()
				}
			}
			http.Redirect(w, r, "/signin?next="+urlQueryEscape(next), http.StatusSeeOther)
			return
		}
		writeProblem(w, r, errNoPrincipal)
	})
}

// sessionExpiry is exposed for tests.
func (s *Server) sessionExpiry() time.Duration { return s.cfg.SessionTTL }

var errWrongPassword = errors.New("wrong email or password")

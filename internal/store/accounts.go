package store

import (
	"context"
	"time"
)

// Roles a user can hold in an organisation.
const (
	RoleOwner  = "owner"  // runs the organisation: members, roles, every profile
	RoleAdmin  = "admin"  // like owner, but cannot remove owners
	RoleCoach  = "coach"  // sees the profiles of people who granted access
	RoleMember = "member" // sees only their own profiles
)

// Accounts keeps users, their sessions and API tokens, organisations and
// memberships. Users and sessions span organisations (reference tables under
// Citus); everything else belongs to one organisation and is only ever read
// or written with that organisation's id.
type Accounts interface {
	// CreateUser stores a new user; a second user with the same email
	// (compared case-insensitively) is a fail.Conflict. It sets u.ID, if
	// empty, and u.CreatedAt.
	CreateUser(ctx context.Context, u *User) error
	// UserByEmail finds a user by email, case-insensitively, or fails with
	// fail.NotFound.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// User finds a user by id, or fails with fail.NotFound.
	User(ctx context.Context, id string) (*User, error)

	// CreateSession stores a session. Only the hash of its token is kept.
	CreateSession(ctx context.Context, s *Session) error
	// Session finds the session with the token hash that has not expired
	// at now, or fails with fail.NotFound.
	Session(ctx context.Context, tokenHash string, now time.Time) (*Session, error)
	// DeleteSession ends a session; ending one that does not exist is not
	// an error.
	DeleteSession(ctx context.Context, tokenHash string) error

	// CreateOrganization creates an organisation with owner as its first
	// member (role owner), with a person record for the owner, in one
	// transaction, and returns the owner's membership.
	CreateOrganization(ctx context.Context, o *Organization, owner *User) (*Membership, error)
	// OrganizationBySlug finds an organisation by its slug, compared
	// trimmed and case-insensitively (slugs are lowercase), so the command
	// line can work on an organisation made by sign-up; it fails with
	// fail.NotFound naming the slug when there is none.
	OrganizationBySlug(ctx context.Context, slug string) (*Organization, error)
	// AddMember makes u a member of the organisation with the role,
	// creating their person record (or adopting an existing one with the
	// same email). A user already a member is a fail.Conflict.
	AddMember(ctx context.Context, orgID string, u *User, role string) (*Membership, error)
	// Memberships lists the organisations the user belongs to, oldest first.
	Memberships(ctx context.Context, userID string) ([]Membership, error)
	// OrgMemberships lists every membership of the organisation, oldest
	// first, in one read: who of its people has an account, and their role.
	OrgMemberships(ctx context.Context, orgID string) ([]Membership, error)
	// Membership returns the user's membership of one organisation, or
	// fails with fail.NotFound.
	Membership(ctx context.Context, orgID, userID string) (*Membership, error)
	// People lists the organisation's people, by name.
	People(ctx context.Context, orgID string) ([]Person, error)
	// Person returns one of the organisation's people, or fails with
	// fail.NotFound.
	Person(ctx context.Context, orgID, id string) (*Person, error)

	// GrantCoach lets a coach (a member's user id) see a person's profiles.
	// Granting twice is not an error.
	GrantCoach(ctx context.Context, orgID, personID, coachUserID string) error
	// RevokeCoach takes a grant back; revoking a missing grant is not an error.
	RevokeCoach(ctx context.Context, orgID, personID, coachUserID string) error
	// CoachGrants lists the user ids of the coaches a person has granted access.
	CoachGrants(ctx context.Context, orgID, personID string) ([]string, error)
	// CoachedPeople lists the ids of the people who granted a coach access.
	CoachedPeople(ctx context.Context, orgID, coachUserID string) ([]string, error)

	// CreateAPIToken stores a token; only its hash is kept. It sets t.ID,
	// if empty, and t.CreatedAt.
	CreateAPIToken(ctx context.Context, t *APIToken) error
	// APIToken finds a token of the organisation by the hash of its secret,
	// or fails with fail.NotFound.
	APIToken(ctx context.Context, orgID, tokenHash string) (*APIToken, error)
	// APITokens lists a user's tokens in the organisation, newest first.
	APITokens(ctx context.Context, orgID, userID string) ([]APIToken, error)
	// DeleteAPIToken revokes one of the user's tokens, or fails with
	// fail.NotFound if the user has no such token in the organisation.
	DeleteAPIToken(ctx context.Context, orgID, userID, id string) error

	// TokenPrincipal finds, in one read, the user an API token of the
	// organisation acts as and their membership, or fails with
	// fail.NotFound (also when the user has left the organisation).
	TokenPrincipal(ctx context.Context, orgID, tokenHash string) (*User, *Membership, error)
	// SessionPrincipal finds, in one read, an unexpired session, its user
	// and their membership of the session's organisation, or fails with
	// fail.NotFound.
	SessionPrincipal(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, *Membership, error)

	// AssessmentByIdempotencyKey returns the assessment a person submitted
	// with the key, or fails with fail.NotFound.
	AssessmentByIdempotencyKey(ctx context.Context, orgID, personID, key string) (*Assessment, error)

	// Ping checks that the database answers.
	Ping(ctx context.Context) error
}

// User is an account: someone who signs in.
type User struct {
	ID    string
	Email string
	Name  string
	// PasswordHash is an encoded argon2id or bcrypt hash, never a password.
	PasswordHash string
	CreatedAt    time.Time
}

// Session is a signed-in browser. The token itself lives only in the
// browser's cookie; the store keeps its hash.
type Session struct {
	TokenHash string
	UserID    string
	// OrgID is the organisation the session is working in.
	OrgID     string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Organization is a tenant: a company, a coaching practice, or one person.
type Organization struct {
	ID        string
	Slug      string
	Name      string
	CreatedAt time.Time
}

// Membership is a user's place in an organisation.
type Membership struct {
	OrgID   string
	OrgName string
	UserID  string
	// PersonID is the user's person record in the organisation: the
	// subject of their own assessments.
	PersonID  string
	Role      string
	CreatedAt time.Time
}

// Person is someone in an organisation who can be assessed. They need not
// have an account.
type Person struct {
	OrgID     string
	ID        string
	Email     string
	Name      string
	CreatedAt time.Time
}

// APIToken lets another platform call the API as a user of one organisation.
type APIToken struct {
	OrgID     string
	ID        string
	UserID    string
	Name      string
	TokenHash string
	CreatedAt time.Time
}

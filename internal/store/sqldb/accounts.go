package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// CreateUser stores a new user, with the email and name trimmed; an email
// already taken, in any letter case, is a fail.Conflict.
func (db *DB) CreateUser(ctx context.Context, u *store.User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	id, err := db.idOr(u.ID)
	if err != nil {
		return err
	}
	email, name := strings.TrimSpace(u.Email), strings.TrimSpace(u.Name)
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// A taken email inserts nothing, so it can be told from a taken id.
		res, err := tx.StmtContext(ctx, db.w.InsertUser).ExecContext(ctx,
			id, email, store.FoldEmail(email), name, u.PasswordHash, createdText)
		switch db.outcome(err) {
		case succeeded:
		case unique:
			return fail.Errorf(fail.Conflict, "user %q already exists", id)
		default:
			return fmt.Errorf("insert user: %w", err)
		}
		if ok, err := insertedOne(res); err != nil {
			return err
		} else if !ok {
			e := fail.Errorf(fail.Conflict, "a user with email %q already exists", email)
			e.Fields = map[string]string{"email": "is taken"}
			return e
		}
		return nil
	})
	if err != nil {
		return err
	}
	u.ID, u.Email, u.Name, u.CreatedAt = id, email, name, created
	return nil
}

// UserByEmail finds the user with the email, compared trimmed and case-insensitively.
func (db *DB) UserByEmail(ctx context.Context, email string) (*store.User, error) {
	if err := store.CheckRequired("user lookup", map[string]string{"email": email}); err != nil {
		return nil, err
	}
	u, err := scanUser(db.r.GetUserByEmail.QueryRowContext(ctx, store.FoldEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "no user with email %q", strings.TrimSpace(email))
	}
	if err != nil {
		return nil, fmt.Errorf("read user by email: %w", err)
	}
	return &u, nil
}

// User finds the user with the id.
func (db *DB) User(ctx context.Context, id string) (*store.User, error) {
	if err := store.CheckRequired("user lookup", map[string]string{"id": id}); err != nil {
		return nil, err
	}
	u, err := scanUser(db.r.GetUser.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "user %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read user %q: %w", id, err)
	}
	return &u, nil
}

// CreateSession stores a session of an existing user. It sets s.CreatedAt
// if it is zero.
func (db *DB) CreateSession(ctx context.Context, s *store.Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	created := s.CreatedAt
	if created.IsZero() {
		created, _ = db.timestamp()
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.InsertSession).ExecContext(ctx,
			s.TokenHash, s.UserID, s.OrgID, formatTime(created), formatTime(s.ExpiresAt))
		switch db.outcome(err) {
		case succeeded:
			return nil
		case foreignKey:
			return unknownUser("user_id", s.UserID)
		case unique:
			return fail.Errorf(fail.Conflict, "a session with that token already exists")
		default:
			return fmt.Errorf("insert session: %w", err)
		}
	})
	if err != nil {
		return err
	}
	s.CreatedAt = created
	return nil
}

// Session finds the session with the token hash that has not expired at now.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*store.Session, error) {
	if err := store.CheckRequired("session lookup", map[string]string{"token_hash": tokenHash}); err != nil {
		return nil, err
	}
	var s store.Session
	var created, expires string
	err := db.r.GetSession.QueryRowContext(ctx, tokenHash, formatTime(now)).Scan(&s.TokenHash, &s.UserID, &s.OrgID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		// The hash of a secret: not worth echoing.
		return nil, fail.Errorf(fail.NotFound, "session not found or expired")
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	if s.ExpiresAt, err = parseTime(expires); err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	return &s, nil
}

// DeleteSession ends the session with the token hash, if there is one.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if err := store.CheckRequired("session", map[string]string{"token_hash": tokenHash}); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.StmtContext(ctx, db.w.DeleteSession).ExecContext(ctx, tokenHash); err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return nil
	})
}

// CreateOrganization creates the organisation, a person record for owner and
// owner's membership as owner, all in one transaction. It sets o.ID, if
// empty, and o.CreatedAt.
func (db *DB) CreateOrganization(ctx context.Context, o *store.Organization, owner *store.User) (*store.Membership, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := store.CheckOwner(owner); err != nil {
		return nil, err
	}
	orgID, err := db.idOr(o.ID)
	if err != nil {
		return nil, err
	}
	personID, err := db.newID()
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(o.Name)
	created, createdText := db.timestamp()
	m := &store.Membership{OrgID: orgID, OrgName: name, UserID: owner.ID, PersonID: personID, Role: store.RoleOwner, CreatedAt: created}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// A taken slug inserts nothing, so it can be told from a taken id.
		res, err := tx.StmtContext(ctx, db.w.InsertOrganization).ExecContext(ctx, orgID, o.Slug, name, createdText)
		switch db.outcome(err) {
		case succeeded:
		case unique:
			return fail.Errorf(fail.Conflict, "organisation %q already exists", orgID)
		default:
			return fmt.Errorf("insert organisation: %w", err)
		}
		if ok, err := insertedOne(res); err != nil {
			return err
		} else if !ok {
			e := fail.Errorf(fail.Conflict, "an organisation with slug %q already exists", o.Slug)
			e.Fields = map[string]string{"slug": "is taken"}
			return e
		}
		_, err = tx.StmtContext(ctx, db.w.InsertPerson).ExecContext(ctx,
			orgID, personID, strings.TrimSpace(owner.Email), strings.TrimSpace(owner.Name), createdText)
		if err != nil {
			return fmt.Errorf("insert owner's person record: %w", err)
		}
		return db.insertMembership(ctx, tx, m, "owner_id", createdText)
	})
	if err != nil {
		return nil, err
	}
	o.ID, o.Name, o.CreatedAt = orgID, name, created
	return m, nil
}

// OrganizationBySlug finds the organisation with the slug, trimmed and
// lowercased as every stored slug is.
func (db *DB) OrganizationBySlug(ctx context.Context, slug string) (*store.Organization, error) {
	slug = strings.ToLower(strings.TrimSpace(slug))
	if err := store.CheckRequired("organisation lookup", map[string]string{"slug": slug}); err != nil {
		return nil, err
	}
	var o store.Organization
	var created string
	err := db.r.GetOrganization.QueryRowContext(ctx, slug).Scan(&o.ID, &o.Slug, &o.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "no organisation with slug %q", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("read organisation %q: %w", slug, err)
	}
	if o.CreatedAt, err = parseTime(created); err != nil {
		return nil, fmt.Errorf("organisation %q: %w", slug, err)
	}
	return &o, nil
}

// AddMember makes u a member of the organisation with the role, adopting the
// organisation's person with u's email, in any letter case, or creating one.
func (db *DB) AddMember(ctx context.Context, orgID string, u *store.User, role string) (*store.Membership, error) {
	if err := store.CheckMember(orgID, u, role); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(u.Email)
	created, createdText := db.timestamp()
	m := &store.Membership{OrgID: orgID, UserID: u.ID, Role: role, CreatedAt: created}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.StmtContext(ctx, db.w.OrganizationName).QueryRowContext(ctx, orgID).Scan(&m.OrgName)
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Errorf(fail.NotFound, "organisation %q not found", orgID)
		}
		if err != nil {
			return fmt.Errorf("read organisation %q: %w", orgID, err)
		}
		if found, err := exists(tx.StmtContext(ctx, db.w.MembershipExists).QueryRowContext(ctx, orgID, u.ID)); err != nil {
			return fmt.Errorf("look up membership: %w", err)
		} else if found {
			return fail.Errorf(fail.Conflict, "user %q is already a member of organisation %q", u.ID, orgID)
		}

		err = tx.StmtContext(ctx, db.w.PersonIDByFoldedEmail).QueryRowContext(ctx, orgID, email).Scan(&m.PersonID)
		if errors.Is(err, sql.ErrNoRows) {
			// Nobody has the email: a new person. Another transaction may
			// be adding the same email, so read the id back.
			personID, idErr := db.newID()
			if idErr != nil {
				return idErr
			}
			if _, err := tx.StmtContext(ctx, db.w.InsertPerson).ExecContext(ctx, orgID, personID, email, strings.TrimSpace(u.Name), createdText); err != nil {
				return fmt.Errorf("insert person record: %w", err)
			}
			err = tx.StmtContext(ctx, db.w.PersonIDByEmail).QueryRowContext(ctx, orgID, email).Scan(&m.PersonID)
		}
		if err != nil {
			return fmt.Errorf("find person record of %q: %w", email, err)
		}
		return db.insertMembership(ctx, tx, m, "user_id", createdText)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// insertMembership inserts m in tx; userField names m.UserID in the error
// when there is no such user.
func (db *DB) insertMembership(ctx context.Context, tx *sql.Tx, m *store.Membership, userField, createdText string) error {
	_, err := tx.StmtContext(ctx, db.w.InsertMembership).ExecContext(ctx, m.OrgID, m.UserID, m.PersonID, m.Role, createdText)
	switch db.outcome(err) {
	case succeeded:
		return nil
	case foreignKey:
		// The person is in the organisation (this transaction made or
		// found it), so the missing row is the user.
		return unknownUser(userField, m.UserID)
	case unique:
		// The user is not a member yet (checked first), so the person
		// record with their email is someone else's.
		return fail.Errorf(fail.Conflict, "person %q of organisation %q is already another member's person record", m.PersonID, m.OrgID)
	default:
		return fmt.Errorf("insert membership: %w", err)
	}
}

// Memberships lists the user's memberships, oldest first.
func (db *DB) Memberships(ctx context.Context, userID string) ([]store.Membership, error) {
	if err := store.CheckRequired("membership lookup", map[string]string{"user_id": userID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListMemberships, scanMembership, userID)
	if err != nil {
		return nil, fmt.Errorf("list memberships of user %q: %w", userID, err)
	}
	return list, nil
}

// OrgMemberships lists every membership of the organisation, oldest first.
func (db *DB) OrgMemberships(ctx context.Context, orgID string) ([]store.Membership, error) {
	if err := store.CheckRequired("membership list", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListOrgMemberships, scanMembership, orgID)
	if err != nil {
		return nil, fmt.Errorf("list memberships of organisation %q: %w", orgID, err)
	}
	return list, nil
}

// Membership returns the user's membership of the organisation.
func (db *DB) Membership(ctx context.Context, orgID, userID string) (*store.Membership, error) {
	if err := store.CheckRequired("membership lookup", map[string]string{"org_id": orgID, "user_id": userID}); err != nil {
		return nil, err
	}
	m, err := scanMembership(db.r.GetMembership.QueryRowContext(ctx, orgID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "user %q is not a member of organisation %q", userID, orgID)
	}
	if err != nil {
		return nil, fmt.Errorf("read membership: %w", err)
	}
	return &m, nil
}

// People lists the organisation's people by name.
func (db *DB) People(ctx context.Context, orgID string) ([]store.Person, error) {
	if err := store.CheckRequired("people lookup", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListPeople, scanPerson, orgID)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return list, nil
}

// Person returns one of the organisation's people.
func (db *DB) Person(ctx context.Context, orgID, id string) (*store.Person, error) {
	if err := store.CheckRequired("person lookup", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	p, err := scanPerson(db.r.GetPerson.QueryRowContext(ctx, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "person %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read person %q: %w", id, err)
	}
	return &p, nil
}

// GrantCoach lets a member of the organisation see a person's profiles.
func (db *DB) GrantCoach(ctx context.Context, orgID, personID, coachUserID string) error {
	if err := checkGrant(orgID, personID, coachUserID); err != nil {
		return err
	}
	_, createdText := db.timestamp()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		// Checked first so the error can say which is missing; the
		// foreign keys still stand behind the checks.
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, orgID, personID)); err != nil {
			return fmt.Errorf("look up person: %w", err)
		} else if !found {
			return unknownPerson(orgID, personID)
		}
		if found, err := exists(tx.StmtContext(ctx, db.w.MembershipExists).QueryRowContext(ctx, orgID, coachUserID)); err != nil {
			return fmt.Errorf("look up coach: %w", err)
		} else if !found {
			return notAMember("coach_user_id", orgID, coachUserID)
		}
		_, err := tx.StmtContext(ctx, db.w.InsertCoachGrant).ExecContext(ctx, orgID, personID, coachUserID, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case foreignKey:
			e := fail.Errorf(fail.Invalid, "person %q or coach %q left organisation %q meanwhile", personID, coachUserID, orgID)
			e.Fields = map[string]string{"person_id": "check", "coach_user_id": "check"}
			return e
		default:
			return fmt.Errorf("insert coach grant: %w", err)
		}
	})
}

// RevokeCoach takes a coach's access to a person's profiles back, if granted.
func (db *DB) RevokeCoach(ctx context.Context, orgID, personID, coachUserID string) error {
	if err := checkGrant(orgID, personID, coachUserID); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.StmtContext(ctx, db.w.DeleteCoachGrant).ExecContext(ctx, orgID, personID, coachUserID); err != nil {
			return fmt.Errorf("delete coach grant: %w", err)
		}
		return nil
	})
}

// CoachGrants lists the user ids of the person's coaches, earliest grant first.
func (db *DB) CoachGrants(ctx context.Context, orgID, personID string) ([]string, error) {
	if err := store.CheckRequired("coach grant lookup", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListCoachGrants, scanString, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("list coaches of person %q: %w", personID, err)
	}
	return list, nil
}

// CoachedPeople lists the ids of the people who granted the coach access,
// earliest grant first.
func (db *DB) CoachedPeople(ctx context.Context, orgID, coachUserID string) ([]string, error) {
	if err := store.CheckRequired("coach grant lookup", map[string]string{"org_id": orgID, "coach_user_id": coachUserID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListCoachedPeople, scanString, orgID, coachUserID)
	if err != nil {
		return nil, fmt.Errorf("list people coached by %q: %w", coachUserID, err)
	}
	return list, nil
}

// CreateAPIToken stores a token of a member of the organisation. It sets
// t.ID, if empty, and t.CreatedAt.
func (db *DB) CreateAPIToken(ctx context.Context, t *store.APIToken) error {
	if err := t.Validate(); err != nil {
		return err
	}
	id, err := db.idOr(t.ID)
	if err != nil {
		return err
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.StmtContext(ctx, db.w.InsertAPIToken).ExecContext(ctx, t.OrgID, id, t.UserID, t.Name, t.TokenHash, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case foreignKey:
			return notAMember("user_id", t.OrgID, t.UserID)
		case unique:
			return fail.Errorf(fail.Conflict, "API token %q, or one with the same hash, already exists", id)
		default:
			return fmt.Errorf("insert API token: %w", err)
		}
	})
	if err != nil {
		return err
	}
	t.ID, t.CreatedAt = id, created
	return nil
}

// APIToken finds the organisation's token with the hash.
func (db *DB) APIToken(ctx context.Context, orgID, tokenHash string) (*store.APIToken, error) {
	if err := store.CheckRequired("API token lookup", map[string]string{"org_id": orgID, "token_hash": tokenHash}); err != nil {
		return nil, err
	}
	t, err := scanAPIToken(db.r.GetAPIToken.QueryRowContext(ctx, orgID, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "API token not found")
	}
	if err != nil {
		return nil, fmt.Errorf("read API token: %w", err)
	}
	return &t, nil
}

// APITokens lists the user's tokens in the organisation, newest first.
func (db *DB) APITokens(ctx context.Context, orgID, userID string) ([]store.APIToken, error) {
	if err := store.CheckRequired("API token lookup", map[string]string{"org_id": orgID, "user_id": userID}); err != nil {
		return nil, err
	}
	list, err := collect(ctx, db.r.ListAPITokens, scanAPIToken, orgID, userID)
	if err != nil {
		return nil, fmt.Errorf("list API tokens of user %q: %w", userID, err)
	}
	return list, nil
}

// DeleteAPIToken revokes one of the user's tokens in the organisation. A
// token that is someone else's is not found, like one that does not exist.
func (db *DB) DeleteAPIToken(ctx context.Context, orgID, userID, id string) error {
	if err := store.CheckRequired("API token", map[string]string{"org_id": orgID, "user_id": userID, "id": id}); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, db.w.DeleteAPIToken).ExecContext(ctx, orgID, id, userID)
		if err != nil {
			return fmt.Errorf("delete API token %q: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("delete API token %q: %w", id, err)
		} else if n == 0 {
			return fail.Errorf(fail.NotFound, "API token %q not found", id)
		}
		return nil
	})
}

// idOr returns id, or a new id if it is empty.
func (db *DB) idOr(id string) (string, error) {
	if id != "" {
		return id, nil
	}
	return db.newID()
}

// exists reports whether row, from a SELECT 1 query, found a row.
func exists(row *sql.Row) (bool, error) {
	var one int
	err := row.Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func checkGrant(orgID, personID, coachUserID string) error {
	return store.CheckRequired("coach grant", map[string]string{"org_id": orgID, "person_id": personID, "coach_user_id": coachUserID})
}

func scanUser(row scanner) (store.User, error) {
	var u store.User
	var created string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &created); err != nil {
		return store.User{}, err
	}
	var err error
	if u.CreatedAt, err = parseTime(created); err != nil {
		return store.User{}, fmt.Errorf("user %q: %w", u.ID, err)
	}
	return u, nil
}

func scanMembership(row scanner) (store.Membership, error) {
	var m store.Membership
	var created string
	if err := row.Scan(&m.OrgID, &m.OrgName, &m.UserID, &m.PersonID, &m.Role, &created); err != nil {
		return store.Membership{}, err
	}
	var err error
	if m.CreatedAt, err = parseTime(created); err != nil {
		return store.Membership{}, fmt.Errorf("membership of %q in %q: %w", m.UserID, m.OrgID, err)
	}
	return m, nil
}

func scanPerson(row scanner) (store.Person, error) {
	var p store.Person
	var created string
	if err := row.Scan(&p.OrgID, &p.ID, &p.Email, &p.Name, &created); err != nil {
		return store.Person{}, err
	}
	var err error
	if p.CreatedAt, err = parseTime(created); err != nil {
		return store.Person{}, fmt.Errorf("person %q: %w", p.ID, err)
	}
	return p, nil
}

func scanAPIToken(row scanner) (store.APIToken, error) {
	var t store.APIToken
	var created string
	if err := row.Scan(&t.OrgID, &t.ID, &t.UserID, &t.Name, &t.TokenHash, &created); err != nil {
		return store.APIToken{}, err
	}
	var err error
	if t.CreatedAt, err = parseTime(created); err != nil {
		return store.APIToken{}, fmt.Errorf("API token %q: %w", t.ID, err)
	}
	return t, nil
}

func unknownUser(field, userID string) error {
	e := fail.Errorf(fail.Invalid, "user %q does not exist", userID)
	e.Fields = map[string]string{field: "no such user"}
	return e
}

func notAMember(field, orgID, userID string) error {
	e := fail.Errorf(fail.Invalid, "user %q is not a member of organisation %q", userID, orgID)
	e.Fields = map[string]string{field: "is not a member of this organisation"}
	return e
}

package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// TokenPrincipal finds the user and membership an API token acts as.
func (db *DB) TokenPrincipal(ctx context.Context, orgID, tokenHash string) (*store.User, *store.Membership, error) {
	if err := store.CheckRequired("API token lookup", map[string]string{"org_id": orgID, "token_hash": tokenHash}); err != nil {
		return nil, nil, err
	}
	var u store.User
	var m store.Membership
	var uCreated, mCreated string
	err := db.r.GetTokenPrincipal.QueryRowContext(ctx, orgID, tokenHash).Scan(
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, &uCreated,
		&m.OrgID, &m.OrgName, &m.UserID, &m.PersonID, &m.Role, &mCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fail.Errorf(fail.NotFound, "API token not found")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read API token principal: %w", err)
	}
	if err := parseTimes(&u.CreatedAt, uCreated, &m.CreatedAt, mCreated); err != nil {
		return nil, nil, fmt.Errorf("read API token principal: %w", err)
	}
	return &u, &m, nil
}

// SessionPrincipal finds an unexpired session with its user and membership.
func (db *DB) SessionPrincipal(ctx context.Context, tokenHash string, now time.Time) (*store.Session, *store.User, *store.Membership, error) {
	if err := store.CheckRequired("session lookup", map[string]string{"token_hash": tokenHash}); err != nil {
		return nil, nil, nil, err
	}
	var s store.Session
	var u store.User
	var m store.Membership
	var sCreated, sExpires, uCreated, mCreated string
	err := db.r.GetSessionPrincipal.QueryRowContext(ctx, tokenHash, formatTime(now)).Scan(
		&s.TokenHash, &s.UserID, &s.OrgID, &sCreated, &sExpires,
		&u.ID, &u.Email, &u.Name, &u.PasswordHash, &uCreated,
		&m.OrgID, &m.OrgName, &m.UserID, &m.PersonID, &m.Role, &mCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil, fail.Errorf(fail.NotFound, "session not found or expired")
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read session principal: %w", err)
	}
	if err := parseTimes(&s.CreatedAt, sCreated, &s.ExpiresAt, sExpires, &u.CreatedAt, uCreated, &m.CreatedAt, mCreated); err != nil {
		return nil, nil, nil, fmt.Errorf("read session principal: %w", err)
	}
	return &s, &u, &m, nil
}

// parseTimes parses pairs of (destination, stored text).
func parseTimes(pairs ...any) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		t, err := parseTime(pairs[i+1].(string))
		if err != nil {
			return err
		}
		*pairs[i].(*time.Time) = t
	}
	return nil
}

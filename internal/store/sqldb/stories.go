package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// storyWriteStmts are the story bank's queries run on the write pool.
type storyWriteStmts struct {
	InsertStory *sql.Stmt `query:"insert-story"`
	DeleteStory *sql.Stmt `query:"delete-story"`
}

// storyReadStmts are the story bank's queries run on the read pool.
type storyReadStmts struct {
	ListStories *sql.Stmt `query:"list-stories"`
}

// storyStmts are the prepared story bank queries of one DB.
type storyStmts struct {
	w storyWriteStmts
	r storyReadStmts
}

// AddStory stores a story of one of the organisation's people.
func (db *DB) AddStory(ctx context.Context, s *store.Story) error {
	if err := s.Validate(); err != nil {
		return err
	}
	q := &db.stories
	id, err := db.idOr(s.ID)
	if err != nil {
		return err
	}
	contexts := s.Contexts
	if contexts == nil {
		contexts = []string{}
	}
	ctxJSON, err := json.Marshal(contexts)
	if err != nil {
		return fmt.Errorf("encode contexts: %w", err)
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if found, err := exists(tx.StmtContext(ctx, db.w.PersonExists).QueryRowContext(ctx, s.OrgID, s.PersonID)); err != nil {
			return fmt.Errorf("look up person: %w", err)
		} else if !found {
			return unknownPersonField("person_id", s.OrgID, s.PersonID)
		}
		_, err := tx.StmtContext(ctx, q.w.InsertStory).ExecContext(ctx,
			s.OrgID, id, s.PersonID, s.Title, s.Side, string(ctxJSON), s.Phase,
			s.Situation, s.Task, s.Action, s.Result, s.WhyContext, createdText)
		switch db.outcome(err) {
		case succeeded:
			return nil
		case unique:
			return fail.Errorf(fail.Conflict, "story %q already exists", id)
		default:
			return fmt.Errorf("insert story: %w", err)
		}
	})
	if err != nil {
		return err
	}
	s.ID, s.Contexts, s.CreatedAt = id, contexts, created
	return nil
}

// StoryBank lists a person's stories, oldest first.
func (db *DB) StoryBank(ctx context.Context, orgID, personID string) ([]store.Story, error) {
	if err := store.CheckRequired("story bank", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	q := &db.stories
	list, err := collect(ctx, q.r.ListStories, scanStory, orgID, personID)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	return list, nil
}

// DeleteStory deletes one of a person's stories.
func (db *DB) DeleteStory(ctx context.Context, orgID, personID, id string) error {
	if err := store.CheckRequired("story", map[string]string{"org_id": orgID, "person_id": personID, "id": id}); err != nil {
		return err
	}
	q := &db.stories
	res, err := q.w.DeleteStory.ExecContext(ctx, orgID, personID, id)
	if err != nil {
		return fmt.Errorf("delete story: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete story: %w", err)
	} else if n == 0 {
		return fail.Errorf(fail.NotFound, "story %q not found", id)
	}
	return nil
}

func scanStory(row scanner) (store.Story, error) {
	var s store.Story
	var contexts, created string
	if err := row.Scan(&s.OrgID, &s.ID, &s.PersonID, &s.Title, &s.Side, &contexts, &s.Phase,
		&s.Situation, &s.Task, &s.Action, &s.Result, &s.WhyContext, &created); err != nil {
		return store.Story{}, err
	}
	if err := json.Unmarshal([]byte(contexts), &s.Contexts); err != nil {
		return store.Story{}, fmt.Errorf("story %q: bad stored contexts: %w", s.ID, err)
	}
	var err error
	if s.CreatedAt, err = parseTime(created); err != nil {
		return store.Story{}, fmt.Errorf("story %q: %w", s.ID, err)
	}
	return s, nil
}

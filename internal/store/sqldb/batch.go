package sqldb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/twohats/twohats/internal/store"
)

// Group commit. On a database with one writer (SQLite), every commit is a
// WAL append and an fsync, and commits queue behind each other: the commit,
// not the work, bounds how many assessments a second can be stored. So
// assessments that arrive while a commit is under way are written together
// in the next transaction, each inside its own savepoint so that one that
// fails (a repeated idempotency key, an unknown person) is rolled back alone
// and reported to its own caller. Every caller still returns only after the
// transaction holding its assessment has committed, so an acknowledged
// assessment is as durable as with one transaction each.

// maxBatch bounds how many assessments share one transaction.
const maxBatch = 128

// createReq is one CreateAssessment waiting for a batch.
type createReq struct {
	ctx         context.Context
	a           *store.Assessment
	id          string
	createdText string
	done        chan error
}

// errClosed answers writes that arrive after Close.
var errClosed = errors.New("store is closed")

// startBatcher starts the goroutine that writes assessments in batches.
func (db *DB) startBatcher() {
	db.batch = make(chan *createReq)
	db.quit = make(chan struct{})
	db.stopped = make(chan struct{})
	go db.batchLoop()
}

// stopBatcher stops the batch writer after the batch it is writing.
func (db *DB) stopBatcher() {
	if db.batch == nil {
		return
	}
	close(db.quit)
	<-db.stopped
}

func (db *DB) batchLoop() {
	defer close(db.stopped)
	reqs := make([]*createReq, 0, maxBatch)
	for {
		select {
		case r := <-db.batch:
			reqs = append(reqs[:0], r)
		case <-db.quit:
			return
		}
	gather:
		for len(reqs) < maxBatch {
			select {
			case r := <-db.batch:
				reqs = append(reqs, r)
			default:
				break gather
			}
		}
		errs := db.commitBatch(reqs)
		for i, r := range reqs {
			r.done <- errs[i]
		}
	}
}

// commitBatch writes reqs in one transaction, one savepoint each, and
// returns each request's outcome.
func (db *DB) commitBatch(reqs []*createReq) []error {
	errs := make([]error, len(reqs))
	ctx := context.Background()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("begin write: %w", err)
		}
		return errs
	}
	written := 0
	for i, r := range reqs {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err // its caller has gone: nobody will be told it was stored
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT assessment"); err != nil {
			errs[i] = fmt.Errorf("savepoint: %w", err)
			continue
		}
		if err := db.insertAssessmentTx(ctx, tx, r.a, r.id, r.createdText); err != nil {
			errs[i] = err
			if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT assessment"); rerr != nil {
				// The transaction is in an unknown state: give up on all.
				tx.Rollback()
				return failAll(errs, fmt.Errorf("roll back to savepoint: %w", rerr))
			}
		} else {
			written++
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT assessment"); err != nil {
			tx.Rollback()
			return failAll(errs, fmt.Errorf("release savepoint: %w", err))
		}
	}
	if written == 0 {
		tx.Rollback()
		return errs
	}
	if err := tx.Commit(); err != nil {
		return failAll(errs, fmt.Errorf("commit: %w", err))
	}
	return errs
}

// failAll sets err on every request that had not already failed.
func failAll(errs []error, err error) []error {
	for i := range errs {
		if errs[i] == nil {
			errs[i] = err
		}
	}
	return errs
}

// createBatched hands an assessment to the batch writer and waits for the
// commit of its batch. Once handed over, the write may commit even if ctx
// ends, so it waits for the outcome rather than guess.
func (db *DB) createBatched(ctx context.Context, a *store.Assessment, id, createdText string, created time.Time) error {
	r := &createReq{ctx: ctx, a: a, id: id, createdText: createdText, done: make(chan error, 1)}
	select {
	case db.batch <- r:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.quit:
		return errClosed
	}
	if err := <-r.done; err != nil {
		return err
	}
	a.ID, a.CreatedAt = id, created
	return nil
}

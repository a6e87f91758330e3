package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// teamsWriteStmts are the teams queries run on the write pool.
type teamsWriteStmts struct {
	UpsertTeam             *sql.Stmt `query:"upsert-team"`
	TeamParent             *sql.Stmt `query:"team-parent"`
	TeamHasChildren        *sql.Stmt `query:"team-has-children"`
	DeleteTeam             *sql.Stmt `query:"delete-team"`
	UpsertTeamMember       *sql.Stmt `query:"upsert-team-member"`
	DeleteTeamMember       *sql.Stmt `query:"delete-team-member"`
	InsertMentor           *sql.Stmt `query:"insert-mentor"`
	DeleteMentor           *sql.Stmt `query:"delete-mentor"`
	CountPersonData        *sql.Stmt `query:"count-person-data"`
	PersonEmail            *sql.Stmt `query:"person-email"`
	DeletePersonCampaigns  *sql.Stmt `query:"delete-person-campaigns"`
	DeletePersonRaterLinks *sql.Stmt `query:"delete-person-rater-links"`
	DeletePersonAssessment *sql.Stmt `query:"delete-person-assessments"`
	DeletePersonMembership *sql.Stmt `query:"delete-person-membership"`
	DeletePerson           *sql.Stmt `query:"delete-person"`
	DeleteOrgLatestScores  *sql.Stmt `query:"delete-org-latest-scores"`
	RebuildOrgLatestScores *sql.Stmt `query:"rebuild-org-latest-scores"`
}

// teamsReadStmts are the teams queries run on the read pool.
type teamsReadStmts struct {
	GetTeam          *sql.Stmt `query:"get-team"`
	ListTeams        *sql.Stmt `query:"list-teams"`
	ListTeamMembers  *sql.Stmt `query:"list-team-members"`
	ListMentors      *sql.Stmt `query:"list-mentors"`
	ListLatestScores *sql.Stmt `query:"list-latest-scores"`
}

// teamsStmts are the prepared teams queries of one DB.
type teamsStmts struct {
	w teamsWriteStmts
	r teamsReadStmts
}

// nullable stores "" as NULL, for optional keys.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// SaveTeam creates or replaces a team, refusing an unknown parent or a cycle.
func (db *DB) SaveTeam(ctx context.Context, t *store.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	q := &db.teams
	id, err := db.idOr(t.ID)
	if err != nil {
		return err
	}
	created, createdText := db.timestamp()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		return db.saveTeam(ctx, tx, q, t, id, createdText)
	})
	if err != nil {
		return err
	}
	t.ID = id
	if t.CreatedAt.IsZero() {
		t.CreatedAt = created
	}
	return nil
}

// saveTeam writes one team inside tx after walking up from its parent to
// make sure the tree stays a tree.
func (db *DB) saveTeam(ctx context.Context, tx *sql.Tx, q *teamsStmts, t *store.Team, id, createdText string) error {
	parentOf := tx.StmtContext(ctx, q.w.TeamParent)
	for p, steps := t.ParentID, 0; p != ""; steps++ {
		if p == id {
			e := fail.Errorf(fail.Invalid, "team %q would be its own ancestor", id)
			e.Fields = map[string]string{"parent_id": "would make a cycle in the team tree"}
			return e
		}
		var up string
		err := parentOf.QueryRowContext(ctx, t.OrgID, p).Scan(&up)
		if errors.Is(err, sql.ErrNoRows) {
			if steps == 0 {
				e := fail.Errorf(fail.Invalid, "parent team %q is not in organisation %q", p, t.OrgID)
				e.Fields = map[string]string{"parent_id": "no such team in this organisation"}
				return e
			}
			break
		}
		if err != nil {
			return fmt.Errorf("look up parent team: %w", err)
		}
		p = up
	}
	contexts, err := json.Marshal(nonNil(t.Contexts))
	if err != nil {
		return err
	}
	_, err = tx.StmtContext(ctx, q.w.UpsertTeam).ExecContext(ctx, t.OrgID, id, nullable(t.ParentID), strings.TrimSpace(t.Name), string(contexts), t.Phase, createdText)
	switch db.outcome(err) {
	case succeeded:
		return nil
	case foreignKey:
		e := fail.Errorf(fail.Invalid, "team %q: organisation or parent not found", id)
		e.Fields = map[string]string{"parent_id": "no such team in this organisation"}
		return e
	default:
		return fmt.Errorf("save team: %w", err)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func scanTeam(row scanner) (store.Team, error) {
	var t store.Team
	var contexts, created string
	if err := row.Scan(&t.OrgID, &t.ID, &t.ParentID, &t.Name, &contexts, &t.Phase, &created); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(contexts), &t.Contexts); err != nil {
		return t, fmt.Errorf("team %q: bad stored contexts: %w", t.ID, err)
	}
	var err error
	t.CreatedAt, err = parseTime(created)
	return t, err
}

// Team returns one of the organisation's teams.
func (db *DB) Team(ctx context.Context, orgID, id string) (*store.Team, error) {
	if err := store.CheckRequired("team lookup", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return nil, err
	}
	q := &db.teams
	t, err := scanTeam(q.r.GetTeam.QueryRowContext(ctx, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail.Errorf(fail.NotFound, "no team %q", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get team: %w", err)
	}
	return &t, nil
}

// ListTeams lists the organisation's teams by name.
func (db *DB) ListTeams(ctx context.Context, orgID string) ([]store.Team, error) {
	if err := store.CheckRequired("teams lookup", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.teams
	list, err := collect(ctx, q.r.ListTeams, scanTeam, orgID)
	if err != nil {
		return nil, fmt.Errorf("list teams: %w", err)
	}
	return list, nil
}

// DeleteTeam deletes a leaf team and its memberships.
func (db *DB) DeleteTeam(ctx context.Context, orgID, id string) error {
	if err := store.CheckRequired("team", map[string]string{"org_id": orgID, "id": id}); err != nil {
		return err
	}
	q := &db.teams
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if kids, err := exists(tx.StmtContext(ctx, q.w.TeamHasChildren).QueryRowContext(ctx, orgID, id)); err != nil {
			return fmt.Errorf("look up sub-teams: %w", err)
		} else if kids {
			return fail.Errorf(fail.Conflict, "team %q has sub-teams: move or delete them first", id)
		}
		res, err := tx.StmtContext(ctx, q.w.DeleteTeam).ExecContext(ctx, orgID, id)
		if err != nil {
			return fmt.Errorf("delete team: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fail.Errorf(fail.NotFound, "no team %q", id)
		}
		return nil
	})
}

// SetTeamMember adds or updates a person's place on a team.
func (db *DB) SetTeamMember(ctx context.Context, m *store.TeamMember) error {
	if err := m.Validate(); err != nil {
		return err
	}
	q := &db.teams
	_, now := db.timestamp()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return db.setTeamMember(ctx, tx, q, m, now)
	})
}

func (db *DB) setTeamMember(ctx context.Context, tx *sql.Tx, q *teamsStmts, m *store.TeamMember, now string) error {
	_, err := tx.StmtContext(ctx, q.w.UpsertTeamMember).ExecContext(ctx, m.OrgID, m.TeamID, m.PersonID, nullable(m.RoleHeld), nullable(m.ProposedRole), now)
	switch db.outcome(err) {
	case succeeded:
		return nil
	case foreignKey:
		e := fail.Errorf(fail.Invalid, "team %q, person %q or a role is not in organisation %q", m.TeamID, m.PersonID, m.OrgID)
		e.Fields = map[string]string{"team_id": "must be a team of the organisation", "person_id": "must be a person of the organisation",
			"role_held": "must be empty or a role of the organisation", "proposed_role": "must be empty or a role of the organisation"}
		return e
	default:
		return fmt.Errorf("set team member: %w", err)
	}
}

// RemoveTeamMember takes a person off a team.
func (db *DB) RemoveTeamMember(ctx context.Context, orgID, teamID, personID string) error {
	if err := store.CheckRequired("team member", map[string]string{"org_id": orgID, "team_id": teamID, "person_id": personID}); err != nil {
		return err
	}
	q := &db.teams
	if _, err := q.w.DeleteTeamMember.ExecContext(ctx, orgID, teamID, personID); err != nil {
		return fmt.Errorf("remove team member: %w", err)
	}
	return nil
}

// TeamMembers lists every team membership of the organisation.
func (db *DB) TeamMembers(ctx context.Context, orgID string) ([]store.TeamMember, error) {
	if err := store.CheckRequired("team members lookup", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.teams
	list, err := collect(ctx, q.r.ListTeamMembers, func(row scanner) (store.TeamMember, error) {
		var m store.TeamMember
		err := row.Scan(&m.OrgID, &m.TeamID, &m.PersonID, &m.RoleHeld, &m.ProposedRole)
		return m, err
	}, orgID)
	if err != nil {
		return nil, fmt.Errorf("list team members: %w", err)
	}
	return list, nil
}

// SetMentor records a person's mentor opt-in or opt-out.
func (db *DB) SetMentor(ctx context.Context, orgID, personID string, optIn bool) error {
	if err := store.CheckRequired("mentor", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return err
	}
	q := &db.teams
	var err error
	if !optIn {
		if _, err := q.w.DeleteMentor.ExecContext(ctx, orgID, personID); err != nil {
			return fmt.Errorf("opt out of mentoring: %w", err)
		}
		return nil
	}
	_, now := db.timestamp()
	_, err = q.w.InsertMentor.ExecContext(ctx, orgID, personID, now)
	switch db.outcome(err) {
	case succeeded:
		return nil
	case foreignKey:
		return unknownPersonField("person_id", orgID, personID)
	default:
		return fmt.Errorf("opt in to mentoring: %w", err)
	}
}

// MentorIDs lists the people who opted in to mentoring.
func (db *DB) MentorIDs(ctx context.Context, orgID string) ([]string, error) {
	if err := store.CheckRequired("mentors lookup", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.teams
	list, err := collect(ctx, q.r.ListMentors, scanString, orgID)
	if err != nil {
		return nil, fmt.Errorf("list mentors: %w", err)
	}
	return list, nil
}

// LatestScores reads every assessed person's latest scores from
// latest_scores, one narrow row a person. It reads a hundred thousand
// people cheaply: the facets of all of them share chunked backing arrays,
// and the scale, facet and quadrant names one string each.
func (db *DB) LatestScores(ctx context.Context, orgID string) ([]store.LatestScores, error) {
	if err := store.CheckRequired("scores lookup", map[string]string{"org_id": orgID}); err != nil {
		return nil, err
	}
	q := &db.teams
	rows, err := q.r.ListLatestScores.QueryContext(ctx, orgID)
	if err != nil {
		return nil, fmt.Errorf("list latest scores: %w", err)
	}
	defer rows.Close()
	const chunk = 1 << 14 // facets per backing array
	out := make([]store.LatestScores, 0, 256)
	var (
		p                    facetParser
		person, id, quadrant sql.RawBytes
		facets               sql.RawBytes
		backing              []store.FacetScore
		m, l                 float64
	)
	for rows.Next() {
		if err := rows.Scan(&person, &id, &m, &l, &quadrant, &facets); err != nil {
			return nil, fmt.Errorf("read latest scores: %w", err)
		}
		if cap(backing)-len(backing) < 64 {
			backing = make([]store.FacetScore, 0, chunk)
		}
		start := len(backing)
		if backing, err = p.parse(backing, facets); err != nil {
			return nil, fmt.Errorf("read latest scores of person %q: %w", person, err)
		}
		s := store.LatestScores{PersonID: string(person), AssessmentID: string(id), Management: m, Leadership: l, Quadrant: p.name(quadrant)}
		if len(backing) > start {
			// The full slice expression keeps an append to one person's
			// facets from writing over the next person's.
			s.Facets = backing[start:len(backing):len(backing)]
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read latest scores: %w", err)
	}
	return out, nil
}

// ImportPeople stores many new people in one transaction.
func (db *DB) ImportPeople(ctx context.Context, orgID string, people []store.Person) error {
	if err := store.CheckRequired("people import", map[string]string{"org_id": orgID}); err != nil {
		return err
	}
	for i := range people {
		id, err := db.idOr(people[i].ID)
		if err != nil {
			return err
		}
		people[i].ID, people[i].OrgID = id, orgID
	}
	created, now := db.timestamp()
	const batch = 5000
	for start := 0; start < len(people); start += batch {
		chunk := people[start:min(start+batch, len(people))]
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			ins := tx.StmtContext(ctx, db.w.InsertPerson)
			for _, p := range chunk {
				res, err := ins.ExecContext(ctx, orgID, p.ID, strings.TrimSpace(p.Email), strings.TrimSpace(p.Name), now)
				if err != nil {
					if db.outcome(err) == foreignKey {
						return fail.Errorf(fail.Invalid, "no organisation %q", orgID)
					}
					return fmt.Errorf("insert person %q: %w", p.Email, err)
				}
				if ok, err := insertedOne(res); err != nil {
					return err
				} else if !ok {
					return fail.Errorf(fail.Conflict, "person %q is already in the organisation", p.Email)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i := range people {
		people[i].CreatedAt = created
	}
	return nil
}

// ImportTeams saves teams, parents first, and memberships in one transaction.
func (db *DB) ImportTeams(ctx context.Context, orgID string, teams []store.Team, members []store.TeamMember) error {
	if err := store.CheckRequired("teams import", map[string]string{"org_id": orgID}); err != nil {
		return err
	}
	q := &db.teams
	for i := range teams {
		teams[i].OrgID = orgID
		if err := teams[i].Validate(); err != nil {
			return err
		}
	}
	// Parents before children: repeatedly take the teams whose parent is
	// saved already, or outside the import.
	inImport := map[string]bool{}
	for _, t := range teams {
		inImport[t.ID] = true
	}
	var order []int
	done := map[string]bool{}
	for len(order) < len(teams) {
		progress := false
		for i, t := range teams {
			if done[t.ID] || t.ParentID != "" && inImport[t.ParentID] && !done[t.ParentID] {
				continue
			}
			done[t.ID], progress = true, true
			order = append(order, i)
		}
		if !progress {
			return fail.Errorf(fail.Invalid, "the imported teams' parents make a cycle")
		}
	}
	_, now := db.timestamp()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, i := range order {
			t := &teams[i]
			id, err := db.idOr(t.ID)
			if err != nil {
				return err
			}
			t.ID = id
			if err := db.saveTeam(ctx, tx, q, t, id, now); err != nil {
				return err
			}
		}
		for i := range members {
			members[i].OrgID = orgID
			if err := members[i].Validate(); err != nil {
				return err
			}
			if err := db.setTeamMember(ctx, tx, q, &members[i], now); err != nil {
				return err
			}
		}
		return nil
	})
}

// importBatch is how many assessments one transaction or COPY writes.
const importBatch = store.ImportBatch

// importConns is how many connections a PostgreSQL import writes batches
// over at once. A COPY keeps one PostgreSQL backend busy on one core
// (parsing, checking keys, inserting into the heap and each index), so a
// second stream uses a second core. More were not measured; they would
// also wait on each other's latest-scores upserts of the same people.
const importConns = 2

// ImportAssessments stores many assessments in batches, one transaction a
// batch: on SQLite one batch after another on its one writer, on PostgreSQL
// a COPY per batch over importConns connections at once. Each person's
// latest scores are written once, by the batch that holds the newest of
// their assessments in the import: a file of historical responses has many
// rows a person, and that upsert, once a person a batch, cost as much as
// the rows themselves. If a batch fails, the people whose newest
// assessment it held get the newest of theirs that is stored instead. See
// store.Teams for what a failure leaves stored.
func (db *DB) ImportAssessments(ctx context.Context, list []store.Assessment) error {
	for i := range list {
		if err := list[i].Validate(); err != nil {
			return fmt.Errorf("assessment %d: %w", i, err)
		}
		id, err := db.idOr(list[i].ID)
		if err != nil {
			return err
		}
		list[i].ID = id
		if list[i].CreatedAt.IsZero() {
			list[i].CreatedAt, _ = db.timestamp()
		}
	}
	created := make([]string, len(list))
	for i := range list {
		created[i] = formatTime(list[i].CreatedAt)
	}
	newest := newestOf(list, created)
	batches := (len(list) + importBatch - 1) / importBatch
	write := db.insertAssessments
	conns := 1
	if db.d.Name == "postgres" {
		write, conns = db.copyAssessments, importConns
	}
	stored := make([]bool, batches)
	errs := make([]error, batches)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(conns, batches) {
		wg.Go(func() {
			var b importBuf
			// Batches are handed out in order; after a failure no new one
			// starts, and one already being written finishes as it will.
			for !failed.Load() {
				k := int(next.Add(1) - 1)
				if k >= batches {
					return
				}
				from, to := k*importBatch, min((k+1)*importBatch, len(list))
				chunk := list[from:to]
				err := b.encode(chunk, created[from:to], newest.is[from:to])
				if err == nil {
					err = write(ctx, chunk, &b)
				}
				if err != nil {
					errs[k] = err
					failed.Store(true)
					return
				}
				stored[k] = true
			}
		})
	}
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			if rerr := db.catchUpLatest(ctx, list, created, newest, stored); rerr != nil {
				err = fmt.Errorf("%w; then, keeping the latest scores of the people whose newest assessment was not stored: %w", err, rerr)
			}
			if batches == 1 {
				return err
			}
			where := fmt.Sprintf("the batch of assessments %d to %d", k*importBatch, min((k+1)*importBatch, len(list))-1)
			var fe *fail.Error
			if errors.As(err, &fe) {
				// The same code and fields, with what is stored in the
				// message a user reads.
				return &fail.Error{Code: fe.Code, Fields: fe.Fields, Message: fmt.Sprintf("%s: %s (%s)", where, fe.Message, storedRows(stored, len(list)))}
			}
			return fmt.Errorf("%s: %w (%s)", where, err, storedRows(stored, len(list)))
		}
	}
	return nil
}

// storedRows says which of an import's rows are stored after a failure, by
// ranges of list indexes: the batches that committed.
func storedRows(stored []bool, n int) string {
	var ranges []string
	for k := 0; k < len(stored); k++ {
		if !stored[k] {
			continue
		}
		first := k
		for k+1 < len(stored) && stored[k+1] {
			k++
		}
		ranges = append(ranges, fmt.Sprintf("%d to %d", first*importBatch, min((k+1)*importBatch, n)-1))
	}
	if len(ranges) == 0 {
		return "no assessment of this import is stored"
	}
	return "of this import, assessments " + strings.Join(ranges, " and ") + " are stored; no others are"
}

// RebuildLatestScores recomputes the organisation's latest scores from its
// assessments, in one transaction, and returns how many people have them.
func (db *DB) RebuildLatestScores(ctx context.Context, orgID string) (int, error) {
	if err := store.CheckRequired("latest scores rebuild", map[string]string{"org_id": orgID}); err != nil {
		return 0, err
	}
	var n int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// No assessment is written or deleted in the organisation meanwhile.
		if err := db.personDataLock(ctx, tx, orgID, true); err != nil {
			return err
		}
		if _, err := tx.StmtContext(ctx, db.teams.w.DeleteOrgLatestScores).ExecContext(ctx, orgID); err != nil {
			return fmt.Errorf("delete latest scores: %w", err)
		}
		res, err := tx.StmtContext(ctx, db.teams.w.RebuildOrgLatestScores).ExecContext(ctx, orgID)
		if err != nil {
			return fmt.Errorf("rebuild latest scores: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// importNewest says which of an import's assessments is the newest of its
// person: by created_at as stored, then by id, as latest_scores orders them.
type importNewest struct {
	is []bool            // by list index
	at map[personRef]int // by person: the list index
}

// personRef is a person, as a map key.
type personRef struct{ org, person string }

func personKey(a *store.Assessment) personRef { return personRef{a.OrgID, a.PersonID} }

func newestOf(list []store.Assessment, created []string) importNewest {
	n := importNewest{is: make([]bool, len(list)), at: map[personRef]int{}}
	for i := range list {
		key := personKey(&list[i])
		if j, ok := n.at[key]; !ok || newer(list, created, i, j) {
			n.at[key] = i
		}
	}
	for _, i := range n.at {
		n.is[i] = true
	}
	return n
}

// newer reports whether list[i] is newer than list[j].
func newer(list []store.Assessment, created []string, i, j int) bool {
	if created[i] != created[j] {
		return created[i] > created[j]
	}
	return list[i].ID > list[j].ID
}

// catchUpLatest, after a failed import, gives each person whose newest
// assessment of the import was not stored, but some of whose assessments
// were, the newest of those as their latest scores (unless they have
// newer), in one transaction.
func (db *DB) catchUpLatest(ctx context.Context, list []store.Assessment, created []string, newest importNewest, stored []bool) error {
	isStored := func(i int) bool { return stored[i/importBatch] }
	best := map[personRef]int{}
	for i := range list {
		if !isStored(i) {
			continue
		}
		key := personKey(&list[i])
		if isStored(newest.at[key]) {
			continue // written with its batch
		}
		if j, ok := best[key]; !ok || newer(list, created, i, j) {
			best[key] = i
		}
	}
	if len(best) == 0 {
		return nil
	}
	rows := make([]int, 0, len(best))
	for _, i := range best {
		rows = append(rows, i)
	}
	slices.SortFunc(rows, func(i, j int) int {
		return cmp.Or(strings.Compare(list[i].OrgID, list[j].OrgID), strings.Compare(list[i].PersonID, list[j].PersonID))
	})
	return db.inTx(ctx, func(tx *sql.Tx) error {
		up := tx.StmtContext(ctx, db.w.UpsertLatestScore)
		defer up.Close()
		var buf []byte
		for _, i := range rows {
			a := &list[i]
			var err error
			if buf, err = appendFacets(buf[:0], a.Facets); err != nil {
				return err
			}
			if _, err := up.ExecContext(ctx, a.OrgID, a.PersonID, a.ID, created[i], a.Management, a.Leadership, a.Quadrant, string(buf)); err != nil {
				return fmt.Errorf("update latest scores of person %q: %w", a.PersonID, err)
			}
		}
		return nil
	})
}

// importBuf is one batch's stored forms, reused from batch to batch.
type importBuf struct {
	created []string // each assessment's created_at as stored
	facets  []string // each assessment's facets as stored
	buf     []byte
	// newest are the indexes of the assessments that are the newest of
	// their person in the whole import: the batch's upserts of latest_scores.
	newest []int
	// orgs are the batch's organisations, sorted; peopleOrg and peopleID
	// are its people, each once, as parallel arrays. Only the PostgreSQL
	// import needs them (people fills them); SQLite's foreign key checks
	// the people.
	orgs                []string
	peopleOrg, peopleID []string
	seen                map[personRef]bool
}

// encode fills b with the stored forms of chunk's assessments, given their
// created_at as stored and whether each is the newest of its person in
// the import.
func (b *importBuf) encode(chunk []store.Assessment, created []string, newest []bool) error {
	b.created, b.facets, b.newest = created, b.facets[:0], b.newest[:0]
	for i := range chunk {
		a := &chunk[i]
		var err error
		if b.buf, err = appendFacets(b.buf[:0], a.Facets); err != nil {
			return fmt.Errorf("assessment %q: %w", a.ID, err)
		}
		b.facets = append(b.facets, string(b.buf))
		if newest[i] {
			b.newest = append(b.newest, i)
		}
	}
	// Person by person in one order, so that two batches upserting the
	// latest scores of the same people at once lock their rows in the same
	// order and wait for each other rather than deadlock.
	slices.SortFunc(b.newest, func(i, j int) int {
		return cmp.Or(strings.Compare(chunk[i].OrgID, chunk[j].OrgID), strings.Compare(chunk[i].PersonID, chunk[j].PersonID))
	})
	return nil
}

// people fills b's organisations and people of chunk.
func (b *importBuf) people(chunk []store.Assessment) {
	b.orgs, b.peopleOrg, b.peopleID = b.orgs[:0], b.peopleOrg[:0], b.peopleID[:0]
	if b.seen == nil {
		b.seen = make(map[personRef]bool, len(chunk))
	}
	clear(b.seen)
	for i := range chunk {
		a := &chunk[i]
		if key := personKey(a); !b.seen[key] {
			b.seen[key] = true
			b.peopleOrg, b.peopleID = append(b.peopleOrg, a.OrgID), append(b.peopleID, a.PersonID)
			if !slices.Contains(b.orgs, a.OrgID) {
				b.orgs = append(b.orgs, a.OrgID)
			}
		}
	}
	slices.Sort(b.orgs)
}

// insertAssessments writes one batch with prepared statements in one transaction.
func (db *DB) insertAssessments(ctx context.Context, chunk []store.Assessment, b *importBuf) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		ins := tx.StmtContext(ctx, db.w.InsertAssessment)
		defer ins.Close()
		for i := range chunk {
			a := &chunk[i]
			res, err := ins.ExecContext(ctx, a.OrgID, a.ID, a.PersonID, a.Instrument, string(a.Answers),
				a.Management, a.Leadership, a.Tendency, a.JudgementAccuracy, a.Quadrant, b.facets[i], b.created[i], a.IdempotencyKey)
			if err != nil {
				return db.importError(*a, err)
			}
			if ok, err := insertedOne(res); err != nil {
				return err
			} else if !ok {
				return fail.Errorf(fail.Conflict, "person %q already has an assessment with idempotency key %q", a.PersonID, a.IdempotencyKey)
			}
		}
		up := tx.StmtContext(ctx, db.w.UpsertLatestScore)
		defer up.Close()
		for _, i := range b.newest {
			a := &chunk[i]
			if _, err := up.ExecContext(ctx, a.OrgID, a.PersonID, a.ID, b.created[i], a.Management, a.Leadership, a.Quadrant, b.facets[i]); err != nil {
				return fmt.Errorf("update latest scores of person %q: %w", a.PersonID, err)
			}
		}
		return nil
	})
}

func (db *DB) importError(a store.Assessment, err error) error {
	switch db.outcome(err) {
	case foreignKey:
		return unknownPersonField("person_id", a.OrgID, a.PersonID)
	case unique:
		return fail.Errorf(fail.Conflict, "assessment %q already exists", a.ID)
	}
	return fmt.Errorf("import assessment %q: %w", a.ID, err)
}

// pgxConn is what pgx's database/sql driver connection offers: the pgx
// connection under it, for COPY.
type pgxConn interface{ Conn() *pgx.Conn }

// The queries the COPY import runs as text through pgx, on PostgreSQL
// only, rather than prepared through database/sql at Open.
const (
	upsertLatestUnnest  = "upsert-latest-scores-unnest"
	missingPeopleUnnest = "missing-people-unnest"
	sharePersonDataLock = "share-person-data-lock"
)

// pgText are those queries, which Open checks are there on PostgreSQL.
var pgText = []string{upsertLatestUnnest, missingPeopleUnnest, sharePersonDataLock}

// pgStmts are the statements of PostgreSQL alone: the advisory locks that
// keep an assessment's person there since migration 11 dropped the foreign
// key (migrations.Go; teams.sql says how).
type pgStmts struct {
	SharePersonDataLock *sql.Stmt `query:"share-person-data-lock"`
	TakePersonDataLock  *sql.Stmt `query:"take-person-data-lock"`
}

// personDataLock takes, on PostgreSQL, the organisation's lock between
// assessment writers (shared) and person deletions (exclusive), first in
// tx. SQLite's one writer needs none, and keeps its foreign key.
func (db *DB) personDataLock(ctx context.Context, tx *sql.Tx, orgID string, exclusive bool) error {
	if db.d.Name != "postgres" {
		return nil
	}
	stmt := db.pg.SharePersonDataLock
	if exclusive {
		stmt = db.pg.TakePersonDataLock
	}
	if _, err := tx.StmtContext(ctx, stmt).ExecContext(ctx, orgID); err != nil {
		return fmt.Errorf("lock the organisation's person data: %w", err)
	}
	return nil
}

// copyColumns are the columns copyAssessments writes, in its rows' order.
var copyColumns = []string{"org_id", "id", "person_id", "instrument", "answers",
	"management", "leadership", "tendency", "judgement_accuracy", "quadrant", "facets", "created_at", "idempotency_key"}

// copyAssessments writes one batch in one transaction of the pgx connection
// under a pooled database/sql connection: the assessments with one COPY,
// then the latest scores of the batch's people with one set-based upsert.
func (db *DB) copyAssessments(ctx context.Context, chunk []store.Assessment, b *importBuf) error {
	upsert, share, missing := db.set[upsertLatestUnnest], db.set[sharePersonDataLock], db.set[missingPeopleUnnest]
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("import assessments: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(pgxConn)
		if !ok {
			return errors.New("import assessments: the postgres driver is not pgx")
		}
		tx, err := pc.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("import assessments: begin: %w", err)
		}
		defer tx.Rollback(ctx)
		// The people whose newest assessment of the import is in the
		// batch, with its scores for latest_scores.
		n := len(b.newest)
		org, person, id, created, quadrant, facets := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		m, l := make([]float64, n), make([]float64, n)
		for k, i := range b.newest {
			a := &chunk[i]
			org[k], person[k], id[k], created[k] = a.OrgID, a.PersonID, a.ID, b.created[i]
			m[k], l[k], quadrant[k], facets[k] = a.Management, a.Leadership, a.Quadrant, b.facets[i]
		}
		// Every person is there, and stays until the batch commits: no
		// deletion of a person's data runs in their organisation meanwhile.
		b.people(chunk)
		for _, o := range b.orgs {
			if _, err := tx.Exec(ctx, share, o); err != nil {
				return fmt.Errorf("import assessments: lock the organisation's person data: %w", err)
			}
		}
		var o, p string
		switch err := tx.QueryRow(ctx, missing, b.peopleOrg, b.peopleID).Scan(&o, &p); {
		case err == nil:
			return unknownPersonField("person_id", o, p)
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("import assessments: check the people: %w", err)
		}
		// One row slice, refilled for each row: COPY encodes a row before
		// asking for the next.
		row := make([]any, len(copyColumns))
		i := -1
		src := pgx.CopyFromFunc(func() ([]any, error) {
			i++
			if i == len(chunk) {
				return nil, nil
			}
			a := &chunk[i]
			row[0], row[1], row[2], row[3], row[4] = a.OrgID, a.ID, a.PersonID, a.Instrument, string(a.Answers)
			row[5], row[6], row[7], row[8], row[9] = a.Management, a.Leadership, a.Tendency, a.JudgementAccuracy, a.Quadrant
			row[10], row[11], row[12] = b.facets[i], b.created[i], nullable(a.IdempotencyKey)
			return row, nil
		})
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"assessments"}, copyColumns, src); err != nil {
			return db.copyError(err)
		}
		if _, err := tx.Exec(ctx, upsert, org, person, id, created, m, l, quadrant, facets); err != nil {
			return fmt.Errorf("import assessments: update latest scores: %w", err)
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("import assessments: commit: %w", err)
		}
		return nil
	})
}

// copyError names what a failed COPY broke: PostgreSQL's detail says which
// key, as in `Key (org_id, id)=(o, a) already exists.` (Its people were
// checked before it ran.)
func (db *DB) copyError(err error) error {
	detail := ""
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		detail = pe.Detail
	}
	switch db.outcome(err) {
	case unique:
		return fail.Errorf(fail.Conflict, "import assessments: an assessment already exists: %s", detail)
	}
	return fmt.Errorf("import assessments: %w", err)
}

// personTables name PersonData's counts, in count-person-data's order.
var personTables = []string{"people", "assessments", "latest_scores", "drafts", "campaigns_about", "raters_of_campaigns_about",
	"rater_links", "responses", "plans", "journal_entries", "team_members", "mentors", "memberships", "coach_grants", "stories"}

func (db *DB) personData(ctx context.Context, stmt *sql.Stmt, orgID, personID, folded string) (store.PersonData, error) {
	counts := make([]int, len(personTables))
	dest := make([]any, len(counts))
	for i := range counts {
		dest[i] = &counts[i]
	}
	if err := stmt.QueryRowContext(ctx, orgID, personID, folded).Scan(dest...); err != nil {
		return nil, fmt.Errorf("count person data: %w", err)
	}
	d := store.PersonData{}
	for i, t := range personTables {
		d[t] = counts[i]
	}
	return d, nil
}

// PersonData counts the rows held about a person.
func (db *DB) PersonData(ctx context.Context, orgID, personID string) (store.PersonData, error) {
	if err := store.CheckRequired("person", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	q := &db.teams
	var email string
	if err := q.w.PersonEmail.QueryRowContext(ctx, orgID, personID).Scan(&email); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("look up person: %w", err)
	}
	return db.personData(ctx, q.w.CountPersonData, orgID, personID, foldedOrNone(email))
}

// foldedOrNone folds an email, or gives a value no rater's email folds to
// when there is none, so an unknown person matches no rater.
func foldedOrNone(email string) string {
	if email == "" {
		return "(no email)"
	}
	return store.FoldEmail(email)
}

// DeletePersonData deletes everything held about a person in one transaction.
func (db *DB) DeletePersonData(ctx context.Context, orgID, personID string) (store.PersonData, error) {
	if err := store.CheckRequired("person", map[string]string{"org_id": orgID, "person_id": personID}); err != nil {
		return nil, err
	}
	q := &db.teams
	var err error
	var before store.PersonData
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// First: the assessments being written in the organisation commit
		// before this reads the person's, and none starts until it is over.
		if err := db.personDataLock(ctx, tx, orgID, true); err != nil {
			return err
		}
		var email string
		err := tx.StmtContext(ctx, q.w.PersonEmail).QueryRowContext(ctx, orgID, personID).Scan(&email)
		if errors.Is(err, sql.ErrNoRows) {
			return fail.Errorf(fail.NotFound, "no person %q", personID)
		}
		if err != nil {
			return fmt.Errorf("look up person: %w", err)
		}
		folded := store.FoldEmail(email)
		if before, err = db.personData(ctx, tx.StmtContext(ctx, q.w.CountPersonData), orgID, personID, folded); err != nil {
			return err
		}
		steps := []struct {
			what string
			stmt *sql.Stmt
			arg  string
		}{
			{"campaigns about them", q.w.DeletePersonCampaigns, personID},
			{"their rater links", q.w.DeletePersonRaterLinks, folded},
			{"assessments", q.w.DeletePersonAssessment, personID},
			{"membership", q.w.DeletePersonMembership, personID},
			{"person", q.w.DeletePerson, personID},
		}
		for _, s := range steps {
			if _, err := tx.StmtContext(ctx, s.stmt).ExecContext(ctx, orgID, s.arg); err != nil {
				return fmt.Errorf("delete %s: %w", s.what, err)
			}
		}
		return nil
	})
	return before, err
}

// exportTables are the tables an organisation owns, with the column that
// holds its id; secret hashes are dropped from what is exported.
var exportTables = []struct{ name, orgColumn string }{
	{"organizations", "id"}, {"people", "org_id"}, {"memberships", "org_id"}, {"coach_grants", "org_id"},
	{"api_tokens", "org_id"}, {"assessments", "org_id"}, {"latest_scores", "org_id"}, {"drafts", "org_id"},
	{"campaigns", "org_id"}, {"raters", "org_id"}, {"responses", "org_id"}, {"outbox", "org_id"},
	{"plans", "org_id"}, {"plan_ticks", "org_id"}, {"journal_entries", "org_id"}, {"roles", "org_id"},
	{"teams", "org_id"}, {"team_members", "org_id"}, {"mentors", "org_id"}, {"stories", "org_id"},
}

// secretColumns are never exported.
var secretColumns = []string{"token_hash", "password_hash"}

// ExportTables lists the tables ExportOrg reads, so a test can check that
// every table with an org_id column is among them.
func ExportTables() []string {
	out := make([]string, len(exportTables))
	for i, t := range exportTables {
		out[i] = t.name
	}
	return out
}

// ExportOrg emits every row the organisation owns. The statements are
// built from the fixed table list above, never from input.
func (db *DB) ExportOrg(ctx context.Context, orgID string, emit func(table string, columns, row []string) error) error {
	if err := store.CheckRequired("export", map[string]string{"org_id": orgID}); err != nil {
		return err
	}
	return db.readTx(ctx, func(tx *sql.Tx) error {
		for _, t := range exportTables {
			rows, err := tx.QueryContext(ctx, "SELECT * FROM "+t.name+" WHERE "+t.orgColumn+" = $1", orgID)
			if err != nil {
				return fmt.Errorf("export %s: %w", t.name, err)
			}
			if err := exportRows(rows, t.name, emit); err != nil {
				return err
			}
		}
		return nil
	})
}

func exportRows(rows *sql.Rows, table string, emit func(table string, columns, row []string) error) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var keep []int
	var names []string
	for i, c := range cols {
		if !slices.Contains(secretColumns, c) {
			keep, names = append(keep, i), append(names, c)
		}
	}
	vals := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export %s: %w", table, err)
		}
		out := make([]string, len(keep))
		for j, i := range keep {
			out[j] = vals[i].String
		}
		if err := emit(table, names, out); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("export %s: %w", table, err)
	}
	return nil
}

package store

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// ImportBatch is how many assessments one transaction of ImportAssessments
// writes: large enough that the per-batch work is small against the rows,
// small enough that a failed batch costs little (about a second's work).
// The largest per-batch work is upserting the latest scores of each person
// the batch holds, once a person: an import of historical responses has many
// rows a person, and at 10,000 rows a batch of an organisation of 10,000
// people that upsert cost more than the COPY of the rows themselves
// (scripts/bench.sh, orgbench's import_responses).
const ImportBatch = 25000

// Teams keeps an organisation's tree of teams, who belongs to each team,
// who opted in to be a peer mentor, and the bulk reads and writes that
// organisation-wide dashboards, imports, exports and deletions need.
type Teams interface {
	// SaveTeam creates the team, or replaces the one with the same id. Its
	// parent must be a team of the organisation, and the tree stays free of
	// cycles (fail.Invalid otherwise). It sets t.ID, if empty, and
	// t.CreatedAt when it creates the team.
	SaveTeam(ctx context.Context, t *Team) error
	// Team returns one of the organisation's teams, or fails with
	// fail.NotFound.
	Team(ctx context.Context, orgID, id string) (*Team, error)
	// ListTeams lists the organisation's teams by name.
	ListTeams(ctx context.Context, orgID string) ([]Team, error)
	// DeleteTeam deletes a team with no sub-teams, and its memberships; a
	// team with sub-teams is a fail.Conflict, one not there fail.NotFound.
	DeleteTeam(ctx context.Context, orgID, id string) error

	// SetTeamMember adds a person to a team, or updates the roles they
	// hold or are proposed for there.
	SetTeamMember(ctx context.Context, m *TeamMember) error
	// RemoveTeamMember takes a person off a team; removing someone not on
	// it is not an error.
	RemoveTeamMember(ctx context.Context, orgID, teamID, personID string) error
	// TeamMembers lists every membership of every team of the
	// organisation, by team then person.
	TeamMembers(ctx context.Context, orgID string) ([]TeamMember, error)

	// SetMentor records whether a person opts in to be suggested as a
	// peer mentor.
	SetMentor(ctx context.Context, orgID, personID string, optIn bool) error
	// MentorIDs lists the ids of the people who opted in, sorted.
	MentorIDs(ctx context.Context, orgID string) ([]string, error)

	// LatestScores returns, in one query, each assessed person's latest
	// assessment scores with their facets, by person id.
	LatestScores(ctx context.Context, orgID string) ([]LatestScores, error)

	// ImportPeople stores many new people of one organisation at once,
	// setting each ID if empty; an email already in the organisation is a
	// fail.Conflict and stores none of them.
	ImportPeople(ctx context.Context, orgID string, people []Person) error
	// ImportTeams saves many teams and memberships in one transaction,
	// parents before children whatever their order.
	ImportTeams(ctx context.Context, orgID string, teams []Team, members []TeamMember) error
	// ImportAssessments stores many assessments of existing people, and
	// their latest scores, in batches of ImportBatch in list order, each
	// batch its own transaction: one after another on SQLite, a COPY each
	// on PostgreSQL over two connections at once. A person's latest scores
	// are written once, with the batch that holds the newest of their
	// assessments in the list; while the import runs, they may lag behind
	// its batches already stored. A failed batch stores
	// none of its rows and stops the import: no batch starts after it, but
	// the one already being written beside it may still commit. The error
	// keeps the failure's code (fail.Invalid for an unknown person,
	// fail.Conflict for an id that exists) and, when there was more than
	// one batch, names the failed batch's rows and every range of list
	// indexes that is stored; every batch before the failed one is. After
	// a failure, each person with assessments stored has the newest stored
	// one as their latest scores, unless they have newer. (Only if the
	// process dies mid-import can latest scores stay behind the stored
	// rows; `twohats import` says so, and RebuildLatestScores mends it.)
	ImportAssessments(ctx context.Context, list []Assessment) error
	// RebuildLatestScores recomputes every latest scores row of the
	// organisation from its assessments, in one transaction, and returns
	// how many people have one.
	RebuildLatestScores(ctx context.Context, orgID string) (int, error)

	// PersonData counts, table by table, the rows the store holds about a
	// person: what DeletePersonData deletes.
	PersonData(ctx context.Context, orgID, personID string) (PersonData, error)
	// DeletePersonData deletes everything the store holds about a person:
	// their assessments, drafts, plans, journal, team memberships, mentor
	// opt-in, account membership, the 360 campaigns about them and the
	// rater links and responses they were sent, then the person. It
	// returns what it found before deleting.
	DeletePersonData(ctx context.Context, orgID, personID string) (PersonData, error)

	// ExportOrg calls emit with every row of every table the organisation
	// owns, table by table, each value as text ("" for NULL); secrets'
	// hashes are left out.
	ExportOrg(ctx context.Context, orgID string, emit func(table string, columns, row []string) error) error
}

// Team is one team of an organisation's tree.
type Team struct {
	OrgID string
	// ID is unique in the organisation; callers may choose it.
	ID string
	// ParentID is the team this one belongs to, "" for a top team.
	ParentID string
	Name     string
	// Contexts are the team's declared framework context keys.
	Contexts []string
	// Phase is the team's declared framework phase key, or "".
	Phase     string
	CreatedAt time.Time
}

// TeamMember is a person's place on one team.
type TeamMember struct {
	OrgID    string
	TeamID   string
	PersonID string
	// RoleHeld is the id of the organisation role the person holds there, or "".
	RoleHeld string
	// ProposedRole is the id of a role the person is proposed for, or "".
	ProposedRole string
}

// LatestScores are a person's scores from their latest assessment.
type LatestScores struct {
	PersonID     string
	AssessmentID string
	Management   float64
	Leadership   float64
	Quadrant     string
	// Facets are ordered by Scale, then Facet.
	Facets []FacetScore
}

// PersonData counts the rows held about one person, by table name.
type PersonData map[string]int

// Total is the number of rows counted.
func (d PersonData) Total() int {
	n := 0
	for _, v := range d {
		n += v
	}
	return n
}

// Validate reports, as a fail.Invalid error naming each bad field, whether
// t is fit to store. The contexts and phase are the caller's to check
// against the framework.
func (t *Team) Validate() error {
	if t == nil {
		return invalid("team", problems{"team": "is missing"})
	}
	p := problems{}
	p.required("org_id", t.OrgID)
	p.required("name", t.Name)
	if t.ParentID != "" && t.ParentID == t.ID {
		p["parent_id"] = "a team cannot be its own parent"
	}
	for i, c := range t.Contexts {
		if strings.TrimSpace(c) == "" {
			p["contexts["+strconv.Itoa(i)+"]"] = "is empty"
		}
	}
	return invalid("team", p)
}

// Validate reports, as a fail.Invalid error naming each bad field, whether
// m is fit to store.
func (m *TeamMember) Validate() error {
	if m == nil {
		return invalid("team member", problems{"team_member": "is missing"})
	}
	p := problems{}
	p.required("org_id", m.OrgID)
	p.required("team_id", m.TeamID)
	p.required("person_id", m.PersonID)
	return invalid("team member", p)
}

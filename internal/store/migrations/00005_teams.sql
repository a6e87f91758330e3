-- Teams: an organisation's tree of teams with their declared situation, who
-- belongs to each (with the role they hold or are proposed for), and who
-- opted in to be suggested as a peer mentor.
--
-- Every table belongs to one organisation and has org_id first in its
-- primary key and in each foreign key, as 00002_accounts.sql explains; the
-- PostgreSQL adapter's tests check the rule against the live catalog. The
-- parent key includes org_id too, so a team's whole tree lives on the
-- organisation's shard.

-- +goose Up

-- contexts is a JSON array of framework context keys; phase is a framework
-- phase key or ''. parent_id is NULL for a top team.
CREATE TABLE teams (
    org_id     TEXT NOT NULL REFERENCES organizations (id),
    id         TEXT NOT NULL,
    parent_id  TEXT,
    name       TEXT NOT NULL,
    contexts   TEXT NOT NULL,
    phase      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES teams (org_id, id)
);

CREATE INDEX teams_parent ON teams (org_id, parent_id);

-- role_held and proposed_role are ids of the organisation's roles, or NULL.
CREATE TABLE team_members (
    org_id        TEXT NOT NULL,
    team_id       TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    role_held     TEXT,
    proposed_role TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (org_id, team_id, person_id),
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, role_held) REFERENCES roles (org_id, id),
    FOREIGN KEY (org_id, proposed_role) REFERENCES roles (org_id, id)
);

CREATE INDEX team_members_person ON team_members (org_id, person_id);

-- One row per person who opted in to be suggested as a peer mentor.
CREATE TABLE mentors (
    org_id     TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, person_id),
    FOREIGN KEY (org_id, person_id) REFERENCES people (org_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE mentors;
DROP TABLE team_members;
DROP TABLE teams;

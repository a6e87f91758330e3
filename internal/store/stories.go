package store

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Stories keeps each person's interview story bank.
type Stories interface {
	// AddStory stores a story of one of the organisation's people. It sets
	// s.ID, if empty, and s.CreatedAt.
	AddStory(ctx context.Context, s *Story) error
	// StoryBank lists a person's stories, oldest first.
	StoryBank(ctx context.Context, orgID, personID string) ([]Story, error)
	// DeleteStory deletes one of a person's stories; a story that is not
	// the person's, in the organisation, is fail.NotFound.
	DeleteStory(ctx context.Context, orgID, personID, id string) error
}

// The sides a story can show.
const (
	SideManagement = "management"
	SideLeadership = "leadership"
)

// Story is one STAR story of a person's story bank: the side it shows, the
// situation (contexts and phase) it happened in, and why that situation
// called for that side.
type Story struct {
	OrgID      string
	ID         string
	PersonID   string
	Title      string
	Side       string
	Contexts   []string
	Phase      string
	Situation  string
	Task       string
	Action     string
	Result     string
	WhyContext string
	CreatedAt  time.Time
}

// Validate reports, as a fail.Invalid error naming each bad field, whether s
// is fit to store.
func (s *Story) Validate() error {
	if s == nil {
		return invalid("story", problems{"story": "is missing"})
	}
	p := problems{}
	p.required("org_id", s.OrgID)
	p.required("person_id", s.PersonID)
	p.required("title", s.Title)
	p.required("situation", s.Situation)
	p.required("action", s.Action)
	p.required("result", s.Result)
	if s.Side != SideManagement && s.Side != SideLeadership {
		p["side"] = "must be management or leadership"
	}
	for i, c := range s.Contexts {
		if strings.TrimSpace(c) == "" {
			p["contexts["+strconv.Itoa(i)+"]"] = "is blank"
		}
	}
	return invalid("story", p)
}

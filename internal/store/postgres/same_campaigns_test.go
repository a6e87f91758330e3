package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// campaignTranscript runs a scripted 360 campaign on s, in organisation
// orgID about the person, owned by the user, and records every result and
// error as transcript does.
func campaignTranscript(t *testing.T, s store.Store, orgID, personID, ownerID string) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	rec := func(step string, v any, err error) {
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %s: %s %v", step, fail.Code(err), fail.Message(err), fail.FieldsOf(err)))
			return
		}
		out = append(out, v)
	}
	c := &store.Campaign{OrgID: orgID, SubjectPersonID: personID, OwnerUserID: ownerID, Instrument: "core@1", Threshold: 3}
	self := &store.Rater{Email: "Subject@Example.com", TokenHash: "t-self"}
	rec("CreateCampaign", []any{c, self}, s.CreateCampaign(ctx, c, self))
	rec("CreateCampaign bad", nil, s.CreateCampaign(ctx, &store.Campaign{OrgID: orgID, SubjectPersonID: "nobody", Instrument: "core@1"}, nil))
	var raters []*store.Rater
	for i, g := range []string{store.GroupManager, store.GroupPeer, store.GroupPeer, store.GroupPeer, "boss", store.GroupPeer} {
		email := fmt.Sprintf("r%d@example.com", i)
		if i == 5 {
			email = "R1@EXAMPLE.com"
		}
		r := &store.Rater{OrgID: orgID, CampaignID: c.ID, Email: email, Group: g, TokenHash: fmt.Sprintf("t-%d", i)}
		err := s.AddRater(ctx, r)
		rec("AddRater "+email, r, err)
		if err == nil {
			raters = append(raters, r)
		}
	}
	list, err := s.Raters(ctx, orgID, c.ID)
	rec("Raters", list, err)
	rec("SetRaterToken", nil, s.SetRaterToken(ctx, orgID, c.ID, raters[0].ID, "t-0b"))
	r, rc, err := s.RaterByToken(ctx, orgID, "t-0b")
	rec("RaterByToken", []any{r, rc}, err)
	_, err = s.SetCampaignState(ctx, orgID, c.ID, store.CampaignClosed)
	rec("close a draft", nil, err)
	resp := &store.Response{OrgID: orgID, CampaignID: c.ID, RaterID: raters[0].ID, Answers: json.RawMessage(`{"m.focus.1":4}`), Comments: json.RawMessage(`{}`), Submitted: true}
	rec("SaveResponse in draft", nil, s.SaveResponse(ctx, resp))
	got, err := s.SetCampaignState(ctx, orgID, c.ID, store.CampaignOpen)
	rec("open", got, err)
	for i, r := range append([]*store.Rater{self}, raters...) {
		resp := &store.Response{OrgID: orgID, CampaignID: c.ID, RaterID: r.ID,
			Answers: json.RawMessage(fmt.Sprintf(`{"m.focus.1":%d}`, 1+i%5)), Comments: json.RawMessage(`{"leadership":"ok"}`), Submitted: i != 2}
		rec("SaveResponse", resp, s.SaveResponse(ctx, resp))
	}
	got, err = s.SetCampaignThresholds(ctx, orgID, c.ID, 3, 4)
	rec("lower the thresholds", got, err)
	got, err = s.SetCampaignThresholds(ctx, orgID, c.ID, 4, 6)
	rec("raise the thresholds", got, err)
	m := &store.Mail{OrgID: orgID, CampaignID: c.ID, RaterID: raters[1].ID, Kind: store.MailReminder, To: raters[1].Email, Subject: "Reminder", Body: "Go: " + store.LinkPlaceholder}
	rec("EnqueueMail", m, s.EnqueueMail(ctx, m))
	rec("MarkMailFailed", nil, s.MarkMailFailed(ctx, orgID, m.ID, "421 busy"))
	pending, err := s.PendingMail(ctx, 5)
	rec("PendingMail", pending, err)
	rec("MarkMailSent", nil, s.MarkMailSent(ctx, orgID, m.ID))
	mails, err := s.CampaignMail(ctx, orgID, c.ID)
	rec("CampaignMail", mails, err)
	sub, drafts, err := s.CountResponses(ctx, orgID, c.ID)
	rec("CountResponses", []int{sub, drafts}, err)
	_, _, err = s.ReportInput(ctx, orgID, c.ID)
	rec("ReportInput while open", nil, err)
	got, err = s.SetCampaignState(ctx, orgID, c.ID, store.CampaignClosed)
	rec("close", got, err)
	rc, responses, err := s.ReportInput(ctx, orgID, c.ID)
	rec("ReportInput", []any{rc, responses}, err)
	got, err = s.SetCampaignState(ctx, orgID, c.ID, store.CampaignReleased)
	rec("release", got, err)
	_, err = s.SetCampaignState(ctx, orgID, c.ID, store.CampaignOpen)
	rec("reopen", nil, err)
	rec("SaveResponse released", nil, s.SaveResponse(ctx, resp))
	campaigns, err := s.ListCampaigns(ctx, orgID)
	rec("ListCampaigns", campaigns, err)
	p, err := s.EnsurePerson(ctx, orgID, "New.Person@example.com", "")
	rec("EnsurePerson", p, err)
	p, err = s.EnsurePerson(ctx, orgID, "new.person@EXAMPLE.com", "Other")
	rec("EnsurePerson again", p, err)
	return out
}

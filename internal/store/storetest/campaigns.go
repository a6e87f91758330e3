package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/store"
)

// campaignTests are the contract of store.Campaigns.
var campaignTests = []struct {
	name string
	test func(t *testing.T, s store.Store)
}{
	{"CampaignLifecycle", testCampaignLifecycle},
	{"CampaignThresholds", testCampaignThresholds},
	{"CampaignRatersAndLinks", testCampaignRatersAndLinks},
	{"CampaignResponsesUpsert", testCampaignResponsesUpsert},
	{"CampaignResponsesOnlyWhileOpen", testCampaignResponsesOnlyWhileOpen},
	{"CampaignConcurrentResponsesAndClose", testCampaignConcurrentResponsesAndClose},
	{"CampaignOutbox", testCampaignOutbox},
	{"OutboxClaims", testOutboxClaims},
	{"CampaignTenantIsolation", testCampaignTenantIsolation},
	{"CampaignInvalidInputs", testCampaignInvalidInputs},
	{"EnsurePerson", testEnsurePerson},
}

// selfTokens numbers the self raters' token hashes, which must differ.
var selfTokens atomic.Int64

// MustCreateCampaign creates a draft campaign about the person, with a self
// rater, failing the test on error.
func MustCreateCampaign(tb testing.TB, s store.Store, orgID, subjectPersonID string) (*store.Campaign, *store.Rater) {
	tb.Helper()
	c := &store.Campaign{OrgID: orgID, SubjectPersonID: subjectPersonID, Instrument: "core@1"}
	self := &store.Rater{Email: "subject@example.com", TokenHash: fmt.Sprintf("h-self-%d", selfTokens.Add(1))}
	if err := s.CreateCampaign(context.Background(), c, self); err != nil {
		tb.Fatalf("CreateCampaign: %v", err)
	}
	return c, self
}

// MustAddRater adds a rater with the email, group and token hash, failing
// the test on error.
func MustAddRater(tb testing.TB, s store.Store, c *store.Campaign, email, group, hash string) *store.Rater {
	tb.Helper()
	r := &store.Rater{OrgID: c.OrgID, CampaignID: c.ID, Email: email, Group: group, TokenHash: hash}
	if err := s.AddRater(context.Background(), r); err != nil {
		tb.Fatalf("AddRater(%q): %v", email, err)
	}
	return r
}

// MustMoveCampaign moves the campaign to state, failing the test on error.
func MustMoveCampaign(tb testing.TB, s store.Store, c *store.Campaign, state string) *store.Campaign {
	tb.Helper()
	got, err := s.SetCampaignState(context.Background(), c.OrgID, c.ID, state)
	if err != nil {
		tb.Fatalf("SetCampaignState(%s): %v", state, err)
	}
	return got
}

// answersJSON is a response's answers for tests: one item rated v.
func answersJSON(v int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"m.focus.1":%d}`, v))
}

func saveResponse(s store.Store, c *store.Campaign, r *store.Rater, v int, submit bool) (*store.Response, error) {
	resp := &store.Response{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Answers: answersJSON(v),
		Comments: json.RawMessage(`{"management":"clear"}`), Submitted: submit}
	err := s.SaveResponse(context.Background(), resp)
	return resp, err
}

func testCampaignLifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, self := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	if c.ID == "" || c.State != store.CampaignDraft || c.Threshold != 3 || c.CommentThreshold != 5 || c.CreatedAt.IsZero() {
		t.Fatalf("new campaign = %+v, want a draft with thresholds 3 and 5", c)
	}
	if self.ID == "" || self.CampaignID != c.ID || self.Group != store.GroupSelf {
		t.Errorf("self rater = %+v", self)
	}
	got, err := s.Campaign(ctx, l.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != store.CampaignDraft || got.SubjectPersonID != l.PersonID || got.OwnerUserID != "" || !got.CreatedAt.Equal(c.CreatedAt) || !got.OpenedAt.IsZero() {
		t.Errorf("stored campaign = %+v", got)
	}

	wantMove := func(state, code string, wantIn ...string) {
		t.Helper()
		_, err := s.SetCampaignState(ctx, l.OrgID, c.ID, state)
		wantCode(t, err, code)
		for _, w := range wantIn {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("moving to %s: error %q does not say %q", state, err, w)
			}
		}
	}
	wantMove(store.CampaignClosed, fail.Conflict, "is draft", "only move to open")
	wantMove(store.CampaignReleased, fail.Conflict, "is draft")
	wantMove("archived", fail.Invalid)
	wantMove(store.CampaignDraft, fail.Invalid)

	open := MustMoveCampaign(t, s, c, store.CampaignOpen)
	if open.State != store.CampaignOpen || open.OpenedAt.IsZero() || !open.ClosedAt.IsZero() {
		t.Errorf("opened campaign = %+v", open)
	}
	wantMove(store.CampaignOpen, fail.Conflict, "is open")
	wantMove(store.CampaignReleased, fail.Conflict, "is open", "only move to closed")
	closed := MustMoveCampaign(t, s, c, store.CampaignClosed)
	if closed.State != store.CampaignClosed || closed.ClosedAt.IsZero() || !closed.OpenedAt.Equal(open.OpenedAt) {
		t.Errorf("closed campaign = %+v", closed)
	}
	wantMove(store.CampaignOpen, fail.Conflict, "is closed")
	released := MustMoveCampaign(t, s, c, store.CampaignReleased)
	if released.State != store.CampaignReleased || released.ReleasedAt.IsZero() {
		t.Errorf("released campaign = %+v", released)
	}
	// A released campaign never changes again: any move is gone for good.
	for _, state := range []string{store.CampaignOpen, store.CampaignClosed, store.CampaignReleased} {
		wantMove(state, fail.Gone, "released", "new campaign")
	}

	list, err := s.ListCampaigns(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	list, err = s.ListCampaigns(ctx, l.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != c2.ID || list[1].ID != c.ID || list[1].State != store.CampaignReleased {
		t.Errorf("ListCampaigns = %+v, want the new one first, then the released one", list)
	}
	_, err = s.Campaign(ctx, l.OrgID, "no-such-campaign")
	wantCode(t, err, fail.NotFound)
	_, err = s.SetCampaignState(ctx, l.OrgID, "no-such-campaign", store.CampaignOpen)
	wantCode(t, err, fail.NotFound)
}

func testCampaignThresholds(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	for _, tc := range []struct {
		th, cth int
		field   string
	}{{2, 0, "threshold"}, {1, 5, "threshold"}, {4, 3, "comment_threshold"}} {
		err := s.CreateCampaign(ctx, &store.Campaign{OrgID: l.OrgID, SubjectPersonID: l.PersonID, Instrument: "core@1", Threshold: tc.th, CommentThreshold: tc.cth}, nil)
		wantFields(t, err, fail.Invalid, tc.field)
	}
	c := &store.Campaign{OrgID: l.OrgID, SubjectPersonID: l.PersonID, Instrument: "core@1", Threshold: 6}
	if err := s.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if c.Threshold != 6 || c.CommentThreshold != 6 {
		t.Errorf("thresholds %d/%d, want 6/6: comments default to at least the anonymity threshold", c.Threshold, c.CommentThreshold)
	}
	// Before any response they may go down, never below the minimum.
	got, err := s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 3, 4)
	if err != nil || got.Threshold != 3 || got.CommentThreshold != 4 {
		t.Fatalf("SetCampaignThresholds(3, 4) = %+v, %v", got, err)
	}
	_, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 2, 4)
	wantFields(t, err, fail.Invalid, "threshold")
	_, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 5, 4)
	wantFields(t, err, fail.Invalid, "comment_threshold")

	r := MustAddRater(t, s, c, "pat@example.com", store.GroupPeer, "h-pat")
	MustMoveCampaign(t, s, c, store.CampaignOpen)
	if got, _ := s.Campaign(ctx, l.OrgID, c.ID); !got.ThresholdsLockedAt.IsZero() {
		t.Errorf("opening fixed the thresholds at %v; only a response does", got.ThresholdsLockedAt)
	}
	if _, err := s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 3, 3); err != nil {
		t.Errorf("lowering before the first response: %v", err)
	}
	// A saved draft is a response: it fixes them.
	if _, err := saveResponse(s, c, r, 4, false); err != nil {
		t.Fatal(err)
	}
	locked, _ := s.Campaign(ctx, l.OrgID, c.ID)
	if locked.ThresholdsLockedAt.IsZero() {
		t.Fatal("the first response did not fix the thresholds")
	}
	if _, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 3, 3); err != nil {
		t.Errorf("keeping the thresholds as they are: %v", err)
	}
	_, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 3, 2)
	wantFields(t, err, fail.Invalid, "comment_threshold")
	if _, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 4, 4); err != nil {
		t.Errorf("raising to 4/4: %v", err)
	}
	_, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 3, 4)
	wantFields(t, err, fail.Conflict, "threshold")
	if !strings.Contains(err.Error(), "raised but not lowered") {
		t.Errorf("lowering error %q does not say why", err)
	}
	if got, _ := s.Campaign(ctx, l.OrgID, c.ID); got.Threshold != 4 || got.CommentThreshold != 4 || !got.ThresholdsLockedAt.Equal(locked.ThresholdsLockedAt) {
		t.Errorf("after a refused lowering: %+v", got)
	}
	if _, err := s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 5, 7); err != nil {
		t.Errorf("raising: %v", err)
	}
	MustMoveCampaign(t, s, c, store.CampaignClosed)
	_, err = s.SetCampaignThresholds(ctx, l.OrgID, c.ID, 6, 7)
	wantCode(t, err, fail.Gone)
}

func testCampaignRatersAndLinks(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, self := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	m := MustAddRater(t, s, c, " Mia@Example.com ", store.GroupManager, "h-mia")
	if m.ID == "" || m.Email != "Mia@Example.com" || m.CreatedAt.IsZero() {
		t.Errorf("added rater = %+v", m)
	}
	p := MustAddRater(t, s, c, "pat@example.com", store.GroupPeer, "h-pat")

	err := s.AddRater(ctx, &store.Rater{OrgID: l.OrgID, CampaignID: c.ID, Email: "mia@EXAMPLE.com", Group: store.GroupPeer, TokenHash: "h-other"})
	wantFields(t, err, fail.Conflict, "email")
	err = s.AddRater(ctx, &store.Rater{OrgID: l.OrgID, CampaignID: c.ID, Email: "new@example.com", Group: store.GroupPeer, TokenHash: "h-pat"})
	wantCode(t, err, fail.Conflict)
	err = s.AddRater(ctx, &store.Rater{OrgID: l.OrgID, CampaignID: c.ID, Email: "x@example.com", Group: "boss", TokenHash: "h-x"})
	wantFields(t, err, fail.Invalid, "group")
	err = s.AddRater(ctx, &store.Rater{OrgID: l.OrgID, CampaignID: "no-such-campaign", Email: "x@example.com", Group: store.GroupPeer, TokenHash: "h-x"})
	wantCode(t, err, fail.NotFound)

	list, err := s.Raters(ctx, l.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range list {
		ids = append(ids, r.ID+"/"+r.Group)
	}
	if want := []string{self.ID + "/self", m.ID + "/manager", p.ID + "/peer"}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("Raters = %v, want %v", ids, want)
	}

	r, rc, err := s.RaterByToken(ctx, l.OrgID, "h-pat")
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != p.ID || r.Group != store.GroupPeer || rc.ID != c.ID || rc.State != store.CampaignDraft || rc.SubjectPersonID != l.PersonID {
		t.Errorf("RaterByToken = %+v, %+v", r, rc)
	}
	_, _, err = s.RaterByToken(ctx, l.OrgID, "h-nobody")
	wantCode(t, err, fail.NotFound)

	// A new link replaces the old one.
	if err := s.SetRaterToken(ctx, l.OrgID, c.ID, p.ID, "h-pat-2"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.RaterByToken(ctx, l.OrgID, "h-pat")
	wantCode(t, err, fail.NotFound)
	if r, _, err := s.RaterByToken(ctx, l.OrgID, "h-pat-2"); err != nil || r.ID != p.ID {
		t.Errorf("the new link finds %+v, %v", r, err)
	}
	wantCode(t, s.SetRaterToken(ctx, l.OrgID, c.ID, p.ID, "h-mia"), fail.Conflict)
	wantCode(t, s.SetRaterToken(ctx, l.OrgID, c.ID, "no-such-rater", "h-new"), fail.NotFound)

	// Raters may join while open; not after.
	MustMoveCampaign(t, s, c, store.CampaignOpen)
	MustAddRater(t, s, c, "late@example.com", store.GroupOther, "h-late")
	MustMoveCampaign(t, s, c, store.CampaignClosed)
	err = s.AddRater(ctx, &store.Rater{OrgID: l.OrgID, CampaignID: c.ID, Email: "later@example.com", Group: store.GroupOther, TokenHash: "h-later"})
	wantCode(t, err, fail.Gone)
	wantCode(t, s.SetRaterToken(ctx, l.OrgID, c.ID, p.ID, "h-pat-3"), fail.Gone)
	if _, rc, err := s.RaterByToken(ctx, l.OrgID, "h-pat-2"); err != nil || rc.State != store.CampaignClosed {
		t.Errorf("a closed campaign's link finds %+v, %v; want the closed campaign, so the caller can say it is closed", rc, err)
	}
}

func testCampaignResponsesUpsert(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	a := MustAddRater(t, s, c, "a@example.com", store.GroupPeer, "h-a")
	b := MustAddRater(t, s, c, "b@example.com", store.GroupPeer, "h-b")
	MustMoveCampaign(t, s, c, store.CampaignOpen)

	count := func(wantSubmitted, wantDrafts int) {
		t.Helper()
		sub, drafts, err := s.CountResponses(ctx, l.OrgID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if sub != wantSubmitted || drafts != wantDrafts {
			t.Errorf("CountResponses = %d submitted, %d drafts; want %d, %d", sub, drafts, wantSubmitted, wantDrafts)
		}
	}
	count(0, 0)
	saved, err := saveResponse(s, c, a, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Submitted || !saved.SubmittedAt.IsZero() || saved.UpdatedAt.IsZero() {
		t.Errorf("saved draft = %+v", saved)
	}
	count(0, 1)
	got, err := s.Response(ctx, l.OrgID, c.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Submitted || got.Group != store.GroupPeer || string(got.Answers) != string(answersJSON(2)) || string(got.Comments) != `{"management":"clear"}` {
		t.Errorf("stored draft = %+v", got)
	}
	// Submitting, then submitting again, updates the one response.
	sub, err := saveResponse(s, c, a, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Submitted || sub.SubmittedAt.IsZero() {
		t.Errorf("submitted = %+v", sub)
	}
	count(1, 0)
	if _, err := saveResponse(s, c, a, 5, true); err != nil {
		t.Fatal(err)
	}
	count(1, 0)
	// A save after submitting keeps the response submitted.
	again, err := saveResponse(s, c, a, 4, false)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Submitted {
		t.Error("saving after submitting turned the response back into a draft")
	}
	count(1, 0)
	got, _ = s.Response(ctx, l.OrgID, c.ID, a.ID)
	if string(got.Answers) != string(answersJSON(4)) || !got.Submitted {
		t.Errorf("after four saves the response is %s, submitted %v", got.Answers, got.Submitted)
	}
	_, err = s.Response(ctx, l.OrgID, c.ID, b.ID)
	wantCode(t, err, fail.NotFound)
	if _, err := saveResponse(s, c, b, 1, false); err != nil {
		t.Fatal(err)
	}
	count(1, 1)

	// Only submitted responses make the report, once closed.
	_, _, err = s.ReportInput(ctx, l.OrgID, c.ID)
	wantCode(t, err, fail.Conflict)
	MustMoveCampaign(t, s, c, store.CampaignClosed)
	rc, list, err := s.ReportInput(ctx, l.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rc.State != store.CampaignClosed || len(list) != 1 || list[0].RaterID != a.ID || list[0].Group != store.GroupPeer || string(list[0].Answers) != string(answersJSON(4)) {
		t.Errorf("ReportInput = %+v, %+v", rc, list)
	}
	MustMoveCampaign(t, s, c, store.CampaignReleased)
	if _, list, err := s.ReportInput(ctx, l.OrgID, c.ID); err != nil || len(list) != 1 {
		t.Errorf("a released campaign's report input: %d responses, %v", len(list), err)
	}
	_, _, err = s.ReportInput(ctx, l.OrgID, "no-such-campaign")
	wantCode(t, err, fail.NotFound)
}

func testCampaignResponsesOnlyWhileOpen(t *testing.T, s store.Store) {
	l := MustEnsureLocal(t, s)
	c, self := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	_, err := saveResponse(s, c, self, 3, true)
	wantCode(t, err, fail.Conflict)
	if !strings.Contains(err.Error(), "is draft") {
		t.Errorf("error %q does not name the state", err)
	}
	MustMoveCampaign(t, s, c, store.CampaignOpen)
	if _, err := saveResponse(s, c, self, 3, true); err != nil {
		t.Fatal(err)
	}
	resp := &store.Response{OrgID: c.OrgID, CampaignID: c.ID, RaterID: "no-such-rater", Answers: answersJSON(1), Comments: json.RawMessage(`{}`)}
	wantCode(t, s.SaveResponse(context.Background(), resp), fail.NotFound)
	MustMoveCampaign(t, s, c, store.CampaignClosed)
	_, err = saveResponse(s, c, self, 1, true)
	wantCode(t, err, fail.Gone)
	if !strings.Contains(err.Error(), "is closed") {
		t.Errorf("error %q does not name the state", err)
	}
	MustMoveCampaign(t, s, c, store.CampaignReleased)
	_, err = saveResponse(s, c, self, 1, false)
	wantCode(t, err, fail.Gone)
	got, _ := s.Response(context.Background(), l.OrgID, c.ID, self.ID)
	if string(got.Answers) != string(answersJSON(3)) {
		t.Errorf("a refused response changed the stored one to %s", got.Answers)
	}
}

// testCampaignConcurrentResponsesAndClose races raters against the close:
// every response the store acknowledged is in the report, and none it
// refused is.
func testCampaignConcurrentResponsesAndClose(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	const n = 40
	raters := make([]*store.Rater, n)
	for i := range raters {
		raters[i] = MustAddRater(t, s, c, fmt.Sprintf("r%d@example.com", i), store.GroupPeer, fmt.Sprintf("h-%d", i))
	}
	MustMoveCampaign(t, s, c, store.CampaignOpen)
	var wg sync.WaitGroup
	acked := make([]bool, n)
	errs := make([]error, n)
	for i, r := range raters {
		wg.Go(func() {
			if i == n/2 {
				if _, err := s.SetCampaignState(ctx, c.OrgID, c.ID, store.CampaignClosed); err != nil {
					errs[i] = fmt.Errorf("close: %w", err)
				}
			}
			_, err := saveResponse(s, c, r, 1+i%5, true)
			switch fail.Code(err) {
			case "":
				acked[i] = true
			case fail.Gone:
			default:
				errs[i] = err
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	_, list, err := s.ReportInput(ctx, l.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, r := range list {
		stored[r.RaterID] = true
	}
	want := 0
	for i, r := range raters {
		if acked[i] != stored[r.ID] {
			t.Errorf("rater %d: acknowledged %v, in the report %v", i, acked[i], stored[r.ID])
		}
		if acked[i] {
			want++
		}
	}
	if len(list) != want {
		t.Errorf("%d responses in the report, %d acknowledged", len(list), want)
	}
}

func testCampaignOutbox(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	a := MustAddRater(t, s, c, "a@example.com", store.GroupPeer, "h-a")
	b := MustAddRater(t, s, c, "b@example.com", store.GroupPeer, "h-b")
	mail := func(r *store.Rater, kind string) *store.Mail {
		m := &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Kind: kind, To: r.Email,
			Subject: "Feedback for Me", Body: "Answer here: " + store.LinkPlaceholder}
		if err := s.EnqueueMail(ctx, m); err != nil {
			t.Fatalf("EnqueueMail: %v", err)
		}
		return m
	}
	ma := mail(a, store.MailInvite)
	mb := mail(b, store.MailInvite)
	if ma.ID == "" || ma.CreatedAt.IsZero() {
		t.Errorf("enqueued = %+v", ma)
	}
	pending, err := s.PendingMail(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 || pending[0].ID != ma.ID || pending[1].ID != mb.ID || pending[0].Body != ma.Body || pending[0].To != "a@example.com" || !pending[0].SentAt.IsZero() {
		t.Fatalf("PendingMail = %+v", pending)
	}
	if got, _ := s.PendingMail(ctx, 1); len(got) != 1 {
		t.Errorf("PendingMail(1) gave %d", len(got))
	}
	if err := s.MarkMailSent(ctx, l.OrgID, ma.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.MarkMailSent(ctx, l.OrgID, ma.ID), fail.NotFound)
	for i := range store.MaxMailAttempts {
		if err := s.MarkMailFailed(ctx, l.OrgID, mb.ID, fmt.Sprintf("try %d: 451 try later", i)); err != nil {
			t.Fatal(err)
		}
		pending, _ = s.PendingMail(ctx, 10)
		if wantPending := i < store.MaxMailAttempts-1; (len(pending) == 1) != wantPending {
			t.Errorf("after %d failures, %d pending", i+1, len(pending))
		}
	}
	list, err := s.CampaignMail(ctx, l.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].SentAt.IsZero() || list[0].Attempts != 1 || list[1].Attempts != store.MaxMailAttempts ||
		!strings.Contains(list[1].LastError, "451") || !list[1].SentAt.IsZero() {
		t.Errorf("CampaignMail = %+v", list)
	}
	err = s.EnqueueMail(ctx, &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: "nobody", Kind: store.MailInvite, To: "x@example.com", Subject: "s", Body: "b"})
	wantFields(t, err, fail.Invalid, "rater_id")
	err = s.EnqueueMail(ctx, &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: a.ID, Kind: "spam", To: "x@example.com\r\nBcc: y@example.com", Subject: "s\nX: y", Body: ""})
	wantFields(t, err, fail.Invalid, "kind", "to", "subject", "body")
	_, err = s.PendingMail(ctx, 0)
	wantCode(t, err, fail.Invalid)
}

func testCampaignTenantIsolation(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	r := MustAddRater(t, s, c, "a@example.com", store.GroupPeer, "h-a")
	MustMoveCampaign(t, s, c, store.CampaignOpen)
	if _, err := saveResponse(s, c, r, 3, true); err != nil {
		t.Fatal(err)
	}
	mail := &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Kind: store.MailInvite, To: r.Email, Subject: "s", Body: "b"}
	if err := s.EnqueueMail(ctx, mail); err != nil {
		t.Fatal(err)
	}

	u := MustCreateUser(t, s, "bea@b.example", "Bea")
	org, _ := MustCreateOrganization(t, s, "org-b", u)
	b := org.ID

	_, err := s.Campaign(ctx, b, c.ID)
	wantCode(t, err, fail.NotFound)
	_, err = s.SetCampaignState(ctx, b, c.ID, store.CampaignClosed)
	wantCode(t, err, fail.NotFound)
	_, err = s.SetCampaignThresholds(ctx, b, c.ID, 9, 9)
	wantCode(t, err, fail.NotFound)
	_, _, err = s.ReportInput(ctx, b, c.ID)
	wantCode(t, err, fail.NotFound)
	_, _, err = s.RaterByToken(ctx, b, "h-a")
	wantCode(t, err, fail.NotFound)
	_, err = s.Response(ctx, b, c.ID, r.ID)
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.SetRaterToken(ctx, b, c.ID, r.ID, "h-stolen"), fail.NotFound)
	err = s.AddRater(ctx, &store.Rater{OrgID: b, CampaignID: c.ID, Email: "spy@b.example", Group: store.GroupPeer, TokenHash: "h-spy"})
	wantCode(t, err, fail.NotFound)
	err = s.SaveResponse(ctx, &store.Response{OrgID: b, CampaignID: c.ID, RaterID: r.ID, Answers: answersJSON(1), Comments: json.RawMessage(`{}`)})
	wantCode(t, err, fail.NotFound)
	wantCode(t, s.MarkMailSent(ctx, b, mail.ID), fail.NotFound)
	if list, err := s.ListCampaigns(ctx, b); err != nil || len(list) != 0 {
		t.Errorf("org B lists %d campaigns, %v", len(list), err)
	}
	if list, err := s.Raters(ctx, b, c.ID); err != nil || len(list) != 0 {
		t.Errorf("org B lists %d raters of org A's campaign, %v", len(list), err)
	}
	if list, err := s.CampaignMail(ctx, b, c.ID); err != nil || len(list) != 0 {
		t.Errorf("org B lists %d mails of org A's campaign, %v", len(list), err)
	}
	if sub, drafts, err := s.CountResponses(ctx, b, c.ID); err != nil || sub+drafts != 0 {
		t.Errorf("org B counts %d responses of org A's campaign, %v", sub+drafts, err)
	}
	// A campaign cannot be about another organisation's person.
	err = s.CreateCampaign(ctx, &store.Campaign{OrgID: b, SubjectPersonID: l.PersonID, Instrument: "core@1"}, nil)
	wantFields(t, err, fail.Invalid, "subject_person_id")
	// Org A's state is untouched.
	if got, _ := s.Campaign(ctx, l.OrgID, c.ID); got.State != store.CampaignOpen || got.Threshold != 3 {
		t.Errorf("org A's campaign after org B's attempts: %+v", got)
	}
	if got, _, err := s.RaterByToken(ctx, l.OrgID, "h-a"); err != nil || got.ID != r.ID {
		t.Errorf("org A's rater link after org B's attempts: %v", err)
	}
}

func testCampaignInvalidInputs(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	err := s.CreateCampaign(ctx, &store.Campaign{}, nil)
	wantFields(t, err, fail.Invalid, "org_id", "subject_person_id", "instrument")
	err = s.CreateCampaign(ctx, nil, nil)
	wantCode(t, err, fail.Invalid)
	err = s.CreateCampaign(ctx, &store.Campaign{OrgID: l.OrgID, SubjectPersonID: l.PersonID, Instrument: "core@1"}, &store.Rater{Email: "not an email"})
	wantFields(t, err, fail.Invalid, "email", "token_hash")
	if list, _ := s.ListCampaigns(ctx, l.OrgID); len(list) != 0 {
		t.Errorf("a refused campaign was stored: %+v", list)
	}
	err = s.CreateCampaign(ctx, &store.Campaign{OrgID: l.OrgID, SubjectPersonID: "nobody", Instrument: "core@1"}, nil)
	wantFields(t, err, fail.Invalid, "subject_person_id")
	err = s.CreateCampaign(ctx, &store.Campaign{OrgID: l.OrgID, SubjectPersonID: l.PersonID, OwnerUserID: "no-such-user", Instrument: "core@1"}, nil)
	wantFields(t, err, fail.Invalid, "owner_user_id")
	wantCode(t, s.AddRater(ctx, nil), fail.Invalid)
	err = s.AddRater(ctx, &store.Rater{})
	wantFields(t, err, fail.Invalid, "org_id", "campaign_id", "email", "token_hash", "group")
	err = s.SaveResponse(ctx, &store.Response{Answers: json.RawMessage(`{`)})
	wantFields(t, err, fail.Invalid, "org_id", "campaign_id", "rater_id", "answers", "comments")
	_, err = s.Campaign(ctx, "", "")
	wantFields(t, err, fail.Invalid, "org_id", "id")
	_, _, err = s.RaterByToken(ctx, l.OrgID, "")
	wantFields(t, err, fail.Invalid, "token_hash")
	_, err = s.SetCampaignState(ctx, l.OrgID, "", "")
	wantFields(t, err, fail.Invalid, "id", "state")
}

func testEnsurePerson(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	p, err := s.EnsurePerson(ctx, l.OrgID, " Sam@Example.com ", "")
	if err != nil {
		t.Fatal(err)
	}
	if p.ID == "" || p.Email != "Sam@Example.com" || p.Name != "Sam" || p.OrgID != l.OrgID {
		t.Errorf("EnsurePerson = %+v", p)
	}
	again, err := s.EnsurePerson(ctx, l.OrgID, "sam@example.com", "Samuel")
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != p.ID || again.Name != "Sam" {
		t.Errorf("the second EnsurePerson = %+v, want the first person %s unchanged", again, p.ID)
	}
	me, err := s.EnsurePerson(ctx, l.OrgID, store.LocalPersonEmail, "")
	if err != nil || me.ID != l.PersonID {
		t.Errorf("EnsurePerson(local email) = %+v, %v; want the local person", me, err)
	}
	_, err = s.EnsurePerson(ctx, l.OrgID, "nobody", "")
	wantFields(t, err, fail.Invalid, "email")
	_, err = s.EnsurePerson(ctx, "no-such-org", "a@example.com", "")
	wantCode(t, err, fail.NotFound)
}

// testOutboxClaims: senders sharing the database claim mails, and no mail is
// claimed twice while its claim is live, however the claims interleave; a
// lapsed claim lets the mail be claimed again, and sending or failing ends
// the claim.
func testOutboxClaims(t *testing.T, s store.Store) {
	ctx := context.Background()
	l := MustEnsureLocal(t, s)
	c, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	const n = 120
	want := map[string]bool{}
	for i := range n {
		r := MustAddRater(t, s, c, fmt.Sprintf("r%03d@example.com", i), store.GroupPeer, fmt.Sprintf("h-%03d", i))
		m := &store.Mail{OrgID: c.OrgID, CampaignID: c.ID, RaterID: r.ID, Kind: store.MailInvite, To: r.Email,
			Subject: "Feedback for Me", Body: "Answer here: " + store.LinkPlaceholder}
		if err := s.EnqueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		want[m.ID] = true
	}
	wantCode(t, func() error { _, err := s.ClaimMail(ctx, 0, time.Minute); return err }(), fail.Invalid)
	wantCode(t, func() error { _, err := s.ClaimMail(ctx, 10, 0); return err }(), fail.Invalid)

	// Four senders claim 7 at a time until nothing is left.
	var mu sync.Mutex
	claimedBy := map[string]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for sender := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.ClaimMail(ctx, 7, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, m := range got {
					if prev, dup := claimedBy[m.ID]; dup {
						mu.Unlock()
						errs <- fmt.Errorf("mail %s claimed by sender %d and again by sender %d", m.ID, prev, sender)
						return
					}
					claimedBy[m.ID] = sender
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(claimedBy) != n {
		t.Fatalf("%d of %d mails claimed", len(claimedBy), n)
	}
	for id := range claimedBy {
		if !want[id] {
			t.Fatalf("claimed a mail %s that was never enqueued", id)
		}
	}
	if got, err := s.ClaimMail(ctx, 10, time.Hour); err != nil || len(got) != 0 {
		t.Fatalf("with every claim live, ClaimMail gave %d mails (%v)", len(got), err)
	}

	// Sending ends a claim for good; failing ends it and leaves the mail
	// to be tried again.
	var sent, failed string
	for id := range claimedBy {
		if sent == "" {
			sent = id
		} else if failed == "" {
			failed = id
		}
	}
	if err := s.MarkMailSent(ctx, l.OrgID, sent); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkMailFailed(ctx, l.OrgID, failed, "451 try later"); err != nil {
		t.Fatal(err)
	}
	got, err := s.ClaimMail(ctx, 10, time.Hour)
	if err != nil || len(got) != 1 || got[0].ID != failed {
		t.Fatalf("after one failure, ClaimMail gave %+v (%v); want the failed mail %s alone", got, err, failed)
	}

	// A lapsed claim: claim a fresh campaign's mail for a nanosecond, which
	// has lapsed by the next call on any clock, and claim it again.
	c2, _ := MustCreateCampaign(t, s, l.OrgID, l.PersonID)
	r := MustAddRater(t, s, c2, "late@example.com", store.GroupPeer, "h-late")
	m := &store.Mail{OrgID: c2.OrgID, CampaignID: c2.ID, RaterID: r.ID, Kind: store.MailInvite, To: r.Email, Subject: "s", Body: "b " + store.LinkPlaceholder}
	if err := s.EnqueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ClaimMail(ctx, 10, time.Nanosecond); err != nil || len(got) != 1 || got[0].ID != m.ID {
		t.Fatalf("ClaimMail of the new mail gave %+v (%v)", got, err)
	}
	if got, err := s.ClaimMail(ctx, 10, time.Hour); err != nil || len(got) != 1 || got[0].ID != m.ID {
		t.Fatalf("after its claim lapsed, ClaimMail gave %+v (%v); want %s again", got, err, m.ID)
	}
}

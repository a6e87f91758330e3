package campaign_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/fail"
	"github.com/twohats/twohats/internal/framework"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/mail"
	"github.com/twohats/twohats/internal/mail/smtptest"
	"github.com/twohats/twohats/internal/store"
	"github.com/twohats/twohats/internal/store/sqlite"
)

var loadCatalog = sync.OnceValues(catalog.Load)

// env is a service on a fresh SQLite file, working in the local
// organisation about the local person.
type env struct {
	t   *testing.T
	svc *campaign.Service
	st  store.Store
	me  store.Local
}

func newEnv(t *testing.T, withMail bool) *env {
	t.Helper()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "twohats.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	me, err := st.EnsureLocal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: &campaign.Service{Store: st, Catalog: cat, Mail: withMail}, st: st, me: me}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := fail.Code(err); got != code {
		t.Fatalf("error code %q, want %q (error: %v)", got, code, err)
	}
}

// rate answers every capability item of a scale with the keyed value v
// (after reverse keying), so that each of its facets scores 25 × (v − 1).
func rate(m, l int) campaign.Answers {
	cat, _ := loadCatalog()
	sc, _ := cat.Scorer(instrument.Default)
	a := campaign.Answers{Answers: map[string]int{}}
	for _, it := range sc.Instrument().ItemsIn(instrument.Capability) {
		v := m
		if it.Scale == framework.Leadership {
			v = l
		}
		if it.Reverse {
			v = 6 - v
		}
		a.Answers[it.ID] = v
	}
	return a
}

func TestTokens(t *testing.T) {
	tok, hash, err := campaign.NewToken("0197a3c0-7b2a-7e51-9c3d-5f1a2b4c6d80")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^rt_0197a3c0-7b2a-7e51-9c3d-5f1a2b4c6d80_[A-Za-z0-9_-]{43}$`).MatchString(tok) {
		t.Errorf("token %q does not hold the organisation and 256 bits in base64url", tok)
	}
	if strings.Contains(hash, tok[len(tok)-43:]) || len(hash) != 64 {
		t.Errorf("hash %q is not a hex SHA-256 of the secret", hash)
	}
	org, h, ok := campaign.ParseToken(tok)
	if !ok || org != "0197a3c0-7b2a-7e51-9c3d-5f1a2b4c6d80" || h != hash {
		t.Errorf("ParseToken = %q, %q, %v", org, h, ok)
	}
	tok2, hash2, _ := campaign.NewToken("x")
	if tok2 == tok || hash2 == hash {
		t.Error("two tokens are the same")
	}
	for _, bad := range []string{"", "rt_", "th_org_" + strings.Repeat("a", 43), "rt__" + strings.Repeat("a", 43), "rt_org_short", "rt_org" + strings.Repeat("a", 44)} {
		if _, _, ok := campaign.ParseToken(bad); ok {
			t.Errorf("ParseToken(%q) accepted it", bad)
		}
	}
}

// TestCampaignFlow runs a campaign from creation to release through the
// service, as the web app and the CLI do.
func TestCampaignFlow(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	c, err := e.svc.Create(ctx, e.me.OrgID, e.me.PersonID, "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != store.CampaignDraft || c.Threshold != 3 || c.CommentThreshold != 5 || c.Instrument != instrument.Default {
		t.Fatalf("new campaign %+v", c)
	}
	_, err = e.svc.Create(ctx, e.me.OrgID, "nobody", "", 0, 0)
	wantCode(t, err, fail.Invalid)

	for _, g := range []string{"boss", "self", ""} {
		_, _, err := e.svc.AddRater(ctx, e.me.OrgID, c.ID, "x@example.com", g)
		wantCode(t, err, fail.Invalid)
		if _, ok := fail.FieldsOf(err)["group"]; !ok || !strings.Contains(err.Error(), "manager, peer, direct_report, other") {
			t.Errorf("group %q: error %v does not name the groups", g, err)
		}
	}
	groups := []string{store.GroupManager, store.GroupPeer, store.GroupPeer, store.GroupPeer, store.GroupDirectReport}
	for i, g := range groups {
		r, tok, err := e.svc.AddRater(ctx, e.me.OrgID, c.ID, "r"+string(rune('a'+i))+"@example.com", g)
		if err != nil {
			t.Fatal(err)
		}
		if r.TokenHash == "" || !strings.HasPrefix(tok, campaign.TokenPrefix) || strings.Contains(r.TokenHash, tok) {
			t.Errorf("rater %+v, token %q", r, tok)
		}
	}
	links, err := e.svc.Links(ctx, e.me.OrgID, c.ID, "http://127.0.0.1:8080/")
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 6 || links[0].Group != store.GroupSelf || links[0].Email != store.LocalPersonEmail {
		t.Fatalf("links %+v, want self first and then the five raters", links)
	}
	for _, l := range links {
		if l.URL != "http://127.0.0.1:8080/r/"+l.Token {
			t.Errorf("link %q for token %q", l.URL, l.Token)
		}
	}
	_, err = e.svc.Open(ctx, links[1].Token)
	wantCode(t, err, fail.Conflict)
	_, err = e.svc.Respond(ctx, links[1].Token, rate(3, 3), true)
	wantCode(t, err, fail.Conflict)

	if _, err := e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}
	self, err := e.svc.Open(ctx, links[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	peer, err := e.svc.Open(ctx, links[2].Token)
	if err != nil {
		t.Fatal(err)
	}
	if len(peer.Items) != 36 || len(peer.Items) > campaign.MaxItems || peer.Subject.ID != e.me.PersonID || peer.Submitted {
		t.Errorf("peer form: %d items, subject %s", len(peer.Items), peer.Subject.ID)
	}
	if !strings.HasPrefix(peer.Items[0].Text, "They ") || !strings.HasPrefix(self.Items[0].Text, "I ") {
		t.Errorf("wording: peer %q, self %q; want the observer's and the self wording", peer.Items[0].Text, self.Items[0].Text)
	}

	// Wrong answers are named one by one, and nothing is saved.
	bad := campaign.Answers{Answers: map[string]int{"m.focus.1": 6, "t.1": 1, "nope": 3}, Comments: map[string]string{"vision": "x", "management": strings.Repeat("é", campaign.MaxCommentRunes+1)}}
	_, err = e.svc.Respond(ctx, links[2].Token, bad, true)
	wantCode(t, err, fail.Invalid)
	for _, f := range []string{"answers.m.focus.1", "answers.t.1", "answers.nope", "comments.vision", "comments.management"} {
		if _, ok := fail.FieldsOf(err)[f]; !ok {
			t.Errorf("the error does not name %s: %v", f, err)
		}
	}
	if sub, drafts, _ := e.st.CountResponses(ctx, e.me.OrgID, c.ID); sub+drafts != 0 {
		t.Errorf("a refused response was stored")
	}

	// Save, come back, submit, submit again.
	partial := campaign.Answers{Answers: map[string]int{"m.focus.1": 2}, Comments: map[string]string{"leadership": "  Listens well.  "}}
	if _, err := e.svc.Respond(ctx, links[2].Token, partial, false); err != nil {
		t.Fatal(err)
	}
	back, err := e.svc.Open(ctx, links[2].Token)
	if err != nil {
		t.Fatal(err)
	}
	if back.Submitted || back.Saved.Answers["m.focus.1"] != 2 || back.Saved.Comments["leadership"] != "Listens well." {
		t.Errorf("coming back finds %+v, submitted %v", back.Saved, back.Submitted)
	}
	for i, l := range links {
		a := rate(2, 4)
		if i == 0 {
			a = rate(5, 5) // the subject thinks well of themselves
		}
		a.Comments = map[string]string{"management": "comment " + l.Group}
		if _, err := e.svc.Respond(ctx, l.Token, a, true); err != nil {
			t.Fatalf("respond %d: %v", i, err)
		}
	}
	if _, err := e.svc.Respond(ctx, links[2].Token, rate(2, 4), true); err != nil {
		t.Fatal(err)
	}
	if sub, drafts, _ := e.st.CountResponses(ctx, e.me.OrgID, c.ID); sub != 6 || drafts != 0 {
		t.Errorf("%d submitted, %d drafts; want 6 and 0: submitting twice updates", sub, drafts)
	}
	_, err = e.svc.Report(ctx, e.me.OrgID, c.ID)
	wantCode(t, err, fail.Conflict)

	if _, err := e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignClosed); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Open(ctx, links[1].Token)
	wantCode(t, err, fail.Gone)
	_, err = e.svc.Respond(ctx, links[1].Token, rate(1, 1), true)
	wantCode(t, err, fail.Gone)
	_, err = e.svc.Links(ctx, e.me.OrgID, c.ID, "http://x")
	wantCode(t, err, fail.Gone)

	rep, err := e.svc.Report(ctx, e.me.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := rep.Groups[store.GroupPeer]; g.N != 3 || !g.Shown {
		t.Errorf("peers %+v, want 3 shown", g)
	}
	if g := rep.Groups[store.GroupDirectReport]; g.N != 1 || g.Shown {
		t.Errorf("direct reports %+v, want 1 hidden", g)
	}
	if !slices.Contains(rep.BlindSpots, "management") || len(rep.HiddenStrengths) != 0 {
		t.Errorf("blind spots %v, hidden strengths %v; want management a blind spot", rep.BlindSpots, rep.HiddenStrengths)
	}
	// The development focus comes from the others' view: management (25
	// from the others) is weaker than leadership (75), whatever the self-view.
	if rep.Focus.Side != framework.Management || len(rep.Development) != 2 || rep.Development[0].Scale != framework.Management || rep.Development[0].Score != 25 {
		t.Errorf("development %+v, want management from the others' view", rep.Development)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"campaign", "groups", "facets", "scales", "blind_spots", "hidden_strengths", "comments", "thresholds", "development"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("the report JSON lacks %q: %s", k, b)
		}
	}
	if strings.Contains(string(b), "comment direct_report") || !strings.Contains(string(b), `"campaign":"`+c.ID+`"`) {
		t.Errorf("the report JSON shows a hidden group's comment or lacks the campaign id")
	}
	if _, err := e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignReleased); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignOpen)
	wantCode(t, err, fail.Gone)
	if _, err := e.svc.Report(ctx, e.me.OrgID, c.ID); err != nil {
		t.Errorf("the released report: %v", err)
	}
}

// Only hashes are stored, so a link cannot be shown twice: making links
// again replaces them, and the earlier ones stop working; saved answers stay.
func TestLinksReplaceEarlierOnes(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	c, _ := e.svc.Create(ctx, e.me.OrgID, e.me.PersonID, "", 0, 0)
	r, first, err := e.svc.AddRater(ctx, e.me.OrgID, c.ID, "pat@example.com", store.GroupPeer)
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignOpen)
	if _, err := e.svc.Respond(ctx, first, rate(3, 3), false); err != nil {
		t.Fatal(err)
	}
	links, err := e.svc.Links(ctx, e.me.OrgID, c.ID, "http://h", r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].Email != "pat@example.com" {
		t.Fatalf("links %+v, want pat's only", links)
	}
	_, err = e.svc.Open(ctx, first)
	wantCode(t, err, fail.NotFound)
	f, err := e.svc.Open(ctx, links[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Saved.Answers) != 36 {
		t.Errorf("the new link finds %d saved answers, want 36", len(f.Saved.Answers))
	}
	_, err = e.svc.Open(ctx, "rt_"+e.me.OrgID+"_"+strings.Repeat("A", 43))
	wantCode(t, err, fail.NotFound)
}

func TestParseAnswersFile(t *testing.T) {
	a, err := campaign.ParseAnswersFile([]byte(`{"instrument":"core@1","answers":{"m.focus.1":4,"l.focus.1":2}}`), "core@1")
	if err != nil || a.Answers["m.focus.1"] != 4 || len(a.Answers) != 2 {
		t.Errorf("ParseAnswersFile = %+v, %v", a, err)
	}
	for name, tc := range map[string]struct{ data, field string }{
		"other instrument": {`{"instrument":"core@9","answers":{}}`, "instrument"},
		"tendency answer":  {`{"instrument":"core@1","answers":{"t.1":"a"}}`, "answers.t.1"},
		"unknown field":    {`{"instrument":"core@1","answers":{},"extra":1}`, ""},
		"not JSON":         {`{`, ""},
	} {
		_, err := campaign.ParseAnswersFile([]byte(tc.data), "core@1")
		if fail.Code(err) != fail.Invalid {
			t.Errorf("%s: %v, want invalid", name, err)
			continue
		}
		if _, ok := fail.FieldsOf(err)[tc.field]; tc.field != "" && !ok {
			t.Errorf("%s: %v does not name %s", name, err, tc.field)
		}
	}
}

// With mail on, opening queues an invitation per rater; the sender puts a
// fresh link in each as it goes out through a real SMTP conversation, and
// the outbox never holds a token.
func TestInvitationsGoThroughTheOutbox(t *testing.T) {
	e := newEnv(t, true)
	ctx := context.Background()
	srv := smtptest.Start(t)
	srv.Reject("bounce@example.com")
	sender, err := mail.Parse(srv.URL("twohats@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := e.svc.Create(ctx, e.me.OrgID, e.me.PersonID, "", 0, 0)
	for _, r := range []struct{ email, group string }{{"mia@example.com", store.GroupManager}, {"pat@example.com", store.GroupPeer}, {"bounce@example.com", store.GroupPeer}} {
		if _, _, err := e.svc.AddRater(ctx, e.me.OrgID, c.ID, r.email, r.group); err != nil {
			t.Fatal(err)
		}
	}
	if list, _ := e.st.CampaignMail(ctx, e.me.OrgID, c.ID); len(list) != 0 {
		t.Errorf("%d mails queued for a draft campaign", len(list))
	}
	if _, err := e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}
	// A rater added while open is invited at once.
	if _, _, err := e.svc.AddRater(ctx, e.me.OrgID, c.ID, "late@example.com", store.GroupOther); err != nil {
		t.Fatal(err)
	}
	queued, _ := e.st.CampaignMail(ctx, e.me.OrgID, c.ID)
	if len(queued) != 5 {
		t.Fatalf("%d mails queued, want 5 (self and four raters)", len(queued))
	}
	for _, m := range queued {
		if strings.Contains(m.Body, campaign.TokenPrefix) || !strings.Contains(m.Body, store.LinkPlaceholder) {
			t.Errorf("the outbox holds %q; want a placeholder, never a token", m.Body)
		}
	}

	sent, err := e.svc.Drain(ctx, sender, "https://twohats.example", 100)
	if err != nil {
		t.Fatal(err)
	}
	if sent != 4 {
		t.Errorf("Drain sent %d, want 4 (one address bounces)", sent)
	}
	msgs := srv.Messages()
	if len(msgs) != 4 {
		t.Fatalf("the SMTP server got %d messages, want 4", len(msgs))
	}
	link := regexp.MustCompile(`https://twohats\.example/r/(rt_\S+)`)
	for _, m := range msgs {
		match := link.FindStringSubmatch(m.Body())
		if match == nil {
			t.Fatalf("mail to %v has no link:\n%s", m.To, m.Body())
		}
		f, err := e.svc.Open(ctx, match[1])
		if err != nil {
			t.Errorf("the link mailed to %v does not open the form: %v", m.To, err)
			continue
		}
		if f.Rater.Email != m.To[0] {
			t.Errorf("the link mailed to %v opens %s's form", m.To, f.Rater.Email)
		}
		if strings.Contains(m.Body(), store.LinkPlaceholder) {
			t.Errorf("the placeholder went out: %s", m.Body())
		}
	}
	after, _ := e.st.CampaignMail(ctx, e.me.OrgID, c.ID)
	for _, m := range after {
		switch {
		case m.To == "bounce@example.com":
			if !m.SentAt.IsZero() || m.Attempts != 1 || !strings.Contains(m.LastError, "550") {
				t.Errorf("the bounced mail: %+v", m)
			}
		case m.SentAt.IsZero():
			t.Errorf("mail to %s not marked sent", m.To)
		}
		if strings.Contains(m.Body, campaign.TokenPrefix) {
			t.Errorf("a token was stored in the outbox")
		}
	}

	// Reminders go to those who have not submitted.
	f, _ := e.svc.Open(ctx, link.FindStringSubmatch(msgs[1].Body())[1])
	if _, err := e.svc.Respond(ctx, link.FindStringSubmatch(msgs[1].Body())[1], rate(3, 3), true); err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.Remind(ctx, e.me.OrgID, c.ID)
	if err != nil || n != 4 {
		t.Errorf("Remind queued %d, %v; want 4 (all but %s)", n, err, f.Rater.Email)
	}
	if _, err := e.svc.Move(ctx, e.me.OrgID, c.ID, store.CampaignClosed); err != nil {
		t.Fatal(err)
	}
	// Mail for a closed campaign is not sent.
	before := len(srv.Messages())
	if sent, err := e.svc.Drain(ctx, sender, "https://twohats.example", 100); err != nil || sent != 0 {
		t.Errorf("Drain after close sent %d, %v", sent, err)
	}
	if len(srv.Messages()) != before {
		t.Error("mail went out for a closed campaign")
	}
	_, err = e.svc.Remind(ctx, e.me.OrgID, c.ID)
	wantCode(t, err, fail.Gone)

	noMail := &campaign.Service{Store: e.st, Catalog: e.svc.Catalog}
	_, err = noMail.Remind(ctx, e.me.OrgID, c.ID)
	wantCode(t, err, fail.Conflict)
}

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/mail/smtptest"
)

// TestServeMailsInvitations runs `twohats serve --smtp-url` against an SMTP
// server on loopback: opening a campaign through the API queues an
// invitation per rater, the server's sender delivers them with fresh links
// under --base-url, and each link opens its rater's form.
func TestServeMailsInvitations(t *testing.T) {
	smtp := smtptest.Start(t)
	smtp.RequireAuth("twohats", "secret-pass")
	db := filepath.Join(t.TempDir(), "twohats.db")
	s := startServer(t, db, "--smtp-url", smtp.URL("noreply@twohats.test"), "--base-url", "http://links.example", "--mail-every", "100ms")
	acct := signUp(t, s.base)
	call := func(method, path, body string) []byte {
		t.Helper()
		req, _ := http.NewRequest(method, s.base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+acct.token)
		res, err := acct.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %s\n%s", method, path, res.Status, b)
		}
		return b
	}
	var me struct {
		PersonID string `json:"person_id"`
	}
	json.Unmarshal(call(http.MethodGet, "/api/v1/me", ""), &me)
	var c struct{ ID string }
	json.Unmarshal(call(http.MethodPost, "/api/v1/campaigns", `{"subject_person_id":"`+me.PersonID+`"}`), &c)
	for _, r := range []string{`{"email":"mia@example.com","group":"manager"}`, `{"email":"pat@example.com","group":"peer"}`} {
		call(http.MethodPost, "/api/v1/campaigns/"+c.ID+"/raters", r)
	}
	if n := len(smtp.Messages()); n != 0 {
		t.Fatalf("%d mails before the campaign opened", n)
	}
	call(http.MethodPost, "/api/v1/campaigns/"+c.ID+"/state", `{"state":"open"}`)

	deadline := time.Now().Add(30 * time.Second)
	for len(smtp.Messages()) < 3 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	msgs := smtp.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d mails delivered, want 3 (the subject's and two raters')\n%s", len(msgs), s.logs)
	}
	link := regexp.MustCompile(`http://links\.example(/r/rt_\S+)`)
	for _, m := range msgs {
		if m.Auth != "twohats:secret-pass" || m.From != "noreply@twohats.test" {
			t.Errorf("mail to %v: from %q, auth %q", m.To, m.From, m.Auth)
		}
		match := link.FindStringSubmatch(m.Body())
		if match == nil {
			t.Fatalf("mail to %v has no link under --base-url:\n%s", m.To, m.Body())
		}
		if got := getStatus(t, http.DefaultClient, s.base+match[1], ""); got != http.StatusOK {
			t.Errorf("the link mailed to %v opens with %d", m.To, got)
		}
	}
	if strings.Contains(s.logs.String(), "secret-pass") || strings.Contains(s.logs.String(), "rt_") {
		t.Errorf("the server's log holds the SMTP password or a token:\n%s", s.logs)
	}
}

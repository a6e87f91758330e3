package mail

import (
	"context"
	"mime"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/mail/smtptest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url     string
		want    string // String()
		wantErr string
	}{
		{"smtp://mail.example.com?from=twohats@example.com", "smtp://mail.example.com:587?from=twohats%40example.com", ""},
		{"smtp://ann:s3cret@mail.example.com:2525?from=Two+Hats+%3Cth@example.com%3E", "smtp://ann@mail.example.com:2525?from=th%40example.com", ""},
		{"smtps://ann:s3cret@mail.example.com?from=th@example.com", "smtps://ann@mail.example.com:465?from=th%40example.com", ""},
		{"http://mail.example.com?from=a@b.c", "", "scheme"},
		{"smtp://ann:s3cret@?from=a@b.c", "", "no host"},
		{"smtp://ann:s3cret@mail.example.com", "", "no from address"},
		{"smtp://mail.example.com?from=nobody", "", "not an email address"},
		{"smtp://ann:s3cret@mail.example.com:99999?from=a@b.c", "", "not a port"},
		{"smtp://ann:s3cret@mail.example.com:%zz?from=a@b.c", "", "not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := Parse(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse error = %v, want one saying %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("the error repeats the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

// Send delivers through a real SMTP conversation on loopback, with PLAIN
// authentication, UTF-8 headers and a body whose leading dots survive.
func TestSendToSMTPServer(t *testing.T) {
	srv := smtptest.Start(t)
	srv.RequireAuth("twohats", "pa55word")
	s, err := Parse(srv.URL("noreply@twohats.test"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC) }
	body := "Hello Ann,\n\n.a line that starts with a dot\nhttp://127.0.0.1/r/rt_x_y\n"
	if err := s.Send(context.Background(), "Ann <ann@example.com>", "Your feedback for Zoë Müller", body); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "noreply@twohats.test" || len(m.To) != 1 || m.To[0] != "ann@example.com" || m.Auth != "twohats:pa55word" {
		t.Errorf("envelope from %q to %v auth %q", m.From, m.To, m.Auth)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(m.Header("Subject"))
	if err != nil || subject != "Your feedback for Zoë Müller" {
		t.Errorf("Subject %q decodes to %q, %v", m.Header("Subject"), subject, err)
	}
	for k, want := range map[string]string{"To": "ann@example.com", "From": "noreply@twohats.test", "Content-Type": "text/plain; charset=utf-8",
		"Date": "Mon, 04 May 2026 10:00:00 +0000"} {
		if got := m.Header(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if got := m.Body(); got != body {
		t.Errorf("body %q, want %q", got, body)
	}
}

func TestSendFailures(t *testing.T) {
	srv := smtptest.Start(t)
	srv.RequireAuth("twohats", "right")
	srv.Reject("gone@example.com")
	ctx := context.Background()

	good, _ := Parse(srv.URL("th@twohats.test"))
	err := good.Send(ctx, "gone@example.com", "Hi", "body")
	if err == nil || !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "gone@example.com") {
		t.Errorf("a refused recipient: %v, want an error with the server's 550", err)
	}
	wrong, _ := Parse(strings.Replace(srv.URL("th@twohats.test"), ":right@", ":wrong@", 1))
	err = wrong.Send(ctx, "ann@example.com", "Hi", "body")
	if err == nil || !strings.Contains(err.Error(), "535") || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong credentials: %v, want the server's 535 without the password", err)
	}
	if err := good.Send(ctx, "not an address", "Hi", "body"); err == nil {
		t.Error("sent to a malformed address")
	}
	if err := good.Send(ctx, "ann@example.com", "Hi\r\nBcc: eve@example.com", "body"); err == nil {
		t.Error("sent a subject with a line break")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages delivered by failed sends", n)
	}

	// Nothing listens: the error says where it tried.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	closed, _ := Parse("smtp://" + addr + "?from=th@twohats.test")
	closed.Timeout = 2 * time.Second
	if err := closed.Send(ctx, "ann@example.com", "Hi", "body"); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("no server: %v", err)
	}
}

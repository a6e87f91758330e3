// Package mail is twohats's SMTP adapter: it sends the outbox's plain-text
// invitations and reminders through a mail server named by a URL such as
// smtp://user:secret@mail.example.com:587?from=twohats@example.com.
//
// It uses net/smtp: STARTTLS whenever the server offers it, PLAIN
// authentication when the URL has a user (which net/smtp allows only over
// TLS or to a server on the same machine), and smtps:// for a server that
// speaks TLS from the first byte.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SMTP sends mail through one SMTP server.
type SMTP struct {
	host     string
	port     string
	user     string
	password string
	from     string
	// implicitTLS is smtps://: TLS from the first byte.
	implicitTLS bool
	// TLSConfig, if set, is used for STARTTLS and smtps:// (tests trust
	// their own certificate with it).
	TLSConfig *tls.Config
	// Timeout bounds one delivery, connection included; 0 means 30s.
	Timeout time.Duration
	// Now is the clock for the Date header; nil means time.Now.
	Now func() time.Time
}

// Parse reads an SMTP URL: smtp://[user[:password]@]host[:port]?from=ADDRESS,
// or smtps:// for implicit TLS. The port defaults to 587 for smtp:// and 465
// for smtps://; from is required. Errors never repeat the password.
func Parse(raw string) (*SMTP, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url's errors quote the URL, password and all.
		return nil, errors.New("the SMTP URL is not a URL; want smtp://user:password@host:port?from=address")
	}
	s := &SMTP{}
	switch u.Scheme {
	case "smtp":
		s.port = "587"
	case "smtps":
		s.port, s.implicitTLS = "465", true
	default:
		return nil, fmt.Errorf("the SMTP URL has scheme %q; want smtp:// or smtps://", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("the SMTP URL has no host; want smtp://user:password@host:port?from=address")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n <= 0 || n > 65535 {
			return nil, fmt.Errorf("the SMTP URL's port %q is not a port number", p)
		}
		s.port = p
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	from := u.Query().Get("from")
	if from == "" {
		return nil, errors.New("the SMTP URL has no from address; add ?from=twohats@your-domain")
	}
	addr, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("the SMTP URL's from address %q is not an email address", from)
	}
	s.from = addr.Address
	return s, nil
}

// String describes the server without its password, fit for a log.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.implicitTLS {
		scheme = "smtps"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(s.host, s.port), RawQuery: url.Values{"from": {s.from}}.Encode()}
	if s.user != "" {
		u.User = url.User(s.user)
	}
	return u.String()
}

// From is the address mail is sent from.
func (s *SMTP) From() string { return s.from }

// Send delivers one plain-text UTF-8 mail to one address.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("send mail: %q is not an email address", to)
	}
	if strings.ContainsAny(subject, "\r\n") {
		return errors.New("send mail: the subject holds a line break")
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addr := net.JoinHostPort(s.host, s.port)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("send mail: connect to %s: %w", addr, err)
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	if s.implicitTLS {
		conn = tls.Client(conn, s.tlsConfig())
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return fmt.Errorf("send mail: %s: %w", addr, err)
	}
	defer c.Close()
	if err := c.Hello(helloName()); err != nil {
		return fmt.Errorf("send mail: %s: %w", addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.implicitTLS {
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fmt.Errorf("send mail: %s: STARTTLS: %w", addr, err)
		}
	}
	if s.user != "" {
		if err := c.Auth(smtp.PlainAuth("", s.user, s.password, s.host)); err != nil {
			return fmt.Errorf("send mail: %s: authenticate as %s: %w", addr, s.user, err)
		}
	}
	if err := c.Mail(s.from); err != nil {
		return fmt.Errorf("send mail: %s: MAIL FROM: %w", addr, err)
	}
	if err := c.Rcpt(rcpt.Address); err != nil {
		return fmt.Errorf("send mail: %s: RCPT TO %s: %w", addr, rcpt.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("send mail: %s: DATA: %w", addr, err)
	}
	if _, err := w.Write(s.message(rcpt.Address, subject, body)); err != nil {
		return fmt.Errorf("send mail: %s: write the message: %w", addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("send mail: %s: end of message: %w", addr, err)
	}
	if err := c.Quit(); err != nil {
		// The server took the message; a failed goodbye loses nothing.
		return nil
	}
	return nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		cfg := s.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.host
		}
		return cfg
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

// message is the whole message: headers, a blank line and the body, with
// CRLF line ends; the DATA writer escapes leading dots.
func (s *SMTP) message(to, subject, body string) []byte {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", s.from)
	h("To", to)
	h("Subject", mime.QEncoding.Encode("utf-8", subject))
	h("Date", now().UTC().Format(time.RFC1123Z))
	h("Message-ID", fmt.Sprintf("<%d.%s>", now().UnixNano(), s.from))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	body = strings.ReplaceAll(body, "\r\n", "\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\r\n")
	}
	return []byte(b.String())
}

// helloName is the name twohats greets the server with.
func helloName() string { return "localhost" }

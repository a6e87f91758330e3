// Package smtptest runs a small SMTP server on 127.0.0.1 for tests: a real
// TCP listener that speaks enough SMTP (EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT) for net/smtp to deliver to it, and keeps what it was sent.
package smtptest

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Message is one delivered mail.
type Message struct {
	From string
	To   []string
	// Data is the message as sent, headers and body, with dot-stuffing
	// undone and CRLF line ends.
	Data string
	// Auth is the "user:password" the client authenticated with, if any.
	Auth string
}

// Server is a running test SMTP server.
type Server struct {
	// Addr is host:port on 127.0.0.1.
	Addr string

	ln net.Listener
	mu sync.Mutex
	// user and password, if user is set, are the only credentials the
	// server accepts; it then refuses mail from a client that has not
	// sent them.
	user, password string
	messages       []Message
	// rejectRcpt makes RCPT TO of these addresses fail with 550.
	rejectRcpt map[string]bool
	wg         sync.WaitGroup
}

// Start starts a server on a free port of 127.0.0.1 and stops it when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln, rejectRcpt: map[string]bool{}}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}

// RequireAuth makes the server accept mail only after AUTH PLAIN with
// these credentials.
func (s *Server) RequireAuth(user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.password = user, password
}

// URL is the smtp:// URL of the server, with its credentials if it has
// any, sending from from.
func (s *Server) URL(from string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	auth := ""
	if s.user != "" {
		auth = s.user + ":" + s.password + "@"
	}
	return "smtp://" + auth + s.Addr + "?from=" + from
}

// Reject makes the server refuse mail to the address with a permanent error.
func (s *Server) Reject(address string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejectRcpt[strings.ToLower(address)] = true
}

// Messages returns the mails delivered so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			s.session(textproto.NewConn(conn))
		}()
	}
}

// session speaks SMTP with one client until it quits or goes away.
func (s *Server) session(c *textproto.Conn) {
	reply := func(code int, msg string) bool { return c.PrintfLine("%d %s", code, msg) == nil }
	if !reply(220, "127.0.0.1 smtptest ready") {
		return
	}
	var m Message
	s.mu.Lock()
	user, password := s.user, s.password
	s.mu.Unlock()
	authed := user == ""
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			if err := c.PrintfLine("250-127.0.0.1 greets %s", arg); err != nil {
				return
			}
			if err := c.PrintfLine("250-8BITMIME"); err != nil {
				return
			}
			if !reply(250, "AUTH PLAIN") {
				return
			}
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") {
				reply(504, "unrecognised authentication type")
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 {
				reply(501, "malformed AUTH PLAIN")
				continue
			}
			if user != "" && (parts[1] != user || parts[2] != password) {
				reply(535, "authentication credentials invalid")
				continue
			}
			authed = true
			m.Auth = parts[1] + ":" + parts[2]
			reply(235, "authentication successful")
		case "MAIL":
			if !authed {
				reply(530, "authentication required")
				continue
			}
			m.From = address(arg)
			m.To = nil
			reply(250, "ok")
		case "RCPT":
			to := address(arg)
			s.mu.Lock()
			rejected := s.rejectRcpt[strings.ToLower(to)]
			s.mu.Unlock()
			if rejected {
				reply(550, fmt.Sprintf("mailbox %s unavailable", to))
				continue
			}
			m.To = append(m.To, to)
			reply(250, "ok")
		case "DATA":
			if m.From == "" || len(m.To) == 0 {
				reply(503, "need MAIL and RCPT first")
				continue
			}
			if !reply(354, "end data with <CR><LF>.<CR><LF>") {
				return
			}
			lines, err := c.ReadDotLines()
			if err != nil {
				return
			}
			m.Data = strings.Join(lines, "\r\n") + "\r\n"
			s.mu.Lock()
			s.messages = append(s.messages, m)
			s.mu.Unlock()
			m = Message{Auth: m.Auth}
			reply(250, "queued")
		case "RSET":
			m = Message{Auth: m.Auth}
			reply(250, "ok")
		case "NOOP":
			reply(250, "ok")
		case "QUIT":
			reply(221, "bye")
			return
		default:
			reply(502, "command not implemented")
		}
	}
}

// address takes the address out of "FROM:<a@b>" or "TO:<a@b> SIZE=1".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.Index(rest, ">"); strings.HasPrefix(rest, "<") && i > 0 {
		return rest[1:i]
	}
	addr, _, _ := strings.Cut(rest, " ")
	return addr
}

// Header returns the value of the named header of a delivered message.
func (m Message) Header(name string) string {
	r := textproto.NewReader(bufio.NewReader(strings.NewReader(m.Data)))
	h, err := r.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return ""
	}
	return h.Get(name)
}

// Body returns the body of a delivered message, after the blank line that
// ends the headers, with LF line ends.
func (m Message) Body() string {
	_, body, _ := strings.Cut(m.Data, "\r\n\r\n")
	return strings.ReplaceAll(body, "\r\n", "\n")
}

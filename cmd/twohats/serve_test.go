package main

import (
	"bufio"
	"bytes"
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the twohats binary once per test run.
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "twohats-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "twohats")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// server is a `twohats serve` process.
type server struct {
	cmd  *exec.Cmd
	base string
	done chan error
	logs *bytes.Buffer
}

// startServer runs `twohats serve` on a free loopback port and waits until
// it is ready.
func startServer(t *testing.T, db string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "TWOHATS_DB=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, done: make(chan error, 1), logs: &bytes.Buffer{}}
	addr := make(chan string, 1)
	var mu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			mu.Lock()
			s.logs.WriteString(line + "\n")
			mu.Unlock()
			if rest, ok := strings.CutPrefix(line, "twohats is serving on "); ok {
				addr <- rest
			}
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	select {
	case s.base = <-addr:
	case err := <-s.done:
		t.Fatalf("serve exited before serving: %v\n%s", err, s.logs)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start:\n%s", s.logs)
	}
	for i := 0; ; i++ {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if i > 200 {
			t.Fatalf("serve never became ready: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// account is a signed-up user with a cookie jar and an API token.
type account struct {
	client *http.Client
	token  string
}

func signUp(t *testing.T, base string) *account {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	email := fmt.Sprintf("p%d@example.com", rand.Int64())
	resp, err := c.PostForm(base+"/signup", url.Values{"email": {email}, "name": {"Pat"}, "password": {"a long enough password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		t.Fatalf("sign up: %s", resp.Status)
	}
	resp, err = c.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(`{"name":"test"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.Token == "" {
		t.Fatalf("create token: %s %v", resp.Status, err)
	}
	return &account{client: c, token: tok.Token}
}

func answersBodies(t *testing.T, n int) [][]byte {
	t.Helper()
	cat, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := cat.Scorer(instrument.Default)
	rng := rand.New(rand.NewPCG(4, 4))
	out := make([][]byte, n)
	for i := range out {
		out[i], _ = json.Marshal(sc.Decode(sc.Simulate(rng, profile.RandomTraits(rng))))
	}
	return out
}

// submit posts one assessment and returns its id, or "" if it was not
// acknowledged with a 2xx.
func submit(client *http.Client, base, token string, body []byte) string {
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/assessments", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return ""
	}
	var out struct{ ID string }
	if json.NewDecoder(resp.Body).Decode(&out) != nil {
		return ""
	}
	return out.ID
}

func getStatus(t *testing.T, client *http.Client, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestNoAcknowledgedSubmitIsLost kills the server with SIGKILL in the middle
// of a stream of submits, restarts it on the same file, and checks that
// every submit that got a 2xx reply is there.
func TestNoAcknowledgedSubmitIsLost(t *testing.T) {
	db := filepath.Join(t.TempDir(), "twohats.db")
	s := startServer(t, db)
	acct := signUp(t, s.base)
	bodies := answersBodies(t, 64)

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &http.Client{Timeout: 10 * time.Second}
			for i := w; ; i += 8 {
				select {
				case <-stop:
					return
				default:
				}
				if id := submit(c, s.base, acct.token, bodies[i%len(bodies)]); id != "" {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
				} else if s.cmd.ProcessState != nil {
					return
				}
			}
		}(w)
	}
	// Kill once a good number of submits is acknowledged, mid-stream.
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 300 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.done
	s.done <- nil // let the cleanup's wait return
	close(stop)
	wg.Wait()
	mu.Lock()
	ids := append([]string(nil), acked...)
	mu.Unlock()
	if len(ids) < 100 {
		t.Fatalf("only %d submits were acknowledged before the kill; the test needs a stream", len(ids))
	}

	s2 := startServer(t, db)
	c := &http.Client{Timeout: 10 * time.Second}
	missing := 0
	for _, id := range ids {
		if code := getStatus(t, c, s2.base+"/api/v1/assessments/"+id, acct.token); code != http.StatusOK {
			missing++
			t.Errorf("acknowledged assessment %s: GET answered %d after the restart", id, code)
		}
	}
	t.Logf("%d acknowledged submits before SIGKILL, %d missing after restart", len(ids), missing)
}

// TestGracefulShutdownFinishesInFlight sends SIGTERM while submits are in
// flight: /readyz turns 503 while the server drains, every request sent in
// flight or during the drain is answered in full, the process exits 0, and
// every acknowledged submit is stored.
func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	db := filepath.Join(t.TempDir(), "twohats.db")
	s := startServer(t, db, "--drain", "2s")
	acct := signUp(t, s.base)
	bodies := answersBodies(t, 16)
	var wg sync.WaitGroup
	ids := make([]string, 64)
	errs := make([]error, 64)
	for i := range ids {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// A fresh connection per request: each is either refused at
			// connect, once the listener is closed, or accepted and must
			// then be answered in full.
			c := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
			req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/assessments", bytes.NewReader(bodies[i%len(bodies)]))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+acct.token)
			resp, err := c.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			var out struct{ ID string }
			if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&out) != nil {
				errs[i] = fmt.Errorf("answered %s", resp.Status)
				return
			}
			ids[i] = out.ID
		}(i)
	}
	time.Sleep(20 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if code := getStatus(t, &http.Client{}, s.base+"/readyz", ""); code == http.StatusServiceUnavailable {
			break
		}
		if i > 100 {
			t.Fatal("/readyz never reported 503 while draining")
		}
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	if err := <-s.done; err != nil {
		t.Errorf("serve exited with %v after SIGTERM; want 0\n%s", err, s.logs)
	}
	for i, err := range errs {
		if err != nil {
			t.Errorf("request %d, sent before or during the drain, failed: %v", i, err)
		}
	}
	s.done <- nil
	s2 := startServer(t, db)
	c := &http.Client{Timeout: 10 * time.Second}
	n := 0
	for _, id := range ids {
		if id == "" {
			continue
		}
		n++
		if code := getStatus(t, c, s2.base+"/api/v1/assessments/"+id, acct.token); code != http.StatusOK {
			t.Errorf("acknowledged assessment %s is missing after a graceful shutdown (%d)", id, code)
		}
	}
	t.Logf("%d of %d in-flight submits were acknowledged and all are stored", n, len(ids))
}

// postgresURL returns the test PostgreSQL server's URL and a fresh schema in
// it for this test, dropped at the end. Under CI=true an unreachable server
// fails the test; elsewhere it skips.
func postgresURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TWOHATS_TEST_POSTGRES")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		msg := fmt.Sprintf("PostgreSQL at %s is not reachable (%v); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start", base, err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	b := make([]byte, 6)
	_, _ = crand.Read(b)
	schema := "t_serve_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
		db.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// TestTwoServersShareOneSession runs two `twohats serve` processes on one
// PostgreSQL database: a session started on one is valid on the other, and
// signing out on the second ends it on the first.
func TestTwoServersShareOneSession(t *testing.T) {
	pg := postgresURL(t)
	a := startServer(t, pg)
	b := startServer(t, pg)
	acct := signUp(t, a.base)

	// Point the same cookie at server b: the jar is per host:port.
	ua, _ := url.Parse(a.base)
	ub, _ := url.Parse(b.base)
	acct.client.Jar.SetCookies(ub, acct.client.Jar.Cookies(ua))

	for _, s := range []*server{a, b} {
		if code := getStatus(t, acct.client, s.base+"/api/v1/me", ""); code != http.StatusOK {
			t.Fatalf("GET /api/v1/me on %s with the session cookie: %d, want 200", s.base, code)
		}
	}
	id := submit(acct.client, a.base, acct.token, answersBodies(t, 1)[0])
	if id == "" {
		t.Fatal("submit on server a failed")
	}
	if code := getStatus(t, acct.client, b.base+"/api/v1/assessments/"+id, ""); code != http.StatusOK {
		t.Errorf("server b does not see server a's assessment through the shared session: %d", code)
	}
	resp, err := acct.client.PostForm(b.base+"/signout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	acct.client.Jar.SetCookies(ua, acct.client.Jar.Cookies(ub))
	if code := getStatus(t, acct.client, a.base+"/api/v1/me", ""); code != http.StatusUnauthorized {
		t.Errorf("after signing out on b, server a still accepts the session: %d", code)
	}
}

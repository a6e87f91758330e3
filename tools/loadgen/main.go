// Command loadgen measures a running twohats server on loopback: requests per
// second and latency percentiles of stored, durable assessment submits
// (POST /api/v1/assessments) against the same server's bare /healthz, in one
// run, so the figures can be read as a ratio that survives a noisy machine.
//
// It signs up a fresh account, creates an API token, then runs each phase
// with a fixed number of concurrent clients for a fixed time, and prints one
// JSON object per phase. Requests are bounded by the duration; it stops by
// itself.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/profile"
)

// Result is the outcome of one phase.
type Result struct {
	Phase       string  `json:"phase"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"per_second"`
	P50Millis   float64 `json:"p50_ms"`
	P99Millis   float64 `json:"p99_ms"`
	Concurrency int     `json:"concurrency"`
}

func main() {
	base := flag.String("base", "http://127.0.0.1:8080", "server base URL (loopback only)")
	dur := flag.Duration("duration", 10*time.Second, "how long each phase runs")
	conc := flag.Int("concurrency", 16, "concurrent clients")
	flag.Parse()
	if err := run(*base, *dur, *conc); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(base string, dur time.Duration, conc int) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if h := u.Hostname(); h != "127.0.0.1" && h != "localhost" && h != "::1" {
		return fmt.Errorf("refusing to load %s: loadgen only targets loopback", h)
	}
	token, err := setup(base)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	bodies, err := answerBodies(256)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc * 2}, Timeout: 30 * time.Second}
	healthz := func(context.Context, int) (*http.Request, error) {
		return http.NewRequest(http.MethodGet, base+"/healthz", nil)
	}
	submit := func(_ context.Context, i int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, base+"/api/v1/assessments", bytes.NewReader(bodies[i%len(bodies)]))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		return req, nil
	}
	enc := json.NewEncoder(os.Stdout)
	for _, ph := range []struct {
		name string
		make func(context.Context, int) (*http.Request, error)
		want int
	}{{"healthz", healthz, http.StatusOK}, {"submit", submit, http.StatusCreated}} {
		// A short warm-up fills connection pools and caches.
		_ = phase(client, ph.make, ph.want, conc, dur/10)
		res := phase(client, ph.make, ph.want, conc, dur)
		res.Phase = ph.name
		if err := enc.Encode(res); err != nil {
			return err
		}
	}
	return nil
}

// phase runs conc clients for d and measures every request.
func phase(client *http.Client, mk func(context.Context, int) (*http.Request, error), want, conc int, d time.Duration) Result {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < conc; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := c; ctx.Err() == nil; i += conc {
				req, err := mk(ctx, i)
				if err != nil {
					bad++
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					bad++
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					bad++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	return Result{Requests: len(lat), Errors: errs, Seconds: el, PerSecond: float64(len(lat)) / el,
		P50Millis: pct(0.50), P99Millis: pct(0.99), Concurrency: conc}
}

// setup signs up a fresh account and returns an API token for it.
func setup(base string) (string, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	email := fmt.Sprintf("load-%d@loadgen.example", time.Now().UnixNano())
	form := url.Values{"email": {email}, "name": {"Load Generator"}, "password": {"load-generator-password"}, "organization": {"Load"}}
	resp, err := c.PostForm(base+"/signup", form)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return "", fmt.Errorf("sign up: %s", resp.Status)
	}
	resp, err = c.Post(base+"/api/v1/tokens", "application/json", strings.NewReader(`{"name":"loadgen"}`))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("create a token: %s (%v)", resp.Status, err)
	}
	return out.Token, nil
}

// answerBodies makes n varied, valid answers documents.
func answerBodies(n int) ([][]byte, error) {
	cat, err := catalog.Load()
	if err != nil {
		return nil, err
	}
	sc, err := cat.Scorer(instrument.Default)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(9, 9))
	out := make([][]byte, n)
	for i := range out {
		b, err := json.Marshal(sc.Decode(sc.Simulate(rng, profile.RandomTraits(rng))))
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

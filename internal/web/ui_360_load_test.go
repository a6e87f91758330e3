package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twohats/twohats/internal/store"
)

// loadRaters is how many raters answer at once in the load test.
const loadRaters = 1000

// TestUI360LoadThousandRaters has 1,000 raters answer one campaign at the
// same moment, each over its own HTTP request on loopback, into a real
// SQLite file. No answer is lost: the responses stored are exactly those
// the server acknowledged with a 2xx, and with none refused, all 1,000.
func TestUI360LoadThousandRaters(t *testing.T) {
	st := newLoadStore(t)
	cat, err := apiCatalog()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Catalog: cat, RateLimit: 1e6, RateBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	u := &store.User{Email: "owner@load.example", Name: "Load Owner", PasswordHash: "x"}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	m, err := st.CreateOrganization(ctx, &store.Organization{Slug: "load", Name: "Load"}, u)
	if err != nil {
		t.Fatal(err)
	}
	svc := srv.campaigns()
	c, err := svc.Create(ctx, m.OrgID, m.PersonID, u.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	groups := []string{store.GroupPeer, store.GroupDirectReport, store.GroupOther}
	tokens := make([]string, loadRaters)
	for i := range tokens {
		_, tokens[i], err = svc.AddRater(ctx, m.OrgID, c.ID, fmt.Sprintf("rater%04d@load.example", i), groups[i%len(groups)])
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Move(ctx, m.OrgID, c.ID, store.CampaignOpen); err != nil {
		t.Fatal(err)
	}

	// A few different answer sheets, built once.
	items := capabilityItems(t, cat)
	var bodies [][]byte
	for v := 1; v <= 5; v++ {
		answers := map[string]int{}
		for _, it := range items {
			answers[it.ID] = keyedRating(it, v, 6-v)
		}
		bodies = append(bodies, []byte(mustJSON(t, map[string]any{"answers": answers, "comments": map[string]string{"management": fmt.Sprintf("sheet %d", v)}, "submit": true})))
	}

	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: loadRaters, MaxIdleConns: loadRaters}}
	defer client.CloseIdleConnections()
	var (
		acked    atomic.Int64
		mu       sync.Mutex
		refused  = map[string]int{}
		wg       sync.WaitGroup
		startGun = make(chan struct{})
	)
	for i, tok := range tokens {
		wg.Go(func() {
			<-startGun
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/api/v1/r/"+tok, bytes.NewReader(bodies[i%len(bodies)]))
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				mu.Lock()
				refused["error: "+err.Error()]++
				mu.Unlock()
				return
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 200 && res.StatusCode < 300 {
				acked.Add(1)
				return
			}
			mu.Lock()
			refused[fmt.Sprintf("%d %.120s", res.StatusCode, body)]++
			mu.Unlock()
		})
	}
	start := time.Now()
	close(startGun)
	wg.Wait()
	elapsed := time.Since(start)

	submitted, drafts, err := st.CountResponses(ctx, m.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if int64(submitted) != acked.Load() || drafts != 0 {
		t.Errorf("%d responses stored (%d drafts), %d acknowledged: an acknowledged answer was lost, or an unacknowledged one kept", submitted, drafts, acked.Load())
	}
	if acked.Load() != loadRaters {
		var why []string
		for k, n := range refused {
			why = append(why, fmt.Sprintf("%d × %s", n, k))
		}
		sort.Strings(why)
		t.Errorf("%d of %d answers acknowledged; refused: %v", acked.Load(), loadRaters, why)
	}
	t.Logf("%d raters answered concurrently in %v (%.0f answers/s); %d stored", loadRaters, elapsed.Round(time.Millisecond),
		float64(loadRaters)/elapsed.Seconds(), submitted)

	// The report counts each of them once.
	if _, err := svc.Move(ctx, m.OrgID, c.ID, store.CampaignClosed); err != nil {
		t.Fatal(err)
	}
	rep, err := svc.Report(ctx, m.OrgID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Groups["all_others"].N; n != submitted {
		t.Errorf("the report counts %d others, %d stored", n, submitted)
	}
}

package web

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestSWRSharesTheFirstBuildAndKeepsValuesCurrentForTTL(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	c := &swr[int]{ttl: time.Minute, quick: time.Hour, now: clk.now}
	var builds atomic.Int32
	release := make(chan struct{})
	build := func(context.Context) (int, error) {
		<-release
		return int(builds.Add(1)), nil
	}
	var wg sync.WaitGroup
	got := make([]int, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, _, err := c.get(context.Background(), "k", build)
			if err != nil {
				t.Error(err)
			}
			got[i] = v
		}()
	}
	time.Sleep(10 * time.Millisecond) // let the callers queue on the one build
	close(release)
	wg.Wait()
	for i, v := range got {
		if v != 1 {
			t.Fatalf("caller %d got %d, want the one shared build's 1", i, v)
		}
	}
	clk.add(59 * time.Second)
	if v, _, _ := c.get(context.Background(), "k", build); v != 1 || builds.Load() != 1 {
		t.Fatalf("within the ttl: got %d after %d builds, want 1 after 1", v, builds.Load())
	}
	// A quick build: the caller after the ttl waits for the new value.
	clk.add(2 * time.Second)
	if v, _, _ := c.get(context.Background(), "k", build); v != 2 {
		t.Fatalf("after the ttl, with quick builds: got %d, want the rebuilt 2", v)
	}
	// drop makes the value stale at once.
	c.drop("k")
	if v, _, _ := c.get(context.Background(), "k", build); v != 3 {
		t.Fatalf("after drop: got %d, want the rebuilt 3", v)
	}
	// Another key is built on its own.
	if v, _, _ := c.get(context.Background(), "other", build); v != 4 {
		t.Fatalf("another key: got %d, want 4", v)
	}
}

func TestSWRServesASlowValueStaleWhileOneRebuildRuns(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	c := &swr[int]{ttl: time.Minute, quick: 0, now: clk.now} // every build counts as slow
	var builds atomic.Int32
	gate := make(chan struct{}, 1)
	gate <- struct{}{} // the first build runs at once
	build := func(context.Context) (int, error) {
		<-gate
		time.Sleep(time.Millisecond)
		return int(builds.Add(1)), nil
	}
	v, at, err := c.get(context.Background(), "k", build)
	if err != nil || v != 1 {
		t.Fatalf("first get: %d, %v; want 1", v, err)
	}
	clk.add(2 * time.Minute)
	for range 5 {
		got, gotAt, err := c.get(context.Background(), "k", build)
		if err != nil || got != 1 || !gotAt.Equal(at) {
			t.Fatalf("stale gets while the rebuild is held: %d built %v (%v); want the last value 1 built %v", got, gotAt, err, at)
		}
	}
	c.mu.Lock()
	done := c.entries["k"].build
	c.mu.Unlock()
	if done == nil {
		t.Fatal("no rebuild is running after stale gets")
	}
	gate <- struct{}{}
	<-done
	if n := builds.Load(); n != 2 {
		t.Fatalf("%d builds, want 2: five stale gets start one rebuild", n)
	}
	if got, gotAt, _ := c.get(context.Background(), "k", build); got != 2 || !gotAt.Equal(clk.now()) {
		t.Fatalf("after the rebuild: %d built %v, want 2 built %v", got, gotAt, clk.now())
	}
}

func TestSWRErrorsAndCancelledCallers(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)}
	c := &swr[int]{ttl: time.Minute, quick: time.Hour, now: clk.now}
	broken := errors.New("store down")
	if _, _, err := c.get(context.Background(), "k", func(context.Context) (int, error) { return 0, broken }); !errors.Is(err, broken) {
		t.Fatalf("a failed first build: %v, want %v", err, broken)
	}
	// The next caller tries again.
	if v, _, err := c.get(context.Background(), "k", func(context.Context) (int, error) { return 7, nil }); err != nil || v != 7 {
		t.Fatalf("after a failed build: %d, %v; want 7", v, err)
	}
	// A caller who gives up does not stop the build: the next one gets it.
	clk.add(2 * time.Minute)
	release := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	slow := func(bctx context.Context) (int, error) {
		<-release
		return 8, bctx.Err()
	}
	if _, _, err := c.get(ctx, "k", slow); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled caller: %v, want context.Canceled", err)
	}
	close(release)
	c.mu.Lock()
	done := c.entries["k"].build
	c.mu.Unlock()
	if done != nil {
		<-done
	}
	if v, _, err := c.get(context.Background(), "k", slow); err != nil || v != 8 {
		t.Fatalf("after the cancelled caller's build finished: %d, %v; want 8", v, err)
	}
}

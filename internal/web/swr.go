package web

import (
	"context"
	"sync"
	"time"
)

// swr keeps values that are slow to build from the store, by key, in the
// manner of HTTP's stale-while-revalidate. A value is current for ttl after
// it was built and until drop. A caller who finds it stale waits for a
// rebuild only when the last build was quick (at most quick); otherwise it
// is given the stale value, with the time it was built, while one rebuild
// runs in the background. With no value yet, callers wait for the first
// build, which they share. So no caller waits for a slow build but the first.
type swr[V any] struct {
	ttl, quick time.Duration
	now        func() time.Time

	mu      sync.Mutex
	entries map[string]*swrEntry[V]
}

// swrEntry is one key's state.
type swrEntry[V any] struct {
	v     V
	have  bool          // v has been built at least once
	built time.Time     // when v was built (by now)
	took  time.Duration // how long building v took
	stale bool          // dropped since v was built
	build chan struct{} // closed when the running build ends; nil when none runs
	err   error         // the last build's error
}

// drop marks the key's value out of date: the next get rebuilds it.
func (c *swr[V]) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil {
		e.stale = true
	}
}

// get returns the key's value and when it was built, building it with build
// as the type's doc says. build runs with a context that outlives the
// caller's request (a viewer who leaves does not waste the work for the
// next one), for at most five minutes.
func (c *swr[V]) get(ctx context.Context, key string, build func(context.Context) (V, error)) (V, time.Time, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*swrEntry[V]{}
	}
	e := c.entries[key]
	if e == nil {
		e = &swrEntry[V]{}
		c.entries[key] = e
	}
	if e.have && !e.stale && c.now().Sub(e.built) < c.ttl {
		defer c.mu.Unlock()
		return e.v, e.built, nil
	}
	if e.build == nil {
		done := make(chan struct{})
		e.build, e.stale = done, false
		bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		go func() {
			defer cancel()
			start, at := time.Now(), c.now()
			v, err := build(bctx)
			c.mu.Lock()
			if err == nil {
				e.v, e.have, e.built, e.took = v, true, at, time.Since(start)
			}
			e.err, e.build = err, nil
			c.mu.Unlock()
			close(done)
		}()
	}
	if e.have && e.took > c.quick {
		defer c.mu.Unlock()
		return e.v, e.built, nil
	}
	done := e.build
	c.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		var zero V
		return zero, time.Time{}, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.err != nil && (!e.have || e.took <= c.quick) {
		var zero V
		return zero, time.Time{}, e.err
	}
	return e.v, e.built, nil
}

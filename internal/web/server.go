// Package web is twohats's HTTP adapter: the server-rendered web app and the
// JSON API under /api/v1. It translates between HTTP and the core packages; it
// decides nothing about scoring, and every store call it makes names the
// organisation of the person asking.
package web

import (
	"log/slog"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/norms"
	"github.com/twohats/twohats/internal/store"
)

// Config is what the server needs from the outside world.
type Config struct {
	Store   store.Store
	Catalog *catalog.Catalog
	Logger  *slog.Logger
	// Now is the clock; tests fix it.
	Now func() time.Time
	// SecureCookies marks cookies Secure even when the request did not
	// arrive over TLS (behind a TLS-terminating proxy).
	SecureCookies bool
	// TrustedOrigins are extra origins allowed to make state-changing
	// cross-origin requests, such as "https://app.example.com".
	TrustedOrigins []string
	// RateLimit is how many requests per second one client may make to a
	// rate-limited route, with a burst of RateBurst. Zero means the
	// defaults (5/s, burst 20).
	RateLimit float64
	RateBurst int
	// MaxBodyBytes limits request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// SessionTTL is how long a sign-in lasts; 0 means 30 days.
	SessionTTL time.Duration
	// Ready reports whether the server should take traffic (for /readyz);
	// nil means ready whenever the store answers.
	Ready func() bool
	// Mail says whether a sender delivers the outbox: then 360 invitations
	// and reminders are mailed; otherwise a campaign's owner copies the
	// raters' links.
	Mail bool
	// BaseURL is the address the app is reached at, such as
	// "https://twohats.example.com", that rater links start with; empty
	// means the address each request came to.
	BaseURL string
}

// Route is one registered route, as the router knows it. The tenant-isolation
// test enumerates these, so a new route cannot escape it.
type Route struct {
	Method  string
	Pattern string
	// Kind says how the route is reached: "page" (HTML), "api" (JSON), or
	// "asset" and "ops" (no tenant data).
	Kind string
	// Auth says whether the route needs a signed-in user or a token.
	Auth bool
}

// Server is the twohats HTTP server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	api     huma.API

	mu     sync.Mutex
	routes []Route

	limits *limiter
	// boards keeps each organisation's planned team dashboards; norms each
	// organisation's norm groups of each instrument version.
	boards swr[*board]
	norms  swr[*norms.Groups]
	// pageError renders an error as an HTML page; the pages set it, so that
	// middleware answers a browser with a page rather than JSON.
	pageError func(http.ResponseWriter, *http.Request, error)
}

// New builds the server and registers every route.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit, cfg.RateBurst = 5, 20
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 30 * 24 * time.Hour
	}
	s := &Server{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux()}
	s.limits = newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.Now)
	s.boards.ttl, s.boards.quick, s.boards.now = boardTTL, syncBuild, cfg.Now
	s.norms.ttl, s.norms.quick, s.norms.now = normsTTL, syncBuild, cfg.Now
	if err := s.routesSetup(); err != nil {
		return nil, err
	}
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP serves a request through the middleware chain.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every registered route, sorted by pattern then method.
func (s *Server) Routes() []Route {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]Route(nil), s.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// record notes a route in the registry.
func (s *Server) record(rt Route) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes = append(s.routes, rt)
}

// handle registers a plain (non-API) route. pattern is a Go 1.22 ServeMux
// pattern with its method, such as "GET /profiles/{id}".
func (s *Server) handle(method, path, kind string, auth bool, h http.Handler) {
	s.record(Route{Method: method, Pattern: path, Kind: kind, Auth: auth})
	if auth {
		h = s.requireUser(h)
	}
	s.mux.Handle(method+" "+path, h)
}

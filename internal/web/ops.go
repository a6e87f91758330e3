package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
)

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }

// handleHealthz answers as long as the process serves HTTP.
func (s *Server) handleHealthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
}

// handleReadyz answers 200 when the server should take traffic: the store
// answers and the server is not shutting down.
func (s *Server) handleReadyz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if s.cfg.Ready != nil && !s.cfg.Ready() {
			writeProblemStatus(w, r, http.StatusServiceUnavailable, "shutting down")
			return
		}
		if err := s.cfg.Store.Ping(ctx); err != nil {
			s.log.ErrorContext(ctx, "readyz: store", "err", err)
			writeProblemStatus(w, r, http.StatusServiceUnavailable, "the database does not answer")
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ready\n")
	})
}

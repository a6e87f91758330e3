package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"

	"github.com/twohats/twohats/internal/demo"
	"github.com/twohats/twohats/internal/instrument"
	"github.com/twohats/twohats/internal/web"
)

func newServeCmd(e *env) *cobra.Command {
	var (
		addr          string
		loadDemo      bool
		secureCookies bool
		logFormat     string
		grace         time.Duration
		drain         time.Duration
		mf            mailFlags
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web app and the JSON API",
		Long: `Run the web app and the JSON API on --addr. The database is the embedded SQLite
file by default; --db postgres://... uses PostgreSQL, which several serve
processes can share. --demo loads a demonstration organisation first.

360-degree feedback invitations and reminders are mailed through --smtp-url
(or TWOHATS_SMTP_URL), such as smtp://user:password@mail.example.com:587?from=twohats@example.com,
with links under --base-url (or TWOHATS_BASE_URL). Without SMTP a campaign's
owner copies the raters' links from its page.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// A server's heap is small and short-lived per request: trade
			// some memory for less collector time, unless GOGC says otherwise.
			if e.getenv("GOGC") == "" {
				debug.SetGCPercent(400)
			}
			log, err := newLogger(e, logFormat)
			if err != nil {
				return err
			}
			db, err := e.openStore(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			if loadDemo {
				sc, err := e.cat.Scorer(instrument.Default)
				if err != nil {
					return err
				}
				res, err := demo.Load(ctx, db, sc, 1)
				if err != nil {
					return fmt.Errorf("load the demo: %w", err)
				}
				log.Info("demo organisation ready", "people", res.People, "assessments", res.Assessments, "already_loaded", res.Existed,
					"sign_in", demo.OwnerEmail+" / "+demo.CoachEmail+" / "+demo.MemberEmail, "password", demo.Password)
			}
			smtp, err := mf.sender(e)
			if err != nil {
				return err
			}
			baseURL, err := mf.base(e)
			if err != nil {
				return err
			}
			var draining atomic.Bool
			srv, err := web.New(web.Config{
				Store: db, Catalog: e.cat, Logger: log, SecureCookies: secureCookies,
				Ready: func() bool { return !draining.Load() },
				Mail:  smtp != nil, BaseURL: baseURL,
			})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError{fmt.Errorf("listen on %s: %w", addr, err)}
			}
			hs := &http.Server{
				Handler:           srv,
				ReadHeaderTimeout: 5 * time.Second,
				ReadTimeout:       30 * time.Second,
				WriteTimeout:      60 * time.Second,
				IdleTimeout:       120 * time.Second,
				ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
				BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
			}
			// The sender stops, and is waited for, before the store closes.
			senderCtx, stopSender := context.WithCancel(ctx)
			senderDone := make(chan struct{})
			defer func() { stopSender(); <-senderDone }()
			if smtp != nil {
				links := baseURL
				if links == "" {
					links = "http://" + ln.Addr().String()
				}
				log.Info("mailing 360 invitations", "smtp", smtp.String(), "links", links)
				go func() { defer close(senderDone); runSender(senderCtx, db, e.cat, smtp, links, mf.every, log) }()
			} else {
				close(senderDone)
			}
			fmt.Fprintf(e.stderr, "twohats is serving on http://%s\n", ln.Addr())
			log.Info("serving", "addr", ln.Addr().String())

			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			// Graceful shutdown: report not ready and keep serving for the
			// drain period, so a load balancer polling /readyz stops sending
			// traffic before the listener closes; then stop accepting and
			// let in-flight requests finish within the grace period.
			draining.Store(true)
			log.Info("draining", "drain", drain.String())
			time.Sleep(drain)
			log.Info("shutting down", "grace", grace.String())
			sctx, cancel := context.WithTimeout(context.Background(), grace)
			defer cancel()
			if err := hs.Shutdown(sctx); err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			log.Info("stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().BoolVar(&loadDemo, "demo", false, "load a demonstration organisation with people and assessments")
	cmd.Flags().BoolVar(&secureCookies, "secure-cookies", false, "mark cookies Secure (set it behind a TLS-terminating proxy)")
	cmd.Flags().StringVar(&logFormat, "log-format", "text", "log format: text or json")
	cmd.Flags().DurationVar(&grace, "grace", 15*time.Second, "how long in-flight requests may take to finish on shutdown")
	cmd.Flags().DurationVar(&drain, "drain", time.Second, "on shutdown, how long to keep serving while /readyz says not ready")
	cmd.Flags().StringVar(&mf.smtpURL, "smtp-url", "", "SMTP server for 360 invitations, as smtp://user:password@host:port?from=address (default $TWOHATS_SMTP_URL)")
	cmd.Flags().StringVar(&mf.baseURL, "base-url", "", "the address people reach the app at, for rater links (default $TWOHATS_BASE_URL, else each request's address)")
	cmd.Flags().DurationVar(&mf.every, "mail-every", 10*time.Second, "how often the outbox is sent")
	return cmd
}

// newLogger makes the structured logger of the server, writing to stderr.
func newLogger(e *env, format string) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	}
	return nil, usageError{fmt.Errorf("unknown --log-format %q; want text or json", format)}
}

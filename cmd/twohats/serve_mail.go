package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/twohats/twohats/internal/campaign"
	"github.com/twohats/twohats/internal/catalog"
	"github.com/twohats/twohats/internal/mail"
	"github.com/twohats/twohats/internal/store"
)

// mailFlags configure the 360 outbox's sender.
type mailFlags struct {
	smtpURL string
	baseURL string
	every   time.Duration
}

// sender parses --smtp-url (or TWOHATS_SMTP_URL): nil when neither is set.
func (f *mailFlags) sender(e *env) (*mail.SMTP, error) {
	raw := f.smtpURL
	if raw == "" {
		raw = e.getenv("TWOHATS_SMTP_URL")
	}
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	s, err := mail.Parse(raw)
	if err != nil {
		return nil, usageError{fmt.Errorf("--smtp-url: %w", err)}
	}
	return s, nil
}

// base is the address rater links start with: --base-url, else
// TWOHATS_BASE_URL, else "" (each request's own address).
func (f *mailFlags) base(e *env) (string, error) {
	b := f.baseURL
	if b == "" {
		b = e.getenv("TWOHATS_BASE_URL")
	}
	if b == "" {
		return "", nil
	}
	if !strings.HasPrefix(b, "http://") && !strings.HasPrefix(b, "https://") {
		return "", usageError{fmt.Errorf("--base-url %q must start with http:// or https://", b)}
	}
	return strings.TrimRight(b, "/"), nil
}

// runSender drains the outbox through the SMTP server every interval until
// ctx ends, logging what it sent and any failure; a mail that fails is
// tried again on a later round.
func runSender(ctx context.Context, db store.Store, cat *catalog.Catalog, s *mail.SMTP, baseURL string, every time.Duration, log *slog.Logger) {
	svc := &campaign.Service{Store: db, Catalog: cat, Mail: true}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		sent, err := svc.Drain(ctx, s, baseURL, 100)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("outbox", "err", err)
		case sent > 0:
			log.Info("outbox", "sent", sent)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

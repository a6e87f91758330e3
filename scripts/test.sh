#!/usr/bin/env bash
# Runs the whole twohats test suite on a fresh machine: installs what the tests
# need (Chromium for the page tests, tmux for the terminal tests, R and psych
# for the psychometrics comparison), makes sure
# PostgreSQL is up, then vets and tests every package. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} ..."
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# R and psych: internal/psychometrics checks every figure against psych::alpha,
# and under CI=true fails, not skips, without them. Only what psych needs, not
# R's recommended bundle.
if ! { command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages(library(psych))' >/dev/null 2>&1; }; then
  echo "installing r-base-core r-cran-psych ..."
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends r-base-core r-cran-psych >/dev/null
fi

# axe-core for the accessibility scans, pinned in tools/axe/package-lock.json.
if [ ! -f tools/axe/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is needed to install axe-core for the accessibility tests" >&2; exit 1; }
  npm ci --prefix tools/axe --no-audit --no-fund >/dev/null
fi

# PostgreSQL: the store contract suite runs against it as well as SQLite.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  fi
fi
# The PostgreSQL tests make, and drop, a schema per test in the database that
# TWOHATS_TEST_POSTGRES names; by default "test", as postgres on 127.0.0.1.
if [ -z "${TWOHATS_TEST_POSTGRES:-}" ] && command -v psql >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" 2>/dev/null | grep -q 1 ||
    createdb -h 127.0.0.1 -U postgres test || true
fi

go vet ./...
go test -count=1 "$@" ./...

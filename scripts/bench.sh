#!/usr/bin/env bash
# Measures twohats's benchmarks and writes BENCHMARKS.md. Every figure is set
# against a baseline measured in the same run on the same machine, because
# machines here are shared and noisy: a ratio survives noise that an absolute
# number does not. Usage: scripts/bench.sh [count]   (default 5 runs each)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5}
out=BENCHMARKS.md
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT
srv=""

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
machine="${cpu:-unknown CPU}, $(nproc) cores, $(free -g 2>/dev/null | awk '/^Mem:/{print $2" GiB"}'), $(go version | awk '{print $3}'), $(uname -sm)"

# Scoring: one core, in process. Baseline: reading and summing every answer
# slot of the same responses.
go test -run '^$' -bench '^(BenchmarkScore|BenchmarkBaselineSum)$' -benchmem -cpu 1 -count "$count" ./internal/profile/ | tee "$raw"

median() { # median ns/op of benchmark $1 in $raw
  awk -v name="$1" '$1 == name || $1 ~ "^"name"-[0-9]+$" { for (i = 2; i <= NF; i++) if ($(i+1) == "ns/op") print $i }' "$raw" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'
}
score=$(median BenchmarkScore)
base=$(median BenchmarkBaselineSum)
per_sec=$(awk -v ns="$score" 'BEGIN { printf "%.0f", 1e9 / ns }')
ratio=$(awk -v a="$score" -v b="$base" 'BEGIN { printf "%.1f", a / b }')
verdict=$(awk -v r="$per_sec" 'BEGIN { print (r >= 1000000) ? "meets" : "MISSES" }')

cat > "$out" <<MD
# Benchmarks

Written by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d). Machine: $machine.
Each figure is the median of $count runs, set against a baseline measured in the same run.

## Scoring (issue: Core)

Scoring one complete core@1 assessment (58 items: capability, tendency and scenarios) into a whole
profile, in process, on one core (\`-cpu 1\`).

| benchmark | ns/op | per second per core | ratio to baseline |
|---|---:|---:|---:|
| \`BenchmarkScore\` | $score | $per_sec | $ratio× |
| \`BenchmarkBaselineSum\` (read and sum every answer slot) | $base | $(awk -v ns="$base" 'BEGIN { printf "%.0f", 1e9 / ns }') | 1.0× |

Target: at least 1,000,000 assessments per second per core. This run: **$verdict** it ($per_sec/s).
MD

# HTTP: stored, durable submits against the same server's bare /healthz, on
# loopback, on the embedded SQLite file. One server, one run, both phases.
bin=$(mktemp -d)
trap 'rm -rf "$raw" "$bin"; [ -n "${srv:-}" ] && kill "$srv" 2>/dev/null' EXIT
go build -o "$bin/twohats" ./cmd/twohats
go build -o "$bin/loadgen" ./tools/loadgen
"$bin/twohats" serve --addr 127.0.0.1:0 --db "$bin/bench.db" 2>"$bin/serve.log" &
srv=$!
addr=""
for _ in $(seq 1 200); do
  addr=$(sed -n 's/^twohats is serving on //p' "$bin/serve.log" | head -1)
  [ -n "$addr" ] && break
  sleep 0.05
done
[ -n "$addr" ] || { cat "$bin/serve.log"; echo "serve did not start" >&2; exit 1; }
duration=${BENCH_HTTP_DURATION:-10s}
"$bin/loadgen" -base "$addr" -duration "$duration" -concurrency 16 | tee "$bin/load.json"
kill "$srv"; wait "$srv" 2>/dev/null || true; srv=""
field() { grep "\"phase\":\"$1\"" "$bin/load.json" | sed -n "s/.*\"$2\":\([0-9.e+-]*\).*/\1/p"; }
h_rps=$(field healthz per_second); h_p99=$(field healthz p99_ms)
s_rps=$(field submit per_second); s_p99=$(field submit p99_ms); s_n=$(field submit requests); s_err=$(field submit errors)
cat >> "$out" <<MD

## HTTP submits (issue: web app and JSON API)

\`tools/loadgen\` against one \`twohats serve\` on the embedded SQLite file, 16 concurrent clients on
loopback, $duration per phase after a warm-up. A submit is \`POST /api/v1/assessments\` with a bearer
token: scored, then committed (assessment and facet rows) before the 201 is sent.

| phase | requests/s | p99 ms | ratio to /healthz |
|---|---:|---:|---:|
| \`GET /healthz\` (baseline) | $(printf '%.0f' "$h_rps") | $h_p99 | 1.00 |
| \`POST /api/v1/assessments\` | $(printf '%.0f' "$s_rps") | $s_p99 | $(awk -v a="$s_rps" -v b="$h_rps" 'BEGIN { printf "%.3f", a / b }') |

$s_n submits acknowledged, $s_err failed. Target: at least 2,000 stored submits/s with p99 at most 50 ms:
**$(awk -v r="$s_rps" -v p="$s_p99" 'BEGIN { print (r >= 2000 && p <= 50) ? "meets" : "MISSES" }')** it.
MD
echo "wrote $out"

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
echo "wrote $out"

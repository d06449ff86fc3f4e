#!/usr/bin/env bash
# Whole-process wall time and peak RSS of `./gpuspectral analyze` (GNU time -v), after one build, on:
#   - samples/digits_mlp.safetensors
#   - ../shared/fixtures/tiny_llama (sharded folder)
#   - a synthetic single-layer 4096×4096 F32 safetensors file written to /tmp (not the repo)
# plus the float64 size of the largest matrix of each checkpoint and the ratio peak RSS / that size
# (issue target: peak RSS of analyze ≤ 3× the largest matrix in float64).
#
# Usage: bench/measure-process.sh [REPS]   (default 3 runs per input; best wall, max peak RSS are reported)
# Env:   SYNTH=/tmp/... to choose the synthetic file, SYNTH_ROWS / SYNTH_COLS (default 4096 4096).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
reps="${1:-3}"
rows="${SYNTH_ROWS:-4096}"
cols="${SYNTH_COLS:-4096}"
synth="${SYNTH:-/tmp/gpuspectral-bench/synthetic_${rows}x${cols}_f32.safetensors}"
work="$(mktemp -d /tmp/gpuspectral-measure.XXXXXX)"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (apt-get install -y time)..." >&2
  (apt-get update -qq && apt-get install -y -qq time) >&2 || { echo "GNU time missing and cannot be installed" >&2; exit 1; }
fi

# 1. One build of the CLI (the launcher builds on first use / when sources changed) and of the bench tool.
./gpuspectral analyze samples/digits_mlp.safetensors -q >/dev/null
dotnet build bench/GpuSpectral.Bench/GpuSpectral.Bench.csproj -c Release --nologo -v q >/dev/null
bench=(dotnet bench/GpuSpectral.Bench/bin/Release/net10.0/GpuSpectral.Bench.dll)

# 2. Synthetic single-layer file (kept between runs; not in the repo).
expected=$(( rows * cols * 4 ))
if [ ! -f "$synth" ] || [ "$(stat -c %s "$synth")" -lt "$expected" ]; then
  mkdir -p "$(dirname "$synth")"
  "${bench[@]}" make-st "$synth" "$rows" "$cols" >&2
fi

echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
echo "- machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "- commit: $(git rev-parse --short HEAD)$( [ -n "$(git status --porcelain)" ] && echo ' (working tree has uncommitted changes)')"
echo "- command: bench/measure-process.sh $reps  (each run: /usr/bin/time -v ./gpuspectral analyze PATH -q -o OUT.csv)"
echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | largest matrix | largest f64 bytes | wall best | wall all runs | peak RSS (max of runs) | peak RSS / largest f64 | ≤ 3×? | alpha (1st layer row) | load after |"
echo "|---|---|---|---|---|---|---|---|---|---|"

measure() {
  local label="$1" path="$2"
  local largest name shape f64
  if [ -n "$path" ]; then
    largest=$("${bench[@]}" largest "$path")
    read -r name shape _ f64 <<<"$largest"
  else
    name="(none)"; shape="-"; f64=0
  fi
  local walls=() best="" maxrss=0 alpha="-"
  local i=0 tries=0
  while [ "$i" -lt "$reps" ]; do
    tries=$((tries + 1))
    [ "$tries" -gt $((reps + 3)) ] && { echo "too many rebuilds while measuring $label" >&2; break; }
    local err="$work/time.txt"
    if [ -n "$path" ]; then
      /usr/bin/time -v -o "$err" ./gpuspectral analyze "$path" -q -o "$work/out.csv" >"$work/stdout.txt" 2>"$work/stderr.txt"
    else
      /usr/bin/time -v -o "$err" ./gpuspectral --version >"$work/stdout.txt" 2>"$work/stderr.txt"
    fi
    if grep -q "building" "$work/stderr.txt"; then
      echo "  ($label: the launcher rebuilt (sources changed); run discarded)" >&2
      continue
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$err")
    # h:mm:ss or m:ss.ss -> seconds
    wall=$(awk -v t="$wall" 'BEGIN { n = split(t, a, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + a[k]; printf "%.2f", s }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$err")
    walls+=("$wall")
    [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }' && best="$wall"
    [ "$rss" -gt "$maxrss" ] && maxrss="$rss"
    i=$((i + 1))
  done
  if [ -n "$path" ] && [ -f "$work/out.csv" ]; then
    alpha=$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); print(r[0].get("alpha","-") if r else "-")' "$work/out.csv" 2>/dev/null || echo "-")
  fi
  local rss_mib ratio ok f64_mib
  rss_mib=$(awk -v k="$maxrss" 'BEGIN { printf "%.1f MiB", k / 1024 }')
  if [ "$f64" -gt 0 ]; then
    f64_mib=$(awk -v b="$f64" 'BEGIN { printf "%.2f MiB", b / 1048576 }')
    ratio=$(awk -v k="$maxrss" -v b="$f64" 'BEGIN { printf "%.2f", k * 1024 / b }')
    ok=$(awk -v r="$ratio" 'BEGIN { print (r <= 3 ? "yes" : "no") }')
  else
    f64_mib="-"; ratio="-"; ok="-"
  fi
  echo "| $label | $name $shape | $f64_mib | ${best} s | ${walls[*]} | $rss_mib | $ratio | $ok | $alpha | $(cut -d' ' -f1-3 /proc/loadavg) |"
}

measure "runtime baseline (\`--version\`)" ""
measure "samples/digits_mlp.safetensors" "samples/digits_mlp.safetensors"
measure "../shared/fixtures/tiny_llama" "../shared/fixtures/tiny_llama"
measure "synthetic ${rows}×${cols} F32 ($synth)" "$synth"

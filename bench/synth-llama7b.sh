#!/usr/bin/env bash
# Writes a synthetic LLaMA-7B-shaped bf16 checkpoint with the CLI under GNU time and prints wall time, size and
# peak RSS. Default: the full shape (13.5 GB, about 10 minutes of 2 CPU cores) into /tmp/gpuspectral-bench/.
# Usage: bench/synth-llama7b.sh [SCALE] [OUTDIR]     e.g. bench/synth-llama7b.sh 0.25
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scale="${1:-1}"
out="${2:-/tmp/gpuspectral-bench/llama-7b-synth-$scale}"
"$here/gpuspectral" --version >/dev/null # builds the CLI once, outside the measurement
log="$(mktemp)"
/usr/bin/time -v "$here/gpuspectral" synth "$out" --arch llama-7b --dtype bf16 --scale "$scale" --force -q 2>"$log"
wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
bytes=$(du -sb "$out" | cut -f1)
echo "scale $scale: $bytes bytes in $out, wall $wall, peak RSS $((rss / 1024)) MB"
rm -f "$log"

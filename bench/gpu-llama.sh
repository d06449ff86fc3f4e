#!/usr/bin/env bash
# Issue 6/8 on the GPU box: writes a LLaMA-7B-shaped bf16 checkpoint with `synth` (full width; LAYERS blocks, default
# all 32) and analyses it with --backend cuda at fp64 and fp32 (--progress json: one line per layer with its time),
# recording wall time and peak RSS. Uses the app unpacked by bench/gpu-validate.sh.
#
#   LAYERS=2 bench/gpu-llama.sh OUT_DIR [RUNS]      RUNS default "cuda:fp64 cuda:fp32"
#
# A run is BACKEND:PRECISION[:DEVICES[:SECONDS]], e.g. cuda:fp64:0,0,0:120 (three workers on GPU 0, cut at 120 s).
#
# Writes OUT_DIR/llama-<backend>-<precision>.{jsonl,log}; prints a summary line per run. ANALYZE_TIMEOUT caps
# each analyze run (seconds, default 3000).
set -uo pipefail
out=$1
runs=${2:-cuda:fp64 cuda:fp32}
app=${GPUSPECTRAL_WORK:-/tmp/gpuspectral}/app
ckpt=${LLAMA_DIR:-/tmp/llama-synth}
mkdir -p "$out"
layers=${LAYERS:-32}
limit=${ANALYZE_TIMEOUT:-3000}   # seconds per analyze run (timeout's exit code 124 says it was cut)
timer() { if [ -x /usr/bin/time ]; then /usr/bin/time -v timeout "$limit" "$@"; else timeout "$limit" "$@"; fi; }
s=$(date +%s.%N)
"$app/gpuspectral" synth "$ckpt" --arch llama-7b --dtype bf16 --layers "$layers" --force -q > "$out/synth.log" 2>&1
echo "synth llama-7b --layers $layers: exit $? in $(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s, $(du -sb "$ckpt" | cut -f1) bytes"
for run in $runs; do
  IFS=: read -r backend precision devices seconds <<< "$run"
  tag=$backend-$precision${devices:+-d${devices//,/_}}
  limit=${seconds:-${ANALYZE_TIMEOUT:-3000}}
  rm -f "$out/llama-$tag.jsonl"
  s=$(date +%s.%N)
  timer "$app/gpuspectral" analyze "$ckpt" --backend "$backend" --precision "$precision" ${devices:+--devices "$devices"} -q --progress json \
    --out "$out/llama-$tag.jsonl" > "$out/llama-$tag.log" 2>&1
  rc=$?
  wall=$(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  rss=$(grep -m1 "Maximum resident" "$out/llama-$tag.log" | awk '{print $NF}')
  rows=$(grep -c '"kind":"row"' "$out/llama-$tag.jsonl" 2>/dev/null)
  echo "analyze --backend $backend --precision $precision ${devices:+--devices $devices }: exit $rc, ${wall} s wall, peak RSS ${rss:-?} kB, rows ${rows:-0}"
  [ $rc = 0 ] || tail -5 "$out/llama-$tag.log"
done

#!/usr/bin/env bash
# Issue 8 on the GPU box (no .NET there): unpacks the bundle from bench/publish-gpu.sh --lapack, runs the GPU tests
# on CUDA (no skip allowed), analyses every checkpoint of DATA_DIR with --backend cuda at fp64 and fp32 and with
# --backend lapack, compares the rows (bench/compare-backend-rows.py: fp64 alpha to 1e-9 relative), optionally runs
# the GPU benchmark, and packs every log and table into OUT_DIR/validate.tgz (the device returns ≤ 8 files).
#
#   bench/gpu-validate.sh BUNDLE.tar.xz DATA_DIR OUT_DIR
#
# Environment: TESTS (runner targets, default below; empty: no tests), BENCH (gpubench arguments, default
# "--quick"; "none": no benchmark; BENCH_TIMEOUT caps it, seconds), ANALYZE (1 = analyse DATA_DIR, default 1), GPUSPECTRAL_WORK (where the app is
# unpacked, default /tmp/gpuspectral).
set -uo pipefail
bundle=$1 data=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
work=${GPUSPECTRAL_WORK:-/tmp/gpuspectral}   # the app stays here for bench/gpu-llama.sh
rm -rf "$work/logs" "$work/app"
logs=$work/logs
mkdir -p "$logs/rows" "$out"
t0=$(date +%s.%N)
stamp() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%7.1f s", b - a }'; }
say() { echo "[$(stamp)] $*" | tee -a "$logs/summary.txt"; }

tar -xf "$bundle" -C "$work"
app=$work/app
export LD_LIBRARY_PATH="$app/lapack${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1
say "bundle commit: $(cat "$app/COMMIT" 2>/dev/null)"
{ nvidia-smi; nvidia-smi -q | grep -iE "driver version|cuda version|product name|memory|clocks" | head -40; } > "$logs/nvidia-smi.txt" 2>&1
say "$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"
"$app/gpuspectral" devices > "$logs/devices.txt" 2>&1
say "devices: $(tr '\n' ' ' < "$logs/devices.txt" | cut -c1-400)"

tests=${TESTS-GpuSpectral.Kernels.Tests GpuSpectral.Compute.Tests:Tests.Gpu. GpuSpectral.Lsa.Tests:CusolverSpectrumTests}
if [ -n "$tests" ]; then
  say "tests: $tests (kernel tests on CUDA)"
  # shellcheck disable=SC2086
  GPUSPECTRAL_SHARED=${GPUSPECTRAL_SHARED:-$here/../out/device-shared} GPUSPECTRAL_KERNEL_TEST_DEVICE=cuda \
    "$app/gpuspectral-devicetests" --fail-on-skip $tests > "$logs/tests.log" 2>&1
  rc=$?
  say "tests exit $rc: $(tail -1 "$logs/tests.log")"
  grep -E "FAIL|ERROR" -A3 "$logs/tests.log" | head -60 | tee -a "$logs/summary.txt"
fi

if [ "${ANALYZE:-1}" = 1 ]; then
  for ckpt in "$data"/*; do
    name=$(basename "$ckpt"); name=${name%.*}
    for run in lapack:fp64 cuda:fp64 cuda:fp32; do
      backend=${run%%:*} precision=${run##*:}
      csv="$logs/rows/$name-$backend-$precision.csv"
      s=$(date +%s.%N)
      "$app/gpuspectral" analyze "$ckpt" --backend "$backend" --precision "$precision" -q --progress none \
        --out "$csv" > "$logs/rows/$name-$backend-$precision.log" 2>&1
      rc=$?
      e=$(awk -v a="$s" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
      say "analyze $name --backend $backend --precision $precision: exit $rc, ${e} s wall"
      [ $rc = 0 ] || tail -5 "$logs/rows/$name-$backend-$precision.log" | tee -a "$logs/summary.txt"
    done
    ref="$logs/rows/$name-lapack-fp64.csv"
    python3 "$here/compare-backend-rows.py" "$ref" "$logs/rows/$name-cuda-fp64.csv" --alpha-tol 1e-9 \
      --label "$name cuda fp64" | tee -a "$logs/summary.txt"
    python3 "$here/compare-backend-rows.py" "$ref" "$logs/rows/$name-cuda-fp32.csv" --alpha-tol 1e-3 \
      --label "$name cuda fp32" | tee -a "$logs/summary.txt"
  done
fi

bench=${BENCH---quick}
if [ "$bench" != none ]; then
  say "gpubench $bench"
  # shellcheck disable=SC2086
  timeout "${BENCH_TIMEOUT:-1200}" "$app/gpuspectral-gpubench" $bench --out "$logs/gpubench.md" > "$logs/gpubench.log" 2>&1
  say "gpubench exit $?"
  cp "$logs/gpubench.md" "$out/gpubench.md" 2>/dev/null
fi

say "done"
cp "$logs/summary.txt" "$out/summary.txt"
tar -C "$work" -czf "$out/validate.tgz" logs

#!/usr/bin/env bash
# LSA on FOLDOC on the GPU box, same machine for both sides: (a) the Python reference
# (fixtures/make/lsa_reference.py: scikit-learn TF-IDF, Gram, scipy dsyevd + dsyevr), (b) our `lsa` with
# --backend cuda (cuSOLVER syevd, JOBZ='V') and --backend lapack; then K, xmin, alpha of each against
# expected_lsa.json (the reference's shipped output, made on the 2-core CI machine).
#
#   APP=/tmp/app DATA=/tmp/data bench/lsa-device.sh OUT_DIR
#
# Needs: $APP/gpuspectral (self-contained, bench/publish-gpu.sh), $DATA/foldoc/docs.tsv.gz and
# $DATA/foldoc/expected_lsa.json, $DATA/lsa_reference.py, python3 with numpy, scipy, scikit-learn, a LAPACK on
# LD_LIBRARY_PATH. The reference imports weightwatcher's WWFit (from $WW_REF_SRC, default $DATA/ww_ref_src) and
# ks_scan_ref.py (put it at $DATA/ks_scan_ref.py). Without the weightwatcher sources the fit is done by ks_scan_ref
# (compat='ww', the reference's own cross-check, equal xmin on FOLDOC) through a stub written under OUT_DIR: the
# timed stages (TF-IDF, Gram, dsyevd, dsyevr) are unchanged; the log says so. Nothing is written outside OUT_DIR.
set -euo pipefail
out=${1:?usage: APP=... DATA=... $0 OUT_DIR}
: "${APP:?set APP to the folder holding gpuspectral}" "${DATA:?set DATA to the folder holding foldoc/ and lsa_reference.py}"
mkdir -p "$out"
out=$(cd "$out" && pwd)
docs=$DATA/foldoc/docs.tsv.gz
export PYTHONDONTWRITEBYTECODE=1 WW_REF_SRC=${WW_REF_SRC:-$DATA/ww_ref_src}
export PYTHONPATH=$DATA${PYTHONPATH:+:$PYTHONPATH}

# run NAME CMD...: wall seconds to NAME.wall, output to NAME.log, GNU time -v (peak RSS) to NAME.time when present
run() {
  local name=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then /usr/bin/time -v -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1 || rc=$?
  else { time "$@" >"$out/$name.log" 2>&1; } 2>"$out/$name.time" || rc=$?; fi
  t1=$(date +%s.%N)
  python3 -c "print($t1 - $t0)" >"$out/$name.wall"
  printf '%-14s rc=%d  wall %.1f s\n' "$name" "$rc" "$(cat "$out/$name.wall")"
}

{ nvidia-smi -L || true; nproc; } 2>&1 | sed 's/^/machine: /'
# cuSOLVER is loaded at run time by soname: add the CUDA library folder when the loader does not know it already
if ! ldconfig -p 2>/dev/null | grep -q 'libcusolver\.so\.1[123]'; then
  lib=$(find /usr/local/cuda*/lib64 /usr/local/cuda*/targets/*/lib /usr/lib/x86_64-linux-gnu -maxdepth 1 \
        -name 'libcusolver.so.1[123]' 2>/dev/null | head -1 || true)
  [ -n "$lib" ] && export LD_LIBRARY_PATH=$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  echo "cuSOLVER: ${lib:-not found by ldconfig or in /usr/local/cuda*: --backend cuda will say so}"
fi

# (a) the Python reference
if ! python3 -c "import os, sys; s = os.environ['WW_REF_SRC']; sys.path[:0] = [s + '/ww', s + '/powerlaw', s + '/stubs']
import weightwatcher.WW_powerlaw" 2>/dev/null; then
  python3 -c "import ks_scan_ref" || { echo "ks_scan_ref.py not found: copy shared/reference/ks_scan_ref.py to \$DATA" >&2; exit 2; }
  mkdir -p "$out/refstub/weightwatcher"
  : >"$out/refstub/weightwatcher/__init__.py"
  cat >"$out/refstub/weightwatcher/WW_powerlaw.py" <<'EOF'
# Stand-in written by bench/lsa-device.sh because weightwatcher's sources are absent: the same CSN fit by
# ks_scan_ref (compat='ww'), which lsa_reference.py itself runs as its cross-check.
from ks_scan_ref import fit_power_law


class WWFit:
    def __init__(self, data):
        r = fit_power_law(data, compat="ww")
        self.xmin, self.alpha, self.D, self.sigma = r["xmin"], r["alpha"], r["D"], r["sigma"]
EOF
  export PYTHONPATH=$PYTHONPATH:$out/refstub
  echo "NOTE: weightwatcher sources not found in $WW_REF_SRC: the reference fits with ks_scan_ref (compat='ww') via $out/refstub"
fi
run reference python3 "$DATA/lsa_reference.py" "$docs" "$out/reference"

# (b) ours, GPU then CPU
run lsa-cuda "$APP/gpuspectral" lsa "$docs" --backend cuda -o "$out/lsa-cuda.json"
run lsa-lapack "$APP/gpuspectral" lsa "$docs" --backend lapack -o "$out/lsa-lapack.json"

python3 - "$out" "$DATA/foldoc/expected_lsa.json" <<'EOF' | tee "$out/compare.txt"
import json, os, sys
out, expected = sys.argv[1], json.load(open(sys.argv[2]))
wall = lambda n: float(open(os.path.join(out, n + ".wall")).read())
want = {"K": expected["K"], "xmin": expected["xmin"], "alpha": expected["alpha"]}
print(f"expected_lsa.json: K={want['K']} xmin={want['xmin']!r} alpha={want['alpha']!r}")
rows = []
ref_path = os.path.join(out, "reference", "expected_lsa.json")
if os.path.exists(ref_path):
    r = json.load(open(ref_path))
    rows.append(("reference (this box)", r["K"], r["xmin"], r["alpha"], wall("reference"),
                 {k: round(v, 2) for k, v in r["timing_seconds"].items()}))
for name in ("lsa-cuda", "lsa-lapack"):
    p = os.path.join(out, name + ".json")
    if os.path.exists(p):
        d = json.load(open(p))
        rows.append((f"{name} ({d['options'].get('backend_used', '?')})", d["k"]["power_law"], d["fit"]["xmin"],
                     d["fit"]["alpha"], wall(name), {k: round(v, 2) for k, v in d["seconds"].items()}))
for label, k, xmin, alpha, w, stages in rows:
    print(f"{label:28s} wall {w:8.1f} s  K={k} ({'=' if k == want['K'] else '≠'})  "
          f"xmin rel {abs(xmin - want['xmin']) / want['xmin']:.1e}  alpha rel {abs(alpha - want['alpha']) / want['alpha']:.1e}"
          f"  stages {stages}")
if os.path.exists(ref_path):
    for name in ("lsa-cuda", "lsa-lapack"):
        if os.path.exists(os.path.join(out, name + ".json")):
            print(f"speed-up {name} vs reference on this box: {wall('reference') / wall(name):.2f}x")
EOF

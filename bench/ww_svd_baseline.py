#!/usr/bin/env python3
"""WeightWatcher's per-layer spectrum cost on this machine, for bench/RESULTS.md.

WeightWatcher 0.7.5.5 on a CPU computes each layer's singular values with
`scipy.linalg.svd(W, compute_uv=False)` (LAPACK gesdd, float64; weightwatcher-spec.md §a `svd_method`, RMT:100-112)
and squares them. This times exactly that call on seeded Gaussian float64 matrices of the benchmark's shapes
(best of REPS), with the machine's load average, so our per-layer pipeline can be compared with WeightWatcher's
dominant cost measured on the same machine. Run with Debian's python3 (numpy 1.24, scipy 1.10: the fixtures' stack):

  /usr/bin/python3 bench/ww_svd_baseline.py [--reps 3] [--shapes 1024x1024,4096x1024,4096x4096]
"""
import argparse
import os
import time

import numpy as np
import scipy
import scipy.linalg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--shapes", default="1024x1024,4096x1024,4096x4096")
    a = ap.parse_args()
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    print("| W | scipy.linalg.svd(compute_uv=False) best | all runs (s) | load |")
    print("|---|---|---|---|")
    for shape in a.shapes.split(","):
        r, c = (int(v) for v in shape.split("x"))
        w = np.random.default_rng(42).standard_normal((r, c))
        times = []
        for _ in range(a.reps):
            t0 = time.perf_counter()
            sv = scipy.linalg.svd(w, compute_uv=False)
            times.append(time.perf_counter() - t0)
        evals = np.sort(sv * sv)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"| {r}×{c} | {min(times):.3f} s | {', '.join(f'{t:.3f}' for t in times)} | {load} |"
              f"  <!-- lambda_max {evals[-1]:.6f} -->")


if __name__ == "__main__":
    main()

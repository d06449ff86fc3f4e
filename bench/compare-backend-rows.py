#!/usr/bin/env python3
"""Compares two `gpuspectral analyze --out x.csv` tables of the same checkpoint, row by row (issue 8: the CUDA rows
against the LAPACK rows). Prints one line: rows, max |Δalpha|/alpha, max |Δlambda_max|/lambda_max, max |ΔD|,
xmin equal count, and PASS/FAIL against --alpha-tol (relative). Standard library only (runs on any python3).

usage: compare-backend-rows.py REFERENCE.csv CANDIDATE.csv [--alpha-tol 1e-9] [--label TEXT]
Exit 1 when a row is missing or extra, or when max |Δalpha|/alpha exceeds --alpha-tol; 0 otherwise.
"""
import argparse
import csv
import math
import sys


def rows(path):
    with open(path, newline="") as f:
        out = {}
        for r in csv.DictReader(f):
            key = (r["layer_id"], r["name"], r.get("slice_id", ""))
            out[key] = r
        return out


def num(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return math.nan


def rel(a, b):
    if math.isnan(a) and math.isnan(b):
        return 0.0
    if math.isnan(a) or math.isnan(b):
        return math.inf
    return abs(a - b) / max(abs(a), 1e-300)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("reference")
    p.add_argument("candidate")
    p.add_argument("--alpha-tol", type=float, default=1e-9)
    p.add_argument("--label", default="")
    a = p.parse_args()
    try:
        ref, cand = rows(a.reference), rows(a.candidate)
    except OSError as e:
        print(f"{a.label:32s} FAIL: {e}")
        return 1
    missing, extra = sorted(set(ref) - set(cand)), sorted(set(cand) - set(ref))
    d_alpha = d_lmax = d_d = 0.0
    worst = ""
    xmin_equal = 0
    for key in sorted(set(ref) & set(cand)):
        r, c = ref[key], cand[key]
        da = rel(num(r["alpha"]), num(c["alpha"]))
        if da > d_alpha:
            d_alpha, worst = da, key[1]
        d_lmax = max(d_lmax, rel(num(r["lambda_max"]), num(c["lambda_max"])))
        dd = abs(num(r["D"]) - num(c["D"]))
        d_d = max(d_d, 0.0 if math.isnan(dd) else dd)
        xmin_equal += rel(num(r["xmin"]), num(c["xmin"])) <= 1e-6
    common = len(set(ref) & set(cand))
    ok = not missing and not extra and d_alpha <= a.alpha_tol
    print(f"{a.label:32s} rows {common}/{len(ref)}  max|Δα|/α {d_alpha:.2e} ({worst})  "
          f"max|Δλmax|/λmax {d_lmax:.2e}  max|ΔD| {d_d:.2e}  xmin equal {xmin_equal}/{common}  "
          f"{'PASS' if ok else 'FAIL'} (tol {a.alpha_tol:g})"
          + (f"  missing {len(missing)}" if missing else "") + (f"  extra {len(extra)}" if extra else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

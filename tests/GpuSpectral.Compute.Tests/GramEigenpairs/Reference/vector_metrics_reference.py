"""Float64 numpy reference for GramEigenpairs + the eigenvector metrics (weightwatcher-spec.md §b.7).

Run with Debian's python3 (numpy 1.24): /usr/bin/python3 vector_metrics_reference.py
Writes vector_metrics_reference.json next to this file. For each fixture matrix W (read from /work/shared/fixtures,
widened to float64): X = WᵀW if rows >= cols else WWᵀ (the smaller side), np.linalg.eigh (symmetric, LAPACK
dsyevd), pairs sorted by descending eigenvalue; per vector the localization ratio ‖v‖₁/‖v‖∞, participation ratio
‖v‖₂/‖v‖₄ and WeightWatcher's discrete entropy of |v| (|v| − mean, np.histogram 100 bins density=True, +1e-10,
/sqrt(2π), normalise, −Σ p ln p); then the 12 bulk/tail columns with the tail = the num_pl_spikes largest pairs (WeightWatcher's own
#{λ ≥ xmin}, from expected_*_details_default.csv), with np.mean and np.var (population variance). The chosen matrices have well
separated eigenvalues (the minimum relative gap is recorded), so each eigenvector is determined up to its sign,
to which every metric is blind.
"""
import csv
import json
import os

import numpy as np

FIX = "/work/shared/fixtures"
CASES = [
    ("gaussian", "gauss.small_96x48"),
    ("gaussian", "gauss.wide_144x600"),
    ("spikes", "mp_spikes.r4_620x310"),
]


def discrete_entropy(v):
    u = np.abs(v)
    u = u - np.mean(u)
    h = np.histogram(u, bins=100, density=True)[0]
    p = (h + 1e-10) / np.sqrt(2 * np.pi)
    p = p / np.sum(p)
    return float(-np.sum(p * np.log(p)))


def summary(evals, loc, part, ent, num_tail):
    # evals are descending: the tail is the num_pl_spikes largest (WeightWatcher's #{λ >= xmin} on its own
    # eigenvalues; comparing these recomputed eigenvalues with its xmin would put the pair AT xmin on a side
    # decided by round-off).
    tail = np.arange(len(evals)) < num_tail
    out = {}
    for side, mask in (("bulk", ~tail), ("tail", tail)):
        for name, arr in (("vec_entropy", ent), ("loc_ratio", loc), ("part_ratio", part)):
            sel = arr[mask]
            out[f"{side}_mean_{name}"] = float(np.mean(sel)) if sel.size else None
            out[f"{side}_var_{name}"] = float(np.var(sel)) if sel.size else None
    return out


def main():
    result = []
    for archive, key in CASES:
        w = np.load(os.path.join(FIX, archive + ".npz"))[key].astype(np.float64)
        rows, cols = w.shape
        x = w.T @ w if rows >= cols else w @ w.T
        evals, vecs = np.linalg.eigh(x)
        order = np.argsort(evals)[::-1]
        evals, vecs = evals[order], vecs[:, order]
        gaps = np.diff(evals[::-1]) / evals.max()
        loc = np.array([np.linalg.norm(v, 1) / np.linalg.norm(v, np.inf) for v in vecs.T])
        part = np.array([np.linalg.norm(v, 2) / np.linalg.norm(v, 4) for v in vecs.T])
        ent = np.array([discrete_entropy(v) for v in vecs.T])
        with open(os.path.join(FIX, f"expected_{archive}_details_default.csv")) as f:
            row = next(r for r in csv.DictReader(f) if r["name"] == key)
        xmin, num_tail = float(row["xmin"]), int(float(row["num_pl_spikes"]))
        result.append({
            "archive": archive, "key": key, "rows": rows, "cols": cols,
            "min_relative_gap": float(gaps.min()), "xmin": xmin, "num_pl_spikes": num_tail,
            "eigenvalues_desc": evals.tolist(), "localization_ratios": loc.tolist(),
            "participation_ratios": part.tolist(), "entropies": ent.tolist(),
            "summary": summary(evals, loc, part, ent, num_tail),
        })
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "vector_metrics_reference.json"), "w") as f:
        json.dump({"generator": "vector_metrics_reference.py", "numpy": np.__version__, "cases": result}, f, indent=1)


if __name__ == "__main__":
    main()

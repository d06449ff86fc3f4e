"""Float64 numpy references for DensityHistogram, EigenvectorMetrics and DetX (weightwatcher-spec.md §b.7, §b.9).

Run with Debian's python3 (numpy 1.24): /usr/bin/python3 vectors_detx_reference.py
Writes vectors_detx_reference.json next to this file.
- "vectors": seeded test vectors (Gaussian, Student-t-like, ties, a constant vector, values exactly on bin edges,
  a one-hot vector) with np.histogram(u, bins=100, density=True) of u = |v| − mean|v|, WeightWatcher's discrete
  entropy, ‖v‖₁/‖v‖∞ and ‖v‖₂/‖v‖₄ (np.linalg.norm).
- "detx": WeightWatcher's detX scan written literally (rescale evals*n/sum, for idx = n−1 … 1 stop at the first
  np.prod(evals[idx:]) < 1), on every eigenvalue array of expected_{gaussian,spikes}_evals.npz (WeightWatcher's own
  eigenvalues of the fixtures).
"""
import json
import os

import numpy as np


def discrete_entropy(v):
    u = np.abs(v)
    u = u - np.mean(u)
    h = np.histogram(u, bins=100, density=True)[0]
    p = (h + 1e-10) / np.sqrt(2 * np.pi)
    p = p / np.sum(p)
    return float(-np.sum(p * np.log(p)))


def detx(evals):
    evals = np.sort(np.asarray(evals, dtype=np.float64))
    n = len(evals)
    raw = evals.copy()
    evals = evals * n / np.sum(evals)
    idx = 0
    for i in range(n - 1, 0, -1):
        if np.prod(evals[i:]) < 1:
            idx = i
            break
    return {"num": int(n - idx), "val": float(raw[idx]), "val_rescaled": float(evals[idx])}


def main():
    rng = np.random.default_rng(20261122)
    vectors = {
        "gauss7": rng.standard_normal(7),
        "gauss50": rng.standard_normal(50),
        "gauss300": rng.standard_normal(300),
        "t3_200": rng.standard_t(3, 200),
        "ties": np.array([0.5, -0.5, 0.5, 0.25, -0.25, 0.0, 0.0, 1.0, -1.0, 0.5]),
        "constant": np.full(16, 0.25),
        "edges": np.linspace(0.0, 1.0, 201),
        "onehot": np.eye(1, 64, 5)[0],
    }
    out_vectors = []
    for name, v in vectors.items():
        u = np.abs(v) - np.mean(np.abs(v))
        out_vectors.append({
            "name": name, "v": v.tolist(),
            "density": np.histogram(u, bins=100, density=True)[0].tolist(),
            "entropy": discrete_entropy(v),
            "localization_ratio": float(np.linalg.norm(v, 1) / np.linalg.norm(v, np.inf)),
            "participation_ratio": float(np.linalg.norm(v, 2) / np.linalg.norm(v, 4)),
        })
    out_detx = []
    for archive in ("gaussian", "spikes"):
        z = np.load(f"/work/shared/fixtures/expected_{archive}_evals.npz")
        for key in z.files:
            d = detx(z[key])
            d.update({"archive": archive, "key": key})
            out_detx.append(d)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "vectors_detx_reference.json"), "w") as f:
        json.dump({"generator": "vectors_detx_reference.py", "numpy": np.__version__,
                   "vectors": out_vectors, "detx": out_detx}, f, indent=1)


if __name__ == "__main__":
    main()

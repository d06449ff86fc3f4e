#!/usr/bin/python3
"""Write the power-law KS-scan reference data used by GpuSpectral.Core.Tests/Fitting.

Every output number comes from the independent float64 numpy reference
/work/shared/reference/ks_scan_ref.py (fit_power_law, brute-force D); none is
produced by the C# code under test.

Run (Debian python, which has numpy):
    /usr/bin/python3 tests/GpuSpectral.Core.Tests/Data/ks/make_ks_reference.py

Files written next to this script, for every data set NAME:
    NAME.input.txt        the input values, one per line, repr() (round-trips exactly)
    NAME.ww.txt           reference fit with compat="ww"
    NAME.powerlaw1.5.txt  reference fit with compat="powerlaw1.5"
A fit file starts with "key value" lines
    index, cand (position in the sorted data), xmin, alpha, D, sigma, n_tail, count
followed by "count" lines "k alpha D" (candidate position in the ascending sorted
data, per-candidate MLE alpha and KS distance).  If the reference refuses the data
the file holds the single line "error <message>".  "inf"/"nan" spell infinities/NaN.
"""

import os
import sys

import numpy as np

REF_DIR = os.environ.get("KS_REF_DIR", "/work/shared/reference")
sys.path.insert(0, REF_DIR)
import ks_scan_ref as ref  # noqa: E402

OUT = os.path.dirname(os.path.abspath(__file__))


def pareto(rng, alpha, n):
    """Pareto sample with density exponent alpha (survival x^(1-alpha)), xmin = 1."""
    return (1.0 - rng.random(n)) ** (-1.0 / (alpha - 1.0))


def esd(mat):
    """Squared singular values (numpy SVD) of a matrix."""
    return np.linalg.svd(mat, compute_uv=False) ** 2


def datasets():
    sets = {}
    sets["pareto1.5"] = pareto(np.random.default_rng(101), 1.5, 2000)
    sets["pareto2.5"] = pareto(np.random.default_rng(102), 2.5, 2000)
    sets["pareto4"] = pareto(np.random.default_rng(103), 4.0, 2000)
    sets["lognormal1"] = np.random.default_rng(104).lognormal(0.0, 1.0, 2000)
    sets["lognormal2"] = np.random.default_rng(105).lognormal(0.0, 2.0, 2000)
    sets["esd_gauss"] = esd(np.random.default_rng(106).standard_normal((1000, 500)))
    sets["esd_t2.5"] = esd(np.random.default_rng(107).standard_t(2.5, (1000, 500)))
    rng = np.random.default_rng(108)
    sets["mix"] = np.r_[rng.lognormal(0.0, 0.5, 1400), 3.0 * pareto(rng, 2.5, 600)]
    sets["pareto2.5_rounded"] = np.round(pareto(np.random.default_rng(109), 2.5, 2000), 2)
    sets["tiny_dupmax"] = np.array([0.7, 1.0, 1.3, 2.0, 2.0, 3.5, 3.5])
    sets["tiny_ties"] = np.array([1.0, 1.0, 1.5, 1.5, 1.5, 2.0, 4.0, 4.0])
    sets["n2"] = np.array([2.0, 1.0])
    sets["n2_dup"] = np.array([3.0, 3.0])
    sets["n3"] = np.array([0.5, 4.0, 1.5])
    return sets


def fmt(v):
    v = float(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(v)


def write_fit(path, x, compat):
    try:
        r = ref.fit_power_law(x, compat=compat)
    except ValueError as e:
        with open(path, "w") as f:
            f.write(f"error {e}\n")
        return
    xs = ref.prepare_data(x)
    cand = ref.candidate_indices(xs, compat)
    assert np.array_equal(xs[cand], r["xmins"])
    lines = [
        f"index {r['index']}",
        f"cand {int(cand[r['index']])}",
        f"xmin {fmt(r['xmin'])}",
        f"alpha {fmt(r['alpha'])}",
        f"D {fmt(r['D'])}",
        f"sigma {fmt(r['sigma'])}",
        f"n_tail {r['n_tail']}",
        f"count {len(cand)}",
    ]
    for k, a, d in zip(cand, r["alphas"], r["Ds"]):
        lines.append(f"{int(k)} {fmt(a)} {fmt(d)}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    for name, x in datasets().items():
        x = np.asarray(x, dtype=np.float64)
        # the C# fitter drops values <= 1e-5 (WeightWatcher); the reference drops <= 0
        assert np.all(np.isfinite(x)) and np.all(x > 1e-5), name
        with open(os.path.join(OUT, f"{name}.input.txt"), "w") as f:
            f.write("\n".join(fmt(v) for v in x) + "\n")
        for compat in ("ww", "powerlaw1.5"):
            write_fit(os.path.join(OUT, f"{name}.{compat}.txt"), x, compat)
        print(name, len(x))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Reference values for GpuSpectral.Core.Spectral.JensenShannon, computed with SciPy in float64.

WeightWatcher's rand_distance (RMT_Util.jensen_shannon_distance) is
    m = (p + q) / 2;  sqrt((scipy.stats.entropy(p, m) + scipy.stats.entropy(q, m)) / 2)
on the raw vectors (entropy normalises each argument by its sum; natural log). scipy.spatial.distance.jensenshannon
normalises p and q BEFORE averaging, so it agrees only when sum(p) == sum(q); both are recorded.

Run from this folder with Debian's python3 (numpy 1.24, scipy 1.10):
    /usr/bin/python3 jensen_shannon_ref.py /path/to/shared/fixtures > jensen_shannon_ref.json
"""
import json
import sys

import numpy as np
from scipy import stats
from scipy.spatial import distance


def ww_js(p, q):
    p = np.array(p, dtype=np.float64)
    q = np.array(q, dtype=np.float64)
    m = (p + q) / 2
    return float(np.sqrt((stats.entropy(p, m) + stats.entropy(q, m)) / 2))


def case(name, p, q):
    p = [float(v) for v in p]
    q = [float(v) for v in q]
    return {"name": name, "p": p, "q": q, "ww": ww_js(p, q),
            "scipy_jensenshannon": float(distance.jensenshannon(p, q)),
            "equal_sums": bool(np.sum(p) == np.sum(q))}


def main():
    fixtures = sys.argv[1]
    evals = np.load(fixtures + "/expected_gaussian_evals.npz")
    sq = evals["1:gauss.sq_280x280"]
    tall = evals["2:gauss.tall_560x280"]
    cases = [
        case("hand_1234_vs_2222", [1, 2, 3, 4], [2.5, 2.5, 2.5, 2.5]),
        case("hand_unequal_sums", [1, 2, 3, 4], [2, 2, 2, 2]),
        case("zeros_on_each_side", [0, 1, 2], [1, 0, 2]),
        case("identical", [0.5, 1.5, 3.0], [0.5, 1.5, 3.0]),
        case("disjoint_support", [1, 0], [0, 1]),
        case("gauss_sq_vs_tall_evals", sq, tall),
    ]
    print(json.dumps({"numpy": np.__version__, "cases": cases}, indent=1))


main()

#!/usr/bin/python3
"""Reference values for NelderMead1D and NumpyArithmetic.Arange, from SciPy/NumPy themselves.

Run with Debian's python3 (numpy 1.24, scipy 1.10, the versions WeightWatcher's fixtures were made with):
    /usr/bin/python3 scipy_fmin_arange.py > scipy_fmin_arange.json
Floats are written with repr (17 significant digits), so they round-trip exactly.
"""
import json
import math

import numpy as np
import scipy
from scipy import optimize

# Each function is written with the same operation order in the C# test (NelderMeadAndArangeTests.Functions).
FUNCTIONS = {
    "quadratic": (lambda x: (x - 0.7) ** 2, 1.3),
    "abs_sin_from_zero": (lambda x: abs(x - 0.3) + 0.1 * math.sin(5.0 * x), 0.0),
    "unbounded_linear": (lambda x: -x, 1.0),
    "plateau": (lambda x: round((x - 0.5) ** 2 * 100.0) / 100.0, 2.0),
    "quartic_negative_start": (lambda x: (x + 2.0) ** 4, -5.0),
}


def fmin_case(name):
    f, x0 = FUNCTIONS[name]
    xopt, fopt, iters, calls, warn = optimize.fmin(lambda v: f(float(v[0])), x0, full_output=1, disp=0)
    return {"name": name, "x0": x0, "x": float(xopt[0]), "calls": int(calls), "iterations": int(iters),
            "warnflag": int(warn)}


def arange_case(s0):
    grid = np.arange(0.05 * s0, 2.0 * s0, 0.01 * s0)
    return {"s0": s0, "length": int(len(grid)), "values": [float(v) for v in grid]}


def main():
    rng = np.random.default_rng(20261122)
    s0s = [0.5, 1.0, 0.3, 0.7, 1.3, 2.1, 1.0074446962391188] + [float(v) for v in rng.uniform(0.2, 3.0, 20)]
    out = {
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "fmin": [fmin_case(n) for n in FUNCTIONS],
        "arange": [arange_case(s) for s in s0s],
    }
    print(json.dumps(out, indent=1))


main()

#!/usr/bin/python3
"""Reference values of the Marchenko-Pastur and quarter-circle densities (float64, numpy/scipy).

Written from the closed forms in weightwatcher-spec.md b.5, independently of the C# code:
  MP (rescaled eigenvalue x, aspect ratio Q = N/M, scale sigma):
      a = (sigma (1 - 1/sqrt Q))^2,  b = (sigma (1 + 1/sqrt Q))^2
      rho(x) = Q / (2 pi sigma^2 x) * sqrt((b - x)(x - a))   for a < x < b, else 0
  Quarter circle (singular value s, Q = 1):
      rho(s) = sqrt(4 sigma^2 - s^2) / (pi sigma^2)            for 0 <= s <= 2 sigma, else 0
The integrals come from scipy.integrate.quad with the algebraic endpoint weight (quad's 'alg' weight handles the
square-root edges exactly), so they do not share a quadrature with the C# test.

Run: /usr/bin/python3 mp_density.py > mp_density.json
"""
import json
import numpy as np
from scipy import integrate


def edges(sigma, q):
    r = 1.0 / np.sqrt(q)
    return (sigma * (1 - r)) ** 2, (sigma * (1 + r)) ** 2


def mp(x, sigma, q):
    a, b = edges(sigma, q)
    if not (a < x < b) or x <= 0:
        return 0.0
    return q / (2 * np.pi * sigma**2 * x) * np.sqrt((b - x) * (x - a))


def qc(s, sigma):
    if s < 0 or s > 2 * sigma:
        return 0.0
    return np.sqrt(4 * sigma**2 - s**2) / (np.pi * sigma**2)


def mp_mass(sigma, q):
    a, b = edges(sigma, q)
    # rho(x) = q/(2 pi s^2) * (x-a)^0.5 (b-x)^0.5 / x : weight (x-a)^0.5 (b-x)^0.5, remaining factor 1/x.
    # For a == 0 (Q == 1) the 1/x is singular: use weight (x-0)^-0.5 (b-x)^0.5 and factor sqrt(x)/x * x^0.5 = 1.
    if a == 0:
        v, _ = integrate.quad(lambda x: 1.0, a, b, weight="alg", wvar=(-0.5, 0.5))
    else:
        v, _ = integrate.quad(lambda x: 1.0 / x, a, b, weight="alg", wvar=(0.5, 0.5))
    return q / (2 * np.pi * sigma**2) * v


def qc_mass(sigma):
    r = 2 * sigma
    v, _ = integrate.quad(lambda s: np.sqrt(r + s), 0, r, weight="alg", wvar=(0.0, 0.5))
    return v / (np.pi * sigma**2)


cases = [(1.0, 2.0), (0.8, 4.0), (1.3, 1.5), (0.5, 1.0), (1.1, 0.25)]
out = {"mp": [], "quarter_circle": []}
for sigma, q in cases:
    a, b = edges(sigma, q)
    xs = [a + f * (b - a) for f in (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)] + [b * 1.01, a * 0.5, -1.0]
    out["mp"].append({
        "sigma": sigma, "q": q, "lower": a, "upper": b, "mass": mp_mass(sigma, q),
        "points": [[x, mp(x, sigma, q)] for x in xs],
    })
for sigma in (1.0, 0.7, 1.6):
    ss = [f * 2 * sigma for f in (0.0, 0.1, 0.5, 0.9, 0.999)] + [2 * sigma * 1.01, -0.1]
    out["quarter_circle"].append({
        "sigma": sigma, "mass": qc_mass(sigma), "points": [[s, qc(s, sigma)] for s in ss],
    })
print(json.dumps(out, indent=1))

#!/usr/bin/env python3
"""Float64/mpmath reference for the power-law fit variants (fix_fingers, TPL, likelihood-ratio tests).

Written from the definitions in shared/reference/weightwatcher-spec.md (b.3) and powerlaw-algorithm.md (sections 1, 2,
7), not from the C# code. Run with Debian's python3 (numpy, scipy) plus mpmath on the path, from the repository root:

    PYTHONPATH=<dir containing mpmath> /usr/bin/python3 tests/GpuSpectral.Core.Tests/Reference/fit_variants_reference.py

It writes fit_variants_reference.json beside itself (a few minutes on one core).

Methods (independent of the C# ones):
  * incomplete gamma grid: mpmath.gammainc(a, z) (upper, unregularised) at 25 digits;
  * TPL MLE: scipy Nelder-Mead on (v, u) with alpha = 1 + v^2, lambda*xmin = u^2 (so alpha >= 1, lambda >= 0),
    normaliser by scipy quadrature of the integral representation (asserted equal to mpmath to 1e-12 on the grid);
    started from powerlaw's (alpha_PL, 1/mean(x));
  * lognormal MLE: scipy Nelder-Mead on (mu, ln sigma), started from mean/std of ln x (powerlaw's start), with
    ln erfc from scipy.special.log_ndtr;
  * exponential: closed-form lambda = n / sum(x - xmin);
  * power law: the WeightWatcher exhaustive scan written directly from spec b.3 (O(N^2) numpy);
  * numpy.histogram itself for the xmin_peak peak;
  * p-values: scipy.special.erfc (Vuong) and scipy.stats.chi2 (nested).
"""
import json
import os
import sys

import numpy as np
import scipy.integrate as si
import scipy.optimize as so
import scipy.special as sp
import scipy.stats as st
import mpmath as mp

mp.mp.dps = 25
HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "..", "..", "shared", "fixtures")
if not os.path.isdir(FIX):
    FIX = os.environ.get("GPUSPECTRAL_SHARED", "/work/shared") + "/fixtures"


def ww_pl_fit(x):
    """WeightWatcher's default fit (spec b.3) on sorted x > 1e-5: every position but the last is a candidate."""
    x = np.sort(np.asarray(x, float))
    x = x[x > 1e-5]
    n = len(x)
    best = None
    for i in range(n - 1):
        t = x[i:]
        k = n - i
        s = np.sum(np.log(t / t[0]))
        alpha = 1 + k / s if s > 0 else np.inf
        if alpha > 1:
            d = np.max(np.abs(1 - (t / t[0]) ** (1 - alpha) - np.arange(k) / k))
        else:
            d = 1.0
        if best is None or d < best[2]:
            best = (i, alpha, d)
    i, alpha, d = best
    return dict(xmin=float(x[i]), alpha=float(alpha), D=float(d), ntail=int(n - i))


def pl_fit_range(x, lo, hi):
    """The same scan restricted to candidates lo <= xmin <= hi (ww candidate set)."""
    x = np.sort(np.asarray(x, float))
    x = x[x > 1e-5]
    n = len(x)
    best = None
    for i in range(n - 1):
        if not (lo <= x[i] <= hi):
            continue
        t = x[i:]
        k = n - i
        s = np.sum(np.log(t / t[0]))
        alpha = 1 + k / s if s > 0 else np.inf
        d = np.max(np.abs(1 - (t / t[0]) ** (1 - alpha) - np.arange(k) / k)) if alpha > 1 else 1.0
        if best is None or d < best[2]:
            best = (i, alpha, d)
    if best is None:
        return None
    i, alpha, d = best
    return dict(xmin=float(x[i]), alpha=float(alpha), D=float(d))


def clip_xmax(x, thresh=1.0):
    x = np.sort(np.asarray(x, float))
    nz = x[x > 1e-5]
    first = ww_pl_fit(nz)
    for idx in range(2, 10):
        f = ww_pl_fit(nz[:-idx])
        if f["alpha"] + thresh < first["alpha"]:
            return dict(fit=f, num_fingers=idx - 1, raw_alpha=first["alpha"],
                        num_pl_spikes=int(np.sum(x >= f["xmin"])))
        if f["alpha"] <= 2.0:
            break
    return dict(fit=first, num_fingers=0, raw_alpha=first["alpha"], num_pl_spikes=int(np.sum(x >= first["xmin"])))


def xmin_peak(x, bug):
    nz = np.sort(np.asarray(x, float))
    nz = nz[nz > 1e-5]
    counts, edges = np.histogram(np.log10(nz), bins=100)
    p = 10 ** edges[np.argmax(counts)]
    lo = np.log10(0.95 * p) if bug else 0.95 * p
    hi = 1.5 * p
    return dict(peak=float(p), lo=float(lo), hi=float(hi), fit=pl_fit_range(nz, lo, hi))


# ---------------------------------------------------------------- truncated power law
def log_scaled_gamma_mp(a, s):
    """ln[Gamma(a, s) s^-a e^s] by mpmath.gammainc; s = 0 gives the limit -ln(-a) (a < 0)."""
    if s == 0:
        return float(-mp.log(-mp.mpf(a)))
    a = mp.mpf(a)
    s = mp.mpf(s)
    return float(mp.log(mp.gammainc(a, s)) - a * mp.log(s) + s)


def log_scaled_gamma(a, s):
    """The same by quadrature (20x faster than mpmath, used in the fits): with t = s(1 + w), w = e^y - 1,
    Gamma(a,s) s^-a e^s = int_0^inf (1+w)^(a-1) e^(-s w) dw = int_0^inf e^(a y) e^(-s (e^y - 1)) dy.
    Checked against mpmath on the whole gamma grid in main()."""
    if s == 0:
        return float(-np.log(-a))
    top = np.log1p(60.0 / s) + 1.0
    if a < 0:
        top = min(top, 800.0 / -a)
    f = lambda y: np.exp(a * y - s * np.expm1(y))
    val, _ = si.quad(f, 0.0, top, epsabs=0.0, epsrel=2e-14, limit=400)
    return float(np.log(val))


def tpl_objective(alpha, s, m1, m2):
    if alpha <= 1 and s == 0:
        return np.inf
    return log_scaled_gamma(1 - alpha, s) + alpha * m1 + s * m2


def tpl_mle(tail):
    xmin = tail[0]
    m1 = float(np.mean(np.log(tail / xmin)))
    m2 = float(np.mean((tail - xmin) / xmin))
    a0 = 1 + 1 / m1
    s0 = xmin / np.mean(tail)
    f = lambda p: tpl_objective(1 + p[0] ** 2, p[1] ** 2, m1, m2)
    best = None
    for start in ([np.sqrt(a0 - 1), np.sqrt(s0)],):
        r = so.minimize(f, start, method="Nelder-Mead",
                        options=dict(xatol=1e-11, fatol=1e-15, maxiter=20000, maxfev=40000))
        r = so.minimize(f, r.x, method="Nelder-Mead",
                        options=dict(xatol=1e-12, fatol=1e-16, maxiter=20000, maxfev=40000))
        if best is None or r.fun < best.fun:
            best = r
    alpha = 1 + best.x[0] ** 2
    s = best.x[1] ** 2
    n = len(tail)
    ll = -n * (best.fun + np.log(xmin))
    return alpha, s / xmin, ll


def tpl_logpdf(x, alpha, lam, xmin):
    return -log_scaled_gamma(1 - alpha, lam * xmin) - np.log(xmin) - alpha * np.log(x / xmin) - lam * (x - xmin)


def tpl_cdf(x, alpha, lam, xmin):
    """1 - Gamma(a, lam x)/Gamma(a, lam xmin), a = 1 - alpha, via the scaled quadrature."""
    if lam == 0:
        return -np.expm1((1 - alpha) * np.log(x / xmin))
    a = 1 - alpha
    r = x / xmin
    s = lam * xmin
    return float(-np.expm1(log_scaled_gamma(a, s * r) - log_scaled_gamma(a, s) + a * np.log(r) - s * (r - 1)))


def tpl_scan(x):
    """powerlaw 1.5 semantics with xmin_distribution='truncated_power_law' on tie-free data."""
    x = np.sort(np.asarray(x, float))
    x = x[x > 1e-5]
    n = len(x)
    assert len(np.unique(x)) == n
    rows = []
    for i in range(n - 1):
        t = x[i:]
        alpha, lam, ll = tpl_mle(t)
        k = len(t)
        d = max(abs(tpl_cdf(t[j], alpha, lam, t[0]) - j / k) for j in range(k))
        rows.append((float(t[0]), alpha, lam, d, ll))
    ds = np.array([r[3] for r in rows])
    b = int(np.argmin(ds))
    second = float(np.min(np.delete(ds, b)))
    xmin, alpha, lam, d, ll = rows[b]
    return dict(index=b, xmin=xmin, alpha=alpha, Lambda=lam, D=d, loglik=ll, d_gap=second - d)


# ---------------------------------------------------------------- alternatives and the LR test
def lognormal_fit(tail):
    y = np.log(tail)
    y0 = np.log(tail[0])
    mean, var = np.mean(y), np.var(y)

    def log_erfc(u):  # erfc(u) = 2 Phi(-u sqrt 2)
        return np.log(2.0) + sp.log_ndtr(-u * np.sqrt(2.0))

    def f(p):
        mu, ls = p
        sig = np.exp(ls)
        return ls + (var + (mean - mu) ** 2) / (2 * sig * sig) + log_erfc((y0 - mu) / (np.sqrt(2) * sig))

    r = so.minimize(f, [mean, np.log(np.sqrt(var))], method="Nelder-Mead",
                    options=dict(xatol=1e-12, fatol=1e-15, maxiter=40000, maxfev=80000))
    mu, sig = r.x[0], np.exp(r.x[1])
    ll = -y - 0.5 * ((y - mu) / sig) ** 2 - 0.5 * np.log(np.pi / 2) - np.log(sig) - log_erfc((y0 - mu) / (np.sqrt(2) * sig))
    return mu, sig, ll


def lr(l1, l2, nested):
    n = len(l1)
    d = l1 - l2
    R = float(np.sum(d))
    var = float(np.mean((d - np.mean(d)) ** 2))
    p = float(1 - st.chi2.cdf(abs(2 * R), 1)) if nested else float(sp.erfc(abs(R) / np.sqrt(2 * n * var)))
    return dict(R=R, normalized_R=R / np.sqrt(n * var), p=p)


def compare_all(x, alpha, xmin):
    x = np.sort(np.asarray(x, float))
    t = x[x >= xmin]
    lpl = np.log(alpha - 1) - np.log(xmin) - alpha * np.log(t / xmin)
    mu, sig, lln = lognormal_fit(t)
    lam = len(t) / np.sum(t - xmin)
    lexp = np.log(lam) - lam * (t - xmin)
    ta, tl, tll = tpl_mle(t)
    ltpl = np.array([tpl_logpdf(v, ta, tl, xmin) for v in t])
    return dict(
        xmin=float(xmin), alpha=float(alpha), ntail=int(len(t)),
        lognormal=dict(mu=float(mu), sigma=float(sig), **lr(lpl, lln, False)),
        exponential=dict(Lambda=float(lam), **lr(lpl, lexp, False)),
        tpl=dict(alpha=float(ta), Lambda=float(tl), loglik=float(tll), **lr(lpl, ltpl, True)),
    )


def main():
    out = {}
    # incomplete gamma grid
    grid = []
    for a in [-30.0, -11.7, -5.0, -3.0, -2.0, -2.0 + 1e-9, -1.5, -1.0, -1e-8, 0.0, 0.3, 0.5, 1.5, 3.2]:
        for z in [1e-12, 1e-6, 0.01, 0.3, 0.9999, 1.0, 1.0001, 2.5, 10.0, 50.0, 300.0]:
            ref = log_scaled_gamma_mp(a, z)
            grid.append(dict(a=a, z=z, log_scaled=ref))
            if a < 0:  # the quadrature used by the fits must agree with mpmath where the TPL needs it (a = 1 - alpha < 0)
                assert abs(log_scaled_gamma(a, z) - ref) < 1e-12, (a, z, log_scaled_gamma(a, z), ref)
    out["gamma"] = grid
    out["erfc"] = [dict(t=t, erfc=float(mp.erfc(t)), log_erfc=float(mp.log(mp.erfc(t))))
                   for t in [-3.0, -0.5, -1e-9, 0.0, 1e-9, 0.2, 0.9, 2.0, 5.0, 27.0, 40.0]]

    rng = np.random.default_rng(20261122)
    synth = {
        "pareto2.5": (1 + rng.pareto(1.5, 300)) * 1.0,
        "lognormal1": rng.lognormal(0.0, 1.0, 300),
        "exponential": 1 + rng.exponential(2.0, 300),
    }
    out["synthetic"] = {k: [float(v) for v in np.sort(x)] for k, x in synth.items()}

    layers = {
        "heavy": ("expected_heavy_tailed_evals.npz", "4:t.df2_6_500x250"),
        "spikes": ("expected_spikes_evals.npz", "1:mp_spikes.r4_620x310"),
        "gaussian": ("expected_gaussian_evals.npz", "2:gauss.tall_560x280"),
    }
    data = dict(synth)
    for name, (f, key) in layers.items():
        data[name] = np.load(os.path.join(FIX, f))[key]

    # fix_fingers on every layer of three fixtures
    fingers = []
    for f in ["expected_heavy_tailed_evals.npz", "expected_spikes_evals.npz", "expected_gaussian_evals.npz"]:
        z = np.load(os.path.join(FIX, f))
        for key in z.files:
            x = z[key]
            if np.sum(x > 1e-5) < 12:
                continue
            fingers.append(dict(file=f, key=key, clip=clip_xmax(x),
                                peak_fixed=xmin_peak(x, False), peak_bug=xmin_peak(x, True)))
            print("fingers", f, key, file=sys.stderr)
    out["fingers"] = fingers

    # likelihood-ratio tests at the power-law xmin
    comp = {}
    for name, x in data.items():
        pl = ww_pl_fit(x)
        comp[name] = compare_all(x, pl["alpha"], pl["xmin"])
        comp[name]["pl"] = pl
        print("compare", name, file=sys.stderr)
    out["compare"] = comp

    # TPL with xmin chosen by its own KS (powerlaw 1.5 semantics), on two small sets
    scans = {}
    small = np.load(os.path.join(FIX, "expected_gaussian_evals.npz"))["6:gauss.small_96x48"]
    for name, x in [("pareto2.5_head", synth["pareto2.5"][:80]), ("gauss_small", small)]:
        scans[name] = dict(input=[float(v) for v in x], **tpl_scan(x))
        print("scan", name, scans[name], file=sys.stderr)
    out["tpl_scan"] = scans

    with open(os.path.join(HERE, "fit_variants_reference.json"), "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()

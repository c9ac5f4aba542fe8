#!/usr/bin/python3
"""Third-party reference for org.dicomcnn.training.eval, run by PythonReferenceAgreementTest.

Usage: reference_metrics.py DIR

DIR/cases.txt lists one case per line, whitespace-separated:
  auc NAME FILE                      FILE: "score,label" rows
  ece NAME FILE BINS                 FILE: "probability,label" rows
  temperature NAME FILE TASK         FILE: k logits then k 0/1 labels per row; TASK multi-label|softmax
  platt NAME FILE                    FILE: "logit,label" rows

Prints "KEY value [value ...]" lines, every float as repr() so it parses back exactly, and
"implementation.KIND what" lines saying which library produced each kind of number.
AUC and the ROC curve come from scikit-learn when it is installed (else the Mann-Whitney
statistic with mid-ranks in NumPy); ECE is NumPy with the binning documented in
CalibrationMetrics (bin = clip(ceil(p * M) - 1, 0, M - 1)); the temperature is the minimiser
of the NLL over log T found by SciPy's bounded Brent (else a refined grid); Platt's (slope,
intercept) minimise the cross-entropy with Platt's smoothed targets by SciPy's trust-exact.
"""
import os
import sys

import numpy as np

try:
    from sklearn.metrics import roc_auc_score, roc_curve
    HAVE_SKLEARN = True
except ImportError:
    HAVE_SKLEARN = False
try:
    from scipy.optimize import minimize, minimize_scalar
    HAVE_SCIPY = True
except ImportError:
    HAVE_SCIPY = False

T_MIN, T_MAX = 0.05, 20.0


def out(key, *values):
    print(key, *[repr(float(v)) for v in values])


def midrank_auc(scores, labels):
    """Mann-Whitney U / (n1 n0) with mid-ranks for ties."""
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2.0 + 1.0
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    n1 = labels.sum()
    n0 = len(labels) - n1
    return (r[labels == 1].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0)


def auc_case(name, path):
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    scores, labels = data[:, 0], data[:, 1].astype(int)
    out("auc.%s.mannwhitney" % name, midrank_auc(scores, labels))
    if HAVE_SKLEARN:
        out("auc.%s" % name, roc_auc_score(labels, scores))
        fpr, tpr, thr = roc_curve(labels, scores, drop_intermediate=False)
        out("curve.%s.fpr" % name, *fpr)
        out("curve.%s.tpr" % name, *tpr)
        # scikit-learn 1.2 puts max + 1 first, later versions inf; the rest are the scores
        out("curve.%s.thresholds" % name, *thr[1:])
    else:
        out("auc.%s" % name, midrank_auc(scores, labels))


def ece_case(name, path, bins):
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    p, y = data[:, 0], data[:, 1]
    m = np.clip(np.ceil(p * bins).astype(np.int64) - 1, 0, bins - 1)
    count = np.bincount(m, minlength=bins).astype(float)
    sums = np.bincount(m, weights=p, minlength=bins)
    pos = np.bincount(m, weights=y, minlength=bins)
    nz = count > 0
    gaps = np.abs(pos[nz] / count[nz] - sums[nz] / count[nz])
    out("ece.%s" % name, np.sum(count[nz] / len(p) * gaps))
    out("ece.%s.counts" % name, *count)


def nll(logits, labels, task, t):
    x = logits / t
    if task == "softmax":
        mx = x.max(axis=1, keepdims=True)
        lse = mx[:, 0] + np.log(np.exp(x - mx).sum(axis=1))
        return float(np.mean(lse - x[labels.astype(bool)]))
    return float(np.mean(np.logaddexp(0.0, x) - labels * x))


def temperature_case(name, path, task):
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    k = data.shape[1] // 2
    logits, labels = data[:, :k], data[:, k:]
    f = lambda u: nll(logits, labels, task, np.exp(u))
    lo, hi = np.log(T_MIN), np.log(T_MAX)
    if HAVE_SCIPY:
        r = minimize_scalar(f, bounds=(lo, hi), method="bounded", options={"xatol": 1e-10})
        u = r.x
    else:
        grid = np.linspace(lo, hi, 2001)
        for _ in range(4):
            u = grid[int(np.argmin([f(g) for g in grid]))]
            step = grid[1] - grid[0]
            grid = np.linspace(max(lo, u - step), min(hi, u + step), 201)
    out("temperature.%s" % name, np.exp(u))
    out("temperature.%s.nll1" % name, nll(logits, labels, task, 1.0))
    out("temperature.%s.nll2" % name, nll(logits, labels, task, 2.0))


def platt_case(name, path):
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    z, y = data[:, 0], data[:, 1]
    n1 = y.sum()
    n0 = len(y) - n1
    t = np.where(y == 1, (n1 + 1.0) / (n1 + 2.0), 1.0 / (n0 + 2.0))

    def fun(w):
        s = w[0] * z + w[1]
        return np.sum(np.logaddexp(0.0, s) - t * s)

    def jac(w):
        r = 1.0 / (1.0 + np.exp(-(w[0] * z + w[1]))) - t
        return np.array([np.sum(r * z), np.sum(r)])

    def hess(w):
        p = 1.0 / (1.0 + np.exp(-(w[0] * z + w[1])))
        v = p * (1 - p)
        return np.array([[np.sum(v * z * z), np.sum(v * z)], [np.sum(v * z), np.sum(v)]])

    if not HAVE_SCIPY:
        raise SystemExit("python3-scipy is needed for the Platt reference")
    r = minimize(fun, np.array([0.0, np.log((n1 + 1) / (n0 + 1))]), jac=jac, hess=hess,
                 method="trust-exact", options={"gtol": 1e-10})
    out("platt.%s" % name, r.x[0], r.x[1])


def main():
    folder = sys.argv[1]
    print("implementation.auc", "sklearn.metrics.roc_auc_score" if HAVE_SKLEARN else "numpy-mann-whitney")
    print("implementation.temperature", "scipy.optimize.minimize_scalar" if HAVE_SCIPY else "numpy-grid")
    with open(os.path.join(folder, "cases.txt")) as cases:
        for line in cases:
            parts = line.split()
            if not parts:
                continue
            kind, name, path = parts[0], parts[1], os.path.join(folder, parts[2])
            if kind == "auc":
                auc_case(name, path)
            elif kind == "ece":
                ece_case(name, path, int(parts[3]))
            elif kind == "temperature":
                temperature_case(name, path, parts[3])
            elif kind == "platt":
                platt_case(name, path)
            else:
                raise SystemExit("unknown case kind " + kind)


if __name__ == "__main__":
    main()

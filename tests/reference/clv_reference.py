#!/usr/bin/env python3
"""Independent reference values for the BG/NBD and Gamma-Gamma formulas used by tests/clv.rs.

Pure Python: math.lgamma and the plain Gauss series for 2F1, written straight from the papers
(Fader, Hardie & Lee 2005, "Counting your customers the easy way", eq. 6, 7, 10; Fader & Hardie,
"Computing P(alive) using the BG/NBD model"; Fader & Hardie, "The Gamma-Gamma model of monetary value",
eq. 3 and 5) without the transformations the Rust code uses. When scipy is installed, its hyp2f1 is
used as a second check of the series.

Run:  python3 tests/reference/clv_reference.py
"""
import math

try:
    from scipy.special import hyp2f1 as scipy_hyp2f1
except ImportError:  # the plain series is the reference; scipy only double-checks it
    scipy_hyp2f1 = None


def hyp2f1(a, b, c, z):
    term, total, j = 1.0, 1.0, 0
    while True:
        term *= (a + j) * (b + j) / ((c + j) * (j + 1)) * z
        total += term
        j += 1
        if j > 50 and abs(term) < 1e-17 * abs(total):
            break
    if scipy_hyp2f1 is not None:
        s = scipy_hyp2f1(a, b, c, z)
        assert abs(s - total) <= 1e-9 * abs(total), (a, b, c, z, s, total)
    return total


def lbeta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def bgnbd_ll(r, alpha, a, b, x, tx, T):
    # Eq. 6 as printed: L = B(a,b+x)/B(a,b) * G(r+x) a^r / (G(r) (a+T)^(r+x))
    #                       + d B(a+1,b+x-1)/B(a,b) * G(r+x) a^r / (G(r) (a+tx)^(r+x))
    common = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha)
    t1 = lbeta(a, b + x) - lbeta(a, b) + common - (r + x) * math.log(alpha + T)
    if x == 0:
        return t1
    t2 = lbeta(a + 1, b + x - 1) - lbeta(a, b) + common - (r + x) * math.log(alpha + tx)
    m = max(t1, t2)
    return m + math.log(math.exp(t1 - m) + math.exp(t2 - m))


def p_alive(r, alpha, a, b, x, tx, T):
    if x == 0:
        return 1.0
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def expected_new(r, alpha, a, b, t):
    # Eq. 7.
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z))


def expected_cond(r, alpha, a, b, x, tx, T, t):
    # Eq. 10.
    z = t / (alpha + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    return num * p_alive(r, alpha, a, b, x, tx, T)


def gg_ll(p, q, g, x, m):
    return (math.lgamma(p * x + q) - math.lgamma(p * x) - math.lgamma(q) + q * math.log(g)
            + (p * x - 1) * math.log(m) + p * x * math.log(x) - (p * x + q) * math.log(g + m * x))


def gg_mean(p, q, g, x, m):
    return p * (g + m * x) / (p * x + q - 1)


BG = (0.243, 4.414, 0.793, 2.426)  # FHL 2005, CDNOW, weeks
GG = (6.25, 3.74, 15.44)           # FHL 2005 iso-value paper, CDNOW
CASES = [  # (x, t_x, T, m)
    (0, 0.0, 38.86, 0.0),
    (2, 30.43, 38.86, 22.35),
    (1, 1.71, 38.86, 11.77),
    (7, 29.43, 38.86, 73.74),
    (0, 0.0, 31.0, 0.0),
    (30, 35.0, 38.0, 41.5),
    (200, 37.9, 38.0, 15.0),
    (3, 5.0, 38.0, 120.0),
]

if __name__ == "__main__":
    print("# BG/NBD at r, alpha, a, b =", BG, "; Gamma-Gamma at p, q, gamma =", GG)
    print("# x, t_x, T, m | ll | p_alive | E[Y(39)|.] | gg_ll (x>0) | E[M|x,m]")
    total = 0.0
    for x, tx, T, m in CASES:
        ll = bgnbd_ll(*BG, x, tx, T)
        total += ll
        row = [ll, p_alive(*BG, x, tx, T), expected_cond(*BG, x, tx, T, 39.0)]
        row += [gg_ll(*GG, x, m) if x > 0 else float("nan"), gg_mean(*GG, x, m)]
        print(f"({x}, {tx!r}, {T!r}, {m!r}, {', '.join(repr(v) for v in row)}),")
    print("# total BG/NBD log-likelihood of the cases:", repr(total))
    print("# E[X(t)] of a new customer, t = 1, 10, 39, 78:", [repr(expected_new(*BG, t)) for t in (1.0, 10.0, 39.0, 78.0)])
    # a = 1 is a removable singularity of eq. 7 and 10: the limit from both sides.
    near = [(0.5, 6.0, 1.0 + e, 2.0) for e in (1e-6, -1e-6)]
    print("# E[X(10)] at r=0.5 alpha=6 b=2, a -> 1:", repr(sum(expected_new(*p, 10.0) for p in near) / 2))
    print("# E[Y(20)|x=4,t_x=12,T=30] at r=0.5 alpha=6 b=2, a -> 1:",
          repr(sum(expected_cond(*p, 4, 12.0, 30.0, 20.0) for p in near) / 2))

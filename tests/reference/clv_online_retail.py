#!/usr/bin/env python3
"""Independent reference for `clientela clv` on Online Retail (calibration through 2011-08-31, weeks).

Builds the calibration summary with pandas by the same rules as src/clv/summary.rs (purchase events:
quantity > 0, unit price >= 0 (a $0 line is a purchase event that adds no spend), invoice not starting
with 'C'; lines with a customer id; same-day purchases merged; the calibration end 2011-08-31 is the last
day of the calibration period, as lifetimes' calibration_period_end; t_x, T in days / 7 with T measured
to that day), then fits
  1. BG/NBD and Gamma-Gamma with lifetimes 0.11.3 (BetaGeoFitter, GammaGammaFitter, penalizer 0), and
  2. BG/NBD by scipy.optimize.minimize (L-BFGS-B on log-parameters) of the log-likelihood written here,
and prints the parameters, log-likelihoods and the holdout totals (predicted vs actual repeat purchases).

Run:  python3 tests/reference/clv_online_retail.py ../shared/data/online_retail.csv.gz
"""
import math
import sys

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/online_retail.csv.gz"
cal_last = pd.Timestamp("2011-08-31")
cal_end = cal_last + pd.Timedelta(days=1)
df = pd.read_csv(path, encoding="latin-1", dtype={"InvoiceNo": str, "StockCode": str, "CustomerID": str})
df["InvoiceDate"] = pd.to_datetime(df["InvoiceDate"], format="mixed", dayfirst=False)
hold_end = df["InvoiceDate"].max().normalize() + pd.Timedelta(days=1)
buy = df[(df["Quantity"] > 0) & (df["UnitPrice"] >= 0) & ~df["InvoiceNo"].str.startswith("C") & df["CustomerID"].notna()].copy()
buy["day"] = buy["InvoiceDate"].dt.normalize()
buy["amount"] = buy["Quantity"] * buy["UnitPrice"]
days = buy.groupby(["CustomerID", "day"], as_index=False)["amount"].sum()
first = days.groupby("CustomerID")["day"].min()
days = days.join(first.rename("first"), on="CustomerID")
days = days[days["first"] < cal_end]
cal = days[days["day"] < cal_end]
hold = days[days["day"] >= cal_end]
g = cal.groupby("CustomerID")
summ = pd.DataFrame({
    "x": g.size() - 1,
    "t_x": (g["day"].max() - g["day"].min()).dt.days / 7.0,
    "T": (cal_last - g["day"].min()).dt.days / 7.0,
})
rep = cal[cal["day"] > cal["first"]].groupby("CustomerID")["amount"].mean()
summ["m"] = rep.reindex(summ.index).fillna(0.0)
summ["hold"] = hold.groupby("CustomerID").size().reindex(summ.index).fillna(0).astype(int)
x, tx, T = summ["x"].to_numpy(float), summ["t_x"].to_numpy(), summ["T"].to_numpy()
print(f"customers {len(summ)}, repeat buyers {(x > 0).sum()}, holdout weeks {(hold_end - cal_end).days / 7:.4f}, actual holdout purchases {summ['hold'].sum()}")


def ll(params):
    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * math.log(alpha) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x) + gammaln(a + b)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return float(np.sum(common + np.logaddexp(a3, a4)))


def cond(params, t):
    r, alpha, a, b = params
    z = t / (alpha + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    pa = np.where(x > 0, 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)), 1.0)
    return num * pa


hl = (hold_end - cal_end).days / 7.0
res = minimize(lambda th: -ll(np.exp(th)) / len(x), np.log([1, 10, 1, 1]), method="L-BFGS-B", bounds=[(-20, 20)] * 4,
               options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000})
p = np.exp(res.x)
print("scipy L-BFGS-B BG/NBD r, alpha, a, b =", [f"{v:.6g}" for v in p], f"LL {ll(p):.4f}", res.message)
print(f"  holdout predicted {cond(p, hl).sum():.2f}")

from lifetimes import BetaGeoFitter, GammaGammaFitter

try:
    bg = BetaGeoFitter(penalizer_coef=0.0)
    bg.fit(summ["x"], summ["t_x"], summ["T"])
    q = bg.params_
    print("lifetimes BG/NBD", {k: f"{v:.6g}" for k, v in q.items()}, f"LL {ll([q['r'], q['alpha'], q['a'], q['b']]):.4f}")
    pred = bg.conditional_expected_number_of_purchases_up_to_time(hl, summ["x"], summ["t_x"], summ["T"]).sum()
    print(f"  holdout predicted {pred:.2f}")
except Exception as e:  # lifetimes is unmaintained and often fails to converge
    print("lifetimes BG/NBD failed:", type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else "")
try:
    rb = summ[(summ["x"] > 0) & (summ["m"] > 0)]
    gg = GammaGammaFitter(penalizer_coef=0.0)
    gg.fit(rb["x"], rb["m"])
    print("lifetimes Gamma-Gamma", {k: f"{v:.6g}" for k, v in gg.params_.items()})
    print(f"  correlation x vs m {np.corrcoef(rb['x'], rb['m'])[0, 1]:.4f}")
except Exception as e:
    print("lifetimes Gamma-Gamma failed:", type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else "")

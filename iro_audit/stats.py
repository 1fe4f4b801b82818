"""Statistics for the reports, as `metrics.md` ("Statistics") defines them.

- `wilson_interval`: Wilson score interval for a proportion.
- `change_test`: is the change in a proportion between two windows more than chance?
  (two-proportion z test, or Fisher's exact test when any expected count is under 5).
- `xmr`: XmR statistical process control per NHS England "Making Data Count", with the
  moving-range outlier screening NHSRplotthedots offers.
- `cohen_kappa`: agreement between two raters (auditor and moderator) beyond chance, with a
  95% interval from Cohen's (1960) large-sample standard error.
- `sample_size` / `achieved_margin`: dip-sample size for a proportion with a finite population
  correction, and the margin of error a given sample achieves.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

Z95 = 1.959964

# XmR constants ("Making Data Count"; Wheeler): limits at mean +/- 2.66 x mean moving range,
# moving ranges above 3.267 x the mean moving range screened out when asked.
XMR_LIMIT = 2.66
XMR_MR_SCREEN = 3.267
XMR_RUN = 7


def round_half_up(x: float, places: int = 1) -> float:
    """Round as people expect (2.25 -> 2.3), not banker's rounding."""
    q = Decimal(1).scaleb(-places)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def wilson_interval(n: int, d: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for n successes out of d, as fractions (None when d is 0)."""
    if d == 0:
        return None
    p = n / d
    denom = 1 + z * z / d
    centre = (p + z * z / (2 * d)) / denom
    half = z * math.sqrt(p * (1 - p) / d + z * z / (4 * d * d)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


# ---------------------------------------------------------------------------------------------
# Change between two windows
# ---------------------------------------------------------------------------------------------


def format_p(p: float) -> str:
    """A p-value as reports print it: 'p = 0.21', 'p = 0.004', 'p < 0.001'."""
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {round_half_up(p, 3):.3f}"
    return f"p = {round_half_up(p, 2):.2f}"


def change_test(n1: int, d1: int, n2: int, d2: int, alpha: float = 0.05) -> dict:
    """Whether the proportion n2/d2 (the later window) differs from n1/d1 (the earlier) by more
    than chance.

    Returns ``{n1, d1, n2, d2, pct1, pct2, difference, test, p_value, significant, verdict}``:
    percentages to one decimal (half up), ``difference`` = pct2 - pct1 in percentage points
    (to one decimal), ``test`` is "two-proportion z" or "Fisher's exact" (used when any expected
    count of the 2x2 table is under 5), ``p_value`` two-sided, ``significant`` = p < alpha,
    and ``verdict`` in plain English, e.g.
    "down from 94.5% to 91.7%, not more than chance (p = 0.21)".
    With a denominator of 0 there is nothing to compare: test and p_value are None.
    """
    from scipy import stats as st

    n1, d1, n2, d2 = int(n1), int(d1), int(n2), int(d2)
    for name, n, d in (("first", n1, d1), ("second", n2, d2)):
        if d < 0 or n < 0 or n > d:
            raise ValueError(f"{name} proportion {n}/{d} is not a proportion")
    out = {"n1": n1, "d1": d1, "n2": n2, "d2": d2,
           "pct1": round_half_up(100 * n1 / d1, 1) if d1 else None,
           "pct2": round_half_up(100 * n2 / d2, 1) if d2 else None,
           "difference": None, "test": None, "p_value": None, "significant": None}
    if d1 == 0 or d2 == 0:
        which = "either window" if d1 == d2 == 0 else ("the first window" if d1 == 0 else "the second window")
        out["verdict"] = f"no comparison: no cases in {which}"
        return out
    p1, p2 = n1 / d1, n2 / d2
    out["difference"] = round_half_up(100 * (p2 - p1), 1)
    total = d1 + d2
    yes = n1 + n2
    no = total - yes
    expected = [d1 * yes / total, d1 * no / total, d2 * yes / total, d2 * no / total]
    if min(expected) < 5:
        out["test"] = "Fisher's exact"
        _, p = st.fisher_exact([[n1, d1 - n1], [n2, d2 - n2]], alternative="two-sided")
    else:
        out["test"] = "two-proportion z"
        pooled = yes / total
        se = math.sqrt(pooled * (1 - pooled) * (1 / d1 + 1 / d2))
        z = (p2 - p1) / se if se > 0 else 0.0
        p = 2 * st.norm.sf(abs(z))
    p = float(min(1.0, p))
    out["p_value"] = p
    out["significant"] = bool(p < alpha)
    a, b = f"{out['pct1']:.1f}%", f"{out['pct2']:.1f}%"
    if out["pct1"] == out["pct2"]:
        move = f"unchanged at {b}" if p1 == p2 else f"little changed at {b}"
    else:
        move = f"{'up' if p2 > p1 else 'down'} from {a} to {b}"
    judged = "more than chance" if out["significant"] else "not more than chance"
    out["verdict"] = f"{move}, {judged} ({format_p(p)})"
    return out


# ---------------------------------------------------------------------------------------------
# Agreement between two raters
# ---------------------------------------------------------------------------------------------


def cohen_kappa(first, second, categories=None, z: float = Z95) -> dict:
    """Cohen's kappa of two raters' answers to the same cases (FIRST[i] and SECOND[i] answer
    case i; pairs where either is missing are left out).

    po = share of cases where they agree; pe = sum over categories of (share FIRST gave it) x
    (share SECOND gave it); kappa = (po - pe) / (1 - pe). Standard error: Cohen's (1960)
    large-sample formula SE = sqrt(po (1 - po) / (n (1 - pe)^2)) (as in Altman, Practical
    Statistics for Medical Research, 14.3); 95% interval kappa +/- 1.96 SE, cut to [-1, 1].

    Returns ``{n, agree, po, pe, kappa, se, ci95, agreement_ci95, table, categories}``: table
    is the square count table (rows FIRST, columns SECOND, in CATEGORIES order, default the
    answers seen, sorted); agreement_ci95 the Wilson interval of po. kappa, se and ci95 are None
    when n is 0 or pe is 1 (both raters gave one and the same answer every time: kappa is not
    defined).
    """
    pairs = [(str(a), str(b)) for a, b in zip(first, second)
             if a is not None and b is not None and not (isinstance(a, float) and math.isnan(a))
             and not (isinstance(b, float) and math.isnan(b))]
    cats = list(categories) if categories is not None else sorted({x for p in pairs for x in p})
    idx = {c: i for i, c in enumerate(cats)}
    tab = [[0] * len(cats) for _ in cats]
    for a, b in pairs:
        if a not in idx or b not in idx:
            raise ValueError(f"answer {a if a not in idx else b} is not one of {', '.join(cats)}")
        tab[idx[a]][idx[b]] += 1
    n = len(pairs)
    out = {"n": n, "agree": sum(tab[i][i] for i in range(len(cats))), "po": None, "pe": None,
           "kappa": None, "se": None, "ci95": None, "agreement_ci95": None,
           "table": tab, "categories": cats}
    if n == 0:
        return out
    po = out["agree"] / n
    rows = [sum(r) / n for r in tab]
    cols = [sum(tab[i][j] for i in range(len(cats))) / n for j in range(len(cats))]
    pe = sum(r * c for r, c in zip(rows, cols))
    out.update(po=po, pe=pe, agreement_ci95=wilson_interval(out["agree"], n, z))
    if pe >= 1 - 1e-12:
        return out
    kappa = (po - pe) / (1 - pe)
    se = math.sqrt(po * (1 - po) / (n * (1 - pe) ** 2))
    out.update(kappa=kappa, se=se, ci95=(max(-1.0, kappa - z * se), min(1.0, kappa + z * se)))
    return out


# ---------------------------------------------------------------------------------------------
# XmR statistical process control
# ---------------------------------------------------------------------------------------------


def _runs_flag(signs: np.ndarray, length: int) -> np.ndarray:
    """True for every point in a run of at least LENGTH equal, non-zero values of SIGNS."""
    flag = np.zeros(len(signs), dtype=bool)
    i = 0
    while i < len(signs):
        j = i
        while j + 1 < len(signs) and signs[j + 1] == signs[i]:
            j += 1
        if signs[i] != 0 and j - i + 1 >= length:
            flag[i:j + 1] = True
        i = j + 1
    return flag


def xmr(values, screen_outliers: bool = False) -> pd.DataFrame:
    """XmR chart of a series (in time order; a Series keeps its index).

    One row per point: ``VALUE, MR`` (moving range, NaN for the first point and for a range
    screened out), ``MEAN, UPL, LPL`` (mean +/- 2.66 x mean moving range), ``NEAR_UPPER,
    NEAR_LOWER`` (two-thirds of the way to each limit), and the special-cause flags
    ``OUTSIDE`` (beyond a limit), ``SHIFT`` (part of a run of 7 or more on one side of the mean;
    a point on the mean breaks a run), ``TREND`` (part of a run of 7 or more each higher, or each
    lower, than the one before), ``TWO_OF_THREE`` (a point beyond two-thirds of the way to a
    limit, but inside it, with another such point among 3 in a row all on that side of the mean),
    ``SPECIAL_CAUSE`` (any of those) and ``SIDE`` ("high", "low" or "" for a special-cause
    point above / below the mean).

    With ``screen_outliers`` moving ranges of 3.267 x the mean moving range or more are left
    out and the mean moving range recomputed, as NHSRplotthedots does.
    """
    idx = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(values))
    y = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").to_numpy(dtype=float)
    if np.isnan(y).any():
        raise ValueError("xmr: the series has missing values")
    n = len(y)
    mr = np.full(n, np.nan)
    if n >= 2:
        mr[1:] = np.abs(np.diff(y))
    mean = y.mean() if n else np.nan
    amr = np.nanmean(mr) if n >= 2 else np.nan
    if screen_outliers and n >= 2:
        mr = np.where(mr < XMR_MR_SCREEN * amr, mr, np.nan)
        mr[0] = np.nan
        amr = np.nanmean(mr) if np.isfinite(mr).any() else 0.0
    upl, lpl = mean + XMR_LIMIT * amr, mean - XMR_LIMIT * amr
    near = 2 * XMR_LIMIT / 3 * amr
    nupl, nlpl = mean + near, mean - near

    outside = (y > upl) | (y < lpl)
    side = np.sign(y - mean)
    shift = _runs_flag(side, XMR_RUN)
    steps = np.sign(np.diff(y)) if n >= 2 else np.zeros(0)
    trend = np.zeros(n, dtype=bool)
    step_runs = _runs_flag(steps, XMR_RUN - 1)  # 6 steps one way = 7 points
    for k in np.flatnonzero(step_runs):
        trend[k] = trend[k + 1] = True
    close = ~outside & ((y > nupl) | (y < nlpl))
    two3 = np.zeros(n, dtype=bool)
    for start in range(max(0, n - 2)):
        w = slice(start, start + 3)
        if close[w].sum() >= 2 and abs(side[w].sum()) == 3:
            two3[w] |= close[w]
    special = outside | shift | trend | two3
    out = pd.DataFrame({
        "VALUE": y, "MR": mr, "MEAN": mean, "UPL": upl, "LPL": lpl,
        "NEAR_UPPER": nupl, "NEAR_LOWER": nlpl,
        "OUTSIDE": outside, "SHIFT": shift, "TREND": trend, "TWO_OF_THREE": two3,
        "SPECIAL_CAUSE": special,
        "SIDE": np.where(special, np.where(side > 0, "high", np.where(side < 0, "low", "")), ""),
    }, index=idx)
    return out


# ---------------------------------------------------------------------------------------------
# Dip-sample size
# ---------------------------------------------------------------------------------------------


def z_for(confidence: float) -> float:
    """The two-sided normal quantile to three decimals (1.96 at 95%, 1.645 at 90%, 2.576 at 99%)."""
    from scipy import stats as st

    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence} must be between 0 and 1 (e.g. 0.95)")
    return round(float(st.norm.ppf(1 - (1 - confidence) / 2)), 3)


def _check_population(N) -> int:
    if N is None or int(N) != N or N < 1:
        raise ValueError(f"population {N} must be a whole number of 1 or more")
    return int(N)


def sample_size(N: int, p: float = 0.5, margin: float = 0.05, confidence: float = 0.95) -> int:
    """Cases to sample from a population of N to estimate a proportion near P within +/- MARGIN:
    ceil(z^2 N p(1-p) / (A^2 N + z^2 p(1-p))), z = 1.96 at 95% (N=400, p=0.7, A=0.05 -> 179)."""
    N = _check_population(N)
    if not 0 < p < 1:
        raise ValueError(f"p {p} must be between 0 and 1 (use 0.5 when unsure)")
    if not 0 < margin < 1:
        raise ValueError(f"margin {margin} must be between 0 and 1 (e.g. 0.05 for 5 points)")
    z = z_for(confidence)
    pq = p * (1 - p)
    n = z * z * N * pq / (margin * margin * N + z * z * pq)
    # guard against 178.00000000001 from floating point before rounding up
    return min(N, math.ceil(round(n, 9)))


def achieved_margin(n: int, N: int, p: float = 0.5, confidence: float = 0.95) -> float:
    """Margin of error (a fraction: 0.214 = +/- 21.4 points) of a proportion estimated from a
    sample of n out of N: z sqrt(p(1-p)/n x (N-n)/N), the inverse of `sample_size`."""
    N = _check_population(N)
    if int(n) != n or n < 1:
        raise ValueError(f"sample size {n} must be a whole number of 1 or more")
    if n > N:
        raise ValueError(f"sample size {n} is larger than the population {N}")
    if not 0 < p < 1:
        raise ValueError(f"p {p} must be between 0 and 1 (use 0.5 when unsure)")
    z = z_for(confidence)
    return z * math.sqrt(p * (1 - p) / n * (N - n) / N)

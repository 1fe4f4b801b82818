"""The one shared way an aggregate is made from child-level rows, so headline, exception list
and JSON never disagree."""
from __future__ import annotations

import pandas as pd

from ..stats import round_half_up, wilson_interval


def proportion(n: int, d: int) -> dict:
    """`{n, d, pct, ci95}` as `metrics.md` defines a proportion."""
    n, d = int(n), int(d)
    if d == 0:
        return {"n": n, "d": 0, "pct": None, "ci95": None}
    lo, hi = wilson_interval(n, d)
    return {"n": n, "d": d, "pct": round_half_up(100 * n / d, 1),
            "ci95": [round_half_up(100 * lo, 1), round_half_up(100 * hi, 1)]}


def proportion_of(rows: pd.DataFrame, flag: str, denominator: str | None = None) -> dict:
    """Proportion of ROWS (or of those where boolean column DENOMINATOR is true) with FLAG true."""
    if denominator is not None:
        rows = rows[rows[denominator].fillna(False).astype(bool)]
    return proportion(int(rows[flag].fillna(False).astype(bool).sum()), len(rows))


def count_of(rows: pd.DataFrame, flag: str | None = None) -> int:
    """Number of ROWS, or of those with boolean column FLAG true."""
    if flag is None:
        return int(len(rows))
    return int(rows[flag].fillna(False).astype(bool).sum())


def counts_by(rows: pd.DataFrame, column: str) -> dict:
    """Counts of ROWS by the codes of COLUMN that occur (blank shown as UNKNOWN), sorted."""
    vals = rows[column].astype("object").where(rows[column].notna(), "UNKNOWN")
    vc = vals.value_counts()
    return {str(k): int(vc[k]) for k in sorted(vc.index, key=str)}

"""Seeded, optionally stratified, selection of a dip sample.

The cohort is sorted by CHILD first, so the order rows arrive in never changes the draw: the
same cohort, size and seed always give the same children in the same order.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ParameterError

ALLOCATIONS = ("proportional", "equal")
UNKNOWN_STRATUM = "UNKNOWN"


def _check_n(n, available: int) -> int:
    if n is None or isinstance(n, bool) or int(n) != n or n < 1:
        raise ParameterError(f"sample size {n} must be a whole number of 1 or more")
    n = int(n)
    if n > available:
        raise ParameterError(f"a sample of {n} was asked for but the cohort has only {available} "
                             "case(s)")
    return n


def allocate(sizes: dict, n: int, allocation: str = "proportional") -> dict:
    """How many cases to draw from each stratum; the allocations add up to N exactly.

    proportional: each stratum gets the whole part of n x size / total, and the cases left
    over go one each to the largest remainders (ties: the larger stratum, then the stratum
    name). equal: n // strata each, the rest one each to the largest strata (ties by name); a
    stratum smaller than its share gives all its cases and the rest is shared among the others.
    """
    if allocation not in ALLOCATIONS:
        raise ParameterError(f"allocation '{allocation}' must be one of {', '.join(ALLOCATIONS)}")
    names = sorted(sizes, key=str)
    total = sum(int(sizes[k]) for k in names)
    n = _check_n(n, total)
    if allocation == "proportional":
        quota = {k: n * int(sizes[k]) / total for k in names}
        alloc = {k: int(np.floor(quota[k] + 1e-9)) for k in names}
        left = n - sum(alloc.values())
        order = sorted(names, key=lambda k: (-(quota[k] - alloc[k]), -int(sizes[k]), str(k)))
        for k in order[:left]:
            alloc[k] += 1
        return alloc
    alloc = {k: 0 for k in names}
    open_ = [k for k in names if sizes[k] > 0]
    left = n
    while left > 0 and open_:
        share, extra = divmod(left, len(open_))
        by_size = sorted(open_, key=lambda k: (-int(sizes[k]), str(k)))
        give = {k: share + (1 if i < extra else 0) for i, k in enumerate(by_size)}
        for k in open_:
            take = min(give[k], int(sizes[k]) - alloc[k])
            alloc[k] += take
            left -= take
        open_ = [k for k in open_ if alloc[k] < int(sizes[k])]
    return alloc


def strata_of(frame: pd.DataFrame, strata: str) -> pd.Series:
    """The stratum of each row as text (blank = UNKNOWN)."""
    if strata not in frame.columns:
        raise ParameterError(f"strata column '{strata}' is not in the cohort (it has "
                             f"{', '.join(map(str, frame.columns))})")
    col = frame[strata].astype("object")
    return col.map(lambda v: UNKNOWN_STRATUM if pd.isna(v) or str(v).strip() == "" else str(v))


def select(cohort_df: pd.DataFrame, n: int, seed: int, strata: str | None = None,
           allocation: str = "proportional") -> pd.DataFrame:
    """N rows of COHORT_DF drawn at random from SEED (a numpy Generator), in the order drawn.

    Adds SEQ (1 = first drawn) and, with STRATA (a column name), STRATUM. With strata each
    stratum (in name order) is drawn in turn, its size fixed by `allocate`.
    """
    if "CHILD" not in cohort_df.columns:
        raise ParameterError("the cohort has no CHILD column")
    if seed is None or isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise ParameterError(f"seed {seed} must be a whole number of 0 or more")
    if cohort_df["CHILD"].isna().any():
        raise ParameterError("the cohort has rows without a CHILD")
    if cohort_df["CHILD"].astype(str).duplicated().any():
        dup = cohort_df["CHILD"].astype(str)[cohort_df["CHILD"].astype(str).duplicated()].iloc[0]
        raise ParameterError(f"child {dup} is in the cohort twice (make it with `cohort`, which "
                             "keeps one row per child)")
    df = cohort_df.copy()
    df["CHILD"] = df["CHILD"].astype(str)
    df = df.sort_values("CHILD", kind="mergesort").reset_index(drop=True)
    n = _check_n(n, len(df))
    rng = np.random.default_rng(int(seed))
    if strata is None:
        picked = rng.permutation(len(df))[:n]
        out = df.iloc[picked].copy()
    else:
        st = strata_of(df, strata)
        sizes = st.value_counts().to_dict()
        alloc = allocate(sizes, n, allocation)
        parts = []
        for name in sorted(alloc, key=str):
            rows = np.flatnonzero((st == name).to_numpy())
            take = rng.permutation(len(rows))[:alloc[name]]
            part = df.iloc[rows[take]].copy()
            part["STRATUM"] = name
            parts.append(part)
        out = pd.concat(parts)
    out.insert(0, "SEQ", np.arange(1, len(out) + 1))
    out.attrs = dict(cohort_df.attrs)
    return out.reset_index(drop=True)

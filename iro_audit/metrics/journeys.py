"""Entering and leaving care, and unaccompanied asylum-seeking children (groups `entering`,
`ceased`, `uasc`), as `metrics.md` defines them. Short-break periods are left out.

- `entering`: one row per period of care starting in the window (a child who leaves and comes
  back in the window has two rows: two occasions, one child).
- `ceased`: one row per period of care ending in the window, with the REC of its last episode.
- `uasc_looked_after`: one row per child looked after at as_at who has a uasc row whose DUC
  (date the child stopped being a UASC) is after as_at or blank.
"""
from __future__ import annotations

import pandas as pd

from .. import calendar
from ..periods import care
from ._common import count_of, counts_by


def _periods(ds) -> pd.DataFrame:
    p = care(ds).periods
    return p[~p["SHORT_BREAK"].astype(bool)]


def _children(rows: pd.DataFrame) -> int:
    return count_of(rows.drop_duplicates("CHILD"))


def entering(ds, window, params) -> pd.DataFrame:
    """Periods starting in the window: CHILD, PERIOD_ID, START, AGE_AT_START, FIRST_LS,
    FIRST_PLACE, PERIOD_SEQ (1 = the child's first period in the data), END."""
    p = _periods(ds)
    rows = p[window.contains(p["START"])].copy()
    rows["AGE_AT_START"] = calendar.age_in_years(rows["DOB"], rows["START"])
    return rows[["CHILD", "PERIOD_ID", "DOB", "START", "AGE_AT_START", "FIRST_LS", "FIRST_PLACE",
                 "PERIOD_SEQ", "END"]].reset_index(drop=True)


def ceased(ds, window, params) -> pd.DataFrame:
    """Periods ending in the window: CHILD, PERIOD_ID, START, END, LAST_REC, DAYS_IN_CARE,
    AGE_AT_END."""
    p = _periods(ds)
    rows = p[window.contains(p["END"])].copy()
    rows["DAYS_IN_CARE"] = (rows["END"] - rows["START"]).dt.days
    rows["AGE_AT_END"] = calendar.age_in_years(rows["DOB"], rows["END"])
    return rows[["CHILD", "PERIOD_ID", "DOB", "START", "END", "LAST_REC", "DAYS_IN_CARE",
                 "AGE_AT_END"]].reset_index(drop=True)


def uasc_looked_after(ds, window, params) -> pd.DataFrame:
    """Children looked after at as_at who are UASC at as_at: CHILD, DOB, AGE, PERIOD_START, DUC."""
    uasc = ds.get("uasc")
    cols = ["CHILD", "DOB", "AGE", "PERIOD_START", "DUC"]
    if uasc is None:
        return pd.DataFrame(columns=cols)
    as_at = window.as_at
    u = uasc[["CHILD", "DUC"]].copy()
    u["DUC"] = pd.to_datetime(u["DUC"]).astype("datetime64[ns]")
    u = u[u["DUC"].isna() | (u["DUC"] > as_at)].drop_duplicates("CHILD")
    la = care(ds).looked_after_at(as_at)[["CHILD", "DOB", "START"]].rename(
        columns={"START": "PERIOD_START"}).drop_duplicates("CHILD", keep="last")
    la["CHILD"] = la["CHILD"].astype(object)
    u["CHILD"] = u["CHILD"].astype(object)
    rows = la.merge(u, on="CHILD", how="inner")
    rows["AGE"] = calendar.age_in_years(rows["DOB"], as_at)
    return rows[cols].sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def entering_summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    rows = entering(ds, window, params)
    return {
        "children": _children(rows),
        "occasions": count_of(rows),
        "by_legal_status": counts_by(rows, "FIRST_LS"),
        "by_placement": counts_by(rows, "FIRST_PLACE"),
    }


def ceased_summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    rows = ceased(ds, window, params)
    return {"children": _children(rows), "by_reason": counts_by(rows, "LAST_REC")}


def uasc_summary(ds, window, params) -> dict | None:
    if not ds.has("uasc"):
        return None
    return {"looked_after": count_of(uasc_looked_after(ds, window, params))}

"""IRO escalations (`escalations`, needs that table), as `metrics.md` defines them.

Over escalations raised in the window (RAISED_DATE in the window; not filtered by period):
- `escalations_raised`: one row per escalation with DAYS_TO_RESOLVE (calendar days),
  WORKING_DAYS_TO_RESOLVE (working days after RAISED_DATE up to and including RESOLVED_DATE;
  blank when unresolved or dated before RAISED_DATE)
  and RESOLVED_WITHIN_20WD (RESOLVED_DATE within `escalation_resolution_working_days` working
  days of RAISED_DATE, `calendar.within_working_days`; unresolved or resolved before it was
  raised is not within). The resolution test is only counted for FORMAL escalations.
- `repeated_escalations`: one row per child with two or more escalations raised in the window
  (discussions and formal alike).
- STAGE_REACHED and REASON blank are counted as UNKNOWN in `by_stage` / `by_reason`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ._common import count_of, counts_by, proportion_of

COLUMNS = ["ESCALATION_ID", "CHILD", "IRO_ID", "RAISED_DATE", "ESCALATION_TYPE", "FORMAL",
           "STAGE_REACHED", "REASON", "RESOLVED_DATE", "RESOLVED", "DAYS_TO_RESOLVE",
           "WORKING_DAYS_TO_RESOLVE", "RESOLVED_WITHIN_20WD", "OUTCOME"]


def escalations_raised(ds, window, params) -> pd.DataFrame:
    e = ds.get("escalations")
    if e is None:
        return pd.DataFrame(columns=COLUMNS)
    e = e.copy()
    for c in ("IRO_ID", "STAGE_REACHED", "REASON", "OUTCOME"):
        if c not in e:
            e[c] = None
    for c in ("RAISED_DATE", "RESOLVED_DATE"):
        e[c] = pd.to_datetime(e[c]).astype("datetime64[ns]")
    r = e[window.contains(e["RAISED_DATE"])].copy()
    r["CHILD"] = r["CHILD"].astype(object)
    r["FORMAL"] = r["ESCALATION_TYPE"].eq("FORMAL").fillna(False).astype(bool)
    r["RESOLVED"] = r["RESOLVED_DATE"].notna()
    r["DAYS_TO_RESOLVE"] = (r["RESOLVED_DATE"] - r["RAISED_DATE"]).dt.days.astype("Int64")
    wd = calendar.working_days_between(r["RAISED_DATE"], r["RESOLVED_DATE"])
    wd = pd.Series(np.asarray(wd, dtype=float), index=r.index)
    # resolved before it was raised is a data error: no working-day count (DAYS_TO_RESOLVE < 0)
    r["WORKING_DAYS_TO_RESOLVE"] = wd.where(r["RESOLVED_DATE"] >= r["RAISED_DATE"]).round().astype("Int64")
    within = calendar.within_working_days(r["RESOLVED_DATE"], r["RAISED_DATE"],
                                          params["escalation_resolution_working_days"])
    r["RESOLVED_WITHIN_20WD"] = np.asarray(within, dtype=bool) & r["RESOLVED"].to_numpy()
    extra = [c for c in ("_file", "_row") if c in r.columns]
    return r[COLUMNS + extra].sort_values(["RAISED_DATE", "ESCALATION_ID"], kind="mergesort").reset_index(drop=True)


def repeated_escalations(ds, window, params, min_count: int = 2) -> pd.DataFrame:
    """Children with MIN_COUNT or more escalations raised in the window: CHILD, ESCALATIONS,
    FORMAL, FIRST_RAISED, LAST_RAISED, REASONS (distinct reasons, sorted, '; '-joined)."""
    r = escalations_raised(ds, window, params)
    cols = ["CHILD", "ESCALATIONS", "FORMAL", "FIRST_RAISED", "LAST_RAISED", "REASONS"]
    r = r[r["CHILD"].notna()]
    if r.empty:
        return pd.DataFrame(columns=cols)
    g = r.groupby("CHILD", sort=True)
    out = pd.DataFrame({
        "ESCALATIONS": g.size(),
        "FORMAL": g["FORMAL"].sum(),
        "FIRST_RAISED": g["RAISED_DATE"].min(),
        "LAST_RAISED": g["RAISED_DATE"].max(),
    })
    out = out[out["ESCALATIONS"] >= min_count]
    reasons = (r[r["CHILD"].isin(out.index) & r["REASON"].notna()][["CHILD", "REASON"]]
               .drop_duplicates().sort_values(["CHILD", "REASON"], kind="mergesort"))
    out["REASONS"] = reasons.groupby("CHILD")["REASON"].agg("; ".join).reindex(out.index).fillna("")
    out = out.reset_index()
    out["ESCALATIONS"] = out["ESCALATIONS"].astype(np.int64)
    out["FORMAL"] = out["FORMAL"].astype(np.int64)
    return out[cols].sort_values(["ESCALATIONS", "CHILD"], ascending=[False, True],
                                 kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("escalations"):
        return None
    r = escalations_raised(ds, window, params)
    return {
        "discussion": count_of(r.assign(_D=r["ESCALATION_TYPE"].eq("DISCUSSION")), "_D"),
        "formal": count_of(r, "FORMAL"),
        "by_stage": counts_by(r, "STAGE_REACHED"),
        "by_reason": counts_by(r, "REASON"),
        "resolved_within_20wd": proportion_of(r, "RESOLVED_WITHIN_20WD", "FORMAL"),
    }

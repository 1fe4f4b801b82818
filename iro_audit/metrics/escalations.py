"""IRO escalations (`escalations`, needs that table), as `metrics.md` defines them.

Over escalations raised in the window (RAISED_DATE in the window; not filtered by period):
- `escalations_raised`: one row per escalation with DAYS_TO_RESOLVE (calendar days),
  WORKING_DAYS_TO_RESOLVE (working days after RAISED_DATE up to and including RESOLVED_DATE;
  blank when unresolved or dated before RAISED_DATE)
  and RESOLVED_WITHIN_20WD (RESOLVED_DATE within `escalation_resolution_working_days` working
  days of RAISED_DATE, `calendar.within_working_days`; unresolved or resolved before it was
  raised is not within). The resolution test is only counted for FORMAL escalations.
  RESOLUTION_DUE is the last day within (the `escalation_resolution_working_days`th working day
  after RAISED_DATE). Departure from `metrics.md`, only when parameter `extract_date` is set
  (default null: exactly as `metrics.md`): an unresolved escalation whose RESOLUTION_DUE is after
  the extract date is "not yet due" (RESOLUTION_NOT_YET_DUE) and is left out of both n and d of
  `resolved_within_20wd`, because one raised days before the extract cannot be shown resolved
  in time yet; a resolved one is judged as usual whatever the extract date.
- `repeated_escalations`: one row per child with two or more escalations raised in the window
  (discussions and formal alike).
- STAGE_REACHED and REASON blank are counted as UNKNOWN in `by_stage` / `by_reason`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ..params import not_yet_due
from ._common import count_of, counts_by, proportion_of

COLUMNS = ["ESCALATION_ID", "CHILD", "IRO_ID", "RAISED_DATE", "ESCALATION_TYPE", "FORMAL",
           "STAGE_REACHED", "REASON", "RESOLVED_DATE", "RESOLVED", "DAYS_TO_RESOLVE",
           "WORKING_DAYS_TO_RESOLVE", "RESOLUTION_DUE", "RESOLVED_WITHIN_20WD",
           "RESOLUTION_NOT_YET_DUE", "OUTCOME"]


def escalations_raised(ds, window, params) -> pd.DataFrame:
    """One row per escalation raised in the window, with the columns of COLUMNS (see the module
    docstring): ..., WORKING_DAYS_TO_RESOLVE, RESOLUTION_DUE, RESOLVED_WITHIN_20WD,
    RESOLUTION_NOT_YET_DUE (parameter `extract_date` set, RESOLVED_DATE blank and RESOLUTION_DUE
    after the extract date; always false when it is null), OUTCOME."""
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
    n = int(params["escalation_resolution_working_days"])
    within = calendar.within_working_days(r["RESOLVED_DATE"], r["RAISED_DATE"], n)
    r["RESOLVED_WITHIN_20WD"] = np.asarray(within, dtype=bool) & r["RESOLVED"].to_numpy()
    r["RESOLUTION_DUE"] = pd.Series(pd.to_datetime(calendar.add_working_days(r["RAISED_DATE"], n)).to_numpy(),
                                    index=r.index).astype("datetime64[ns]")
    r["RESOLUTION_NOT_YET_DUE"] = not_yet_due(r["RESOLVED_DATE"], r["RESOLUTION_DUE"], params)
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
        "resolved_within_20wd": proportion_of(r[~r["RESOLUTION_NOT_YET_DUE"]], "RESOLVED_WITHIN_20WD",
                                              "FORMAL"),
    }

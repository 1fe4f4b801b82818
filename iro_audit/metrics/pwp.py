"""Placed with parents (`pwp`), as `metrics.md` defines it.

A placed-with-parents run (`periods.care(ds).runs("pwp")`) is a maximal run of consecutive
PLACE P1 episodes in one period of care, whatever their legal status: an interim care order
(C1) becoming a full care order (C2) while the child stays at home is one run.
`pwp_records` rows join runs on CHILD + PLACEMENT_START = the run's start (the first row kept
when there are two).

- `current`: children in a run at as_at, with LS_NOW (the legal status of the episode at
  as_at), FULL_ORDER (LS_NOW C2), INTERIM_ORDER (LS_NOW C1), DAYS (as_at - start), OVER_12M /
  OVER_18M (the run began on or before as_at - 12 / 18 months, the convention of "continuously
  for at least N months"), and the regulation 17-19 record fields where `pwp_records` exists.
- `started`: runs starting in the window with the record checks: APPROVED_BEFORE_PLACEMENT is
  NOMINATED_OFFICER_APPROVAL on or before the run's start (blank is not approved);
  ASSESSMENT_BEFORE_PLACEMENT and PLAN_RECORDED explain the other regulation 17-19 checks.
- POSSIBLE_MISMATCH (both, with pwp_records): for a run with no record, a note when a record of
  the child that matched no run start (`load/matching.py`) is dated within `mismatch_days` days
  of the run's start (`metrics/_mismatch.py`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ..periods import care
from .s20 import typed_runs
from ._common import count_of, proportion_of
from ._mismatch import possible_mismatch

RECORD_FIELDS = ("ASSESSMENT_COMPLETED", "NOMINATED_OFFICER_APPROVAL", "PLACEMENT_PLAN_DATE",
                 "DISCHARGE_APPLICATION")


def _records(ds) -> pd.DataFrame | None:
    rec = ds.get("pwp_records")
    if rec is None:
        return None
    fields = [f for f in RECORD_FIELDS if f in rec.columns]
    r = rec[["CHILD", "PLACEMENT_START"] + fields].copy()
    for c in ["PLACEMENT_START"] + fields:
        r[c] = pd.to_datetime(r[c]).astype("datetime64[ns]")
    for f in RECORD_FIELDS:
        if f not in r:
            r[f] = pd.NaT
    r["CHILD"] = r["CHILD"].astype(object)
    r = r[r["PLACEMENT_START"].notna()].drop_duplicates(["CHILD", "PLACEMENT_START"], keep="first")
    return r.rename(columns={"PLACEMENT_START": "START"}).assign(HAS_RECORD=True)


def _with_records(ds, r: pd.DataFrame, params) -> pd.DataFrame:
    rec = _records(ds)
    if rec is None:
        for f in RECORD_FIELDS + ("HAS_RECORD", "APPROVED_BEFORE_PLACEMENT",
                                  "ASSESSMENT_BEFORE_PLACEMENT", "PLAN_RECORDED",
                                  "POSSIBLE_MISMATCH"):
            r[f] = None
        return r
    r = r.merge(rec, on=["CHILD", "START"], how="left")
    r["HAS_RECORD"] = r["HAS_RECORD"].fillna(False).astype(bool)
    r["APPROVED_BEFORE_PLACEMENT"] = (r["NOMINATED_OFFICER_APPROVAL"] <= r["START"]).fillna(False).astype(bool)
    r["ASSESSMENT_BEFORE_PLACEMENT"] = (r["ASSESSMENT_COMPLETED"] <= r["START"]).fillna(False).astype(bool)
    r["PLAN_RECORDED"] = r["PLACEMENT_PLAN_DATE"].notna()
    r["POSSIBLE_MISMATCH"] = possible_mismatch(ds, "pwp_records", r["CHILD"], r["START"],
                                               ~r["HAS_RECORD"], params)
    return r


def current(ds, window, params) -> pd.DataFrame:
    """Children in a placed-with-parents run at as_at (see the module docstring)."""
    c = care(ds)
    as_at = window.as_at
    r = typed_runs(c.in_run_at("pwp", as_at))
    r["CHILD"] = r["CHILD"].astype(object)
    r = r.sort_values("START", kind="mergesort").drop_duplicates("CHILD", keep="last")
    ep = c.episode_at(as_at).drop_duplicates("PERIOD_ID", keep="last").set_index("PERIOD_ID")
    r["LS_NOW"] = pd.Series(ep["LS"].reindex(r["PERIOD_ID"].to_numpy()).to_numpy(), index=r.index)
    r["FULL_ORDER"] = r["LS_NOW"].eq("C2").fillna(False).astype(bool)
    r["INTERIM_ORDER"] = r["LS_NOW"].eq("C1").fillna(False).astype(bool)
    r["AGE"] = calendar.age_in_years(r["DOB"], as_at)
    r["DAYS"] = (as_at - r["START"]).dt.days.astype(np.int64)
    r["OVER_12M"] = (r["START"] <= calendar.add_months(as_at, -12)).astype(bool)
    r["OVER_18M"] = (r["START"] <= calendar.add_months(as_at, -18)).astype(bool)
    r = _with_records(ds, r, params)
    cols = ["CHILD", "RUN_ID", "DOB", "AGE", "START", "FIRST_LS", "LS_NOW", "FULL_ORDER",
            "INTERIM_ORDER", "DAYS", "OVER_12M", "OVER_18M", "HAS_RECORD", *RECORD_FIELDS,
            "APPROVED_BEFORE_PLACEMENT", "ASSESSMENT_BEFORE_PLACEMENT", "PLAN_RECORDED",
            "POSSIBLE_MISMATCH"]
    return r[cols].sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def started(ds, window, params) -> pd.DataFrame:
    """Placed-with-parents runs starting in the window, with the record checks."""
    c = care(ds)
    runs = typed_runs(c.runs("pwp"))
    r = runs[window.contains(runs["START"])].copy().reset_index(drop=True)
    r["CHILD"] = r["CHILD"].astype(object)
    r["AGE_AT_START"] = calendar.age_in_years(r["DOB"], r["START"])
    r = _with_records(ds, r, params)
    cols = ["CHILD", "RUN_ID", "DOB", "AGE_AT_START", "START", "END", "FIRST_LS", "NEXT_LS",
            "LAST_REC", "HAS_RECORD", *RECORD_FIELDS, "APPROVED_BEFORE_PLACEMENT",
            "ASSESSMENT_BEFORE_PLACEMENT", "PLAN_RECORDED", "POSSIBLE_MISMATCH"]
    return r[cols].sort_values(["START", "CHILD"], kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    cur = current(ds, window, params)
    st = started(ds, window, params)
    return {
        "current": count_of(cur),
        "current_over_12m": count_of(cur, "OVER_12M"),
        "current_over_18m": count_of(cur, "OVER_18M"),
        "current_full_order": count_of(cur, "FULL_ORDER"),
        "started": count_of(st),
        "approved_before_placement": (proportion_of(st, "APPROVED_BEFORE_PLACEMENT")
                                      if ds.has("pwp_records") else None),
    }

"""Child protection review conferences (`cp.reviews_on_time`, `cp.reviews_overdue`;
child-protection.md Part 2, from cp_reviews).

Schedule, for each plan (LAchildID, CPPstartDate): the first review is due on CPPstartDate +
3 months (`cp_first_review_months`), each later one on the previous review's date + 6 months
(`cp_later_review_months`), months clipped at the month's end. A review is on time when dated
on or before its due date. A review dated outside its plan's dates stays in the plan's schedule
(the loader reports it, rule `plan_review_outside_plan`); a review whose plan is not in cp_plans
is set aside by the loader (`plan_review_no_plan`) and so is not here.

`cp.reviews_overdue` counts plans open at as_at whose next review (after the plan's last review
on or before as_at, or its first) fell due before as_at; a review due on as_at is not overdue.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ._common import count_of, proportion_of
from .cp import ID, _ns, derived, open_plans


def next_due(last_review: pd.Series, plan_start: pd.Series, params) -> pd.Series:
    """The due date of the review after LAST_REVIEW, or of the plan's first review where
    LAST_REVIEW is blank (PLAN_START + 3 months)."""
    first = _ns(calendar.add_months(_ns(plan_start), int(params["cp_first_review_months"])))
    later = _ns(calendar.add_months(_ns(last_review), int(params["cp_later_review_months"])))
    return later.where(later.notna(), first)


def review_schedule(ds, params) -> pd.DataFrame:
    """Every plan review, in date order, with REVIEW_NUMBER (1 = the plan's first),
    PREVIOUS_REVIEW, DUE_DATE, ON_TIME and DAYS_LATE (0 when on time). Cached on the dataset
    per schedule parameters; do not modify."""
    key = ("cp_review_schedule", int(params["cp_first_review_months"]),
           int(params["cp_later_review_months"]))
    return derived(ds, key, lambda: _review_schedule(ds, params))


def _review_schedule(ds, params) -> pd.DataFrame:
    rv = ds["cp_reviews"][[ID, "CPPstartDate", "CPPreviewDate"]].copy()
    rv[ID] = rv[ID].astype(object)
    rv["CPPstartDate"] = _ns(rv["CPPstartDate"])
    rv["CPPreviewDate"] = _ns(rv["CPPreviewDate"])
    # date order within each plan is all the numbering needs (groupby keeps row order)
    rv = (rv.drop_duplicates([ID, "CPPstartDate", "CPPreviewDate"])
          .sort_values("CPPreviewDate", kind="mergesort").reset_index(drop=True))
    g = rv.groupby([ID, "CPPstartDate"], sort=False)["CPPreviewDate"]
    rv["REVIEW_NUMBER"] = (g.cumcount() + 1).astype(np.int64)
    rv["PREVIOUS_REVIEW"] = _ns(g.shift(1))
    rv["DUE_DATE"] = next_due(rv["PREVIOUS_REVIEW"], rv["CPPstartDate"], params)
    rv["ON_TIME"] = (rv["CPPreviewDate"] <= rv["DUE_DATE"]).to_numpy(dtype=bool)
    rv["DAYS_LATE"] = (rv["CPPreviewDate"] - rv["DUE_DATE"]).dt.days.clip(lower=0).astype(np.int64)
    return rv


def review_timeliness(ds, window, params) -> pd.DataFrame:
    """One row per plan review dated in the window: LAchildID, CPPstartDate, CPPreviewDate,
    REVIEW_NUMBER, PREVIOUS_REVIEW, DUE_DATE, ON_TIME, DAYS_LATE."""
    rv = review_schedule(ds, params)
    return rv[window.contains(rv["CPPreviewDate"]).to_numpy()].reset_index(drop=True)


def overdue_reviews(ds, window, params) -> pd.DataFrame:
    """One row per plan open at as_at: LAchildID, CPPstartDate, LAST_REVIEW (on or before
    as_at), REVIEWS_HELD (on or before as_at), NEXT_DUE, OVERDUE (NEXT_DUE before as_at),
    DAYS_OVERDUE (0 when not overdue)."""
    as_at = window.as_at
    o = open_plans(ds, window, params)[[ID, "CPPstartDate", "CATEGORY"]]
    rv = review_schedule(ds, params)
    before = rv[(rv["CPPreviewDate"] <= as_at).to_numpy()]
    last = before.groupby([ID, "CPPstartDate"], sort=False).agg(
        LAST_REVIEW=("CPPreviewDate", "max"), REVIEWS_HELD=("CPPreviewDate", "size")).reset_index()
    out = o.merge(last, on=[ID, "CPPstartDate"], how="left")
    out["LAST_REVIEW"] = _ns(out["LAST_REVIEW"])
    out["REVIEWS_HELD"] = out["REVIEWS_HELD"].fillna(0).astype(np.int64)
    out["NEXT_DUE"] = next_due(out["LAST_REVIEW"], out["CPPstartDate"], params)
    out["OVERDUE"] = (out["NEXT_DUE"] < as_at).to_numpy(dtype=bool)
    out["DAYS_OVERDUE"] = (as_at - out["NEXT_DUE"]).dt.days.clip(lower=0).astype(np.int64)
    return out   # in open_plans' order (LAchildID, CPPstartDate): a left merge keeps it


def summary_keys(ds, window, params) -> dict:
    """`reviews_on_time` (None without cp_reviews) and `reviews_overdue` (None without
    cp_reviews or cp_plans)."""
    if not ds.has("cp_reviews"):
        return {"reviews_on_time": None, "reviews_overdue": None}
    held = review_timeliness(ds, window, params)
    return {
        "reviews_on_time": proportion_of(held, "ON_TIME"),
        "reviews_overdue": (count_of(overdue_reviews(ds, window, params), "OVERDUE")
                            if ds.has("cp_plans") else None),
    }

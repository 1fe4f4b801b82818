"""Looked-after reviews: the statutory schedule, timeliness and overdue reviews (`metrics.md`,
Reviews).

Schedule, for each period of care (short-break periods left out):
- the 1st review is due on the 20th working day after the period's start
  (`first_review_working_days`);
- the 2nd on the 1st review's date + 3 months (`second_review_months`);
- each later one on the previous review's date + 6 months (`later_review_months`).
A review is on time when dated on or before its due date, so a review held early moves every
later due date forward, and a new period of care restarts the schedule at its 1st review.

`reviews.overdue` counts children looked after at as_at whose next review (after the last review
of their current period on or before as_at, or their first) fell due before as_at; a review due
on as_at itself is not yet overdue.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import add_months, add_working_days
from ..periods import care
from ._common import count_of, proportion_of

SCHEDULE_COLUMNS = ["CHILD", "REVIEW", "REVIEW_CODE", "PERIOD_ID", "PERIOD_START", "PERIOD_END",
                    "DOB", "REVIEW_NUMBER", "PREVIOUS_REVIEW", "DUE_DATE", "ON_TIME", "DAYS_LATE"]


def _days(delta: pd.Series) -> pd.Series:
    return (delta / pd.Timedelta(days=1)).astype("float").round().astype("Int64")


def next_due(last_review: pd.Series, review_number: pd.Series, period_start: pd.Series,
             params: dict) -> pd.Series:
    """The due date of the review after LAST_REVIEW (number REVIEW_NUMBER of its period), or of
    the period's first review where there is no last review (REVIEW_NUMBER 0 / LAST_REVIEW NaT)."""
    last_review = pd.to_datetime(last_review).astype("datetime64[ns]")
    period_start = pd.to_datetime(period_start).astype("datetime64[ns]")
    first = add_working_days(period_start, int(params["first_review_working_days"]))
    first = pd.Series(pd.to_datetime(first).to_numpy(), index=last_review.index).astype("datetime64[ns]")
    second = add_months(last_review, int(params["second_review_months"])).astype("datetime64[ns]")
    later = add_months(last_review, int(params["later_review_months"])).astype("datetime64[ns]")
    num = review_number.fillna(0).to_numpy()
    out = np.where(num == 0, first.to_numpy(),
                   np.where(num == 1, second.to_numpy(), later.to_numpy()))
    return pd.Series(out, index=last_review.index).astype("datetime64[ns]")


def review_schedule(ds, params) -> pd.DataFrame:
    """Every review inside a (non-short-break) period of care with its number in the period, the
    date it was due and whether it was on time. Cached on the dataset per schedule parameters."""
    key = ("review_schedule", int(params["first_review_working_days"]),
           int(params["second_review_months"]), int(params["later_review_months"]))
    cache = ds.__dict__.setdefault("_derived", {})
    if key in cache:
        return cache[key]
    rv = care(ds).reviews
    rv = rv[~rv["SHORT_BREAK"].astype(bool)]
    cols = ["CHILD", "REVIEW", "REVIEW_CODE", "PERIOD_ID", "PERIOD_START", "PERIOD_END", "DOB"]
    rv = rv[cols + [c for c in ("_file", "_row") if c in rv.columns]].reset_index(drop=True)
    for c in ("REVIEW", "PERIOD_START", "PERIOD_END", "DOB"):
        rv[c] = pd.to_datetime(rv[c]).astype("datetime64[ns]")
    rv["PERIOD_ID"] = rv["PERIOD_ID"].astype(np.int64)
    # care.reviews is sorted by CHILD, REVIEW, and a child's periods do not overlap, so within a
    # period the reviews are in date order.
    g = rv.groupby("PERIOD_ID", sort=False)
    rv["REVIEW_NUMBER"] = (g.cumcount() + 1).astype(np.int64)
    rv["PREVIOUS_REVIEW"] = g["REVIEW"].shift().astype("datetime64[ns]")
    rv["DUE_DATE"] = next_due(rv["PREVIOUS_REVIEW"], rv["REVIEW_NUMBER"] - 1, rv["PERIOD_START"],
                              params)
    rv["ON_TIME"] = (rv["REVIEW"] <= rv["DUE_DATE"]).to_numpy(dtype=bool)
    rv["DAYS_LATE"] = _days(rv["REVIEW"] - rv["DUE_DATE"]).clip(lower=0)
    cache[key] = rv
    return rv


def review_timeliness(ds, window, params) -> pd.DataFrame:
    """One row per review held in the window: CHILD, REVIEW, PERIOD_START, REVIEW_NUMBER,
    DUE_DATE, ON_TIME, DAYS_LATE (0 when on time) and the review's code."""
    rv = review_schedule(ds, params)
    held = rv[window.contains(rv["REVIEW"])]
    return held.reset_index(drop=True)


def overdue_reviews(ds, window, params) -> pd.DataFrame:
    """One row per child looked after at as_at: CHILD, PERIOD_START, LAST_REVIEW (of the current
    period, on or before as_at), REVIEWS_IN_PERIOD, NEXT_DUE, OVERDUE (NEXT_DUE before as_at),
    DAYS_OVERDUE (0 when not overdue)."""
    as_at = window.as_at
    c = care(ds)
    la = c.looked_after_at(as_at)[["CHILD", "PERIOD_ID", "START", "DOB"]].rename(
        columns={"START": "PERIOD_START"})
    rv = review_schedule(ds, params)
    past = rv[rv["REVIEW"] <= as_at]
    last = past.groupby("PERIOD_ID", sort=False).tail(1)[["PERIOD_ID", "REVIEW", "REVIEW_NUMBER"]]
    last = last.rename(columns={"REVIEW": "LAST_REVIEW", "REVIEW_NUMBER": "REVIEWS_IN_PERIOD"})
    out = la.merge(last, on="PERIOD_ID", how="left")
    out["LAST_REVIEW"] = out["LAST_REVIEW"].astype("datetime64[ns]")
    out["REVIEWS_IN_PERIOD"] = out["REVIEWS_IN_PERIOD"].fillna(0).astype(np.int64)
    out["NEXT_DUE"] = next_due(out["LAST_REVIEW"], out["REVIEWS_IN_PERIOD"], out["PERIOD_START"],
                               params)
    out["OVERDUE"] = (out["NEXT_DUE"] < as_at).to_numpy(dtype=bool)
    out["DAYS_OVERDUE"] = _days(as_at - out["NEXT_DUE"]).clip(lower=0)
    return out.sort_values(["CHILD"], kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("reviews") or not ds.has("episodes"):
        return None
    held = review_timeliness(ds, window, params)
    return {
        "held": count_of(held),
        "on_time": proportion_of(held, "ON_TIME"),
        "overdue": count_of(overdue_reviews(ds, window, params), "OVERDUE"),
    }

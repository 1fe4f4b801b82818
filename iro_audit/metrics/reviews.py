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
    the period's first review where there is no last review (REVIEW_NUMBER 0 / LAST_REVIEW NaT).
    Each rule's date arithmetic runs only on the rows it applies to."""
    last = pd.to_datetime(last_review).astype("datetime64[ns]").to_numpy()
    start = pd.to_datetime(period_start).astype("datetime64[ns]").to_numpy()
    num = np.asarray(review_number.fillna(0), dtype=np.int64)
    out = np.full(len(num), np.datetime64("NaT"), dtype="datetime64[ns]")
    for rule, (mask, base, step) in {
        "first": (num == 0, start, None),
        "second": (num == 1, last, int(params["second_review_months"])),
        "later": (num >= 2, last, int(params["later_review_months"])),
    }.items():
        if not mask.any():
            continue
        b = pd.Series(base[mask])
        if step is None:
            due = add_working_days(b, int(params["first_review_working_days"]))
        else:
            due = add_months(b, step)
        out[mask] = pd.to_datetime(due).astype("datetime64[ns]").to_numpy()
    return pd.Series(out, index=last_review.index)


def review_schedule(ds, params) -> pd.DataFrame:
    """Every review inside a (non-short-break) period of care with its number in the period, the
    date it was due and whether it was on time. Cached on the dataset per schedule parameters."""
    key = ("review_schedule", int(params["first_review_working_days"]),
           int(params["second_review_months"]), int(params["later_review_months"]))
    cache = ds.__dict__.setdefault("_derived", {})
    if key in cache:
        return cache[key]
    rv = care(ds).reviews
    rv = rv[~rv["SHORT_BREAK"].astype(bool).to_numpy()]
    cols = ["CHILD", "REVIEW", "REVIEW_CODE", "PERIOD_ID", "PERIOD_START", "PERIOD_END", "DOB"]
    rv = rv[cols + [c for c in ("_file", "_row") if c in rv.columns]].reset_index(drop=True)
    for c in ("REVIEW", "PERIOD_START", "PERIOD_END", "DOB"):
        if rv[c].dtype != "datetime64[ns]":
            rv[c] = pd.to_datetime(rv[c]).astype("datetime64[ns]")
    rv["PERIOD_ID"] = rv["PERIOD_ID"].astype(np.int64)
    # care.reviews is sorted by CHILD, REVIEW, and a child's periods do not overlap, so each
    # period's reviews are contiguous and in date order: number them with numpy.
    pid = rv["PERIOD_ID"].to_numpy()
    n = len(pid)
    first = np.ones(n, dtype=bool)
    first[1:] = pid[1:] != pid[:-1]
    pos = np.arange(n)
    group_start = np.maximum.accumulate(np.where(first, pos, 0)) if n else pos
    rv["REVIEW_NUMBER"] = (pos - group_start + 1).astype(np.int64)
    review = rv["REVIEW"].to_numpy()
    prev = np.empty(n, dtype="datetime64[ns]")
    if n:
        prev[0] = np.datetime64("NaT")
        prev[1:] = review[:-1]
        prev[first] = np.datetime64("NaT")
    rv["PREVIOUS_REVIEW"] = prev
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
    held = rv[window.contains(rv["REVIEW"]).to_numpy()]
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
    # the last review on or before as_at of each period: reviews are contiguous per period and
    # in date order, so it is the last row of each period's run of rows on or before as_at
    review = rv["REVIEW"].to_numpy()
    pid = rv["PERIOD_ID"].to_numpy()
    idx = np.flatnonzero(review <= np.datetime64(as_at, "ns"))
    if len(idx):
        p = pid[idx]
        last_of_period = np.ones(len(idx), dtype=bool)
        last_of_period[:-1] = p[:-1] != p[1:]
        idx = idx[last_of_period]
    last = pd.DataFrame({"PERIOD_ID": pid[idx], "LAST_REVIEW": review[idx],
                         "REVIEWS_IN_PERIOD": rv["REVIEW_NUMBER"].to_numpy()[idx]})
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

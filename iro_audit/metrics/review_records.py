"""Review records: pre-meeting report timing, minutes, recommendations and care plan updates
(`metrics.md`, Review records; needs the `review_records` table).

Over reviews held in the window (the same reviews as `reviews.held`), each joined to its record
on CHILD + REVIEW (a review without a record has blank dates):
- report timing: calendar days from REPORT_RECEIVED to REVIEW, banded 5+ / 1-4 / 0 / after the
  review / no report;
- minutes, recommendations, care plan: the date is within N working days of REVIEW (on or after
  the review and on or before the Nth working day after it; a blank date is not on time).
  "Within 10 working days after REVIEW" for the care plan uses the same rule, so an update on
  the day of the review counts.

Departure from `metrics.md`, only when parameter `extract_date` is set (default null: exactly as
`metrics.md`): a review whose deadline (MINUTES_DUE, RECOMMENDATIONS_DUE, CARE_PLAN_DUE) is after
the extract date and whose date is blank is "not yet due" (MINUTES_NOT_YET_DUE, ...) and is left
out of both n and d of that proportion, because minutes of a review held days before the extract
cannot be in it yet and counting them late would show a false fall in the latest month. A date
that is present is judged as usual, and so is a blank date whose deadline is on or before the
extract date.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import add_working_days, within_working_days
from ..params import not_yet_due
from ._common import proportion_of
from ._mismatch import possible_mismatch
from .reviews import review_timeliness

# (event column, due column, on-time flag, not-yet-due flag, working-days parameter, summary key)
MEASURES = (
    ("MINUTES_ISSUED", "MINUTES_DUE", "MINUTES_ON_TIME", "MINUTES_NOT_YET_DUE",
     "minutes_working_days", "minutes_on_time"),
    ("RECOMMENDATIONS_ISSUED", "RECOMMENDATIONS_DUE", "RECOMMENDATIONS_ON_TIME",
     "RECOMMENDATIONS_NOT_YET_DUE", "recommendations_working_days", "recommendations_on_time"),
    ("CARE_PLAN_UPDATED", "CARE_PLAN_DUE", "CARE_PLAN_UPDATED_ON_TIME", "CARE_PLAN_NOT_YET_DUE",
     "care_plan_working_days", "care_plan_updated"),
)
BANDS = ("five_plus_days_before", "one_to_four_days_before", "same_day", "after_review",
         "no_report")
DATE_COLUMNS = ("REPORT_RECEIVED", "RECOMMENDATIONS_ISSUED", "MINUTES_ISSUED", "CARE_PLAN_UPDATED")


def _records(ds, window=None) -> pd.DataFrame:
    """Review records (first row per CHILD + REVIEW), only those dated in WINDOW if given."""
    rec = ds["review_records"]
    if window is not None:
        rec = rec[window.contains(pd.to_datetime(rec["REVIEW"])).to_numpy()]
    cols = ["CHILD", "REVIEW", *[c for c in ("IRO_ID",) if c in rec.columns],
            *[c for c in DATE_COLUMNS if c in rec.columns]]
    rec = rec[cols].copy()
    for c in ("REVIEW", *DATE_COLUMNS):
        if c in rec:
            rec[c] = pd.to_datetime(rec[c]).astype("datetime64[ns]")
        else:
            rec[c] = pd.Series(pd.NaT, index=rec.index, dtype="datetime64[ns]")
    rec["CHILD"] = rec["CHILD"].astype(object)
    rec = rec[rec["REVIEW"].notna()].drop_duplicates(["CHILD", "REVIEW"], keep="first")
    return rec.assign(HAS_RECORD=True)


def _band(days: pd.Series) -> np.ndarray:
    d = days.to_numpy(dtype="float", na_value=np.nan)
    return np.select([np.isnan(d), d >= 5, d >= 1, d == 0], ["no_report", BANDS[0], BANDS[1], BANDS[2]],
                     default="after_review")


def review_record_timeliness(ds, window, params) -> pd.DataFrame:
    """One row per review held in the window: CHILD, REVIEW, HAS_RECORD, the record's dates,
    REPORT_DAYS_BEFORE, REPORT_TIMING (band), MINUTES_DUE, MINUTES_ON_TIME, MINUTES_NOT_YET_DUE,
    RECOMMENDATIONS_DUE, RECOMMENDATIONS_ON_TIME, RECOMMENDATIONS_NOT_YET_DUE, CARE_PLAN_DUE,
    CARE_PLAN_UPDATED_ON_TIME, CARE_PLAN_NOT_YET_DUE, POSSIBLE_MISMATCH.

    <X>_DUE is the Nth working day after REVIEW (the last day on time). <X>_NOT_YET_DUE is true
    when parameter `extract_date` is set, the date is blank and <X>_DUE is after the extract date
    (always false when `extract_date` is null); `summary` leaves those rows out of n and d.
    POSSIBLE_MISMATCH (`metrics/_mismatch.py`): for a review with no record, a note when an
    unmatched review record of the child is dated within `mismatch_days` of it."""
    held = review_timeliness(ds, window, params)[["CHILD", "REVIEW", "PERIOD_START", "REVIEW_NUMBER"]]
    held = held.assign(CHILD=held["CHILD"].astype(object))
    out = held.merge(_records(ds, window), on=["CHILD", "REVIEW"], how="left")
    out["HAS_RECORD"] = out["HAS_RECORD"].fillna(False).astype(bool)
    delta = out["REVIEW"] - out["REPORT_RECEIVED"]
    out["REPORT_DAYS_BEFORE"] = (delta / pd.Timedelta(days=1)).round().astype("Int64")
    out["REPORT_TIMING"] = _band(out["REPORT_DAYS_BEFORE"].astype("float"))
    for col, due, flag, nyd, key, _ in MEASURES:
        n = int(params[key])
        out[due] = pd.Series(pd.to_datetime(add_working_days(out["REVIEW"], n)).to_numpy(),
                             index=out.index).astype("datetime64[ns]")
        out[flag] = np.asarray(within_working_days(out[col], out["REVIEW"], n), dtype=bool)
        out[nyd] = not_yet_due(out[col], out[due], params)
    out["POSSIBLE_MISMATCH"] = possible_mismatch(ds, "review_records", out["CHILD"], out["REVIEW"],
                                                 ~out["HAS_RECORD"], params)
    return out


def summary(ds, window, params) -> dict | None:
    if not ds.has("review_records") or not ds.has("reviews") or not ds.has("episodes"):
        return None
    rows = review_record_timeliness(ds, window, params)
    timing = {}
    for band in BANDS:
        rows["_IN_BAND"] = rows["REPORT_TIMING"] == band
        timing[band] = proportion_of(rows, "_IN_BAND")
    out = {"report_timing": timing}
    for _, _, flag, nyd, _, name in MEASURES:
        out[name] = proportion_of(rows[~rows[nyd]], flag)
    return out

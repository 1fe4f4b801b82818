"""The safeguarding unit's conference records (`cp.conferences.*`, `cp.by_chair`;
child-protection.md Part 2, from the optional cp_conferences table).

- Conferences dated in the window are the rows of every `cp.conferences` measure.
- `report_shared_2wd`: REPORT_SHARED_DATE on or before the 2nd working day before
  CONFERENCE_DATE, counting back from the conference date (not itself counted): for a Monday
  conference the Thursday before. A blank date does not count.
- `minutes_within_15wd`: MINUTES_ISSUED on or after CONFERENCE_DATE and on or before the 15th
  working day after it. With parameter `extract_date` set, a blank MINUTES_ISSUED whose deadline
  is after the extract date is "not yet due" (MINUTES_NOT_YET_DUE) and left out of n and d, as
  for the looked-after review minutes.
- A blank CHILD_PARTICIPATION is not a code: left out of `child_participation` and of the
  denominator of `child_views_conveyed`, as is NOT_APPLICABLE.
- `by_chair`: a child's latest conference on or before as_at is the one with the latest
  CONFERENCE_DATE; of two on one date, the later CONFERENCE_ID (compared as numbers when both
  are whole numbers, else as text). A latest conference with no CHAIR_ID counts under
  "UNKNOWN".
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ..params import not_yet_due
from ._common import count_of, counts_by, proportion_of
from .cp import ID, _ns, children_on_plan

VIEWS_CONVEYED = ("ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY")
NO_PARTICIPATION_CODE = ("NOT_APPLICABLE",)
CONFERENCE_KEYS = ("by_type", "child_participation", "child_views_conveyed", "parents_attended",
                   "quorate", "report_shared_2wd", "minutes_within_15wd")


def _table(ds) -> pd.DataFrame:
    c = ds["cp_conferences"]
    cols = ["CONFERENCE_ID", "CHILD", "CONFERENCE_DATE", "CONFERENCE_TYPE", "CHAIR_ID", "OUTCOME",
            "CHILD_PARTICIPATION", "PARENTS_ATTENDED", "QUORATE", "REPORT_SHARED_DATE",
            "MINUTES_ISSUED"]
    c = c[cols].copy()
    for col in ("CONFERENCE_DATE", "REPORT_SHARED_DATE", "MINUTES_ISSUED"):
        c[col] = _ns(c[col])
    for col in ("CONFERENCE_ID", "CHILD", "CHAIR_ID"):
        c[col] = c[col].astype(object)
    return c


def conferences(ds, window, params) -> pd.DataFrame:
    """One row per conference dated in the window, with its record and: VIEWS_RECORDED
    (CHILD_PARTICIPATION other than NOT_APPLICABLE or blank), VIEWS_CONVEYED, PARENTS_RECORDED,
    PARENTS_ATTENDED_ANY (ALL or SOME), QUORATE_RECORDED, IS_QUORATE, REPORT_DUE (the 2nd working
    day before the conference), REPORT_SHARED_ON_TIME, MINUTES_DUE (the 15th working day after),
    MINUTES_WORKING_DAYS, MINUTES_ON_TIME, MINUTES_NOT_YET_DUE."""
    c = _table(ds)
    c = c[window.contains(c["CONFERENCE_DATE"]).to_numpy()].reset_index(drop=True)
    part = c["CHILD_PARTICIPATION"]
    c["VIEWS_RECORDED"] = (part.notna() & ~part.isin(NO_PARTICIPATION_CODE)).astype(bool)
    c["VIEWS_CONVEYED"] = part.isin(VIEWS_CONVEYED).astype(bool)
    c["PARENTS_RECORDED"] = c["PARENTS_ATTENDED"].notna().astype(bool)
    c["PARENTS_ATTENDED_ANY"] = c["PARENTS_ATTENDED"].isin(("ALL", "SOME")).astype(bool)
    c["QUORATE_RECORDED"] = c["QUORATE"].notna().astype(bool)
    c["IS_QUORATE"] = (c["QUORATE"] == "Y").fillna(False).astype(bool)
    c["REPORT_DUE"] = _ns(calendar.working_days_before(
        c["CONFERENCE_DATE"], int(params["cp_report_shared_working_days"])))
    c["REPORT_SHARED_ON_TIME"] = (c["REPORT_SHARED_DATE"] <= c["REPORT_DUE"]).fillna(False).astype(bool)
    n = int(params["cp_minutes_working_days"])
    c["MINUTES_DUE"] = _ns(calendar.add_working_days(c["CONFERENCE_DATE"], n))
    c["MINUTES_WORKING_DAYS"] = pd.Series(
        calendar.working_days_between(c["CONFERENCE_DATE"], c["MINUTES_ISSUED"]),
        index=c.index).astype("Int64")
    c["MINUTES_ON_TIME"] = np.asarray(
        calendar.within_working_days(c["MINUTES_ISSUED"], c["CONFERENCE_DATE"], n), dtype=bool)
    c["MINUTES_NOT_YET_DUE"] = not_yet_due(c["MINUTES_ISSUED"], c["MINUTES_DUE"], params)
    return c.sort_values("CONFERENCE_DATE", kind="mergesort").reset_index(drop=True)


def _latest_last(c: pd.DataFrame) -> pd.DataFrame:
    """C ordered so each child's latest conference is its last row: by date, and two of one
    child on one date by CONFERENCE_ID (as a number when both are whole numbers, else as text).
    Only those ties are sorted by ID (a text sort of every row would be slow)."""
    c = c.sort_values("CONFERENCE_DATE", kind="mergesort")
    tie = c.duplicated(["CHILD", "CONFERENCE_DATE"], keep=False).to_numpy()
    if not tie.any():
        return c
    t = c[tie]
    ids = t["CONFERENCE_ID"].astype(str)
    num = pd.to_numeric(ids.where(ids.str.fullmatch(r"\d+")), errors="coerce")
    t = (t.assign(_NUM=num.to_numpy(), _TXT=ids.to_numpy())
         .sort_values(["CHILD", "CONFERENCE_DATE", "_NUM", "_TXT"], kind="mergesort",
                      na_position="first").drop(columns=["_NUM", "_TXT"]))
    # the ties, in ID order, after the other rows; a stable sort by date keeps that order
    return pd.concat([c[~tie], t]).sort_values("CONFERENCE_DATE", kind="mergesort")


def chair_of_children(ds, window, params) -> pd.DataFrame:
    """One row per child with a plan open at as_at: LAchildID, CPPstartDate, and their latest
    conference on or before as_at: CONFERENCE_ID, CONFERENCE_DATE, CONFERENCE_TYPE, CHAIR_ID
    (blank when no conference of theirs is recorded; "UNKNOWN" when it names no chair is
    decided in `by_chair_summary`)."""
    kids = children_on_plan(ds, window, params)[[ID, "CPPstartDate"]]
    c = _table(ds)
    c = c[(c["CONFERENCE_DATE"] <= window.as_at).to_numpy()]
    latest = _latest_last(c).drop_duplicates("CHILD", keep="last")
    latest = latest[["CHILD", "CONFERENCE_ID", "CONFERENCE_DATE", "CONFERENCE_TYPE", "CHAIR_ID"]]
    out = kids.merge(latest.rename(columns={"CHILD": ID}), on=ID, how="left")
    out["HAS_CONFERENCE"] = out["CONFERENCE_ID"].notna().astype(bool)
    return out   # in children_on_plan's order (LAchildID): a left merge keeps it


def conferences_summary(ds, window, params) -> dict:
    """The `cp.conferences` object; each key None without cp_conferences."""
    if not ds.has("cp_conferences"):
        return {k: None for k in CONFERENCE_KEYS}
    c = conferences(ds, window, params)
    minutes = c[~c["MINUTES_NOT_YET_DUE"]]
    return {
        "by_type": counts_by(c, "CONFERENCE_TYPE"),
        "child_participation": counts_by(c[c["CHILD_PARTICIPATION"].notna()], "CHILD_PARTICIPATION"),
        "child_views_conveyed": proportion_of(c, "VIEWS_CONVEYED", "VIEWS_RECORDED"),
        "parents_attended": proportion_of(c, "PARENTS_ATTENDED_ANY", "PARENTS_RECORDED"),
        "quorate": proportion_of(c, "IS_QUORATE", "QUORATE_RECORDED"),
        "report_shared_2wd": proportion_of(c, "REPORT_SHARED_ON_TIME"),
        "minutes_within_15wd": proportion_of(minutes, "MINUTES_ON_TIME"),
    }


def by_chair_summary(ds, window, params) -> list | None:
    """`cp.by_chair`: `[{CHAIR_ID, children}]` sorted by CHAIR_ID, for chairs of the latest
    conference of children on a plan at as_at (None without cp_conferences or cp_plans)."""
    if not ds.has("cp_conferences") or not ds.has("cp_plans"):
        return None
    rows = chair_of_children(ds, window, params)
    rows = rows[rows["HAS_CONFERENCE"]]
    counts = counts_by(rows, "CHAIR_ID")
    return [{"CHAIR_ID": k, "children": v} for k, v in counts.items()]

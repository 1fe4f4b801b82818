"""Child protection (`cp`, child-protection.md Part 2): section 47 enquiries and initial
conferences, child protection plans, and the group's `summary` (which gathers the review
conferences of `cp_reviews` and the conference records of `cp_conferences`).

Row columns keep the CIN census's DfE spelling (`LAchildID`, `CPPstartDate` ...); the columns
that explain a verdict are upper case. "Open at D": CPPstartDate <= D and (CPPendDate blank or
CPPendDate > D).

Readings where child-protection.md leaves room (also in docs/developing.md):
- An "earlier plan" of the same child (second_or_subsequent, repeat_within_2y) is one that
  started before this plan and ended on or before its CPPstartDate (a plan ending on the day the
  next starts does not overlap it, as the loader's `plan_overlap` rule reads it). An earlier
  plan still open when this one starts is an overlap (a data-quality row), not a previous plan.
- A key whose own table is absent is None: the s47 keys without `s47`, the plan keys without
  `cp_plans`, `icpc_to_plan` without `cp_plans`, `teenagers_on_plan` without `cin_children`,
  `looked_after_on_plan` when `cin_child_id_is_903_child` is false.
- `open_over_9m` / `18m` / `2y` count plans (not children), as the spec words them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ._common import count_of, counts_by, proportion_of

ID = "LAchildID"
TEENAGE = 13
CATEGORIES = ("NEG", "PHY", "SAB", "EMO", "MUL")


def _ns(s) -> pd.Series:
    return pd.to_datetime(s).astype("datetime64[ns]")


def _open_at(start: pd.Series, end: pd.Series, d) -> pd.Series:
    """Whether each plan is open at D: start <= D and (end blank or end > D)."""
    return ((start <= d) & (end.isna() | (end > d))).fillna(False).astype(bool)


def derived(ds, key, make):
    """MAKE() cached on the dataset under KEY (as `reviews.review_schedule` is)."""
    cache = ds.__dict__.setdefault("_derived", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def plan_table(ds) -> pd.DataFrame:
    """Every plan (cp_plans) sorted by LAchildID and CPPstartDate, with its dates as
    datetime64[ns], NumberOfPreviousCPP blank read as 0, and CATEGORY (LatestCategoryOfAbuse, or
    InitialCategoryOfAbuse where that is blank). Cached on the dataset; do not modify."""
    return derived(ds, "cp_plan_table", lambda: _plan_table(ds))


def _plan_table(ds) -> pd.DataFrame:
    p = ds["cp_plans"]
    cols = [ID, "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
            "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]
    p = p[cols + [c for c in ("_file", "_row") if c in p.columns]].copy()
    for c in ("CINreferralDate", "CPPstartDate", "CPPendDate"):
        p[c] = _ns(p[c])
    p[ID] = p[ID].astype(object)
    p["NumberOfPreviousCPP"] = pd.to_numeric(p["NumberOfPreviousCPP"]).fillna(0).astype(np.int64)
    latest = p["LatestCategoryOfAbuse"].astype(object)
    p["CATEGORY"] = latest.where(latest.notna(), p["InitialCategoryOfAbuse"].astype(object))
    return p.sort_values([ID, "CPPstartDate"], kind="mergesort").reset_index(drop=True)


# --- initial conferences (s47) ---------------------------------------------------------------

def initial_conferences(ds, window, params) -> pd.DataFrame:
    """One row per s47 enquiry started in the window or whose initial conference is dated in it:
    LAchildID, CINreferralDate, S47ActualStartDate, ICPC_DUE (the 15th working day after the
    start), DateOfInitialCPC, WORKING_DAYS (working days from the start to the conference; 0 for
    a conference before the start), ICPCnotRequired, STARTED_IN_WINDOW, HELD_IN_WINDOW,
    ICPC_WITHIN_15WD (held on or after the start and on or before ICPC_DUE) and PLAN_FROM_ICPC
    (the child has a plan starting on DateOfInitialCPC; None without cp_plans)."""
    s = ds["s47"]
    cols = [ID, "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
            "ICPCnotRequired"]
    s = s[cols + [c for c in ("_file", "_row") if c in s.columns]].copy()
    for c in ("CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC"):
        s[c] = _ns(s[c])
    s[ID] = s[ID].astype(object)
    s["STARTED_IN_WINDOW"] = window.contains(s["S47ActualStartDate"])
    s["HELD_IN_WINDOW"] = window.contains(s["DateOfInitialCPC"])
    s = s[s["STARTED_IN_WINDOW"] | s["HELD_IN_WINDOW"]].reset_index(drop=True)
    n = int(params["icpc_working_days"])
    s["ICPC_DUE"] = _ns(calendar.add_working_days(s["S47ActualStartDate"], n))
    s["WORKING_DAYS"] = pd.Series(
        calendar.working_days_between(s["S47ActualStartDate"], s["DateOfInitialCPC"]),
        index=s.index).astype("Int64")
    s["ICPC_WITHIN_15WD"] = np.asarray(
        calendar.within_working_days(s["DateOfInitialCPC"], s["S47ActualStartDate"], n), dtype=bool)
    if ds.has("cp_plans"):
        starts = plan_table(ds)[[ID, "CPPstartDate"]].drop_duplicates()
        keys = pd.MultiIndex.from_frame(starts)
        s["PLAN_FROM_ICPC"] = pd.MultiIndex.from_arrays(
            [s[ID], s["DateOfInitialCPC"]]).isin(keys) & s["DateOfInitialCPC"].notna().to_numpy()
    else:
        s["PLAN_FROM_ICPC"] = None
    out = [ID, "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "ICPC_DUE",
           "DateOfInitialCPC", "WORKING_DAYS", "ICPCnotRequired", "STARTED_IN_WINDOW",
           "HELD_IN_WINDOW", "ICPC_WITHIN_15WD", "PLAN_FROM_ICPC"]
    return s[out].sort_values("S47ActualStartDate", kind="mergesort").reset_index(drop=True)


# --- plans -----------------------------------------------------------------------------------

def plans_started(ds, window, params) -> pd.DataFrame:
    """One row per plan starting in the window: LAchildID, CPPstartDate, CPPendDate, CATEGORY,
    NumberOfPreviousCPP (blank 0), EARLIER_PLANS (plans of the child in the data that started
    before this one and ended on or before its start), LAST_EARLIER_END (the latest such end),
    TWO_YEARS_BEFORE (CPPstartDate - 24 months), SECOND_OR_SUBSEQUENT (NumberOfPreviousCPP > 0
    or an earlier plan) and REPEAT_WITHIN_2Y (LAST_EARLIER_END on or after TWO_YEARS_BEFORE)."""
    p = plan_table(ds)
    started = p[window.contains(p["CPPstartDate"])].reset_index(drop=True)
    started["_i"] = np.arange(len(started))
    pairs = started[[ID, "CPPstartDate", "_i"]].merge(
        p[[ID, "CPPstartDate", "CPPendDate"]].rename(
            columns={"CPPstartDate": "_EARLIER_START", "CPPendDate": "_EARLIER_END"}), on=ID)
    earlier = pairs[(pairs["_EARLIER_START"] < pairs["CPPstartDate"])
                    & (pairs["_EARLIER_END"] <= pairs["CPPstartDate"])]
    g = earlier.groupby("_i")["_EARLIER_END"]
    started["EARLIER_PLANS"] = g.size().reindex(started["_i"]).fillna(0).astype(np.int64).to_numpy()
    started["LAST_EARLIER_END"] = _ns(g.max().reindex(started["_i"]).to_numpy())
    started["TWO_YEARS_BEFORE"] = _ns(calendar.add_months(started["CPPstartDate"], -24))
    started["SECOND_OR_SUBSEQUENT"] = ((started["NumberOfPreviousCPP"] > 0)
                                       | (started["EARLIER_PLANS"] > 0)).astype(bool)
    started["REPEAT_WITHIN_2Y"] = (started["LAST_EARLIER_END"] >= started["TWO_YEARS_BEFORE"]
                                   ).fillna(False).astype(bool)
    cols = [ID, "CPPstartDate", "CPPendDate", "CATEGORY", "NumberOfPreviousCPP", "EARLIER_PLANS",
            "LAST_EARLIER_END", "TWO_YEARS_BEFORE", "SECOND_OR_SUBSEQUENT", "REPEAT_WITHIN_2Y"]
    return started[cols]


def plans_ended(ds, window, params) -> pd.DataFrame:
    """One row per plan ending in the window: LAchildID, CPPstartDate, CPPendDate, CATEGORY,
    DAYS_ON_PLAN, THREE_MONTHS_ON / TWO_YEARS_ON (CPPstartDate + 3 / 24 months),
    ENDED_WITHIN_3M (CPPendDate before THREE_MONTHS_ON) and ENDED_AFTER_2Y (CPPendDate on or
    after TWO_YEARS_ON)."""
    p = plan_table(ds)
    e = p[window.contains(p["CPPendDate"])].reset_index(drop=True)
    e["DAYS_ON_PLAN"] = (e["CPPendDate"] - e["CPPstartDate"]).dt.days.astype(np.int64)
    e["THREE_MONTHS_ON"] = _ns(calendar.add_months(e["CPPstartDate"], 3))
    e["TWO_YEARS_ON"] = _ns(calendar.add_months(e["CPPstartDate"], 24))
    e["ENDED_WITHIN_3M"] = (e["CPPendDate"] < e["THREE_MONTHS_ON"]).astype(bool)
    e["ENDED_AFTER_2Y"] = (e["CPPendDate"] >= e["TWO_YEARS_ON"]).astype(bool)
    cols = [ID, "CPPstartDate", "CPPendDate", "CATEGORY", "DAYS_ON_PLAN", "THREE_MONTHS_ON",
            "ENDED_WITHIN_3M", "TWO_YEARS_ON", "ENDED_AFTER_2Y"]
    return e[cols]


def open_plans(ds, window, params) -> pd.DataFrame:
    """One row per plan open at as_at: LAchildID, CPPstartDate, CATEGORY, DAYS_OPEN (as_at -
    CPPstartDate), OPEN_OVER_9M / OPEN_OVER_18M / OPEN_OVER_2Y (CPPstartDate on or before as_at
    - 9 / 18 / 24 months)."""
    as_at = window.as_at
    p = plan_table(ds)
    o = p[_open_at(p["CPPstartDate"], p["CPPendDate"], as_at).to_numpy()].reset_index(drop=True)
    o["DAYS_OPEN"] = (as_at - o["CPPstartDate"]).dt.days.astype(np.int64)
    for months, col in ((9, "OPEN_OVER_9M"), (18, "OPEN_OVER_18M"), (24, "OPEN_OVER_2Y")):
        o[col] = (o["CPPstartDate"] <= calendar.add_months(as_at, -months)).astype(bool)
    cols = [ID, "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
            "CATEGORY", "DAYS_OPEN", "OPEN_OVER_9M", "OPEN_OVER_18M", "OPEN_OVER_2Y"]
    return o[cols]


def _looked_after_children(ds, as_at) -> set | None:
    from ..periods import care

    if not ds.has("episodes"):
        return None
    return set(care(ds).looked_after_at(as_at)["CHILD"].astype(str))


def children_on_plan(ds, window, params) -> pd.DataFrame:
    """One row per child with a plan open at as_at: LAchildID, CPPstartDate (of the latest plan
    open), PersonBirthDate, ExpectedPersonBirthDate, AGE (whole years at as_at; blank for an
    unborn child or one missing from cin_children), TEENAGER (aged 13 or over; None without
    cin_children) and LOOKED_AFTER (in a period of care at as_at, joined on LAchildID = CHILD;
    None when `cin_child_id_is_903_child` is false)."""
    as_at = window.as_at
    o = open_plans(ds, window, params)
    # open_plans keeps plan_table's order (LAchildID, CPPstartDate): the last row is the latest
    c = o.drop_duplicates(ID, keep="last")[[ID, "CPPstartDate"]].reset_index(drop=True)
    if ds.has("cin_children"):
        kids = ds["cin_children"][[ID, "PersonBirthDate", "ExpectedPersonBirthDate"]].copy()
        kids[ID] = kids[ID].astype(object)
        kids = kids.drop_duplicates(ID, keep="last")
        c = c.merge(kids, on=ID, how="left")
        c["PersonBirthDate"] = _ns(c["PersonBirthDate"])
        c["ExpectedPersonBirthDate"] = _ns(c["ExpectedPersonBirthDate"])
        c["AGE"] = calendar.age_in_years(c["PersonBirthDate"], pd.Series(as_at, index=c.index))
        c["TEENAGER"] = (c["AGE"] >= TEENAGE).fillna(False).astype(bool)
    else:
        c["PersonBirthDate"] = c["ExpectedPersonBirthDate"] = pd.NaT
        c["AGE"] = pd.array([pd.NA] * len(c), dtype="Int64")
        c["TEENAGER"] = None
    if params.get("cin_child_id_is_903_child"):
        la = _looked_after_children(ds, as_at) or set()
        c["LOOKED_AFTER"] = c[ID].astype(str).isin(la).astype(bool)
    else:
        c["LOOKED_AFTER"] = None
    return c[[ID, "CPPstartDate", "PersonBirthDate", "ExpectedPersonBirthDate", "AGE", "TEENAGER",
              "LOOKED_AFTER"]]


# --- the group -------------------------------------------------------------------------------

def _s47_keys(ds, window, params) -> dict:
    if not ds.has("s47"):
        return {k: None for k in ("s47_started", "icpc_held", "icpc_within_15wd", "icpc_to_plan")}
    s = initial_conferences(ds, window, params)
    held = s[s["HELD_IN_WINDOW"]]
    return {
        "s47_started": count_of(s, "STARTED_IN_WINDOW"),
        "icpc_held": count_of(held),
        "icpc_within_15wd": proportion_of(held, "ICPC_WITHIN_15WD"),
        "icpc_to_plan": proportion_of(held, "PLAN_FROM_ICPC") if ds.has("cp_plans") else None,
    }


PLAN_KEYS = ("plans_started", "plans_ended", "children_on_plan", "by_category",
             "second_or_subsequent", "repeat_within_2y", "ended_after_2y", "ended_within_3m",
             "open_over_9m", "open_over_18m", "open_over_2y", "teenagers_on_plan",
             "looked_after_on_plan")


def _plan_keys(ds, window, params) -> dict:
    if not ds.has("cp_plans"):
        return {k: None for k in PLAN_KEYS}
    started = plans_started(ds, window, params)
    ended = plans_ended(ds, window, params)
    open_ = open_plans(ds, window, params)
    kids = children_on_plan(ds, window, params)
    return {
        "plans_started": count_of(started),
        "plans_ended": count_of(ended),
        "children_on_plan": count_of(kids),
        "by_category": counts_by(open_, "CATEGORY"),
        "second_or_subsequent": proportion_of(started, "SECOND_OR_SUBSEQUENT"),
        "repeat_within_2y": proportion_of(started, "REPEAT_WITHIN_2Y"),
        "ended_after_2y": proportion_of(ended, "ENDED_AFTER_2Y"),
        "ended_within_3m": proportion_of(ended, "ENDED_WITHIN_3M"),
        "open_over_9m": count_of(open_, "OPEN_OVER_9M"),
        "open_over_18m": count_of(open_, "OPEN_OVER_18M"),
        "open_over_2y": count_of(open_, "OPEN_OVER_2Y"),
        "teenagers_on_plan": count_of(kids, "TEENAGER") if ds.has("cin_children") else None,
        "looked_after_on_plan": (count_of(kids, "LOOKED_AFTER")
                                 if params.get("cin_child_id_is_903_child") else None),
    }


def summary(ds, window, params) -> dict | None:
    """The `cp` group: None when none of cin_details, s47, cp_plans is supplied."""
    if not any(ds.has(t) for t in ("cin_details", "s47", "cp_plans")):
        return None
    from . import cp_conferences, cp_reviews

    out = {}
    out.update(_s47_keys(ds, window, params))
    out.update(_plan_keys(ds, window, params))
    out.update(cp_reviews.summary_keys(ds, window, params))
    out["conferences"] = cp_conferences.conferences_summary(ds, window, params)
    out["by_chair"] = cp_conferences.by_chair_summary(ds, window, params)
    return out

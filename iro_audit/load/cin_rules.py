"""Validation rules for the CIN census tables and the unit's conference records
(child-protection.md Part 1). Each is one function over the stitched tables (after the years
are stitched, beside the 903 cross-table rules in `rules.py`) returning its problems; a rule that
sets rows aside also removes them from ``tables``.

Types, code lists (category of abuse NEG/PHY/SAB/EMO/MUL, the conference codes), required
values and duplicate keys are checked by the file rules of `rules.py` from the contract, as for
every table: a category outside the list is rule ``code``, value cleared (so `cp.by_category`
falls back from LatestCategoryOfAbuse to InitialCategoryOfAbuse).

Actions, chosen by what the `cp` metrics need:

- plan_end_before_start: kept. Cleared, the ended plan would be open for ever (children on a
  plan, open over 9/18/24 months, overdue reviews); set aside, a real start and its reviews would
  be lost. Kept, it is never "open at" any date (start <= D < end cannot hold) and counts once
  as started and once as ended.
- plan_overlap: kept. Both starts are real and which plan is wrong is unknown; the metrics already
  read "earlier plan" as one that ended before this one began, and count children (not plans) on
  a plan.
- plan_review_no_plan: row set aside. A review's schedule is its plan's (due dates count from the
  plan's start): with no such plan (often a mistyped CPPstartDate) it has no due date. Only when
  cp_plans was supplied.
- plan_review_outside_plan: kept (the spec's reading: a data-quality row that stays in its plan's
  schedule). A review on the plan's start or end date is inside it.
- icpc_before_s47: kept. The conference date is what `cp.icpc_held` and `cp.icpc_to_plan` need;
  it is not "within 15 working days" of the s47's start (within = on or after), so it counts as
  late rather than vanishing.
- child_not_in_cin_children: kept. The plan or s47 is real; only the child's age is unknown. Only
  when cin_children was supplied.
- born_after_referral: kept. The birth date still gives the child's age. An unborn child
  (ExpectedPersonBirthDate, no PersonBirthDate) is valid and not checked.
- chair_not_in_iros: kept. The conference happened; only `cp.by_chair` cannot place the chair in
  a team. Only when iros was supplied.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import problems as P

ID = "LAchildID"
_NO_END = np.iinfo(np.int64).max  # an open plan ends "never" when comparing ends


def _fmt(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%d/%m/%Y")


def _present(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame | None:
    df = tables.get(name)
    return None if df is None or df.empty else df


def _plan_keys(df: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([df[ID].to_numpy(dtype=object),
                                      df["CPPstartDate"].to_numpy(dtype="datetime64[us]")])


def rule_plan_end_before_start(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A plan whose CPPendDate is before its CPPstartDate: kept (see the module's table)."""
    df = _present(tables, "cp_plans")
    if df is None:
        return []
    bad = (df["CPPendDate"] < df["CPPstartDate"]).fillna(False)
    if not bad.any():
        return []
    rows = df[bad]
    expected = "a date on or after CPPstartDate (" + _fmt(rows["CPPstartDate"]) + ")"
    return [P.make(rows, "cp_plans", "CPPendDate", _fmt(rows["CPPendDate"]), expected,
                   "plan_end_before_start", P.KEPT)]


def rule_plan_overlap(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A plan that starts while an earlier plan of the same child is still open (blank end, or
    an end after this start; a plan starting on the day the earlier one ends does not overlap):
    reported on the later plan, kept."""
    df = _present(tables, "cp_plans")
    if df is None:
        return []
    s = df.sort_values([ID, "CPPstartDate"], kind="stable")
    end = s["CPPendDate"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    end[s["CPPendDate"].isna().to_numpy()] = _NO_END
    ends = pd.Series(end, index=s.index)
    by_child = s[ID].to_numpy(dtype=object)
    latest_end_before = ends.groupby(by_child, sort=False).cummax().groupby(by_child, sort=False).shift(1)
    start = pd.Series(s["CPPstartDate"].to_numpy(dtype="datetime64[D]").astype(np.int64), index=s.index)
    bad = (start < latest_end_before).fillna(False)
    if not bad.any():
        return []
    rows = s[bad]
    expected = []
    for i, r in rows.iterrows():  # few rows: name the earlier plan still open
        earlier = s[(s[ID] == r[ID]) & (s["CPPstartDate"] < r["CPPstartDate"])]
        e = earlier.loc[ends[earlier.index].idxmax()]
        what = ("still open" if pd.isna(e["CPPendDate"])
                else f"ending {e['CPPendDate']:%d/%m/%Y}")
        expected.append(f"a plan starting on or after the end of the child's earlier plan "
                        f"(started {e['CPPstartDate']:%d/%m/%Y}, {what})")
    return [P.make(rows, "cp_plans", "CPPstartDate", _fmt(rows["CPPstartDate"]), expected,
                   "plan_overlap", P.KEPT)]


def rule_plan_review_no_plan(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A plan review with no plan of that child starting on its CPPstartDate: row set aside
    (it has no schedule). Only when cp_plans was supplied."""
    rv, plans = _present(tables, "cp_reviews"), tables.get("cp_plans")
    if rv is None or plans is None:
        return []
    bad = pd.Series(~_plan_keys(rv).isin(_plan_keys(plans)), index=rv.index)
    if not bad.any():
        return []
    rows = rv[bad]
    starts = (plans.sort_values("CPPstartDate").groupby(ID)["CPPstartDate"]
              .agg(lambda d: ", ".join(d.dt.strftime("%d/%m/%Y"))))
    known = rows[ID].map(starts)
    expected = ("the CPPstartDate of one of the child's plans in cp_plans ("
                + known.fillna("the child has none") + ")")
    tables["cp_reviews"] = rv[~bad].reset_index(drop=True)
    return [P.make(rows, "cp_reviews", "CPPstartDate", _fmt(rows["CPPstartDate"]), expected,
                   "plan_review_no_plan", P.ROW_SET_ASIDE)]


def rule_plan_review_outside_plan(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A plan review dated before its plan's start or after its end (on either day is fine):
    kept, and it stays in the plan's schedule."""
    rv, plans = _present(tables, "cp_reviews"), _present(tables, "cp_plans")
    if rv is None or plans is None:
        return []
    ends = pd.Series(plans["CPPendDate"].to_numpy(), index=_plan_keys(plans))
    ends = ends[~ends.index.duplicated()]
    pos = ends.index.get_indexer(_plan_keys(rv))
    end = pd.Series(np.append(ends.to_numpy(), np.array(["NaT"], dtype=ends.dtype))[pos],
                    index=rv.index)
    start, when = rv["CPPstartDate"], rv["CPPreviewDate"]
    matched = pd.Series(pos >= 0, index=rv.index)
    bad = matched & ((when < start) | (when > end)).fillna(False)
    if not bad.any():
        return []
    rows = rv[bad]
    ended = end[bad]
    expected = ("a date from the plan's CPPstartDate (" + _fmt(rows["CPPstartDate"]) + ")"
                + (" to its CPPendDate (" + _fmt(ended) + ")").where(ended.notna(), " on (the plan is open)"))
    return [P.make(rows, "cp_reviews", "CPPreviewDate", _fmt(rows["CPPreviewDate"]), expected,
                   "plan_review_outside_plan", P.KEPT)]


def rule_icpc_before_s47(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """An s47 whose DateOfInitialCPC is before its S47ActualStartDate: kept."""
    df = _present(tables, "s47")
    if df is None:
        return []
    bad = (df["DateOfInitialCPC"] < df["S47ActualStartDate"]).fillna(False)
    if not bad.any():
        return []
    rows = df[bad]
    expected = "a date on or after S47ActualStartDate (" + _fmt(rows["S47ActualStartDate"]) + ")"
    return [P.make(rows, "s47", "DateOfInitialCPC", _fmt(rows["DateOfInitialCPC"]), expected,
                   "icpc_before_s47", P.KEPT)]


def rule_child_not_in_cin_children(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A plan or s47 of a child not in cin_children: kept. Only when cin_children was supplied."""
    kids = tables.get("cin_children")
    if kids is None:
        return []
    known = pd.Index(kids[ID].dropna().unique())
    out = []
    for name in ("s47", "cp_plans"):
        df = _present(tables, name)
        if df is None:
            continue
        bad = df[ID].notna() & ~df[ID].isin(known)
        if bad.any():
            out.append(P.make(df[bad], name, ID, df.loc[bad, ID], "a LAchildID listed in cin_children",
                              "child_not_in_cin_children", P.KEPT))
    return out


def rule_born_after_referral(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A CIN referral (cin_details) dated before the child's PersonBirthDate in cin_children:
    kept. An unborn child (ExpectedPersonBirthDate and no PersonBirthDate) is valid and not
    checked."""
    kids, det = _present(tables, "cin_children"), _present(tables, "cin_details")
    if kids is None or det is None:
        return []
    born = kids.dropna(subset=["PersonBirthDate"]).drop_duplicates(ID)
    dob = det[ID].map(pd.Series(born["PersonBirthDate"].to_numpy(), index=born[ID].to_numpy(dtype=object)))
    dob = pd.to_datetime(dob)
    bad = (det["CINreferralDate"] < dob).fillna(False)
    if not bad.any():
        return []
    rows = det[bad]
    expected = "a date on or after the child's PersonBirthDate in cin_children (" + _fmt(dob[bad]) + ")"
    return [P.make(rows, "cin_details", "CINreferralDate", _fmt(rows["CINreferralDate"]), expected,
                   "born_after_referral", P.KEPT)]


def rule_chair_not_in_iros(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A conference whose CHAIR_ID is not an IRO_ID in iros: kept. Only when iros was supplied."""
    conf, iros = _present(tables, "cp_conferences"), tables.get("iros")
    if conf is None or iros is None:
        return []
    bad = conf["CHAIR_ID"].notna() & ~conf["CHAIR_ID"].isin(pd.Index(iros["IRO_ID"].dropna().unique()))
    if not bad.any():
        return []
    return [P.make(conf[bad], "cp_conferences", "CHAIR_ID", conf.loc[bad, "CHAIR_ID"],
                   "an IRO_ID listed in iros", "chair_not_in_iros", P.KEPT)]


# In this order: reviews with no plan are set aside before reviews are checked against their
# plan's dates.
CIN_RULES = (rule_plan_end_before_start, rule_plan_overlap, rule_plan_review_no_plan,
             rule_plan_review_outside_plan, rule_icpc_before_s47, rule_child_not_in_cin_children,
             rule_born_after_referral, rule_chair_not_in_iros)


def run_cin_rules(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """Every rule above over the stitched tables (none applies when no CIN or conference table
    was supplied)."""
    out = []
    for rule in CIN_RULES:
        out += rule(tables)
    return out

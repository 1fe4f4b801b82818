"""The dip-sample cohort of children on a child protection plan at the audit date (base
``cp_plan``, audit tool `parameters/audit_tools/cp_plans.yaml`).

One row per child with a plan open at AS_AT (child-protection.md: CPPstartDate <= as_at and
CPPendDate blank or after it), from the `cp` metric rows, so the cohort is the children the
report counts in `cp.children_on_plan`. A child with two open plans (a data-quality overlap)
is one case, on the later plan. Stratify with ``strata="CATEGORY"`` or ``"DURATION_BAND"``.
"""
from __future__ import annotations

import pandas as pd

from ..errors import ParameterError
from ..window import Window, to_date
from .cohorts import band_of_age

CP_PLAN_COLUMNS = ["CHILD", "AGE", "AGE_BAND", "CATEGORY", "PLAN_START", "PLAN_DAYS",
                   "DURATION_BAND", "PREVIOUS_PLANS", "LOOKED_AFTER", "CHAIR_ID"]
# by time on the plan at the audit date; a band starts on the day the plan is that long
# (9 months: CPPstartDate on or before as_at - 9 months, as cp.open_over_9m counts it)
DURATION_BANDS = ("under 3 months", "3-9 months", "9-18 months", "18 months to 2 years",
                  "2 years or more")


def cp_plan_frame(ds, as_at, params=None) -> pd.DataFrame:
    """One row per child on a plan at AS_AT, sorted by CHILD: CHILD (LAchildID), AGE (whole years;
    blank for an unborn child or one missing from cin_children), AGE_BAND, CATEGORY (latest
    category of abuse), PLAN_START, PLAN_DAYS, DURATION_BAND, PREVIOUS_PLANS
    (NumberOfPreviousCPP), LOOKED_AFTER (also in care at AS_AT) and CHAIR_ID (of the child's
    latest conference; blank without cp_conferences)."""
    from .. import calendar
    from ..metrics import cp
    from ..params import load_params

    if not ds.has("cp_plans"):
        raise ParameterError("the cp_plan cohort needs the cp_plans table (CIN census), which "
                             "this data folder does not hold")
    as_at = to_date(as_at, "as_at")
    params = params or load_params()
    w = Window(as_at, as_at, as_at)
    kids = cp.children_on_plan(ds, w, params)[[cp.ID, "CPPstartDate", "AGE", "LOOKED_AFTER"]]
    plans = cp.open_plans(ds, w, params)
    prev = cp.plan_table(ds)[[cp.ID, "CPPstartDate", "NumberOfPreviousCPP"]]
    plans = plans.merge(prev, on=[cp.ID, "CPPstartDate"], how="left").drop_duplicates(
        [cp.ID, "CPPstartDate"])
    out = kids.merge(plans[[cp.ID, "CPPstartDate", "CATEGORY", "DAYS_OPEN", "NumberOfPreviousCPP"]],
                     on=[cp.ID, "CPPstartDate"], how="left")
    start = out["CPPstartDate"]
    band = pd.Series(DURATION_BANDS[0], index=out.index, dtype="object")
    for months, label in ((3, DURATION_BANDS[1]), (9, DURATION_BANDS[2]), (18, DURATION_BANDS[3]),
                          (24, DURATION_BANDS[4])):
        band[(start <= calendar.add_months(as_at, -months)).to_numpy()] = label
    out["DURATION_BAND"] = band
    if ds.has("cp_conferences"):
        from ..metrics import cp_conferences

        chair = cp_conferences.chair_of_children(ds, w, params)[[cp.ID, "CHAIR_ID"]]
        out = out.merge(chair.drop_duplicates(cp.ID), on=cp.ID, how="left")
    else:
        out["CHAIR_ID"] = None
    out = out.rename(columns={cp.ID: "CHILD", "CPPstartDate": "PLAN_START", "DAYS_OPEN": "PLAN_DAYS",
                              "NumberOfPreviousCPP": "PREVIOUS_PLANS"})
    out["CHILD"] = out["CHILD"].astype(str)
    out["AGE"] = pd.array(out["AGE"], dtype="Int64")
    out["AGE_BAND"] = band_of_age(out["AGE"])
    out["PLAN_DAYS"] = pd.array(out["PLAN_DAYS"], dtype="Int64")
    out["PREVIOUS_PLANS"] = pd.array(out["PREVIOUS_PLANS"], dtype="Int64")
    return out[CP_PLAN_COLUMNS].sort_values("CHILD", kind="mergesort").reset_index(drop=True)

"""Health assessments, dental checks and personal education plans (`metrics.md`, Health and
education). Two top-level groups: `health` and `pep`.

With `health_assessments`:
- cohort: children looked after at as_at whose current period began on or before as_at - 12
  months (`health_cohort_months`);
- `assessment_up_to_date`: a COMPLETED IHA or RHA within the last 12 months of as_at
  (`health_assessment_months`), 6 for a child aged under 5 at as_at
  (`health_assessment_months_under_5`); a child without a date of birth gets the 12-month rule;
- `dental_up_to_date`: a COMPLETED DENTAL within the last 12 months (`dental_months`);
- `iha_on_time`: periods of care starting in the window with a COMPLETED IHA within 20 working
  days of the start (`iha_working_days`); the IHA looked at is the child's first completed IHA
  dated on or after the start. Departure from `metrics.md`, only when parameter `extract_date`
  is set (default null: exactly as `metrics.md`): a period with no completed IHA whose deadline
  IHA_DUE is after the extract date is "not yet due" (IHA_NOT_YET_DUE) and left out of both n
  and d, because an IHA for a child who came into care days before the extract cannot be in it
  yet; a completed IHA is judged as usual whatever its date;
- `refused`: REFUSED assessments of any type dated in the window (not filtered by period).
Without it, from `oc2`: `oc2_assessment`, `oc2_dental`, `oc2_immunisations`: d = every OC2 row,
n = rows with HEALTH_ASSESSMENT / TEETH_CHECK / IMMUNISATIONS equal to 1.

With `peps`: `pep.up_to_date`: d = children looked after at as_at aged 4 to 15 (`pep_min_age`,
`pep_max_age`, both included; a child without a date of birth is left out); n = those with a
PEP within the last 6 months of as_at (`pep_months`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import add_months, add_working_days, age_in_years, within_last_months, within_working_days
from ..params import not_yet_due
from ..periods import care
from ._common import count_of, proportion_of
from .oversight import NAT, _ns, child_codes, last_event, table_child_codes

DAY_NS = 86_400 * 10**9
KEY_SPAN = 1 << 24   # days: keys child * KEY_SPAN + day never collide (dates before 47,000 AD)

OC2_FLAGS = {"oc2_assessment": "HEALTH_ASSESSMENT", "oc2_dental": "TEETH_CHECK",
             "oc2_immunisations": "IMMUNISATIONS"}


def _assessments(ds) -> pd.DataFrame:
    ha = ds["health_assessments"]
    return pd.DataFrame({
        "CHILD": ha["CHILD"].astype(object).to_numpy(),
        "ASSESSMENT_TYPE": ha["ASSESSMENT_TYPE"].astype(object).to_numpy(),
        "ASSESSMENT_DATE": pd.to_datetime(ha["ASSESSMENT_DATE"]).astype("datetime64[ns]").to_numpy(),
        "STATUS": ha["STATUS"].astype(object).to_numpy(),
    })


def _completed_iha(ds) -> np.ndarray:
    ha = ds["health_assessments"]
    return ((ha["STATUS"] == "COMPLETED") & (ha["ASSESSMENT_TYPE"] == "IHA")).fillna(False).to_numpy(dtype=bool)


def first_event_on_or_after(ds, name, date_col, children, dates, mask=None) -> np.ndarray:
    """For each (CHILD, DATE) pair, the earliest DATE_COL of table NAME (rows where MASK is true)
    on or after DATE, as datetime64[ns] (NaT when there is none). Vectorised: events sorted by
    (child key, day) and looked up with searchsorted."""
    codes = table_child_codes(ds, name)
    d = _ns(ds[name][date_col])
    keep = (codes >= 0) & (d != NAT)
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool)
    ev_code, ev_day = codes[keep].astype(np.int64), d[keep] // DAY_NS
    q_code = child_codes(ds, children).astype(np.int64)
    q_ns = _ns(dates)
    out = np.full(len(q_code), NAT, dtype=np.int64)
    if len(ev_code) == 0 or len(q_code) == 0:
        return out.view("datetime64[ns]")
    order = np.lexsort((ev_day, ev_code))
    ev_code, ev_day = ev_code[order], ev_day[order]
    q_day = q_ns // DAY_NS
    pos = np.searchsorted(ev_code * KEY_SPAN + ev_day, q_code * KEY_SPAN + q_day, side="left")
    pos_c = np.minimum(pos, len(ev_code) - 1)
    found = (pos < len(ev_code)) & (q_code >= 0) & (q_ns != NAT) & (ev_code[pos_c] == q_code)
    out[found] = ev_day[pos_c[found]] * DAY_NS
    return out.view("datetime64[ns]")


def health_status(ds, window, params) -> pd.DataFrame:
    """One row per cohort child (looked after at as_at, continuously for 12 months): CHILD,
    PERIOD_START, AGE (at as_at), ASSESSMENT_MONTHS (6 or 12), LAST_ASSESSMENT (latest completed
    IHA/RHA on or before as_at), ASSESSMENT_UP_TO_DATE, LAST_DENTAL, DENTAL_UP_TO_DATE."""
    as_at = window.as_at
    la = care(ds).looked_after_at(as_at)
    cohort = la[la["START"] <= add_months(as_at, -int(params["health_cohort_months"]))]
    out = pd.DataFrame({"CHILD": cohort["CHILD"].astype(object).to_numpy(),
                        "PERIOD_START": cohort["START"].to_numpy(),
                        "DOB": cohort["DOB"].to_numpy()})
    out["AGE"] = age_in_years(out["DOB"], pd.Series(as_at, index=out.index))
    under_5 = (out["AGE"] < 5).fillna(False).to_numpy(dtype=bool)
    m_all, m_u5 = int(params["health_assessment_months"]), int(params["health_assessment_months_under_5"])
    out["ASSESSMENT_MONTHS"] = np.where(under_5, m_u5, m_all)
    ha = ds["health_assessments"]
    done = (ha["STATUS"] == "COMPLETED").fillna(False).to_numpy(dtype=bool)
    kind = ha["ASSESSMENT_TYPE"]
    main = done & kind.isin(["IHA", "RHA"]).to_numpy(dtype=bool)
    dental = done & (kind == "DENTAL").fillna(False).to_numpy(dtype=bool)
    out["LAST_ASSESSMENT"] = last_event(ds, "health_assessments", "ASSESSMENT_DATE", as_at, out["CHILD"], main)
    out["LAST_DENTAL"] = last_event(ds, "health_assessments", "ASSESSMENT_DATE", as_at, out["CHILD"], dental)
    ok_all = np.asarray(within_last_months(out["LAST_ASSESSMENT"], as_at, m_all), dtype=bool)
    ok_u5 = np.asarray(within_last_months(out["LAST_ASSESSMENT"], as_at, m_u5), dtype=bool)
    out["ASSESSMENT_UP_TO_DATE"] = np.where(under_5, ok_u5, ok_all)
    out["DENTAL_UP_TO_DATE"] = np.asarray(
        within_last_months(out["LAST_DENTAL"], as_at, int(params["dental_months"])), dtype=bool)
    return out.sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def iha_timeliness(ds, window, params) -> pd.DataFrame:
    """One row per period of care (short breaks left out) starting in the window: CHILD,
    PERIOD_ID, PERIOD_START, IHA_DUE (the 20th working day after the start), IHA_DATE (the first
    completed IHA on or after the start), IHA_ON_TIME, IHA_NOT_YET_DUE (parameter `extract_date`
    set, IHA_DATE blank and IHA_DUE after the extract date; always false when it is null:
    `health_summary` leaves those rows out of n and d)."""
    per = care(ds).periods
    per = per[~per["SHORT_BREAK"].astype(bool) & window.contains(per["START"])]
    out = pd.DataFrame({"CHILD": per["CHILD"].astype(object).to_numpy(),
                        "PERIOD_ID": per["PERIOD_ID"].to_numpy(),
                        "PERIOD_START": pd.to_datetime(per["START"]).astype("datetime64[ns]").to_numpy()})
    n = int(params["iha_working_days"])
    out["IHA_DUE"] = pd.Series(pd.to_datetime(add_working_days(out["PERIOD_START"], n)).to_numpy(),
                               index=out.index).astype("datetime64[ns]")
    out["IHA_DATE"] = first_event_on_or_after(ds, "health_assessments", "ASSESSMENT_DATE",
                                              out["CHILD"], out["PERIOD_START"], _completed_iha(ds))
    out["IHA_ON_TIME"] = np.asarray(within_working_days(out["IHA_DATE"], out["PERIOD_START"], n), dtype=bool)
    out["IHA_NOT_YET_DUE"] = not_yet_due(out["IHA_DATE"], out["IHA_DUE"], params)
    return out


def refused_assessments(ds, window, params) -> pd.DataFrame:
    """REFUSED assessments (any type) dated in the window."""
    ha = _assessments(ds)
    return ha[(ha["STATUS"] == "REFUSED") & window.contains(ha["ASSESSMENT_DATE"])].reset_index(drop=True)


def oc2_status(ds, window, params) -> pd.DataFrame:
    """Every OC2 row: CHILD and, for HEALTH_ASSESSMENT, TEETH_CHECK and IMMUNISATIONS, whether
    the flag equals 1."""
    oc2 = ds["oc2"]
    out = pd.DataFrame({"CHILD": oc2["CHILD"].astype(object).to_numpy()})
    for col in OC2_FLAGS.values():
        v = pd.to_numeric(oc2[col], errors="coerce") if col in oc2 else pd.Series(np.nan, index=oc2.index)
        out[col] = (v == 1).fillna(False).to_numpy(dtype=bool)
    return out


def health_summary(ds, window, params) -> dict | None:
    if ds.has("health_assessments") and ds.has("episodes"):
        rows = health_status(ds, window, params)
        iha = iha_timeliness(ds, window, params)
        return {
            "assessment_up_to_date": proportion_of(rows, "ASSESSMENT_UP_TO_DATE"),
            "dental_up_to_date": proportion_of(rows, "DENTAL_UP_TO_DATE"),
            "iha_on_time": proportion_of(iha[~iha["IHA_NOT_YET_DUE"]], "IHA_ON_TIME"),
            "refused": count_of(refused_assessments(ds, window, params)),
        }
    if ds.has("oc2"):
        rows = oc2_status(ds, window, params)
        return {key: proportion_of(rows, col) for key, col in OC2_FLAGS.items()}
    return None


def pep_status(ds, window, params) -> pd.DataFrame:
    """One row per child looked after at as_at: CHILD, AGE (at as_at), IN_COHORT (aged 4 to 15),
    LAST_PEP (on or before as_at), PEP_UP_TO_DATE (within the last 6 months)."""
    as_at = window.as_at
    la = care(ds).looked_after_at(as_at)
    out = pd.DataFrame({"CHILD": la["CHILD"].astype(object).to_numpy(),
                        "PERIOD_START": la["START"].to_numpy(), "DOB": la["DOB"].to_numpy()})
    out["AGE"] = age_in_years(out["DOB"], pd.Series(as_at, index=out.index))
    lo, hi = int(params["pep_min_age"]), int(params["pep_max_age"])
    out["IN_COHORT"] = ((out["AGE"] >= lo) & (out["AGE"] <= hi)).fillna(False).to_numpy(dtype=bool)
    out["LAST_PEP"] = last_event(ds, "peps", "PEP_DATE", as_at, out["CHILD"])
    out["PEP_UP_TO_DATE"] = np.asarray(within_last_months(out["LAST_PEP"], as_at, int(params["pep_months"])),
                                       dtype=bool)
    return out.sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def pep_summary(ds, window, params) -> dict | None:
    if not ds.has("peps") or not ds.has("episodes"):
        return None
    return {"up_to_date": proportion_of(pep_status(ds, window, params), "PEP_UP_TO_DATE", "IN_COHORT")}


def summary(ds, window, params) -> dict:
    """The two groups, keyed as `metrics.md`'s top-level groups."""
    return {"health": health_summary(ds, window, params), "pep": pep_summary(ds, window, params)}

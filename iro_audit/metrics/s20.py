"""Section 20 accommodation (`s20`), as `metrics.md` defines it: the bi-monthly s20 check.

An s20 run (`periods.care(ds).runs("s20")`) is a maximal run of consecutive LS V2 episodes in
one period of care; it starts at its first episode's DECOM and ends at its last episode's DEC.

Decisions where `metrics.md` leaves room (documented here and in the row columns):
- OUTCOME (as at as_at) is one of `converted_to_order` (the next episode in the same period has
  LS C1, C2, E1, L1, L2 or L3 and began on or before as_at), `ceased_care` (the run's last
  episode is the period's last and the period ended on or before as_at, any REC),
  `still_s20` (in the run at as_at: start <= as_at and end blank or after as_at), `other`
  (continued under another legal status that is not an order, e.g. J1: counted in none of the
  three) or `not_started` (the run starts after as_at, possible only when as_at < end).
- REC: the reason the run's period of care ended, once it has ended on or before as_at (for
  "left care and why"); blank otherwise.
- STATUS_NOW describes the child's position at as_at in the run's period of care: "still s20"
  while in the run, the legal status of the episode at as_at in words (e.g. "interim care order
  (C1)"; an order that later changed shows the status at as_at), or "left care: <reason> (REC)"
  once the period has ended.
- UASC: the child has a uasc row whose DUC is blank or after the run's start (None without the
  uasc table).
- UNDER_1: aged under 1 on the run's start (age in whole years is 0); no date of birth, not
  under 1.
- DAYS_ACCOMMODATED: calendar days from the run's start to its end, or to as_at when the run is
  open or ends after as_at (never negative).
- DURATION_BAND for children in a run at as_at, by DAYS = as_at - start (calendar days):
  "under 8 weeks" (DAYS < 56), "8 weeks to 6 months" (DAYS >= 56 and the run began after
  as_at - 6 months), "6-12 months" (began on or before as_at - 6 months and after
  as_at - 12 months), "over 12 months" (began on or before as_at - 12 months). The 6 and 12
  month edges are those of OVER_6M / OVER_12M, so the bands and the headline counts agree.
- CONSENT_ON_TIME: CONSENT_DATE on or before the run's start + `s20_consent_working_days`
  working days (a consent dated before the start counts); blank is not on time. CONSENT_DUE is
  that deadline (the run's start + 2 working days).
- CONSENT_NOT_YET_DUE: a departure from `metrics.md`, only when parameter `extract_date` is set
  (default null: always false, exactly as `metrics.md`): CONSENT_DATE blank and CONSENT_DUE
  after the extract date. Such a run is left out of both n and d of `consent_recorded`, because
  consent for a child accommodated a day before the extract may not be keyed in yet; a recorded
  consent is judged as usual whatever the extract date. FLAGS are unchanged (such a run still
  shows "no consent recorded", which is what the extract says).
- FLAGS (the exception list): "under 1", "no consent recorded" / "consent late" (with
  s20_agreements), "over 6 months" / "over 12 months" (still s20 at as_at and the run began on or
  before as_at - 6 / 12 months), "agreement not reviewed" (with s20_agreements: still s20 over
  6 months and AGREEMENT_REVIEWED blank).
- POSSIBLE_MISMATCH (with s20_agreements): for an admission with no agreement, a note when an
  agreement of the child that matched no run start (`load/matching.py`) is dated within
  `mismatch_days` days of the start (`metrics/_mismatch.py`); the flags are unchanged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ..contract import ORDER_LS
from ..params import not_yet_due
from ..periods import care
from ._common import count_of, proportion_of
from ._mismatch import possible_mismatch

BAND_UNDER_8_WEEKS = "under 8 weeks"
BAND_8_WEEKS_TO_6_MONTHS = "8 weeks to 6 months"
BAND_6_TO_12_MONTHS = "6-12 months"
BAND_OVER_12_MONTHS = "over 12 months"
DURATION_BANDS = (BAND_UNDER_8_WEEKS, BAND_8_WEEKS_TO_6_MONTHS, BAND_6_TO_12_MONTHS,
                  BAND_OVER_12_MONTHS)
EIGHT_WEEKS_DAYS = 56

OUTCOMES = ("converted_to_order", "ceased_care", "still_s20")

# Plain words for STATUS_NOW (the metrics layer does not import the report layer's labels).
LS_WORDS = {
    "C1": "interim care order", "C2": "full care order", "D1": "freeing order",
    "E1": "placement order", "V2": "section 20", "V3": "short breaks (single)",
    "V4": "short breaks (series)", "L1": "police protection", "L2": "emergency protection order",
    "L3": "child assessment order", "J1": "remanded", "J2": "detained (PACE)",
    "J3": "youth rehabilitation order with residence",
}
REC_WORDS = {
    "X1": "still looked after", "E11": "adopted (application unopposed)",
    "E12": "adopted (consent dispensed with)", "E2": "died",
    "E3": "care taken over by another authority", "E4A": "returned home",
    "E4B": "returned home (not planned)",
    "E13": "left to live with a person without parental responsibility",
    "E41": "residence or child arrangements order",
    "E43": "special guardianship order (former carer)", "E44": "special guardianship order",
    "E45": "special guardianship order (former foster carer)",
    "E46": "special guardianship order (relative or friend)",
    "E47": "special guardianship order (other)", "E48": "special guardianship order (other)",
    "E5": "moved to independent living (supported)", "E6": "moved to independent living",
    "E7": "transferred to adult social care", "E8": "ceased for another reason",
    "E9": "sentenced to custody", "E14": "remand ended", "E15": "age assessed as 18 or over",
    "E16": "moved abroad", "E17": "staying put with former foster carers",
}


def _ns(s) -> pd.Series:
    return pd.to_datetime(s).astype("datetime64[ns]")


def _lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """VALUES (indexed by key) looked up for each of KEYS (missing where absent); unlike
    Series.map this keeps datetimes when VALUES is empty."""
    return pd.Series(values.reindex(keys.to_numpy()).to_numpy(), index=keys.index)


def typed_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """RUNS with their date columns as datetime64[ns] (an empty runs frame has none typed)."""
    runs = runs.copy()
    for c in ("DOB", "START", "END", "NEXT_DECOM", "PERIOD_END"):
        runs[c] = pd.to_datetime(runs[c]).astype("datetime64[ns]")
    runs["LAST_IN_PERIOD"] = runs["LAST_IN_PERIOD"].fillna(False).astype(bool)
    runs["CHILD"] = runs["CHILD"].astype(object)
    return runs


def _words(codes: pd.Series, words: dict, unknown: str) -> pd.Series:
    """'<words> (<code>)' for each code; UNKNOWN text for a blank code."""
    c = codes.astype("object")
    label = c.map(words)
    text = label.where(label.notna(), "status") + " (" + c.astype(str) + ")"
    return text.where(c.notna(), unknown)


def _agreements(ds) -> pd.DataFrame | None:
    ag = ds.get("s20_agreements")
    if ag is None:
        return None
    cols = [c for c in ("CONSENT_DATE", "AGREEMENT_REVIEWED", "PLO_STAGE", "CONSENT_GIVEN_BY",
                        "CAPACITY_CONSIDERED") if c in ag.columns]
    a = ag[["CHILD", "DECOM"] + cols].copy()
    a["DECOM"] = _ns(a["DECOM"])
    for c in ("CONSENT_DATE", "AGREEMENT_REVIEWED"):
        if c in a:
            a[c] = _ns(a[c])
    a["CHILD"] = a["CHILD"].astype(object)
    a = a[a["DECOM"].notna()].drop_duplicates(["CHILD", "DECOM"], keep="first")
    return a.rename(columns={"DECOM": "START"}).assign(HAS_AGREEMENT=True)


def _uasc_at_start(ds, runs: pd.DataFrame) -> pd.Series:
    uasc = ds.get("uasc")
    if uasc is None:
        return pd.Series([None] * len(runs), index=runs.index, dtype=object)
    u = uasc[["CHILD", "DUC"]].copy()
    u["DUC"] = _ns(u["DUC"])
    u["CHILD"] = u["CHILD"].astype(object)
    # latest DUC per child (blank = still UASC, sorts last)
    u = u.sort_values("DUC", na_position="last", kind="mergesort").drop_duplicates("CHILD", keep="last")
    duc = _lookup(runs["CHILD"].astype(object), u.set_index("CHILD")["DUC"])
    known = runs["CHILD"].astype(object).isin(u["CHILD"])
    return (known & (duc.isna() | (duc > runs["START"]))).astype(bool)


def admissions(ds, window, params) -> pd.DataFrame:
    """s20 runs starting in the window, one row per run, with what the child-level table of the
    s20 report needs (see the module docstring for each column's rule). With s20_agreements,
    CONSENT_DUE (start + 2 working days), CONSENT_ON_TIME and CONSENT_NOT_YET_DUE (parameter
    `extract_date` set, CONSENT_DATE blank and CONSENT_DUE after it; `summary` leaves those runs
    out of n and d); without it these are None."""
    c = care(ds)
    as_at = window.as_at
    runs = typed_runs(c.runs("s20"))
    r = runs[window.contains(runs["START"])].copy().reset_index(drop=True)
    r["CHILD"] = r["CHILD"].astype(object)
    r["AGE_AT_START"] = calendar.age_in_years(r["DOB"], r["START"])
    r["UNDER_1"] = (r["AGE_AT_START"] < 1).fillna(False).astype(bool)
    r["UASC"] = _uasc_at_start(ds, r)
    r["PLACE"] = r["FIRST_PLACE"]
    to = r["END"].where(r["END"].notna() & (r["END"] <= as_at), as_at)
    r["DAYS_ACCOMMODATED"] = (to - r["START"]).dt.days.clip(lower=0).astype(np.int64)

    converted = (r["NEXT_LS"].isin(ORDER_LS) & (r["NEXT_DECOM"] <= as_at)).fillna(False).astype(bool)
    ceased = (r["LAST_IN_PERIOD"].astype(bool) & r["PERIOD_END"].notna()
              & (r["PERIOD_END"] <= as_at)).fillna(False).astype(bool)
    still = ((r["START"] <= as_at) & (r["END"].isna() | (r["END"] > as_at))).astype(bool)
    r["OUTCOME"] = np.select([still, converted, ceased, r["START"] > as_at],
                             ["still_s20", "converted_to_order", "ceased_care", "not_started"],
                             default="other")
    r["CONVERTED_TO_ORDER"], r["CEASED_CARE"], r["STILL_S20"] = converted, ceased, still

    # status at as_at within the run's period of care
    per = c.periods.set_index("PERIOD_ID")
    ep_now = c.episode_at(as_at).drop_duplicates("PERIOD_ID", keep="last").set_index("PERIOD_ID")
    ls_now = _lookup(r["PERIOD_ID"], ep_now["LS"])
    r["LS_NOW"] = ls_now
    period_end = _lookup(r["PERIOD_ID"], per["END"])
    period_rec = _lookup(r["PERIOD_ID"], per["LAST_REC"])
    left = period_end.notna() & (period_end <= as_at)
    r["REC"] = period_rec.where(left, None)
    r["STATUS_NOW"] = np.select(
        [still, ls_now.notna(), left, r["START"] > as_at],
        ["still s20", _words(ls_now, LS_WORDS, "unknown status"),
         "left care: " + _words(period_rec, REC_WORDS, "reason not recorded"), "not yet started"],
        default="unknown")

    over6 = still & (r["START"] <= calendar.add_months(as_at, -6))
    over12 = still & (r["START"] <= calendar.add_months(as_at, -12))
    r["OVER_6M"], r["OVER_12M"] = over6, over12

    ag = _agreements(ds)
    if ag is not None:
        r = r.merge(ag, on=["CHILD", "START"], how="left")
        r["HAS_AGREEMENT"] = r["HAS_AGREEMENT"].fillna(False).astype(bool)
        deadline = calendar.add_working_days(r["START"], params["s20_consent_working_days"])
        r["CONSENT_ON_TIME"] = (r["CONSENT_DATE"].notna() & (r["CONSENT_DATE"] <= deadline)).astype(bool)
        r["CONSENT_DUE"] = pd.Series(pd.to_datetime(deadline).to_numpy(),
                                     index=r.index).astype("datetime64[ns]")
        r["CONSENT_NOT_YET_DUE"] = not_yet_due(r["CONSENT_DATE"], r["CONSENT_DUE"], params)
        no_consent = r["CONSENT_DATE"].isna()
        late = ~no_consent & ~r["CONSENT_ON_TIME"]
        not_reviewed = r["OVER_6M"] & r["AGREEMENT_REVIEWED"].isna()
        r["POSSIBLE_MISMATCH"] = possible_mismatch(ds, "s20_agreements", r["CHILD"], r["START"],
                                                   ~r["HAS_AGREEMENT"], params)
    else:
        for col in ("CONSENT_DATE", "AGREEMENT_REVIEWED", "PLO_STAGE", "CONSENT_ON_TIME",
                    "HAS_AGREEMENT", "CONSENT_DUE", "CONSENT_NOT_YET_DUE", "POSSIBLE_MISMATCH"):
            r[col] = None
        no_consent = late = not_reviewed = pd.Series(False, index=r.index)
    for col in ("PLO_STAGE",):
        if col not in r:
            r[col] = None

    flags = pd.Series("", index=r.index, dtype=object)
    for mask, text in ((r["UNDER_1"], "under 1"), (no_consent, "no consent recorded"),
                       (late, "consent late"), (r["OVER_6M"] & ~r["OVER_12M"], "over 6 months"),
                       (r["OVER_12M"], "over 12 months"), (not_reviewed, "agreement not reviewed")):
        flags = flags + np.where(np.asarray(mask, dtype=bool), text + "; ", "")
    r["FLAGS"] = flags.str.rstrip("; ")

    cols = ["RUN_ID", "CHILD", "DOB", "START", "END", "AGE_AT_START", "UNDER_1", "UASC", "PLACE",
            "DAYS_ACCOMMODATED", "LS_NOW", "STATUS_NOW", "REC", "OUTCOME", "CONVERTED_TO_ORDER",
            "CEASED_CARE", "STILL_S20", "OVER_6M", "OVER_12M", "NEXT_LS", "NEXT_DECOM",
            "HAS_AGREEMENT", "CONSENT_DATE", "CONSENT_DUE", "CONSENT_ON_TIME", "CONSENT_NOT_YET_DUE",
            "AGREEMENT_REVIEWED", "PLO_STAGE", "FLAGS", "POSSIBLE_MISMATCH"]
    return r[cols].sort_values(["START", "CHILD"], kind="mergesort").reset_index(drop=True)


def current(ds, window, params) -> pd.DataFrame:
    """Children in an s20 run at as_at: CHILD, RUN_ID, START, AGE, PLACE (at the run's start),
    UASC (as in `admissions`), DAYS (as_at - start), DURATION_BAND, OVER_6M, OVER_12M."""
    c = care(ds)
    as_at = window.as_at
    r = typed_runs(c.in_run_at("s20", as_at))
    r["CHILD"] = r["CHILD"].astype(object)
    r = r.sort_values("START", kind="mergesort").drop_duplicates("CHILD", keep="last")
    r["AGE"] = calendar.age_in_years(r["DOB"], as_at)
    r["PLACE"] = r["FIRST_PLACE"]
    r["UASC"] = _uasc_at_start(ds, r)
    r["DAYS"] = (as_at - r["START"]).dt.days.astype(np.int64)
    r["OVER_6M"] = (r["START"] <= calendar.add_months(as_at, -6)).astype(bool)
    r["OVER_12M"] = (r["START"] <= calendar.add_months(as_at, -12)).astype(bool)
    r["DURATION_BAND"] = np.select(
        [r["OVER_12M"], r["OVER_6M"], r["DAYS"] >= EIGHT_WEEKS_DAYS],
        [BAND_OVER_12_MONTHS, BAND_6_TO_12_MONTHS, BAND_8_WEEKS_TO_6_MONTHS],
        default=BAND_UNDER_8_WEEKS)
    cols = ["CHILD", "RUN_ID", "DOB", "AGE", "START", "PLACE", "UASC", "DAYS", "DURATION_BAND",
            "OVER_6M", "OVER_12M"]
    return r[cols].sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    adm = admissions(ds, window, params)
    cur = current(ds, window, params)
    return {
        "admissions": count_of(adm),
        "admissions_children": count_of(adm.drop_duplicates("CHILD")),
        "admissions_under_1": count_of(adm, "UNDER_1"),
        "current": count_of(cur),
        "current_over_6m": count_of(cur, "OVER_6M"),
        "current_over_12m": count_of(cur, "OVER_12M"),
        "outcome": {
            "converted_to_order": count_of(adm, "CONVERTED_TO_ORDER"),
            "ceased_care": count_of(adm, "CEASED_CARE"),
            "still_s20": count_of(adm, "STILL_S20"),
        },
        "consent_recorded": (proportion_of(adm[~adm["CONSENT_NOT_YET_DUE"].astype(bool)], "CONSENT_ON_TIME")
                             if ds.has("s20_agreements") else None),
    }

"""Metric parameters: thresholds and working-day counts, defaults as in `metrics.md`.

A YAML file (e.g. `parameters/metrics.yaml`) may override any of them; an unknown key is an
error, so a typo never silently falls back to a default.

`extract_date` (default null) is a parameter `metrics.md` does not have: the date the data
were extracted, the last day the records could show. Null means "not given": the data
folder's `extract.yaml` then gives it (`with_extract_date(params, ds)`), and without one every
figure is exactly as `metrics.md` defines it. When set, the "within N working days" measures (minutes,
recommendations, care plan updated, IHA, formal escalations resolved, s20 consent, child
protection conference minutes) leave out of
both numerator and denominator a row whose deadline falls after the extract date and whose event
date is blank: it could not have happened yet, so counting it late would make the latest weeks
of a report run soon after the period ends look worse than they are. Such rows stay in the
child-level rows, flagged `<MEASURE>_NOT_YET_DUE`. See `extract_date` and `not_yet_due` below.

`mismatch_days` (default 7, not in `metrics.md`, changes no figure): a review, admission or
placement with no IRO record gets a POSSIBLE_MISMATCH note when an unmatched record of the same
child is dated within this many days of it (`metrics/_mismatch.py`).
"""
from __future__ import annotations

import datetime as dt
import re
from copy import deepcopy
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .contract import DEFAULT_ESCALATION_REASONS
from .errors import ParameterError

DEFAULTS: dict = {
    # review schedule (Care Planning Regulations 2010, reg 33)
    "first_review_working_days": 20,
    "second_review_months": 3,
    "later_review_months": 6,
    # review records
    "minutes_working_days": 15,
    "recommendations_working_days": 5,
    "care_plan_working_days": 10,
    # oversight between reviews
    "midway_months": 6,
    "visit_months_short": 6,
    "visit_months_long": 12,
    "caseload_threshold_per_fte": 70,
    # health and education
    "health_cohort_months": 12,
    "health_assessment_months": 12,
    "health_assessment_months_under_5": 6,
    "dental_months": 12,
    "iha_working_days": 20,
    "pep_months": 6,
    "pep_min_age": 4,
    "pep_max_age": 15,
    # stability
    "long_term_min_months_looked_after": 30,
    "long_term_min_months_in_placement": 24,
    "long_term_max_age": 16,
    # section 20 and placed with parents
    "s20_consent_working_days": 2,
    # adoption
    "adoption_placed_days": 426,
    "adoption_matched_days": 121,
    # missing
    "missing_repeat_threshold": 3,
    # escalations
    "escalation_resolution_working_days": 20,
    "escalation_reasons": list(DEFAULT_ESCALATION_REASONS),
    # an unmatched IRO record (load/matching.py) within this many days of a review, admission or
    # placement whose record is missing is noted on its row (POSSIBLE_MISMATCH); no figure changes
    "mismatch_days": 7,
    # the data extract: null = as metrics.md; a date leaves "not yet due" rows out (see above)
    "extract_date": None,
    # child protection (child-protection.md; Working Together to Safeguard Children 2023)
    "cin_child_id_is_903_child": True,   # LAchildID in the CIN census is the 903 CHILD
    "icpc_working_days": 15,             # initial conference within 15 working days of the s47 start
    "cp_first_review_months": 3,         # first review conference due 3 months after the plan starts
    "cp_later_review_months": 6,         # later ones 6 months after the previous review
    "cp_report_shared_working_days": 2,  # report shared with parents 2 working days before the conference
    "cp_minutes_working_days": 15,       # conference minutes issued within 15 working days
}

# Parameters checked when read (a wrong type would otherwise surface deep inside a metric):
# a true/false switch, and counts of days or months that must be whole numbers of at least 1.
BOOLEAN_PARAMS = ("cin_child_id_is_903_child",)
POSITIVE_INT_PARAMS = ("icpc_working_days", "cp_first_review_months", "cp_later_review_months",
                       "cp_report_shared_working_days", "cp_minutes_working_days")
NON_NEGATIVE_INT_PARAMS = ("mismatch_days",)


def check_param(key: str, value, where: str | None = None):
    """VALUE of parameter KEY, checked for the parameters of BOOLEAN_PARAMS (true or false) and
    POSITIVE_INT_PARAMS (a whole number, 1 or more) and NON_NEGATIVE_INT_PARAMS (a whole number of
    days, 0 or more); any other key's value is returned as is."""
    prefix = f"{where}: " if where else ""
    if key in BOOLEAN_PARAMS and not isinstance(value, bool):
        raise ParameterError(f"{prefix}metric parameter '{key}' must be true or false, not {value!r}")
    if key in POSITIVE_INT_PARAMS and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ParameterError(f"{prefix}metric parameter '{key}' must be a whole number of 1 or more, "
                             f"not {value!r}")
    if key in NON_NEGATIVE_INT_PARAMS and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ParameterError(f"{prefix}metric parameter '{key}' must be a whole number of days, 0 or "
                             f"more, not {value!r}")
    return value

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_extract_date(value, where: str | None = None) -> dt.date | None:
    """VALUE of parameter `extract_date` as a `datetime.date` (None when null).

    Accepts None, a `datetime.date` / `datetime.datetime` / pandas Timestamp (the time of day is
    dropped; NaT is null) or an ISO string 'YYYY-MM-DD' (as a quoted YAML value gives); anything
    else is a ParameterError naming the key and the value."""
    if value is None:
        return None
    if isinstance(value, (dt.date, np.datetime64)) and pd.isna(value):
        return None
    if isinstance(value, dt.datetime):        # pandas Timestamp is one too
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    prefix = f"{where}: " if where else ""
    raise ParameterError(f"{prefix}metric parameter 'extract_date' must be a date YYYY-MM-DD "
                         f"or null, not {value!r}")


def extract_date(params) -> pd.Timestamp | None:
    """PARAMS' `extract_date` as a Timestamp (midnight), or None when null or absent."""
    d = parse_extract_date(params.get("extract_date") if params is not None else None)
    return None if d is None else pd.Timestamp(d)


def effective_extract_date(ds, params) -> dt.date | None:
    """The extract date the figures use: PARAMS' `extract_date` when given (a parameter file or
    `-p extract_date` wins), else the data folder's extract.yaml (`ds.extract.extract_date`),
    else None (every figure exactly as metrics.md defines it)."""
    given = parse_extract_date(params.get("extract_date") if params is not None else None)
    if given is not None:
        return given
    extract = getattr(ds, "extract", None)
    return getattr(extract, "extract_date", None)


def with_extract_date(params, ds) -> dict:
    """A copy of PARAMS whose `extract_date` is `effective_extract_date(ds, params)`: the one
    place metrics, reports and the CLI take the data folder's extract date."""
    out = dict(params if params is not None else DEFAULTS)
    out["extract_date"] = effective_extract_date(ds, params)
    return out


def not_yet_due(event, due, params) -> np.ndarray:
    """Per row, whether the measure is "not yet due" at PARAMS' `extract_date`: the extract date
    is set, EVENT is blank and DUE (the last day that would be on time) is after the extract date.
    All False when `extract_date` is null (or DUE is blank)."""
    ev = pd.Series(pd.to_datetime(np.asarray(event)))
    dd = pd.Series(pd.to_datetime(np.asarray(due)))
    x = extract_date(params)
    if x is None:
        return np.zeros(len(ev), dtype=bool)
    return (ev.isna() & (dd > x)).fillna(False).to_numpy(dtype=bool)


def load_params(path: str | Path | None = None, overrides: dict | None = None) -> dict:
    """Defaults, then the YAML file's values, then OVERRIDES; unknown keys are an error,
    `extract_date` is checked and made a `datetime.date` (or None) here, and the child
    protection switches and timescales are checked (`check_param`)."""
    params = deepcopy(DEFAULTS)
    sources = []
    if path is not None:
        p = Path(path)
        if not p.exists():
            raise ParameterError(f"metric parameter file not found: {p}")
        try:
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as e:
            raise ParameterError(f"{p}: not valid YAML ({e})") from None
        if not isinstance(data, dict):
            raise ParameterError(f"{p}: expected a mapping of parameter names to values")
        sources.append((str(p), data))
    if overrides:
        sources.append(("overrides", overrides))
    for where, data in sources:
        for k, v in data.items():
            if k not in DEFAULTS:
                import difflib

                near = difflib.get_close_matches(k, DEFAULTS, n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                raise ParameterError(f"{where}: unknown metric parameter '{k}'{hint}")
            if k == "extract_date":
                v = parse_extract_date(v, where)
            v = check_param(k, v, where)
            params[k] = v
    return params

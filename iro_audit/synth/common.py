"""Shared helpers of the synthetic authority: days as integers, working days and months,
vectorised draws, IDs, and the rates of the 903 care histories (entry ages, pathways,
placements). Days are integer days since 1970-01-01 throughout."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import calendar as cal


DEFAULT_END = "2026-03-31"
NA = np.int64(-(10 ** 9))  # a missing day
QC_FORM_FILE = Path(__file__).resolve().parents[2] / "parameters" / "qc_form.yaml"

# The default form, used when parameters/qc_form.yaml is not beside the package (a wheel install).
# tests/test_synth.py checks that it matches the file.
DEFAULT_QC_ITEMS = (
    ("QC_CARE_PLAN_CURRENT", "PLANNING"), ("QC_PLACEMENT_PLAN", "PLANNING"),
    ("QC_FAMILY_TIME_PLAN", "PLANNING"), ("QC_CHILD_CONSULTED", "VOICE"),
    ("QC_WISHES_RECORDED", "VOICE"), ("QC_ADVOCACY_OFFERED", "VOICE"),
    ("QC_HEALTH_ASSESSMENT_CURRENT", "HEALTH"), ("QC_DENTAL_CHECK_CURRENT", "HEALTH"),
    ("QC_PEP_CURRENT", "EDUCATION"), ("QC_PERMANENCE_PLAN", "PERMANENCE"),
    ("QC_LIFE_STORY_WORK", "PERMANENCE"), ("QC_PREVIOUS_RECS_COMPLETED", "OVERSIGHT"),
)


def qc_items() -> list[tuple[str, str]]:
    """(id, theme) of each item of the default Quality and Compliance form."""
    if QC_FORM_FILE.exists():
        import yaml

        data = yaml.safe_load(QC_FORM_FILE.read_text(encoding="utf-8"))
        return [(str(i["id"]), str(i["theme"])) for i in data["items"]]
    return list(DEFAULT_QC_ITEMS)


# ---------------------------------------------------------------------------------------------
# Small helpers on integer days
# ---------------------------------------------------------------------------------------------


def _day(s) -> int:
    return int(np.datetime64(pd.Timestamp(s).date(), "D").astype(np.int64))


def _as_dt(days):
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]")


def _awd(days, n) -> np.ndarray:
    """The Nth working day after each day (calendar.add_working_days); N a number or an array
    (one per day; N < 1 gives NA). Worked out once per distinct day and N, then looked up."""
    days = np.asarray(days, dtype=np.int64)
    if not len(days):
        return days.copy()
    lo, hi = int(days.min()), int(days.max())
    span = np.arange(lo, hi + 1, dtype=np.int64)
    if np.ndim(n) == 0:
        table = cal.add_working_days(_as_dt(span), int(n))
        return np.asarray(table.to_numpy(), dtype="datetime64[D]").astype(np.int64)[days - lo]
    n = np.asarray(n, dtype=np.int64)
    out = np.full(len(days), NA)
    for w in np.flatnonzero(np.bincount(np.maximum(n, 0))):
        if w < 1:
            continue
        sel = np.flatnonzero(n == w)
        table = cal.add_working_days(_as_dt(span), int(w))
        out[sel] = np.asarray(table.to_numpy(), dtype="datetime64[D]").astype(np.int64)[days[sel] - lo]
    return out


def _add_months(days, n: int) -> np.ndarray:
    """Each day plus N calendar months, clipped to the month end (calendar.add_months)."""
    days = np.asarray(days, dtype=np.int64)
    if not len(days):
        return days.copy()
    out = cal.add_months(pd.Series(_as_dt(days)), n)
    return np.asarray(out.to_numpy(), dtype="datetime64[D]").astype(np.int64)


def _ymd(days):
    """Year, month and day of integer days (civil-from-days, all integer arithmetic)."""
    z = np.asarray(days, dtype=np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = yoe + era * 400 + (m <= 2)
    return y, m, d


def _age(dob, on) -> np.ndarray:
    """Whole years of age on a day (as calendar.age_in_years), vectorised."""
    y1, m1, d1 = _ymd(dob)
    y2, m2, d2 = _ymd(on)
    return y2 - y1 - ((m2 < m1) | ((m2 == m1) & (d2 < d1)))


def _cyear(days) -> np.ndarray:
    """Collection year (the year of the 31 March on or after each day)."""
    y, m, _ = _ymd(days)
    return np.where(m <= 3, y, y + 1)


def _pick(rng, choices, p, n):
    p = np.asarray(p, dtype=float)
    return np.asarray(choices)[rng.choice(len(choices), size=n, p=p / p.sum())]


def _uniform_int(rng, lo, hi):
    """A random integer in [lo, hi] for each pair (hi >= lo)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    return lo + np.floor(rng.random(lo.shape) * (hi - lo + 1)).astype(np.int64)


def _lognormal(rng, median, sigma, n):
    return np.exp(rng.normal(np.log(median), sigma, n))


def _asof(keys_sorted, query):
    """Index of the last key <= each query (keys sorted ascending)."""
    return np.searchsorted(keys_sorted, query, side="right") - 1


def _ids(prefix: str, numbers, width: int) -> np.ndarray:
    """PREFIX + each number zero-padded to WIDTH digits, as text."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if not len(numbers):
        return np.array([], dtype=object)
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width)).astype(object)


def _uniq(a) -> np.ndarray:
    """Sorted distinct values (a sort; numpy's hash-based unique is slow on millions of ints)."""
    a = np.sort(np.asarray(a))
    return a[np.r_[True, a[1:] != a[:-1]]] if len(a) else a


def _member(a, b) -> np.ndarray:
    """Whether each value of A is in B (integers), by binary search."""
    b = _uniq(b)
    a = np.asarray(a)
    if not len(b):
        return np.zeros(len(a), dtype=bool)
    i = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return b[i] == a


def _postcodes(rng, n):
    """Invented partial postcodes (ZZ is no real postcode area)."""
    sectors = np.array([f"ZZ{a} {b}" for a in range(1, 10) for b in range(10)], dtype=object)
    return sectors[rng.integers(0, len(sectors), n)]


KEY = np.int64(1 << 20)  # pid * KEY + day: sortable (period, day) pairs


def _key(pid, day):
    return np.asarray(pid, dtype=np.int64) * KEY + np.asarray(day, dtype=np.int64)


def _fmt_dates(days, style: str) -> np.ndarray:
    """Integer days -> 'DD/MM/YYYY' (style 'dmy') or 'YYYY-MM-DD' ('iso'); NA -> ''."""
    days = np.asarray(days, dtype=np.int64)
    out = np.full(len(days), "", dtype=object)
    ok = days != NA
    if ok.any():
        lo, hi = days[ok].min(), days[ok].max()
        labels = np.datetime_as_string(np.arange(lo, hi + 1).astype("datetime64[D]"))
        if style == "dmy":
            labels = np.array([f"{s[8:10]}/{s[5:7]}/{s[0:4]}" for s in labels], dtype=object)
        else:
            labels = labels.astype(object)
        out[ok] = labels[days[ok] - lo]
    return out


# ---------------------------------------------------------------------------------------------
# Rates (the seeds: Rotherham 2022/23 and other IRO annual reports)
# ---------------------------------------------------------------------------------------------

# Age at entry: under 1, 1-4, 5-9, 10-15, 16-17 (DfE children looked after statistics).
ENTRY_AGE_BANDS = ((0, 1), (1, 5), (5, 10), (10, 16), (16, 18))
ENTRY_AGE_P = (0.18, 0.14, 0.16, 0.38, 0.14)

PATHWAYS = ("S20_HOME", "S20_LONG", "S20_ORDER", "ORDER", "ADOPT", "PWP", "UASC", "REMAND")
# pathway probabilities by entry age band
PATHWAY_P = (
    (0.13, 0.00, 0.10, 0.30, 0.35, 0.12, 0.00, 0.00),
    (0.20, 0.00, 0.10, 0.30, 0.25, 0.15, 0.00, 0.00),
    (0.30, 0.03, 0.12, 0.40, 0.00, 0.15, 0.00, 0.00),
    (0.30, 0.15, 0.10, 0.25, 0.00, 0.08, 0.07, 0.05),
    (0.25, 0.30, 0.05, 0.08, 0.00, 0.00, 0.25, 0.07),
)

# Participation of children aged 4 and over (Rotherham 2022/23: PN1 656, PN2 12, PN3 5, PN4 15,
# PN5 100, PN6 396, PN7 135).
PN_CODES = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
PN_P = (656, 12, 5, 15, 100, 396, 135)

REC_AT_18 = (("E17", "E5", "E6", "E7", "E8"), (0.30, 0.25, 0.05, 0.05, 0.35))
SGO = ("E45", "E46", "E47", "E48")

ETHNIC = (("WBRI", "WIRI", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
           "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"),
          (72, 1, 4, 1, 3, 1, 2, 3, 1, 3, 1, 1, 1, 2, 1, 0.3, 1.5, 0.5, 0.7))
ETHNIC_UASC = (("AOTH", "BAFR", "OOTH", "BOTH", "MOTH"), (25, 30, 30, 10, 5))

PLACE_BANDS = (  # by age at placement start: under 5, 5-11, 12-15, 16-17
    (("U6", "U3", "U4", "U1", "U5", "R3"), (0.46, 0.18, 0.17, 0.05, 0.06, 0.08)),
    (("U6", "U4", "U3", "U1", "K2", "S1", "R1", "Z"), (0.40, 0.30, 0.10, 0.08, 0.06, 0.02, 0.02, 0.02)),
    (("U6", "U4", "U3", "U1", "K2", "S1", "K1", "R1", "Z", "R2"),
     (0.28, 0.24, 0.07, 0.05, 0.25, 0.03, 0.02, 0.02, 0.03, 0.01)),
    (("U6", "U4", "U3", "U1", "K2", "H5", "P2", "Z", "K1", "R5"),
     (0.20, 0.18, 0.05, 0.04, 0.15, 0.25, 0.05, 0.04, 0.02, 0.02)),
)
PLACE_UASC = (("H5", "U6", "K2", "U4"), (0.45, 0.30, 0.15, 0.10))
PROVIDER = {
    "P1": (("PR0",), (1,)), "U1": (("PR1",), (1,)), "U2": (("PR1",), (1,)), "U3": (("PR1",), (1,)),
    "U4": (("PR1", "PR4", "PR5"), (0.7, 0.25, 0.05)), "U5": (("PR1", "PR4"), (0.8, 0.2)),
    "U6": (("PR1", "PR4", "PR5"), (0.65, 0.3, 0.05)), "K2": (("PR1", "PR4"), (0.3, 0.7)),
    "K1": (("PR1", "PR2", "PR4"), (0.3, 0.4, 0.3)), "A3": (("PR1", "PR2", "PR5"), (0.6, 0.2, 0.2)),
    "A4": (("PR1", "PR2", "PR5"), (0.6, 0.2, 0.2)), "A5": (("PR1", "PR2", "PR5"), (0.6, 0.2, 0.2)),
    "A6": (("PR1",), (1,)), "R3": (("PR1", "PR4"), (0.5, 0.5)), "R2": (("PR3",), (1,)),
    "R5": (("PR3",), (1,)), "S1": (("PR4", "PR5"), (0.7, 0.3)), "R1": (("PR4",), (1,)),
}
REGISTERED = ("K1", "K2", "K3", "R1", "S1", "R3")
REASON_PLACE_CHANGE = (("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD",
                        "LAREQ", "PLACE", "OTHER"),
                       (0.22, 0.04, 0.03, 0.05, 0.05, 0.05, 0.05, 0.10, 0.30, 0.04, 0.07))

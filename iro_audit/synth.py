"""A synthetic local authority: every table of the data contract, internally consistent.

    from iro_audit.synth import generate
    summary = generate("/tmp/la", children=500, years=5, seed=1)   # {table: rows written}

`children` is roughly the number looked after at any one time; `years` collection years end at
`end` (default 31 March 2026, fixed so that a seed always gives the same bytes).

What it writes (one folder, nothing else in it):
- SSDA903 tables as one CSV per table per collection year (``episodes_2024.csv`` ...), DD/MM/YYYY
  dates, each holding what that year's return would: episodes open at any time in the year (an
  episode still open at 31 March has blank DEC and REC), reviews held in the year, and so on. The
  first year's episodes and reviews files also carry the earlier episodes and reviews of periods
  of care open in that year, back to each period's start, so that periods, placements and the
  review schedule can be derived from the files alone.
- IRO service tables as one CSV each with ISO dates, except ``iros.xlsx`` (an Excel workbook, so
  that XLSX input is exercised).

Children have only IDs (CHILD, zero-padded text); no table holds a child's name. IRO names are
invented staff names.

The data say they are synthetic (`load/extract.py`): ``extract.yaml`` (extract_date = the last
day, ``source: synthetic``, authority "Synthetic authority (no real children)") and a column
``SYNTHETIC`` = ``Y`` in every ``header`` file, which the loader takes as the marker.

Everything is built with vectorised numpy over periods of care, so 100,000 children over five
years takes well under two minutes. Days are held as integer days since 1970-01-01 throughout;
working days and months come from `iro_audit.calendar`.
"""
from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import calendar as cal
from .contract import DEFAULT_ESCALATION_REASONS, PLACE, REC, TABLES, TABLES_903, TABLES_IRO
from .load.extract import (EXTRACT_FILE, SYNTHETIC_AUTHORITY, SYNTHETIC_COLUMN, SYNTHETIC_SOURCE,
                           SYNTHETIC_VALUE, write_extract_metadata)

DEFAULT_END = "2026-03-31"
NA = np.int64(-(10 ** 9))  # a missing day
QC_FORM_FILE = Path(__file__).resolve().parents[1] / "parameters" / "qc_form.yaml"

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

IRO_FIRST = ("Alex", "Bernadette", "Carys", "Deepa", "Eamon", "Farah", "Gareth", "Helen", "Imran",
             "Joanne", "Kwame", "Lorna", "Marcus", "Nadia", "Owen", "Priya", "Rachel", "Simon",
             "Tariq", "Una", "Vikram", "Wendy", "Yusuf", "Zara")
IRO_LAST = ("Ashworth", "Bramley", "Castell", "Dunmore", "Ellison", "Fairbrother", "Greaves",
            "Holroyd", "Ibbotson", "Jessop", "Kirkham", "Lindley", "Mottram", "Naylor",
            "Oldroyd", "Pickersgill", "Quarmby", "Rushworth", "Sugden", "Thackray", "Utley",
            "Varley", "Whiteley", "Yeadon")
TEAMS = ("North", "South", "East", "West", "Central", "Valley")

ESC_REASON_P = (0.32, 0.12, 0.08, 0.10, 0.07, 0.08, 0.07, 0.05, 0.04, 0.04, 0.03)
ESC_NOTES = {
    "DRIFT_DELAY": "Drift in the care plan; timescales agreed with the team manager.",
    "NO_PRE_MEETING_REPORT": "No pre-meeting report before the review.",
    "ORDER_DISCHARGE_DELAY": "Application to discharge the order not yet made.",
    "ASSESSMENT_DELAY": "Assessment not completed within the agreed timescale.",
    "LIFE_STORY": "Life story work not started.",
    "CARE_PLAN_QUALITY": "Care plan out of date and does not reflect current needs.",
    "PLACEMENT": "Concerns about the suitability of the placement.",
    "HEALTH": "Health assessment overdue; referral chased.",
    "EDUCATION": "No school place; PEP targets not met.",
    "FAMILY_TIME": "Family time arrangements not in line with the plan.",
    "OTHER": "Recommendation from the last review not progressed.",
}
ESC_OUTCOMES = ("Resolved: plan agreed with team manager", "Resolved: actions completed",
                "Resolved: timescales agreed", "Resolved by service manager")
QC_COMMENTS = {
    "OUTSTANDING": ("Child's voice clear throughout; plan progressing well.",
                    "Strong permanence planning and good family time arrangements."),
    "GOOD": ("Plan on track; health and education needs met.",
             "Good evidence of the child's views; minor gaps in recording.",
             "Placement stable; life story work under way."),
    "REQUIRES_IMPROVEMENT": ("Care plan needs updating; drift in permanence planning.",
                             "Pre-meeting report late; health assessment overdue.",
                             "Child's views not gathered before the review."),
    "INADEQUATE": ("Significant drift and delay; escalation raised.",
                   "No up to date care plan and no pre-meeting report."),
}
QC_GRADES = (("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"), (0.08, 0.55, 0.30, 0.07))
QC_Y_BY_GRADE = {"OUTSTANDING": 0.97, "GOOD": 0.9, "REQUIRES_IMPROVEMENT": 0.72, "INADEQUATE": 0.45}
QC_THEME_EASE = {"PLANNING": 1.0, "VOICE": 0.97, "HEALTH": 0.95, "EDUCATION": 0.97,
                 "PERMANENCE": 0.9, "OVERSIGHT": 0.88}


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class _Synth:
    def __init__(self, children: int, years: int, seed: int, end):
        if children < 1 or years < 1:
            from .errors import IroAuditError

            raise IroAuditError("synth: --children and --years must be at least 1")
        self.n_target = int(children)
        self.years = int(years)
        self.rng = np.random.default_rng(seed)
        self.end = _day(end or DEFAULT_END)
        last = int(_cyear([self.end])[0])
        self.cyears = list(range(last - self.years + 1, last + 1))
        self.w0 = _day(f"{self.cyears[0] - 1}-04-01")  # window start
        self.lookback = self.w0 - 365  # activity tables start a year before the window
        self.ystart = {y: _day(f"{y - 1}-04-01") for y in self.cyears}
        self.yend = {y: min(_day(f"{y}-03-31"), self.end) for y in self.cyears}

    # ----- periods of care --------------------------------------------------------------------

    def _draw_entries(self, n, start, age_band=None):
        """Age, DOB and pathway for N entries starting on START (array)."""
        rng = self.rng
        band = rng.choice(5, size=n, p=ENTRY_AGE_P) if age_band is None else age_band
        lo = np.array([b[0] for b in ENTRY_AGE_BANDS])[band] * 365.25
        hi = np.array([b[1] for b in ENTRY_AGE_BANDS])[band] * 365.25 - 1
        u = rng.random(n)
        u = np.where(band == 0, u ** 2, u)  # babies mostly enter in their first weeks
        age = (lo + u * (hi - lo)).astype(np.int64)
        dob = start - age
        # no 29 February birthdays: keeps month arithmetic and ages in step
        _, m, d = _ymd(dob)
        dob = np.where((m == 2) & (d == 29), dob - 1, dob)
        cum = np.cumsum(np.array(PATHWAY_P), axis=1)
        cum = cum / cum[:, -1:]
        path = (rng.random(n)[:, None] > cum[band]).sum(axis=1)
        return dob, path

    def _legal(self, start, dob, path):
        """Legal status segments, intended end and REC for each period.

        Returns (seg_pid, seg_day, seg_ls), end, rec, special = dict of special placements."""
        rng = self.rng
        n = len(start)
        inf = np.int64(10 ** 7)
        ls = np.full((n, 4), "", dtype="<U2")
        at = np.full((n, 4), inf, dtype=np.int64)  # offset days from the start
        dur = np.zeros(n, dtype=np.int64)
        rec = np.full(n, "E8", dtype="<U3")
        a_place = np.full(n, -1, dtype=np.int64)  # offset of the adoptive placement
        p1_at = np.full(n, -1, dtype=np.int64)  # offset of the placement with parents
        match = np.full(n, -1, dtype=np.int64)  # offset of the adoption match
        ls[:, 0] = "V2"
        at[:, 0] = 0

        def sel(name):
            return np.flatnonzero(path == PATHWAYS.index(name))

        i = sel("S20_HOME")
        dur[i] = np.clip(_lognormal(rng, 60, 1.2, len(i)), 2, 1000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E4B", "E13", "E8", "E41", "E3", "E16"),
                       (0.55, 0.10, 0.15, 0.12, 0.03, 0.03, 0.02), len(i))

        i = sel("S20_LONG")
        dur[i] = np.clip(_lognormal(rng, 900, 0.8, len(i)), 30, 6000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E13", "E8", "E5", "E3"), (0.3, 0.25, 0.25, 0.1, 0.1), len(i))

        i = sel("UASC")
        dur[i] = inf
        k = rng.random(len(i))
        e15 = i[k < 0.05]
        dur[e15] = _uniform_int(rng, np.full(len(e15), 30), 200)
        rec[e15] = "E15"
        e3 = i[(k >= 0.05) & (k < 0.10)]
        dur[e3] = _uniform_int(rng, np.full(len(e3), 10), 90)
        rec[e3] = "E3"

        def order_tail(idx, c1_at):
            """C1 from C1_AT, then C2; most stay long, some leave during proceedings."""
            t = c1_at + _uniform_int(rng, np.full(len(idx), 120), 400)
            ls[idx, 2], at[idx, 2] = "C2", t
            dur[idx] = t + np.clip(_lognormal(rng, 1400, 0.9, len(idx)), 30, 8000).astype(np.int64)
            rec[idx] = _pick(rng, SGO + ("E41", "E4A", "E8", "E13", "E3"),
                             (0.12, 0.12, 0.06, 0.05, 0.10, 0.25, 0.15, 0.10, 0.05), len(idx))
            early = idx[rng.random(len(idx)) < 0.10]  # leaves during proceedings
            dur[early] = c1_at[np.searchsorted(idx, early)] + _uniform_int(
                rng, np.full(len(early), 30), t[np.searchsorted(idx, early)] - c1_at[np.searchsorted(idx, early)] - 1)
            rec[early] = _pick(rng, ("E4A", "E41", "E45"), (0.5, 0.3, 0.2), len(early))

        i = sel("S20_ORDER")
        c1 = _uniform_int(rng, np.full(len(i), 14), 180)
        ls[i, 1], at[i, 1] = "C1", c1
        order_tail(i, c1)

        i = sel("ORDER")
        k = rng.random(len(i))
        ls[i, 0] = np.where(k < 0.12, "L1", np.where(k < 0.25, "L2", "C1"))
        c1 = np.where(k < 0.12, _uniform_int(rng, np.ones(len(i)), 3),
                      np.where(k < 0.25, _uniform_int(rng, np.full(len(i), 3), 8), 0))
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        order_tail(i, c1)

        i = sel("ADOPT")
        k = rng.random(len(i))
        first = np.where(k < 0.2, "V2", np.where(k < 0.25, "L2", "C1"))
        ls[i, 0] = first
        c1 = np.where(k < 0.2, _uniform_int(rng, np.full(len(i), 14), 90),
                      np.where(k < 0.25, _uniform_int(rng, np.full(len(i), 3), 8), 0))
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        e1 = c1 + _uniform_int(rng, np.full(len(i), 150), 380)
        ls[i, 2], at[i, 2] = "E1", e1
        m = e1 + np.clip(_lognormal(rng, 72, 0.6, len(i)), 20, 700).astype(np.int64)
        pl = m + _uniform_int(rng, np.full(len(i), 7), 45)
        dur[i] = pl + _uniform_int(rng, np.full(len(i), 70), 300)
        rec[i] = np.where(rng.random(len(i)) < 0.7, "E11", "E12")
        matched = rng.random(len(i)) >= 0.08
        match[i] = np.where(matched, m, -1)
        a_place[i] = np.where(matched, pl, -1)
        um = i[~matched]  # plan changed: no adoptive match
        dur[um] = e1[~matched] + np.clip(_lognormal(rng, 1000, 0.8, len(um)), 60, 8000).astype(np.int64)
        rec[um] = _pick(rng, ("E45", "E46", "E8"), (0.4, 0.3, 0.3), len(um))

        i = sel("PWP")
        k = rng.random(len(i))
        ls[i, 0] = np.where(k < 0.1, "L2", "C1")
        c1 = np.where(k < 0.1, _uniform_int(rng, np.full(len(i), 3), 8), 0)
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        t = c1 + _uniform_int(rng, np.full(len(i), 150), 400)
        ls[i, 2], at[i, 2] = "C2", t
        tp = np.where(rng.random(len(i)) < 0.3, c1, c1 + _uniform_int(rng, np.full(len(i), 20), 300))
        p1_at[i] = tp
        dur[i] = tp + np.clip(_lognormal(rng, 420, 0.6, len(i)), 40, 4000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E41", "E45", "E13", "E8"), (0.4, 0.25, 0.15, 0.1, 0.1), len(i))

        i = sel("REMAND")
        j1 = rng.random(len(i)) < 0.7
        ls[i, 0] = np.where(j1, "J1", "J2")
        dur[i] = np.where(j1, _uniform_int(rng, np.full(len(i), 7), 120), _uniform_int(rng, np.ones(len(i)), 3))
        rec[i] = _pick(rng, ("E14", "E9", "E4A"), (0.7, 0.2, 0.1), len(i))

        # cap at the 18th birthday
        b18 = _add_months(dob, 216)
        end = start + np.minimum(dur, inf)
        capped = end >= b18
        end = np.where(capped, b18, end)
        rec = np.where(capped, _pick(rng, *REC_AT_18, n), rec)
        length = end - start
        # drop segments at or after the end; keep the first
        at = np.where(at < length[:, None], at, inf)
        at[:, 0] = 0
        ls = np.where(at < inf, ls, "")
        a_place = np.where((a_place > 0) & (a_place < length), a_place, -1)
        match = np.where(a_place > 0, match, -1)
        p1_at = np.where((p1_at >= 0) & (p1_at < length), p1_at, -1)
        # an adoption needs the adoptive placement
        adopted = np.isin(rec, ("E11", "E12"))
        rec = np.where(adopted & (a_place < 0), "E8", rec)
        return ls, at, end, rec, a_place, match, p1_at

    def build_periods(self):
        rng = self.rng
        n = self.n_target
        t0 = self.w0 - int(18 * 365.25) - 30
        # mean period length, to set the entry rate for N looked after at once
        cal_n = 20000
        cs = np.full(cal_n, self.w0, dtype=np.int64)
        cdob, cpath = self._draw_entries(cal_n, cs)
        _, _, cend, *_ = self._legal(cs, cdob, cpath)
        mean_len = float(np.mean(cend - cs))
        rate = n / mean_len * 1.0
        total = rng.poisson(rate * (self.end - t0))
        start = np.sort(rng.integers(t0, self.end + 1, size=total)).astype(np.int64)
        dob, path = self._draw_entries(total, start)
        ls, at, end, rec, a_place, match, p1_at = self._legal(start, dob, path)
        keep = end >= self.w0
        P = dict(child=np.arange(keep.sum(), dtype=np.int64), start=start[keep], dob=dob[keep],
                 path=path[keep], ls=ls[keep], at=at[keep], end=end[keep], rec=rec[keep],
                 a_place=a_place[keep], match=match[keep], p1_at=p1_at[keep])
        n_children = len(P["child"])
        # re-entries: some children who went home come back
        back = np.isin(P["rec"], ("E4A", "E4B", "E13", "E8", "E41")) & (P["end"] < self.end)
        back &= _age(P["dob"], P["end"]) < 17
        back &= rng.random(len(back)) < 0.14
        bi = np.flatnonzero(back)
        rstart = P["end"][bi] + _uniform_int(rng, np.full(len(bi), 30), 730)
        ok = (rstart <= self.end) & (_age(P["dob"][bi], rstart) < 17)
        bi, rstart = bi[ok], rstart[ok]
        rdob = P["dob"][bi]
        agey = _age(rdob, rstart)
        band = np.searchsorted([1, 5, 10, 16], agey, side="right")
        _, rpath = self._draw_entries(len(bi), rstart, age_band=band)
        rpath = np.where(rpath == PATHWAYS.index("UASC"), PATHWAYS.index("S20_HOME"), rpath)
        rls, rat, rend, rrec, ra, rm, rp = self._legal(rstart, rdob, rpath)
        for k, v in dict(child=P["child"][bi], start=rstart, dob=rdob, path=rpath, ls=rls, at=rat,
                         end=rend, rec=rrec, a_place=ra, match=rm, p1_at=rp).items():
            P[k] = np.concatenate([P[k], v])
        order = np.lexsort((P["start"], P["child"]))
        P = {k: v[order] for k, v in P.items()}
        P["short_break"] = np.zeros(len(P["start"]), dtype=bool)
        self.P = P
        self.n_children = n_children
        self._short_breaks()

    def _short_breaks(self):
        """A small share of disabled children on agreed series of short breaks (V3/V4): each stay a
        one-episode period."""
        rng = self.rng
        P = self.P
        k = max(1, round(0.03 * self.n_target))
        first = self.lookback
        dob = _uniform_int(rng, np.full(k, first - 16 * 365), first - 5 * 365)
        _, m, d = _ymd(dob)
        dob = np.where((m == 2) & (d == 29), dob - 1, dob)
        gap = _uniform_int(rng, np.full(k, 21), 60)
        n_stays = ((self.end - first) // gap + 1).astype(np.int64)
        child = np.repeat(np.arange(self.n_children, self.n_children + k), n_stays)
        j = np.arange(len(child)) - np.repeat(np.cumsum(n_stays) - n_stays, n_stays)
        s = np.repeat(first, len(child)) + j * np.repeat(gap, n_stays) + rng.integers(0, 10, len(child))
        length = rng.integers(2, 6, len(child))
        cdob = np.repeat(dob, n_stays)
        keep = (s + length < self.end) & (s + length < _add_months(cdob, 216)) & (s > cdob)
        child, s, length, cdob = child[keep], s[keep], length[keep], cdob[keep]
        code = np.repeat(np.where(rng.random(k) < 0.7, "V3", "V4"), n_stays)[keep]
        n = len(s)
        ls = np.full((n, 4), "", dtype="<U2")
        ls[:, 0] = code
        at = np.full((n, 4), 10 ** 7, dtype=np.int64)
        at[:, 0] = 0
        add = dict(child=child, start=s, dob=cdob, path=np.full(n, -1), ls=ls, at=at, end=s + length,
                   rec=np.full(n, "E4A", dtype="<U3"), a_place=np.full(n, -1), match=np.full(n, -1),
                   p1_at=np.full(n, -1), short_break=np.ones(n, dtype=bool))
        for key, v in add.items():
            P[key] = np.concatenate([P[key], v])
        self.n_children += k

    # ----- placements and episodes ------------------------------------------------------------

    def build_episodes(self):
        rng = self.rng
        P = self.P
        n = len(P["start"])
        pid = np.arange(n)
        start, end, dob, path = P["start"], P["end"], P["dob"], P["path"]
        sb = P["short_break"]
        # legal status rows
        m = P["ls"] != ""
        lpid = np.repeat(pid, m.sum(axis=1))
        lday = start[lpid] + P["at"][m]
        lcode = P["ls"][m]
        # placement moves before any special placement
        special = np.where(P["a_place"] > 0, P["a_place"], np.where(P["p1_at"] >= 0, P["p1_at"], end - start))
        free_len = np.maximum(special, 0)
        agey = _age(dob, start)
        move_rate = np.where(agey >= 12, 0.9, np.where(agey >= 5, 0.45, 0.35)) / 365.25
        move_rate = np.where(sb | (path == PATHWAYS.index("REMAND")), 0, move_rate)
        nm = np.minimum(rng.poisson(move_rate * free_len), 10)
        mpid = np.repeat(pid, nm)
        # moves come mostly early in a period: children who stay settle
        mday = start[mpid] + 1 + np.floor(rng.random(len(mpid)) ** 1.8 * np.maximum(free_len[mpid] - 1, 1)).astype(np.int64)
        # some legal status changes bring a move the same day (RNE B)
        lc = lday > start[lpid]
        bsel = lc & (rng.random(len(lday)) < 0.15) & (lday < start[lpid] + free_len[lpid])
        pl_pid = np.concatenate([pid, mpid, lpid[bsel]])
        pl_day = np.concatenate([start, mday, lday[bsel]])
        pl_kind = np.concatenate([np.zeros(n, int), np.zeros(len(mpid), int), np.zeros(bsel.sum(), int)])
        # special placements: adoptive (A5 new carer, A6 current foster carer) and with parents
        ai = np.flatnonzero(P["a_place"] > 0)
        pi = np.flatnonzero(P["p1_at"] >= 0)
        pl_pid = np.concatenate([pl_pid, ai, pi])
        pl_day = np.concatenate([pl_day, start[ai] + P["a_place"][ai], start[pi] + P["p1_at"][pi]])
        pl_kind = np.concatenate([pl_kind, np.ones(len(ai), int), np.full(len(pi), 2)])
        # one placement per (period, day): the special one wins
        o = np.lexsort((-pl_kind, pl_day, pl_pid))
        pl_pid, pl_day, pl_kind = pl_pid[o], pl_day[o], pl_kind[o]
        first = np.ones(len(pl_pid), bool)
        first[1:] = (pl_pid[1:] != pl_pid[:-1]) | (pl_day[1:] != pl_day[:-1])
        pl_pid, pl_day, pl_kind = pl_pid[first], pl_day[first], pl_kind[first]
        # placement codes by age at placement start
        q = len(pl_pid)
        page = _age(dob[pl_pid], pl_day)
        pband = np.searchsorted([5, 12, 16], page, side="right")
        code = np.full(q, "U6", dtype="<U3")
        for b, (codes, p) in enumerate(PLACE_BANDS):
            s = np.flatnonzero(pband == b)
            code[s] = _pick(rng, codes, p, len(s))
        code = np.where((code == "R3") & (page >= 1), "U6", code)
        ppath = path[pl_pid]
        s = np.flatnonzero(ppath == PATHWAYS.index("UASC"))
        code[s] = _pick(rng, *PLACE_UASC, len(s))
        s = np.flatnonzero(ppath == PATHWAYS.index("REMAND"))
        j1 = P["ls"][pl_pid[s], 0] == "J1"
        code[s] = np.where(j1, _pick(rng, ("R5", "K1", "U6"), (0.4, 0.3, 0.3), len(s)),
                           _pick(rng, ("U6", "K2"), (0.5, 0.5), len(s)))
        s = np.flatnonzero(sb[pl_pid])
        code[s] = _pick(rng, ("K2", "U6"), (0.6, 0.4), len(s))
        carer = np.ones(q, dtype=bool)
        s = np.flatnonzero(pl_kind == 1)
        a6 = rng.random(len(s)) < 0.3
        code[s] = np.where(a6, "A6", _pick(rng, ("A5", "A3", "A4"), (0.9, 0.05, 0.05), len(s)))
        carer[s] = ~a6
        code[pl_kind == 2] = "P1"
        # placement ends
        nxt_same = np.r_[pl_pid[1:] == pl_pid[:-1], False]
        pend = np.where(nxt_same, np.r_[pl_day[1:], 0], end[pl_pid])
        # a short-term foster placement that lasts becomes long-term with the same carer (RNE T)
        lasting = np.isin(code, ("U6", "U3")) & (pend - pl_day > 400) & (rng.random(q) < 0.35)
        ti = np.flatnonzero(lasting)
        tday = pl_day[ti] + _uniform_int(rng, np.full(len(ti), 120), np.minimum(540, pend[ti] - pl_day[ti] - 30))
        tcode = np.where(code[ti] == "U6", "U4", "U1")
        pl_pid = np.concatenate([pl_pid, pl_pid[ti]])
        pl_day = np.concatenate([pl_day, tday])
        code = np.concatenate([code, tcode])
        carer = np.concatenate([carer, np.zeros(len(ti), bool)])
        o = np.lexsort((pl_day, pl_pid))
        pl_pid, pl_day, code, carer = pl_pid[o], pl_day[o], code[o], carer[o]
        keepu = np.ones(len(pl_pid), bool)
        keepu[1:] = (pl_pid[1:] != pl_pid[:-1]) | (pl_day[1:] != pl_day[:-1])
        pl_pid, pl_day, code, carer = pl_pid[keepu], pl_day[keepu], code[keepu], carer[keepu]
        nxt_same = np.r_[pl_pid[1:] == pl_pid[:-1], False]
        pend = np.where(nxt_same, np.r_[pl_day[1:], 0], end[pl_pid])
        # codes valid in every collection year the placement's episodes are reported in
        y0 = _cyear(pl_day)
        y1 = _cyear(np.minimum(pend, self.end))
        code = self._valid_place(code, y0, y1)
        self.placements = dict(pid=pl_pid, day=pl_day, code=code, end=pend)

        # episodes: every day on which legal status or placement changes
        bk = _uniq(np.concatenate([_key(lpid, lday), _key(pl_pid, pl_day)]))
        epid = bk // KEY
        eday = bk % KEY
        lkey = _key(lpid, lday)
        pkey = _key(pl_pid, pl_day)
        li = _asof(lkey, bk)
        pj = _asof(pkey, bk)
        e_ls = lcode[li]
        e_place = code[pj]
        ls_change = _member(bk, lkey)
        pl_change = _member(bk, pkey)
        e_carer = carer[pj]
        is_first = eday == start[epid]
        rne = np.where(ls_change & pl_change, np.where(e_carer, "B", "U"),
                       np.where(ls_change, "L", np.where(e_carer, "P", "T")))
        rne = np.where(is_first, "S", rne)
        last = np.r_[epid[1:] != epid[:-1], True]
        dec = np.where(last, end[epid], np.r_[eday[1:], 0])
        rec = np.where(last, P["rec"][epid], "X1")
        # staying put at 18 needs a foster carer
        rec = np.where((rec == "E17") & ~np.isin(e_place, ("U1", "U2", "U3", "U4", "U5", "U6")), "E5", rec)
        # special guardianship: E43/E44 before the E45-E48 split (codes valid in the year of DEC)
        sgo = np.flatnonzero(np.isin(rec, SGO))
        if len(sgo):
            cy = _cyear(dec[sgo])
            old = np.array([not REC.valid(str(c), int(y)) for c, y in zip(rec[sgo], cy)], dtype=bool)
            rec[sgo[old]] = np.where(np.isin(rec[sgo[old]], ("E45", "E47")), "E43", "E44")
        nxt_rne = np.concatenate([rne[1:], np.array(["S"])])
        moved = ~last & np.isin(nxt_rne, ("P", "B", "T", "U"))
        rpc = np.where(moved, _pick(rng, *REASON_PLACE_CHANGE, len(bk)), "")
        # keep only what had begun by the end date
        keep = eday <= self.end
        E = dict(pid=epid[keep], decom=eday[keep], rne=rne[keep], ls=e_ls[keep], place=e_place[keep],
                 dec=dec[keep], rec=rec[keep], rpc=rpc[keep], pj=pj[keep])
        open_ = E["dec"] > self.end
        E["dec"] = np.where(open_, NA, E["dec"])
        E["rec"] = np.where(open_, "", E["rec"])
        E["rpc"] = np.where(open_, "", E["rpc"])
        self.E = E
        # the REC actually written on each period's last episode (E17 fix-up)
        lastrow = np.r_[E["pid"][1:] != E["pid"][:-1], True]
        P["rec"] = P["rec"].copy()
        P["rec"][E["pid"][lastrow]] = np.where(E["rec"][lastrow] == "", P["rec"][E["pid"][lastrow]],
                                               E["rec"][lastrow])

    @staticmethod
    def _valid_place(code, y0, y1):
        out = code.copy()
        for c in ("Z", "Z1", "K3", "H5"):
            s = np.flatnonzero(code == c)
            if not len(s):
                continue
            if c == "H5":  # registered supported accommodation replaces much of H5 from 2024
                post = np.array([PLACE.valid("K3", int(a)) for a in y0[s]])
                flip = post & (np.arange(len(s)) % 5 < 3)
                out[s[flip]] = "K3"
                continue
            for i in s:
                a, b = int(y0[i]), int(y1[i])
                if c == "Z":
                    cands = [z for z in ("Z11", "Z12", "Z13", "Z14", "Z1")
                             if PLACE.valid(z, a) and PLACE.valid(z, b)]
                    out[i] = cands[i % len(cands) if cands[0] != "Z1" else 0] if cands else "U4"
                elif not (PLACE.valid(c, a) and PLACE.valid(c, b)):
                    out[i] = "U4"
        # K3 chosen above must be valid across the whole span too
        s = np.flatnonzero(out == "K3")
        for i in s:
            if not (PLACE.valid("K3", int(y0[i])) and PLACE.valid("K3", int(y1[i]))):
                out[i] = "H5"
        return out

    # ----- reviews ----------------------------------------------------------------------------

    def _p_late(self, days):
        """Share of reviews held late, drifting up a little over the years."""
        y = _cyear(days)
        return np.clip(0.075 + 0.004 * (y - self.cyears[0]), 0.03, 0.15)

    def build_reviews(self):
        rng = self.rng
        P = self.P
        start, end = P["start"], P["end"]
        horizon = self.end + 400
        cur = np.flatnonzero(~P["short_break"])
        due = _awd(start[cur], 20)
        out_pid, out_day, out_due, out_k = [], [], [], []
        k = 0
        while len(cur):
            late = rng.random(len(cur)) < self._p_late(due)
            late_by = np.minimum(1 + rng.geometric(1 / 12, len(cur)), 90)
            if k == 0:
                held = _uniform_int(rng, start[cur] + 7, due)
            else:
                early = np.minimum(rng.exponential(9, len(cur)), 60).astype(np.int64)
                held = due - early
                # an additional review (a placement move, a change of plan) well before it is due
                extra = rng.random(len(cur)) < 0.42
                held = np.where(extra, prev + ((due - prev) * rng.uniform(0.3, 0.6, len(cur))).astype(np.int64), held)
            held = np.where(late, due + late_by, held)
            ok = (held < end[cur]) & (held <= horizon)
            cur, held, due = cur[ok], held[ok], due[ok]
            out_pid.append(cur)
            out_day.append(held)
            out_due.append(due)
            out_k.append(np.full(len(cur), k))
            prev = held
            due = _add_months(held, 3 if k == 0 else 6)
            k += 1
        pid = np.concatenate(out_pid)
        day = np.concatenate(out_day)
        o = np.lexsort((day, pid))
        R = dict(pid=pid[o], day=day[o], due=np.concatenate(out_due)[o], k=np.concatenate(out_k)[o])
        # next review of the same period (for midway reviews), before cutting at the end date
        same = np.r_[R["pid"][1:] == R["pid"][:-1], False]
        R["next"] = np.where(same, np.r_[R["day"][1:], 0], NA)
        keep = R["day"] <= self.end
        R = {k: v[keep] for k, v in R.items()}
        n = len(R["pid"])
        age = _age(P["dob"][R["pid"]], R["day"])
        code = _pick(rng, PN_CODES, PN_P, n)
        R["code"] = np.where(age < 4, "PN0", code)
        R["age"] = age
        self.R = R

    # ----- IROs and allocations ---------------------------------------------------------------

    def build_iros(self):
        rng = self.rng
        P = self.P
        n_slots = max(3, int(round(self.n_target / 45)))
        fte = _pick(rng, (1.0, 0.9, 0.8, 0.6), (0.55, 0.1, 0.2, 0.15), n_slots)
        role = np.full(n_slots, "IRO", dtype=object)
        r = rng.permutation(n_slots)
        n_h = max(1, n_slots // 6)
        role[r[:n_h]] = "HYBRID"
        role[r[n_h:n_h + max(1, n_slots // 12)]] = "CP_CHAIR"
        n_f = max(1, n_slots // 10)
        role[r[n_h + max(1, n_slots // 12):n_h + max(1, n_slots // 12) + n_f]] = "FOSTERING_IRO"
        n_teams = max(2, n_slots // 6)
        team_names = [TEAMS[i % len(TEAMS)] + ("" if i < len(TEAMS) else f" {i // len(TEAMS) + 1}")
                      for i in range(n_teams)]
        team = np.array(team_names, dtype=object)[np.arange(n_slots) % n_teams]
        weight = fte * np.exp(rng.normal(0, 0.15, n_slots))
        weight = weight * np.select([role == "HYBRID", role == "CP_CHAIR", role == "FOSTERING_IRO"],
                                    [0.55, 0.3, 0.04], 1.0)
        weight = weight / weight.sum()
        # turnover: some posts change hands during the window
        change = np.where(rng.random(n_slots) < 0.3,
                          _uniform_int(rng, np.full(n_slots, self.w0 + 60), self.end - 60), NA)
        n_iros = n_slots + (change != NA).sum()
        holder0 = np.arange(n_slots)
        holder1 = np.full(n_slots, -1)
        holder1[change != NA] = n_slots + np.arange((change != NA).sum())
        names = set()
        iro_name = []
        for i in range(n_iros):
            while True:
                nm = f"{IRO_FIRST[rng.integers(len(IRO_FIRST))]} {IRO_LAST[rng.integers(len(IRO_LAST))]}"
                if nm not in names or len(names) >= len(IRO_FIRST) * len(IRO_LAST):
                    break
            names.add(nm)
            iro_name.append(nm)
        iro_slot = np.r_[holder0, np.flatnonzero(change != NA)]
        iro_fte = fte[iro_slot].copy()
        new = np.arange(n_iros) >= n_slots
        # a successor mostly takes the post at its hours
        iro_fte[new] = np.where(rng.random(new.sum()) < 0.8, iro_fte[new], np.maximum(iro_fte[new] - 0.2, 0.6))
        self.I = dict(id=np.array([f"IRO{i + 1:04d}" for i in range(n_iros)], dtype=object),
                      name=np.array(iro_name, dtype=object), team=team[iro_slot],
                      fte=iro_fte, role=role[iro_slot])
        # allocations: a post at the period's start, occasional reallocation, split at turnover
        idx = np.flatnonzero(~P["short_break"])
        start, end = P["start"][idx], np.minimum(P["end"][idx], self.end + 1)
        nre = rng.poisson(0.12 / 365.25 * (end - start))
        rp = np.repeat(idx, nre)
        rday = P["start"][rp] + 1 + np.floor(rng.random(len(rp)) * np.maximum(
            np.minimum(P["end"][rp], self.end + 1) - P["start"][rp] - 1, 1)).astype(np.int64)
        apid = np.concatenate([idx, rp])
        aday = np.concatenate([start, rday])
        o = np.lexsort((aday, apid))
        apid, aday = apid[o], aday[o]
        u = np.ones(len(apid), bool)
        u[1:] = (apid[1:] != apid[:-1]) | (aday[1:] != aday[:-1])
        apid, aday = apid[u], aday[u]
        slot = rng.choice(n_slots, size=len(apid), p=weight)
        same = np.r_[False, (apid[1:] == apid[:-1]) & (slot[1:] == slot[:-1])]
        apid, aday, slot = apid[~same], aday[~same], slot[~same]
        aend = np.where(np.r_[apid[1:] == apid[:-1], False], np.r_[aday[1:], 0], P["end"][apid])
        # split where the post changes hands
        c = change[slot]
        split = (c != NA) & (c > aday) & (c < aend)
        si = np.flatnonzero(split)
        apid = np.concatenate([apid, apid[si]])
        aday = np.concatenate([aday, c[si]])
        slot = np.concatenate([slot, slot[si]])
        o = np.lexsort((aday, apid))
        apid, aday, slot = apid[o], aday[o], slot[o]
        nxt = np.r_[apid[1:] == apid[:-1], False]
        aend = np.where(nxt, np.r_[aday[1:], 0] - 1, P["end"][apid])
        c = change[slot]
        iro = np.where((c != NA) & (aday >= c), holder1[slot], holder0[slot])
        keep = aday <= self.end
        self.A = dict(pid=apid[keep], start=aday[keep], end=np.where(aend[keep] > self.end, NA, aend[keep]),
                      iro=iro[keep])
        self._akey = _key(self.A["pid"], self.A["start"])

    def iro_at(self, pid, day):
        """The IRO allocated to each (period, day); the first allocation for days before it."""
        i = _asof(self._akey, _key(pid, day))
        i = np.maximum(i, 0)
        return self.A["iro"][i]

    # ----- activity between reviews -----------------------------------------------------------

    def _exposure(self, lo=None):
        """Non-short-break periods clipped to [lo, end date]: (pid, a, b) with b > a."""
        P = self.P
        lo = self.lookback if lo is None else lo
        idx = np.flatnonzero(~P["short_break"])
        a = np.maximum(P["start"][idx], lo)
        b = np.minimum(P["end"][idx], self.end + 1)
        ok = b > a
        return idx[ok], a[ok], b[ok]

    def _poisson_dates(self, rate_per_year, lo=None, weight=None):
        rng = self.rng
        pid, a, b = self._exposure(lo)
        lam = rate_per_year / 365.25 * (b - a) * (1 if weight is None else weight[pid])
        k = rng.poisson(lam)
        p = np.repeat(pid, k)
        aa, bb = np.repeat(a, k), np.repeat(b, k)
        day = aa + np.floor(rng.random(len(p)) * (bb - aa)).astype(np.int64)
        o = np.lexsort((day, p))
        p, day = p[o], day[o]
        u = np.ones(len(p), bool)
        u[1:] = (p[1:] != p[:-1]) | (day[1:] != day[:-1])
        return p[u], day[u]

    def build_activity(self):
        rng = self.rng
        P, R = self.P, self.R
        # midway reviews: ~80% of gaps between reviews have one near the middle
        has_next = R["next"] != NA
        gap = np.where(has_next, R["next"] - R["day"], _add_months(R["day"], 6) - R["day"])
        mid = R["day"] + gap // 2 + rng.integers(-20, 21, len(gap))
        ok = (rng.random(len(gap)) < 0.82) & (gap > 45) & (mid >= self.lookback) & (mid <= self.end)
        ok &= mid < P["end"][R["pid"]]
        mp, md = R["pid"][ok], mid[ok]
        self.midway = dict(pid=mp, day=md)
        # IRO visits
        vp, vd = self._poisson_dates(1.25)
        self.visits = dict(pid=vp, day=vd, mode=_pick(rng, ("IN_PERSON", "VIRTUAL"), (0.75, 0.25), len(vp)))
        # escalations: some children attract repeated escalations
        prop = rng.gamma(0.5, 2.0, len(P["start"]))
        dp, dd = self._poisson_dates(0.30, lo=self.w0, weight=prop)
        fp, fd = self._poisson_dates(0.18, lo=self.w0, weight=prop)
        self.esc = self._escalations(np.r_[dp, fp], np.r_[dd, fd],
                                     np.r_[np.zeros(len(dp), bool), np.ones(len(fp), bool)])
        # health assessments
        self.health = self._health()
        # personal education plans for school-age children
        self.peps = self._peps()
        # missing episodes
        self.missing = self._missing()

    def _escalations(self, pid, day, formal):
        rng = self.rng
        o = np.lexsort((pid, day))
        pid, day, formal = pid[o], day[o], formal[o]
        n = len(pid)
        stage = np.where(formal, _pick(rng, ("1", "2", "3", "CAFCASS"), (0.70, 0.22, 0.065, 0.015), n), "")
        reason = _pick(rng, DEFAULT_ESCALATION_REASONS, ESC_REASON_P, n)
        k = rng.random(n)
        wd = np.where(k < 0.62, rng.integers(1, 21, n), np.where(k < 0.9, rng.integers(21, 80, n), -1))
        wd = np.where(formal, wd, np.where(k < 0.8, rng.integers(1, 11, n), -1))
        resolved = _awd(day, wd)
        resolved = np.where(resolved > self.end, NA, resolved)
        outcome = np.where(resolved != NA, _pick(rng, ESC_OUTCOMES, (0.35, 0.3, 0.25, 0.1), n),
                           "Ongoing")
        notes = np.array([ESC_NOTES[r] for r in reason], dtype=object)
        return dict(pid=pid, day=day, type=np.where(formal, "FORMAL", "DISCUSSION"), stage=stage,
                    reason=reason, resolved=resolved, outcome=outcome, notes=notes,
                    iro=self.iro_at(pid, day))

    def _recurring(self, pid, first, until, gap_lo, gap_hi, skip=0.0):
        """Dates from FIRST every GAP_LO..GAP_HI days (arrays per pid) while before UNTIL."""
        rng = self.rng
        out_p, out_d = [], []
        d = first
        hi = np.broadcast_to(gap_hi, until.shape) if np.ndim(gap_hi) == 0 else gap_hi
        lo = np.broadcast_to(gap_lo, until.shape) if np.ndim(gap_lo) == 0 else gap_lo
        idx = np.arange(len(pid))
        while len(idx):
            ok = d < until[idx]
            idx, d = idx[ok], d[ok]
            keep = rng.random(len(idx)) >= skip
            out_p.append(idx[keep])
            out_d.append(d[keep])
            d = d + _uniform_int(rng, lo[idx], hi[idx])
        return np.concatenate(out_p) if out_p else np.array([], int), \
            np.concatenate(out_d) if out_d else np.array([], int)

    def _health(self):
        rng = self.rng
        P = self.P
        idx = np.flatnonzero(~P["short_break"] & (P["end"] - P["start"] > 20))
        start, end, dob = P["start"][idx], np.minimum(P["end"][idx], self.end + 1), P["dob"][idx]
        k = rng.random(len(idx))
        wd = np.where(k < 0.68, rng.integers(5, 21, len(idx)), rng.integers(21, 61, len(idx)))
        iha = _awd(start, wd)
        rows = []
        ok = iha < end
        rows.append((idx[ok], iha[ok], np.full(ok.sum(), 0)))
        # reviews of health: 6-monthly under 5, yearly after
        under5 = _age(dob, iha) < 5
        gap_lo = np.where(under5, 150, 300)
        gap_hi = np.where(under5, 190, 380)
        j, d = self._recurring(idx, iha + _uniform_int(rng, gap_lo, gap_hi), end, gap_lo, gap_hi)
        rows.append((idx[j], d, np.full(len(j), 1)))
        first_dental = np.maximum(start + rng.integers(20, 120, len(idx)), dob + 365)
        j, d = self._recurring(idx, first_dental, end, 270, 400, skip=0.04)
        rows.append((idx[j], d, np.full(len(j), 2)))
        pid = np.concatenate([r[0] for r in rows])
        day = np.concatenate([r[1] for r in rows])
        typ = np.concatenate([r[2] for r in rows])
        keep = (day >= self.lookback) & (day <= self.end)
        pid, day, typ = pid[keep], day[keep], typ[keep]
        age = _age(P["dob"][pid], day)
        k = rng.random(len(pid))
        refuse = np.where(age >= 12, 0.05, 0.005)
        status = np.where(k < refuse, "REFUSED", np.where(k < refuse + 0.03, "NOT_ATTENDED", "COMPLETED"))
        o = np.lexsort((day, typ, pid))
        names = np.array(["IHA", "RHA", "DENTAL"], dtype=object)
        return dict(pid=pid[o], day=day[o], type=names[typ[o]], status=status[o])

    def _peps(self):
        rng = self.rng
        P = self.P
        idx = np.flatnonzero(~P["short_break"])
        dob = P["dob"][idx]
        first = np.maximum(P["start"][idx] + rng.integers(10, 45, len(idx)),
                           _add_months(dob, 48) + rng.integers(0, 60, len(idx)))
        until = np.minimum(np.minimum(P["end"][idx], self.end + 1), _add_months(dob, 216))
        j, d = self._recurring(idx, first, until, 95, 135, skip=0.03)
        keep = (d >= self.lookback) & (d <= self.end)
        return dict(pid=idx[j][keep], day=d[keep])

    def _missing(self):
        rng = self.rng
        P = self.P
        pid, a, _ = self._exposure(lo=self.w0)
        age = _age(P["dob"][pid], a)
        prone = rng.random(len(pid)) < np.where(age >= 12, 0.3, np.where(age >= 9, 0.05, 0.0))
        w = np.zeros(len(P["start"]))
        w[pid[prone]] = rng.gamma(1.2, 4.0 / 1.2, prone.sum())
        mp, md = self._poisson_dates(1.0, lo=self.w0, weight=w)
        dur = np.where(rng.random(len(mp)) < 0.7, rng.integers(0, 2, len(mp)), rng.integers(1, 6, len(mp)))
        mend = np.minimum(md + dur, P["end"][mp])
        mend = np.where(mend > self.end, NA, mend)
        return dict(pid=mp, day=md, end=mend, code=_pick(rng, ("M", "A"), (0.8, 0.2), len(mp)))

    # ----- review records, forms, s20 and placed-with-parents records -------------------------

    def _offset_wd(self, day, wd):
        """DAY plus WD working days (WD >= 1), NA where WD < 1 or the result is after the end."""
        out = _awd(day, wd)
        return np.where(out > self.end, NA, out)

    def build_records(self):
        rng = self.rng
        R = self.R
        n = len(R["pid"])
        day = R["day"]
        # pre-meeting report (Rotherham 2022/23: 24.3% 5+ days before, 29.6% 1-4, 17.6% same day,
        # 28.1% after, 0.4% none)
        k = _pick(rng, (0, 1, 2, 3, 4), (0.243, 0.296, 0.176, 0.281, 0.004), n)
        before = np.select([k == 0, k == 1, k == 2, k == 3],
                           [rng.integers(5, 22, n), rng.integers(1, 5, n), np.zeros(n, int),
                            -rng.integers(1, 16, n)], 0)
        report = np.where(k == 4, NA, day - before)
        report = np.where(report > self.end, NA, report)

        def issued(p_in, lim, p_blank):
            u = rng.random(n)
            wd = np.where(u < p_in, rng.integers(1, lim + 1, n),
                          np.where(u < 1 - p_blank, rng.integers(lim + 1, lim + 26, n), 0))
            return self._offset_wd(day, wd)

        self.records = dict(report=report, recs=issued(0.86, 5, 0.02), minutes=issued(0.80, 15, 0.03),
                            care_plan=issued(0.74, 10, 0.07), iro=self.iro_at(R["pid"], day))
        # Quality and Compliance forms for most reviews
        items = qc_items()
        has = rng.random(n) < np.clip(0.80 + 0.02 * (_cyear(day) - self.cyears[0]), 0, 0.92)
        done = day + np.where(rng.random(n) < 0.8, rng.integers(0, 6, n), rng.integers(6, 21, n))
        has &= done <= self.end
        f = np.flatnonzero(has)
        gi = rng.choice(4, size=len(f), p=np.array(QC_GRADES[1]) / sum(QC_GRADES[1]))
        grade = np.array(QC_GRADES[0], dtype=object)[gi]
        py = np.array([QC_Y_BY_GRADE[g] for g in QC_GRADES[0]])[gi]
        age = R["age"][f]
        answers = {}
        for item, theme in items:
            p = np.clip(py * QC_THEME_EASE.get(theme, 0.95), 0, 1)
            ans = np.where(rng.random(len(f)) < p, "Y", "N").astype(object)
            na = rng.random(len(f)) < 0.02
            if theme in ("VOICE", "EDUCATION"):
                na |= age < 4
            if item == "QC_DENTAL_CHECK_CURRENT":
                na |= age < 1
            if theme == "PERMANENCE":
                na |= (R["k"][f] == 0) & (rng.random(len(f)) < 0.7)
            ans[na] = "NA"
            answers[item] = ans
        comments = np.empty(len(f), dtype=object)
        for g, texts in QC_COMMENTS.items():
            s = np.flatnonzero(grade == g)
            comments[s] = np.array(texts, dtype=object)[rng.integers(0, len(texts), len(s))]
        self.qc = dict(idx=f, done=done[f], grade=grade, comments=comments, answers=answers)

    def _runs(self, mask):
        """Start rows of maximal runs of consecutive episodes (one period) where MASK holds."""
        E = self.E
        prev_same = np.r_[False, (E["pid"][1:] == E["pid"][:-1]) & mask[:-1]]
        return np.flatnonzero(mask & ~prev_same)

    def build_s20_pwp(self):
        rng = self.rng
        P, E = self.P, self.E
        # section 20 agreements, one per s20 run
        r = self._runs(E["ls"] == "V2")
        pid, decom = E["pid"][r], E["decom"][r]
        n = len(r)
        k = rng.random(n)
        wd = np.where(k < 0.55, 0, np.where(k < 0.88, rng.integers(1, 3, n), np.where(k < 0.96, rng.integers(3, 15, n), -1)))
        consent = np.where(wd == 0, decom - rng.integers(0, 3, n), self._offset_wd(decom, wd))
        consent = np.where((wd < 0) | (consent > self.end), NA, consent)
        age = _age(P["dob"][pid], decom)
        uasc = P["path"][pid] == PATHWAYS.index("UASC")
        by = _pick(rng, ("MOTHER", "FATHER", "BOTH_PARENTS", "PERSON_WITH_PR"), (0.55, 0.1, 0.3, 0.05), n)
        by = np.where(age >= 16, "YOUNG_PERSON", by)
        by = np.where(uasc & (age < 16), "NO_PERSON_WITH_PR_IN_UK", by)
        cap = np.where(rng.random(n) < 0.85, "Y", "N")
        reviewed = decom + rng.integers(30, 200, n)
        path = P["path"][pid]
        # the run ends when the status changes or the period ends
        v2 = E["ls"] == "V2"
        last_in_run = v2 & ~np.r_[(E["pid"][1:] == E["pid"][:-1]) & v2[1:], False]
        run_end = np.where(E["dec"][last_in_run] == NA, self.end + 1, E["dec"][last_in_run])
        reviewed = np.where((rng.random(n) < 0.7) & (reviewed < run_end) & (reviewed <= self.end), reviewed, NA)
        plo = np.where(path == PATHWAYS.index("S20_ORDER"),
                       _pick(rng, ("PRE_PROCEEDINGS", "PROCEEDINGS_ISSUED", "NONE"), (0.5, 0.3, 0.2), n),
                       np.where(path == PATHWAYS.index("ADOPT"), "PROCEEDINGS_ISSUED",
                                np.where(rng.random(n) < 0.15, "PRE_PROCEEDINGS", "NONE")))
        plan = np.select([path == PATHWAYS.index("S20_HOME"), path == PATHWAYS.index("S20_ORDER"),
                          path == PATHWAYS.index("ADOPT"), uasc],
                         ["Return home", "Assessment; proceedings planned", "Proceedings issued",
                          "Care until 18; pathway planning"], "Long-term care")
        self.s20 = dict(pid=pid, decom=decom, consent=consent, by=by, cap=cap, reviewed=reviewed,
                        plo=plo, plan=plan)
        # placed-with-parents records, one per run of P1 episodes
        r = self._runs(E["place"] == "P1")
        pid, st = E["pid"][r], E["decom"][r]
        n = len(r)
        k = rng.random(n)
        before = rng.integers(0, 30, n)
        approval = np.where(k < 0.82, st - before, np.where(k < 0.96, st + rng.integers(1, 40, n), NA))
        approval = np.where(approval > self.end, NA, approval)
        assess = np.where(rng.random(n) < 0.9, st - rng.integers(5, 90, n), NA)
        plan_d = np.where(rng.random(n) < 0.9, self._offset_wd(st, rng.integers(1, 11, n)), NA)
        last_p1 = (E["place"] == "P1") & ~np.r_[(E["pid"][1:] == E["pid"][:-1]) & (E["place"][1:] == "P1"), False]
        p1_end = np.where(E["dec"][last_p1] == NA, self.end + 1, E["dec"][last_p1])
        disch = st + rng.integers(240, 600, n)
        disch = np.where((rng.random(n) < 0.5) & (disch < p1_end) & (disch <= self.end), disch, NA)
        self.pwp = dict(pid=pid, start=st, assess=assess, approval=approval, plan=plan_d, disch=disch)

    def build_sw(self):
        rng = self.rng
        P = self.P
        idx = np.flatnonzero(~P["short_break"])
        start, end = P["start"][idx], P["end"][idx]
        hor = np.minimum(end, self.end + 1)
        k = rng.poisson(0.8 / 365.25 * (hor - start))
        p = np.repeat(idx, k)
        d = P["start"][p] + 1 + np.floor(rng.random(len(p)) * np.maximum(
            np.minimum(P["end"][p], self.end + 1) - P["start"][p] - 1, 1)).astype(np.int64)
        pid = np.concatenate([idx, p])
        day = np.concatenate([start, d])
        o = np.lexsort((day, pid))
        pid, day = pid[o], day[o]
        u = np.ones(len(pid), bool)
        u[1:] = (pid[1:] != pid[:-1]) | (day[1:] != day[:-1])
        pid, day = pid[u], day[u]
        nxt = np.r_[pid[1:] == pid[:-1], False]
        sw_end = np.where(nxt, np.r_[day[1:], 0], P["end"][pid])
        keep = (day <= self.end) & (sw_end >= self.w0)
        pid, day, sw_end = pid[keep], day[keep], sw_end[keep]
        sw_end = np.where(sw_end > self.end, NA, sw_end)
        pool = max(5, self.n_target // 12)
        reason = np.where(sw_end == NA, "", _pick(rng, ("MANAGE", "FITLEFT", "ORGRE", "ORGLEFT", "OTHERS", "CHILDLEFT"),
                                                  (0.25, 0.2, 0.2, 0.2, 0.1, 0.05), len(pid)))
        # the period's last social worker episode ends because the child left care
        last = ~np.r_[pid[1:] == pid[:-1], False]
        reason = np.where(last & (sw_end != NA), "CHILDLEFT", reason)
        self.sw = dict(pid=pid, start=day, end=sw_end, sw=rng.integers(1, pool + 1, len(pid)), reason=reason)

    # ----- children ---------------------------------------------------------------------------

    def build_children(self):
        rng = self.rng
        P = self.P
        n = self.n_children
        dob = np.zeros(n, dtype=np.int64)
        dob[P["child"]] = P["dob"]
        uasc = np.zeros(n, dtype=bool)
        uasc[P["child"][P["path"] == PATHWAYS.index("UASC")]] = True
        sex = np.where(rng.random(n) < np.where(uasc, 0.93, 0.54), "1", "2")
        ethnic = _pick(rng, *ETHNIC, n).astype(object)
        ethnic[uasc] = _pick(rng, *ETHNIC_UASC, uasc.sum())
        width = max(7, len(str(n * 20)))
        ids = np.cumsum(rng.integers(1, 20, n)) + 10 ** (width - 2)
        ids = rng.permutation(ids)
        cid = _ids("", ids, width)
        upn = _ids("Z", rng.integers(0, 10 ** 12, n), 12)
        upn[uasc] = "UN2"
        home = _postcodes(rng, n)
        mother = (sex == "2") & (rng.random(n) < 0.03)
        mc_dob = np.where(mother, dob + _uniform_int(rng, np.full(n, int(15 * 365.25)), int(17.8 * 365.25)), NA)
        self.C = dict(dob=dob, uasc=uasc, sex=sex, ethnic=ethnic, id=cid, upn=upn, home=home,
                      mc_dob=mc_dob)
        # period-level
        m = len(P["start"])
        cin = _pick(rng, ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
                    (0.64, 0.03, 0.03, 0.08, 0.14, 0.02, 0.005, 0.055), m)
        cin = np.where(P["path"] == PATHWAYS.index("UASC"), "N8", cin)
        cin = np.where(P["short_break"], "N2", cin)
        cin = np.where(P["path"] == PATHWAYS.index("REMAND"), "N6", cin)
        P["cin"] = cin
        # placement-level
        PL = self.placements
        q = len(PL["pid"])
        prov = np.full(q, "PR4", dtype=object)
        for code, (opts, p) in PROVIDER.items():
            s = np.flatnonzero(PL["code"] == code)
            prov[s] = _pick(rng, opts, p, len(s))
        PL["provider"] = prov
        PL["post"] = _postcodes(rng, q)
        PL["post"][PL["code"] == "P1"] = self.C["home"][P["child"][PL["pid"][PL["code"] == "P1"]]]
        urn = _ids("SC", rng.integers(0, 10 ** 6, q), 6)
        PL["urn"] = np.where(np.isin(PL["code"], REGISTERED), urn, "XXXXXXX").astype(object)

    # ----- writing ----------------------------------------------------------------------------

    def build(self):
        self.build_periods()
        self.build_episodes()
        self.build_reviews()
        self.build_iros()
        self.build_activity()
        self.build_records()
        self.build_s20_pwp()
        self.build_sw()
        self.build_children()

    def _year_tables(self):
        """(table, year, DataFrame) for each SSDA903 table and collection year, a year at a time."""
        P, E, R, C = self.P, self.E, self.R, self.C
        rng = self.rng
        ckid = P["child"]
        first_year = self.cyears[0]
        dmy = lambda d: _fmt_dates(d, "dmy")  # noqa: E731
        e_child = ckid[E["pid"]]
        e_decom = dmy(E["decom"])
        e_dec = dmy(E["dec"])
        pl = E["pj"]
        PL = self.placements
        e_prov, e_post, e_urn = PL["provider"][pl], PL["post"][pl], PL["urn"][pl]
        e_cin = P["cin"][E["pid"]]
        r_child = ckid[R["pid"]]
        r_day = dmy(R["day"])
        first_pids = None
        # care leavers (OC3): left care aged 17 or over
        left = (~P["short_break"]) & (P["end"] <= self.end) & (_age(P["dob"], P["end"]) >= 17)
        leavers = _uniq(ckid[left])
        # adoption facts per adopted period
        adopted = np.flatnonzero(np.isin(P["rec"], ("E11", "E12")) & (P["end"] <= self.end))
        e1_day = np.full(len(P["start"]), NA)
        e1 = E["ls"] == "E1"
        first_e1 = e1 & ~np.r_[False, (E["pid"][1:] == E["pid"][:-1]) & e1[:-1]]
        e1_day[E["pid"][first_e1]] = E["decom"][first_e1]
        adopt_p = np.flatnonzero(e1_day != NA)
        decision = e1_day[adopt_p] - rng.integers(20, 150, len(adopt_p))
        decision_by = np.full(len(P["start"]), NA)
        decision_by[adopt_p] = decision
        foster = np.isin(PL["code"], ("A6",))
        a6 = np.zeros(len(P["start"]), bool)
        a6[PL["pid"][foster]] = True
        nb = _pick(rng, ("1", "2"), (0.2, 0.8), len(P["start"]))
        sexa = np.where(nb == "1", _pick(rng, ("M", "F"), (0.2, 0.8), len(nb)),
                        _pick(rng, ("MF", "MM", "FF"), (0.84, 0.08, 0.08), len(nb)))
        lsa = np.where(nb == "1", "L2", _pick(rng, ("L0", "L11", "L12", "L4"), (0.7, 0.1, 0.1, 0.1), len(nb)))
        prev_perm = _pick(rng, ("Z1", "P1", "P2", "P3", "P4"), (0.88, 0.02, 0.05, 0.02, 0.03), len(P["start"]))
        perm_year = _ymd(P["start"])[0] - rng.integers(1, 10, len(P["start"]))
        uasc_kids = np.flatnonzero(C["uasc"])
        # oc2 values per (period, year) are drawn per row below
        for y in self.cyears:
            ys, ye = self.ystart[y], self.yend[y]
            # episodes
            m = (E["decom"] <= ye) & ((E["dec"] == NA) | (E["dec"] >= ys))
            if y == first_year:
                first_pids = _uniq(E["pid"][m])
                m = _member(E["pid"], first_pids) & (E["decom"] <= ye)
            i = np.flatnonzero(m)
            still = (E["dec"][i] == NA) | (E["dec"][i] > ye)
            yield "episodes", y, _frame({
                "CHILD": C["id"][e_child[i]], "DECOM": e_decom[i], "RNE": E["rne"][i], "LS": E["ls"][i],
                "CIN": e_cin[i], "PLACE": E["place"][i], "PLACE_PROVIDER": e_prov[i],
                "DEC": np.where(still, "", e_dec[i]), "REC": np.where(still, "", E["rec"][i]),
                "REASON_PLACE_CHANGE": np.where(still, "", E["rpc"][i]),
                "HOME_POST": C["home"][e_child[i]], "PL_POST": e_post[i], "URN": e_urn[i]})
            kids = [e_child[i]]
            in_year_pids = _uniq(E["pid"][i])
            # reviews
            m = (R["day"] >= ys) & (R["day"] <= ye)
            if y == first_year:
                m |= _member(R["pid"], first_pids) & (R["day"] < ys)
            i = np.flatnonzero(m)
            yield "reviews", y, _frame({"CHILD": C["id"][r_child[i]], "DOB": dmy(C["dob"][r_child[i]]),
                                              "REVIEW": r_day[i], "REVIEW_CODE": R["code"][i]})
            kids.append(r_child[i])
            # uasc
            in_year_kids = _uniq(ckid[in_year_pids])
            u = in_year_kids[_member(in_year_kids, uasc_kids)]
            yield "uasc", y, _frame({"CHILD": C["id"][u], "SEX": C["sex"][u], "DOB": dmy(C["dob"][u]),
                                           "DUC": dmy(_add_months(C["dob"][u], 216))})
            # oc2: looked after continuously for 12 months at 31 March
            yr_ago = _add_months(np.array([ye]), -12)[0]
            p = np.flatnonzero(~P["short_break"] & (P["start"] <= yr_ago) & (P["end"] > ye))
            kid = ckid[p]
            age = _age(C["dob"][kid], np.full(len(kid), ye))
            n = len(p)
            sdq_due = (age >= 4) & (age <= 16)
            has = sdq_due & (rng.random(n) < 0.82)
            score = np.clip(np.round(rng.normal(14, 6.5, n)), 0, 40).astype(int)
            subst = (age >= 10) & (rng.random(n) < 0.05)

            def flag(p_yes, cond=None):
                v = np.where(rng.random(n) < p_yes, "1", "0").astype(object)
                if cond is not None:
                    v[~cond] = ""
                return v

            yield "oc2", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                "SDQ_SCORE": np.where(has, score.astype(str), ""),
                "SDQ_REASON": np.where(has, "", np.where(sdq_due, _pick(rng, ("SDQ2", "SDQ3", "SDQ4", "SDQ5"),
                                                                         (0.3, 0.3, 0.2, 0.2), n), "SDQ1")),
                "CONVICTED": flag(0.03, age >= 10), "HEALTH_CHECK": flag(0.9), "IMMUNISATIONS": flag(0.86),
                "TEETH_CHECK": flag(0.85), "HEALTH_ASSESSMENT": flag(0.91),
                "SUBSTANCE_MISUSE": np.where(subst, "1", "0"),
                "INTERVENTION_RECEIVED": np.where(subst, flag(0.7), ""),
                "INTERVENTION_OFFERED": np.where(subst, flag(0.85), "")})
            kids.append(kid)
            # oc3: care leavers with their 19th, 20th or 21st birthday in the year
            lv = leavers
            rows = []
            for age_ in (19, 20, 21):
                b = _add_months(C["dob"][lv], 12 * age_)
                rows.append(lv[(b >= ys) & (b <= ye)])
            lv = np.sort(np.concatenate(rows))
            n = len(lv)
            yield "oc3", y, _frame({
                "CHILD": C["id"][lv], "DOB": dmy(C["dob"][lv]),
                "IN_TOUCH": _pick(rng, ("YES", "NO", "REFU", "NREQ", "RHOM"), (0.86, 0.05, 0.04, 0.02, 0.03), n),
                "ACTIV": _pick(rng, ("F1", "P1", "F2", "P2", "F4", "P4", "G4", "G5", "G6"),
                               (0.08, 0.02, 0.2, 0.05, 0.15, 0.05, 0.3, 0.1, 0.05), n),
                "ACCOM": _pick(rng, ("B1", "C1", "D1", "E1", "G1", "H1", "K1", "R1", "S1", "T1", "U1", "V2", "Z1"),
                               (0.1, 0.05, 0.1, 0.03, 0.05, 0.05, 0.05, 0.03, 0.3, 0.1, 0.04, 0.05, 0.05), n)})
            kids.append(lv)
            # ad1: adopted in the year
            a = adopted[(P["end"][adopted] >= ys) & (P["end"][adopted] <= ye)]
            kid = ckid[a]
            yield "ad1", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "DATE_INT": dmy(decision_by[a]),
                "DATE_MATCH": dmy(P["start"][a] + P["match"][a]), "FOSTER_CARE": np.where(a6[a], "1", "0"),
                "NB_ADOPTR": nb[a], "SEX_ADOPTR": sexa[a], "LS_ADOPTR": lsa[a]})
            kids.append(kid)
            # placed for adoption: decisions in force during the year
            d = adopt_p
            ceased = np.where(np.isin(P["rec"][d], ("E11", "E12")) & (P["end"][d] <= self.end), P["end"][d], NA)
            ceased = np.where(ceased > ye, NA, ceased)
            m = (decision_by[d] <= ye) & ((ceased == NA) | (ceased >= ys))
            d, ceased = d[m], ceased[m]
            kid = ckid[d]
            yield "placed_for_adoption", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "DATE_PLACED": dmy(decision_by[d]),
                "DATE_PLACED_CEASED": dmy(ceased), "REASON_PLACED_CEASED": np.where(ceased == NA, "", "RD1")})
            kids.append(kid)
            # previous permanence: children starting a period in the year
            p = np.flatnonzero(~P["short_break"] & (P["start"] >= ys) & (P["start"] <= ye))
            o = np.argsort(ckid[p], kind="stable")  # one row per child: the first entry
            p = p[o][np.r_[True, ckid[p][o][1:] != ckid[p][o][:-1]]] if len(p) else p
            kid = ckid[p]
            pp = prev_perm[p]
            has = pp != "Z1"
            dp = np.where(rng.random(len(p)) < 0.5, [f"zz/zz/{v}" for v in perm_year[p]],
                          dmy(_day(f"{y - 1}-01-01") - 365 * (y - perm_year[p]) + rng.integers(0, 365, len(p))))
            yield "previous_permanence", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "PREV_PERM": pp,
                "LA_PERM": np.where(has, _pick(rng, ("L1", "L2", "L3"), (0.6, 0.3, 0.1), len(p)), ""),
                "DATE_PERM": np.where(has, dp, "")})
            kids.append(kid)
            # missing
            M = self.missing
            i = np.flatnonzero((M["day"] >= ys) & (M["day"] <= ye))
            kid = ckid[M["pid"][i]]
            mend = np.where(M["end"][i] > ye, NA, M["end"][i])
            yield "missing", y, _frame({"CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                                              "MISSING": M["code"][i], "MIS_START": dmy(M["day"][i]),
                                              "MIS_END": dmy(mend)})
            kids.append(kid)
            # social worker episodes open in the year
            S = self.sw
            i = np.flatnonzero((S["start"] <= ye) & ((S["end"] == NA) | (S["end"] >= ys)))
            kid = ckid[S["pid"][i]]
            still = (S["end"][i] == NA) | (S["end"][i] > ye)
            yield "sw_episodes", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                "SW_ID": _ids("SW", S["sw"][i], 5),
                "SW_DECOM": dmy(S["start"][i]), "SW_DEC": np.where(still, "", dmy(S["end"][i])),
                "SW_REASON": np.where(still, "", S["reason"][i])})
            kids.append(kid)
            # header: every child in any of this year's tables
            h = _uniq(np.concatenate(kids))
            age = _age(C["dob"][h], np.full(len(h), ye))
            is_mother = (C["mc_dob"][h] != NA) & (C["mc_dob"][h] <= ye)
            girl12 = (C["sex"][h] == "2") & (age >= 12)
            yield "header", y, _frame({
                "CHILD": C["id"][h], "SEX": C["sex"][h], "DOB": dmy(C["dob"][h]), "ETHNIC": C["ethnic"][h],
                "UPN": C["upn"][h], "MOTHER": np.where(girl12, np.where(is_mother, "1", "0"), ""),
                "MC_DOB": np.where(girl12 & is_mother, dmy(C["mc_dob"][h]), "")})

    def _iro_tables(self):
        P, R, C, I = self.P, self.R, self.C, self.I
        iso = lambda d: _fmt_dates(d, "iso")  # noqa: E731
        cid = C["id"][P["child"]]  # per period
        yield "iros", _frame({"IRO_ID": I["id"], "IRO_NAME": I["name"], "TEAM": I["team"],
                                    "FTE": I["fte"], "ROLE": I["role"]})
        A = self.A
        yield "iro_allocations", _frame({"CHILD": cid[A["pid"]], "IRO_ID": I["id"][A["iro"]],
                                               "ALLOC_START": iso(A["start"]), "ALLOC_END": iso(A["end"])})
        rec = self.records
        yield "review_records", _frame({
            "CHILD": cid[R["pid"]], "REVIEW": iso(R["day"]), "IRO_ID": I["id"][rec["iro"]],
            "REPORT_RECEIVED": iso(rec["report"]), "RECOMMENDATIONS_ISSUED": iso(rec["recs"]),
            "MINUTES_ISSUED": iso(rec["minutes"]), "CARE_PLAN_UPDATED": iso(rec["care_plan"])})
        M = self.midway
        o = np.lexsort((M["day"], P["child"][M["pid"]]))
        yield "midway_reviews", _frame({"CHILD": cid[M["pid"][o]],
                                              "IRO_ID": I["id"][self.iro_at(M["pid"][o], M["day"][o])],
                                              "MIDWAY_DATE": iso(M["day"][o])})
        V = self.visits
        yield "iro_visits", _frame({"CHILD": cid[V["pid"]], "IRO_ID": I["id"][self.iro_at(V["pid"], V["day"])],
                                          "VISIT_DATE": iso(V["day"]), "VISIT_MODE": V["mode"]})
        X = self.esc
        yield "escalations", _frame({
            "ESCALATION_ID": _ids("ESC", np.arange(1, len(X["pid"]) + 1), 6),
            "CHILD": cid[X["pid"]], "IRO_ID": I["id"][X["iro"]], "RAISED_DATE": iso(X["day"]),
            "ESCALATION_TYPE": X["type"], "STAGE_REACHED": X["stage"], "REASON": X["reason"],
            "RESOLVED_DATE": iso(X["resolved"]), "OUTCOME": X["outcome"], "NOTES": X["notes"]})
        Q = self.qc
        f = Q["idx"]
        qc = _frame({
            "FORM_ID": _ids("QC", np.arange(1, len(f) + 1), 7),
            "CHILD": cid[R["pid"][f]], "REVIEW": iso(R["day"][f]), "IRO_ID": I["id"][rec["iro"][f]],
            "COMPLETED_DATE": iso(Q["done"]), "OVERALL_GRADE": Q["grade"], "COMMENTS": Q["comments"]})
        for item, ans in Q["answers"].items():
            qc[item] = ans
        yield "qc_forms", qc
        H = self.health
        yield "health_assessments", _frame({"CHILD": cid[H["pid"]], "ASSESSMENT_TYPE": H["type"],
                                                  "ASSESSMENT_DATE": iso(H["day"]), "STATUS": H["status"]})
        yield "peps", _frame({"CHILD": cid[self.peps["pid"]], "PEP_DATE": iso(self.peps["day"])})
        S = self.s20
        yield "s20_agreements", _frame({
            "CHILD": cid[S["pid"]], "DECOM": iso(S["decom"]), "CONSENT_DATE": iso(S["consent"]),
            "CONSENT_GIVEN_BY": S["by"], "CAPACITY_CONSIDERED": S["cap"], "AGREEMENT_REVIEWED": iso(S["reviewed"]),
            "PLO_STAGE": S["plo"], "PLAN": S["plan"]})
        W = self.pwp
        yield "pwp_records", _frame({
            "CHILD": cid[W["pid"]], "PLACEMENT_START": iso(W["start"]), "ASSESSMENT_COMPLETED": iso(W["assess"]),
            "NOMINATED_OFFICER_APPROVAL": iso(W["approval"]), "PLACEMENT_PLAN_DATE": iso(W["plan"]),
            "DISCHARGE_APPLICATION": iso(W["disch"])})


TEXT_COLUMNS = frozenset(c.name for t in TABLES.values() for c in t.columns if c.kind == "text")


def _frame(columns: dict) -> pd.DataFrame:
    """A frame of text columns kept as plain object arrays (no string-dtype inference)."""
    return pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in columns.items()}, dtype=object)


def _peak_memory() -> str:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return f", peak {kb / 1024 ** 2:.1f} GB" if sys.platform != "darwin" else ""
    except ImportError:  # Windows
        return ""


def _write_csv(df: pd.DataFrame, path: Path):
    """Write text columns as CSV (UTF-8, \\n line ends, quoted only where needed).

    Several times faster than DataFrame.to_csv for millions of rows of short strings."""
    cols = [df[c].to_numpy(dtype=object) for c in df.columns]
    cols = [c if len(c) == 0 or isinstance(c[0], str) else c.astype(str).astype(object) for c in cols]
    # IDs, dates and codes never hold a comma or quote; check the free-text columns in full
    text = [i for i, c in enumerate(df.columns) if c in TEXT_COLUMNS]
    blob = "\x00".join("\x00".join(map(str, pd.unique(cols[i]))) for i in text)
    if any(ch in blob for ch in ',"\n\r'):
        df.to_csv(path, index=False, lineterminator="\n")
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(df.columns) + "\n")
        n = len(df)
        step = 1 << 18
        for i in range(0, n, step):
            chunk = [c[i:i + step] for c in cols]
            f.write("\n".join(map(",".join, zip(*chunk))) + "\n")


def _write_xlsx(df: pd.DataFrame, path: Path, sheet: str):
    """An XLSX whose bytes depend only on its content (fixed timestamps)."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in row])
    fixed = dt.datetime(2020, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time into docProps/core.xml and every zip entry: replace both
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                              rb"<dcterms:modified\1>2020-01-01T00:00:00Z</dcterms:modified>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)
    path.write_bytes(out.getvalue())


def is_own_file(name: str) -> bool:
    """Whether a file name is one `generate` writes (``episodes_2024.csv``, ``iros.xlsx``,
    ``extract.yaml`` ...)."""
    import re

    return (name == EXTRACT_FILE
            or re.fullmatch(r"(%s)(_\d{4})?\.(csv|xlsx)" % "|".join(TABLES), name) is not None)


def generate(out_dir, children: int = 500, years: int = 5, seed: int = 1, end=None,
             progress: bool | None = None) -> dict:
    """Write a synthetic local authority's data into OUT_DIR; return rows written per table.

    CHILDREN is roughly the number looked after at any one time; YEARS collection years end at END
    (default 31 March 2026). The same arguments always give the same files, byte for byte.
    PROGRESS prints a line per step to stderr (default: for 20,000 children or more). Files of
    an earlier run in OUT_DIR (``<table>_<year>.csv``, ``<table>.csv``, ``iros.xlsx``) are
    replaced; nothing else there is touched."""
    t0 = time.time()
    if progress is None:
        progress = children >= 20000
    def log(msg):
        if progress:
            print(f"[{time.time() - t0:6.1f}s{_peak_memory()}] {msg}", file=sys.stderr, flush=True)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # files an earlier run wrote (another --years or --end would leave stale years behind)
    for old in sorted(out.iterdir()):
        if old.is_file() and is_own_file(old.name):
            old.unlink()
    s = _Synth(children, years, seed, end)
    log(f"building {children} children x {years} years (seed {seed})")
    s.build()
    log(f"built {len(s.P['start'])} periods of care, {len(s.E['pid'])} episodes, {len(s.R['pid'])} reviews")
    summary: dict[str, int] = {name: 0 for name in TABLES_903}
    year_rows = 0
    for name, y, df in s._year_tables():
        df = df[list(TABLES[name].column_names)]
        if name == "header":  # the synthetic marker (load/extract.py): every row says it
            df = df.assign(**{SYNTHETIC_COLUMN: SYNTHETIC_VALUE})
        _write_csv(df, out / f"{name}_{y}.csv")
        summary[name] += len(df)
        year_rows += len(df)
        if name == "header":  # the last table of each year
            log(f"SSDA903 tables for {y - 1}-{str(y)[2:]}: {year_rows} rows in {len(TABLES_903)} files")
            year_rows = 0
    for name, df in s._iro_tables():
        cols = list(TABLES[name].column_names)
        extra = [c for c in df.columns if c not in cols]
        df = df[cols + extra]
        if name == "iros":
            _write_xlsx(df, out / "iros.xlsx", "iros")
        else:
            _write_csv(df, out / f"{name}.csv")
        summary[name] = len(df)
        log(f"{name}: {len(df)} rows")
    assert set(summary) == set(TABLES_903) | set(TABLES_IRO)
    write_extract_metadata(out, extract_date=pd.Timestamp(_as_dt([s.end])[0]).date(),
                           authority=SYNTHETIC_AUTHORITY, source=SYNTHETIC_SOURCE,
                           notes=f"Made by iro-audit synth: {children} children, {years} years, "
                                 f"seed {seed}. No real child is described.")
    log("done")
    return summary

"""Loader policy derived from the contract: which columns make a row usable, each table's main
date, the start/end pairs checked for chronology and the episode-like tables stitched by date.

Decisions (see also `rules.py`):
- A row is set aside only when it cannot be placed: a blank or unusable value in its key, a
  required identifier, or its main date. Anything else that is wrong is cleared (the row still
  counts) or kept and reported, so periods of care stay intact.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import pandas as pd

from .. import contract
from ..errors import ParameterError


@lru_cache(maxsize=None)
def main_date(table: str) -> str | None:
    """The date that places a row in time: the contract's ``main_date`` when it names one
    (cp_reviews: CPPreviewDate), else the first date in the key, else the first required date
    other than DOB; None for undated tables (header, oc2, iros, cin_children ...)."""
    t = contract.TABLES[table]
    if t.main_date:
        return t.main_date
    for k in t.key:
        if t.column(k).kind == "date":
            return k
    for c in t.columns:
        if c.kind == "date" and c.required and c.name != "DOB":  # a birth date places no row
            return c.name
    return None


@lru_cache(maxsize=None)
def essential(table: str) -> frozenset[str]:
    """Columns without which a row is unusable (set aside when blank or invalid)."""
    t = contract.TABLES[table]
    cols = set(t.key)
    cols |= {c.name for c in t.columns if c.required and c.kind == "id"}
    md = main_date(table)
    if md:
        cols.add(md)
    return frozenset(cols)


# (table, start column, end column, action for an end before its start)
CHRONOLOGY = (
    ("episodes", "DECOM", "DEC", "value cleared"),
    ("missing", "MIS_START", "MIS_END", "value cleared"),
    ("sw_episodes", "SW_DECOM", "SW_DEC", "value cleared"),
    ("placed_for_adoption", "DATE_PLACED", "DATE_PLACED_CEASED", "value cleared"),
    ("uasc", "DOB", "DUC", "value cleared"),
    # an allocation that ends before it starts has no valid span; left open it would sit on a
    # caseload for ever, so the row is set aside
    ("iro_allocations", "ALLOC_START", "ALLOC_END", "row set aside"),
    ("escalations", "RAISED_DATE", "RESOLVED_DATE", "value cleared"),
)

@lru_cache(maxsize=None)
def year_dates(table: str) -> tuple[str, ...]:
    """Dates besides the main date whose latest also dates a return: the end dates of
    CHRONOLOGY (DEC ...) and the contract's ``year_dates`` (CPPendDate ...)."""
    md = main_date(table)
    ends = [end for t, start, end, _ in CHRONOLOGY if t == table and start == md]
    return tuple(dict.fromkeys(ends + list(contract.TABLES[table].year_dates)))


# Tables of consecutive spells per child: (table, start, end). An open spell followed by another
# is closed at the next one's start; a spell ending after the next one starts is an overlap.
EPISODIC = (
    ("episodes", "DECOM", "DEC"),
    ("sw_episodes", "SW_DECOM", "SW_DEC"),
)

# Which date gives the collection year against which a code column is checked.
CODE_YEAR_DATE = {("episodes", "REC"): ("DEC", "DECOM")}

# Plausible dates: none before EARLIEST_DATE, none after the extract date (today when none is
# given): a year typed wrong (0204 for 2024, 2042 for 2024) is a data-quality problem, never a
# fact. LATER_ALLOWED: columns that may lie after the extract, by up to so many years (DUC, the
# date a child stops being an unaccompanied asylum-seeking child, is their 18th birthday; an
# unborn child's ExpectedPersonBirthDate and an s47's InitialCPCtarget lie ahead by nature).
EARLIEST_DATE = pd.Timestamp("1900-01-01")
LATER_ALLOWED = {("uasc", "DUC"): 18, ("cin_children", "ExpectedPersonBirthDate"): 1,
                 ("s47", "InitialCPCtarget"): 1}

# End dates of spans: an implausible one sets the row aside, because clearing it would leave
# the span open (an episode that ended looking as if it had not).
END_DATES = frozenset({(t, end) for t, _, end, _ in CHRONOLOGY} | {(t, end) for t, _, end in EPISODIC})


def latest_date(extract_date=None) -> tuple[pd.Timestamp, str]:
    """The latest plausible date and how to say it: the extract date, else today."""
    if extract_date is None or (isinstance(extract_date, str) and not extract_date.strip()):
        today = pd.Timestamp(_dt.date.today())
        return today, f"today ({today:%d/%m/%Y}: no extract date was given)"
    try:  # text must be ISO: 01/02/2026 is 1 February to one reader and 2 January to another
        d = (pd.to_datetime(extract_date.strip(), format="%Y-%m-%d") if isinstance(extract_date, str)
             else pd.Timestamp(extract_date))
    except (ValueError, TypeError):
        d = pd.NaT
    if pd.isna(d) or not (EARLIEST_DATE <= d <= pd.Timestamp("2200-01-01")):
        raise ParameterError(f"extract_date {extract_date!r} is not a plausible date; "
                             f"give it as YYYY-MM-DD (e.g. 2026-03-31)")
    d = d.normalize()
    return d, f"the extract date ({d:%d/%m/%Y})"

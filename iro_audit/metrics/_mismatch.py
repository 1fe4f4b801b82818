"""POSSIBLE_MISMATCH: on a child-level row that failed for want of an IRO record (no review
record, no Q&C form, no s20 agreement, no placed-with-parents record), a note when a record of
the same child that matched nothing (`load/matching.py`, rule `unmatched_record`) is dated
within `mismatch_days` days (parameter, default 7) of the review, admission or placement, e.g.
"an unmatched review record of this child is dated 14/03/2026". The verdict is unchanged: the
row still fails, as `metrics.md` defines it; the note says where to look.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.matching import unmatched_records

RECORD_WORDS = {"review_records": "review record", "qc_forms": "Q&C form",
                "s20_agreements": "s20 agreement", "pwp_records": "placed-with-parents record"}
DEFAULT_DAYS = 7


def unmatched(ds, table: str) -> pd.DataFrame | None:
    """The unmatched rows of TABLE in DS (computed once per Dataset and cached on it)."""
    cache = ds.__dict__.setdefault("_derived", {})
    if "unmatched" not in cache:
        cache["unmatched"] = unmatched_records(ds.tables)
    return cache["unmatched"].get(table)


def mismatch_text(table: str, dates: list) -> str:
    words = RECORD_WORDS[table]
    shown = [pd.Timestamp(d).strftime("%d/%m/%Y") for d in dates]
    if len(shown) == 1:
        return f"an unmatched {words} of this child is dated {shown[0]}"
    return f"unmatched {words}s of this child are dated {', '.join(shown[:-1])} and {shown[-1]}"


def possible_mismatch(ds, table: str, children, dates, missing, params) -> np.ndarray:
    """Per row (CHILD, event date, whether its record is MISSING): the POSSIBLE_MISMATCH text,
    or None. A flagged row is missing its record and an unmatched TABLE record of the same child
    is dated at most `mismatch_days` days before or after the event date."""
    children = pd.Series(np.asarray(children, dtype=object))
    out = np.full(len(children), None, dtype=object)
    miss = np.asarray(missing, dtype=bool)
    um = unmatched(ds, table)
    if um is None or um.empty or not miss.any():
        return out
    days = int(params.get("mismatch_days", DEFAULT_DAYS))
    left = pd.DataFrame({"_i": np.arange(len(children)), "CHILD": children.to_numpy(),
                         "EVENT": pd.to_datetime(pd.Series(np.asarray(dates))).astype("datetime64[ns]")})[miss]
    right = um.loc[um["DATE"].notna(), ["CHILD", "DATE"]].astype({"CHILD": object})
    m = left.merge(right, on="CHILD")
    m = m[(m["DATE"] - m["EVENT"]).abs() <= pd.Timedelta(days=days)]
    if m.empty:
        return out
    m = m.sort_values(["_i", "DATE"], kind="mergesort").drop_duplicates(["_i", "DATE"])
    for i, g in m.groupby("_i", sort=False):
        out[int(i)] = mismatch_text(table, list(g["DATE"]))
    return out

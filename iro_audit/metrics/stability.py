"""Placement stability (`stability`), as `metrics.md` defines it.

A placement begins at the first episode of a period of care and at each later episode with RNE
P or B (`periods.care(ds).placements`); it lasts until the next begins or the period ends.

- `placement_counts`: one row per child looked after at `end` (short breaks left out) with the
  placements they had during the window. A placement counts when it began in the window, or
  was in progress on `start` (began before `start` and had not ended by `start`: its end is
  blank or after `start`, the "looked after at D" convention). Placements of every
  non-short-break period of the child count, so a child who left care and came back in the
  window counts the placements of both periods.
- `long_term_stability`: one row per child looked after at `end`, with the cohort test
  (aged under 16 at `end`, current period began on or before `end - 30 months`) and the
  verdict (current placement began on or before `end - 24 months`). A child without a date of
  birth cannot be shown to be under 16 and is left out of the cohort.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import calendar
from ..periods import care
from ._common import proportion_of


def placement_counts(ds, window, params) -> pd.DataFrame:
    """Per child looked after at `end`: PLACEMENTS_IN_WINDOW, IN_PROGRESS_ON_START, THREE_PLUS."""
    c = care(ds)
    la = c.looked_after_at(window.end)[["CHILD", "DOB", "PERIOD_ID", "START"]].rename(
        columns={"START": "PERIOD_START"}).drop_duplicates("CHILD", keep="last")
    pl = c.placements
    pl = pl[~pl["SHORT_BREAK"].astype(bool) & pl["CHILD"].isin(la["CHILD"])]
    began_in = window.contains(pl["START"])
    on_start = (pl["START"] < window.start) & (pl["END"].isna() | (pl["END"] > window.start))
    counted = pl.assign(IN_WINDOW=began_in | on_start, ON_START=on_start)
    counted = counted[counted["IN_WINDOW"]]
    per_child = counted.groupby("CHILD").agg(PLACEMENTS_IN_WINDOW=("IN_WINDOW", "size"),
                                             IN_PROGRESS_ON_START=("ON_START", "any"))
    rows = la.merge(per_child, left_on="CHILD", right_index=True, how="left")
    rows["PLACEMENTS_IN_WINDOW"] = rows["PLACEMENTS_IN_WINDOW"].fillna(0).astype(np.int64)
    rows["IN_PROGRESS_ON_START"] = rows["IN_PROGRESS_ON_START"].fillna(False).astype(bool)
    rows["THREE_PLUS"] = rows["PLACEMENTS_IN_WINDOW"] >= 3
    return rows[["CHILD", "DOB", "PERIOD_START", "PLACEMENTS_IN_WINDOW", "IN_PROGRESS_ON_START",
                 "THREE_PLUS"]].sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def long_term_stability(ds, window, params) -> pd.DataFrame:
    """Per child looked after at `end`: AGE, PERIOD_START, PLACEMENT_START, PLACE, IN_COHORT
    (under 16, looked after 30+ months), STABLE (current placement began 24+ months before)."""
    c = care(ds)
    end = window.end
    la = c.looked_after_at(end)[["CHILD", "DOB", "PERIOD_ID", "START"]].rename(
        columns={"START": "PERIOD_START"}).drop_duplicates("CHILD", keep="last")
    cur = c.placement_at(end)[["PERIOD_ID", "START", "PLACE"]].rename(
        columns={"START": "PLACEMENT_START"}).drop_duplicates("PERIOD_ID", keep="last")
    rows = la.merge(cur, on="PERIOD_ID", how="left")
    rows["AGE"] = calendar.age_in_years(rows["DOB"], end)
    max_age = params["long_term_max_age"]
    la_since = calendar.add_months(end, -params["long_term_min_months_looked_after"])
    pl_since = calendar.add_months(end, -params["long_term_min_months_in_placement"])
    rows["UNDER_AGE"] = (rows["AGE"] < max_age).fillna(False).astype(bool)
    rows["LOOKED_AFTER_30M"] = rows["PERIOD_START"] <= la_since
    rows["IN_COHORT"] = rows["UNDER_AGE"] & rows["LOOKED_AFTER_30M"]
    rows["STABLE"] = (rows["PLACEMENT_START"] <= pl_since).fillna(False).astype(bool)
    return rows[["CHILD", "DOB", "AGE", "PERIOD_START", "PLACEMENT_START", "PLACE", "UNDER_AGE",
                 "LOOKED_AFTER_30M", "IN_COHORT", "STABLE"]].sort_values(
        "CHILD", kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    counts = placement_counts(ds, window, params)
    lt = long_term_stability(ds, window, params)
    return {
        "three_plus_placements": proportion_of(counts, "THREE_PLUS"),
        "long_term": proportion_of(lt, "STABLE", "IN_COHORT"),
    }


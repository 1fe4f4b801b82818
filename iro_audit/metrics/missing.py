"""Missing and away from placement (`missing`, needs the missing table), as `metrics.md`
defines it: over missing rows with MIS_START in the window, MISSING M (missing) and A (away
from placement without authorisation) alike. Rows are not filtered by period of care.

- `missing_episodes`: one row per missing row with MIS_START in the window (DAYS_MISSING is
  MIS_END - MIS_START in calendar days, blank while open).
- `missing_by_child`: one row per child with EPISODES (all), MISSING_M, AWAY_A and OVER_3
  (EPISODES more than `missing_repeat_threshold`, 3).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._common import count_of

EPISODE_COLUMNS = ["CHILD", "MISSING", "MIS_START", "MIS_END", "DAYS_MISSING"]
CHILD_COLUMNS = ["CHILD", "EPISODES", "MISSING_M", "AWAY_A", "FIRST_START", "LAST_START", "OVER_3"]


def missing_episodes(ds, window, params) -> pd.DataFrame:
    m = ds.get("missing")
    if m is None:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    m = m.copy()
    m["CHILD"] = m["CHILD"].astype(object)
    for c in ("MIS_START", "MIS_END"):
        m[c] = pd.to_datetime(m[c]).astype("datetime64[ns]")
    rows = m[window.contains(m["MIS_START"])].copy()
    rows["DAYS_MISSING"] = (rows["MIS_END"] - rows["MIS_START"]).dt.days.astype("Int64")
    extra = [c for c in ("_file", "_row") if c in rows.columns]
    return rows[EPISODE_COLUMNS + extra].sort_values(["CHILD", "MIS_START"], kind="mergesort").reset_index(drop=True)


def missing_by_child(ds, window, params) -> pd.DataFrame:
    ep = missing_episodes(ds, window, params)
    if ep.empty:
        return pd.DataFrame(columns=CHILD_COLUMNS)
    ep = ep.assign(_M=ep["MISSING"].eq("M"), _A=ep["MISSING"].eq("A"))
    g = ep.groupby("CHILD", sort=True)
    rows = pd.DataFrame({
        "EPISODES": g.size(),
        "MISSING_M": g["_M"].sum(),
        "AWAY_A": g["_A"].sum(),
        "FIRST_START": g["MIS_START"].min(),
        "LAST_START": g["MIS_START"].max(),
    }).reset_index()
    rows["EPISODES"] = rows["EPISODES"].astype(np.int64)
    rows["OVER_3"] = rows["EPISODES"] > params["missing_repeat_threshold"]
    return rows[CHILD_COLUMNS]


def summary(ds, window, params) -> dict | None:
    if not ds.has("missing"):
        return None
    by_child = missing_by_child(ds, window, params)
    return {
        "children": count_of(by_child),
        "episodes": count_of(missing_episodes(ds, window, params)),
        "children_over_3": count_of(by_child, "OVER_3"),
    }

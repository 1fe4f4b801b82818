"""IRO oversight between reviews: midway reviews, IRO visits and caseloads (`metrics.md`, IRO
oversight between reviews). Three top-level groups: `midway`, `visits`, `caseload`.

- `midway`: d = children looked after at as_at whose current period began on or before
  as_at - 6 months (`midway_months`); n = those with a midway review within the last 6 months of
  as_at (after as_at - 6 months, on or before as_at).
- `visits.within_6m` / `within_12m`: d = children looked after at as_at; n = those with an IRO
  visit within the last 6 (`visit_months_short`) / 12 (`visit_months_long`) months.
- `caseload.by_iro`: per IRO, the children looked after at as_at allocated to them (ALLOC_START
  <= as_at and ALLOC_END blank or >= as_at; a child counts once per IRO) and that count per FTE;
  `caseload.iros_over_70_per_fte`: the number of IROs with more than 70 per FTE
  (`caseload_threshold_per_fte`). An IRO without a positive FTE has per_fte null and is left out
  of that count; it is still listed in `by_iro` with its children. As for every `by_*` group,
  `by_iro` lists only the IROs that occur: those with at least one child at as_at (an IRO_ID
  found only in allocations is listed with null per_fte). The `caseloads` rows keep every IRO of
  the `iros` table, 0 children included.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import add_months, within_last_months
from ..periods import care
from ..stats import round_half_up
from ._common import count_of, proportion_of


NAT = np.iinfo(np.int64).min   # NaT as int64 nanoseconds


def _looked_after(ds, as_at) -> pd.DataFrame:
    la = care(ds).looked_after_at(as_at)[["CHILD", "PERIOD_ID", "START", "DOB"]]
    la = la.rename(columns={"START": "PERIOD_START"})
    return la.assign(CHILD=la["CHILD"].astype(object))


# -- integer child keys: joins by child without hashing the same strings again and again ------

def child_index(ds) -> pd.Index:
    """Every child with a period of care (cached on the dataset); position = integer key."""
    cache = ds.__dict__.setdefault("_derived", {})
    if "child_index" not in cache:
        kids = care(ds).periods["CHILD"].astype(object).to_numpy()
        cache["child_index"] = pd.Index(pd.unique(kids), dtype=object)
    return cache["child_index"]


def child_codes(ds, children) -> np.ndarray:
    """Integer key of each CHILD value (-1 for a child without a period of care)."""
    return child_index(ds).get_indexer(pd.Index(np.asarray(children, dtype=object)))


def table_child_codes(ds, name: str) -> np.ndarray:
    """Integer child keys of table NAME's rows (cached on the dataset)."""
    cache = ds.__dict__.setdefault("_derived", {})
    table = ds[name]
    key = ("child_codes", name)
    hit = cache.get(key)
    if hit is None or hit[0] is not table or len(hit[1]) != len(table):
        hit = (table, child_codes(ds, table["CHILD"].astype(object).to_numpy()))
        cache[key] = hit
    return hit[1]


def _ns(values) -> np.ndarray:
    """Dates as int64 nanoseconds (NaT = NAT)."""
    return pd.to_datetime(pd.Series(values)).astype("datetime64[ns]").to_numpy().view(np.int64)


def last_event(ds, name: str, date_col: str, as_at, children, mask=None) -> np.ndarray:
    """For each of CHILDREN, the latest DATE_COL of table NAME on or before AS_AT (rows where
    MASK is true), as datetime64[ns] (NaT when there is none)."""
    codes = table_child_codes(ds, name)
    d = _ns(ds[name][date_col])
    keep = (codes >= 0) & (d != NAT) & (d <= pd.Timestamp(as_at).value)
    if mask is not None:
        keep &= np.asarray(mask, dtype=bool)
    latest = np.full(len(child_index(ds)), NAT, dtype=np.int64)
    np.maximum.at(latest, codes[keep], d[keep])
    rows = child_codes(ds, children)
    out = np.where(rows >= 0, latest[np.where(rows >= 0, rows, 0)], NAT)
    return out.view("datetime64[ns]")


# -- midway reviews ------------------------------------------------------------------------------

def midway_status(ds, window, params) -> pd.DataFrame:
    """One row per child looked after at as_at: CHILD, PERIOD_START, IN_COHORT (current period
    began on or before as_at - 6 months), LAST_MIDWAY (on or before as_at), MIDWAY_RECENT
    (within the last 6 months of as_at)."""
    as_at = window.as_at
    months = int(params["midway_months"])
    out = _looked_after(ds, as_at)
    out["IN_COHORT"] = (out["PERIOD_START"] <= add_months(as_at, -months)).to_numpy(dtype=bool)
    out["LAST_MIDWAY"] = last_event(ds, "midway_reviews", "MIDWAY_DATE", as_at, out["CHILD"])
    out["MIDWAY_RECENT"] = np.asarray(within_last_months(out["LAST_MIDWAY"], as_at, months), dtype=bool)
    return out.sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def no_midway(ds, window, params) -> pd.DataFrame:
    """Exception list: cohort children without a midway review in the last 6 months."""
    rows = midway_status(ds, window, params)
    return rows[rows["IN_COHORT"] & ~rows["MIDWAY_RECENT"]].reset_index(drop=True)


def midway_summary(ds, window, params) -> dict | None:
    if not ds.has("midway_reviews") or not ds.has("episodes"):
        return None
    return proportion_of(midway_status(ds, window, params), "MIDWAY_RECENT", denominator="IN_COHORT")


# -- IRO visits ----------------------------------------------------------------------------------

def visit_status(ds, window, params) -> pd.DataFrame:
    """One row per child looked after at as_at: CHILD, PERIOD_START, LAST_VISIT (on or before
    as_at), VISITED_6M, VISITED_12M."""
    as_at = window.as_at
    out = _looked_after(ds, as_at)
    out["LAST_VISIT"] = last_event(ds, "iro_visits", "VISIT_DATE", as_at, out["CHILD"])
    out["VISITED_6M"] = np.asarray(within_last_months(out["LAST_VISIT"], as_at,
                                                      int(params["visit_months_short"])), dtype=bool)
    out["VISITED_12M"] = np.asarray(within_last_months(out["LAST_VISIT"], as_at,
                                                       int(params["visit_months_long"])), dtype=bool)
    return out.sort_values("CHILD", kind="mergesort").reset_index(drop=True)


def not_visited(ds, window, params) -> pd.DataFrame:
    """Exception list: children looked after at as_at without an IRO visit in 6 months."""
    rows = visit_status(ds, window, params)
    return rows[~rows["VISITED_6M"]].reset_index(drop=True)


def visits_summary(ds, window, params) -> dict | None:
    if not ds.has("iro_visits") or not ds.has("episodes"):
        return None
    rows = visit_status(ds, window, params)
    return {"within_6m": proportion_of(rows, "VISITED_6M"),
            "within_12m": proportion_of(rows, "VISITED_12M")}


# -- caseloads -----------------------------------------------------------------------------------

def allocations_at(ds, as_at) -> pd.DataFrame:
    """Allocations covering AS_AT of children looked after at AS_AT (one row per CHILD+IRO)."""
    al = ds["iro_allocations"]
    start = pd.to_datetime(al["ALLOC_START"]).astype("datetime64[ns]")
    end = pd.to_datetime(al["ALLOC_END"]).astype("datetime64[ns]")
    as_at = pd.Timestamp(as_at)
    covers = ((start <= as_at) & (end.isna() | (end >= as_at))).fillna(False).to_numpy(dtype=bool)
    cur = pd.DataFrame({"CHILD": al["CHILD"].astype(object).to_numpy()[covers],
                        "IRO_ID": al["IRO_ID"].astype(object).to_numpy()[covers]})
    cur = cur[cur["IRO_ID"].notna()]
    la = _looked_after(ds, as_at)[["CHILD"]]
    cur = cur.merge(la, on="CHILD", how="inner")
    return cur.drop_duplicates(["CHILD", "IRO_ID"]).reset_index(drop=True)


def caseloads(ds, window, params) -> pd.DataFrame:
    """One row per IRO: IRO_ID, TEAM, FTE, CHILDREN (looked after at as_at and allocated to
    them), PER_FTE (null without a positive FTE), OVER_THRESHOLD (PER_FTE above the threshold)."""
    cur = allocations_at(ds, window.as_at)
    counts = cur.groupby("IRO_ID", sort=False).size().rename("CHILDREN").reset_index()
    if ds.has("iros"):
        iros = ds["iros"]
        iros = pd.DataFrame({
            "IRO_ID": iros["IRO_ID"].astype(object),
            "TEAM": iros["TEAM"].astype(object) if "TEAM" in iros else None,
            "FTE": pd.to_numeric(iros["FTE"], errors="coerce") if "FTE" in iros else np.nan,
        }).drop_duplicates("IRO_ID")
        out = iros.merge(counts, on="IRO_ID", how="outer")
    else:
        out = counts.assign(TEAM=None, FTE=np.nan)
    out["FTE"] = pd.to_numeric(out["FTE"], errors="coerce").astype(float)
    out["CHILDREN"] = out["CHILDREN"].fillna(0).astype(np.int64)
    fte = out["FTE"].to_numpy(dtype=float)
    positive = np.nan_to_num(fte, nan=0.0) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        per = np.where(positive, out["CHILDREN"].to_numpy(dtype=float) / np.where(positive, fte, 1.0), np.nan)
    out["PER_FTE"] = per
    out["OVER_THRESHOLD"] = positive & (np.nan_to_num(per, nan=0.0) > float(params["caseload_threshold_per_fte"]))
    out = out[["IRO_ID", "TEAM", "FTE", "CHILDREN", "PER_FTE", "OVER_THRESHOLD"]]
    return out.sort_values("IRO_ID", kind="mergesort", key=lambda s: s.astype(str)).reset_index(drop=True)


def caseload_summary(ds, window, params) -> dict | None:
    if not ds.has("iro_allocations") or not ds.has("episodes"):
        return None
    rows = caseloads(ds, window, params)
    listed = rows[rows["CHILDREN"] > 0]
    by_iro = [{"IRO_ID": str(r.IRO_ID), "children": int(r.CHILDREN),
               "per_fte": None if pd.isna(r.PER_FTE) else round_half_up(float(r.PER_FTE), 1)}
              for r in listed.itertuples(index=False)]
    return {
        "by_iro": by_iro,
        "iros_over_70_per_fte": count_of(rows, "OVER_THRESHOLD") if ds.has("iros") else None,
    }


def summary(ds, window, params) -> dict:
    """The three oversight groups, keyed as `metrics.md`'s top-level groups."""
    return {"midway": midway_summary(ds, window, params),
            "visits": visits_summary(ds, window, params),
            "caseload": caseload_summary(ds, window, params)}

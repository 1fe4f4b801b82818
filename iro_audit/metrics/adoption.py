"""Adoption timeliness (`adoption`), as `metrics.md` defines it.

One row per period of care (short breaks left out) that ended in the window with REC E11 or E12:
- PLACED_DATE: DECOM of the first episode of that period with PLACE A3-A6; PLACED_DAYS the
  calendar days from the period's start to it; PLACED_WITHIN_426 when PLACED_DAYS <=
  `adoption_placed_days` (426). A period without an A3-A6 episode stays in d, not in n.
- PLACEMENT_ORDER: DECOM of the first E1 episode of that period; DATE_MATCH from ad1 (by CHILD);
  MATCH_ELIGIBLE when both exist (the d of matched_within_121_days); MATCHED_DAYS =
  DATE_MATCH - PLACEMENT_ORDER; MATCHED_WITHIN_121 when MATCHED_DAYS <=
  `adoption_matched_days` (121). "At most 121 days after" is read literally: a match recorded
  before the placement order (negative days) is within.
"""
from __future__ import annotations

import pandas as pd

from ..contract import ADOPTED_REC, ADOPTION_PLACE
from ..periods import care
from ._common import count_of, proportion_of


def _first_decom(ep: pd.DataFrame, mask: pd.Series, period_ids: pd.Series) -> pd.Series:
    """DECOM of the first episode matching MASK in each of PERIOD_IDS (NaT when none)."""
    first = ep[mask].groupby("PERIOD_ID")["DECOM"].min().astype("datetime64[ns]")
    return pd.Series(first.reindex(period_ids.to_numpy()).to_numpy(), index=period_ids.index)


def adoptions(ds, window, params) -> pd.DataFrame:
    c = care(ds)
    p = c.periods
    rows = p[~p["SHORT_BREAK"].astype(bool) & window.contains(p["END"])
             & p["LAST_REC"].isin(ADOPTED_REC)].copy()
    rows["CHILD"] = rows["CHILD"].astype(object)
    ep = c.episodes[c.episodes["PERIOD_ID"].isin(rows["PERIOD_ID"])]
    rows["PLACED_DATE"] = _first_decom(ep, ep["PLACE"].isin(ADOPTION_PLACE), rows["PERIOD_ID"])
    rows["PLACED_DAYS"] = (rows["PLACED_DATE"] - rows["START"]).dt.days.astype("Int64")
    rows["PLACED_WITHIN_426"] = (rows["PLACED_DAYS"] <= params["adoption_placed_days"]).fillna(False).astype(bool)
    rows["PLACEMENT_ORDER"] = _first_decom(ep, ep["LS"].eq("E1"), rows["PERIOD_ID"])
    ad1 = ds.get("ad1")
    if ad1 is not None:
        a = ad1[["CHILD", "DATE_MATCH"]].copy()
        a["CHILD"] = a["CHILD"].astype(object)
        a["DATE_MATCH"] = pd.to_datetime(a["DATE_MATCH"]).astype("datetime64[ns]")
        a = a[a["DATE_MATCH"].notna()].drop_duplicates("CHILD", keep="first")
        rows = rows.merge(a, on="CHILD", how="left")
    else:
        rows["DATE_MATCH"] = pd.NaT
    rows["DATE_MATCH"] = pd.to_datetime(rows["DATE_MATCH"]).astype("datetime64[ns]")
    rows["PLACEMENT_ORDER"] = pd.to_datetime(rows["PLACEMENT_ORDER"]).astype("datetime64[ns]")
    rows["MATCH_ELIGIBLE"] = rows["PLACEMENT_ORDER"].notna() & rows["DATE_MATCH"].notna()
    rows["MATCHED_DAYS"] = (rows["DATE_MATCH"] - rows["PLACEMENT_ORDER"]).dt.days.astype("Int64")
    rows["MATCHED_WITHIN_121"] = (rows["MATCH_ELIGIBLE"] & (
        rows["MATCHED_DAYS"] <= params["adoption_matched_days"])).fillna(False).astype(bool)
    rows = rows.rename(columns={"START": "PERIOD_START", "END": "ADOPTED_DATE"})
    cols = ["CHILD", "PERIOD_ID", "DOB", "PERIOD_START", "ADOPTED_DATE", "LAST_REC", "PLACED_DATE",
            "PLACED_DAYS", "PLACED_WITHIN_426", "PLACEMENT_ORDER", "DATE_MATCH", "MATCHED_DAYS",
            "MATCH_ELIGIBLE", "MATCHED_WITHIN_121"]
    return rows[cols].sort_values(["ADOPTED_DATE", "CHILD"], kind="mergesort").reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("episodes"):
        return None
    rows = adoptions(ds, window, params)
    return {
        "adopted": count_of(rows),
        "placed_within_426_days": proportion_of(rows, "PLACED_WITHIN_426"),
        "matched_within_121_days": (proportion_of(rows, "MATCHED_WITHIN_121", "MATCH_ELIGIBLE")
                                    if ds.has("ad1") else None),
    }

"""Periods of care, section 20 and placed-with-parents runs, placements, and reviews matched to
their period: derived once from the episodes and shared by every metric.

Definitions (`metrics.md`, Common terms):
- A period of care starts at an episode with RNE S, at an episode whose DECOM is not the
  previous episode's DEC, or at any episode after one whose REC is not X1. It ends at the DEC of
  its last episode and is open while that DEC is blank.
- A short-break period is one all of whose episodes have LS V3 or V4; such periods, and the
  reviews inside them, are left out of every period-based metric.
- Looked after at D: in a period with start <= D and (end blank or end > D). "In a run at D" and
  "the episode at D" use the same convention.
- A review belongs to the period with start <= REVIEW <= end (where a period ends on the day the
  next begins, the later period).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .contract import NEW_PLACEMENT_RNE
from .dataset import PROBLEM_COLUMNS, Dataset
from .starts import RUN_PREDICATES, period_ids, run_starts, short_break


# The nanosecond range pandas can hold; the loader never passes a date outside 1900 to the
# extract date (rule implausible_date), so only a Dataset built in memory can reach these
# (rule date_out_of_range below).
_NS_FIRST, _NS_LAST = pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11")


def _dates(s: pd.Series) -> pd.Series:
    d = pd.to_datetime(s)
    if str(d.dtype) != "datetime64[ns]":
        d = d.mask((d < _NS_FIRST) | (d > _NS_LAST))
    return d.astype("datetime64[ns]")


# Days are counted as datetime64[ns], which holds the years 1678 to 2261. A date outside them
# (a year typed as 0204 or 20224 in a Dataset the loader did not check) cannot be counted from.
_FIRST_DAY = pd.Timestamp.min.ceil("D")
_LAST_DAY = pd.Timestamp.max.floor("D")
OUT_OF_RANGE = "a date from 1678 to 2261 (the years the toolkit can count days in)"


def _out_of_range(s: pd.Series) -> pd.Series:
    """Dates of S that datetime64[ns] cannot hold (blank is not out of range)."""
    s = pd.to_datetime(s)
    return (s.notna() & ((s < _FIRST_DAY) | (s > _LAST_DAY))).astype(bool)


def _first_of_group(starts: pd.Series) -> pd.Series:
    """Running id that increases at every True in STARTS (0-based)."""
    return starts.astype(np.int64).cumsum() - 1


class Care:
    """Everything derived from episodes that metrics share. Build with `care(ds)`."""

    def __init__(self, ds: Dataset):
        self.ds = ds
        self.problems = pd.DataFrame(columns=PROBLEM_COLUMNS)
        self.episodes = self._episodes(self._in_range_episodes(ds), self._in_range_header(ds))
        self.periods = self._periods(self.episodes)
        self.placements = self._placements(self.episodes, self.periods)
        self._runs: dict[str, pd.DataFrame] = {}
        self.reviews, self.orphan_reviews = self._reviews(ds)

    # -- episodes and periods -----------------------------------------------------------------
    def _in_range_episodes(self, ds: Dataset) -> pd.DataFrame:
        """The episodes whose dates can be counted: an episode with a DECOM or a DEC outside
        1678-2261 is set aside (as the loader's rule implausible_date does: clearing the DEC
        would make the episode look open), each a data-quality row (rule ``date_out_of_range``;
        one row per episode, naming the DECOM when both are out of range)."""
        ep = ds["episodes"]
        bad_start, bad_end = _out_of_range(ep["DECOM"]), _out_of_range(ep["DEC"])
        if not (bad_start.any() or bad_end.any()):
            return ep
        for col, bad in (("DECOM", bad_start), ("DEC", bad_end & ~bad_start)):
            if bad.any():
                vals = [str(v)[:10] for v in ep.loc[bad, col]]
                self._add_problems(ep[bad], "episodes", col, vals, OUT_OF_RANGE, "date_out_of_range",
                                   "row set aside")
        return ep[~(bad_start | bad_end).to_numpy()]

    def _in_range_header(self, ds: Dataset) -> pd.DataFrame | None:
        """The header with a DOB outside 1678-2261 cleared (a data-quality row)."""
        header = ds.get("header")
        if header is None or "DOB" not in header:
            return header
        bad = _out_of_range(header["DOB"])
        if not bad.any():
            return header
        self._add_problems(header[bad], "header", "DOB", [str(v)[:10] for v in header.loc[bad, "DOB"]],
                           OUT_OF_RANGE, "date_out_of_range", "value cleared")
        header = header.copy()
        header["DOB"] = header["DOB"].mask(bad)
        return header

    @staticmethod
    def _episodes(ep: pd.DataFrame, header: pd.DataFrame | None) -> pd.DataFrame:
        cols = ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"]
        extra = [c for c in ("_file", "_row") if c in ep.columns]
        ep = ep[cols + extra].copy()
        ep["DECOM"] = _dates(ep["DECOM"])
        ep["DEC"] = _dates(ep["DEC"])
        ep = ep.sort_values(["CHILD", "DECOM"], kind="mergesort").reset_index(drop=True)
        if header is not None and "DOB" in header and len(header):  # (an empty header: no DOBs)
            dob = _dates(header.drop_duplicates("CHILD").set_index("CHILD")["DOB"])
            ep["DOB"] = _dates(ep["CHILD"].map(dob)) if len(ep) else pd.Series(pd.NaT, index=ep.index, dtype="datetime64[ns]")
        else:
            ep["DOB"] = pd.NaT
        ep["PERIOD_ID"] = period_ids(ep)
        ep["EP_SEQ"] = ep.groupby("PERIOD_ID").cumcount() + 1
        ep["END"] = ep["DEC"]
        ep["SHORT_BREAK"] = short_break(ep, ep["PERIOD_ID"])
        return ep

    @staticmethod
    def _periods(ep: pd.DataFrame) -> pd.DataFrame:
        if ep.empty:
            nat = pd.Series(dtype="datetime64[ns]")
            return pd.DataFrame({"PERIOD_ID": pd.Series(dtype="int64"), "CHILD": pd.Series(dtype=object),
                                 "DOB": nat, "START": nat, "END": nat,
                                 "SHORT_BREAK": pd.Series(dtype=bool),
                                 "FIRST_LS": pd.Series(dtype=object), "FIRST_PLACE": pd.Series(dtype=object),
                                 "LAST_REC": pd.Series(dtype=object), "N_EPISODES": pd.Series(dtype="int64"),
                                 "PERIOD_SEQ": pd.Series(dtype="int64")})
        g = ep.groupby("PERIOD_ID", sort=True)
        first = g.head(1).set_index("PERIOD_ID")
        last = g.tail(1).set_index("PERIOD_ID")
        per = pd.DataFrame({
            "PERIOD_ID": first.index,
            "CHILD": first["CHILD"].to_numpy(),
            "DOB": first["DOB"].to_numpy(),
            "START": first["DECOM"].to_numpy(),
            "END": last["DEC"].reindex(first.index).to_numpy(),
            "SHORT_BREAK": first["SHORT_BREAK"].to_numpy(),
            "FIRST_LS": first["LS"].to_numpy(),
            "FIRST_PLACE": first["PLACE"].to_numpy(),
            "LAST_REC": last["REC"].reindex(first.index).to_numpy(),
            "N_EPISODES": g.size().reindex(first.index).to_numpy(),
        })
        per["PERIOD_SEQ"] = per.groupby("CHILD").cumcount() + 1
        return per.reset_index(drop=True)

    @staticmethod
    def _placements(ep: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
        if ep.empty:
            nat = pd.Series(dtype="datetime64[ns]")
            return pd.DataFrame({"PLACEMENT_ID": pd.Series(dtype="int64"), "CHILD": pd.Series(dtype=object),
                                 "PERIOD_ID": pd.Series(dtype="int64"), "START": nat,
                                 "PLACE": pd.Series(dtype=object), "SHORT_BREAK": pd.Series(dtype=bool),
                                 "END": nat})
        begins = ep["EP_SEQ"].eq(1) | ep["RNE"].isin(NEW_PLACEMENT_RNE)
        pl = ep.loc[begins, ["CHILD", "PERIOD_ID", "DECOM", "PLACE", "SHORT_BREAK"]].rename(
            columns={"DECOM": "START"}).reset_index(drop=True)
        nxt_start = pl["START"].shift(-1)
        same_period = pl["PERIOD_ID"].eq(pl["PERIOD_ID"].shift(-1))
        period_end = _dates(pl["PERIOD_ID"].map(per.set_index("PERIOD_ID")["END"]))
        pl["END"] = _dates(nxt_start.where(same_period, period_end))
        pl.insert(0, "PLACEMENT_ID", np.arange(len(pl)))
        return pl

    # -- runs ------------------------------------------------------------------------------------
    def runs(self, kind: str) -> pd.DataFrame:
        """Maximal runs of consecutive episodes within one period: "s20" (LS V2) or "pwp" (P1)."""
        if kind not in RUN_PREDICATES:
            raise ValueError(f"unknown run kind '{kind}' (use one of {sorted(RUN_PREDICATES)})")
        if kind not in self._runs:
            self._runs[kind] = self._make_runs(self.episodes, self.periods, RUN_PREDICATES[kind])
        return self._runs[kind]

    @staticmethod
    def _make_runs(ep: pd.DataFrame, per: pd.DataFrame, predicate) -> pd.DataFrame:
        on = predicate(ep).fillna(False).astype(bool) & ~ep["SHORT_BREAK"]
        start = run_starts(on, ep["PERIOD_ID"])
        run_id = _first_of_group(start)
        idx = np.flatnonzero(on.to_numpy())
        if len(idx) == 0:
            return pd.DataFrame(columns=["RUN_ID", "CHILD", "DOB", "PERIOD_ID", "START", "END",
                                         "FIRST_LS", "FIRST_PLACE", "NEXT_LS", "NEXT_DECOM",
                                         "LAST_IN_PERIOD", "PERIOD_END", "LAST_REC"])
        sel = ep.iloc[idx].assign(RUN_ID=run_id.iloc[idx].to_numpy(), _pos=idx)
        g = sel.groupby("RUN_ID", sort=True)
        first, last = g.head(1).set_index("RUN_ID"), g.tail(1).set_index("RUN_ID")
        nxt_pos = last["_pos"].to_numpy() + 1
        has_next = nxt_pos < len(ep)
        nxt_pos_c = np.where(has_next, nxt_pos, 0)
        nxt = ep.iloc[nxt_pos_c]
        same_period = has_next & (nxt["PERIOD_ID"].to_numpy() == last["PERIOD_ID"].to_numpy())
        period_end = last["PERIOD_ID"].map(per.set_index("PERIOD_ID")["END"])
        runs = pd.DataFrame({
            "RUN_ID": first.index.to_numpy(),
            "CHILD": first["CHILD"].to_numpy(),
            "DOB": first["DOB"].to_numpy(),
            "PERIOD_ID": first["PERIOD_ID"].to_numpy(),
            "START": first["DECOM"].to_numpy(),
            "END": last["DEC"].to_numpy(),
            "FIRST_LS": first["LS"].to_numpy(),
            "FIRST_PLACE": first["PLACE"].to_numpy(),
            "NEXT_LS": np.where(same_period, nxt["LS"].to_numpy(), None),
            "NEXT_DECOM": pd.Series(np.where(same_period, nxt["DECOM"].to_numpy(),
                                             np.datetime64("NaT"))).astype("datetime64[ns]").to_numpy(),
            "LAST_IN_PERIOD": ~same_period,
            "PERIOD_END": period_end.to_numpy(),
            "LAST_REC": last["REC"].to_numpy(),
        })
        runs["RUN_ID"] = np.arange(len(runs))
        return runs

    # -- point-in-time views ------------------------------------------------------------------
    @staticmethod
    def _covers(start: pd.Series, end: pd.Series, d) -> pd.Series:
        d = pd.Timestamp(d)
        return (start <= d) & (end.isna() | (end > d))

    def looked_after_at(self, d) -> pd.DataFrame:
        """Periods of care (short breaks left out) covering day D: one row per child."""
        p = self.periods
        return p[self._covers(p["START"], p["END"], d) & ~p["SHORT_BREAK"]].reset_index(drop=True)

    def episode_at(self, d) -> pd.DataFrame:
        """Each child's episode covering day D (short-break periods left out)."""
        e = self.episodes
        return e[self._covers(e["DECOM"], e["DEC"], d) & ~e["SHORT_BREAK"]].reset_index(drop=True)

    def in_run_at(self, kind: str, d) -> pd.DataFrame:
        """Runs ("s20" or "pwp") covering day D."""
        r = self.runs(kind)
        return r[self._covers(r["START"], r["END"], d)].reset_index(drop=True)

    def placement_at(self, d) -> pd.DataFrame:
        p = self.placements
        return p[self._covers(p["START"], p["END"], d) & ~p["SHORT_BREAK"]].reset_index(drop=True)

    # -- reviews ----------------------------------------------------------------------------------
    def _reviews(self, ds: Dataset):
        rv = ds.get("reviews")
        cols = ["CHILD", "REVIEW", "REVIEW_CODE", "PERIOD_ID", "PERIOD_START", "PERIOD_END",
                "SHORT_BREAK", "DOB"]
        if rv is None or rv.empty:
            empty = pd.DataFrame(columns=cols)
            return empty, empty.copy()
        rv = rv.copy()
        bad = _out_of_range(rv["REVIEW"])
        if bad.any():
            self._add_problems(rv[bad], "reviews", "REVIEW", [str(v)[:10] for v in rv.loc[bad, "REVIEW"]],
                               OUT_OF_RANGE, "date_out_of_range", "row set aside")
            rv = rv[~bad.to_numpy()]
        rv["REVIEW"] = _dates(rv["REVIEW"])
        if "REVIEW_CODE" in rv:
            raw = rv["REVIEW_CODE"].astype("object")
            code = raw.str.strip().str.upper()           # non-text values come back NaN ...
            code = code.where(code.notna(), raw)          # ... and are kept as they were
            rv["REVIEW_CODE"] = code.where(code.notna() & code.ne(""), None)
        else:
            rv["REVIEW_CODE"] = None
        rv = rv[rv["REVIEW"].notna()]
        rv = rv.reset_index(drop=True)
        rv["_order"] = np.arange(len(rv))
        dup = rv.duplicated(["CHILD", "REVIEW"], keep="first")
        if dup.any():
            self._add_problems(rv[dup], "reviews", "REVIEW", rv.loc[dup, "REVIEW"].dt.strftime("%d/%m/%Y"),
                               "one review per child per date", "duplicate_review", "row set aside")
        rv = rv[~dup]
        per = self.periods[["PERIOD_ID", "CHILD", "START", "END", "SHORT_BREAK", "DOB"]].rename(
            columns={"START": "PERIOD_START", "END": "PERIOD_END"})
        per = per.sort_values("PERIOD_START", kind="mergesort")
        left = rv.drop(columns=[c for c in ("DOB",) if c in rv.columns]).sort_values("REVIEW", kind="mergesort")
        per["CHILD"] = per["CHILD"].astype(object)
        left["CHILD"] = left["CHILD"].astype(object)
        m = pd.merge_asof(left, per, left_on="REVIEW", right_on="PERIOD_START", by="CHILD",
                          direction="backward")
        inside = m["PERIOD_ID"].notna() & (m["PERIOD_END"].isna() | (m["REVIEW"] <= m["PERIOD_END"]))
        orphans = m[~inside]
        if len(orphans):
            self._add_problems(orphans, "reviews", "REVIEW", orphans["REVIEW"].dt.strftime("%d/%m/%Y"),
                               "a date inside one of the child's periods of care",
                               "review_outside_care", "row set aside")
        m = m[inside].copy()
        m["PERIOD_ID"] = m["PERIOD_ID"].astype(np.int64)
        m["SHORT_BREAK"] = m["SHORT_BREAK"].astype(bool)
        m = m.sort_values(["CHILD", "REVIEW"], kind="mergesort").reset_index(drop=True)
        keep = cols + [c for c in ("_file", "_row") if c in m.columns]
        return m[keep], orphans.reset_index(drop=True)

    def _add_problems(self, rows, table, column, values, expected, rule, action):
        new = pd.DataFrame({
            "file": rows["_file"].to_numpy() if "_file" in rows else None,
            "row": rows["_row"].to_numpy() if "_row" in rows else None,
            "table": table, "column": column, "value": np.asarray(values),
            "expected": expected, "rule": rule, "action": action,
        })
        self.problems = pd.concat([self.problems, new], ignore_index=True) if len(self.problems) else new


def care(ds: Dataset) -> Care:
    """The shared derivation for DS (built once, then cached on the dataset)."""
    cache = ds.__dict__.setdefault("_derived", {})
    if "care" not in cache:
        cache["care"] = Care(ds)
    return cache["care"]


def all_problems(ds: Dataset) -> pd.DataFrame:
    """The loader's data-quality rows plus those found while deriving periods (e.g. reviews
    dated outside every period of care, duplicate reviews)."""
    derived = care(ds).problems
    if derived is None or derived.empty:
        return ds.problems
    if ds.problems is None or ds.problems.empty:
        return derived.reset_index(drop=True)
    return pd.concat([ds.problems, derived], ignore_index=True)

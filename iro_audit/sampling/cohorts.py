"""Dip-sample cohorts: the cases a sample is drawn from.

`case_frame(ds, as_at)` gives one row per child looked after at AS_AT with the facts an auditor
needs (`CHILD, AGE, AGE_BAND, LS, PLACE, PERIOD_START, IRO_ID, TEAM`); with ``base="s20"`` or
``"pwp"`` only children in such a run at AS_AT, with ``RUN_START`` and ``RUN_DAYS``.
`cohort(frame, ...)` filters any frame with a CHILD column (a case frame, or an exception list
from the metric library such as `metrics.s20.current`) and keeps one row per child.
"""
from __future__ import annotations

import pandas as pd

from ..calendar import age_in_years
from ..errors import ParameterError
from ..window import to_date

# DfE age bands (children looked after statistics)
AGE_BANDS = (("under 1", 0, 0), ("1-4", 1, 4), ("5-9", 5, 9), ("10-15", 10, 15), ("16+", 16, None))
CASE_COLUMNS = ["CHILD", "AGE", "AGE_BAND", "LS", "PLACE", "PERIOD_START", "IRO_ID", "TEAM"]


def band_of_age(age) -> pd.Series:
    """DfE age band of each age in whole years (blank where the age is missing)."""
    age = pd.Series(age)
    out = pd.Series([None] * len(age), index=age.index, dtype="object")
    num = pd.to_numeric(age, errors="coerce")
    for label, lo, hi in AGE_BANDS:
        mask = (num >= lo) & ((num <= hi) if hi is not None else True)
        out[mask.fillna(False).astype(bool)] = label
    return out


def allocated_iro(ds, as_at) -> pd.DataFrame:
    """`CHILD, IRO_ID, TEAM` for allocations covering AS_AT (ALLOC_START <= as_at and ALLOC_END
    blank or >= as_at); where several cover it, the latest start (then the last row) wins."""
    as_at = to_date(as_at, "as_at")
    if not ds.has("iro_allocations"):
        return pd.DataFrame({"CHILD": pd.Series(dtype="object"), "IRO_ID": pd.Series(dtype="object"),
                             "TEAM": pd.Series(dtype="object")})
    al = ds["iro_allocations"]
    start = pd.to_datetime(al["ALLOC_START"])
    end = pd.to_datetime(al["ALLOC_END"])
    cover = al[((start <= as_at) & (end.isna() | (end >= as_at))).to_numpy()].copy()
    cover["_START"] = pd.to_datetime(cover["ALLOC_START"])
    cover["_ORDER"] = range(len(cover))
    cover = cover.sort_values(["CHILD", "_START", "_ORDER"], kind="mergesort")
    cover = cover.drop_duplicates("CHILD", keep="last")[["CHILD", "IRO_ID"]]
    if ds.has("iros") and "TEAM" in ds["iros"].columns:
        team = ds["iros"].drop_duplicates("IRO_ID").set_index("IRO_ID")["TEAM"]
        cover["TEAM"] = cover["IRO_ID"].map(team)
    else:
        cover["TEAM"] = None
    return cover.reset_index(drop=True)


def case_frame(ds, as_at, base: str = "looked_after") -> pd.DataFrame:
    """One row per child looked after at AS_AT (short breaks left out), sorted by CHILD.

    BASE "s20" / "pwp" keeps only children in an s20 / placed-with-parents run at AS_AT and adds
    RUN_START and RUN_DAYS (days from the run's start to AS_AT); BASE "cp_plan" gives the children
    on a child protection plan instead (`cp_cohort.cp_plan_frame`)."""
    from .. import periods

    if base == "cp_plan":            # children on a child protection plan (sampling/cp_cohort.py)
        from .cp_cohort import cp_plan_frame

        return cp_plan_frame(ds, as_at)
    as_at = to_date(as_at, "as_at")
    care = periods.care(ds)
    la = care.looked_after_at(as_at)[["CHILD", "DOB", "START", "PERIOD_ID"]]
    la = la.rename(columns={"START": "PERIOD_START"})
    ep = care.episode_at(as_at)[["CHILD", "LS", "PLACE"]].drop_duplicates("CHILD")
    out = la.merge(ep, on="CHILD", how="left")
    out["AGE"] = age_in_years(out["DOB"], pd.Series(as_at, index=out.index))
    out["AGE_BAND"] = band_of_age(out["AGE"])
    alloc = allocated_iro(ds, as_at)
    out = out.merge(alloc, on="CHILD", how="left")
    cols = list(CASE_COLUMNS)
    if base in ("s20", "pwp"):
        runs = care.in_run_at(base, as_at)[["CHILD", "START"]].rename(columns={"START": "RUN_START"})
        runs = runs.sort_values(["CHILD", "RUN_START"]).drop_duplicates("CHILD", keep="last")
        out = out.merge(runs, on="CHILD", how="inner")
        out["RUN_START"] = pd.to_datetime(out["RUN_START"]).astype("datetime64[ns]")
        out["RUN_DAYS"] = (as_at - out["RUN_START"]).dt.days.astype("Int64")
        cols += ["RUN_START", "RUN_DAYS"]
    elif base != "looked_after":
        raise ParameterError(f"base '{base}' must be looked_after, s20, pwp or cp_plan")
    out = out[cols].sort_values("CHILD", kind="mergesort").reset_index(drop=True)
    out["AGE"] = out["AGE"].astype("Int64")
    return out


def _as_list(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset, pd.Series)):
        return list(value)
    return [value]


def cohort_definition(**filters) -> dict:
    """The filters that were set, in a JSON-ready form, for the manifest."""
    out = {}
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            value = sorted(str(v) for v in value) if isinstance(value, (set, frozenset)) else [str(v) for v in value]
        elif isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif not isinstance(value, (int, float, bool)):
            value = str(value)
        out[key] = value
    return out


def _need(frame: pd.DataFrame, column: str, filt: str):
    if column not in frame.columns:
        raise ParameterError(f"cohort filter '{filt}' needs a {column} column, which this frame "
                             f"does not have (it has {', '.join(map(str, frame.columns))})")


def cohort(frame: pd.DataFrame, legal_status=None, placement=None, team=None, iro=None,
           age_band=None, min_age=None, max_age=None, date_column=None, date_from=None,
           date_to=None, children=None, exclude=None) -> pd.DataFrame:
    """Rows of FRAME meeting every filter given, one row per child, sorted by CHILD.

    LEGAL_STATUS (column LS), PLACEMENT (PLACE), TEAM, IRO (IRO_ID), AGE_BAND (e.g. "10-15";
    from AGE_BAND, or worked out from AGE) and CHILDREN each take one value or a list; codes
    are compared upper-cased. MIN_AGE / MAX_AGE bound AGE (both included). DATE_FROM / DATE_TO
    bound DATE_COLUMN (both included). EXCLUDE lists children to leave out (e.g. audited last
    time). A child on several rows keeps one: the latest by DATE_COLUMN when given, else the
    first. The definition is kept in ``result.attrs["cohort"]`` for the manifest.
    """
    if "CHILD" not in frame.columns:
        raise ParameterError("a cohort needs a frame with a CHILD column")
    df = frame.copy()
    keep = pd.Series(True, index=df.index)

    def codes(column, filt, value):
        _need(df, column, filt)
        wanted = {str(v).strip().upper() for v in _as_list(value)}
        return df[column].astype("object").map(lambda v: None if pd.isna(v) else str(v).strip().upper()).isin(wanted)

    if legal_status is not None:
        keep &= codes("LS", "legal_status", legal_status)
    if placement is not None:
        keep &= codes("PLACE", "placement", placement)
    if iro is not None:
        keep &= codes("IRO_ID", "iro", iro)
    if team is not None:
        _need(df, "TEAM", "team")
        wanted = {str(v).strip().casefold() for v in _as_list(team)}
        keep &= df["TEAM"].astype("object").map(lambda v: None if pd.isna(v) else str(v).strip().casefold()).isin(wanted)
    if age_band is not None:
        valid = [b[0] for b in AGE_BANDS]
        bad = [b for b in _as_list(age_band) if b not in valid]
        if bad:
            raise ParameterError(f"age band '{bad[0]}' is not one of {', '.join(valid)}")
        if "AGE_BAND" in df.columns:
            bands = df["AGE_BAND"]
        else:
            _need(df, "AGE", "age_band")
            bands = band_of_age(df["AGE"])
        keep &= bands.isin(_as_list(age_band)).to_numpy()
    if min_age is not None or max_age is not None:
        _need(df, "AGE", "min_age/max_age")
        age = pd.to_numeric(df["AGE"], errors="coerce")
        if min_age is not None:
            keep &= (age >= min_age).fillna(False).astype(bool)
        if max_age is not None:
            keep &= (age <= max_age).fillna(False).astype(bool)
    if date_from is not None or date_to is not None:
        if date_column is None:
            raise ParameterError("date_from/date_to need date_column (the column they bound)")
        _need(df, date_column, "date_from/date_to")
        dates = pd.to_datetime(df[date_column])
        if date_from is not None:
            keep &= (dates >= to_date(date_from, "date_from")).fillna(False).astype(bool)
        if date_to is not None:
            keep &= (dates <= to_date(date_to, "date_to")).fillna(False).astype(bool)
    if children is not None:
        keep &= df["CHILD"].astype("object").isin([str(c) for c in _as_list(children)])
    if exclude is not None:
        keep &= ~df["CHILD"].astype("object").isin([str(c) for c in _as_list(exclude)])
    df = df[keep.to_numpy()]
    df = df[df["CHILD"].notna()].copy()
    df["CHILD"] = df["CHILD"].astype("object").map(str)
    if date_column is not None and date_column in df.columns:
        df["_D"] = pd.to_datetime(df[date_column])
        df = df.sort_values(["CHILD", "_D"], kind="mergesort", na_position="first")
        df = df.drop_duplicates("CHILD", keep="last").drop(columns="_D")
    else:
        df = df.sort_values("CHILD", kind="mergesort").drop_duplicates("CHILD", keep="first")
    df = df.reset_index(drop=True)
    df.attrs["cohort"] = cohort_definition(
        legal_status=legal_status, placement=placement, team=team, iro=iro, age_band=age_band,
        min_age=min_age, max_age=max_age, date_column=date_column,
        date_from=None if date_from is None else to_date(date_from, "date_from"),
        date_to=None if date_to is None else to_date(date_to, "date_to"),
        children=children, exclude=exclude)
    return df

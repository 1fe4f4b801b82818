"""IRO records that match nothing they should join (a cross-table check after stitching).

The metrics join each IRO record to the 903 data on a key; a record keyed a day off its review
or run is silently left out of that join and its review counts as "no report", "no form" or "no
consent". This check makes every such record a data-quality row (rule `unmatched_record`,
action `kept`: the record stays in its table, the figures are unchanged) naming file, row, the
key date and the nearest date it could have meant. The joins are those of the metrics:

| table | joins | on |
|---|---|---|
| review_records, qc_forms | a review in `reviews` | CHILD + REVIEW |
| s20_agreements | the start of a section 20 run (`metrics/s20.py`) | CHILD + DECOM = the run's first DECOM |
| pwp_records | the start of a placed-with-parents run (`metrics/pwp.py`) | CHILD + PLACEMENT_START = the run's first DECOM |

A run start is worked out here as `periods` works it out (`iro_audit.starts`, below both): an
episode with LS V2 (s20) or PLACE P1 (pwp), not in a short-break period, whose previous episode
is in another period of care or is not V2 / P1. So an agreement keyed to the DECOM of a later
V2 episode of the same run (a change of placement) is unmatched, as it is for the metrics.
A record with a blank key date matches nothing and is listed too.

`unmatched_records(tables)` gives the unmatched rows themselves (CHILD, DATE, NEAREST, _file,
_row) for the metrics' "possible mismatch" column (`metrics/_mismatch.py`).
"""
from __future__ import annotations

import pandas as pd

from ..dataset import empty_problems
from ..starts import RUN_PREDICATES, period_ids, run_starts, short_break
from . import problems as P

RULE = "unmatched_record"

# record table -> (its key date column, what it joins: "review" / "s20" / "pwp")
RECORDS = {
    "review_records": ("REVIEW", "review"),
    "qc_forms": ("REVIEW", "review"),
    "s20_agreements": ("DECOM", "s20"),
    "pwp_records": ("PLACEMENT_START", "pwp"),
}

# what a record of each kind must match, for the problem's `expected` text and the report
TARGET_WORDS = {
    "review": "a review of the child on this date in reviews (joined on CHILD + REVIEW)",
    "s20": ("the start of a section 20 run of the child on this date in episodes (an LS V2 "
            "episode whose previous episode in the period of care is not V2; joined on "
            "CHILD + DECOM)"),
    "pwp": ("the start of a placement with parents of the child on this date in episodes (a "
            "PLACE P1 episode whose previous episode in the period of care is not P1; joined on "
            "CHILD + PLACEMENT_START)"),
}
NEAREST_WORDS = {"review": "review", "s20": "section 20 start", "pwp": "placed-with-parents start"}


def _ns(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s).astype("datetime64[ns]")


def target_dates(tables: dict, kind: str) -> pd.DataFrame:
    """CHILD, DATE of every review ("review") or run start ("s20", "pwp") a record can join."""
    if kind == "review":
        rv = tables.get("reviews")
        if rv is None or rv.empty:
            return pd.DataFrame({"CHILD": pd.Series(dtype=object), "DATE": pd.Series(dtype="datetime64[ns]")})
        out = pd.DataFrame({"CHILD": rv["CHILD"].astype(object).to_numpy(), "DATE": _ns(rv["REVIEW"]).to_numpy()})
    else:
        ep = tables.get("episodes")
        if ep is None or ep.empty:
            return pd.DataFrame({"CHILD": pd.Series(dtype=object), "DATE": pd.Series(dtype="datetime64[ns]")})
        ep = ep[["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"]].copy()
        ep["DECOM"], ep["DEC"] = _ns(ep["DECOM"]), _ns(ep["DEC"])
        ep = ep.sort_values(["CHILD", "DECOM"], kind="mergesort").reset_index(drop=True)
        pid = period_ids(ep)
        on = RUN_PREDICATES[kind](ep).fillna(False).astype(bool) & ~short_break(ep, pid)
        st = ep[run_starts(on, pid).to_numpy()]
        out = pd.DataFrame({"CHILD": st["CHILD"].astype(object).to_numpy(), "DATE": st["DECOM"].to_numpy()})
    return out.dropna().drop_duplicates().reset_index(drop=True)


def _unmatched(records: pd.DataFrame, date_col: str, targets: pd.DataFrame) -> pd.DataFrame:
    r = pd.DataFrame({"CHILD": records["CHILD"].astype(object).to_numpy(),
                      "DATE": _ns(records[date_col]).to_numpy(),
                      "_file": records["_file"].to_numpy() if "_file" in records else None,
                      "_row": records["_row"].to_numpy() if "_row" in records else None})
    keys = targets[["CHILD", "DATE"]].assign(_hit=True)
    hit = r.merge(keys, on=["CHILD", "DATE"], how="left")["_hit"].fillna(False).to_numpy(dtype=bool)
    out = r[~hit].copy()
    out["_order"] = range(len(out))
    dated = out[out["DATE"].notna()].sort_values("DATE", kind="mergesort")
    t = targets.rename(columns={"DATE": "NEAREST"}).assign(_key=lambda d: d["NEAREST"])
    t = t.sort_values("_key", kind="mergesort")
    if len(dated) and len(t):
        near = pd.merge_asof(dated, t, left_on="DATE", right_on="_key", by="CHILD",
                             direction="nearest").set_index("_order")["NEAREST"]
        out["NEAREST"] = out["_order"].map(near).astype("datetime64[ns]")
    else:
        out["NEAREST"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    return out.drop(columns="_order").reset_index(drop=True)[["CHILD", "DATE", "NEAREST", "_file", "_row"]]


def unmatched_records(tables: dict) -> dict[str, pd.DataFrame]:
    """For each record table present: its rows whose key matches nothing (CHILD, DATE (NaT when
    blank), NEAREST (the child's nearest date it could join, NaT when none), _file, _row)."""
    targets: dict[str, pd.DataFrame] = {}
    out = {}
    for table, (col, kind) in RECORDS.items():
        rec = tables.get(table)
        if rec is None:
            continue
        if kind not in targets:
            targets[kind] = target_dates(tables, kind)
        out[table] = _unmatched(rec, col, targets[kind])
    return out


def rule_unmatched_record(tables: dict) -> list[pd.DataFrame]:
    """One `kept` problem per IRO record whose key matches no review / run start."""
    probs = []
    for table, rows in unmatched_records(tables).items():
        if rows.empty:
            continue
        col, kind = RECORDS[table]
        nearest = rows["NEAREST"].dt.strftime("%d/%m/%Y")
        expected = (TARGET_WORDS[kind] + "; the child's nearest " + NEAREST_WORDS[kind] + " is "
                    + nearest).where(rows["NEAREST"].notna(),
                                     TARGET_WORDS[kind] + "; the child has none")
        values = rows["DATE"].dt.strftime("%d/%m/%Y").astype(object)
        probs.append(P.make(rows, table, col, values.where(rows["DATE"].notna(), None),
                            expected, RULE, P.KEPT))
    return probs or [empty_problems()]

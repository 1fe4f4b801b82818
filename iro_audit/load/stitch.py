"""Stitching one table's rows from several files (several years' returns) into one.

Each file gets a collection year: the year of the 31 March on or after its latest main date
(DECOM for episodes, REVIEW for reviews ...) or end date (DEC: a return holding only old
episodes, one of them ending in the year, is still that year's return). A table without a main date (header, oc2, iros)
takes the year written in its file name (e.g. ``header_2021.csv``), else the latest year of the
same side's dated files in the same folder (cin_children: the CIN tables and cp_conferences;
header: the 903 and IRO tables), else of any dated file there. Rows with the same key in
several files are kept once: the later return wins (ties: the file later in name order). Those duplicates are counted per file,
not reported as problems.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from .. import contract
from . import keys, policy

_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")


@dataclass
class Part:
    name: str  # file name (with [sheet])
    directory: str
    order: int
    df: pd.DataFrame  # kept rows of that file
    year: int | None = None


def file_year(part: Part, table: str) -> int | None:
    md = policy.main_date(table)
    if md is None or part.df.empty:
        return None
    latest = part.df[md].max()
    for end in policy.year_dates(table):  # an end date (DEC, CPPendDate) also dates the return
        if part.df[end].notna().any():
            latest = max(latest, part.df[end].max()) if pd.notna(latest) else part.df[end].max()
    if pd.isna(latest):
        return None
    return contract.collection_year(latest)


def _child_protection(table: str) -> bool:
    """Which side an undated table takes its year from: the child protection side (cin_children
    from the CIN census tables and conference records beside it) or the rest (header from the
    903 and IRO tables ...)."""
    return contract.TABLES[table].part in ("cin", "cp")


def resolve_years(parts_by_table: dict[str, list[Part]]) -> None:
    dated_by_dir: dict[tuple[str, bool], int] = {}
    for table, parts in parts_by_table.items():
        for p in parts:
            p.year = file_year(p, table)
            if p.year is not None:
                k = (p.directory, _child_protection(table))
                dated_by_dir[k] = max(dated_by_dir.get(k, 0), p.year)
    for table, parts in parts_by_table.items():
        for p in parts:
            if p.year is None:
                years = _YEAR_IN_NAME.findall(p.name)
                if years:
                    p.year = int(years[-1])
                else:  # the same side's dated files in its folder, else any there
                    p.year = (dated_by_dir.get((p.directory, _child_protection(table)))
                              or dated_by_dir.get((p.directory, not _child_protection(table)), 0))


def stitch(table: str, parts: list[Part]) -> tuple[pd.DataFrame, dict[str, int]]:
    """One frame for TABLE from its files' kept rows; returns it and, per file, how many of its
    rows were replaced by a later return."""
    parts = sorted(parts, key=lambda p: (p.year or 0, p.order))
    frames = [p.df for p in parts]
    if len(frames) == 1:
        return frames[0].reset_index(drop=True), {parts[0].name: 0}
    key = list(contract.TABLES[table].key)
    stitched = {p.name: 0 for p in parts}
    if key:
        # find the replaced rows from the key columns alone, then copy each file's rows once
        keyframe = pd.concat([f[key] for f in frames], ignore_index=True)
        dup = keys.duplicated(keyframe, keep="last")
        if dup.any():
            start = 0
            for p, f in zip(parts, frames):
                d = dup[start:start + len(f)]
                start += len(f)
                stitched[p.name] = int(d.sum())
            keep = ~dup
            start, kept = 0, []
            for f in frames:
                k = keep[start:start + len(f)]
                start += len(f)
                kept.append(f[k] if not k.all() else f)
            frames = kept
    return pd.concat(frames, ignore_index=True), stitched

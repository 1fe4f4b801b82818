"""The loaded data: one parsed table per contract table, plus every problem the loader found.

Downstream code never re-parses a date or re-checks a code: a `Dataset` table holds
- the contract columns (dates as datetime64[ns] with NaT for blank; ids, codes and text as
  Python str with NaN/None for blank, codes trimmed and upper-cased; numbers as float),
- any extra columns the file carried (kept, and listed in `Dataset.extra_columns`),
- ``_file`` and ``_row``: the source file name and spreadsheet row number (header = row 1),
  so any later data-quality finding can name where the row came from.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .contract import REQUIRED_TABLES

PROBLEM_COLUMNS = ["file", "row", "table", "column", "value", "expected", "rule", "action"]
# action: "row set aside" (the row is not used), "value cleared" (row used, value treated as
# blank), "kept" (recorded for information, row and value used as they are),
# "file set aside" (the whole file could not be used), "column not read" (a column of personal
# details such as a child's name: never read, so it cannot reach any output), "repaired" (row
# used with a value the loader filled in by a stated rule, e.g. an episode left open before the
# child's next one closed at its start with REC X1).


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})


@dataclass
class SourceFile:
    path: str
    table: str | None
    rows: int
    sha256: str


@dataclass
class Extract:
    """What a data folder says about itself (its optional `extract.yaml`, see
    `load/extract.py`), and whether the data are synthetic.

    `synthetic` is true when extract.yaml says `source: synthetic` or when any table file carries
    the synthetic marker column (`marked_files`), so a synthetic folder that lost its
    extract.yaml is still caught."""

    file: str | None = None                 # the extract.yaml read, None when there is none
    extract_date: dt.date | None = None     # the day the data were extracted
    authority: str | None = None
    source: str | None = None               # e.g. the case management system, or "synthetic"
    notes: str | None = None
    marked_files: list[str] = field(default_factory=list)   # files carrying the synthetic marker

    @property
    def synthetic(self) -> bool:
        return (self.source or "").strip().lower() == "synthetic" or bool(self.marked_files)

    def as_dict(self) -> dict:
        """Plain values for JSON (dates as ISO text)."""
        return {"file": self.file,
                "extract_date": None if self.extract_date is None else self.extract_date.isoformat(),
                "authority": self.authority, "source": self.source, "notes": self.notes,
                "synthetic": self.synthetic, "marked_files": list(self.marked_files)}


@dataclass
class Dataset:
    tables: dict[str, pd.DataFrame]
    problems: pd.DataFrame = field(default_factory=empty_problems)
    files: list[SourceFile] = field(default_factory=list)
    source: str = ""
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    # Set by the loader: one row per file read (table, year, rows read / kept / set aside /
    # replaced by a later return, sha256), and counts of repairs it made (e.g. episodes left
    # open and closed at the next start). None for a Dataset built in memory.
    load_summary: pd.DataFrame | None = None
    load_stats: dict[str, int] = field(default_factory=dict)
    # Tables supplied (a file was recognised as them) but holding no usable rows: the file was
    # empty or every row was set aside. A report says so in words rather than showing a 0.
    empty_tables: tuple[str, ...] = ()
    # The folder's extract.yaml and synthetic marker (empty `Extract()` when there is neither).
    extract: Extract = field(default_factory=Extract)

    @property
    def synthetic(self) -> bool:
        """Whether these are synthetic data (no real children): see `Extract.synthetic`."""
        return self.extract.synthetic

    def has(self, name: str) -> bool:
        """Whether the table was supplied with usable rows. A missing optional table, or one
        supplied empty (``empty_tables``), switches its metrics off (None, never a silent 0);
        a required table (header, episodes, reviews) supplied empty still counts as present
        - everything needs it - and the report says in words that it held no rows."""
        if name not in self.tables or self.tables[name] is None:
            return False
        return name not in self.empty_tables or name in REQUIRED_TABLES

    def supplied_empty(self, name: str) -> bool:
        """Whether a file was recognised as the table but it holds no usable rows."""
        return name in self.empty_tables

    def get(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"table '{name}' is not in this dataset") from None

    def fingerprint(self) -> str:
        """One short hash over the input files, for provenance blocks and sample manifests."""
        import hashlib

        h = hashlib.sha256()
        for f in sorted(self.files, key=lambda f: f.path):
            h.update(f.sha256.encode())
        return h.hexdigest()[:16]

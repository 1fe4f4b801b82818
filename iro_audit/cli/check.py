"""`iro-audit check`: load a data folder and print what was recognised and the data-quality report."""
from __future__ import annotations

import pandas as pd

from .. import contract
from ..errors import DataError
from ..load import build_dataset, format_problems
from ..params import load_params

HELP = "check a data folder: tables recognised, rows kept and set aside, data-quality report"
DESCRIPTION = """\
Load every CSV/XLSX/XML file in a folder as the toolkit would, and print:
  - the folder's extract.yaml (extract date, authority, source, notes), checked: an unknown
    key or a bad date is an error naming the file and key;
  - each file: the table recognised, its collection year, rows read / kept / set aside /
    replaced by a later return, and a fingerprint;
  - children, episodes and the date range covered; the CIN census tables and conference
    records (with row counts) when supplied;
  - the data-quality report, grouped by rule, with the first rows of each.

Exit status 0, or 2 with --strict when there is any data-quality problem (and always 2 when
a required table - header, episodes, reviews - is missing)."""


def add_arguments(p) -> None:
    p.add_argument("--data", required=True, metavar="DIR", help="folder of CSV/XLSX/XML files")
    p.add_argument("--strict", action="store_true", help="exit 2 if there is any data-quality problem")
    p.add_argument("--column-map", metavar="FILE", help="YAML column map for a local export")
    p.add_argument("--params", metavar="FILE",
                   help="metric parameter YAML (its escalation_reasons are the allowed reasons)")
    p.add_argument("--problems-csv", metavar="FILE", help="write every problem to this CSV file")
    p.add_argument("--limit", type=int, default=5, help="rows shown per rule (default 5)")


def _d(x) -> str:
    return "" if x is None or pd.isna(x) else pd.Timestamp(x).strftime("%d/%m/%Y")


def summary_text(ds) -> str:
    lines = [f"Data folder: {ds.source}   fingerprint {ds.fingerprint()}"]
    extract = getattr(ds, "extract", None)
    if extract is not None:
        from ..load.extract import describe

        if extract.synthetic:
            lines.append("SYNTHETIC DATA: no real children")
        lines += [f"  {label}: {text}" for label, text in describe(extract)]
    lines.append("")
    s = getattr(ds, "load_summary", None)
    if s is not None and len(s):
        w = max(12, min(40, int(s["file"].str.len().max())))
        lines.append(f"{'file':<{w}} {'table':<20} {'year':>5} {'read':>8} {'kept':>8} "
                     f"{'set aside':>9} {'stitched':>8}  sha256")
        for r in s.itertuples(index=False):
            table = r.table if isinstance(r.table, str) else "(not used)"
            year = "" if pd.isna(r.year) else str(int(r.year))
            lines.append(f"{r.file:<{w}} {table:<20} {year:>5} {r.rows_read:>8} {r.rows_kept:>8} "
                         f"{r.rows_set_aside:>9} {r.rows_stitched:>8}  {r.sha256[:12]}")
        lines.append("")
    h, e = ds.get("header"), ds.get("episodes")
    children = h["CHILD"].nunique() if h is not None else 0
    lines.append(f"Children (header): {children}")
    if e is not None and len(e):
        lines.append(f"Episodes: {len(e)} of {e['CHILD'].nunique()} children, "
                     f"DECOM {_d(e['DECOM'].min())} to {_d(e['DECOM'].max())}, "
                     f"open episodes: {int(e['DEC'].isna().sum())}")
    r = ds.get("reviews")
    if r is not None and len(r):
        lines.append(f"Reviews: {len(r)}, {_d(r['REVIEW'].min())} to {_d(r['REVIEW'].max())}")
    cin = [t for t in contract.TABLES_CP if ds.has(t)]
    if cin:
        lines.append("Child protection (CIN census, conferences): "
                     + ", ".join(f"{t} ({len(ds[t])})" for t in cin))
    p = ds.get("cp_plans")
    if p is not None and len(p):
        lines.append(f"Child protection plans: {len(p)} of {p['LAchildID'].nunique()} children, "
                     f"CPPstartDate {_d(p['CPPstartDate'].min())} to {_d(p['CPPstartDate'].max())}, "
                     f"open plans: {int(p['CPPendDate'].isna().sum())}")
    others = [t for t in ds.tables if t not in ("header", "episodes", "reviews") and t not in cin]
    if others:
        lines.append("Other tables: " + ", ".join(f"{t} ({len(ds[t])})" for t in others))
    empty = getattr(ds, "empty_tables", ()) or ()
    if empty:
        lines.append("SUPPLIED BUT EMPTY (no usable rows; see empty_table below): " + ", ".join(empty))
    for k, v in (getattr(ds, "load_stats", None) or {}).items():
        if v:
            lines.append(f"Note: {v} {k}")
    return "\n".join(lines)


def run(args) -> int:
    ds = build_dataset(args.data, load_params(args.params), column_map=args.column_map)
    print(summary_text(ds))
    print()
    print("Data-quality report")
    print("-------------------")
    print(format_problems(ds.problems, limit=args.limit))
    if args.problems_csv:
        ds.problems.to_csv(args.problems_csv, index=False)
        print(f"\nAll {len(ds.problems)} problem(s) written to {args.problems_csv}")
    if args.strict and len(ds.problems):
        raise DataError(f"--strict: {len(ds.problems)} data-quality problem(s) in {args.data}; "
                        f"see the report above (rules: {', '.join(ds.problems['rule'].unique())})")
    return 0

"""`load_dataset`: a folder of CSV/XLSX/XML files -> a validated, stitched `Dataset`."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .. import contract
from ..dataset import Dataset, SourceFile
from ..errors import DataError
from . import policy
from . import problems as P
from . import cin_rules, matching, rules
from .colmap import load_column_map
from .extract import read_extract_metadata, take_synthetic_marker
from .personal import PERSONAL_DETAIL_WORDS, personal_words
from .read import RawTable, Unreadable, discover, read_file
from .recognise import NotRecognised, Recognised, recognise
from .xml_read import locate
from .stitch import Part, resolve_years, stitch

SUMMARY_COLUMNS = ["file", "table", "year", "rows_read", "rows_kept", "rows_set_aside",
                   "rows_stitched", "sha256"]


def _unique_names(names: list[str], taken: set[str]) -> list[str]:
    out = []
    for n in names:
        base, k = n, 2
        while n in taken:
            n = f"{base}_{k}"
            k += 1
        taken.add(n)
        out.append(n)
    return out


def _file_frame(raw: RawTable, rec) -> rules.FileFrame:
    spec = contract.TABLES[rec.table]
    pos_of = {name: pos for pos, name in rec.names.items()}
    text = {c: raw.data[pos_of[c]] for c in spec.column_names}
    raw_df = pd.DataFrame(text, index=raw.data.index, copy=False)
    extra_names = _unique_names([str(v) for v in rec.extras.values()], set(spec.column_names) | {"_file", "_row"})
    cols = dict(text)
    for pos, name in zip(rec.extras, extra_names):
        cols[name] = raw.data[pos]
    cols["_file"] = pd.Series(raw.name, index=raw.data.index, dtype="str")
    cols["_row"] = pd.Series(raw.data.index.to_numpy(dtype=np.int64), index=raw.data.index)
    df = pd.DataFrame(cols, index=raw.data.index, copy=False)
    set_aside = pd.Series(False, index=raw.data.index)
    return rules.FileFrame(rec.table, df, raw_df, set_aside, extra_names, raw.may_have_point_zero,
                           raw.may_need_strip)


def _finalise(table: str, df: pd.DataFrame) -> pd.DataFrame:
    spec = contract.TABLES[table]
    for c in spec.columns:
        s = df[c.name]
        if c.kind == "date":
            if not pd.api.types.is_datetime64_any_dtype(s):
                df[c.name] = pd.to_datetime(s, errors="coerce")
        elif c.kind in ("int", "float", "flag"):
            df[c.name] = s.astype("float64")
        elif c.kind == "bool":
            df[c.name] = s.astype("float64").astype("boolean")
        elif s.dtype != "str":
            df[c.name] = s.astype("str")
    df["_row"] = df["_row"].astype("int64")
    df["_file"] = df["_file"].astype("str")
    extras = [c for c in df.columns if c not in spec.column_names and c not in ("_file", "_row")]
    for c in extras:
        if df[c].dtype != "str":
            df[c] = df[c].astype("str")
    return df[list(spec.column_names) + extras + ["_file", "_row"]].reset_index(drop=True)


def _named(raw: RawTable) -> Recognised:
    """An XML table is named by its reader: its columns are the contract's by construction (a
    contract column the return lacks is added blank; the column map does not apply)."""
    spec = contract.TABLES[raw.table]
    for c in spec.column_names:
        if c not in raw.header:
            raw.data[len(raw.header)] = pd.Series(None, index=raw.data.index, dtype=object)
            raw.header.append(c)
    names = {pos: n for pos, n in enumerate(raw.header) if n in spec.column_names}
    extras = {pos: n for pos, n in enumerate(raw.header) if n not in spec.column_names}
    return Recognised(raw.table, names, extras)


def process_file(path: str, name: str, colmap, reasons, latest=None,
                 words: frozenset[str] = PERSONAL_DETAIL_WORDS) -> list[dict]:
    """Read, recognise and validate one file (each sheet of a workbook): everything that needs
    no other file. LATEST: `policy.latest_date(...)`; WORDS: personal-details words. Returns one
    dict per table found (or per unusable file/sheet)."""
    out = []
    for item in read_file(Path(path), name):
        if isinstance(item, Unreadable):
            out.append(dict(name=item.name, table=None, rows_read=0, sha256=item.sha256, problems=[
                P.single(item.name, None, None, None, None, f"{item.name} {item.message}",
                         "file_unreadable", P.FILE_SET_ASIDE)]))
            continue
        probs = [P.single(item.name, None, None, None, None, f"{item.name} {message}", rule, action)
                 for rule, message, action in item.notes]
        n_read = len(item.data)
        if item.table is not None and item.table not in contract.TABLES:
            probs.append(P.single(item.name, None, None, None, None,
                                  f"{item.name} holds the table {item.table}, which this version of "
                                  "the toolkit does not read", "file_unrecognised", P.FILE_SET_ASIDE))
            out.append(dict(name=item.name, table=None, rows_read=n_read, sha256=item.sha256,
                            problems=probs))
            continue
        try:
            rec = _named(item) if item.table is not None else recognise(item.header, colmap, words)
        except NotRecognised as e:
            probs.append(P.single(item.name, None, None, None, None, f"{item.name} {e}", e.rule,
                                  P.FILE_SET_ASIDE))
            out.append(dict(name=item.name, table=None, rows_read=n_read, sha256=item.sha256,
                            problems=probs))
            continue
        for x in rec.identifying.values():
            probs.append(P.single(item.name, 1, rec.table, x, None,
                                  "no personal details (names, addresses, NHS numbers, contact "
                                  "details): the toolkit does not need them, so the column is not read",
                                  "identifying_column", P.COLUMN_NOT_READ))
        synthetic = take_synthetic_marker(item, rec)
        ff = _file_frame(item, rec)
        spec = contract.TABLES[rec.table]
        if not spec.extra_columns_are_items:
            for x in ff.extras:
                probs.append(P.single(item.name, 1, rec.table, x, None,
                                      f"a column of {rec.table} ({', '.join(spec.column_names)})",
                                      "extra_column", P.KEPT))
        probs += rules.run_file_rules(ff, reasons, latest)
        kept = ff.df[~ff.set_aside.to_numpy()]
        children = rules.child_codes(ff)[1] if "CHILD" in spec.column_names else None
        out.append(dict(name=item.name, table=rec.table, rows_read=n_read, sha256=item.sha256,
                        problems=[P.concat(probs)], extras=ff.extras, kept=kept, children=children,
                        synthetic=synthetic, where=item.where))
    return out


def load_dataset(folder, strict: bool = False, column_map=None, escalation_reasons=None,
                 extract_date=None, personal_detail_words=None) -> Dataset:
    """Read, validate and stitch every CSV/XLSX/XML file under FOLDER.

    - ``strict``: any data-quality problem raises `DataError` with the report.
    - ``column_map``: a YAML path (or dict) renaming local columns onto contract names.
    - ``escalation_reasons``: the allowed escalations.REASON codes (default: the contract's).
    - ``extract_date``: the date the data were extracted (ISO text, date or Timestamp); a date
      after it, or before 1900, is an ``implausible_date`` problem. None: the folder's
      extract.yaml ``extract_date``, else today.
    - ``personal_detail_words``: more column-name words never read (added to the column map's
      and to `personal.PERSONAL_DETAIL_WORDS`).

    A missing required table (header, episodes, reviews) raises `DataError` in every mode.
    The result also carries ``load_summary`` (one row per file: table, year, rows read / kept /
    set aside / replaced by a later return, sha256), ``load_stats`` and ``extract`` (the
    folder's extract.yaml and synthetic marker, `load/extract.py`).
    """
    folder = Path(folder)
    if not folder.exists():
        raise DataError(f"data folder {folder} does not exist")
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder; give the folder holding the CSV/XLSX/XML files")
    extract = read_extract_metadata(folder)   # extract.yaml: metadata, never a table
    colmap = load_column_map(column_map)
    # the latest plausible date: the extract date given, else the folder's extract.yaml, else today
    latest = policy.latest_date(extract_date if extract_date is not None else extract.extract_date)
    extra_words = [personal_detail_words] if isinstance(personal_detail_words, str) else personal_detail_words
    words = personal_words(list(colmap.personal_detail_words) + list(extra_words or []))
    reasons = tuple(escalation_reasons) if escalation_reasons else contract.DEFAULT_ESCALATION_REASONS
    paths = discover(folder)
    if not paths:
        raise DataError(f"data folder {folder} holds no files")

    probs: list[pd.DataFrame] = []
    sources: list[SourceFile] = []
    summary: dict[str, dict] = {}
    parts: dict[str, list[Part]] = defaultdict(list)
    extra_columns: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list] = defaultdict(list)  # table -> distinct CHILD values per file
    wheres = {}  # XML tables: per row the element, child and line, for the problems
    names = [path.relative_to(folder).as_posix() for path in paths]
    # One file at a time in this process: worker processes were tried and cost more CPU in
    # moving the frames between processes than they saved (benchmarks/bench_load.py).
    per_file = [process_file(str(p), n, colmap, reasons, latest, words) for p, n in zip(paths, names)]
    order = 0
    for name, results in zip(names, per_file):
        for r in results:
            order += 1
            probs += r["problems"]
            sources.append(SourceFile(r["name"], r["table"], r["rows_read"], r["sha256"]))
            summary[r["name"]] = dict(file=r["name"], table=r["table"], year=None,
                                      rows_read=r["rows_read"], sha256=r["sha256"])
            if r["table"] is None:
                continue
            if r.get("synthetic"):
                extract.marked_files.append(r["name"])
            for x in r["extras"]:
                if x not in extra_columns[r["table"]]:
                    extra_columns[r["table"]].append(x)
            if r.get("where") is not None:
                wheres[r["name"]] = r["where"]
            # an XML return's tables without a main date (header) take its own dated tables' year
            group = name if r.get("where") is not None else str(PurePosixPath(name).parent)
            parts[r["table"]].append(Part(r["name"], group, order, r["kept"]))
            if r["children"] is not None:
                children[r["table"]].append(r["children"])

    resolve_years(parts)
    tables: dict[str, pd.DataFrame] = {}
    stitched_counts: dict[str, int] = {}
    for table, plist in parts.items():
        for p in plist:
            summary[p.name]["year"] = p.year
        df, counts = stitch(table, plist)
        stitched_counts.update(counts)
        tables[table] = df

    missing = [t for t in contract.REQUIRED_TABLES if t not in tables]
    if missing:
        raise DataError(_missing_tables_message(folder, missing, P.concat(probs)))

    overlap_probs, closed = rules.rule_overlap(tables)
    probs += overlap_probs
    probs += rules.rule_before_birth(tables)
    probs += rules.rule_pn_age(tables)
    # cp_conferences.CHILD is a CIN child (LAchildID), not checked against the 903 header
    probs += rules.rule_child_not_in_header(
        {t: df for t, df in tables.items() if contract.TABLES[t].part in ("903", "iro")}, children)
    probs += cin_rules.run_cin_rules(tables)

    tables = {t: _finalise(t, df) for t, df in tables.items()}
    probs += matching.rule_unmatched_record(tables)
    problems = P.concat(probs)
    load_summary = _summary(summary, problems, stitched_counts)
    empty_tables = tuple(t for t in contract.TABLES if t in tables and tables[t].empty)
    problems = P.concat([problems, _empty_files(load_summary, empty_tables)])
    if wheres and len(problems):
        problems = locate(problems, wheres)
    if len(problems):
        problems = problems.sort_values(["file", "row"], kind="stable", na_position="first").reset_index(drop=True)

    ds = Dataset(tables=tables, problems=problems, files=sources, source=str(folder),
                 extra_columns={k: v for k, v in extra_columns.items() if v},
                 empty_tables=empty_tables)
    ds.load_summary = load_summary
    ds.extract = extract
    ds.load_stats = {f"{t} left open and closed at the next start": n for t, n in closed.items()}
    if strict and len(problems):
        raise DataError(f"strict mode: {len(problems)} data-quality problem(s) in {folder}\n"
                        + P.format_problems(problems, limit=5))
    return ds


def _summary(summary, problems, stitched_counts) -> pd.DataFrame:
    # rows kept = read - set aside - replaced by a later return (tests check this against the
    # tables' own _file counts, so nothing can go missing unnoticed)
    aside = problems[problems["action"] == P.ROW_SET_ASIDE].drop_duplicates(["file", "row"])["file"].value_counts() \
        if len(problems) else pd.Series(dtype=int)
    rows = []
    for name, s in summary.items():
        a, st = int(aside.get(name, 0)), int(stitched_counts.get(name, 0))
        kept = s["rows_read"] - a - st if s["table"] is not None else 0
        rows.append(dict(file=name, table=s["table"], year=s["year"], rows_read=s["rows_read"],
                         rows_kept=kept, rows_set_aside=a, rows_stitched=st, sha256=s["sha256"]))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _empty_files(load_summary: pd.DataFrame, empty_tables) -> pd.DataFrame:
    """Rule ``empty_table``: a file recognised as a table that holds no data rows, or whose
    every row was set aside - an export that came out empty must never read as a zero. Reported
    for every file of a table left empty, and for any such file of a required table (one empty
    year of the core return); an optional 903 table may have an empty year (no adoptions)."""
    s = load_summary[load_summary["table"].notna()]
    s = s[((s["rows_read"] == 0) | (s["rows_set_aside"] == s["rows_read"]))
          & (s["table"].isin(empty_tables) | s["table"].isin(contract.REQUIRED_TABLES))]
    rows = []
    for r in s.itertuples(index=False):
        if r.rows_read == 0:
            what = "data rows (the file has only its header row)"
        else:
            what = f"usable rows (all {r.rows_read} rows were set aside)"
        if r.table in empty_tables:
            what += f"; the {r.table} table is empty"
        rows.append(P.single(r.file, None, r.table, None, None, what, "empty_table", P.KEPT))
    return P.concat(rows)


def _missing_tables_message(folder, missing, problems) -> str:
    lines = [f"required table(s) {', '.join(missing)} not found in {folder}: "
             f"the toolkit needs header, episodes and reviews. A table is recognised by its columns:"]
    for t in missing:
        lines.append(f"  {t}: {', '.join(contract.TABLES[t].column_names)}")
    file_probs = problems[problems["action"] == P.FILE_SET_ASIDE] if len(problems) else problems
    if len(file_probs):
        lines.append("Files set aside:")
        for r in file_probs.itertuples(index=False):
            lines.append(f"  {r.expected}")
    return "\n".join(lines)

"""The synthetic local authority in the form a case-management system exports it: the SSDA903
return as DfE XML, one file per collection year (``ssda903_2024.xml``, root ``EXPSSDA903``), and
the IRO service tables as XLSX workbooks (``review_records.xlsx`` ...), the CIN census as DfE XML
one file per year (``cin_census_2024.xml``, root ``Message``) and ``cp_conferences.xlsx``.

    from iro_audit.synth.xml import generate_xml
    summary = generate_xml("/tmp/la", children=500, years=5, seed=1)   # {table: rows written}

The data are those of `synth.generate` with the same arguments, so the two forms load into
identical tables. `write_903_xml` writes any set of 903 tables (a year's return) as one file.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from ..contract import TABLES, TABLES_903, TABLES_IRO
from ..load.extract import SYNTHETIC_AUTHORITY, SYNTHETIC_SOURCE, write_extract_metadata
from .authority import _Synth
from .cin_xml import write_cin_xml
from .common import DEFAULT_END, _as_dt
from .writer import _write_xlsx, prepare_folder, progress_log
from .writer import is_own_file as _csv_own_file

OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
# table -> nested element inside HEADER (reviews ... ) or beside it (EPISODE, SW_EPISODE)
IN_HEADER = (("reviews", "AREVIEW"), ("missing", "AMISSING"))
IN_HEADER_AFTER = (("previous_permanence", "PERMANENCE"), ("oc2", "OC2"),
                   ("placed_for_adoption", "AD_PLACED"))
BESIDE = (("episodes", "EPISODE"), ("sw_episodes", "SW_EPISODE"))
TAG = {"CHILD": "CHILDID", "PLACE": "PL"}


def is_own_file(name: str) -> bool:
    """Whether a file name is one `generate_xml` writes."""
    return re.fullmatch(r"(ssda903|cin_census)_\d{4}\.xml|(%s|cp_conferences)\.xlsx" % "|".join(TABLES_IRO),
                        name) is not None


def remove_own_files(out_dir) -> None:
    """Remove the files an earlier `generate_xml` wrote into OUT_DIR (if it exists)."""
    out = Path(out_dir)
    if out.is_dir():
        for old in sorted(out.iterdir()):
            if old.is_file() and is_own_file(old.name) and not _csv_own_file(old.name):
                old.unlink()


def _el(tag: str, v) -> str:
    if v is None or v == "" or (isinstance(v, float) and np.isnan(v)):
        return f"<{tag} />"
    return f"<{tag}>{escape(str(v))}</{tag}>"


def _rows_by_child(df: pd.DataFrame, table: str) -> dict:
    """CHILD -> list of that child's rows (tuples of the table's columns after CHILD)."""
    cols = [c for c in TABLES[table].column_names if c != "CHILD"]
    child = df["CHILD"].to_numpy(dtype=object)
    vals = list(zip(*(df[c].to_numpy(dtype=object) for c in cols))) if len(df) else []
    out: dict = {}
    for k, row in zip(child, vals):
        out.setdefault(k, []).append(row)
    return out


def write_903_xml(tables: dict[str, pd.DataFrame], path) -> None:
    """Write one 903 return (TABLES: 903 table name -> frame of text) as DfE XML. Child items
    (SEX, DOB ...) come from the header table; a child of another table needs a header row."""
    by = {t: _rows_by_child(df, t) for t, df in tables.items() if t in TABLES_903 and t != "header"}
    head = tables["header"]
    hcols = [c for c in TABLES["header"].column_names if c != "CHILD"]
    header = _rows_by_child(head, "header")
    for t, rows in by.items():
        missing = set(rows) - set(header)
        if missing:
            raise ValueError(f"{t}: child {sorted(missing)[0]} has no header row")
    twice = [k for k, rows in header.items() if len(rows) > 1]
    if twice:
        raise ValueError(f"header: child {twice[0]} has {len(header[twice[0]])} rows; the XML holds one")
    for t in ("uasc", "oc3", "ad1"):  # header items in the XML: one row per child
        many = [k for k, rows in by.get(t, {}).items() if len(rows) > 1]
        if many:
            raise ValueError(f"{t}: child {many[0]} has {len(by[t][many[0]])} rows; the XML holds one")
    tags = {t: [TAG.get(c, c) for c in TABLES[t].column_names if c not in ("CHILD", "DOB")]
            for t in TABLES_903}
    skip = {t: (1 if "DOB" in TABLES[t].column_names else 0) for t in TABLES_903}  # DOB after CHILD

    def nested(t, el, k, out):
        for row in by.get(t, {}).get(k, ()):
            out.append(f"<{el}>" + "".join(_el(g, v) for g, v in zip(tags[t], row[skip[t]:])) + f"</{el}>")

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>\n")
        buf = []
        for k, (h,) in header.items():  # one row each (checked above)
            d = dict(zip(hcols, h))
            out = ["<CHILD>\n<HEADER>", _el("CHILDID", k)]
            out += [_el(c, d[c]) for c in ("UPN", "SEX", "DOB", "ETHNIC")]
            u = by.get("uasc", {}).get(k)
            out += ["<UASC>1</UASC>", _el("DUC", u[0][-1])] if u else ["<UASC />"]
            for t, items in (("oc3", OC3_ITEMS), ("ad1", AD1_ITEMS)):
                r = by.get(t, {}).get(k)
                if r:
                    out += [_el(g, v) for g, v in zip(items, r[0][1:])]
            for t, el in IN_HEADER:
                nested(t, el, k, out)
            out += [_el("MOTHER", d["MOTHER"]), _el("MC_DOB", d["MC_DOB"])]
            for t, el in IN_HEADER_AFTER:
                nested(t, el, k, out)
            out.append("</HEADER>\n")
            for t, el in BESIDE:
                rows = []
                nested(t, el, k, rows)
                out += [r + "\n" for r in rows]
            out.append("</CHILD>\n")
            buf.append("".join(out))
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))
        f.write("</EXPSSDA903>\n")


def generate_xml(out_dir, children: int = 500, years: int = 5, seed: int = 1, end=None,
                 progress: bool | None = None, iro: bool = True) -> dict:
    """Write the synthetic authority of `synth.generate` (same arguments, same data) as a case-
    management export: ``ssda903_<year>.xml`` per collection year and ``<table>.xlsx`` per IRO
    service table (IRO false: the 903 return only, for benchmarks). Files of an earlier synthetic
    run in OUT_DIR (either form) are replaced."""
    log = progress_log(children, progress)
    out = prepare_folder(out_dir, _csv_own_file, is_own_file)
    s = _Synth(children, years, seed, end or DEFAULT_END)
    log(f"building {children} children x {years} years (seed {seed})")
    s.build()
    summary: dict[str, int] = {name: 0 for name in TABLES_903}
    year: dict[str, pd.DataFrame] = {}
    for name, y, df in s._year_tables():
        year[name] = df
        summary[name] += len(df)
        if name == "header":  # the last table of each year
            write_903_xml(year, out / f"ssda903_{y}.xml")
            log(f"ssda903_{y}.xml: {sum(len(d) for d in year.values())} rows")
            year = {}
    for name, df in (s._iro_tables() if iro else ()):
        cols = list(TABLES[name].column_names)
        df = df[cols + [c for c in df.columns if c not in cols]]
        _write_xlsx(df, out / f"{name}.xlsx", name)
        summary[name] = len(df)
        log(f"{name}.xlsx: {len(df)} rows")
    if iro:  # the CIN census, one return per year, and the unit's conference records
        year = {}
        for name, y, df in s._cin_year_tables():
            year[name] = df
            summary[name] = summary.get(name, 0) + len(df)
            if name == "cp_reviews":  # the last table of each year
                write_cin_xml(year, out / f"cin_census_{y}.xml", y)
                log(f"cin_census_{y}.xml: {sum(len(d) for d in year.values())} rows")
                year = {}
        df = s._cp_conference_table()
        _write_xlsx(df, out / "cp_conferences.xlsx", "cp_conferences")
        summary["cp_conferences"] = len(df)
    _mark_synthetic(out, s, children, years, seed)
    return summary


def _mark_synthetic(out: Path, s, children: int, years: int, seed: int) -> None:
    """The folder's extract.yaml saying the data are synthetic, as `synth.generate` writes it,
    where this version of the loader reads one (`load/extract.py`, from the run-folder work)."""
    write_extract_metadata(out, extract_date=pd.Timestamp(_as_dt([s.end])[0]).date(),
                           authority=SYNTHETIC_AUTHORITY, source=SYNTHETIC_SOURCE,
                           notes=f"Made by iro-audit synth --format xml: {children} children, "
                                 f"{years} years, seed {seed}. No real child is described.")

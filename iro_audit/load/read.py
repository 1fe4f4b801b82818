"""Reading a folder of CSV, XLSX and XML files into raw text tables.

Every cell is read as text (so leading zeros in IDs survive); blanks become missing. Each raw
table keeps, per data row, its spreadsheet row number (header = row 1 for CSV; the sheet's own
row number for XLSX). A file that cannot be read becomes a `Unreadable` with a plain message,
never an exception. An XML file (recognised by its content, whatever its name) is read by
`xml_read` into one raw table per table of the return, already named by the contract.
"""
from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import xml_read
from .parse import blank as blank_cells

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
XML_SUFFIXES = (".xml",)


@dataclass
class RawTable:
    """One sheet or CSV file: header as written, and every data row as text."""

    name: str  # file name relative to the data folder, with "[sheet]" for XLSX
    path: str  # the file on disk
    header: list[str]  # column names as written (trimmed)
    data: pd.DataFrame  # columns 0..n-1 (positions), all str or missing; index = spreadsheet row
    sha256: str
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, message, action)
    # What a byte-level scan says the cells may need (False = certainly not: skip the work)
    may_need_strip: bool = True  # a space or tab at some cell's edge may need trimming
    may_have_point_zero: bool = True  # ".0" somewhere ("1.0" from a spreadsheet)
    # XML only: the contract table it is (no recognising by columns), and per row the element,
    # child ID and line (`xml_read.Where`); the index then counts the table's elements
    table: str | None = None
    where: object = None


@dataclass
class Unreadable:
    name: str
    path: str
    message: str
    sha256: str = ""


def sha256_of(path: Path) -> str:
    return scan(path)[0]


def _flags_of(chunk: bytes) -> tuple[bool, bool]:
    """(may need trimming, may hold "1.0") for one chunk of a file, with numpy over the bytes:
    a space or tab next to a comma, quote or line end, or a tab anywhere; a "." before a "0"."""
    a = np.frombuffer(chunk, dtype=np.uint8)
    if len(a) < 2:
        return bool(len(a) and a[0] in (9, 32)), False
    tab = bool((a == 9).any())
    space = a == 32
    strip = tab
    if not strip and space.any():
        edge = (a == 44) | (a == 10) | (a == 13) | (a == 34)
        strip = bool((space[1:] & edge[:-1]).any() or (space[:-1] & edge[1:]).any())
    dot = a[:-1] == 46
    pz = bool(dot.any() and (dot & (a[1:] == 48)).any())
    return strip, pz


def scan(path: Path) -> tuple[str, dict[str, bool]]:
    """One pass over the bytes: sha256, and whether any cell may need trimming or may hold a
    "1.0"-style number, so that column-by-column work can be skipped when not."""
    h = hashlib.sha256()
    flags = {"strip": False, "point_zero": False}
    prev = b"\n"
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
            if not (flags["strip"] and flags["point_zero"]):
                strip, pz = _flags_of(prev + block)
                flags["strip"] |= strip
                flags["point_zero"] |= pz
            prev = block[-1:]
    if prev in (b" ", b"\t"):
        flags["strip"] = True  # a space at the very end of the file
    return h.hexdigest(), flags


def discover(folder: Path) -> list[Path]:
    """Every file under FOLDER (sub-folders included, e.g. one per year), in name order.
    Hidden files (".DS_Store", ".gitkeep") and the folder's own `extract.yaml` (metadata, read
    by `load/extract.py`) are skipped."""
    from .extract import EXTRACT_FILE

    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or rel.as_posix() == EXTRACT_FILE:
            continue
        if p.is_file():
            out.append(p)
    return out


def read_file(path: Path, name: str) -> list[RawTable | Unreadable]:
    """Read one file: a CSV gives one table, an XLSX one per non-empty sheet, a DfE XML return
    one per table it holds."""
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES and suffix != ".xls":
        try:
            with open(path, "rb") as f:
                head = f.read(xml_read.HEAD_BYTES)
        except OSError as e:
            return [Unreadable(name, str(path), f"cannot be opened ({e.strerror or e})")]
        if suffix in XML_SUFFIXES or (head and xml_read.looks_like_xml(head)):
            return xml_read.read_xml(path, name, head)
    try:
        digest, flags = scan(path)
    except OSError as e:
        return [Unreadable(name, str(path), f"cannot be opened ({e.strerror or e})")]
    if name.split("/")[-1].startswith("~$"):
        return [Unreadable(name, str(path), "is an Excel lock file (the workbook is open in Excel); "
                                            "close Excel and remove it", digest)]
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path, name, digest, flags)]
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, name, digest)
    if suffix == ".xls":
        msg = "is an old-style Excel .xls file; save it as .xlsx or .csv"
    else:
        msg = (f"is not a CSV, XLSX or XML file ({suffix or 'no extension'}); only .csv, .xlsx and "
               "DfE XML returns are read")
    return [Unreadable(name, str(path), msg, digest)]


def _drop_blank_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Fully blank lines are not rows (checked from the first column, so it costs nothing
    when the first column is always filled)."""
    if not len(df):
        return df
    blank = np.array(blank_cells(df[df.columns[0]]), dtype=bool)
    for c in df.columns[1:]:
        if not blank.any():
            return df
        blank &= blank_cells(df[c])
    return df[~blank] if blank.any() else df


def _read_csv(path: Path, name: str, digest: str, flags: dict) -> RawTable | Unreadable:
    if path.stat().st_size == 0:
        return Unreadable(name, str(path), "is empty (0 bytes)", digest)
    try:
        return _read_csv_as(path, name, digest, flags, "utf-8-sig", [])
    except UnicodeDecodeError:
        return _read_csv_as(path, name, digest, flags, "cp1252",
                            [("encoding", "is not UTF-8; read as Windows-1252 (cp1252)", "kept")])


def _read_csv_as(path, name, digest, flags, encoding, notes) -> RawTable | Unreadable:
    with open(path, encoding=encoding, errors="strict" if encoding != "cp1252" else "replace",
              newline="") as f:
        first = f.read(1 << 16)
    if not first.strip():
        return Unreadable(name, str(path), "is empty (no header row)", digest)
    if "\x00" in first:
        return Unreadable(name, str(path), "is not a text CSV file (binary content)", digest)
    first_line = first.splitlines()[0] if first.splitlines() else ""
    sep = ","
    if "," not in first_line:
        for cand in (";", "\t", "|"):
            if cand in first_line:
                sep = cand
                break
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=sep))
    except (csv.Error, StopIteration) as e:
        return Unreadable(name, str(path), f"has an unreadable header row ({e})", digest)
    header = [h.strip() for h in header]
    while header and header[-1] == "":
        header.pop()  # trailing commas after the last column
    if not header:
        return Unreadable(name, str(path), "is empty (no header row)", digest)
    n = len(header)
    try:
        df = pd.read_csv(
            path, sep=sep, header=None, skiprows=1, names=list(range(n)), usecols=range(n),
            # object, not str: a fifth quicker to read; columns become str once parsed or in
            # the loader's last step
            dtype=object, keep_default_na=False, na_values=[""], skip_blank_lines=False,
            encoding=encoding, encoding_errors="strict" if encoding != "cp1252" else "replace",
            index_col=False, engine="c",
        )
    except pd.errors.EmptyDataError:
        df = pd.DataFrame({i: pd.Series(dtype="str") for i in range(n)})
    except (pd.errors.ParserError, ValueError) as e:
        msg = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        return Unreadable(name, str(path), f"cannot be read as CSV ({msg})", digest)
    df.index = pd.RangeIndex(2, 2 + len(df))  # spreadsheet row numbers: header is row 1
    strip = flags["strip"] or sep != ","
    df = _drop_blank_rows(df)
    return RawTable(name, str(path), header, df, digest, notes, may_need_strip=strip,
                    may_have_point_zero=flags["point_zero"] or encoding == "cp1252")


def _cell_text(v):
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return repr(v)
    return str(v)


def _read_xlsx(path: Path, name: str, digest: str) -> list[RawTable | Unreadable]:
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure here means "not a readable workbook"
        return [Unreadable(name, str(path), f"cannot be opened as an XLSX workbook ({type(e).__name__}: {e})",
                           digest)]
    out: list[RawTable | Unreadable] = []
    try:
        for ws in wb.worksheets:
            sheet_name = f"{name}[{ws.title}]"
            header = None
            rows, numbers = [], []
            for r_idx, values in enumerate(ws.iter_rows(values_only=True), start=1):
                texts = [_cell_text(v) for v in values]
                texts = [t.strip() if isinstance(t, str) else t for t in texts]
                texts = [None if t == "" else t for t in texts]
                if header is None:
                    if any(t is not None for t in texts):
                        header = ["" if t is None else str(t) for t in texts]
                    continue
                if any(t is not None for t in texts):
                    rows.append(texts)
                    numbers.append(r_idx)
            if header is None:
                continue  # an empty sheet is not a table
            while header and header[-1] == "":
                header.pop()
            n = len(header)
            rows = [(r + [None] * n)[:n] for r in rows]
            df = pd.DataFrame(rows, columns=list(range(n)), dtype="str") if rows else \
                pd.DataFrame({i: pd.Series(dtype="str") for i in range(n)})
            df.index = pd.Index(np.array(numbers, dtype=np.int64))
            df = df[df.notna().any(axis=1)] if len(df) else df
            out.append(RawTable(sheet_name, str(path), header, df, digest))
    finally:
        wb.close()
    if not out:
        out.append(Unreadable(name, str(path), "is an empty workbook (no sheet has a header row)", digest))
    return out

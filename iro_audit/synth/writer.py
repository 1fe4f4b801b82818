"""Writing the synthetic authority: CSV and XLSX files whose bytes depend only on their content,
the SYNTHETIC marker and extract.yaml, and `generate`."""
from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..contract import TABLES, TABLES_903, TABLES_CIN, TABLES_CP, TABLES_IRO
from ..load.extract import (EXTRACT_FILE, SYNTHETIC_AUTHORITY, SYNTHETIC_COLUMN, SYNTHETIC_SOURCE,
                            SYNTHETIC_VALUE, write_extract_metadata)
from .common import _as_dt


TEXT_COLUMNS = frozenset(c.name for t in TABLES.values() for c in t.columns if c.kind == "text")


def _frame(columns: dict) -> pd.DataFrame:
    """A frame of text columns kept as plain object arrays (no string-dtype inference)."""
    return pd.DataFrame({k: np.asarray(v, dtype=object) for k, v in columns.items()}, dtype=object)


def _peak_memory() -> str:
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return f", peak {kb / 1024 ** 2:.1f} GB" if sys.platform != "darwin" else ""
    except ImportError:  # Windows
        return ""


def _write_csv(df: pd.DataFrame, path: Path):
    """Write text columns as CSV (UTF-8, \\n line ends, quoted only where needed).

    Several times faster than DataFrame.to_csv for millions of rows of short strings."""
    cols = [df[c].to_numpy(dtype=object) for c in df.columns]
    cols = [c if len(c) == 0 or isinstance(c[0], str) else c.astype(str).astype(object) for c in cols]
    # IDs, dates and codes never hold a comma or quote; check the free-text columns in full
    text = [i for i, c in enumerate(df.columns) if c in TEXT_COLUMNS]
    blob = "\x00".join("\x00".join(map(str, pd.unique(cols[i]))) for i in text)
    if any(ch in blob for ch in ',"\n\r'):
        df.to_csv(path, index=False, lineterminator="\n")
        return
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(df.columns) + "\n")
        n = len(df)
        step = 1 << 18
        for i in range(0, n, step):
            chunk = [c[i:i + step] for c in cols]
            f.write("\n".join(map(",".join, zip(*chunk))) + "\n")


def _write_xlsx(df: pd.DataFrame, path: Path, sheet: str):
    """An XLSX whose bytes depend only on its content (fixed timestamps)."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in row])
    fixed = dt.datetime(2020, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time into docProps/core.xml and every zip entry: replace both
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                              rb"<dcterms:modified\1>2020-01-01T00:00:00Z</dcterms:modified>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)
    path.write_bytes(out.getvalue())


def is_own_file(name: str) -> bool:
    """Whether a file name is one `generate` writes (``episodes_2024.csv``, ``iros.xlsx``,
    ``extract.yaml`` ...)."""
    import re

    return (name == EXTRACT_FILE
            or re.fullmatch(r"(%s)(_\d{4})?\.(csv|xlsx)" % "|".join(TABLES), name) is not None)


def progress_log(children: int, progress: bool | None):
    """A function printing a timed step line to stderr when PROGRESS (default: for 20,000
    children or more), silent otherwise."""
    t0 = time.time()
    if progress is None:
        progress = children >= 20000

    def log(msg):
        if progress:
            print(f"[{time.time() - t0:6.1f}s{_peak_memory()}] {msg}", file=sys.stderr, flush=True)
    return log


def prepare_folder(out_dir, *own) -> Path:
    """OUT_DIR, made if missing, with the files an earlier synthetic run wrote there removed
    (another --years or --end would leave stale years behind): those any of OWN names."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.iterdir()):
        if old.is_file() and any(f(old.name) for f in own):
            old.unlink()
    return out


def generate(out_dir, children: int = 500, years: int = 5, seed: int = 1, end=None,
             progress: bool | None = None) -> dict:
    """Write a synthetic local authority's data into OUT_DIR; return rows written per table.

    CHILDREN is roughly the number looked after at any one time; YEARS collection years end at END
    (default 31 March 2026). The same arguments always give the same files, byte for byte.
    PROGRESS prints a line per step to stderr (default: for 20,000 children or more). Files of
    an earlier run in OUT_DIR (``<table>_<year>.csv``, ``<table>.csv``, ``iros.xlsx``) are
    replaced; nothing else there is touched."""
    log = progress_log(children, progress)
    out = prepare_folder(out_dir, is_own_file)
    from .authority import _Synth

    s = _Synth(children, years, seed, end)
    log(f"building {children} children x {years} years (seed {seed})")
    s.build()
    log(f"built {len(s.P['start'])} periods of care, {len(s.E['pid'])} episodes, {len(s.R['pid'])} reviews")
    summary: dict[str, int] = {name: 0 for name in TABLES_903}
    year_rows = 0
    for name, y, df in s._year_tables():
        df = df[list(TABLES[name].column_names)]
        if name == "header":  # the synthetic marker (load/extract.py): every row says it
            df = df.assign(**{SYNTHETIC_COLUMN: SYNTHETIC_VALUE})
        _write_csv(df, out / f"{name}_{y}.csv")
        summary[name] += len(df)
        year_rows += len(df)
        if name == "header":  # the last table of each year
            log(f"SSDA903 tables for {y - 1}-{str(y)[2:]}: {year_rows} rows in {len(TABLES_903)} files")
            year_rows = 0
    for name, df in s._iro_tables():
        cols = list(TABLES[name].column_names)
        extra = [c for c in df.columns if c not in cols]
        df = df[cols + extra]
        if name == "iros":
            _write_xlsx(df, out / "iros.xlsx", "iros")
        else:
            _write_csv(df, out / f"{name}.csv")
        summary[name] = len(df)
        log(f"{name}: {len(df)} rows")
    for name in TABLES_CIN:
        summary[name] = 0
    for name, y, df in s._cin_year_tables():
        _write_csv(df, out / f"{name}_{y}.csv")
        summary[name] += len(df)
    df = s._cp_conference_table()
    _write_csv(df, out / "cp_conferences.csv")
    summary["cp_conferences"] = len(df)
    log(f"CIN census tables and conference records: {sum(summary[t] for t in TABLES_CP)} rows")
    assert set(summary) == set(TABLES_903) | set(TABLES_IRO) | set(TABLES_CP)
    write_extract_metadata(out, extract_date=pd.Timestamp(_as_dt([s.end])[0]).date(),
                           authority=SYNTHETIC_AUTHORITY, source=SYNTHETIC_SOURCE,
                           notes=f"Made by iro-audit synth: {children} children, {years} years, "
                                 f"seed {seed}. No real child is described.")
    log("done")
    return summary


"""A data folder that describes itself: `extract.yaml`, and the synthetic-data marker.

An optional `extract.yaml` at the top of a data folder says what the folder holds::

    extract_date: 2026-04-03          # the day the data were extracted (YYYY-MM-DD)
    authority: Anyshire County Council
    source: Mosaic                    # the case management system; "synthetic" for made-up data
    notes: Re-extracted after the March data cleanse.

Every key is optional; any other key, or an extract_date that is not a date, is an error
naming the file and the key. The loader reads it as metadata (never as a table) into
`ds.extract`; metrics and reports use its `extract_date` unless a parameter gives one.

Synthetic data say what they are in two ways (`iro-audit synth` writes both):
1. `source: synthetic` in extract.yaml (the primary marker);
2. a column `SYNTHETIC` holding `Y` in the synthetic `header` files, so that a synthetic folder
   whose extract.yaml was lost (the CSVs copied elsewhere) is still caught. The loader takes the
   column as the marker, not as data: it is neither kept nor reported as an extra column.
Either one makes `ds.synthetic` true, and every report made from the data carries a
"synthetic data" banner. Nothing is judged from the folder's name or the IDs' pattern.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..dataset import Extract
from ..errors import DataError

EXTRACT_FILE = "extract.yaml"
KEYS = ("extract_date", "authority", "source", "notes")
SYNTHETIC_SOURCE = "synthetic"
SYNTHETIC_AUTHORITY = "Synthetic authority (no real children)"
#: The marker column of synthetic table files, and the value that marks a row.
SYNTHETIC_COLUMN = "SYNTHETIC"
SYNTHETIC_VALUE = "Y"

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad one (2026-02-30) gets our message."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def extract_path(folder) -> Path:
    return Path(folder) / EXTRACT_FILE


def _date(value, path: Path) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise DataError(f"{path}: extract_date {value} is a date and time; write the date only, "
                        "YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DataError(f"{path}: extract_date {value!r} is not a date; write it as YYYY-MM-DD "
                    "(e.g. extract_date: 2026-04-03)")


def _text(key, value, path: Path) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise DataError(f"{path}: {key} must be text, not {type(value).__name__} {value!r}")
    text = str(value).strip()
    return text or None


def read_extract_metadata(folder) -> Extract:
    """FOLDER's extract.yaml as an `Extract` (an empty one when there is no such file).
    Raises DataError naming the file and key for an unknown key or a bad date."""
    path = extract_path(folder)
    if not path.is_file():
        return Extract()
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise DataError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot be read ({e})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected key: value lines ({', '.join(KEYS)})")
    for key in data:
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise DataError(f"{path}: unknown key '{key}' (the keys are {', '.join(KEYS)}){hint}")
    return Extract(file=str(path), extract_date=_date(data.get("extract_date"), path),
                   authority=_text("authority", data.get("authority"), path),
                   source=_text("source", data.get("source"), path),
                   notes=_text("notes", data.get("notes"), path))


def write_extract_metadata(folder, *, extract_date=None, authority=None, source=None,
                           notes=None) -> Path:
    """Write FOLDER/extract.yaml with the keys given (None leaves a key out)."""
    if isinstance(extract_date, dt.datetime):       # a pandas Timestamp is one too
        extract_date = extract_date.date()
    values = {"extract_date": _date(extract_date, extract_path(folder)),
              "authority": authority, "source": source, "notes": notes}
    lines = ["# What this data folder holds (read by iro-audit; see `iro-audit check`)."]
    for k, v in values.items():
        if v is not None:
            lines.append(yaml.safe_dump({k: v}, default_flow_style=False, allow_unicode=True,
                                        width=1000).strip())
    path = extract_path(folder)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def take_synthetic_marker(raw, rec) -> bool:
    """Whether table file RAW carries the synthetic marker (a `SYNTHETIC` column with `Y` on a
    row). The column is taken out of REC's extra columns either way: it is the marker, not data."""
    found = False
    for pos, name in list(rec.extras.items()):
        if str(name).strip().upper() == SYNTHETIC_COLUMN:
            del rec.extras[pos]
            values = raw.data[pos].dropna().astype(str).str.strip().str.upper()
            found = found or bool((values == SYNTHETIC_VALUE).any())
    return found


def folder_says_synthetic(folder) -> bool:
    """Whether FOLDER holds synthetic data, without loading it: its extract.yaml says
    `source: synthetic`, or a CSV file's first line has the marker column. (For a page whose
    report failed before it could load the data; a loaded Dataset says `ds.synthetic`.)"""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    try:
        if read_extract_metadata(folder).synthetic:
            return True
    except DataError:
        pass
    for csv in sorted(folder.rglob("*.csv")):
        try:
            with open(csv, encoding="utf-8-sig", errors="replace") as f:
                first = f.readline()
        except OSError:
            continue
        if SYNTHETIC_COLUMN in (c.strip().strip('"').upper() for c in first.split(",")):
            return True
    return False


def describe(extract: Extract) -> list[tuple[str, str]]:
    """(label, text) lines for `iro-audit check` and provenance blocks."""
    if extract.file is None and not extract.marked_files:
        return [("Extract", f"no {EXTRACT_FILE} in the data folder")]
    out = []
    if extract.synthetic:
        why = []
        if (extract.source or "").lower() == SYNTHETIC_SOURCE:
            why.append(f"{EXTRACT_FILE} says source: synthetic")
        if extract.marked_files:
            why.append("marked in " + ", ".join(extract.marked_files[:3])
                       + (" ..." if len(extract.marked_files) > 3 else ""))
        out.append(("Synthetic data", "yes: no real children (" + "; ".join(why) + ")"))
    if extract.file is not None:
        out.append(("Extract date", extract.extract_date.isoformat() if extract.extract_date
                    else "not given"))
        for label, v in (("Authority", extract.authority), ("Source", extract.source),
                         ("Notes", extract.notes)):
            if v:
                out.append((label, v))
    else:
        out.append(("Extract", f"no {EXTRACT_FILE} in the data folder"))
    return out

"""Column maps: rename a local case-management export's columns onto contract names.

A map is a YAML file (see ``parameters/column_maps/liquidlogic_style.yaml``)::

    description: what export this map is for
    columns:            # renames tried for every file
      Person ID: CHILD
    tables:             # renames tried only when recognising a file as that table
      episodes:
        Start Date: DECOM
    personal_detail_words: [Carer, Sibling]   # more column-name words never read (personal.py)

Local names and targets are matched case-insensitively after trimming; targets must be
contract column names (of that table, for a per-table entry). A map is applied before tables are recognised.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import contract
from ..errors import ParameterError
from .personal import personal_words


def norm(name) -> str:
    return str(name).strip().upper()


@dataclass
class ColumnMap:
    columns: dict[str, str] = field(default_factory=dict)  # NORMALISED local name -> contract name
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    source: str = ""
    personal_detail_words: tuple[str, ...] = ()  # added to personal.PERSONAL_DETAIL_WORDS

    def for_table(self, table: str) -> dict[str, str]:
        m = dict(self.columns)
        m.update(self.tables.get(table, {}))
        return m

    def __bool__(self) -> bool:
        return bool(self.columns or self.tables or self.personal_detail_words)


ALL_COLUMNS = {c.name for t in contract.TABLES.values() for c in t.columns}


def _entries(raw, where: str, allowed: set[str], source: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ParameterError(f"column map {source}: '{where}' must map local column names to "
                             f"contract names")
    out = {}
    allowed_norm = {norm(a) for a in allowed}  # "LAchildID" is matched in any case
    for local, target in raw.items():
        t = norm(target)
        if t not in allowed_norm:
            import difflib

            close = difflib.get_close_matches(t, sorted(allowed_norm), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ParameterError(f"column map {source}: '{local}: {target}' in {where}: "
                                 f"{target} is not a contract column{hint}")
        out[norm(local)] = t
    return out


def load_column_map(spec) -> ColumnMap:
    """A ColumnMap from a path to a YAML file, a dict of that shape, a ColumnMap, or None."""
    if spec is None:
        return ColumnMap()
    if isinstance(spec, ColumnMap):
        return spec
    source = "(dict)"
    if isinstance(spec, (str, Path)):
        path = Path(spec)
        source = str(path)
        if not path.is_file():
            raise ParameterError(f"column map {path} does not exist")
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except yaml.YAMLError as e:
            raise ParameterError(f"column map {path} is not valid YAML: {e}") from None
    if not isinstance(spec, dict):
        raise ParameterError(f"column map {source} must be a mapping with 'columns' and/or 'tables'")
    unknown = set(spec) - {"description", "columns", "tables", "personal_detail_words"}
    if unknown:
        raise ParameterError(f"column map {source}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                             f"expected description, columns, tables, personal_detail_words")
    words = spec.get("personal_detail_words") or []
    if isinstance(words, str) or not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ParameterError(f"column map {source}: personal_detail_words must be a list of words, "
                             f"e.g. [Carer, Sibling]")
    columns = _entries(spec.get("columns"), "columns", ALL_COLUMNS, source)
    tables = {}
    for tname, entries in (spec.get("tables") or {}).items():
        if tname not in contract.TABLES:
            raise ParameterError(f"column map {source}: unknown table '{tname}' under tables; "
                                 f"tables are {', '.join(contract.TABLES)}")
        tables[tname] = _entries(entries, f"tables.{tname}",
                                 set(contract.TABLES[tname].column_names), source)
    personal_words(words)  # a word too short to match safely is an error now, not later
    return ColumnMap(columns, tables, source, tuple(words))

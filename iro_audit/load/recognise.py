"""Recognising which contract table a file is, by its columns.

A file is the table all of whose contract columns it holds (after trimming and the column map,
in any case: the DfE's "LAchildID" matches "LACHILDID"); when several fit, the most specific
(most contract columns) wins; a file that fits none, or two equally, is not used and the
message names the nearest table and what it lacks ("did you mean ...?" for misspelt columns).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .. import contract
from .colmap import ColumnMap, norm
from .personal import PERSONAL_DETAIL_WORDS, is_personal


@dataclass
class Recognised:
    table: str
    names: dict[int, str]  # position -> contract column name (first occurrence only)
    extras: dict[int, str]  # position -> column name as written (not a contract column)
    identifying: dict[int, str] = field(default_factory=dict)  # not read: see below


# Personal details the toolkit never needs (`personal.py`): such a column is not read at all.
IDENTIFYING_WORDS = PERSONAL_DETAIL_WORDS


def is_identifying(header: str, words: frozenset[str] = PERSONAL_DETAIL_WORDS) -> bool:
    """Whether a column (not a contract column) names a child's or family's personal details."""
    return is_personal(header, words)


class NotRecognised(Exception):
    def __init__(self, message: str, rule: str):
        super().__init__(message)
        self.rule = rule


def _names_for(header: list[str], mapping: dict[str, str], table: contract.Table) -> list[str]:
    """Each header as the TABLE's contract column it names (the column map first, then any
    case: "lachildid" is LAchildID), else trimmed and upper-cased."""
    spelling = {norm(c): c for c in table.column_names}
    out = []
    for h in header:
        n = mapping.get(norm(h), norm(h))
        out.append(spelling.get(norm(n), n))
    return out


def recognise(header: list[str], colmap: ColumnMap,
              personal_words: frozenset[str] = PERSONAL_DETAIL_WORDS) -> Recognised:
    fits = []
    misses = []
    for tname, table in contract.TABLES.items():
        names = _names_for(header, colmap.for_table(tname), table)
        have = set(names)
        missing = [c for c in table.column_names if c not in have]
        if not missing:
            fits.append((len(table.columns), tname, names))
        else:
            misses.append((len(missing), -(len(table.columns) - len(missing)), tname, missing, names))
    if fits:
        fits.sort(key=lambda f: -f[0])
        best = fits[0]
        ties = [f[1] for f in fits if f[0] == best[0]]
        if len(ties) > 1:
            raise NotRecognised(
                f"fits {len(ties)} tables equally ({', '.join(ties)}: {best[0]} contract columns "
                f"each); remove the other table's columns or split the file", "file_ambiguous")
        _, tname, names = best
        contract_cols = set(contract.TABLES[tname].column_names)
        mapped, extras, identifying = {}, {}, {}
        for pos, (n, raw) in enumerate(zip(names, header)):
            if n in contract_cols and n not in mapped.values():
                mapped[pos] = n
            elif raw == "" and n == "":
                extras[pos] = f"(blank header, column {pos + 1})"
            elif is_personal(raw, personal_words):
                identifying[pos] = raw
            else:
                extras[pos] = raw
        return Recognised(tname, mapped, extras, identifying)
    if not header or all(h == "" for h in header):
        raise NotRecognised("has no column names in its first row", "file_unrecognised")
    misses.sort()
    _, _, tname, missing, names = misses[0]
    spare = [h for h, n in zip(header, names) if n not in contract.TABLES[tname].column_names]
    spare_norm = {norm(h): h for h in spare}
    parts = []
    for m in missing:
        close = difflib.get_close_matches(norm(m), list(spare_norm), n=1, cutoff=0.7)
        parts.append(f"{m} (did you mean '{spare_norm[close[0]]}'?)" if close else m)
    shown = ", ".join(header[:12]) + (", ..." if len(header) > 12 else "")
    raise NotRecognised(
        f"matches no table: its columns ({shown}) are nearest to '{tname}', which also needs "
        f"{', '.join(parts)}. Rename the columns or use a column map (--column-map)",
        "file_unrecognised")

"""Small-number suppression for papers leaving the service (`metrics.md`, "Small numbers").

- A count from 1 to 5 is shown as ``c`` (primary suppression). Zero is not suppressed.
- A *line* is a set of cells that add up to a total cell (a row or column with a declared
  total, a proportion's n + (d - n) = d, or figures of one paper that add up, e.g. discussions
  + formal escalations = all escalations). A line with exactly one hidden cell gives that cell
  away by subtraction, so a second cell of the line is hidden (secondary suppression, as DfE
  statistics do), repeated until no line has exactly one hidden cell. The second cell is the
  smallest non-zero visible part; failing that the total; failing that a zero part (a 0 is not
  disclosive by itself, but hiding one keeps a reader from subtracting); a cell whose hiding
  would leave another line with one hidden cell and nothing left to hide is passed over.
- A percentage whose numerator is hidden is hidden too; a proportion is hidden (``c (c of d)``)
  when its numerator, its denominator or its complement d - n is from 1 to 5, and every
  statistic worked out from it (interval, change, p-value, RAG) with it.
- `Disclosure` is one paper's register: every keyed figure the paper has printed, shown or
  hidden, and the lines between figures of different tables. A later table prints a figure in
  the state an earlier one did, and solves the paper's lines together with its own, so no
  figure can be recovered by difference with another table of the same paper.

Pure functions except `Disclosure`, which records what its paper printed.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

SUPPRESSED = "c"
LOW, HIGH = 1, 5


def _is_small(v) -> bool:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return False
    try:
        return LOW <= float(v) <= HIGH
    except (TypeError, ValueError):
        return False


is_small = _is_small


def suppress_value(n):
    """``c`` for a count from 1 to 5, otherwise the count itself (0 and blanks unchanged)."""
    return SUPPRESSED if _is_small(n) else n


# ---------------------------------------------------------------------------------------------
# the solver: cells, lines, primary and secondary suppression
# ---------------------------------------------------------------------------------------------

Line = tuple[Sequence[Hashable], Hashable]   # (cells that add up, the total cell)


def _num(v) -> float:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if np.isnan(f) else f


def hide_cells(values: Mapping[Hashable, object], lines: Iterable[Line] = (), *,
               hidden: Iterable[Hashable] = (), fixed: Iterable[Hashable] = (),
               follow: Mapping[Hashable, Hashable] | None = None) -> set:
    """The cells to hide: each value from 1 to 5 and each cell in HIDDEN, then secondary cells
    until no line has exactly one hidden cell. FIXED cells keep their state (already printed
    elsewhere in the paper) and are never picked. FOLLOW {cell: other}: CELL is hidden
    wherever OTHER is (a part of it that would bound it, e.g. formal escalations resolved in
    time within formal escalations). Ties go to the cell first in VALUES."""
    order = {c: i for i, c in enumerate(values)}
    fixed = set(fixed)
    hide = {c for c, v in values.items() if _is_small(v) and c not in fixed} | set(hidden)
    lines = [(list(parts), total) for parts, total in lines]

    def value(c):
        return _num(values.get(c))

    def stuck(pick) -> bool:
        """Hiding PICK would leave a line with one hidden cell and nothing left to hide."""
        for parts, total in lines:
            cells = parts + [total]
            if pick not in cells:
                continue
            if sum(c in hide or c == pick for c in cells) == 1 and \
                    not any(c not in hide and c != pick and c not in fixed for c in cells):
                return True
        return False

    changed = True
    while changed:
        changed = False
        for cell, other in (follow or {}).items():
            if other in hide and cell not in hide and cell not in fixed and cell in values:
                hide.add(cell)
                changed = True
        for parts, total in lines:
            if sum(c in hide for c in parts + [total]) != 1:
                continue
            free = [c for c in parts if c not in hide and c not in fixed]
            nonzero = sorted((c for c in free if value(c) > 0),
                             key=lambda c: (value(c), order.get(c, len(order))))
            candidates = nonzero + ([total] if total not in hide and total not in fixed else []) \
                + [c for c in free if value(c) <= 0]
            if not candidates:   # every other cell was printed already: nothing left to hide
                continue
            pick = next((c for c in candidates if not stuck(c)), candidates[0])
            hide.add(pick)
            changed = True
    return hide


def table_lines(n_rows: int, columns: Sequence, total_row: int | None = None,
                total_column=None, row_parts: Sequence | None = None) -> list[Line]:
    """The lines of a table of counts, as ((row position, column), ...) cells: each row adds
    up to TOTAL_COLUMN (from ROW_PARTS, default every other column) and each column adds up
    to the row at position TOTAL_ROW."""
    cols = list(columns)
    parts_cols = [c for c in (row_parts if row_parts is not None else cols) if c != total_column]
    rows = [i for i in range(n_rows) if i != total_row]
    lines: list[Line] = []
    if total_column is not None:
        for i in range(n_rows):
            lines.append(([(i, c) for c in parts_cols], (i, total_column)))
    if total_row is not None:
        for c in cols:
            lines.append(([(i, c) for i in rows], (total_row, c)))
    return lines


def _row_position(df: pd.DataFrame, total_row, count_columns) -> int:
    """Position of the total row: an index label, a value in one of the label columns, or
    (failing both) an integer position."""
    if total_row in df.index:
        locs = np.flatnonzero(df.index == total_row)
    elif isinstance(total_row, (int, np.integer)) and not isinstance(total_row, bool) \
            and -len(df) <= total_row < len(df):
        locs = [int(total_row) % len(df)]
    else:
        locs = []
        for col in df.columns:
            if col in count_columns:
                continue
            hits = np.flatnonzero(df[col].astype("object") == total_row)
            if len(hits):
                locs = hits
                break
    if len(locs) != 1:
        raise ValueError(f"total row {total_row!r} is not one row of the table "
                         f"(found {len(locs)})")
    return int(locs[0])


def suppression_mask(df: pd.DataFrame, count_columns, total_row=None,
                     total_column=None) -> pd.DataFrame:
    """Boolean frame (same index, COUNT_COLUMNS plus TOTAL_COLUMN) of the cells to hide."""
    cols = list(count_columns)
    if total_column is not None and total_column not in cols:
        cols.append(total_column)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in the table: {', '.join(map(str, missing))}")
    tot_row = _row_position(df, total_row, cols) if total_row is not None else None
    numeric = df[cols].apply(pd.to_numeric, errors="coerce")
    values = {(i, c): numeric[c].iat[i] for i in range(len(df)) for c in cols}
    hide = hide_cells(values, table_lines(len(df), cols, tot_row, total_column))
    mask = np.array([[(i, c) in hide for c in cols] for i in range(len(df))], dtype=bool)
    return pd.DataFrame(mask.reshape(len(df), len(cols)), index=df.index, columns=cols)


def suppress_table(df: pd.DataFrame, count_columns, total_row=None, total_column=None,
                   pct_columns: dict | None = None) -> pd.DataFrame:
    """A display copy of DF with small counts shown as ``c``.

    COUNT_COLUMNS: the columns holding counts. TOTAL_ROW: the row of column totals (an index
    label, the value a label column holds, e.g. "Total", or an integer position, -1 = last).
    TOTAL_COLUMN: the column of row totals. PCT_COLUMNS: ``{percentage column: count column of
    its numerator}``; a percentage is hidden where its numerator is. Other columns are copied
    unchanged. Hidden cells hold ``c``; the columns touched become object columns, other values
    keep their type.
    """
    pct_columns = dict(pct_columns or {})
    for pct, cnt in pct_columns.items():
        if pct not in df.columns or cnt not in df.columns:
            raise ValueError(f"percentage column {pct!r} or its count column {cnt!r} is not in the table")
    mask = suppression_mask(df, count_columns, total_row, total_column)
    out = df.copy()
    for col in mask.columns:
        out[col] = out[col].astype("object").where(~mask[col].to_numpy(), SUPPRESSED)
    for pct, cnt in pct_columns.items():
        hidden = mask[cnt].to_numpy() if cnt in mask.columns else np.vectorize(_is_small, otypes=[bool])(df[cnt].to_numpy())
        out[pct] = out[pct].astype("object").where(~hidden, SUPPRESSED)
    return out


def proportion_hidden(n, d) -> tuple[bool, bool]:
    """(numerator hidden, denominator hidden) for a proportion N of D shown with its
    denominator: the line n + (d - n) = d, so a complement d - n from 1 to 5 hides n too."""
    if not d:
        return False, False
    values = {"n": n, "rest": _num(d) - _num(n), "d": d}
    hide = hide_cells(values, [(["n", "rest"], "d")])
    return "n" in hide, "d" in hide


# ---------------------------------------------------------------------------------------------
# one paper's register
# ---------------------------------------------------------------------------------------------

class Disclosure:
    """What one paper has printed under suppression: each keyed figure with its value and
    whether it was hidden, and the lines between figures (`relate`). A figure is keyed by
    what it counts and its period (e.g. ``"escalations.discussion@2025/26"``).

    `settle` is the one entry point: a table (or a single figure) hands over its cells, their
    lines and their keys, and gets back the cells to hide; a key printed before keeps its
    state, and the paper's lines whose figures are then all printed are solved with the
    table's own. Off (``on=False``) nothing is hidden or recorded.
    """

    def __init__(self, on: bool = True):
        self.on = bool(on)
        self.printed: dict[Hashable, tuple[float, bool]] = {}
        self.lines: list[tuple[tuple, Hashable]] = []
        self.expected: dict[Hashable, float] = {}

    def __bool__(self) -> bool:
        return self.on

    def relate(self, total, parts: Iterable, values: Mapping | None = None) -> None:
        """Declare that the figures keyed PARTS add up to the figure keyed TOTAL. VALUES {key:
        value} of figures a later section prints: the line is then solved as soon as the
        figures not yet printed are known, hiding one of them ahead (recorded as printed
        hidden) when a shown figure would otherwise give it away."""
        parts = tuple(parts)
        if total is None or any(p is None for p in parts):
            return
        for k, v in (values or {}).items():
            if k is not None and k not in self.printed:
                self.expected[k] = _num(v)
        line = (parts, total)
        if line not in self.lines:
            self.lines.append(line)

    def hidden(self, key) -> bool | None:
        """Whether the figure KEY was printed hidden (None: not printed yet)."""
        rec = self.printed.get(key)
        return None if rec is None else rec[1]

    def settle(self, values: Mapping[Hashable, object], lines: Iterable[Line] = (),
               keys: Mapping[Hashable, Hashable] | None = None, fixed: Iterable = (),
               follow: Mapping[Hashable, Hashable] | None = None) -> set:
        """The cells of VALUES to hide, given their own LINES and their KEYS (cell -> key,
        for figures other tables may print); the keyed cells are then recorded as printed.
        FIXED: cells that cannot be hidden (e.g. a denominator a percentage gives away);
        FOLLOW as for `hide_cells`."""
        if not self.on:
            return set()
        keys = {c: k for c, k in (keys or {}).items() if k is not None and c in values}
        cell_of = {}
        for c, k in keys.items():
            cell_of.setdefault(k, c)
        vals = dict(values)
        all_lines = list(lines)
        hidden, fixed, ahead = set(), set(fixed), set()
        for c, k in keys.items():
            if k in self.printed:
                fixed.add(c)
                if self.printed[k][1]:
                    hidden.add(c)
        for parts, total in self.lines:
            ks = list(parts) + [total]
            if not any(k in cell_of for k in ks):
                continue
            if not all(k in cell_of or k in self.printed or k in self.expected for k in ks):
                continue   # not every figure of the line is known yet: solved when it is
            for k in ks:
                if k not in cell_of:
                    c = ("paper", k)
                    if k in self.printed:
                        vals[c] = self.printed[k][0]
                        fixed.add(c)
                        if self.printed[k][1]:
                            hidden.add(c)
                    else:   # printed later: may be hidden now, ahead of its table
                        vals[c] = self.expected[k]
                        ahead.add(c)
            cell = lambda k: cell_of.get(k, ("paper", k))  # noqa: E731
            all_lines.append(([cell(k) for k in parts], cell(total)))
        hide = hide_cells(vals, all_lines, hidden=hidden, fixed=fixed, follow=follow)
        for c, k in keys.items():
            if k not in self.printed:
                self.printed[k] = (_num(values[c]), c in hide)
        for c in ahead & hide:
            self.printed[c[1]] = (vals[c], True)
        return {c for c in hide if c in values}

    def count(self, n, key=None) -> bool:
        """Whether the single count N (keyed KEY) is hidden."""
        return bool(self.settle({"n": n}, keys={"n": key}))

    def shares(self, parts: Mapping[Hashable, object], d, d_key) -> set:
        """Proportions of one denominator D (keyed D_KEY) that add up to it, e.g. the
        participation codes of the reviews held, settled together: each n + (d - n) = d, and
        the numerators add up to d (a line the paper keeps for later tables too). PARTS:
        {proportion key: n}. Returns the keys of the proportions whose numerator is hidden."""
        values, lines, keys = {}, [], {}
        for k, n in parts.items():
            pk = part_keys(k, d_key)
            values[("n", k)], values[("rest", k)] = n, _num(d) - _num(n)
            keys[("n", k)], keys[("rest", k)] = pk["n"], pk["rest"]
            lines.append(([("n", k), ("rest", k)], "d"))
        values["d"], keys["d"] = d, d_key
        lines.append(([("n", k) for k in parts], "d"))
        if self.on and d_key is not None and all(k is not None for k in parts):
            self.relate(d_key, [part_keys(k, d_key)["n"] for k in parts])
        hide = self.settle(values, lines, keys)
        return {k for k in parts if ("n", k) in hide}

    def proportion(self, n, d, key=None, d_key=None) -> tuple[bool, bool]:
        """(numerator hidden, denominator hidden) for N of D keyed KEY: its numerator,
        complement and denominator are keyed ``base.n@period``, ``base.rest@period`` and
        ``base.d@period`` (or D_KEY, for a denominator several proportions share), and kept
        in the line n + (d - n) = d."""
        if not d:
            return False, False
        k = part_keys(key, d_key)
        hide = self.settle({"n": n, "rest": _num(d) - _num(n), "d": d}, [(["n", "rest"], "d")],
                           keys=k)
        return "n" in hide, "d" in hide


def figure_key(base, period=None):
    """A figure's key in a paper: ``base@period`` (None when BASE is None)."""
    if base is None:
        return None
    return f"{base}@{period}" if period is not None else str(base)


def part_keys(key, d_key=None) -> dict:
    """The keys of a proportion keyed KEY (``base@period``): {"n", "rest", "d"} -> key."""
    if key is None:
        return {"n": None, "rest": None, "d": d_key}
    base, _, period = str(key).partition("@")
    sfx = f"@{period}" if period else ""
    return {"n": f"{base}.n{sfx}", "rest": f"{base}.rest{sfx}", "d": d_key or f"{base}.d{sfx}"}

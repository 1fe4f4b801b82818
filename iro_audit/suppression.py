"""Small-number suppression for papers leaving the service (`metrics.md`, "Small numbers").

- A count from 1 to 5 is shown as ``c`` (primary suppression). Zero is not suppressed.
- Where a row or column has a total, one hidden cell could be worked out by subtraction, so the
  next smallest non-zero cell of that row or column is hidden too (secondary suppression, as
  DfE statistics do); this is repeated until no row or column with a total has exactly one
  hidden cell.
- A percentage whose numerator is hidden is hidden too.

Pure functions: the input table is never changed.
"""
from __future__ import annotations

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


def suppress_value(n):
    """``c`` for a count from 1 to 5, otherwise the count itself (0 and blanks unchanged)."""
    return SUPPRESSED if _is_small(n) else n


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
    values = df[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    hide = np.vectorize(_is_small, otypes=[bool])(values) if values.size else np.zeros(values.shape, bool)

    comp_cols = [j for j, c in enumerate(cols) if c != total_column]
    tot_col = cols.index(total_column) if total_column is not None else None
    tot_row = _row_position(df, total_row, cols) if total_row is not None else None
    comp_rows = [i for i in range(len(df)) if i != tot_row]

    # Each line is (cells that add up, the total cell).
    lines = []
    if tot_col is not None:
        for i in range(len(df)):
            lines.append(([(i, j) for j in comp_cols], (i, tot_col)))
    if tot_row is not None:
        for j in range(len(cols)):
            lines.append(([(i, j) for i in comp_rows], (tot_row, j)))

    def value(cell):
        v = values[cell]
        return 0.0 if np.isnan(v) else v

    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            hidden = [c for c in parts + [total] if hide[c]]
            if len(hidden) != 1:
                continue
            # the one hidden cell could be worked out: hide the next smallest non-zero part
            candidates = [c for c in parts if not hide[c] and value(c) > 0]
            if candidates:
                pick = min(candidates, key=lambda c: (value(c), c))  # ties: first in the table
            elif not hide[total]:
                pick = total
            else:
                continue
            hide[pick] = True
            changed = True
    return pd.DataFrame(hide, index=df.index, columns=cols)


def suppress_table(df: pd.DataFrame, count_columns, total_row=None, total_column=None,
                   pct_columns: dict | None = None) -> pd.DataFrame:
    """A display copy of DF with small counts shown as ``c``.

    COUNT_COLUMNS: the columns holding counts. TOTAL_ROW: the row of column totals (an index
    label, the value a label column holds, e.g. "Total", or an integer position, -1 = last). TOTAL_COLUMN: the column of row
    totals. PCT_COLUMNS: ``{percentage column: count column of its numerator}``; a percentage
    is hidden where its numerator is. Other columns are copied unchanged. Hidden cells hold
    ``c``; the columns touched become object columns, other values keep their type.
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

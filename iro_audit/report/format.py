"""Tables for people: percentages to one decimal, dates as "3 Mar 2023", headings in words,
no index, and small numbers shown as "c" when a paper leaves the service."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from ..stats import round_half_up
from .labels import CODE_LISTS, code_label, column_label

SUPPRESSED = "c"
MISSING = "–"
TOTAL_LABELS = ("Total", "All", "All children", "All reviews")


# ---------------------------------------------------------------------------------------------
# single values
# ---------------------------------------------------------------------------------------------

def _isna(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def fmt_date(value, long: bool = False) -> str:
    """A date as "3 Mar 2023" ("3 March 2023" when LONG); blank for a missing date."""
    if _isna(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}" if long else f"{ts.day} {ts:%b %Y}"


def fmt_month(value) -> str:
    """A month as "Mar 2023"."""
    return "" if _isna(value) else f"{pd.Timestamp(value):%b %Y}"


def fmt_pct(value, places: int = 1) -> str:
    """A percentage already in percent (88.06 -> "88.1%"), rounded half up; a dash when missing."""
    if _isna(value):
        return MISSING
    return f"{round_half_up(float(value), places):.{places}f}%"


def fmt_number(value, places: int = 0) -> str:
    """A number with thousands separators ("1,234"; "12.5" with PLACES=1)."""
    if _isna(value):
        return MISSING
    v = float(value)
    if places == 0:
        return f"{int(round_half_up(v, 0)):,}"
    return f"{round_half_up(v, places):,.{places}f}"


def is_small(n) -> bool:
    """A count that suppression hides: 1 to 5 (0 is shown, as DfE does)."""
    if _isna(n):
        return False
    try:
        v = float(n)
    except (TypeError, ValueError):
        return False
    return 1 <= v <= 5


def paper_of(suppress):
    """The `Disclosure` register behind a SUPPRESS argument: the paper's own when one is given
    (a report passes `ctx.paper`), else a fresh one, on when SUPPRESS is true."""
    from ..suppression import Disclosure

    return suppress if isinstance(suppress, Disclosure) else Disclosure(on=bool(suppress))


def fmt_count(n, suppress=False, key=None) -> str:
    """A count as "1,234", or "c" when suppressing and it is from 1 to 5. SUPPRESS may be the
    paper's `Disclosure`; KEY (e.g. "s20.admissions@2025/26") then makes the count print as
    every other table of the paper printed it, and counts in the paper's lines."""
    if _isna(n):
        return MISSING
    if suppress and paper_of(suppress).count(n, key):
        return SUPPRESSED
    return fmt_number(n)


def fmt_bool(v) -> str:
    if _isna(v):
        return ""
    return "Yes" if bool(v) else "No"


def prop_hidden(p: dict | None, suppress=False, key=None, d_key=None) -> tuple[bool, bool]:
    """(numerator hidden, denominator hidden) for a metrics.md proportion under SUPPRESS: the
    numerator goes when it, or its complement d - n, is from 1 to 5 (`suppression`)."""
    if not p or not p.get("d") or not suppress:
        return False, False
    return paper_of(suppress).proportion(p["n"], p["d"], key, d_key)


def fmt_prop(p: dict | None, suppress=False, key=None, d_key=None) -> str:
    """A metrics.md proportion as "88.1% (1,234 of 1,401)"; "c (c of 40)" under suppression
    when the numerator or its complement is from 1 to 5."""
    if not p:
        return "not available"
    if p.get("d", 0) == 0:
        return "none in the period"
    hn, hd = prop_hidden(p, suppress, key, d_key)
    n = SUPPRESSED if hn else fmt_number(p["n"])
    d = SUPPRESSED if hd else fmt_number(p["d"])
    pct = SUPPRESSED if hn or hd else fmt_pct(p["pct"])
    return f"{pct} ({n} of {d})"


def plural(n, one: str, many: str, suppress=False, key=None) -> str:
    """ "1 child", "30 children", "c children" (a suppressed count takes the plural)."""
    text = fmt_count(n, suppress, key)
    return f"{text} {one if text == '1' else many}"


def sentence(text) -> str:
    """TEXT with its first letter upper case ("over 12 months" -> "Over 12 months")."""
    if _isna(text):
        return ""
    t = str(text)
    return t[:1].upper() + t[1:]


def words_date(value) -> str:
    """A date in words for headings: "Tuesday 31 March 2026"."""
    ts = pd.Timestamp(value)
    return f"{ts:%A} {ts.day} {ts:%B %Y}"


# ---------------------------------------------------------------------------------------------
# suppression of a whole table
# ---------------------------------------------------------------------------------------------

class TableFacts:
    """What a table printed, for checks that no hidden count can be worked out (kept on the
    Styler as `iro_facts`): VALUES (the counts, by row position and column), HIDDEN (bools of
    the same shape), LINES (the table's declared totals, as `suppression.table_lines` cells)
    and KEYS (cell -> the paper's key of that figure)."""

    def __init__(self, values: pd.DataFrame, hidden: pd.DataFrame, lines: list, keys: dict):
        self.values, self.hidden, self.lines, self.keys = values, hidden, lines, keys


def suppression_mask(values: pd.DataFrame, counts: list[str], total_row: int | None = None,
                     total_col: str | None = None, *, row_parts: list[str] | None = None,
                     keys: dict | None = None, paper=True,
                     proportions: dict | None = None,
                     follow: dict | None = None) -> tuple[pd.DataFrame, list]:
    """Which count cells to hide (`iro_audit.suppression`: primary 1-5, then secondary cells
    where a total row or column, or a line of the paper (PAPER, a `Disclosure`), would reveal
    a hidden one). PROPORTIONS {count column: its denominators (a column or values)}: a count
    shown as a share of a denominator the reader can work out, so a complement d - n from 1
    to 5 hides the count. Returns a boolean frame over COUNTS and the table's lines."""
    from ..suppression import table_lines

    cols = list(counts) + ([total_col] if total_col is not None and total_col not in counts else [])
    numeric = values[cols].apply(pd.to_numeric, errors="coerce")
    cells = {(i, c): numeric[c].iat[i] for i in range(len(values)) for c in cols}
    lines = table_lines(len(values), cols, total_row, total_col, row_parts)
    extra, fixed = [], set()
    for c, den in (proportions or {}).items():
        den = values[den] if isinstance(den, str) else den
        den = pd.to_numeric(pd.Series(list(den)), errors="coerce").fillna(0).to_numpy()
        for i in range(len(values)):
            n = 0.0 if pd.isna(cells[(i, c)]) else float(cells[(i, c)])
            cells[(i, "~rest", c)] = den[i] - n
            cells[(i, "~d", c)] = den[i]
            fixed.add((i, "~d", c))
            extra.append(([(i, c), (i, "~rest", c)], (i, "~d", c)))
    follows = {(i, a): (i, b) for a, b in (follow or {}).items() for i in range(len(values))}
    hide = paper_of(paper).settle(cells, lines + extra, keys, fixed=fixed, follow=follows)
    mask = pd.DataFrame([[(i, c) in hide for c in cols] for i in range(len(values))],
                        index=values.index, columns=cols, dtype=bool)
    return mask[list(counts)], lines


# ---------------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------------

TABLE_STYLES = [
    {"selector": "", "props": "border-collapse:collapse;font-size:0.95em;margin:0.4em 0 1em 0;"},
    {"selector": "caption", "props": "caption-side:top;text-align:left;font-weight:bold;"
                                     "font-size:1.05em;padding:0.3em 0;color:#111;"
                                     "white-space:nowrap;"},
    {"selector": "th", "props": "background:#e8e8e8;color:#111;text-align:left;"
                                "padding:0.3em 0.6em;border-bottom:2px solid #444;"
                                "vertical-align:bottom;"},
    {"selector": "td", "props": "padding:0.25em 0.6em;border-bottom:1px solid #ccc;"
                                "vertical-align:top;color:#111;"},
    {"selector": "tr:nth-child(even) td", "props": "background:#f7f7f7;"},
]


def _is_pct_col(name: str) -> bool:
    n = str(name)
    return n.lower().endswith("pct") or n.endswith("%") or n.lower() == "percentage"


def table(df: pd.DataFrame, *, suppress: bool = False, caption: str | None = None,
          counts: list[str] | None = None, pct_of: dict[str, str] | None = None,
          numbers: list[str] | None = None, decimals: dict[str, int] | None = None,
          labels: dict[str, str] | None = None, codes: dict[str, str] | bool = True,
          total_row: bool | None = None, total_col: str | None = None,
          bold_last_row: bool | None = None, header: bool = True,
          nowrap: list[str] | None = None, hide_with: dict[str, str] | None = None,
          row_parts: list[str] | None = None, keys: dict | None = None,
          proportions: dict | None = None, follow: dict | None = None) -> Styler:
    """DF formatted for a reader, as a Styler with the index hidden.

    - datetime columns -> "3 Mar 2023"; booleans -> Yes/No;
    - COUNTS (default: integer columns not listed in NUMBERS) -> "1,234", "c" when SUPPRESS;
    - percentage columns (names ending "pct" / "%", or keys of PCT_OF) -> "88.1%", and "c"
      when the count they are a percentage of (PCT_OF[col], default the nearest count column to
      their left; or (numerator, denominator) columns: "c" when either is) is suppressed, and
      the whole column when that count's total (TOTAL_ROW) is;
    - other numbers -> DECIMALS[col] places (default 1 for floats, 0 for integers);
    - codes of known code lists (LS, PLACE, REC, PN ...) -> words with the code in brackets;
    - headings from `labels.column_label` (LABELS overrides);
    - TOTAL_ROW (default: the first column's last value is "Total") and TOTAL_COL name the
      totals for secondary suppression; ROW_PARTS: the columns that add up to TOTAL_COL
      (default every other count column);
    - SUPPRESS may be the paper's `Disclosure` (`ctx.paper`); KEYS {(row position, column):
      key} name the figures other tables of the paper print too, so they print alike and the
      paper's lines between them are kept (`suppression.Disclosure`); PROPORTIONS {count
      column: its denominators (a column name or values)} for counts shown as a share of a
      denominator the reader can work out: a complement from 1 to 5 hides the count; FOLLOW
      {count column: other count column}: the first hidden wherever the second is (a part
      that would bound it);
    - HIDE_WITH {column: count column}: a figure worked out from a count (e.g. children per
      FTE) shown as "c" wherever that count is suppressed.
    """
    df = df.reset_index(drop=True).copy()
    numbers = list(numbers or [])
    decimals = dict(decimals or {})
    pct_of = dict(pct_of or {})
    pct_cols = [c for c in df.columns if _is_pct_col(c) or c in pct_of]
    if counts is None:
        counts = [c for c in df.columns
                  if c not in numbers and c not in pct_cols and pd.api.types.is_integer_dtype(df[c])
                  and not pd.api.types.is_bool_dtype(df[c])]
    counts = [c for c in counts if c in df.columns]
    cols = list(df.columns)
    for p in pct_cols:
        if p not in pct_of:
            left = [c for c in cols[: cols.index(p)] if c in counts]
            if left:
                pct_of[p] = left[-1]
    first = cols[0] if cols else None
    if total_row is None:
        total_row = bool(len(df)) and first is not None and str(df[first].iloc[-1]) in TOTAL_LABELS
    tr = (len(df) - 1) if total_row else None

    mask, lines = None, []
    if total_col is not None and total_col not in counts:
        counts = counts + [total_col]
    if suppress and counts:
        mask, lines = suppression_mask(df, counts, tr, total_col, row_parts=row_parts, keys=keys,
                                       paper=suppress, proportions=proportions, follow=follow)

    out = pd.DataFrame(index=df.index)
    code_map = codes if isinstance(codes, dict) else ({c: c for c in df.columns if c in CODE_LISTS}
                                                      if codes else {})
    right = []
    nowrap = [c for c in (nowrap or []) if c in df.columns]
    for c in cols:
        s = df[c]
        if c in counts:
            vals = [fmt_number(v) if not _isna(v) else MISSING for v in s]
            if mask is not None:
                vals = [SUPPRESSED if mask.at[i, c] else v for i, v in zip(df.index, vals)]
            out[c] = vals
            right.append(c)
        elif c in pct_cols:
            vals = [fmt_pct(v) for v in s]
            src = pct_of.get(c)
            srcs = [x for x in (src if isinstance(src, tuple) else (src,)) if x is not None]
            if mask is not None and all(x in mask.columns for x in srcs) and srcs:
                n_col = srcs[0]
                if tr is not None and mask.at[df.index[tr], n_col]:
                    # shares of a hidden total would give the total away
                    vals = [SUPPRESSED] * len(vals)
                vals = [SUPPRESSED if any(mask.at[i, x] for x in srcs) else v
                        for i, v in zip(df.index, vals)]
            out[c] = vals
            right.append(c)
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[c] = [fmt_date(v) for v in s]
            nowrap.append(c)
        elif pd.api.types.is_bool_dtype(s) or (s.dtype == object and len(s.dropna())
                                               and s.dropna().map(lambda v: isinstance(v, (bool, np.bool_))).all()):
            out[c] = [fmt_bool(v) for v in s]
        elif c in code_map:
            out[c] = [code_label(code_map[c], v) if not _isna(v) else "" for v in s]
        elif pd.api.types.is_numeric_dtype(s):
            places = decimals.get(c, 0 if pd.api.types.is_integer_dtype(s) else 1)
            out[c] = [fmt_number(v, places) for v in s]
            right.append(c)
        else:
            out[c] = ["" if _isna(v) else str(v) for v in s]
    for c, src in (hide_with or {}).items():
        if mask is not None and src in mask.columns and c in out.columns:
            out[c] = [SUPPRESSED if mask.at[i, src] else v for i, v in zip(df.index, out[c])]
    labels = labels or {}
    heads = {c: labels.get(c, column_label(c)) for c in cols}
    # two columns with one heading would break the Styler: keep them apart
    seen: dict[str, int] = {}
    for c in cols:
        h = heads[c]
        if h in seen:
            seen[h] += 1
            heads[c] = f"{h} ({seen[h]})"
        else:
            seen[h] = 0
    out.columns = [heads[c] for c in cols]
    sty = out.style.hide(axis="index").set_table_styles(TABLE_STYLES)
    if caption:
        sty = sty.set_caption(caption)
    right_heads = [heads[c] for c in right]
    left_heads = [heads[c] for c in cols if c not in right]
    if left_heads:
        sty = sty.set_properties(subset=left_heads, **{"text-align": "left"})
    if right_heads:
        sty = sty.set_properties(subset=right_heads, **{"text-align": "right",
                                                         "white-space": "nowrap"})
    if nowrap:
        sty = sty.set_properties(subset=[heads[c] for c in nowrap], **{"white-space": "nowrap"})
    if not header:
        sty = sty.hide(axis="columns")
    if (bold_last_row if bold_last_row is not None else total_row) and len(out):
        sty = sty.apply(lambda r: ["font-weight:bold;border-top:2px solid #444"] * len(r)
                        if r.name == out.index[-1] else [""] * len(r), axis=1)
    if mask is not None:
        values = df[counts].apply(pd.to_numeric, errors="coerce")
        values.columns = [heads[c] for c in counts]
        hidden = mask.copy()
        hidden.columns = values.columns
        sty.iro_facts = TableFacts(values, hidden, [([(i, heads[c]) for i, c in parts],
                                                     (total[0], heads[total[1]]))
                                                    for parts, total in lines],
                                   {(i, heads[c]): k for (i, c), k in (keys or {}).items()})
    return sty


def proportion_rows(items: list[tuple[str, dict | None]], label: str = "Measure") -> pd.DataFrame:
    """Rows (label, n, d, pct, 95% interval) from metrics.md proportions, for `table`."""
    rows = []
    for name, p in items:
        if p is None:
            continue
        ci = p.get("ci95")
        rows.append({label: name, "Number": int(p["n"]), "Out of": int(p["d"]),
                     "Percentage": p.get("pct"),
                     "95% interval": (f"{fmt_pct(ci[0])} to {fmt_pct(ci[1])}" if ci else MISSING)})
    return pd.DataFrame(rows, columns=[label, "Number", "Out of", "Percentage", "95% interval"])


def counts_frame(counts: dict | None, kind: str | None = None, label: str = "Category",
                 order: list[str] | None = None, total: bool = True,
                 pct: bool = True) -> pd.DataFrame:
    """A `counts_by` dict as rows (words for the codes, count, share), with a Total row."""
    counts = dict(counts or {})
    keys = list(counts)
    if order:
        keys = [k for k in order if k in counts] + [k for k in keys if k not in order]
    tot = sum(int(v) for v in counts.values())
    rows = []
    for k in keys:
        r = {label: code_label(kind, k) if kind else str(k), "Number": int(counts[k])}
        if pct:
            r["Percentage"] = (100.0 * counts[k] / tot) if tot else None
        rows.append(r)
    if total and rows:
        r = {label: "Total", "Number": tot}
        if pct:
            r["Percentage"] = 100.0 if tot else None
        rows.append(r)
    cols = [label, "Number"] + (["Percentage"] if pct else [])
    df = pd.DataFrame(rows, columns=cols)
    df["Number"] = df["Number"].astype("int64")
    return df


def pct_of_total(n, d):
    return None if not d else 100.0 * n / d


def nan_to_none(x):
    return None if (isinstance(x, float) and math.isnan(x)) else x

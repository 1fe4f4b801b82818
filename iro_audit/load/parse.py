"""Parsing raw text columns into the contract's types, vectorised.

Each parser returns (parsed Series, mask of present-but-invalid values); the caller turns the
mask into problems. Nothing here loops over rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
_INT_FLOAT = r"^[+-]?\d+\.0*$"


def _drop_point_zero(s: pd.Series) -> pd.Series:
    """'1.0' -> '1' (numbers that went through a spreadsheet); other values unchanged."""
    m = s.str.contains(".", regex=False, na=False)
    if not m.any():
        return s
    sub = s[m]
    hit = sub.str.match(_INT_FLOAT, na=False)
    if hit.any():
        s = s.copy()
        s[sub.index[hit]] = sub[hit].str.replace(r"\.0*$", "", regex=True)
    return s


def parse_date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """DD/MM/YYYY or YYYY-MM-DD (a trailing time such as ' 00:00:00' is ignored)."""
    present = s.notna()
    out = pd.to_datetime(s, format=DATE_FORMATS[0], errors="coerce")
    todo = out.isna() & present
    if todo.any():
        sub = s[todo]
        got = pd.to_datetime(sub, format=DATE_FORMATS[1], errors="coerce")
        still = got.isna()
        if still.any():
            # values with a time part: keep the date (first 10 characters, or up to a space)
            cut = sub[still].str.split(r"[ T]", n=1, regex=True).str[0]
            for fmt in DATE_FORMATS:
                g2 = pd.to_datetime(cut, format=fmt, errors="coerce")
                got = got.fillna(g2)
                cut = cut[g2.isna()]
                if cut.empty:
                    break
        out = out.copy()
        out[todo] = got
    bad = out.isna() & present
    return out, bad


def parse_number(s: pd.Series, integer: bool) -> tuple[pd.Series, pd.Series]:
    present = s.notna()
    out = pd.to_numeric(s.str.replace(",", "", regex=False), errors="coerce").astype("float64")
    bad = out.isna() & present
    if integer:
        frac = out.notna() & (np.floor(out) != out)
        bad = bad | frac
        out = out.mask(frac)
    return out, bad


def parse_flag(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    present = s.notna()
    num = pd.to_numeric(s, errors="coerce")
    ok = num.isin([0, 1])
    out = num.where(ok).astype("float64")
    return out, present & ~ok


_YN = {"Y": "Y", "N": "N", "YES": "Y", "NO": "N"}


def parse_yn(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    up = s.str.upper()
    out = up.map(_YN).astype("str")
    return out, s.notna() & out.isna()


def parse_id(s: pd.Series) -> pd.Series:
    return _drop_point_zero(s)


def parse_code(s: pd.Series, codes: frozenset[str] | None) -> tuple[pd.Series, pd.Series]:
    up = _drop_point_zero(s.str.upper())
    if not codes:
        return up, pd.Series(False, index=s.index)
    bad = up.notna() & ~up.isin(codes)
    return up, bad

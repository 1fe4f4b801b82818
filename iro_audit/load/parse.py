"""Parsing raw text columns into the contract's types, vectorised.

Each parser works on a column's *distinct* values (``pd.factorize``) and spreads the result back
with one numpy take, so a million-row column with a few thousand distinct dates costs one hash
pass plus a few thousand parses. Nothing here loops over rows in Python.

Every parser returns ``(parsed, bad, text)``: the parsed Series, the mask of present-but-invalid
values, and - when ``strip`` is asked for and some value had surrounding spaces - the trimmed
text of every row (blank -> missing), else None.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
_INT_FLOAT = r"^[+-]?\d+\.0*$"


def blank(s: pd.Series) -> np.ndarray:
    """Missing cells of a text column, quickly also for object columns straight from the CSV
    reader (NaN is the one value not equal to itself)."""
    if s.dtype == object:
        a = s.to_numpy()
        return (a != a) | np.equal(a, None)
    return s.isna().to_numpy()


def _text(vals, index) -> pd.Series:
    if isinstance(vals, pd.api.extensions.ExtensionArray):
        return pd.Series(vals, index=index)
    return pd.Series(vals, index=index, dtype="str")


def _take_text(distinct, codes: np.ndarray):
    """Text for every row from its distinct values: the str array is built (and checked) once
    for the distinct values, then taken by code (-1 -> missing) without re-checking each row."""
    return pd.array(np.asarray(distinct, dtype=object), dtype="str").take(codes, allow_fill=True)


def _spread(s: pd.Series, fn, missing, dtype, strip: bool):
    """Apply FN to the distinct present values of S (trimmed first if STRIP)."""
    codes, uniq = pd.factorize(s.to_numpy(dtype=object))  # hashing an object array is quicker
    u = pd.Series(uniq, dtype="str")
    text = None
    if strip and len(u):
        st = u.str.strip()
        changed = (st.to_numpy(dtype=object) != u.to_numpy(dtype=object)).any()
        if changed:
            st = st.mask(st == "")
            text = _text(_take_text(st.to_numpy(dtype=object), codes), s.index)
            u = st
    present = u.notna().to_numpy()
    if present.all():
        vals, bad = fn(u)
        vals, bad = np.asarray(vals).astype(dtype), np.asarray(bad, dtype=bool)
    else:
        vals = np.full(len(u), missing, dtype=dtype)
        bad = np.zeros(len(u), dtype=bool)
        if present.any():
            v, b = fn(u[present])
            vals[present] = np.asarray(v).astype(dtype)
            bad[present] = np.asarray(b, dtype=bool)
    bad = np.append(bad, False)
    if dtype is object:
        return _take_text(vals, codes), pd.Series(bad[codes], index=s.index), text
    vals = np.append(vals, np.array([missing], dtype=dtype))
    return vals[codes], pd.Series(bad[codes], index=s.index), text


def _dates_of(u: pd.Series):
    out = pd.to_datetime(u, format=DATE_FORMATS[0], errors="coerce")
    todo = out.isna()
    if todo.any():
        sub = u[todo]
        got = pd.to_datetime(sub, format=DATE_FORMATS[1], errors="coerce")
        still = got.isna()
        if still.any():
            # values with a time part (" 00:00:00", "T00:00"): keep the date part
            cut = sub[still].str.split(r"[ T]", n=1, regex=True).str[0]
            for fmt in DATE_FORMATS:
                got = got.fillna(pd.to_datetime(cut, format=fmt, errors="coerce"))
        out = out.copy()
        out[todo] = got
    return out.to_numpy(dtype="datetime64[us]"), out.isna().to_numpy()


def parse_date(s: pd.Series, strip: bool = True):
    """DD/MM/YYYY or YYYY-MM-DD (a trailing time such as ' 00:00:00' is ignored)."""
    vals, bad, text = _spread(s, _dates_of, np.datetime64("NaT", "us"), "datetime64[us]", strip)
    return pd.Series(vals, index=s.index), bad, text


def parse_number(s: pd.Series, integer: bool, strip: bool = True):
    def fn(u):
        out = pd.to_numeric(u.str.replace(",", "", regex=False), errors="coerce").astype("float64")
        bad = out.isna()
        if integer:
            bad |= out.notna() & (np.floor(out) != out)
        return out.mask(bad).to_numpy(dtype="float64"), bad.to_numpy()

    vals, bad, text = _spread(s, fn, np.nan, "float64", strip)
    return pd.Series(vals, index=s.index), bad, text


def parse_flag(s: pd.Series, strip: bool = True):
    """0/1 (also "1.0")."""
    def fn(u):
        num = pd.to_numeric(u, errors="coerce")
        ok = num.isin([0, 1])
        return num.where(ok).to_numpy(dtype="float64"), (~ok).to_numpy()

    vals, bad, text = _spread(s, fn, np.nan, "float64", strip)
    return pd.Series(vals, index=s.index), bad, text


_BOOL = {"TRUE": 1.0, "FALSE": 0.0, "1": 1.0, "0": 0.0}


def parse_bool(s: pd.Series, strip: bool = True):
    """CIN census booleans: true/false or 1/0 (any case; "1.0" read as 1), as 1.0/0.0 (the
    loader makes them a nullable boolean column once the years are stitched)."""
    def fn(u):
        out = _drop_point_zero(u.str.upper()).map(_BOOL)
        return out.to_numpy(dtype="float64"), out.isna().to_numpy()

    vals, bad, text = _spread(s, fn, np.nan, "float64", strip)
    return pd.Series(vals, index=s.index), bad, text


_YN = {"Y": "Y", "N": "N", "YES": "Y", "NO": "N"}


def parse_yn(s: pd.Series, strip: bool = True):
    def fn(u):
        out = u.str.upper().map(_YN)
        return out.to_numpy(dtype=object), out.isna().to_numpy()

    vals, bad, text = _spread(s, fn, None, object, strip)
    return _text(vals, s.index), bad, text


def _drop_point_zero(u: pd.Series) -> pd.Series:
    """'1.0' -> '1' (numbers that went through a spreadsheet); other values unchanged."""
    hit = u.str.match(_INT_FLOAT, na=False)
    if hit.any():
        u = u.copy()
        u[hit] = u[hit].str.replace(r"\.0*$", "", regex=True)
    return u


def parse_text(s: pd.Series, strip: bool = True, point_zero: bool = False):
    """Identifiers and free text: trimmed; for identifiers "123.0" -> "123"."""
    if not strip and not point_zero:
        return s, pd.Series(False, index=s.index), None

    def fn(u):
        v = _drop_point_zero(u) if point_zero else u
        return v.to_numpy(dtype=object), np.zeros(len(u), dtype=bool)

    vals, bad, text = _spread(s, fn, None, object, strip)
    return _text(vals, s.index), bad, text


def parse_code(s: pd.Series, codes: frozenset[str] | None, strip: bool = True):
    """Upper-cased code ("1.0" read as "1"); bad = present and not in CODES (if given)."""
    def fn(u):
        up = _drop_point_zero(u.str.upper())
        bad = ~up.isin(codes) if codes else pd.Series(False, index=up.index)
        return up.to_numpy(dtype=object), bad.to_numpy()

    vals, bad, text = _spread(s, fn, None, object, strip)
    return _text(vals, s.index), bad, text

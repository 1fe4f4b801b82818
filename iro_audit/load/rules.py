"""Validation rules. Each is one small function with a rule id (the ``problems.rule`` value).

File rules take a `FileFrame` (one file's rows, still in that file) and may clear values in
``ff.df`` or mark rows in ``ff.set_aside``; they return their problems. Dataset rules run after
the years are stitched and take the dict of stitched tables.

Actions, chosen so periods of care stay intact:

| rule | action |
|---|---|
| type (bad date / number) | value cleared; row set aside when the column is essential (key, required id, main date) |
| code (not in the code list) | value cleared; row set aside when essential (e.g. ASSESSMENT_TYPE) |
| implausible_date (before 1900, after the extract date) | row set aside when essential or a span's end date (DEC ...); else value cleared |
| code_year (valid code, other year) | kept |
| range (e.g. SDQ_SCORE 0-40) | value cleared |
| required (blank) | row set aside when essential, else kept (e.g. an episode with blank LS) |
| duplicate (exact copy in one file) | row set aside (the second) |
| duplicate_key (same key in one file) | row set aside (the later; the first is used) |
| chronology (end before start) | end value cleared; an IRO allocation is set aside |
| overlap (episode ends after the next starts) | repaired: closed at the next DECOM, REC X1 when blank |
| closed_at_next_start (open episode before the next) | repaired: closed at the next DECOM, REC X1 when blank |
| before_birth | review: row set aside; episode: kept |
| pn_age | value cleared (the review still counts; its code is blank) |
| p1_under_v2 (DfE 378) | kept |
| child_not_in_header | kept |
| escalation_reason | value cleared |

File-level rules are applied by the reader / loader: file_unreadable (empty, not CSV/XLSX,
damaged), file_unrecognised (fits no table; names the nearest and its missing columns, "did you
mean"), file_ambiguous (fits two tables equally): file set aside, an error in strict mode;
encoding (not UTF-8, read as cp1252) and extra_column: kept; identifying_column (a column of
personal details, `personal.py`): column not read; empty_table (a file of a table left with no
usable rows, or an empty file of a required table): kept.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import contract
from ..calendar import age_in_years
from . import keys, parse, policy
from . import problems as P


@dataclass
class FileFrame:
    table: str
    df: pd.DataFrame  # contract columns (parsed as rules run), extras, _file, _row
    raw: pd.DataFrame  # trimmed text of every contract column, same index
    set_aside: pd.Series  # bool, same index
    extras: list[str]
    may_have_point_zero: bool = True  # from the reader's byte scan: "1.0"-style cells possible
    may_need_strip: bool = True  # from the reader's byte scan: a space or tab somewhere
    key_candidates: np.ndarray | None = None  # rows whose parsed key repeats in the file
    child_codes: tuple[np.ndarray, np.ndarray] | None = None  # pd.factorize(CHILD), computed once

    @property
    def spec(self) -> contract.Table:
        return contract.TABLES[self.table]

    def live(self) -> pd.Series:
        return ~self.set_aside


def _act(ff: FileFrame, column: str, mask: pd.Series) -> str:
    """Set aside rows when COLUMN is essential, else clear the value; returns the action."""
    if column in policy.essential(ff.table):
        ff.set_aside |= mask
        return P.ROW_SET_ASIDE
    ff.df.loc[mask, column] = np.nan
    return P.VALUE_CLEARED


# ---------------------------------------------------------------------------------------------
# File rules
# ---------------------------------------------------------------------------------------------


def _set(ff: FileFrame, name: str, parsed: pd.Series, text: pd.Series | None) -> None:
    ff.df[name] = parsed
    if text is not None:  # trimmed text (blank -> missing) is what later rules and reports see
        ff.raw[name] = text


def rule_type(ff: FileFrame) -> list[pd.DataFrame]:
    """Dates, numbers, 0/1 flags and true/false booleans that cannot be read."""
    out = []
    strip = ff.may_need_strip
    for col in ff.spec.columns:
        s = ff.raw[col.name]
        if col.kind == "date":
            parsed, bad, text = parse.parse_date(s, strip)
        elif col.kind in ("int", "float"):
            parsed, bad, text = parse.parse_number(s, col.kind == "int", strip)
        elif col.kind == "flag":
            parsed, bad, text = parse.parse_flag(s, strip)
        elif col.kind == "bool":
            parsed, bad, text = parse.parse_bool(s, strip)
        else:
            continue
        _set(ff, col.name, parsed, text)
        if bad.any():
            action = _act(ff, col.name, bad)
            out.append(P.make(ff.df[bad], ff.table, col.name, ff.raw[col.name][bad], col.expected(),
                              "type", action))
    return out


_NAT = np.iinfo(np.int64).min  # NaT as int64


def rule_implausible_date(ff: FileFrame, latest: tuple[pd.Timestamp, str]) -> list[pd.DataFrame]:
    """Dates before 1900 or after the extract date (today when none is given), in every date
    column: a mistyped year (0204, 2042) is never believed. The row is set aside when the date
    places it (key, main date) or ends a span (DEC, MIS_END, ALLOC_END ...; cleared, the span
    would look open); any other date is cleared, as an unreadable one would be."""
    out = []
    last, last_words = latest
    live = ff.live()
    for col in ff.spec.columns:
        if col.kind != "date":
            continue
        v = ff.df[col.name]
        a = v.to_numpy()
        if a.dtype.kind != "M" or not len(a):
            continue
        years = policy.LATER_ALLOWED.get((ff.table, col.name))
        top = last + pd.DateOffset(years=years) if years else last
        # integer passes over the column (NaT is the smallest int64): most columns stop here
        unit = np.datetime_data(a.dtype)[0]
        i = a.view("i8")
        lo = np.datetime64(policy.EARLIEST_DATE.date(), unit).astype("i8")
        hi = np.datetime64(top.date(), unit).astype("i8")
        # i - 1 wraps NaT round to the largest int64, so its min is the earliest real date - 1
        if i.max() <= hi and (i - 1).min() >= lo - 1:
            continue
        bad = pd.Series(((i < lo) & (i != _NAT)) | (i > hi), index=v.index) & live
        if not bad.any():
            continue
        if (ff.table, col.name) in policy.END_DATES or col.name in policy.essential(ff.table):
            ff.set_aside |= bad
            action = P.ROW_SET_ASIDE
        else:
            ff.df.loc[bad, col.name] = pd.NaT
            action = P.VALUE_CLEARED
        upper = f"{years} years after {last_words}" if years else last_words
        expected = f"a date from {policy.EARLIEST_DATE:%d/%m/%Y} to {upper}"
        out.append(P.make(ff.df[bad], ff.table, col.name, ff.raw[col.name][bad], expected,
                          "implausible_date", action))
    return out


def rule_code(ff: FileFrame) -> list[pd.DataFrame]:
    """Codes outside their code list (any year) and Y/N answers; identifiers and text trimmed."""
    out = []
    strip = ff.may_need_strip
    for col in ff.spec.columns:
        s = ff.raw[col.name]
        if col.kind in ("id", "text"):
            parsed, _, text = parse.parse_text(s, strip, col.kind == "id" and ff.may_have_point_zero)
            _set(ff, col.name, parsed, text)
            continue
        if col.kind == "code":
            parsed, bad, text = parse.parse_code(s, col.codes.codes if col.codes else None, strip)
        elif col.kind == "yn":
            parsed, bad, text = parse.parse_yn(s, strip)
        else:
            continue
        _set(ff, col.name, parsed, text)
        if bad.any():
            action = _act(ff, col.name, bad)
            out.append(P.make(ff.df[bad], ff.table, col.name, ff.raw[col.name][bad], col.expected(),
                              "code", action))
    if ff.spec.extra_columns_are_items:
        out += rule_qc_items(ff)
    return out


def rule_qc_items(ff: FileFrame) -> list[pd.DataFrame]:
    """qc_forms: each extra column is a form item answered Y, N or NA (rule id "code")."""
    out = []
    expected = "one of " + contract.QC_ANSWER.describe()
    for name in ff.extras:
        s = ff.df[name]
        up, bad, text = parse.parse_code(s, contract.QC_ANSWER.codes, ff.may_need_strip)
        ff.df[name] = up.mask(bad)
        if bad.any():
            vals = (text if text is not None else s)[bad]
            out.append(P.make(ff.df[bad], ff.table, name, vals, expected, "code", P.VALUE_CLEARED))
    return out


def rule_range(ff: FileFrame) -> list[pd.DataFrame]:
    """Numbers outside the column's bounds (SDQ_SCORE 0-40, FTE 0-2): value cleared."""
    out = []
    for col in ff.spec.columns:
        if col.kind not in ("int", "float") or not col.range:
            continue
        v = ff.df[col.name]
        lo, hi = col.range
        bad = v.notna() & ((v < lo) | (v > hi))
        if bad.any():
            vals = ff.raw[col.name][bad]
            ff.df.loc[bad, col.name] = np.nan
            out.append(P.make(ff.df[bad], ff.table, col.name, vals, col.expected(), "range",
                              P.VALUE_CLEARED))
    return out


def rule_required(ff: FileFrame) -> list[pd.DataFrame]:
    """Required values left blank (a value cleared by another rule is not counted twice)."""
    out = []
    for col in ff.spec.columns:
        if not col.required:
            continue
        blank = pd.Series(parse.blank(ff.raw[col.name]), index=ff.raw.index)
        if not blank.any():
            continue
        if col.name in policy.essential(ff.table):
            ff.set_aside |= blank
            action = P.ROW_SET_ASIDE
        else:
            action = P.KEPT
        out.append(P.make(ff.df[blank], ff.table, col.name, None, "a value (required)", "required",
                          action))
    return out


def rule_duplicate(ff: FileFrame) -> list[pd.DataFrame]:
    """A row that repeats an earlier row of the same file exactly: the second is set aside.
    (Exact copies share their key text, so only rows whose key repeats are compared whole.)"""
    cand = _key_candidates(ff)
    if not cand.any():
        return []
    whole = pd.concat([ff.raw.loc[cand, c] for c in ff.spec.column_names]
                      + [ff.df.loc[cand, c] for c in ff.extras], axis=1, ignore_index=True)
    dup_c = whole.duplicated(keep="first") & ~ff.set_aside[cand]
    if not dup_c.any():
        return []
    first_row = _first_rows(ff.df.loc[cand, "_row"], whole, dup_c)
    dup = pd.Series(False, index=ff.df.index)
    dup[dup_c.index[dup_c.to_numpy()]] = True
    ff.set_aside |= dup
    return [P.make(ff.df[dup], ff.table, None, "(whole row)",
                   "a row not repeated; same as row " + first_row.to_numpy(dtype=object),
                   "duplicate", P.ROW_SET_ASIDE)]


def _key_candidates(ff: FileFrame) -> np.ndarray:
    """Rows whose parsed key repeats within the file (computed once per file). Exact copies
    are among them, so only these rows are ever compared whole."""
    if ff.key_candidates is None:
        key = list(ff.spec.key) or list(ff.spec.column_names)
        # CHILD text is hashed once; its codes serve the header check too
        codes = {"CHILD": child_codes(ff)[0]} if "CHILD" in key else None
        ff.key_candidates = keys.duplicated(ff.df[key], keep=False, codes=codes)
    return ff.key_candidates


def child_codes(ff: FileFrame) -> tuple[np.ndarray, np.ndarray]:
    if ff.child_codes is None:
        ff.child_codes = pd.factorize(ff.df["CHILD"].to_numpy(dtype=object))
    return ff.child_codes


def _first_rows(rows: pd.Series, keyframe: pd.DataFrame, dup: pd.Series) -> pd.Series:
    """For each duplicate, the spreadsheet row of its first occurrence (as text)."""
    keyframe = keyframe.copy()
    keyframe.columns = [f"k{i}" for i in range(keyframe.shape[1])]
    keycols = list(keyframe.columns)
    keyframe["_row"] = rows.to_numpy()
    first = keyframe.groupby(keycols, dropna=False, sort=False)["_row"].transform("first")
    return first[dup.to_numpy()].astype("int64").astype(str)


def rule_duplicate_key(ff: FileFrame) -> list[pd.DataFrame]:
    """Two usable rows of one file with the same key (e.g. one child reviewed twice on one
    date): the first row is used, the later set aside."""
    key = list(ff.spec.key)
    if not key:
        return []
    rows = _key_candidates(ff) & ff.live().to_numpy()
    if not rows.any():
        return []
    kc = ff.df.loc[rows, key]
    dup_c = kc.duplicated(keep="first")
    if not dup_c.any():
        return []
    first_row = _first_rows(ff.df.loc[kc.index, "_row"], kc, dup_c)
    dup = pd.Series(False, index=ff.df.index)
    dup[dup_c.index[dup_c.to_numpy()]] = True
    ff.set_aside |= dup
    vals = ff.raw.loc[dup, key].astype(str).agg(" / ".join, axis=1) if len(key) > 1 else ff.raw.loc[dup, key[0]]
    return [P.make(ff.df[dup], ff.table, "+".join(key), vals,
                   "a key not repeated in the file; first used at row " + first_row.to_numpy(dtype=object),
                   "duplicate_key", P.ROW_SET_ASIDE)]


def rule_chronology(ff: FileFrame) -> list[pd.DataFrame]:
    """End date before start date (DEC < DECOM, MIS_END < MIS_START, ALLOC_END < ALLOC_START ...)."""
    out = []
    for table, start, end, action in policy.CHRONOLOGY:
        if table != ff.table:
            continue
        s, e = ff.df[start], ff.df[end]
        bad = (e < s).fillna(False) & ff.live()
        if not bad.any():
            continue
        expected = f"a date on or after {start} (" + s[bad].dt.strftime("%d/%m/%Y") + ")"
        if action == P.ROW_SET_ASIDE:
            ff.set_aside |= bad
        else:
            ff.df.loc[bad, end] = pd.NaT
        out.append(P.make(ff.df[bad], ff.table, end, ff.raw[end][bad], expected, "chronology", action))
    return out


def _collection_year(dates: pd.Series) -> pd.Series:
    return dates.dt.year + (dates.dt.month > 3).astype("Int64")


def rule_code_year(ff: FileFrame) -> list[pd.DataFrame]:
    """A code valid in some years only (Z1 / Z11-Z14 / K3, E43-E44 / E45-E48) used in another
    collection year: reported, kept (never rejected)."""
    out = []
    md = policy.main_date(ff.table)
    for col in ff.spec.columns:
        if col.kind != "code" or not col.codes or not col.codes.years:
            continue
        s = ff.df[col.name]
        limited = pd.Series(s.to_numpy(dtype=object), index=s.index).isin(list(col.codes.years)) & ff.live()
        if not limited.any():
            continue
        date_cols = policy.CODE_YEAR_DATE.get((ff.table, col.name), (md,))
        when = None
        for dc in date_cols:
            if dc is None:
                continue
            when = ff.df[dc] if when is None else when.fillna(ff.df[dc])
        if when is None:
            continue
        sub = s[limited]  # only rows holding a year-limited code (few) are looked at
        cy = _collection_year(when[limited])
        bad_sub = pd.Series(False, index=sub.index)
        for code, (first, last) in col.codes.years.items():
            m = sub == code
            if first is not None:
                bad_sub |= m & (cy < first).fillna(False)
            if last is not None:
                bad_sub |= m & (cy > last).fillna(False)
        bad = pd.Series(False, index=s.index)
        bad[bad_sub.index[bad_sub.to_numpy()]] = True
        cy = cy.reindex(s.index)
        if bad.any():
            yrs = cy[bad].astype("int64").astype(str)
            exp = pd.Series([_year_words(col.codes.years[c]) for c in s[bad]], index=yrs.index)
            expected = "a code of collection year " + yrs + " (" + s[bad] + " is valid " + exp + ")"
            out.append(P.make(ff.df[bad], ff.table, col.name, ff.raw[col.name][bad], expected,
                              "code_year", P.KEPT))
    return out


def _year_words(span) -> str:
    first, last = span
    if first is None:
        return f"up to {last - 1}-{str(last)[2:]}"
    if last is None:
        return f"from {first - 1}-{str(first)[2:]}"
    return f"{first - 1}-{str(first)[2:]} to {last - 1}-{str(last)[2:]}"


def rule_p1_under_v2(ff: FileFrame) -> list[pd.DataFrame]:
    """DfE rule 378: a child accommodated under s20 (V2) placed with parents (P1). Kept: the
    episode is real, the return is what is wrong."""
    if ff.table != "episodes":
        return []
    bad = (ff.df["PLACE"] == contract.PLACED_WITH_PARENTS) & (ff.df["LS"] == "V2") & ff.live()
    if not bad.any():
        return []
    return [P.make(ff.df[bad], ff.table, "PLACE", ff.raw["PLACE"][bad],
                   "not P1 while LS is V2 (DfE rule 378)", "p1_under_v2", P.KEPT)]


def rule_escalation_reason(ff: FileFrame, reasons) -> list[pd.DataFrame]:
    """escalations.REASON must be one of the parameter list: otherwise value cleared."""
    if ff.table != "escalations":
        return []
    allowed = {str(r).strip().upper() for r in reasons}
    s = ff.df["REASON"]
    bad = s.notna() & ~s.isin(allowed) & ff.live()
    if not bad.any():
        return []
    vals = ff.raw["REASON"][bad]
    ff.df.loc[bad, "REASON"] = np.nan
    return [P.make(ff.df[bad], ff.table, "REASON", vals, "one of " + ", ".join(sorted(allowed)),
                   "escalation_reason", P.VALUE_CLEARED)]


FILE_RULES = (rule_type, rule_code, rule_range, rule_required, rule_duplicate, rule_duplicate_key,
              rule_chronology, rule_code_year, rule_p1_under_v2)


def run_file_rules(ff: FileFrame, escalation_reasons, latest=None) -> list[pd.DataFrame]:
    """Every file rule in order; LATEST is `policy.latest_date(...)` (today when None)."""
    latest = latest or policy.latest_date(None)
    out = []
    for rule in FILE_RULES:
        out += rule(ff)
        if rule is rule_type:
            out += rule_implausible_date(ff, latest)
    out += rule_escalation_reason(ff, escalation_reasons)
    return out


# ---------------------------------------------------------------------------------------------
# Dataset rules (after stitching)
# ---------------------------------------------------------------------------------------------


def _fmt_dates(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%d/%m/%Y")


def _closing_words(next_start: pd.Series, rec_set: pd.Series, rec: pd.Series | None) -> pd.Series:
    """What the repair did, in words: closed at the next start, and what became of REC."""
    when = _fmt_dates(next_start)
    words = "closed on " + when
    if rec is None:
        return words
    x1 = ", REC set to X1 (the child stayed looked after, so the period of care continues)"
    kept = ", REC left as recorded (" + rec.fillna("").astype(str) + ")"
    new_period = ", REC left blank (the next episode starts a new period of care: RNE S)"
    tail = np.where(rec_set.to_numpy(dtype=bool), x1,
                    np.where(rec.notna().to_numpy(dtype=bool), kept.to_numpy(dtype=object),
                             new_period))
    return words + pd.Series(tail, index=next_start.index, dtype="str")


def rule_overlap(tables: dict[str, pd.DataFrame]) -> tuple[list[pd.DataFrame], dict[str, int]]:
    """Spells of one child (episodes, social worker episodes) in start order. A spell ending
    after the next one starts overlaps it (rule ``overlap``), and a spell left open (blank end)
    before the next one is closed (rule ``closed_at_next_start``): either way its end becomes
    the next spell's start, and an episode whose REC is blank gets REC X1 - the child stayed
    looked after, so no exit and re-entry is invented - unless the next episode starts a new
    period (RNE S), when REC stays blank. Each repair is a data-quality row (action
    "repaired": the row is used as repaired)."""
    out, closed = [], {}
    for table, start, end in policy.EPISODIC:
        df = tables.get(table)
        if df is None or df.empty:
            continue
        child, _ = pd.factorize(df["CHILD"])
        order = np.lexsort((df[start].to_numpy(), child))  # by child, then start (stable)
        df = df.iloc[order].reset_index(drop=True)
        child = child[order]
        same_next = pd.Series(np.append(child[1:] == child[:-1], False), index=df.index)
        next_start = df[start].shift(-1).where(same_next)
        over = same_next & (df[end] > next_start).fillna(False)
        opened = same_next & df[end].isna()
        to_close = over | opened
        closed[table] = int(opened.sum())
        if not to_close.any():
            tables[table] = df
            continue
        has_rec = table == "episodes"
        rec = df["REC"] if has_rec else None
        next_rne = df["RNE"].shift(-1).where(same_next) if has_rec else None
        rec_set = (to_close & rec.isna() & next_rne.ne("S").fillna(True) if has_rec
                   else pd.Series(False, index=df.index))
        for mask, rule, values, expected_head in (
                (over, "overlap", _fmt_dates(df[end]),
                 "a date on or before the next " + start + " (" + _fmt_dates(next_start) + "); "),
                (opened, "closed_at_next_start", None,
                 "a " + end + ": left open before the child's next " + start + "; ")):
            if not mask.any():
                continue
            words = _closing_words(next_start[mask], rec_set[mask], rec[mask] if has_rec else None)
            head = expected_head if isinstance(expected_head, str) else expected_head[mask]
            vals = values[mask] if values is not None else None
            out.append(P.make(df[mask], table, end, vals, head + words, rule, P.REPAIRED))
        df.loc[to_close, end] = next_start[to_close]
        if has_rec and rec_set.any():
            df.loc[rec_set, "REC"] = contract.STILL_LOOKED_AFTER_REC
        tables[table] = df
    return out, closed


def _header_dob(tables) -> pd.Series | None:
    h = tables.get("header")
    if h is None or h.empty:
        return None
    h = h.drop_duplicates("CHILD")
    return pd.Series(h["DOB"].to_numpy(), index=pd.Index(h["CHILD"].to_numpy(dtype=object)))


def _dob_of(df: pd.DataFrame, dob: pd.Series) -> pd.Series:
    """The header DOB of each row's CHILD (NaT when not in header), by one hashed lookup."""
    pos = dob.index.get_indexer(df["CHILD"].to_numpy(dtype=object))
    vals = np.append(dob.to_numpy(), np.array(["NaT"], dtype=dob.dtype))[pos]
    return pd.Series(vals, index=df.index)


def rule_before_birth(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """A review (set aside) or an episode (kept) dated before the child's DOB in header."""
    dob = _header_dob(tables)
    if dob is None:
        return []
    out = []
    for table, col, action in (("reviews", "REVIEW", P.ROW_SET_ASIDE), ("episodes", "DECOM", P.KEPT)):
        df = tables.get(table)
        if df is None or df.empty:
            continue
        d = _dob_of(df, dob)
        bad = (df[col] < d).fillna(False)
        if not bad.any():
            continue
        expected = "a date on or after DOB (" + _fmt_dates(d[bad]) + ")"
        out.append(P.make(df[bad], table, col, _fmt_dates(df.loc[bad, col]), expected, "before_birth",
                          action))
        if action == P.ROW_SET_ASIDE:
            tables[table] = df[~bad].reset_index(drop=True)
    return out


def rule_pn_age(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """PN0 only for a child under 4 at the review; PN1-PN7 only for 4 and over (age from the
    header DOB, else the review row's DOB). The code is cleared; the review still counts."""
    df = tables.get("reviews")
    if df is None or df.empty:
        return []
    dob = _header_dob(tables)
    d = _dob_of(df, dob) if dob is not None else pd.Series(pd.NaT, index=df.index)
    d = d.fillna(df["DOB"]) if "DOB" in df else d
    code = df["REVIEW_CODE"]
    has = code.notna() & d.notna() & df["REVIEW"].notna()
    if not has.any():
        return []
    # Whole days settle "4 or over" except within a few days of the 4th birthday (1,460 days
    # is under 4 for everyone, 1,464 over); there the calendar's age in years decides.
    days = (df["REVIEW"] - d).dt.days
    four = np.array(days >= 1464, dtype=bool)
    band = np.array(has & (days >= 1460) & (days < 1464), dtype=bool)
    if band.any():
        four[band] = (age_in_years(d[band], df.loc[band, "REVIEW"]) >= 4).to_numpy(dtype=bool)
    pn0 = (code == "PN0").to_numpy(dtype=bool)
    pn17 = code.isin(contract.PARTICIPATION_CODES[1:]).to_numpy(dtype=bool)
    bad = pd.Series(has.to_numpy(dtype=bool) & ((pn0 & four) | (pn17 & ~four)), index=df.index)
    if not bad.any():
        return []
    rows = df[bad]
    age = age_in_years(d[bad], rows["REVIEW"])
    expected = ("PN0 under 4, PN1-PN7 for 4 and over; age at review " + age.astype(str))
    out = [P.make(rows, "reviews", "REVIEW_CODE", rows["REVIEW_CODE"], expected, "pn_age",
                  P.VALUE_CLEARED)]
    df.loc[bad, "REVIEW_CODE"] = np.nan
    return out


def rule_child_not_in_header(tables: dict[str, pd.DataFrame],
                             children: dict[str, list] | None = None) -> list[pd.DataFrame]:
    """A child in another table but not in header: kept (the IRO tables may reach children
    outside the 903 years), so their ages and DOB-based checks are unknown. CHILDREN (table ->
    the distinct CHILD values of each of its files) lets a table whose children are all in
    header be skipped without looking at its rows."""
    h = tables.get("header")
    if h is None:
        return []
    known = pd.Index(h["CHILD"].dropna().unique())
    known_set = None
    out = []
    for name, df in tables.items():
        if name == "header" or df is None or df.empty or "CHILD" not in df:
            continue
        if children and children.get(name):
            if known_set is None:
                known_set = set(known.to_numpy(dtype=object))
            if all(known_set.issuperset(np.asarray(u, dtype=object)) for u in children[name]):
                continue  # every distinct CHILD of every file of this table is in header
        bad = df["CHILD"].notna() & ~df["CHILD"].isin(known)
        if bad.any():
            out.append(P.make(df[bad], name, "CHILD", df.loc[bad, "CHILD"], "a CHILD listed in header",
                              "child_not_in_header", P.KEPT))
    return out

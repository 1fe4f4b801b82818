"""The closing data-quality section: every row the loader set aside or changed, and why."""
from __future__ import annotations

import pandas as pd

from .blocks import Block, details, esc, note, para
from .format import table

ACTION_WORDS = {
    "row set aside": "Row set aside (not used)",
    "value cleared": "Value treated as blank (row used)",
    "kept": "Kept as it is (for information)",
    "file set aside": "Whole file set aside",
    "column not read": "Column not read (personal details)",
}


def problem_summary(problems: pd.DataFrame) -> pd.DataFrame:
    """Counts of problem rows by rule, file and action (most frequent first)."""
    cols = ["rule", "file", "table", "action"]
    if problems is None or problems.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols} | {"rows": pd.Series(dtype="int64")})
    p = problems.copy()
    for c in cols:
        p[c] = p[c].astype("object").where(p[c].notna(), "")
    g = p.groupby(cols, dropna=False).size().reset_index(name="rows")
    g["rows"] = g["rows"].astype("int64")
    return g.sort_values(["rows", "rule", "file"], ascending=[False, True, True]).reset_index(drop=True)


DERIVED_RULES = {
    "review_outside_care": "review dated outside every period of care",
    "duplicate_review": "second review of one child on one date (the first is used)",
    "date_out_of_range": "date outside the years 1678-2261, which days cannot be counted in",
}


def rule_words(rule) -> str:
    """What a rule id checks, in words, with the id in brackets (as the loader names it)."""
    try:
        from ..load.problems import RULES
    except ImportError:  # pragma: no cover
        RULES = {}
    words = {**RULES, **DERIVED_RULES}.get(str(rule))
    return f"{words[:1].upper() + words[1:]} ({rule})" if words else str(rule)


def all_problems(ds) -> pd.DataFrame:
    """The loader's rows plus those the care periods set aside (reviews outside every period,
    duplicate reviews); the loader's alone if the periods cannot be derived."""
    try:
        from ..periods import all_problems as derived

        return derived(ds)
    except Exception:  # the data quality section must never fail the report
        return ds.problems


def data_quality_section(ctx, max_listed: int = 2000) -> Block:
    """Summary by rule and file, then every row (file, row number, column, value, what was
    expected, what was done), grouped by rule in closed lists the reader can open."""
    probs = all_problems(ctx.ds)
    if probs is None or len(probs) == 0:
        return Block(para("The data checks found nothing to set aside or change: every row of "
                          "every file was used as supplied."), data={"summary": problem_summary(None)})
    s = problem_summary(probs)
    n_aside = int((probs["action"] == "row set aside").sum())
    n_files = int((probs["action"] == "file set aside").sum())
    n_clear = int((probs["action"] == "value cleared").sum())
    n_kept = int((probs["action"] == "kept").sum())
    intro = para(
        f"The data checks made {len(probs):,} finding(s): {n_aside:,} row(s) set aside, "
        f"{n_clear:,} value(s) treated as blank, {n_kept:,} kept for information"
        + (f", and {n_files:,} file(s) could not be used" if n_files else "")
        + ". Rows set aside are not counted in any figure above. Row numbers are spreadsheet "
          "rows (the header is row 1), so each can be found and corrected at source.")
    summ = s.assign(action=s["action"].map(lambda a: ACTION_WORDS.get(a, a)),
                    rule=s["rule"].map(rule_words))
    parts = [intro, table(summ, caption="Data-quality findings by rule and file",
                          labels={"rule": "Rule", "file": "File", "table": "Table",
                                  "action": "What was done", "rows": "Rows"},
                          counts=[])]  # never suppressed: these are rows of data, not children
    listing = probs.copy()
    listing["row"] = pd.to_numeric(listing["row"], errors="coerce").astype("Int64")
    listing = listing.sort_values(["rule", "file", "row"], kind="stable")
    if getattr(ctx, "suppress", False):
        # The row listing quotes values (child IDs, dates of birth): not for a paper that will
        # be published. The counts above stay; the rows are one command away.
        parts.append(para("This paper is for publication, so the rows themselves are not listed "
                          "(their values can identify a child). To see every row, with its file, "
                          "row number, column and value, run 'iro-audit check --data' on the data "
                          "folder, or run this report with suppression off."))
        return Block(*parts, data={"summary": s, "rows": listing})
    for rule, grp in listing.groupby("rule", sort=True, dropna=False):
        shown = grp.head(max_listed)
        cols = ["file", "row", "table", "column", "value", "expected", "action"]
        t = shown[cols].assign(action=shown["action"].map(lambda a: ACTION_WORDS.get(a, a)),
                               row=shown["row"].map(lambda v: "" if pd.isna(v) else str(int(v))))
        more = f" (first {max_listed:,} shown)" if len(grp) > max_listed else ""
        parts.append(details(
            f"{rule_words(rule)}: {len(grp):,} row(s){more}",
            table(t, labels={"file": "File", "row": "Row", "table": "Table", "column": "Column",
                             "value": "Value found", "expected": "Expected", "action": "What was done"},
                  counts=[], codes=False)))
    parts.append(para("Open each rule above to see its rows."))
    return Block(*parts, data={"summary": s, "rows": listing})


def tables_missing_note(ctx, *tables: str, what: str = "This section") -> str | None:
    """A note when any of TABLES was not supplied, else None."""
    missing = [t for t in tables if not ctx.ds.has(t)]
    if not missing:
        return None
    return note(f"{what} needs the {', '.join(missing)} table(s), which were not supplied, "
                "so it is left out.")


__all__ = ["data_quality_section", "problem_summary", "tables_missing_note", "esc"]

"""The closing data-quality section: every row the loader set aside or changed, and why."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .blocks import Block, details, esc, note, para
from .format import SUPPRESSED, fmt_number, paper_of, table

DQ_TOTAL, DQ_ACTION, DQ_ROW = "data_quality.findings", "data_quality.action.", "data_quality.row."

INTRO_WORDS = {"file set aside": "file(s) could not be used",
               "repaired": "repaired (e.g. an episode left open closed at the next one's start)",
               "column not read": "column(s) not read (personal details)"}

ACTION_WORDS = {
    "row set aside": "Row set aside (not used)",
    "value cleared": "Value treated as blank (row used)",
    "kept": "Kept as it is (for information)",
    "file set aside": "Whole file set aside",
    "column not read": "Column not read (personal details)",
    "repaired": "Repaired by a stated rule (row used)",
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


def absent_words(ds, tables) -> str:
    """How a section left out says why: "was not supplied", or - when a file was recognised as
    the table but held no usable rows - "was supplied but held no usable rows". TABLES: a table
    name, or text naming tables ("midway_reviews or iro_visits")."""
    from ..contract import TABLES

    names = [w for w in re.findall(r"[a-z0-9_]+", str(tables)) if w in TABLES]
    empty = [t for t in names if t in getattr(ds, "empty_tables", ())]
    if empty and all(t in empty or not ds.has(t) for t in names):
        return ("was supplied but held no usable rows (see the data-quality section), "
                "rather than showing 0")
    return "was not supplied"


def empty_tables_words(ds) -> str | None:
    """A sentence naming every table supplied with no usable rows, or None."""
    empty = list(getattr(ds, "empty_tables", ()) or ())
    if not empty:
        return None
    files = {t: sorted({f.path for f in getattr(ds, "files", []) if f.table == t}) for t in empty}
    named = "; ".join(f"the {t} table ({', '.join(files[t])})" if files[t] else f"the {t} table"
                      for t in empty)
    return (f"Supplied but held no usable rows: {named}. Figures that need them are not given, "
            "or read 0 only because the file was empty (header, episodes and reviews are needed "
            "by everything): check the export before trusting this report.")


def data_quality_section(ctx, max_listed: int = 2000) -> Block:
    """Summary by rule and file, then every row (file, row number, column, value, what was
    expected, what was done), grouped by rule in closed lists the reader can open."""
    probs = all_problems(ctx.ds)
    empty = empty_tables_words(ctx.ds)
    if probs is None or len(probs) == 0:
        return Block(para("The data checks found nothing to set aside or change: every row of "
                          "every file was used as supplied."), data={"summary": problem_summary(None)})
    s = problem_summary(probs)
    paper = getattr(ctx, "paper", None) or bool(getattr(ctx, "suppress", False))
    # Under suppression the counts are suppressed like any other (a row of data can be a
    # child): the total, the totals by action and the rows of the summary add up, so they are
    # the paper's lines and a second count is hidden where one would give another away.
    actions = list(dict.fromkeys(list(ACTION_WORDS) + list(s["action"])))
    by_action = {a: int((probs["action"] == a).sum()) for a in actions}
    by_action = {a: n for a, n in by_action.items() if n or a in ("row set aside", "value cleared", "kept")}
    if paper:
        paper.relate(DQ_TOTAL, [f"{DQ_ACTION}{a}" for a in by_action])
        for a in by_action:
            paper.relate(f"{DQ_ACTION}{a}", [f"{DQ_ROW}{i}" for i in np.flatnonzero(s["action"] == a)])
    # the total and the totals by action settled together, so the second figure hidden is
    # the smallest non-zero one
    hide = paper_of(paper).settle({**by_action, "": len(probs)}, [(list(by_action), "")],
                                  {**{a: f"{DQ_ACTION}{a}" for a in by_action}, "": DQ_TOTAL})
    total = SUPPRESSED if "" in hide else fmt_number(len(probs))
    said = {a: SUPPRESSED if a in hide else fmt_number(n) for a, n in by_action.items()}
    extra = [f"{said[a]} {INTRO_WORDS.get(a, a)}" for a in by_action
             if a not in ("row set aside", "value cleared", "kept")]
    intro = para(
        f"The data checks made {total} finding(s): {said['row set aside']} row(s) set aside, "
        f"{said['value cleared']} value(s) treated as blank, {said['kept']} kept for information"
        + "".join(f", {e}" for e in extra)
        + ". Rows set aside are not counted in any figure above. Row numbers are spreadsheet "
          "rows (the header is row 1), so each can be found and corrected at source.")
    summ = s.assign(action=s["action"].map(lambda a: ACTION_WORDS.get(a, a)),
                    rule=s["rule"].map(rule_words))
    summ = pd.concat([summ, pd.DataFrame([{"rule": "Total", "file": "", "table": "", "action": "",
                                           "rows": len(probs)}])], ignore_index=True)
    summ["rows"] = summ["rows"].astype("int64")
    keys = {(i, "rows"): f"{DQ_ROW}{i}" for i in range(len(s))}
    keys[(len(s), "rows")] = DQ_TOTAL
    parts = [note(empty) if empty else None, intro, table(summ, caption="Data-quality findings by rule and file",
                          labels={"rule": "Rule", "file": "File", "table": "Table",
                                  "action": "What was done", "rows": "Rows"},
                          counts=["rows"], suppress=paper, keys=keys, total_row=True)]
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
    """A note when any of TABLES was not supplied (or held no usable rows), else None."""
    missing = [t for t in tables if not ctx.ds.has(t)]
    if not missing:
        return None
    return note(f"{what} needs the {', '.join(missing)} table(s), which "
                f"{absent_words(ctx.ds, ' '.join(missing)).replace('was ', 'were ', 1)}, "
                "so it is left out.")


__all__ = ["data_quality_section", "problem_summary", "tables_missing_note", "absent_words",
           "empty_tables_words", "esc"]

"""Building the data-quality ``problems`` table and printing it readably."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset import PROBLEM_COLUMNS, empty_problems

ROW_SET_ASIDE = "row set aside"
VALUE_CLEARED = "value cleared"
KEPT = "kept"
FILE_SET_ASIDE = "file set aside"
COLUMN_NOT_READ = "column not read"
REPAIRED = "repaired"  # the row is used, with a value filled in by a stated rule

# Rule id -> one line saying what it checks (the report's group headings).
RULES = {
    "file_unreadable": "file could not be read (empty, not CSV/XLSX/XML, damaged, or unsafe XML)",
    "file_unrecognised": "file's columns match no contract table",
    "file_ambiguous": "file's columns fit two tables equally",
    "encoding": "file is not UTF-8",
    "extra_column": "column not in the contract (kept with the table)",
    "xml_element_not_read": "XML element the toolkit does not know (not read)",
    "xml_stray_text": "text between XML elements (ignored)",
    "identifying_column": "column of personal details (names, addresses, NHS numbers): not read",
    "type": "value is not a valid date / number",
    "implausible_date": "date before 1900 or after the extract date (a year typed wrong)",
    "code": "value is not in the column's code list",
    "code_year": "code is valid, but not in the collection year of the row",
    "range": "number outside its allowed range",
    "required": "required value is blank",
    "duplicate": "exact duplicate of an earlier row in the same file",
    "duplicate_key": "same key as an earlier row in the same file (the first is used)",
    "chronology": "end date before start date",
    "overlap": "episode overlaps the child's next episode (closed at the next DECOM)",
    "closed_at_next_start": "episode left open before the child's next one (closed at the next "
                            "start; REC X1 when blank: still looked after)",
    "before_birth": "dated before the child's date of birth (header DOB)",
    "pn_age": "PN0 is for a child under 4 at the review; PN1-PN7 for 4 and over",
    "p1_under_v2": "DfE rule 378: placed with parents (P1) while accommodated under s20 (V2)",
    "child_not_in_header": "child not in the header table",
    "empty_table": "file supplied with no usable rows (no data rows, or every row set aside)",
    "escalation_reason": "escalation REASON not in the parameter list",
    "unmatched_record": ("IRO record (review record, Q&C form, s20 agreement, placed-with-parents "
                         "record) matching no review or run start: its review or run counts as "
                         "having none"),
    # CIN census and conference records (cin_rules.py)
    "plan_end_before_start": "child protection plan ends (CPPendDate) before it starts",
    "plan_overlap": "child protection plan starts while an earlier plan of the child is open",
    "plan_review_no_plan": "plan review with no plan of that child and CPPstartDate",
    "plan_review_outside_plan": "plan review dated before its plan's start or after its end",
    "icpc_before_s47": "initial conference (DateOfInitialCPC) before the s47 began",
    "child_not_in_cin_children": "plan or s47 of a child not in cin_children",
    "born_after_referral": "CIN referral dated before the child's PersonBirthDate",
    "chair_not_in_iros": "conference CHAIR_ID not in iros",
}


def make(rows: pd.DataFrame, table: str, column: str | None, values, expected: str, rule: str,
         action: str) -> pd.DataFrame:
    """Problems for the rows of a parsed/raw frame holding ``_file`` and ``_row``."""
    n = len(rows)
    if n == 0:
        return empty_problems()
    if isinstance(values, pd.Series):
        vals = values.to_numpy(dtype=object)
    elif values is None or np.isscalar(values):
        vals = np.full(n, values, dtype=object)
    else:
        vals = np.asarray(values, dtype=object)
    return pd.DataFrame({
        "file": rows["_file"].to_numpy(dtype=object),
        "row": rows["_row"].to_numpy(),
        "table": table,
        "column": column,
        "value": vals,
        "expected": expected,
        "rule": rule,
        "action": action,
    })


def single(file, row, table, column, value, expected, rule, action) -> pd.DataFrame:
    return pd.DataFrame([[file, row, table, column, value, expected, rule, action]],
                        columns=PROBLEM_COLUMNS)


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty_problems()
    out = pd.concat(frames, ignore_index=True)
    out["row"] = pd.array(out["row"], dtype="Int64")
    for c in PROBLEM_COLUMNS:
        if c != "row":
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out[PROBLEM_COLUMNS]


def _fmt(v, width: int) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    s = str(v)
    return s if len(s) <= width else s[: width - 1] + "…"


def format_problems(problems: pd.DataFrame, limit: int = 5) -> str:
    """The data-quality report as text: per rule a count by action, then its first LIMIT rows."""
    if problems is None or len(problems) == 0:
        return "No data-quality problems."
    lines = []
    counts = problems["action"].value_counts()
    lines.append(f"{len(problems)} data-quality problem(s): " + ", ".join(
        f"{int(counts[a])} {a}" for a in (ROW_SET_ASIDE, VALUE_CLEARED, REPAIRED, KEPT, FILE_SET_ASIDE,
                                         COLUMN_NOT_READ)
        if a in counts))
    order = list(RULES) + sorted(set(problems["rule"].dropna()) - set(RULES))
    by_rule = {r: g for r, g in problems.groupby("rule", sort=False)}
    for rule in order:
        g = by_rule.get(rule)
        if g is None:
            continue
        acts = g["action"].value_counts()
        lines.append("")
        lines.append(f"[{rule}] {RULES.get(rule, '')} - {len(g)} "
                     f"({', '.join(f'{int(n)} {a}' for a, n in acts.items())})")
        head = g.head(limit)
        if rule.startswith("file_") or rule == "encoding":
            for r in head.itertuples(index=False):
                lines.append(f"    {r.file}: {r.expected}")
        else:
            lines.append(f"    {'file':<28} {'row':>7}  {'column':<20} {'value':<14} {'action':<14} expected")
            for r in head.itertuples(index=False):
                row = "" if pd.isna(r.row) else str(int(r.row))
                lines.append(f"    {_fmt(r.file, 28):<28} {row:>7}  {_fmt(r.column, 20):<20} "
                             f"{_fmt(r.value, 14):<14} {_fmt(r.action, 14):<14} {_fmt(r.expected, 90)}")
        if len(g) > limit:
            lines.append(f"    ... and {len(g) - limit} more")
    return "\n".join(lines)

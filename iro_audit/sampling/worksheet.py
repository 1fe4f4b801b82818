"""The audit worksheet (XLSX): one row per sampled case, one drop-down column per question.

Sheet ``Audit``: row 1 is the header (``SEQ, CHILD``, the case facts, one column per question
id, ``NOTES``); each sampled case is a row below it, in the order drawn. Facts are pre-filled
and locked; answer and notes cells are unlocked and the sheet is protected (no password), so
the header and facts cannot be changed by accident. Each question column has a drop-down of its
allowed answers. Sheet ``Questions`` lists the questions in full, sheet ``About`` how the
sample was drawn (from the manifest) and how to fill the worksheet in. A hidden sheet ``_sample``
records the manifest id, the tool, the question hash and the question ids so a completed
worksheet is read back only against the sample and questions it was made from.

Only IDs are written: no child's name, date of birth, UPN or postcode (a column whose name
contains NAME, DOB, UPN, POST, ADDRESS or NHS is never written; AGE says enough).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

AUDIT_SHEET = "Audit"
QUESTIONS_SHEET = "Questions"
META_SHEET = "_sample"
ABOUT_SHEET = "About"
FIXED = ["SEQ", "CHILD"]
NOTES = "NOTES"
ACTION, OWNER, DUE = "ACTION", "OWNER", "DUE"
ACTION_COLUMNS = [ACTION, OWNER, DUE]   # an audit worksheet's action for a case with an N
ROLES = ("audit", "moderation")
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")


_IDENTIFYING = ("NAME", "DOB", "UPN", "POST", "ADDRESS", "NHS")


def _private(column: str) -> bool:
    c = str(column).upper()
    return (c.startswith("_") or any(w in c for w in _IDENTIFYING)
            or c in ("NOTES", "COMMENTS", "SEQ", "CHILD"))


def fact_columns(sample: pd.DataFrame, questions, facts: list[str] | None = None) -> list[str]:
    """The case facts the worksheet shows: FACTS if given, else the question set's ``facts``
    that the sample has (or every column but identifying ones), plus STRATUM when the sample
    was stratified. Identifying columns are never shown."""
    if facts is not None:
        cols = [c for c in facts if c in sample.columns and not _private(c) and c != "STRATUM"]
    elif questions.facts is not None:
        cols = [c for c in questions.facts if c in sample.columns and not _private(c)]
    else:
        cols = [c for c in sample.columns if not _private(c) and c != "STRATUM"]
    if "STRATUM" in sample.columns:
        cols.append("STRATUM")
    return cols


def _cell_value(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime().date() if v == v.normalize() else v.to_pydatetime()
    if isinstance(v, np.datetime64):
        return _cell_value(pd.Timestamp(v))
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.bool_, bool)):
        return "Y" if v else "N"
    return v


def write_worksheet(sample: pd.DataFrame, manifest: dict, questions, path,
                    facts: list[str] | None = None, auditor: str | None = None,
                    role: str = "audit") -> Path:
    """Write the worksheet for SAMPLE (from `select`) to PATH; returns the path. FACTS: the
    columns to show (default: see `fact_columns`). AUDITOR: whose worksheet it is (the
    cases shared to them). ROLE "audit" adds the action columns ACTION, OWNER, DUE after
    NOTES (an action for a case with an N answer); "moderation" (a moderator's second look at
    cases already audited) has none. Both are recorded on the hidden sheet."""
    if manifest.get("questions_hash") != questions.hash():
        raise ValueError("the manifest was made with a different question set")
    if role not in ROLES:
        raise ValueError(f"role {role} must be one of {', '.join(ROLES)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    facts = fact_columns(sample, questions, facts)
    extra = ACTION_COLUMNS if role == "audit" else []
    header = FIXED + facts + questions.ids + [NOTES] + extra
    q_first = len(FIXED) + len(facts) + 1  # 1-based column of the first question
    n_rows = len(sample)

    wb = Workbook()
    ws = wb.active
    ws.title = AUDIT_SHEET
    for j, name in enumerate(header, start=1):
        c = ws.cell(row=1, column=j, value=name)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if name in questions.ids:
            q = questions.question(name)
            c.comment = Comment(f"{q.theme}: {q.text}\nAnswers: {', '.join(q.answers)}", "iro-audit",
                                width=300, height=150)
    seq = sample["SEQ"] if "SEQ" in sample.columns else pd.Series(range(1, n_rows + 1))
    for i, (_, row) in enumerate(sample.reset_index(drop=True).iterrows(), start=2):
        ws.cell(row=i, column=1, value=int(seq.iloc[i - 2]))
        ws.cell(row=i, column=2, value=str(row["CHILD"]))
        for j, col in enumerate(facts, start=3):
            c = ws.cell(row=i, column=j, value=_cell_value(row[col]))
            if isinstance(c.value, (dt.date, dt.datetime)):
                c.number_format = "DD/MM/YYYY"
        for j in range(q_first, len(header) + 1):
            c = ws.cell(row=i, column=j)
            c.protection = Protection(locked=False)
            c.fill = _ANSWER_FILL
            if header[j - 1] == DUE:
                c.number_format = "DD/MM/YYYY"
    if n_rows:
        for k, q in enumerate(questions.questions):
            letter = get_column_letter(q_first + k)
            dv = DataValidation(type="list", formula1='"' + ",".join(q.answers) + '"',
                                allow_blank=True, showErrorMessage=True, showDropDown=False,
                                errorTitle="Not an allowed answer",
                                error=f"Choose one of {', '.join(q.answers)}",
                                promptTitle=q.id[:32], prompt=q.text[:250], showInputMessage=True)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{n_rows + 1}")
    for j, name in enumerate(header, start=1):
        width = 44 if name in (NOTES, ACTION) else (12 if name in questions.ids else max(8, len(str(name)) + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=2, column=3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # column widths may be changed
    ws.protection.formatRows = False

    qs = wb.create_sheet(QUESTIONS_SHEET)
    qs.append(["QUESTION", "THEME", "TEXT", "ANSWERS", "GUIDANCE"])
    for c in qs[1]:
        c.font = Font(bold=True)
    for q in questions.questions:
        qs.append([q.id, q.theme, q.text, ", ".join(q.answers), q.guidance])
    for letter, width in zip("ABCDE", (28, 24, 90, 40, 40)):
        qs.column_dimensions[letter].width = width
    for row in qs.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    qs.protection.sheet = True

    about = wb.create_sheet(ABOUT_SHEET)
    m = manifest
    rows = [
        ("Audit", f"{questions.title} ({questions.id})"),
        *([("Auditor", auditor)] if auditor else []),
        *([("Worksheet", "MODERATION: a second, independent look at cases already audited; "
                         "answer as if auditing afresh, without the first auditor's answers")]
          if role == "moderation" else []),
        ("Sample", m.get("manifest_id")),
        ("Audit date (as at)", m.get("as_at")),
        ("Cohort", ", ".join(f"{k}: {v}" for k, v in (m.get("cohort") or {}).items()) or "all cases"),
        ("Cases in the cohort", m.get("population")),
        ("Cases sampled", m.get("achieved")),
        ("Margin of error (95%, p = 0.5)",
         None if m.get("margin") is None else f"+/- {100 * m['margin']:.1f}%"),
        ("Seed", m.get("seed")),
        ("Stratified by", m.get("strata") or "not stratified"),
        ("Data fingerprint", m.get("data_fingerprint")),
        ("Drawn", f"{m.get('created_at')} by {m.get('created_by')}"),
        ("How to fill in", "Answer every question from the drop-down on the Audit sheet (N marks "
                           "a case for follow-up; NA where the question does not apply) and add "
                           "notes. Do not add, remove or rename columns or rows: the worksheet "
                           "is read back against its manifest."
                           + (" For a case with an N, write the ACTION needed, its OWNER (who "
                              "will do it) and the DUE date (DD/MM/YYYY)." if extra else "")),
    ]
    for k, v in rows:
        about.append([k, v])
    for row in about.iter_rows():
        row[0].font = Font(bold=True)
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    about.column_dimensions["A"].width = 32
    about.column_dimensions["B"].width = 90
    about.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    meta.append(["manifest_id", manifest["manifest_id"]])
    meta.append(["tool", questions.id])
    meta.append(["questions_hash", questions.hash()])
    meta.append(["facts", ",".join(facts)])
    meta.append(["question_ids", *questions.ids])
    meta.append(["role", role])
    meta.append(["auditor", auditor or ""])
    meta.append(["extra", ",".join(extra)])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.active = 0
    wb.save(path)
    return path

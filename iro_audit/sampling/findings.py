"""Reading a completed audit worksheet back, and the findings it gives.

`read_worksheet` checks the worksheet against the manifest and question set it was made from;
every problem names the sheet row and cell, e.g. "row 5, cell D5: 'Maybe' is not one of Y, N,
NA". `findings` turns the answers into answer rates per question and per theme (n = Y answers,
d = Y + N answers, NA and blanks left out; Wilson 95% intervals), grade distributions, and the
cases to follow up (any N answer).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..metrics._common import proportion
from .worksheet import (ACTION, ACTION_COLUMNS, AUDIT_SHEET, DUE, FIXED, META_SHEET, NOTES,
                        OWNER)

MAX_LISTED = 20


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def read_worksheet(path, manifest: dict, questions) -> pd.DataFrame:
    """The answers of a completed worksheet: one row per case, columns ``ROW`` (sheet row),
    ``SEQ, CHILD``, one per question (the allowed answer, or None when left blank) and
    ``NOTES``. Raises `DataError` listing every problem found."""
    from openpyxl import load_workbook

    path = Path(path)
    where = path.name
    if not path.exists():
        raise DataError(f"worksheet {path} does not exist")
    if manifest.get("tool") != questions.id:
        raise DataError(f"{where}: the manifest is for tool '{manifest.get('tool')}', "
                        f"not '{questions.id}'")
    if manifest.get("questions_hash") != questions.hash():
        raise DataError(f"{where}: the question set '{questions.id}' has changed since the sample "
                        f"was drawn (manifest {manifest.get('questions_hash')}, now {questions.hash()}); "
                        "read it with the question set it was made with")
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds
        raise DataError(f"{where}: cannot be read as an XLSX workbook ({e})") from None
    if AUDIT_SHEET not in wb.sheetnames:
        raise DataError(f"{where}: there is no '{AUDIT_SHEET}' sheet (found {', '.join(wb.sheetnames)})")
    meta, meta_row = {}, {}
    if META_SHEET in wb.sheetnames:
        for i, r in enumerate(wb[META_SHEET].iter_rows(values_only=True), start=1):
            if r and r[0]:
                meta[r[0]] = r[1]
                meta_row[r[0]] = i
        if meta.get("manifest_id") and meta["manifest_id"] != manifest.get("manifest_id"):
            raise DataError(f"{where}: sheet {META_SHEET}, row {meta_row['manifest_id']}, cell "
                            f"B{meta_row['manifest_id']}: this worksheet was made for sample "
                            f"{meta['manifest_id']}, but the manifest is for sample "
                            f"{manifest.get('manifest_id')} (a worksheet from another sample)")
    role = str(meta.get("role") or "audit")
    auditor = _text(meta.get("auditor"))
    expected_ids = [str(c) for c in manifest["ids"]]
    scope = "the sample"
    if role == "moderation":
        mod = manifest.get("moderation") or {}
        if not mod:
            raise DataError(f"{where}: sheet {META_SHEET}, row {meta_row.get('role')}: this is a "
                            "moderation worksheet but the manifest records no moderation (run "
                            "iro-audit sample moderate with this manifest)")
        expected_ids = [str(c) for c in mod.get("ids", [])]
        scope = "the moderation sample (cases drawn for moderation from those audited)"
    elif auditor is not None:
        cases = (manifest.get("auditors") or {}).get("cases") or {}
        if auditor not in set(cases.values()):
            raise DataError(f"{where}: sheet {META_SHEET}, row {meta_row.get('auditor')}, cell "
                            f"B{meta_row.get('auditor')}: auditor '{auditor}' has no cases in "
                            f"sample {manifest.get('manifest_id')}")
        expected_ids = [c for c in expected_ids if cases.get(c) == auditor]
        scope = f"{auditor}'s share of the sample"
    ws = wb[AUDIT_SHEET]
    problems: list[str] = []

    # -- header -------------------------------------------------------------------------------
    header = [_text(c.value) for c in ws[1]]
    while header and header[-1] is None:
        header.pop()
    q_ids = questions.ids
    if meta.get("facts") is not None:
        facts = [f for f in str(meta["facts"]).split(",") if f]
    else:  # no hidden sheet: the facts are whatever lies between CHILD and the first question
        facts = []
        for name in header[len(FIXED):]:
            if name in q_ids or name == NOTES:
                break
            facts.append(name)
    if meta.get("extra") is not None:
        extra = [c for c in str(meta.get("extra") or "").split(",") if c]
    else:  # worksheets made before the action columns: whatever action columns follow NOTES
        extra = [c for c in header[header.index(NOTES) + 1:] if c in ACTION_COLUMNS] \
            if NOTES in header else []
    expected = FIXED + facts + q_ids + [NOTES] + extra
    found_at = {}
    for j, name in enumerate(header, start=1):
        found_at.setdefault(name, j)
    for j, want in enumerate(expected, start=1):
        got = header[j - 1] if j <= len(header) else None
        if got == want:
            continue
        cell = f"{_letter(j)}1"
        if want in q_ids:
            if want in found_at:
                problems.append(f"row 1, cell {_letter(found_at[want])}1: question column '{want}' "
                                f"has moved (expected in {cell})")
            else:
                problems.append(f"row 1, cell {cell}: question column '{want}' is missing"
                                + (f" (found '{got}')" if got else "")
                                + "; question columns must not be changed")
        else:
            problems.append(f"row 1, cell {cell}: expected the column '{want}'"
                            + (f" but found '{got}'" if got else " but it is blank"))
    if problems:
        raise DataError(_summary(where, problems))
    pos = {name: j for j, name in enumerate(expected, start=1)}

    # -- rows -----------------------------------------------------------------------------------
    seq_of = {str(c): i for i, c in enumerate(manifest["ids"])}
    in_sample = {c: seq_of.get(c, i) for i, c in enumerate(expected_ids)}
    seen: dict[str, int] = {}
    records = []
    answers_of = {q.id: {a.upper(): a for a in q.answers} for q in questions.questions}
    yes_no_ids = [q.id for q in questions.questions if q.yes_no]
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        vals = list(row) + [None] * (len(header) - len(row))
        child = _text(vals[pos["CHILD"] - 1])
        answer_vals = {qid: _text(vals[pos[qid] - 1]) for qid in q_ids}
        notes = _text(vals[pos[NOTES] - 1]) if NOTES in pos else None
        if child is None:
            filled = [qid for qid, v in answer_vals.items() if v is not None]
            if filled:
                cell = f"{_letter(pos[filled[0]])}{r}"
                problems.append(f"row {r}, cell {cell}: an answer on a row without a child ID")
            continue
        cell = f"{_letter(pos['CHILD'])}{r}"
        if child not in in_sample:
            problems.append(f"row {r}, cell {cell}: child '{child}' is not in {scope}")
            continue
        if child in seen:
            problems.append(f"row {r}, cell {cell}: child '{child}' is on the worksheet twice "
                            f"(also row {seen[child]})")
            continue
        seen[child] = r
        rec = {"ROW": r, "SEQ": in_sample[child] + 1, "CHILD": child}
        for qid in q_ids:
            v = answer_vals[qid]
            if v is None:
                rec[qid] = None
                continue
            canon = answers_of[qid].get(v.upper())
            if canon is None:
                allowed = ", ".join(questions.question(qid).answers)
                problems.append(f"row {r}, cell {_letter(pos[qid])}{r}: '{v}' is not one of {allowed}")
            rec[qid] = canon
        rec[NOTES] = notes
        act = {c: (vals[pos[c] - 1] if c in pos else None) for c in ACTION_COLUMNS}
        rec.update(_action(act, rec, yes_no_ids, pos, r, problems))
        records.append(rec)
    missing = [c for c in expected_ids if c not in seen]
    if missing and not any("is not in " in p for p in problems):
        shown = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
        what = "sampled case(s)" if scope == "the sample" else f"case(s) of {scope}"
        problems.append(f"{len(missing)} {what} are not on the worksheet: {shown}")
    if problems:
        raise DataError(_summary(where, problems))
    out = pd.DataFrame(records, columns=["ROW", "SEQ", "CHILD"] + q_ids + [NOTES] + ACTION_COLUMNS)
    out = out.sort_values("SEQ", kind="mergesort").reset_index(drop=True)
    out.attrs = {"file": path.name, "role": role, "auditor": auditor}
    return out


def _action(act: dict, rec: dict, yes_no_ids: list[str], pos: dict, r: int,
            problems: list[str]) -> dict:
    """ACTION, OWNER, DUE of one row, checked: an action needs an owner and a due date, and
    is for a case with at least one N answer; an owner or date needs an action."""
    action, owner = _text(act[ACTION]), _text(act[OWNER])
    due_raw = act[DUE]
    due = None
    if due_raw not in (None, ""):
        if isinstance(due_raw, (dt.date, dt.datetime)):
            due = pd.Timestamp(due_raw).date().isoformat()
        else:
            try:
                text = str(due_raw).strip()
                iso = len(text) >= 10 and text[4] == "-"     # 2027-01-31 (else 31/01/2027)
                due = pd.to_datetime(text, dayfirst=not iso).date().isoformat()
            except (ValueError, TypeError):
                problems.append(f"row {r}, cell {_letter(pos[DUE])}{r}: due date '{due_raw}' is "
                                "not a date (use DD/MM/YYYY)")
    if action is None:
        if owner is not None or due is not None:
            c = OWNER if owner is not None else DUE
            problems.append(f"row {r}, cell {_letter(pos[c])}{r}: an {c.lower()} is given but "
                            "there is no action")
        return {ACTION: None, OWNER: None, DUE: None}
    if owner is None:
        problems.append(f"row {r}, cell {_letter(pos[OWNER])}{r}: the action has no owner")
    if due is None and due_raw in (None, ""):
        problems.append(f"row {r}, cell {_letter(pos[DUE])}{r}: the action has no due date")
    if not any(rec.get(q) == "N" for q in yes_no_ids):
        problems.append(f"row {r}, cell {_letter(pos[ACTION])}{r}: an action on a case with no "
                        "N answer (actions follow a standard not met)")
    return {ACTION: action, OWNER: owner, DUE: due}


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j)


def _summary(where: str, problems: list[str]) -> str:
    if len(problems) == 1:
        return f"{where}: {problems[0]}"
    lines = problems[:MAX_LISTED]
    more = f"\n  ... and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    return f"{where}: {len(problems)} problems:\n  " + "\n  ".join(lines) + more


def findings(answers: pd.DataFrame, questions, manifest: dict | None = None) -> dict:
    """Findings from `read_worksheet`'s answers.

    ``questions``: per yes/no question ``{id, theme, text, Y, N, NA, blank, rate}`` where rate
    is ``{n, d, pct, ci95}`` (n = Y, d = Y + N); per graded question ``{id, theme, text,
    grades: {answer: count, in the question's order}, blank}``. ``themes``: per theme the rate
    over its yes/no answers pooled. ``follow_up``: cases with any N answer, in sample order,
    ``{CHILD, SEQ, ROW, questions: [ids answered N], notes}``. Also ``cases`` (rows),
    ``complete`` (cases with every question answered), ``tool`` and ``manifest_id``.
    """
    qrows, theme_n, theme_d = [], {}, {}
    for q in questions.questions:
        col = answers[q.id] if q.id in answers.columns else pd.Series([None] * len(answers))
        counts = col.value_counts(dropna=True)
        blank = int(col.isna().sum())
        base = {"id": q.id, "theme": q.theme, "text": q.text}
        if q.yes_no:
            y, n = int(counts.get("Y", 0)), int(counts.get("N", 0))
            row = {**base, **{a: int(counts.get(a, 0)) for a in q.answers}, "blank": blank,
                   "rate": proportion(y, y + n)}
            theme_n[q.theme] = theme_n.get(q.theme, 0) + y
            theme_d[q.theme] = theme_d.get(q.theme, 0) + y + n
        else:
            row = {**base, "grades": {a: int(counts.get(a, 0)) for a in q.answers}, "blank": blank}
        qrows.append(row)
    themes = [{"theme": t, "questions": [q.id for q in questions.questions if q.theme == t and q.yes_no],
               "rate": proportion(theme_n[t], theme_d[t])}
              for t in questions.themes if t in theme_d]
    yn = [q.id for q in questions.questions if q.yes_no]
    follow = []
    for _, r in answers.iterrows():
        no = [qid for qid in yn if r.get(qid) == "N"]
        if no:
            follow.append({"CHILD": r["CHILD"], "SEQ": int(r["SEQ"]) if "SEQ" in r else None,
                           "ROW": int(r["ROW"]) if "ROW" in r else None, "questions": no,
                           "notes": None if pd.isna(r.get(NOTES)) else str(r.get(NOTES))})
    complete = int(answers[questions.ids].notna().all(axis=1).sum()) if len(answers) else 0
    return {"tool": questions.id, "title": questions.title,
            "manifest_id": manifest.get("manifest_id") if manifest else None,
            "cases": int(len(answers)), "complete": complete,
            "questions": qrows, "themes": themes, "follow_up": follow}


def findings_tables(f: dict) -> dict[str, pd.DataFrame]:
    """The findings as tables for a report: ``questions`` (yes/no), ``themes``, ``grades``
    (long: QUESTION, GRADE, COUNT) and ``follow_up``."""
    q = pd.DataFrame([{"QUESTION": r["id"], "THEME": r["theme"], "TEXT": r["text"],
                       "Y": r.get("Y", 0), "N": r.get("N", 0), "NA": r.get("NA", 0),
                       "BLANK": r["blank"], "PCT": r["rate"]["pct"],
                       "CI_LOW": (r["rate"]["ci95"] or [None, None])[0],
                       "CI_HIGH": (r["rate"]["ci95"] or [None, None])[1]}
                      for r in f["questions"] if "rate" in r],
                     columns=["QUESTION", "THEME", "TEXT", "Y", "N", "NA", "BLANK", "PCT",
                              "CI_LOW", "CI_HIGH"])
    t = pd.DataFrame([{"THEME": r["theme"], "Y": r["rate"]["n"], "ANSWERED": r["rate"]["d"],
                       "PCT": r["rate"]["pct"], "CI_LOW": (r["rate"]["ci95"] or [None, None])[0],
                       "CI_HIGH": (r["rate"]["ci95"] or [None, None])[1]} for r in f["themes"]],
                     columns=["THEME", "Y", "ANSWERED", "PCT", "CI_LOW", "CI_HIGH"])
    g = pd.DataFrame([{"QUESTION": r["id"], "GRADE": k, "COUNT": v}
                      for r in f["questions"] if "grades" in r for k, v in r["grades"].items()],
                     columns=["QUESTION", "GRADE", "COUNT"])
    fu = pd.DataFrame([{"SEQ": r["SEQ"], "CHILD": r["CHILD"], "ROW": r["ROW"],
                        "QUESTIONS_N": ", ".join(r["questions"]), "NOTES": r["notes"]}
                       for r in f["follow_up"]], columns=["SEQ", "CHILD", "ROW", "QUESTIONS_N", "NOTES"])
    return {"questions": q, "themes": t, "grades": g, "follow_up": fu}


def format_findings(f: dict) -> str:
    """Plain-text findings for the command line."""
    lines = [f"{f['title']} ({f['tool']}), sample {f['manifest_id']}: {f['cases']} cases, "
             f"{f['complete']} fully answered", "", "Questions (Y of Y + N, 95% interval):"]
    for r in f["questions"]:
        if "rate" in r:
            lines.append("  " + _rate_line(r["id"], r["rate"]) + f"  NA {r.get('NA', 0)}, blank {r['blank']}")
        else:
            grades = ", ".join(f"{k} {v}" for k, v in r["grades"].items())
            lines.append(f"  {r['id']}: {grades}, blank {r['blank']}")
    lines += ["", "Themes:"] + ["  " + _rate_line(t["theme"], t["rate"]) for t in f["themes"]]
    lines += ["", f"Cases to follow up (any N): {len(f['follow_up'])}"]
    for c in f["follow_up"]:
        lines.append(f"  {c['CHILD']} (row {c['ROW']}): {', '.join(c['questions'])}"
                     + (f" - {c['notes']}" if c["notes"] else ""))
    return "\n".join(lines)


def _rate_line(label: str, rate: dict) -> str:
    if not rate["d"]:
        return f"{label}: no Y or N answers"
    lo, hi = rate["ci95"]
    return f"{label}: {rate['n']}/{rate['d']} = {rate['pct']:.1f}% ({lo:.1f}% to {hi:.1f}%)"

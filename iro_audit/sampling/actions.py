"""Actions from an audit: a case with an N answer can carry an ACTION, its OWNER and a DUE
date on the audit worksheet (checked by `read_worksheet`). `actions` lists them with whether
each is overdue at the report date; `by_owner` counts them per owner; `write_tracker` exports
them as an XLSX action tracker for the owners to update (marked by a hidden sheet, so a tracker
given among the returned worksheets is passed over, not read as one)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..window import to_date

TRACKER_SHEET = "_action_tracker"   # hidden: marks the file as a tracker, never a worksheet
TRACKER_COLUMNS = ["OWNER", "DUE", "OVERDUE", "CHILD", "SEQ", "AUDITOR", "QUESTIONS_N", "ACTION",
                   "STATUS", "DONE_ON", "UPDATE"]


def actions(answers: pd.DataFrame, questions, report_date) -> list[dict]:
    """``{OWNER, DUE, OVERDUE, CHILD, SEQ, AUDITOR, FILE, ROW, QUESTIONS_N, ACTION}`` per case
    with an action, by owner (name order) then due date then sample order. OVERDUE: the due
    date is before REPORT_DATE."""
    day = to_date(report_date, "report date")
    yn = [q.id for q in questions.questions if q.yes_no]
    out = []
    if "ACTION" not in answers.columns:
        return out
    for _, r in answers.iterrows():
        if r.get("ACTION") is None or pd.isna(r.get("ACTION")):
            continue
        due = r.get("DUE")
        out.append({"OWNER": r["OWNER"], "DUE": due,
                    "OVERDUE": bool(due is not None and pd.Timestamp(due) < day),
                    "CHILD": r["CHILD"], "SEQ": int(r["SEQ"]),
                    "AUDITOR": r.get("AUDITOR"), "FILE": r.get("FILE"), "ROW": int(r["ROW"]),
                    "QUESTIONS_N": [q for q in yn if r.get(q) == "N"], "ACTION": r["ACTION"]})
    out.sort(key=lambda a: (str(a["OWNER"]).casefold(), a["DUE"] or "", a["SEQ"]))
    return out


def by_owner(acts: list[dict]) -> list[dict]:
    """``{owner, actions, overdue}`` per owner, in name order."""
    owners: dict[str, dict] = {}
    for a in acts:
        o = owners.setdefault(a["OWNER"], {"owner": a["OWNER"], "actions": 0, "overdue": 0})
        o["actions"] += 1
        o["overdue"] += int(a["OVERDUE"])
    return sorted(owners.values(), key=lambda o: str(o["owner"]).casefold())


def write_tracker(acts: list[dict], path, manifest: dict | None = None, report_date=None) -> Path:
    """The actions as an XLSX tracker: sheet ``Actions`` (one row per action, with blank
    STATUS, DONE_ON and UPDATE columns for the owners) and ``About``. Child IDs only."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(TRACKER_COLUMNS)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="D9E1F2")
    for a in acts:
        due = pd.Timestamp(a["DUE"]).date() if a["DUE"] else None
        ws.append([a["OWNER"], due, "OVERDUE" if a["OVERDUE"] else "", a["CHILD"], a["SEQ"],
                   a["AUDITOR"], ", ".join(a["QUESTIONS_N"]), a["ACTION"], None, None, None])
        ws.cell(row=ws.max_row, column=2).number_format = "DD/MM/YYYY"
        ws.cell(row=ws.max_row, column=8).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJK", (18, 12, 10, 12, 6, 14, 30, 60, 12, 12, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    about = wb.create_sheet("About")
    m = manifest or {}
    for k, v in (("Audit", f"{m.get('tool_title', '')} ({m.get('tool', '')})"),
                 ("Sample", m.get("manifest_id")), ("Audit date (as at)", m.get("as_at")),
                 ("Overdue at", None if report_date is None else
                  to_date(report_date, "report date").date().isoformat()),
                 ("Actions", len(acts)),
                 ("How to use", "Each owner records STATUS (open, done), the date DONE_ON and an "
                                "UPDATE. Child IDs only: look the case up in the case record.")):
        about.append([k, v])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 90
    mark = wb.create_sheet(TRACKER_SHEET)
    mark.append(["manifest_id", m.get("manifest_id")])
    mark.sheet_state = "hidden"
    wb.save(path)
    return path

"""Returned worksheets: several auditors' worksheets (and a moderation worksheet) read back
together against one manifest, and the progress of the audit.

`read_returns` reads each file with `read_worksheet` (which checks it against the manifest and
question set and names the row and cell of any problem) and then checks them together: one
worksheet per auditor, no case on two audit worksheets, and every moderated case audited.
`progress` says, per auditor, how many cases were shared to them, returned and complete.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from .findings import read_worksheet

ONE_WORKSHEET = "(one worksheet)"   # the auditor of a sample not shared among auditors


@dataclass
class Returns:
    answers: pd.DataFrame                 # audit answers; adds AUDITOR and FILE
    moderation: pd.DataFrame | None       # the moderator's answers (FILE added), or None
    files: list                           # {file, role, auditor, cases} per worksheet read


def read_returns(paths, manifest: dict, questions) -> Returns:
    """Read every worksheet in PATHS; raises `DataError` listing the problems of every file. An
    action tracker among them (`actions.write_tracker`) is passed over, and listed in
    ``files`` as such."""
    errors, audit, mods, files = [], [], [], []
    by_auditor: dict[str, str] = {}
    for p in [Path(x) for x in paths]:
        if _is_tracker(p):
            files.append({"file": p.name, "role": "action tracker (not a worksheet: not read)",
                          "auditor": None, "cases": 0})
            continue
        try:
            a = read_worksheet(p, manifest, questions)
        except DataError as e:
            errors.append(str(e))
            continue
        role, who = a.attrs.get("role", "audit"), a.attrs.get("auditor")
        a = a.assign(FILE=p.name)
        files.append({"file": p.name, "role": role, "auditor": who, "cases": int(len(a))})
        if role == "moderation":
            mods.append(a)
            continue
        key = who or ONE_WORKSHEET
        if key in by_auditor:
            errors.append(f"{p.name}: {'the worksheet of ' + who if who else 'a worksheet for the whole sample'} "
                          f"was given twice (also {by_auditor[key]})")
            continue
        by_auditor[key] = p.name
        audit.append(a.assign(AUDITOR=key))
    if len(mods) > 1:
        errors.append("more than one moderation worksheet given: "
                      + ", ".join(m["FILE"].iloc[0] for m in mods))
    answers = pd.concat(audit, ignore_index=True) if audit else None
    if answers is not None:
        dup = answers[answers["CHILD"].duplicated(keep=False)]
        for child, part in dup.groupby("CHILD", sort=True):
            where = ", ".join(f"{f} row {r}" for f, r in zip(part["FILE"], part["ROW"]))
            errors.append(f"child '{child}' is on more than one audit worksheet ({where})")
    moderation = mods[0] if len(mods) == 1 else None
    if moderation is not None:
        done = set(answers["CHILD"]) if answers is not None else set()
        for _, r in moderation.iterrows():
            if r["CHILD"] not in done:
                cases = (manifest.get("auditors") or {}).get("cases") or {}
                who = cases.get(r["CHILD"])
                errors.append(f"{r['FILE']}: row {r['ROW']}, cell B{r['ROW']}: child "
                              f"'{r['CHILD']}' is moderated but has not been audited (its audit "
                              + (f"worksheet, {who}'s, " if who else "worksheet ")
                              + "is not among those given)")
    if errors:
        raise DataError("\n".join(errors))
    if answers is None:
        cols = ["ROW", "SEQ", "CHILD"] + questions.ids + ["NOTES", "ACTION", "OWNER", "DUE",
                                                          "FILE", "AUDITOR"]
        answers = pd.DataFrame(columns=cols)
    answers = answers.sort_values("SEQ", kind="mergesort").reset_index(drop=True)
    return Returns(answers, moderation, files)


def _is_tracker(path: Path) -> bool:
    """An action tracker written by `actions.write_tracker` (its hidden sheet says so)."""
    from openpyxl import load_workbook

    from .actions import TRACKER_SHEET

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read_worksheet reports an unreadable file properly
        return False
    try:
        return TRACKER_SHEET in wb.sheetnames
    finally:
        wb.close()


def progress(ret: Returns, manifest: dict, questions) -> dict:
    """``{auditors: [{auditor, worksheet, allocated, returned, complete, outstanding}], total,
    moderation}``: per auditor the cases shared to them, those on their returned worksheet,
    those with every question answered, and those not yet complete (allocated - complete);
    ``moderation``: ``{moderator, cases, returned, complete}`` when a moderation was drawn."""
    shared = (manifest.get("auditors") or {}).get("cases")
    if shared:
        names = [a["AUDITOR"] for a in manifest["auditors"]["auditors"]]
        allocated = {n: sum(1 for v in shared.values() if v == n) for n in names}
    else:
        names, allocated = [ONE_WORKSHEET], {ONE_WORKSHEET: len(manifest["ids"])}
    a = ret.answers
    rows = []
    for n in names:
        mine = a[a["AUDITOR"] == n]
        complete = int(mine[questions.ids].notna().all(axis=1).sum()) if len(mine) else 0
        rows.append({"auditor": n, "worksheet": mine["FILE"].iloc[0] if len(mine) else None,
                     "allocated": allocated[n], "returned": int(len(mine)),
                     "complete": complete, "outstanding": allocated[n] - complete})
    total = {k: sum(r[k] for r in rows) for k in ("allocated", "returned", "complete", "outstanding")}
    total["worksheets_returned"] = sum(1 for r in rows if r["worksheet"])
    total["worksheets_expected"] = sum(1 for r in rows if r["allocated"])
    mod = None
    if manifest.get("moderation"):
        md = manifest["moderation"]
        m = ret.moderation
        mod = {"moderator": md.get("moderator"), "cases": len(md.get("ids", [])),
               "worksheet": md.get("worksheet"),
               "returned": 0 if m is None else int(len(m)),
               "complete": 0 if m is None else int(m[questions.ids].notna().all(axis=1).sum())}
    return {"auditors": rows, "total": total, "moderation": mod}

"""The demonstration: a sample drawn from the synthetic demo authority with answers filled in
automatically (seeded), so the findings report can be seen before any real audit. Such a
worksheet says so on its About sheet and the report labels it as a demonstration."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...errors import ParameterError
from ._common import DEMO_MARK

DEMO_OWNERS = ("Team manager (North)", "Team manager (South)", "Head of service")
DEMO_ACTIONS = ("Record the missing evidence on the child's file",
                "Discuss at supervision and agree a plan",
                "IRO to raise at the next review",
                "Refer to the service manager for a decision")


def is_demo_path(path) -> bool:
    """A path in the demonstration folder outputs/dip_samples/demo/."""
    parts = Path(path).resolve().parts
    return len(parts) >= 4 and parts[-4:-1] == ("outputs", "dip_samples", "demo")


def is_demo_worksheet(path) -> bool:
    """Whether the worksheet was filled in automatically (its About sheet says so)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read_worksheet reports an unreadable file properly
        return False
    try:
        if "About" not in wb.sheetnames:
            return False
        return any(r and r[0] == DEMO_MARK for r in wb["About"].iter_rows(values_only=True))
    finally:
        wb.close()


def fill_demo_answers(path, questions, seed: int = 1, blank_rate: float = 0.02,
                      today=None) -> Path:
    """Fill the answer cells of the worksheet at PATH with seeded, plausible answers, mark it as
    a demonstration on its About sheet, and save it in place.

    Each yes/no question gets its own rate of Y (between 82% and 99%), about 8% NA and the rest
    N; graded questions mostly GOOD or REQUIRES_IMPROVEMENT; about BLANK_RATE of cells are left
    blank. Cases with an N get a note saying the answers are not real and, on a worksheet with
    action columns, about two in three an action, owner and due date (from 45 days before
    TODAY, default today, to 60 days after: some are overdue)."""
    import datetime as dt
    from openpyxl import load_workbook

    from ...sampling.worksheet import ABOUT_SHEET, AUDIT_SHEET, NOTES

    rng = np.random.default_rng(int(seed))
    act_rng = np.random.default_rng([int(seed), 3])
    day = dt.date.fromisoformat(str(today)) if today else dt.date.today()
    wb = load_workbook(path)
    ws = wb[AUDIT_SHEET]
    header = [c.value for c in ws[1]]
    col = {name: j for j, name in enumerate(header, start=1) if name}
    rates = {q.id: float(rng.uniform(0.82, 0.99)) for q in questions.questions}
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=col["CHILD"]).value in (None, ""):
            continue
        any_n = False
        for q in questions.questions:
            if rng.random() < blank_rate:
                continue
            if q.yes_no:
                u = rng.random()
                if u < 0.08 and "NA" in q.answers:
                    ans = "NA"
                else:
                    ans = "Y" if rng.random() < rates[q.id] else "N"
                    any_n |= ans == "N"
            else:
                k = len(q.answers)
                w = np.array([0.12, 0.45, 0.33, 0.10][:k] + [0.1] * max(0, k - 4))
                ans = q.answers[int(rng.choice(k, p=w / w.sum()))]
            ws.cell(row=r, column=col[q.id], value=ans)
        if any_n and NOTES in col:
            ws.cell(row=r, column=col[NOTES], value="Demonstration: not a real case.")
        if any_n and "ACTION" in col and act_rng.random() < 0.67:
            ws.cell(row=r, column=col["ACTION"], value=str(act_rng.choice(DEMO_ACTIONS)))
            ws.cell(row=r, column=col["OWNER"], value=str(act_rng.choice(DEMO_OWNERS)))
            due = day + dt.timedelta(days=int(act_rng.integers(-45, 61)))
            ws.cell(row=r, column=col["DUE"], value=due).number_format = "DD/MM/YYYY"
    about = wb[ABOUT_SHEET]
    about.append([DEMO_MARK, "Answers filled in automatically with seeded random values to show "
                             f"the findings report (seed {seed}). They describe no real case."])
    wb.save(path)
    return Path(path)


def make_demo_worksheet(worksheet, manifest, data_dir=None, tool: str = "s20",
                        as_at="2026-03-31", n: int = 20, seed: int = 4521,
                        answer_seed: int = 7) -> tuple[Path, Path]:
    """A completed demonstration worksheet at WORKSHEET with its manifest at MANIFEST: a sample
    of N drawn with SEED from the demo authority in DATA_DIR (made first if missing; None: see
    `data_folder.default_data_dir`), answered by `fill_demo_answers`. Returns (worksheet,
    manifest)."""
    from ... import sampling
    from ...load import build_dataset
    from ..context import ensure_demo_data
    from ..data_folder import default_data_dir

    data_dir = default_data_dir(data_dir)
    ensure_demo_data(data_dir)
    if not Path(data_dir).is_dir():
        raise ParameterError(f"data folder not found: {data_dir} (needed to make the "
                             "demonstration worksheet)")
    ds = build_dataset(data_dir)     # the demo authority: default parameters
    qs = sampling.load_questions(tool)
    frame = sampling.case_frame(ds, as_at, qs.base)
    drawn = sampling.draw(ds, qs, as_at=as_at, n=min(n, len(frame)), seed=seed,
                          created_by="iro-audit demonstration")
    manifest = sampling.save_manifest(drawn.manifest, manifest)
    worksheet = sampling.write_worksheet(drawn.sample, drawn.manifest, qs, worksheet)
    fill_demo_answers(worksheet, qs, seed=answer_seed)
    return Path(worksheet), Path(manifest)



def fill_demo_moderation(path, audit, questions, seed: int = 1, differ: float = 0.08) -> Path:
    """Fill the moderation worksheet at PATH as a demonstration: each case's answers are its
    audit answers (AUDIT: `read_returns` answers), with about DIFFER of them changed to
    another allowed answer (seeded), so agreement is high but not perfect; marked as a
    demonstration on its About sheet."""
    from openpyxl import load_workbook

    from ...sampling.worksheet import ABOUT_SHEET, AUDIT_SHEET

    rng = np.random.default_rng([int(seed), 4])
    given = audit.set_index("CHILD")
    wb = load_workbook(path)
    ws = wb[AUDIT_SHEET]
    header = [c.value for c in ws[1]]
    col = {name: j for j, name in enumerate(header, start=1) if name}
    for r in range(2, ws.max_row + 1):
        child = ws.cell(row=r, column=col["CHILD"]).value
        if child not in given.index:
            continue
        for q in questions.questions:
            v = given.at[child, q.id]
            if v is None or v != v:
                continue
            if rng.random() < differ:
                others = [a for a in q.answers if a != v]
                v = others[int(rng.integers(len(others)))]
            ws.cell(row=r, column=col[q.id], value=v)
    wb[ABOUT_SHEET].append([DEMO_MARK, "Moderation answers made automatically from the audit "
                                       f"answers with some changed at random (seed {seed}). They "
                                       "describe no real case."])
    wb.save(path)
    return Path(path)


def make_demo_cycle(folder, data_dir=None, tool: str = "s20", as_at="2026-03-31", n: int = 20,
                    seed: int = 4521, share: float = 0.25, today=None) -> Path:
    """The whole audit cycle as a demonstration in FOLDER: a sample of N drawn with SEED from
    the demo authority in DATA_DIR, shared between two auditors (the first IRO of the demo
    authority, who may not audit their own children, and a team manager, TM-DEMO), both
    worksheets answered automatically with some actions, then a moderation share SHARE drawn
    for QA-DEMO and answered from the audit answers with a few changed. Returns the manifest
    path."""
    import pandas as pd

    from ... import sampling
    from ...load import build_dataset
    from ..context import ensure_demo_data
    from ..data_folder import default_data_dir

    data_dir = default_data_dir(data_dir)
    ensure_demo_data(data_dir)
    if not Path(data_dir).is_dir():
        raise ParameterError(f"data folder not found: {data_dir} (needed to make the "
                             "demonstration worksheets)")
    ds = build_dataset(data_dir)
    qs = sampling.load_questions(tool)
    frame = sampling.case_frame(ds, as_at, qs.base)
    auditors = [{"AUDITOR": "TM-DEMO", "IRO_ID": None, "TEAM": None}]
    if ds.has("iros") and len(ds["iros"]):
        iro = ds["iros"].sort_values("IRO_ID").iloc[0]
        team = iro.get("TEAM") if "TEAM" in ds["iros"].columns else None
        auditors.insert(0, {"AUDITOR": str(iro["IRO_ID"]), "IRO_ID": str(iro["IRO_ID"]),
                            "TEAM": None if pd.isna(team) else str(team)})
    folder = Path(folder)
    drawn = sampling.draw(ds, qs, as_at=as_at, n=min(n, len(frame)), seed=seed, out_dir=folder,
                          auditors=pd.DataFrame(auditors), created_by="iro-audit demonstration")
    for i, path in enumerate(drawn.worksheets.values()):
        fill_demo_answers(path, qs, seed=7 + i, today=today)
    ret = sampling.read_returns(list(drawn.worksheets.values()), drawn.manifest, qs)
    rec = sampling.moderate(drawn.manifest_path, share, "QA-DEMO", seed=11, questions=qs,
                            audited=list(ret.answers["CHILD"]))
    fill_demo_moderation(rec["path"], ret.answers, qs, seed=11)
    return drawn.manifest_path

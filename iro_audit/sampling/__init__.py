"""Dip samples: cohorts, sample size, seeded selection, manifests, audit worksheets, findings.

The usual round::

    from iro_audit import sampling
    qs = sampling.load_questions("s20")
    drawn = sampling.draw(ds, qs, as_at="2026-03-31", n=20, seed=4521, out_dir="audit/")
    # ... the auditor fills in drawn.worksheet_path ...
    answers = sampling.read_worksheet(drawn.worksheet_path, drawn.manifest, qs)
    result = sampling.findings(answers, qs, drawn.manifest)

Shared among auditors: ``draw(..., auditors="auditors.csv")`` writes one worksheet per
auditor (``drawn.worksheets``); ``moderate(manifest_path, 0.2, "TM1", seed)`` draws the
moderation worksheet; ``ret = read_returns(paths, manifest, qs)`` reads what has come back and
``cycle_findings(ret, qs, manifest, report_date, previous)`` gives findings, progress,
moderation agreement, actions and the comparison with the last audit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ParameterError

from .auditors import (LOOKBACK_MONTHS, auditor_frame, iro_history, loads, read_auditors,
                       recent_iros, share_cases)
from .actions import actions, by_owner, write_tracker
from .compare import compare, load_previous
from .cycle import cycle_findings, format_cycle
from .moderation import agreement, draw_moderation, moderate
from .returns import Returns, progress, read_returns
from .cohorts import AGE_BANDS, allocated_iro, band_of_age, case_frame, cohort, cohort_definition
from .findings import findings, findings_tables, format_findings, read_worksheet
from .manifest import load_manifest, make_manifest, manifest_json, save_manifest
from .questions import Question, QuestionSet, available_tools, load_questions, parse_questions
from .select import allocate, select
from .size import describe_margin, describe_size, margin_for, size_for
from .worksheet import fact_columns, write_worksheet

__all__ = [
    "AGE_BANDS", "Drawn", "Returns", "actions", "agreement", "by_owner", "compare",
    "cycle_findings", "draw_moderation", "format_cycle", "load_previous", "moderate", "progress",
    "read_returns", "write_tracker", "auditor_frame", "iro_history", "loads", "read_auditors", "share_cases", "Question", "QuestionSet", "allocate", "allocated_iro",
    "available_tools", "band_of_age", "case_frame", "cohort", "cohort_definition",
    "describe_margin", "describe_size", "draw", "fact_columns", "findings", "findings_tables",
    "format_findings", "load_manifest", "load_questions", "make_manifest", "manifest_json",
    "margin_for", "parse_questions", "read_worksheet", "save_manifest", "select", "size_for",
    "write_worksheet",
]


@dataclass
class Drawn:
    sample: pd.DataFrame
    manifest: dict
    cohort: pd.DataFrame
    worksheet_path: Path | None = None
    manifest_path: Path | None = None
    worksheets: dict | None = None      # {AUDITOR: path} when shared among auditors


def draw(ds, questions, as_at, n: int | None = None, seed: int = 0, strata: str | None = None,
         allocation: str = "proportional", margin: float | None = None, p: float = 0.5,
         out_dir=None, frame: pd.DataFrame | None = None, created_by: str | None = None,
         auditors=None, not_own_team: bool = False, **filters) -> Drawn:
    """Cohort, selection, manifest and (with OUT_DIR) worksheet + manifest files in one go.

    QUESTIONS: a QuestionSet or a tool id. FRAME: the cases to draw from (default
    `case_frame(ds, as_at, questions.base)`), filtered by FILTERS (see `cohort`). N: the sample
    size; when None it is worked out from MARGIN (default 0.05) and P. The manifest's cohort
    says the base ("looked_after", "s20", "pwp" or "supplied frame") and the filters. The worksheet shows
    the question set's facts for the default frame, and every column of a FRAME given (but
    identifying ones: names, DOB, UPN, postcodes). Files are named
    ``<tool>_<as_at>_seed<seed>.xlsx`` and ``.manifest.json``.

    AUDITORS (a path to the auditors CSV or a table, see `auditors.read_auditors`): the cases
    are shared among them with `auditors.share_cases` (seeded by SEED; no auditor gets a
    child they are or were in the last 12 months the IRO for; with NOT_OWN_TEAM none of their
    own team) and one worksheet per auditor is written, ``<stem>_<AUDITOR>.xlsx``.
    """
    if not isinstance(questions, QuestionSet):
        questions = load_questions(questions)
    base = frame if frame is not None else case_frame(ds, as_at, questions.base)
    chosen = cohort(base, **filters)
    definition = {"base": "supplied frame" if frame is not None else questions.base,
                  **chosen.attrs.get("cohort", {})}
    if not len(chosen):
        filt = ", ".join(f"{k} {v}" for k, v in definition.items() if k != "base")
        raise ParameterError(f"no cases to sample: the cohort ({definition['base']} at {as_at}"
                             + (f"; {filt}" if filt else "") + ") is empty")
    target = None
    if n is None:
        target = margin if margin is not None else 0.05
        n = size_for(len(chosen), target, p)
    sample = select(chosen, n, seed, strata=strata, allocation=allocation)
    shared = None
    if auditors is not None:
        table = read_auditors(auditors) if isinstance(auditors, (str, Path)) else auditor_frame(auditors)
        history = iro_history(ds, as_at) if ds is not None else None
        cases = share_cases(sample, table, seed, history=history, not_own_team=not_own_team)
        shared = {"seed": int(seed), "not_own_team": bool(not_own_team),
                  "lookback_months": LOOKBACK_MONTHS,
                  "auditors": [{k: r[k] for k in ("AUDITOR", "IRO_ID", "TEAM")}
                               for r in table.to_dict("records")],
                  "cases": cases, "loads": loads(cases, table),
                  "iros": recent_iros(sample, history)}
    manifest = make_manifest(sample, questions=questions, seed=seed, population=len(chosen),
                             requested=n, cohort=definition, target_margin=target,
                             data_fingerprint=ds.fingerprint() if ds is not None else "",
                             data_source=getattr(ds, "source", "") if ds is not None else "",
                             data_extract=(ds.extract.as_dict() if getattr(ds, "extract", None)
                                           is not None else None),
                             as_at=as_at, strata=strata, allocation=allocation, p=p,
                             created_by=created_by, auditors=shared)
    drawn = Drawn(sample=sample, manifest=manifest, cohort=chosen)
    if out_dir is not None:
        out = Path(out_dir)
        stem = f"{questions.id}_{manifest['as_at']}_seed{seed}"
        facts = None if frame is None else [c for c in frame.columns if c != "CHILD"]
        if shared is None:
            drawn.worksheet_path = write_worksheet(sample, manifest, questions,
                                                   out / f"{stem}.xlsx", facts=facts)
        else:
            drawn.worksheets = {}
            for a, k in shared["loads"].items():
                if not k:
                    continue
                mine = sample[sample["CHILD"].astype(str).map(shared["cases"]) == a]
                drawn.worksheets[a] = write_worksheet(mine, manifest, questions,
                                                      out / f"{stem}_{_safe(a)}.xlsx",
                                                      facts=facts, auditor=a)
            manifest["worksheets"] = {a: p.name for a, p in drawn.worksheets.items()}
        drawn.manifest_path = save_manifest(manifest, out / f"{stem}.manifest.json")
    return drawn


def _safe(name: str) -> str:
    """An auditor ID as part of a file name."""
    import re

    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(name)).strip("-") or "auditor"

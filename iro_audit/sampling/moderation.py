"""Moderation: a manager's second, independent look at a share of the audited cases.

`draw_moderation` picks a seeded share of the audited cases (never ones the moderator audited
themselves); `moderate` writes the moderation worksheet (the same questions, no action columns)
and records the draw in the manifest under ``moderation``. `agreement` compares each case's
audit answers with the moderator's: per question and overall, the agreement rate and Cohen's
kappa with its 95% interval (`stats.cohen_kappa`), and every disagreement.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParameterError
from ..stats import cohen_kappa


def draw_moderation(manifest: dict, share: float, moderator: str, seed: int,
                    audited: list[str] | None = None) -> dict:
    """``{moderator, share, seed, eligible, excluded_own, excluded_iro, ids}``: ceil(SHARE x
    eligible) cases, drawn with SEED from the cases audited (AUDITED: those returned so far;
    default every case in the sample) that MODERATOR did not audit and, when the moderator is
    an IRO on the auditors list, whose child they are not and were not in the 12 months before
    the audit date the IRO for; in the order drawn."""
    if not 0 < float(share) <= 1:
        raise ParameterError(f"moderation share {share} must be above 0 and at most 1 (e.g. 0.2)")
    if seed is None or isinstance(seed, bool) or int(seed) != seed or seed < 0:
        raise ParameterError(f"seed {seed} must be a whole number of 0 or more")
    moderator = str(moderator).strip()
    if not moderator:
        raise ParameterError("give the moderator's ID")
    cases = (manifest.get("auditors") or {}).get("cases") or {}
    pool = [str(c) for c in manifest["ids"]]
    if audited is not None:
        done = {str(c) for c in audited}
        pool = [c for c in pool if c in done]
    shared = manifest.get("auditors") or {}
    own = [c for c in pool if cases.get(c) == moderator]
    pool = [c for c in pool if cases.get(c) != moderator]
    mod_iro = next((a.get("IRO_ID") for a in shared.get("auditors", [])
                    if a.get("AUDITOR") == moderator and a.get("IRO_ID")), None)
    theirs = [c for c in pool if mod_iro and mod_iro in (shared.get("iros") or {}).get(c, [])]
    pool = sorted(c for c in pool if c not in theirs)
    if not pool:
        raise ParameterError(f"no audited cases to moderate: the moderator {moderator} audited "
                             f"{len(own)} of them and is or was the IRO for {len(theirs)} (a "
                             "moderator never moderates their own)")
    k = min(len(pool), max(1, math.ceil(round(float(share) * len(pool), 9))))
    rng = np.random.default_rng([int(seed), 2])
    ids = [pool[i] for i in rng.permutation(len(pool))[:k]]
    return {"moderator": moderator, "share": float(share), "seed": int(seed),
            "eligible": len(pool), "excluded_own": len(own), "excluded_iro": len(theirs),
            "ids": ids}


def moderate(manifest_path, share: float, moderator: str, seed: int, questions=None,
             audited: list[str] | None = None, out_dir=None, replace: bool = False) -> dict:
    """Draw the moderation sample of the manifest at MANIFEST_PATH, write its worksheet
    (``<manifest stem>_moderation_<moderator>.xlsx`` in OUT_DIR, default the manifest's folder)
    and record it in the manifest (outside the manifest id). Returns the moderation record,
    with ``worksheet`` (the file name) and ``path``."""
    from . import _safe
    from .manifest import load_manifest, save_manifest
    from .questions import QuestionSet, load_questions
    from .worksheet import write_worksheet

    manifest_path = Path(manifest_path)
    m = load_manifest(manifest_path)
    if m.get("moderation") and not replace:
        raise ParameterError(f"{manifest_path.name} already records a moderation sample (by "
                             f"{m['moderation'].get('moderator')}, seed {m['moderation'].get('seed')}); "
                             "use --replace to draw it again")
    qs = questions if isinstance(questions, QuestionSet) else load_questions(questions or m["tool"])
    rec = draw_moderation(m, share, moderator, seed, audited)
    seq = {c: i + 1 for i, c in enumerate(m["ids"])}
    frame = pd.DataFrame({"SEQ": [seq[c] for c in rec["ids"]], "CHILD": rec["ids"]})
    stem = manifest_path.name[:-len(".manifest.json")] if manifest_path.name.endswith(
        ".manifest.json") else manifest_path.stem
    out = Path(out_dir) if out_dir else manifest_path.parent
    path = write_worksheet(frame, m, qs, out / f"{stem}_moderation_{_safe(rec['moderator'])}.xlsx",
                           facts=[], auditor=rec["moderator"], role="moderation")
    rec["worksheet"] = path.name
    m["moderation"] = rec
    save_manifest(m, manifest_path)
    return {**rec, "path": path}


def agreement(audit: pd.DataFrame, moderation: pd.DataFrame, questions) -> dict:
    """Agreement of the moderator's answers with the audit answers, case by case.

    A pair counts for a question when both answered it (blanks left out). ``questions``: per
    question `stats.cohen_kappa` over its answers (``{id, n, agree, rate, kappa, ci95, se}``);
    ``overall``: the same over every answered pair of every question pooled; ``disagreements``:
    ``{CHILD, SEQ, AUDITOR, QUESTION, AUDIT, MODERATION}`` for each pair that differs, in
    sample order then question order; ``cases``: the cases moderated and returned."""
    a = audit.set_index("CHILD")
    rows, pool_a, pool_b, dis = [], [], [], []
    mod = moderation.sort_values("SEQ", kind="mergesort")
    for q in questions.questions:
        x, y = [], []
        for _, r in mod.iterrows():
            child = r["CHILD"]
            if child not in a.index:
                continue
            va, vb = a.at[child, q.id], r[q.id]
            if va is None or vb is None or pd.isna(va) or pd.isna(vb):
                continue
            x.append(va), y.append(vb)
            if va != vb:
                dis.append({"CHILD": child, "SEQ": int(r["SEQ"]),
                            "AUDITOR": a.at[child, "AUDITOR"] if "AUDITOR" in a.columns else None,
                            "QUESTION": q.id, "AUDIT": va, "MODERATION": vb})
        k = cohen_kappa(x, y, categories=list(q.answers))
        rows.append(_row(q.id, k))
        pool_a += x
        pool_b += y
    dis.sort(key=lambda d: (d["SEQ"], questions.ids.index(d["QUESTION"])))
    overall = _row("ALL", cohen_kappa(pool_a, pool_b))
    return {"cases": int(mod["CHILD"].isin(a.index).sum()), "questions": rows,
            "overall": overall, "disagreements": dis}


def _row(qid: str, k: dict) -> dict:
    return {"id": qid, "n": k["n"], "agree": k["agree"],
            "rate": None if k["po"] is None else round(100 * k["po"], 1),
            "rate_ci95": None if k["agreement_ci95"] is None else
            [round(100 * v, 1) for v in k["agreement_ci95"]],
            "kappa": None if k["kappa"] is None else round(k["kappa"], 3),
            "se": None if k["se"] is None else round(k["se"], 4),
            "ci95": None if k["ci95"] is None else [round(v, 3) for v in k["ci95"]],
            "table": k["table"], "categories": k["categories"]}

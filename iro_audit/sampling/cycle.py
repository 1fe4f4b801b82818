"""The audit cycle's findings in one summary: what has come back and what it shows.

`cycle_findings` = `findings` over the returned audit worksheets, plus ``progress``
(`returns.progress`), ``moderation`` (`moderation.agreement`, when a moderation worksheet came
back), ``actions`` (and ``actions_by_owner``, overdue at REPORT_DATE) and ``comparison``
(`compare.compare` with the previous audit, when given). It is the JSON summary a later audit
reads with ``--previous``.
"""
from __future__ import annotations

from ..window import to_date
from .actions import actions, by_owner
from .compare import compare
from .findings import findings
from .moderation import agreement
from .returns import Returns, progress


def cycle_findings(ret: Returns, questions, manifest: dict, report_date,
                   previous: dict | None = None) -> dict:
    day = to_date(report_date, "report date").date().isoformat()
    f = findings(ret.answers, questions, manifest)
    f["as_at"] = manifest.get("as_at")
    f["report_date"] = day
    f["questions_hash"] = manifest.get("questions_hash")
    f["progress"] = progress(ret, manifest, questions)
    f["files"] = ret.files
    f["moderation"] = None
    if ret.moderation is not None:
        f["moderation"] = {"moderator": (manifest.get("moderation") or {}).get("moderator"),
                           **agreement(ret.answers, ret.moderation, questions)}
    acts = actions(ret.answers, questions, day)
    f["actions"] = acts
    f["actions_by_owner"] = by_owner(acts)
    f["comparison"] = compare(f, previous) if previous is not None else None
    return f


def format_cycle(f: dict) -> str:
    """Plain-text progress, moderation, actions and comparison for the command line (the
    findings themselves: `format_findings`)."""
    lines = ["", "Progress (cases shared, on returned worksheets, complete, outstanding):"]
    for r in f["progress"]["auditors"]:
        lines.append(f"  {r['auditor']}: {r['allocated']} shared, {r['returned']} returned, "
                     f"{r['complete']} complete, {r['outstanding']} outstanding"
                     + (f" ({r['worksheet']})" if r["worksheet"] else " (not returned)"))
    t = f["progress"]["total"]
    lines.append(f"  all: {t['allocated']} shared, {t['returned']} returned, {t['complete']} "
                 f"complete, {t['outstanding']} outstanding; worksheets {t['worksheets_returned']} "
                 f"of {t['worksheets_expected']}")
    pm = f["progress"]["moderation"]
    if pm:
        lines.append(f"  moderation by {pm['moderator']}: {pm['cases']} drawn, {pm['returned']} "
                     f"returned, {pm['complete']} complete")
    m = f.get("moderation")
    if m:
        lines += ["", f"Moderation ({m['cases']} cases moderated by {m['moderator']}): agreement, "
                      "Cohen's kappa (95% interval)"]
        for r in m["questions"] + [m["overall"]]:
            lines.append("  " + _kappa_line(r))
        lines.append(f"  disagreements: {len(m['disagreements'])}")
        for d in m["disagreements"]:
            lines.append(f"    {d['CHILD']} {d['QUESTION']}: auditor {d['AUDITOR']} {d['AUDIT']}, "
                         f"moderator {d['MODERATION']}")
    lines += ["", f"Actions ({len(f['actions'])}; overdue at {f['report_date']}: "
                  f"{sum(a['OVERDUE'] for a in f['actions'])}):"]
    for o in f["actions_by_owner"]:
        lines.append(f"  {o['owner']}: {o['actions']} action(s), {o['overdue']} overdue")
        for a in f["actions"]:
            if a["OWNER"] == o["owner"]:
                lines.append(f"    {a['CHILD']} due {a['DUE']}{' OVERDUE' if a['OVERDUE'] else ''}: "
                             f"{a['ACTION']}")
    c = f.get("comparison")
    if c:
        lines += ["", f"Compared with the previous audit (sample {c['previous']['manifest_id']}, "
                      f"as at {c['previous']['as_at']}):"]
        if c["questions_added"] or c["questions_removed"]:
            lines.append("  question set changed: added " + (", ".join(c["questions_added"]) or "none")
                         + "; removed " + (", ".join(c["questions_removed"]) or "none")
                         + " (only questions in both are compared)")
        for r in c["questions"]:
            lines.append(f"  {r['id']}: {r['verdict']}" + (f" [{r['test']}]" if r["test"] else ""))
        for r in c["themes"]:
            lines.append(f"  theme {r['theme']}: {r['verdict']}" + (f" [{r['test']}]" if r["test"] else ""))
    return "\n".join(lines)


def _kappa_line(r: dict) -> str:
    if not r["n"]:
        return f"{r['id']}: no pairs of answers"
    k = "kappa not defined (one answer throughout)" if r["kappa"] is None else \
        f"kappa {r['kappa']:.2f} ({r['ci95'][0]:.2f} to {r['ci95'][1]:.2f})"
    return f"{r['id']}: agreed {r['agree']}/{r['n']} = {r['rate']:.1f}%, {k}"

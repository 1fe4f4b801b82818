"""Re-audit: this audit's findings against the last audit of the same tool.

`compare(current, previous)` takes two findings summaries (``questions`` with Y and N counts,
as `findings` makes them) and gives, per yes/no question present in both and per theme (its
questions present in both, pooled), the change in the share met with `stats.change_test`
(Fisher's exact test when any expected count is under 5, else the two-proportion z test).
Questions only in one audit are listed, never compared. `load_previous` reads a findings JSON
(`iro-audit sample findings --save`, or a run's JSON summary of dip_sample_findings).
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import DataError, ParameterError
from ..stats import change_test


def load_previous(path) -> dict:
    """The findings summary in the JSON file at PATH."""
    path = Path(path)
    if not path.exists():
        raise ParameterError(f"previous findings {path} does not exist")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataError(f"{path.name}: not valid JSON ({e})") from None
    if isinstance(raw, dict) and "questions" not in raw:
        for key in ("dip_sample_findings", "findings"):
            if isinstance(raw.get(key), dict):
                raw = raw[key]
                break
        else:
            for v in (raw.get("sections") or {}).values() if isinstance(raw.get("sections"), dict) else []:
                if isinstance(v, dict) and "questions" in v:
                    raw = v
                    break
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list) or "tool" not in raw:
        raise DataError(f"{path.name}: not a dip-sample findings summary (no tool and questions)")
    return raw


def _counts(f: dict) -> dict:
    return {q["id"]: (int(q.get("Y", 0)), int(q.get("Y", 0)) + int(q.get("N", 0)), q["theme"])
            for q in f["questions"] if "rate" in q}


def compare(current: dict, previous: dict) -> dict:
    """``{previous: {manifest_id, as_at}, questions_added, questions_removed, questions: [{id,
    theme, before: {n, d}, after: {n, d}, pct_before, pct_after, difference, test, p_value,
    significant, verdict}], themes: [same, per theme]}``."""
    if current.get("tool") != previous.get("tool"):
        raise ParameterError(f"the previous findings are for tool '{previous.get('tool')}', this "
                             f"audit is '{current.get('tool')}': only audits with the same tool compare")
    now, then = _counts(current), _counts(previous)
    ids_now = [q["id"] for q in current["questions"]]
    ids_then = [q["id"] for q in previous["questions"]]
    common = [q for q in now if q in then]
    rows, themes = [], {}
    for q in common:
        n2, d2, theme = now[q]
        n1, d1, _ = then[q]
        rows.append({"id": q, "theme": theme, **_test(n1, d1, n2, d2)})
        t = themes.setdefault(theme, [0, 0, 0, 0, []])
        t[0] += n1
        t[1] += d1
        t[2] += n2
        t[3] += d2
        t[4].append(q)
    trows = [{"theme": k, "questions": v[4], **_test(v[0], v[1], v[2], v[3])} for k, v in themes.items()]
    return {"previous": {"manifest_id": previous.get("manifest_id"), "as_at": previous.get("as_at"),
                         "cases": previous.get("cases")},
            "questions_added": [q for q in ids_now if q not in ids_then],
            "questions_removed": [q for q in ids_then if q not in ids_now],
            "questions": rows, "themes": trows}


def _test(n1, d1, n2, d2) -> dict:
    t = change_test(n1, d1, n2, d2)
    return {"before": {"n": n1, "d": d1}, "after": {"n": n2, "d": d2},
            "pct_before": t["pct1"], "pct_after": t["pct2"], "difference": t["difference"],
            "test": t["test"], "p_value": t["p_value"], "significant": t["significant"],
            "verdict": t["verdict"]}

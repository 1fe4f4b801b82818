"""Shared wording and helpers of the dip-sample report sections."""
from __future__ import annotations

import hashlib

import pandas as pd

from ..blocks import esc
from ..format import fmt_pct, table
from ..labels import code_label

DEFAULT_OUT_DIR = "../outputs/dip_samples"
MARGINS = (0.10, 0.075, 0.05, 0.03)
SMALL_SAMPLES = (10, 15, 20, 30, 50)
BASE_WORDS = {
    "looked_after": "children looked after (short breaks left out)",
    "s20": "children accommodated under section 20 (legal status V2)",
    "pwp": "children in care placed with their parents (placement P1)",
    "cp_plan": "children on a child protection plan",
}
DATE_COLUMN = {"looked_after": "PERIOD_START", "s20": "RUN_START", "pwp": "RUN_START",
               "cp_plan": "PLAN_START"}
LIST_COLUMNS = ["SEQ", "CHILD", "STRATUM", "AGE", "AGE_BAND", "LS", "PLACE", "PERIOD_START",
                "RUN_START", "RUN_DAYS", "IRO_ID", "TEAM"]
LABELS = {"SEQ": "Order drawn", "STRATUM": "Stratum", "AGE": "Age at audit date",
          "AGE_BAND": "Age band", "RUN_START": "In this arrangement since",
          "RUN_DAYS": "Days in this arrangement"}
SHARED = {"s20": "LS", "pwp": "PLACE"}   # a column every case of the base shares (V2, P1)
STRATA_WORDS = {"TEAM": "team", "LS": "legal status", "PLACE": "placement", "IRO_ID": "IRO",
                "AGE_BAND": "age band"}
DEMO_MARK = "DEMONSTRATION"
DEMO_TEXT = "DEMONSTRATION: answers filled in automatically"


def _pts(margin) -> str:
    """A margin as "+/- 5.0 percentage points"."""
    return f"\u00b1{fmt_pct(100 * float(margin))[:-1]} percentage points"


def _list_words(values, kind: str | None = None) -> str:
    vals = values if isinstance(values, (list, tuple)) else [values]
    words = [code_label(kind, str(v).strip().upper()) if kind else str(v) for v in vals]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _facts_table(facts: list[tuple[str, object]]):
    df = pd.DataFrame([(k, "" if v is None else str(v)) for k, v in facts], columns=["Item", "Detail"])
    return table(df, header=False, codes=False).set_properties(subset=["Item"], **{"font-weight": "bold"})


def _pre(text: str) -> str:
    """A command for the reader to copy, in a grey box."""
    return ('<pre style="white-space:pre-wrap;background:#f2f2f2;border:1px solid #ccc;'
            f'padding:0.5em 0.7em;font-size:0.9em;">{esc(text)}</pre>')


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(stamp) -> str:
    """An ISO time stamp as "23 November 2026 at 20:00 UTC" (as given when it is not one)."""
    try:
        t = pd.Timestamp(stamp)
    except (ValueError, TypeError):
        return str(stamp or "")
    if pd.isna(t):
        return ""
    if t.tzinfo is not None:
        t = t.tz_convert("UTC")
    return f"{t.day} {t:%B %Y at %H:%M} UTC"


def _sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


ACRONYMS = {"pr": "PR", "iro": "IRO", "iros": "IROs", "pep": "PEP", "qc": "Q&C", "smart": "SMART",
            "uasc": "UASC", "s20": "s20", "na": "NA"}


def _q_words(qid: str) -> str:
    """A question or answer id in words: OTHER_PR_HOLDERS -> "Other PR holders"."""
    words = [ACRONYMS.get(w, w) for w in str(qid).replace("_", " ").strip().lower().split()]
    t = " ".join(words)
    return t[:1].upper() + t[1:]

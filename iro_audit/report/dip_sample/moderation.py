"""Moderation: how far the moderator's second look agreed with the auditors' answers, per
question and overall (agreement rate and Cohen's kappa with its 95% interval), and every
disagreement, for the manager to discuss with the auditor."""
from __future__ import annotations

import pandas as pd

from ..blocks import Block, note, para
from ..charts import bar_chart
from ..common import child_list
from ..format import fmt_pct, table
from ._common import _q_words

# Landis and Koch (1977): the usual words for a kappa
KAPPA_WORDS = ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"),
               (0.8, "substantial"), (1.01, "almost perfect"))


def kappa_words(k) -> str:
    """Landis and Koch's word for a kappa: below 0 poor, up to 0.2 slight, 0.4 fair, 0.6
    moderate, 0.8 substantial, above almost perfect."""
    if k is None:
        return "not defined"
    if k < 0:
        return "poor"
    for hi, word in KAPPA_WORDS[1:]:
        if k <= hi:
            return word
    return "almost perfect"


def moderation_section(fd) -> Block:
    """Agreement between auditors and the moderator, and the disagreements."""
    md = fd.result.get("moderation")
    if md is None:
        drawn = fd.manifest.get("moderation")
        return Block(para(
            "No moderation worksheet has come back yet." if drawn else
            "No moderation sample has been drawn for this audit. A manager moderates a share of "
            "the audited cases with `iro-audit sample moderate` (see the README) to check the "
            "auditors answer consistently."))
    ov = md["overall"]
    rows = []
    for r in md["questions"] + [ov]:
        rows.append({"QUESTION": "All questions" if r["id"] == "ALL" else _q_words(r["id"]),
                     "PAIRS": r["n"], "AGREED": r["agree"],
                     "AGREE_PCT": r["rate"], "KAPPA": r["kappa"],
                     "INTERVAL": "–" if r["ci95"] is None else f"{r['ci95'][0]:.2f} to {r['ci95'][1]:.2f}",
                     "WORDS": kappa_words(r["kappa"]) if r["n"] else "no pairs"})
    df = pd.DataFrame(rows)
    df["PAIRS"] = df["PAIRS"].astype("int64")
    df["AGREED"] = df["AGREED"].astype("int64")
    lead = (f"{md['moderator']} moderated {md['cases']} audited case(s), answering every question "
            "afresh. A pair is one question of one case answered by both; blanks are left out. ")
    if ov["n"]:
        lead += (f"Overall they agreed on {ov['agree']} of {ov['n']} answers ({fmt_pct(ov['rate'])}); "
                 + ("Cohen's kappa, the agreement beyond what chance would give, is "
                    f"{ov['kappa']:.2f} ({kappa_words(ov['kappa'])}; 95% interval "
                    f"{ov['ci95'][0]:.2f} to {ov['ci95'][1]:.2f})." if ov["kappa"] is not None else
                    "kappa is not defined because one answer was given throughout."))
    parts = [para(lead),
             table(df, caption="Agreement between auditors and the moderator",
                   counts=["PAIRS", "AGREED"], pct_of={"AGREE_PCT": "PAIRS"},
                   decimals={"KAPPA": 2},
                   labels={"QUESTION": "Question", "PAIRS": "Pairs of answers", "AGREED": "Agreed",
                           "AGREE_PCT": "Agreement %", "KAPPA": "Cohen's kappa",
                           "INTERVAL": "95% interval", "WORDS": "In words"},
                   codes=False, nowrap=["INTERVAL"], bold_last_row=True),
             note("Kappa: 1 is perfect agreement, 0 no better than chance. The interval uses "
                  "Cohen's (1960) large-sample standard error; with a handful of cases per "
                  "question it is wide, and where both gave the same answer to every case kappa "
                  "is not defined (agreement is then the guide). Words after Landis and Koch (1977).")]
    ch = df.iloc[:-1]
    ch = ch[ch["PAIRS"] > 0]
    if len(ch):
        parts.append(bar_chart(ch, "QUESTION", "AGREE_PCT", "Agreement with the moderator, by question",
                               xlabel="Answers the moderator agreed with", pct=True,
                               suppress=fd.ctx.suppress, n_cols=["PAIRS"]))
    dis = pd.DataFrame(md["disagreements"], columns=["CHILD", "SEQ", "AUDITOR", "QUESTION",
                                                     "AUDIT", "MODERATION"])
    if len(dis):
        dis["QUESTION"] = dis["QUESTION"].map(_q_words)
    parts.append(child_list(fd.ctx, dis, ["SEQ", "CHILD", "AUDITOR", "QUESTION", "AUDIT", "MODERATION"],
                            "Every disagreement", "The moderator agreed with every answer.",
                            labels={"SEQ": "Order drawn", "AUDITOR": "Auditor", "QUESTION": "Question",
                                    "AUDIT": "Auditor's answer", "MODERATION": "Moderator's answer"}))
    return Block(*parts, data={"agreement": df, "disagreements": dis})

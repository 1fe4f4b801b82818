"""Re-audit: the change since the last audit with the same tool, per question and theme (only
questions asked both times), with Fisher's exact test where the numbers are small."""
from __future__ import annotations

import pandas as pd

from ...stats import format_p
from ..blocks import Block, bullets, para
from ..charts import bar_chart
from ..format import table, words_date
from ._common import _q_words


def comparison_section(fd) -> Block:
    c = fd.result.get("comparison")
    if c is None:
        return Block(para("No previous audit was given to compare with. To see whether practice "
                          "changed, give the findings JSON of the last audit with the same tool "
                          "(the previous parameter, or --previous on the command line)."))
    prev = c["previous"]
    when = words_date(prev["as_at"]) if prev.get("as_at") else "an earlier date"
    parts = [para(f"Compared with the last audit with this tool (sample {prev['manifest_id']}, "
                  f"cases as at {when}). Each change is tested: Fisher's exact test where any "
                  "expected count is under 5, else the two-proportion z test; a change is called "
                  "more than chance at p < 0.05.")]
    if c["questions_added"] or c["questions_removed"]:
        parts.append(bullets(
            ([f"Asked this time only (not compared): {', '.join(map(_q_words, c['questions_added']))}"]
             if c["questions_added"] else [])
            + ([f"Asked last time only (not compared): {', '.join(map(_q_words, c['questions_removed']))}"]
               if c["questions_removed"] else [])))
    sup = fd.ctx.suppress

    def frame(rows, key, label):
        return pd.DataFrame([{label: _q_words(r[key]) if key == "id" else r[key],
                              "BEFORE_N": r["before"]["n"], "BEFORE_D": r["before"]["d"],
                              "BEFORE_PCT": r["pct_before"], "AFTER_N": r["after"]["n"],
                              "AFTER_D": r["after"]["d"], "AFTER_PCT": r["pct_after"],
                              "CHANGE": r["difference"], "TEST": r["test"] or "–",
                              "P": format_p(r["p_value"]) if r["p_value"] is not None else "–",
                              "VERDICT": r["verdict"]} for r in rows])

    labels = {"BEFORE_N": "Met last time", "BEFORE_D": "Answered last time", "BEFORE_PCT": "Last time %",
              "AFTER_N": "Met now", "AFTER_D": "Answered now", "AFTER_PCT": "Now %",
              "CHANGE": "Change (points)", "TEST": "Test", "P": "p", "VERDICT": "In words"}
    q = frame(c["questions"], "id", "QUESTION")
    t = frame(c["themes"], "theme", "THEME")
    for df in (q, t):
        if len(df):
            for col in ("BEFORE_N", "BEFORE_D", "AFTER_N", "AFTER_D"):
                df[col] = df[col].astype("int64")
    if len(q):
        parts.append(table(q, suppress=sup, caption="Change since the last audit, question by question",
                           counts=["BEFORE_N", "BEFORE_D", "AFTER_N", "AFTER_D"],
                           pct_of={"BEFORE_PCT": "BEFORE_D", "AFTER_PCT": "AFTER_D"},
                           labels={"QUESTION": "Question", **labels}, codes=False))
        ch = q[(q["BEFORE_D"] > 0) & (q["AFTER_D"] > 0)]
        if len(ch):
            parts.append(bar_chart(ch, "QUESTION", ["BEFORE_PCT", "AFTER_PCT"],
                                   "Standards met, last audit and this one",
                                   xlabel="Cases meeting the standard", pct=True, suppress=sup,
                                   n_cols=["BEFORE_N", "AFTER_N"] if sup else None,
                                   labels={"BEFORE_PCT": "Last audit", "AFTER_PCT": "This audit"}))
    if len(t):
        parts.append(table(t, suppress=sup, caption="Change since the last audit, by theme",
                           counts=["BEFORE_N", "BEFORE_D", "AFTER_N", "AFTER_D"],
                           pct_of={"BEFORE_PCT": "BEFORE_D", "AFTER_PCT": "AFTER_D"},
                           labels={"THEME": "Theme", **labels}, codes=False))
    return Block(*parts, data={"questions": q, "themes": t})

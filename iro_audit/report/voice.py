"""Sections of the voice-of-the-child report (`notebooks/voice_of_the_child.ipynb`)."""
from __future__ import annotations

import pandas as pd

from ..contract import PARTICIPATION_CODES
from .blocks import Block, note, para
from .charts import line_chart
from .common import child_list, compare_proportions, shares_table
from .format import plural, fmt_count, fmt_date, fmt_pct, fmt_prop
from .labels import PARTICIPATION
from .quality import absent_words

GROUPS = {
    "Attended and took part (PN1-PN3)": ["PN1", "PN2", "PN3"],
    "Attended without contributing (PN4)": ["PN4"],
    "Views given without attending (PN5-PN6)": ["PN5", "PN6"],
    "Did not attend, no views (PN7)": ["PN7"],
}


def _prev_label(ctx) -> str:
    w = ctx.previous_words().replace("the ", "")
    return w[:1].upper() + w[1:]


def participation_table(ctx) -> Block:
    """How children took part in their reviews (PN0-PN7), this period and the previous one."""
    cur = ctx.group("participation")
    prev = ctx.group("participation", ctx.previous)
    codes = list(PARTICIPATION_CODES) + ["UNKNOWN"]
    t = shares_table(ctx, cur, prev, codes, "participation", "participation.reviews", "CODE",
                     "How the child took part", PARTICIPATION,
                     "Participation in reviews (DfE codes PN0-PN7)")
    sig = compare_proportions([(PARTICIPATION[k], cur[k], prev.get(k) if prev else None,
                                (f"participation.{k}", "participation.reviews"))
                               for k in ("PN1", "PN7") if k in cur],
                              ctx.paper, ctx.period_label(), ctx.period_label(ctx.previous),
                              caption="Has it changed? Attending and speaking for themselves, and "
                                      "no views at all")
    held = cur["PN0"]["d"] if cur else 0
    aged4 = held - cur["PN0"]["n"] - cur.get("UNKNOWN", {"n": 0})["n"]
    spoke = sum(cur[k]["n"] for k in ("PN1", "PN2", "PN3", "PN5", "PN6") if k in cur)
    # reviews held = PN0 + unknown + aged 4 and over; aged 4 and over = spoke + PN4 + PN7
    k = ctx.key
    ctx.paper.relate(k("participation.reviews"), [k("participation.PN0.n"),
                                                  k("participation.UNKNOWN.n"), k("participation.aged4")])
    ctx.paper.relate(k("participation.aged4"), [k("participation.spoke.n"), k("participation.PN4.n"),
                                                k("participation.PN7.n")])
    ctx.paper.relate(k("participation.spoke.n"), [k(f"participation.{c}.n")
                                                  for c in ("PN1", "PN2", "PN3", "PN5", "PN6")])
    shown_aged4 = fmt_count(aged4, ctx.paper, k("participation.aged4"))
    share = (fmt_prop({"n": spoke, "d": aged4, "pct": 100 * spoke / aged4}, ctx.paper,
                      k("participation.spoke"), k("participation.aged4")).split(" (")[0]
             if aged4 else "–")
    lead = para(f"{fmt_count(held, ctx.paper, k('participation.reviews'))} reviews were held in "
                f"the period. Of the {shown_aged4} reviews of children aged 4 or over with a "
                f"valid code, {share} conveyed the child's views in some way (PN1-PN3, PN5, PN6).")
    return Block(lead, t, sig)


def participation_trend(ctx, quarters: int = 8) -> Block:
    """Quarterly shares of the participation groups over the last QUARTERS quarters (children
    aged 4 and over: PN0 and unknown codes left out)."""
    ctx.group("participation")
    w = ctx.wider(quarters * 3)
    rows = ctx.rows("participation", "review_participation", w)
    r = rows[rows["CODE"].isin(["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"])].copy()
    r["Q"] = r["REVIEW"].dt.to_period("Q")
    qs = pd.period_range(w.start, w.end, freq="Q")
    out = pd.DataFrame({"QUARTER": [q.start_time for q in qs]})
    d = r.groupby("Q").size().reindex(qs, fill_value=0).to_numpy()
    out["d"] = d
    for g, codes in GROUPS.items():
        n = r[r["CODE"].isin(codes)].groupby("Q").size().reindex(qs, fill_value=0).to_numpy()
        out[g] = [100 * a / b if b else None for a, b in zip(n, d)]
        out[g + " n"] = n
    out = out[out["d"] > 0].reset_index(drop=True)
    if out.empty:
        return Block(para("No reviews of children aged 4 or over in these quarters."))
    last = out.iloc[-1]
    first_g = list(GROUPS)[0]
    title = (f"{fmt_pct(last[first_g])} of reviews in the latest quarter: child attended and "
             "took part")
    out["QUARTER_LABEL"] = [f"{q:%b}-{q + pd.DateOffset(months=2):%b}\n{q:%Y}" for q in out["QUARTER"]]
    chart = line_chart(out, "QUARTER", list(GROUPS), title, "Share of reviews (aged 4+)", pct=True,
                       suppress=ctx.suppress, n_cols=[g + " n" for g in GROUPS], xlabel="Quarter",
                       xticklabels=list(out["QUARTER_LABEL"]))
    return Block(para("Children aged 4 and over; reviews with no valid code are left out."),
                 chart, data={"trend": out})


def visits(ctx) -> Block:
    """IRO visits to children between reviews, and who has not been visited in 6 months."""
    if not ctx.ds.has("iro_visits"):
        return Block(note(f"IRO visits need the iro_visits table, which "
                          f"{absent_words(ctx.ds, 'iro_visits')}."))
    v = ctx.group("visits")
    pv = ctx.group("visits", ctx.previous)
    rows = ctx.rows("oversight", "visit_status")
    not6 = rows[~rows["VISITED_6M"]].sort_values("LAST_VISIT", na_position="first")
    lead = para(f"On {fmt_date(ctx.window.as_at)}, "
                f"{fmt_prop(v['within_6m'], ctx.paper, ctx.key('visits.within_6m'))} "
                f"children in care had been visited by their IRO in the last "
                f"{ctx.params['visit_months_short']} months, and "
                f"{fmt_prop(v['within_12m'], ctx.paper, ctx.key('visits.within_12m'))} in the last "
                f"{ctx.params['visit_months_long']} months.")
    return Block(lead, compare_proportions(
        [(f"Visited in the last {ctx.params['visit_months_short']} months", v["within_6m"],
          pv["within_6m"] if pv else None, "visits.within_6m"),
         (f"Visited in the last {ctx.params['visit_months_long']} months", v["within_12m"],
          pv["within_12m"] if pv else None, "visits.within_12m")],
        ctx.paper, ctx.period_label(), ctx.period_label(ctx.previous), caption="IRO visits (as at each period's end)"),
        child_list(ctx, not6, ["CHILD", "PERIOD_START", "LAST_VISIT"],
                   f"Children not visited by their IRO in the last {ctx.params['visit_months_short']} months",
                   "Every child in care was visited in the last 6 months.",
                   labels={"LAST_VISIT": "Last IRO visit (blank: none recorded)"},
                   key=ctx.key("visits.within_6m.rest")))


def midway(ctx) -> Block:
    """Midway reviews for children in care 6 months or more."""
    if not ctx.ds.has("midway_reviews"):
        return Block(note(f"Midway reviews need the midway_reviews table, which "
                          f"{absent_words(ctx.ds, 'midway_reviews')}."))
    m = ctx.group("midway")
    pm = ctx.group("midway", ctx.previous)
    rows = ctx.rows("oversight", "midway_status")
    none = rows[rows["IN_COHORT"] & ~rows["MIDWAY_RECENT"]].sort_values("LAST_MIDWAY", na_position="first")
    lead = para(f"Of children in care for {ctx.params['midway_months']} months or more on "
                f"{fmt_date(ctx.window.as_at)}, {fmt_prop(m, ctx.paper, ctx.key('midway'))} had a "
                f"midway review in the last {ctx.params['midway_months']} months.")
    return Block(lead, compare_proportions(
        [("Midway review in the last 6 months", m, pm, "midway")], ctx.paper, ctx.period_label(),
        ctx.period_label(ctx.previous), caption="Midway reviews (as at each period's end)"),
        child_list(ctx, none, ["CHILD", "PERIOD_START", "LAST_MIDWAY"],
                   "Children in care 6 months or more without a recent midway review",
                   "Every child in the cohort had a midway review.",
                   labels={"LAST_MIDWAY": "Last midway review (blank: none recorded)"},
                   key=ctx.key("midway.rest")))


def no_voice(ctx) -> Block:
    """Reviews where the child neither attended nor shared their views (PN7), listed."""
    p = ctx.group("participation")
    rows = ctx.rows("participation", "no_voice")
    pn7 = fmt_prop(p["PN7"], ctx.paper, ctx.key("participation.PN7"), ctx.key("participation.reviews"))
    share = pn7.split(" (")[0] if p["PN7"].get("d") else "–"
    n_text = pn7.split("(")[1].split(" of ")[0] if "(" in pn7 else fmt_count(len(rows), ctx.paper)
    d_text = fmt_count(p["PN7"]["d"], ctx.paper, ctx.key("participation.reviews"))
    lead = para(f"{n_text} {'review' if n_text == '1' else 'reviews'} in the period "
                f"({share} of {d_text} {'review' if d_text == '1' else 'reviews'} held) "
                "were coded PN7: the child did not attend "
                "and no views were conveyed. Each child is worth a conversation with their IRO "
                "about how they would like to be heard next time.")
    per_child = rows.groupby("CHILD").agg(REVIEWS=("REVIEW", "size"), LAST=("REVIEW", "max"),
                                          AGE=("AGE", "last")).reset_index()
    per_child = per_child.sort_values(["REVIEWS", "LAST"], ascending=[False, False])
    return Block(lead, child_list(ctx, per_child, ["CHILD", "AGE", "REVIEWS", "LAST"],
                                  "Children with a review where they did not attend and gave no views",
                                  "No review in the period was coded PN7.",
                                  key=ctx.key("participation.PN7.children"),
                                  labels={"AGE": "Age at last such review",
                                          "REVIEWS": "Reviews coded PN7", "LAST": "Latest"}),
                 data={"rows": rows})

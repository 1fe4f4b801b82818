"""Sections of the placed-with-parents deep dive (`notebooks/placed_with_parents.ipynb`)."""
from __future__ import annotations

import pandas as pd

from ..window import Window
from .blocks import Block, note, para
from .charts import bar_chart
from .common import child_list, figures_table, mismatch_note, with_mismatch
from .format import fmt_count, fmt_date, plural, table
from .labels import code_label

DURATIONS = ["Under 12 months", "12 to 18 months", "Over 18 months"]
LABELS = {"START": "Placed at home since", "LS_NOW": "Legal status now", "DAYS": "Days at home",
          "AGE": "Age now", "AGE_AT_START": "Age when placed", "END": "Placement ended"}


def _duration(rows: pd.DataFrame) -> pd.Series:
    return pd.Series(
        ["Over 18 months" if o18 else "12 to 18 months" if o12 else "Under 12 months"
         for o12, o18 in zip(rows["OVER_12M"], rows["OVER_18M"])], index=rows.index, dtype=object)


def headline(ctx) -> Block:
    p = ctx.group("pwp")
    sup, k = ctx.paper, ctx.key
    relate_totals(ctx)
    items = [
        (f"Children placed with parents on {fmt_date(ctx.window.as_at)}", p["current"], "pwp.current"),
        ("... of whom placed for over 12 months", p["current_over_12m"], "pwp.current_over_12m"),
        ("... of whom placed for over 18 months", p["current_over_18m"], "pwp.current_over_18m"),
        ("... of whom on a full care order (C2)", p["current_full_order"], "pwp.current_full_order"),
        ("Placements with parents begun in the period", p["started"], "pwp.started"),
        ("Nominated officer approval before placement (placements begun in the period)",
         p.get("approved_before_placement"), "pwp.approved_before_placement"),
    ]
    shown = figures_table(items, sup, caption="Placed with parents at a glance",
                          period=ctx.period_label())
    lead = para(f"On {fmt_date(ctx.window.as_at)}, {plural(p['current'], 'child', 'children', sup, k('pwp.current'))} in "
                f"care were placed with their parents; {fmt_count(p['current_over_12m'], sup, k('pwp.current_over_12m'))} "
                "had been at home under a care order for over 12 months, when discharge of the "
                "order should be under active consideration.")
    return Block(lead, shown)


def relate_totals(ctx) -> None:
    """The paper's lines: over 12 months = 12 to 18 months + over 18 months (columns of the
    cohort table); the cohort = under + over 12 months = on a full care order + not."""
    p, cur = ctx.group("pwp"), ctx.rows("pwp", "current")
    k = ctx.key
    values = {k("pwp.current"): p["current"], k("pwp.current_over_12m"): p["current_over_12m"],
              k("pwp.current_over_18m"): p["current_over_18m"],
              k("pwp.current_12_to_18m"): int((cur["OVER_12M"] & ~cur["OVER_18M"]).sum()),
              k("pwp.current_under_12m"): p["current"] - p["current_over_12m"],
              k("pwp.current_full_order"): p["current_full_order"],
              k("pwp.current_not_full_order"): p["current"] - p["current_full_order"]}
    ctx.paper.relate(k("pwp.current_over_12m"), [k("pwp.current_12_to_18m"), k("pwp.current_over_18m")],
                     values=values)
    # the headline's "of whom" figures leave the rest of the cohort to subtraction
    ctx.paper.relate(k("pwp.current"), [k("pwp.current_under_12m"), k("pwp.current_over_12m")],
                     values=values)
    ctx.paper.relate(k("pwp.current"), [k("pwp.current_full_order"), k("pwp.current_not_full_order")],
                     values=values)


def cohort_by_status_and_duration(ctx) -> Block:
    """The cohort at as_at by legal status (interim or full care order, or other) and time
    placed at home (flags at 12 and 18 months)."""
    ctx.group("pwp")
    cur = ctx.rows("pwp", "current")
    ls = cur["LS_NOW"].map(lambda c: code_label("LS", c)).astype(object)
    dur = _duration(cur)
    t = pd.crosstab(ls, dur).reindex(columns=DURATIONS, fill_value=0)
    t["Total"] = t.sum(axis=1)
    t = t.reset_index().rename(columns={"LS_NOW": "Legal status now", "row_0": "Legal status now"})
    t.columns = ["Legal status now"] + DURATIONS + ["Total"]
    if len(t):
        tot = {"Legal status now": "Total", **{c: int(t[c].sum()) for c in DURATIONS + ["Total"]}}
        t = pd.concat([t, pd.DataFrame([tot])], ignore_index=True)
    else:
        t = pd.DataFrame([{"Legal status now": "Total", **{c: 0 for c in DURATIONS + ["Total"]}}])
    t[DURATIONS + ["Total"]] = t[DURATIONS + ["Total"]].astype("int64")
    relate_totals(ctx)
    last = len(t) - 1
    keys = {(last, "Total"): ctx.key("pwp.current"),
            (last, "Under 12 months"): ctx.key("pwp.current_under_12m"),
            (last, "12 to 18 months"): ctx.key("pwp.current_12_to_18m"),
            (last, "Over 18 months"): ctx.key("pwp.current_over_18m")}
    full = [i for i, v in enumerate(t["Legal status now"]) if v == code_label("LS", "C2")]
    if full:
        keys[(full[0], "Total")] = ctx.key("pwp.current_full_order")
    sty = table(t, suppress=ctx.paper, counts=DURATIONS + ["Total"], total_col="Total", keys=keys,
                caption=f"Children placed with parents on {fmt_date(ctx.window.as_at)}, by legal "
                        "status and time at home")
    by_dur = pd.DataFrame({"Time at home": DURATIONS,
                           "Children": [int((dur == d).sum()) for d in DURATIONS]})
    o12 = int(cur["OVER_12M"].sum())
    chart = bar_chart(by_dur, "Time at home", "Children",
                      f"{fmt_count(o12, ctx.paper, ctx.key('pwp.current_over_12m'))} of "
                      f"{fmt_count(len(cur), ctx.paper, ctx.key('pwp.current'))} "
                      "children placed with parents have been at home over 12 months",
                      xlabel="Children", suppress=ctx.suppress, beside=sty)
    lst = child_list(ctx, cur.assign(FLAG=dur).sort_values("DAYS", ascending=False),
                     ["CHILD", "AGE", "START", "LS_NOW", "DAYS", "FLAG"],
                     "Children placed with parents, longest at home first",
                     "No child was placed with parents on that date.",
                     labels={**LABELS, "FLAG": "Time at home"})
    return Block(sty, chart, lst, data={"table": t})


def regulation_checks(ctx) -> Block:
    """Regulation 17-19 checks from pwp_records: assessment before placement, nominated officer
    approval before placement, placement plan recorded."""
    if not ctx.ds.has("pwp_records"):
        return Block(note("Regulation 17-19 checks need the pwp_records table, which was not "
                          "supplied, so they are left out."))
    from ..metrics._common import proportion_of

    ctx.group("pwp")
    sup = ctx.paper
    parts = []
    for name, rows in (("Placements begun in the period", ctx.rows("pwp", "started")),
                       (f"Children at home on {fmt_date(ctx.window.as_at)}", ctx.rows("pwp", "current"))):
        items = [("Record of the placement held", proportion_of(rows, "HAS_RECORD")),
                 ("Assessment completed before placement (reg 17)",
                  proportion_of(rows, "ASSESSMENT_BEFORE_PLACEMENT")),
                 ("Nominated officer approval before placement (reg 18)",
                  proportion_of(rows, "APPROVED_BEFORE_PLACEMENT")),
                 ("Placement plan recorded", proportion_of(rows, "PLAN_RECORDED"))]
        if name.startswith("Placements begun"):   # the headline's figure
            items[2] = items[2] + ("pwp.approved_before_placement",)
        parts.append(figures_table(items, sup, caption=name, period=ctx.period_label()))
    st = ctx.rows("pwp", "started")
    fails = st[~(st["APPROVED_BEFORE_PLACEMENT"].fillna(False).astype(bool)
                 & st["ASSESSMENT_BEFORE_PLACEMENT"].fillna(False).astype(bool)
                 & st["PLAN_RECORDED"].fillna(False).astype(bool))]
    parts.append(child_list(ctx, with_mismatch(fails),
                            ["CHILD", "START", "ASSESSMENT_COMPLETED", "NOMINATED_OFFICER_APPROVAL",
                             "PLACEMENT_PLAN_DATE", "POSSIBLE_MISMATCH"],
                            "Placements begun in the period missing a regulation 17-19 step",
                            "Every placement begun in the period had each step recorded in time.",
                            labels=LABELS))
    parts.append(mismatch_note(ctx, fails, "a placed-with-parents record"))
    return Block(para("A step dated after the child went home counts as not done before "
                      "placement (regulation 19 allows an immediate placement, but the "
                      "assessment must follow)."), *parts)


def discharge_activity(ctx) -> Block:
    """Discharge of care orders: applications recorded for children at home, and placements
    with parents that ended in the period and how."""
    cur = ctx.rows("pwp", "current")
    parts = []
    if ctx.ds.has("pwp_records"):
        applied = cur[cur["DISCHARGE_APPLICATION"].notna()]
        waiting = cur[cur["OVER_12M"] & cur["DISCHARGE_APPLICATION"].isna()]
        parts.append(para(f"{plural(len(applied), 'child', 'children', ctx.paper)} at home have a "
                          "discharge application recorded; "
                          f"{fmt_count(len(waiting), ctx.paper)} have been at home over 12 "
                          "months without one."))
        parts.append(child_list(ctx, waiting.sort_values("DAYS", ascending=False),
                                ["CHILD", "START", "LS_NOW", "DAYS"],
                                "At home over 12 months with no discharge application recorded",
                                "Every child at home over 12 months has a discharge application.",
                                labels=LABELS))
    else:
        parts.append(note("Discharge applications need the pwp_records table, which was not "
                          "supplied."))
    w = ctx.window
    allrun = ctx.rows("pwp", "started", Window(pd.Timestamp("1900-01-01"), w.end, w.as_at))
    ended = allrun[w.contains(allrun["END"])].copy()

    def how(r):
        if pd.notna(r["NEXT_LS"]):
            return "Moved to another placement while in care"
        if pd.isna(r["LAST_REC"]):
            return "Left care"
        why = code_label("REC", r["LAST_REC"])
        return "Left care: " + why[:1].lower() + why[1:]
    ended["HOW"] = [how(r) for _, r in ended.iterrows()] if len(ended) else []
    vc = ended["HOW"].value_counts() if len(ended) else pd.Series(dtype="int64")
    df = pd.DataFrame({"How the placement with parents ended": list(vc.index),
                       "Children": vc.values.astype("int64")})
    df = pd.concat([df, pd.DataFrame([{"How the placement with parents ended": "Total",
                                       "Children": int(df["Children"].sum())}])], ignore_index=True)
    df["Children"] = df["Children"].astype("int64")
    parts.append(table(df, suppress=ctx.paper,
                       caption=f"Placements with parents that ended in the period ({w.label()})"))
    return Block(*parts, data={"ended": df})


def dip_sample(ctx, sample_size: int = 10, seed: int = 1) -> Block:
    """A seeded selection of children at home at as_at for case audit, stratified by legal
    status (proportional), drawn with `iro_audit.sampling.select`."""
    from ..sampling.select import select

    cur = ctx.rows("pwp", "current").copy()
    if cur.empty:
        return Block(para("No child was placed with parents on the as-at date, so there is "
                          "nothing to sample."))
    cur["LEGAL_STATUS"] = cur["LS_NOW"].astype("object")
    n = min(int(sample_size), len(cur))
    pick = select(cur, n, int(seed), strata="LEGAL_STATUS")
    lead = para(f"{fmt_count(n, ctx.paper)} of {fmt_count(len(cur), ctx.paper, ctx.key('pwp.current'))} "
                f"children drawn at random (seed {seed}), in proportion to "
                "their legal status. Re-running with the same data, date and seed draws the "
                "same children. For the audit worksheet use the dip_sample notebook with the "
                "'pwp' audit tool.")
    return Block(lead, child_list(ctx, pick, ["SEQ", "CHILD", "AGE", "LS_NOW", "START", "DAYS"],
                                  "Children selected for case audit", "Nothing selected.",
                                  labels={**LABELS, "SEQ": "Order drawn"}),
                 data={"sample": pick})

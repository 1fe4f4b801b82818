"""Sections of the escalations thematic report (`notebooks/escalations.ipynb`)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .blocks import Block, note, para
from .charts import bar_chart, line_chart, monthly_counts
from .common import (SPC_EXPLAINER, child_list, compare_counts, compare_figures, not_yet_due_mask,
                     not_yet_due_note, spc_count)
from .format import plural, fmt_count, fmt_prop, table
from .labels import ESCALATION_REASON, ESCALATION_STAGE
from .quality import absent_words

def _needs(ctx) -> str:
    return note("This section needs the escalations table, which "
                f"{absent_words(ctx.ds, 'escalations')}, so it is left out.")


def _has(ctx) -> bool:
    return ctx.ds.has("escalations")


def _prev_label(ctx) -> str:
    w = ctx.previous_words().replace("the ", "")
    return w[:1].upper() + w[1:]


def relate_totals(ctx) -> None:
    """Tell the paper that discussions and formal escalations add up to all escalations (the
    total of the tables by reason, stage and team), for this period and the previous one."""
    for w in (None, ctx.previous):
        e = ctx.group("escalations", w)
        k = {f: ctx.key(f"escalations.{f}", w) for f in ("all", "discussion", "formal")}
        ctx.paper.relate(k["all"], [k["discussion"], k["formal"]],
                         values={k["all"]: e["discussion"] + e["formal"],
                                 k["discussion"]: e["discussion"], k["formal"]: e["formal"]})


def headline(ctx) -> Block:
    if not _has(ctx):
        return Block(_needs(ctx))
    relate_totals(ctx)
    e = ctx.group("escalations")
    p = ctx.group("escalations", ctx.previous)
    wd = ctx.params["escalation_resolution_working_days"]
    table_ = compare_figures(
        [("Escalation discussions (case notes)", e["discussion"], p["discussion"],
          "escalations.discussion"),
         ("Formal escalations", e["formal"], p["formal"], "escalations.formal"),
         (f"Formal escalations resolved within {wd} working days", e["resolved_within_20wd"],
          p["resolved_within_20wd"], "escalations.resolved_within_20wd")],
        ctx.paper, ctx.period_label(), ctx.period_label(ctx.previous), caption="Escalations at a glance")
    lead = para(f"In the period IROs recorded "
                f"{plural(e['discussion'], 'escalation discussion', 'escalation discussions', ctx.paper, ctx.key('escalations.discussion'))}"
                f" and raised {plural(e['formal'], 'formal escalation', 'formal escalations', ctx.paper, ctx.key('escalations.formal'))}"
                f"; {fmt_prop(e['resolved_within_20wd'], ctx.paper, ctx.key('escalations.resolved_within_20wd'))} of the "
                f"formal escalations were resolved within {wd} working days.")
    return Block(lead, table_)


def over_time(ctx, months: int = 24) -> Block:
    """Discussions and formal escalations by month over the last MONTHS months, and an XmR
    chart of formal escalations."""
    if not _has(ctx):
        return Block(_needs(ctx))
    w = ctx.wider(months)
    rows = ctx.rows("escalations", "escalations_raised", w)
    m = monthly_counts(rows, "RAISED_DATE", w.start, w.end, by="ESCALATION_TYPE")
    for c in ("DISCUSSION", "FORMAL"):
        if c not in m:
            m[c] = 0
    last12 = m.tail(12)
    # over a year's window the last 12 months are the period: the same figures as the headline
    year = last12["MONTH"].min() == ctx.window.start.to_period("M").to_timestamp() and len(last12) == 12
    title = (f"{fmt_count(int(last12['FORMAL'].sum()), ctx.paper, ctx.key('escalations.formal') if year else None)}"
             " formal escalations and "
             f"{fmt_count(int(last12['DISCUSSION'].sum()), ctx.paper, ctx.key('escalations.discussion') if year else None)}"
             " discussions in the last 12 months")
    lines = line_chart(m, "MONTH", ["DISCUSSION", "FORMAL"], title, "Escalations per month",
                       suppress=ctx.suppress,
                       labels={"DISCUSSION": "Discussions (case notes)", "FORMAL": "Formal escalations"})
    spc = spc_count(ctx, "escalations", "escalations_raised", "RAISED_DATE",
                    "formal escalations", months=months, flag="FORMAL", intro=SPC_EXPLAINER)
    return Block(lines, spc, data={"monthly": m})


def by_reason_and_stage(ctx) -> Block:
    if not _has(ctx):
        return Block(_needs(ctx))
    relate_totals(ctx)
    e = ctx.group("escalations")
    p = ctx.group("escalations", ctx.previous)
    by_reason = compare_counts(e["by_reason"], p["by_reason"], "REASON", "Reason", ctx.paper,
                               ctx.period_label(), ctx.period_label(ctx.previous),
                               words=ESCALATION_REASON, key="escalations.by_reason",
                               total_key="escalations.all",
                               caption="Escalations (discussions and formal) by reason")
    reasons = pd.DataFrame({"Reason": [ESCALATION_REASON.get(k, k) for k in e["by_reason"]],
                            "Escalations": [int(v) for v in e["by_reason"].values()]})
    order = sorted(range(len(reasons)), key=lambda i: -reasons["Escalations"].iat[i])
    reasons_keys = [list(e["by_reason"])[i] for i in order]
    reasons = reasons.iloc[order].reset_index(drop=True)
    chart = None
    if len(reasons):
        top = reasons.iloc[0]
        chart = bar_chart(reasons, "Reason", "Escalations",
                          f"{top['Reason']} was the most common reason "
                          f"({fmt_count(top['Escalations'], ctx.paper, ctx.key('escalations.by_reason.' + str(reasons_keys[0])))} escalations)",
                          xlabel="Escalations raised in the period", suppress=ctx.suppress,
                          beside=by_reason)
    return Block(
        by_reason,
        chart,
        compare_counts(e["by_stage"], p["by_stage"], "STAGE_REACHED", "Stage reached",
                       ctx.paper, ctx.period_label(), ctx.period_label(ctx.previous),
                       order=["1", "2", "3", "CAFCASS", "UNKNOWN"], words=ESCALATION_STAGE,
                       key="escalations.by_stage", total_key="escalations.all",
                       caption="Escalations by the furthest stage reached"))


def by_team_and_iro(ctx) -> Block:
    if not _has(ctx):
        return Block(_needs(ctx))
    ctx.group("escalations")
    r = ctx.rows("escalations", "escalations_raised").copy()
    r["IRO"] = r["IRO_ID"].astype("object").where(r["IRO_ID"].notna(), "Not known")
    if ctx.ds.has("iros"):
        teams = ctx.ds["iros"].drop_duplicates("IRO_ID").set_index("IRO_ID")["TEAM"]
        r["TEAM"] = r["IRO_ID"].map(teams)
    else:
        r["TEAM"] = None
    r["TEAM"] = r["TEAM"].astype("object").where(r["TEAM"].notna(), "Not known")
    r["DISC"] = ~r["FORMAL"]
    nyd = r["FORMAL"].astype(bool) & not_yet_due_mask(r, "RESOLUTION_NOT_YET_DUE")
    r["DUE"] = r["FORMAL"].astype(bool) & ~nyd
    # resolved in time counts formal escalations only (the headline's figure)
    r["RES"] = r["FORMAL"].astype(bool) & r["RESOLVED_WITHIN_20WD"].fillna(False).astype(bool)
    parts = []
    levels = [("TEAM", "Team")] + ([] if ctx.suppress else [("IRO", "IRO")])
    for col, name in levels:
        g = r.groupby(col).agg(DISC=("DISC", "sum"), FORMAL=("FORMAL", "sum"),
                               RES=("RES", "sum"), DUE=("DUE", "sum")).reset_index()
        g["ALL"] = g["DISC"] + g["FORMAL"]
        g = g.sort_values("ALL", ascending=False)
        total = {col: "Total", **{c: g[c].sum() for c in ("DISC", "FORMAL", "RES", "DUE", "ALL")}}
        g = pd.concat([g, pd.DataFrame([total])], ignore_index=True)
        g["RES_PCT"] = [100 * a / b if b else None for a, b in zip(g["RES"], g["DUE"])]
        g = g.astype({"DISC": "int64", "FORMAL": "int64", "RES": "int64", "ALL": "int64",
                      "DUE": "int64"})
        last = len(g) - 1
        # the Total row is the paper's headline figures: one line of the paper with them
        keys = {(last, "DISC"): ctx.key("escalations.discussion"),
                (last, "FORMAL"): ctx.key("escalations.formal"),
                (last, "ALL"): ctx.key("escalations.all"),
                (last, "RES"): ctx.key("escalations.resolved_within_20wd.n")}
        parts.append(table(g[[col, "DISC", "FORMAL", "ALL", "RES", "RES_PCT"]],
                           suppress=ctx.paper, counts=["DISC", "FORMAL", "ALL", "RES"],
                           total_col="ALL", row_parts=["DISC", "FORMAL"], keys=keys,
                           proportions={"RES": g["DUE"]}, follow={"RES": "FORMAL"},
                           # the share resolved and RES give away those due, about FORMAL
                           pct_of={"RES_PCT": ("RES", "FORMAL")},
                           labels={col: name, "DISC": "Discussions", "FORMAL": "Formal",
                                   "ALL": "All", "RES": "Formal resolved in time",
                                   "RES_PCT": "Formal resolved in time %"},
                           caption=f"Escalations by {name if name == 'IRO' else name.lower()}"))
    if nyd.any():
        parts.append(note(not_yet_due_note(ctx, int(nyd.sum()))
                          + " The percentage resolved in time is of the formal escalations that "
                            "were due."))
    if ctx.suppress:
        parts.append(note("Figures for each IRO are left out of a paper for publication: beside "
                          "the team figures they could reveal small numbers."))
    return Block(*parts)


def resolution(ctx) -> Block:
    """Time to resolve formal escalations against the working-day standard."""
    if not _has(ctx):
        return Block(_needs(ctx))
    e = ctx.group("escalations")
    wd = int(ctx.params["escalation_resolution_working_days"])
    r = ctx.rows("escalations", "escalations_raised")
    f = r[r["FORMAL"]].copy()
    wdr = f["WORKING_DAYS_TO_RESOLVE"].astype("float")
    band = np.select([f["RESOLVED_DATE"].isna(), wdr <= wd, wdr <= 2 * wd],
                     ["Not yet resolved", f"Within {wd} working days",
                      f"{wd + 1} to {2 * wd} working days"], default=f"Over {2 * wd} working days")
    order = [f"Within {wd} working days", f"{wd + 1} to {2 * wd} working days",
             f"Over {2 * wd} working days", "Not yet resolved"]
    vc = pd.Series(band).value_counts()
    df = pd.DataFrame({"Time to resolve": order, "Formal escalations": [int(vc.get(o, 0)) for o in order]})
    tot = int(df["Formal escalations"].sum())
    df["Percentage"] = [100 * v / tot if tot else None for v in df["Formal escalations"]]
    df = pd.concat([df, pd.DataFrame([{"Time to resolve": "Total", "Formal escalations": tot,
                                       "Percentage": 100.0 if tot else None}])], ignore_index=True)
    df["Formal escalations"] = df["Formal escalations"].astype("int64")
    open_long = f[f["RESOLVED_DATE"].isna()].copy()
    from .. import calendar

    if len(open_long):
        open_long["OPEN_WD"] = np.asarray(calendar.working_days_between(
            open_long["RAISED_DATE"], pd.Series([ctx.window.as_at] * len(open_long), index=open_long.index)),
            dtype=float)
        open_long = open_long[open_long["OPEN_WD"] > wd].sort_values("RAISED_DATE")
        open_long["OPEN_WD"] = open_long["OPEN_WD"].astype("int64")
    lead = para(f"Formal escalations resolved within {wd} working days: "
                f"{fmt_prop(e['resolved_within_20wd'], ctx.paper, ctx.key('escalations.resolved_within_20wd'))}.")
    return Block(lead, table(df, suppress=ctx.paper, keys={(len(df) - 1, "Formal escalations"):
                                                           ctx.key("escalations.formal")},
                             caption="Formal escalations raised in the period, by time to resolve"),
                 child_list(ctx, open_long, ["ESCALATION_ID", "CHILD", "IRO_ID", "RAISED_DATE",
                                             "REASON", "STAGE_REACHED", "OPEN_WD"],
                            f"Formal escalations still open after {wd} working days",
                            f"No formal escalation raised in the period is open beyond {wd} "
                            "working days.", labels={"OPEN_WD": "Working days open"}),
                 data={"bands": df})


def repeated(ctx, min_count: int = 2) -> Block:
    """Children with two or more escalations in the period: a sign of drift in their plan."""
    if not _has(ctx):
        return Block(_needs(ctx))
    ctx.group("escalations")
    from ..metrics.escalations import repeated_escalations

    rows = repeated_escalations(ctx.ds, ctx.window, ctx.params, min_count=min_count)
    rows = rows.assign(REASONS=rows["REASONS"].map(
        lambda s: "; ".join(ESCALATION_REASON.get(x, x) for x in str(s).split("; ") if x)))
    lead = para(f"{plural(len(rows), 'child', 'children', ctx.paper)} had {min_count} or more "
                "escalations raised in the period.")
    return Block(lead, child_list(ctx, rows, ["CHILD", "ESCALATIONS", "FORMAL", "FIRST_RAISED",
                                              "LAST_RAISED", "REASONS"],
                                  "Children with repeated escalations",
                                  "No child had repeated escalations in the period.",
                                  labels={"FORMAL": "Formal", "FIRST_RAISED": "First raised",
                                          "LAST_RAISED": "Last raised", "REASONS": "Reasons"}),
                 data={"rows": rows})

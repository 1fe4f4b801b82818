"""Sections of the quarterly performance report (`notebooks/quarterly_performance.ipynb`)."""
from __future__ import annotations

from .blocks import Block, note, para
from .common import (SPC_EXPLAINER, child_list, mismatch_note, spc_count, spc_proportion,
                     with_mismatch)
from .format import fmt_count, fmt_date, plural, table
from .quality import absent_words
from .s20 import tidy
from .scorecard import load_targets, scorecard as _scorecard


def scorecard(ctx, targets=None) -> Block:
    """Every metric with its target, RAG, the previous quarter and the significance of the
    change (see `report.scorecard`)."""
    return _scorecard(ctx, targets)


def spc_charts(ctx, targets=None, months: int = 24) -> Block:
    """Monthly XmR charts of the main indicators over the last MONTHS months."""
    t = load_targets(targets)
    parts = [para(SPC_EXPLAINER)]
    parts.append(spc_proportion(ctx, "reviews", "review_timeliness", "REVIEW", "ON_TIME",
                                "reviews held in timescale", months, t.get("reviews.on_time")))
    if ctx.ds.has("review_records"):
        parts.append(spc_proportion(
            ctx, "review_records", "review_record_timeliness", "REVIEW", "MINUTES_ON_TIME",
            f"minutes issued within {ctx.params['minutes_working_days']} working days", months,
            t.get("review_records.minutes_on_time"), not_yet_due="MINUTES_NOT_YET_DUE"))
        w = ctx.wider(months)
        rr = ctx.rows("review_records", "review_record_timeliness", w)
        rr = rr.assign(REPORT_5_PLUS=rr["REPORT_DAYS_BEFORE"].astype("float") >= 5)
        parts.append(_spc_of(ctx, rr, "REPORT_5_PLUS", w,
                             "pre-meeting reports received 5 or more days before the review",
                             t.get("review_records.report_timing.five_plus_days_before"), True))
    w = ctx.wider(months)
    pr = ctx.rows("participation", "review_participation", w)
    parts.append(_spc_of(ctx, pr.assign(NO_VOICE=pr["CODE"].eq("PN7")), "NO_VOICE", w,
                         "reviews where the child did not attend and gave no views (PN7)",
                         None, False))
    parts.append(spc_count(ctx, "journeys", "entering", "START", "children entering care",
                           months))
    if ctx.ds.has("escalations"):
        parts.append(spc_count(ctx, "escalations", "escalations_raised", "RAISED_DATE",
                               "formal escalations", months, flag="FORMAL"))
    return Block(*parts)


def _spc_of(ctx, rows, flag, w, what, target, higher_is_better) -> Block:
    """XmR chart of the monthly share of ROWS (by REVIEW month) with FLAG true."""
    from .charts import monthly_proportion, xmr_chart
    from .common import _spc_note

    series = monthly_proportion(rows, "REVIEW", flag, w.start, w.end)
    chart = xmr_chart(series, "pct", pct=True, what=what, target=target,
                      higher_is_better=higher_is_better, suppress=ctx.suppress, n_col="n",
                      ylabel="Percentage")
    return Block(chart, _spc_note(chart), data={"series": series})


def overdue_reviews(ctx) -> Block:
    ctx.group("reviews")
    rows = ctx.rows("reviews", "overdue_reviews")
    od = rows[rows["OVERDUE"]].sort_values("DAYS_OVERDUE", ascending=False)
    return Block(para(f"{plural(len(od), 'child', 'children', ctx.paper, ctx.key('reviews.overdue'))} in care on "
                      f"{fmt_date(ctx.window.as_at)} had a review overdue."),
                 child_list(ctx, od, ["CHILD", "PERIOD_START", "LAST_REVIEW", "NEXT_DUE",
                                      "DAYS_OVERDUE"], "Overdue reviews, most overdue first",
                            "No child's review was overdue.",
                            labels={"LAST_REVIEW": "Last review (blank: none yet)"}))


def missing_review_records(ctx) -> Block:
    """Reviews held in the period with no review record (so no report, minutes, recommendations
    or care plan date counts), with a note where a record of the same child that matched no
    review is dated close to it (a possible keying mismatch)."""
    if not ctx.ds.has("review_records"):
        return Block(note("Review records need the review_records table, which was not supplied."))
    ctx.group("review_records")
    rows = ctx.rows("review_records", "review_record_timeliness")
    none = rows[~rows["HAS_RECORD"].astype(bool)].sort_values(["REVIEW", "CHILD"], kind="mergesort")
    return Block(para(f"{plural(len(none), 'review', 'reviews', ctx.suppress)} held in the period "
                      "had no review record, so each counts as no pre-meeting report and no "
                      "minutes, recommendations or care plan update in time."),
                 child_list(ctx, with_mismatch(none), ["CHILD", "REVIEW", "POSSIBLE_MISMATCH"],
                            "Reviews held in the period with no review record",
                            "Every review held in the period has a review record."),
                 mismatch_note(ctx, none, "a review record"), data={"rows": none})


def not_visited(ctx) -> Block:
    if not ctx.ds.has("iro_visits"):
        return Block(note(f"IRO visits need the iro_visits table, which "
                          f"{absent_words(ctx.ds, 'iro_visits')}."))
    ctx.group("visits")
    rows = ctx.rows("oversight", "visit_status")
    nv = rows[~rows["VISITED_6M"]].sort_values("LAST_VISIT", na_position="first")
    return Block(para(f"{plural(len(nv), 'child', 'children', ctx.paper, ctx.key('visits.within_6m.rest'))} in care had no IRO visit in "
                      f"the last {ctx.params['visit_months_short']} months."),
                 child_list(ctx, nv, ["CHILD", "PERIOD_START", "LAST_VISIT"],
                            "No IRO visit in the last 6 months, longest without first",
                            "Every child in care had an IRO visit in the last 6 months.",
                            labels={"LAST_VISIT": "Last IRO visit (blank: none recorded)"}))


def s20_over_6_months(ctx) -> Block:
    ctx.group("s20")
    cur = ctx.rows("s20", "current")
    o = cur[cur["OVER_6M"]].sort_values("DAYS", ascending=False)
    return Block(para(f"{plural(len(o), 'child', 'children', ctx.paper, ctx.key('s20.current_over_6m'))} had been accommodated under "
                      f"section 20 for over 6 months on {fmt_date(ctx.window.as_at)}."),
                 child_list(ctx, tidy(o), ["CHILD", "START", "AGE", "PLACE", "DAYS", "DURATION_BAND"],
                            "Section 20 over 6 months, longest first",
                            "No child had been under section 20 for over 6 months.",
                            labels={"START": "Accommodated since", "AGE": "Age now"}))


def pwp_over_12_months(ctx) -> Block:
    ctx.group("pwp")
    cur = ctx.rows("pwp", "current")
    o = cur[cur["OVER_12M"]].sort_values("DAYS", ascending=False)
    return Block(para(f"{plural(len(o), 'child', 'children', ctx.paper, ctx.key('pwp.current_over_12m'))} had been placed with parents "
                      f"for over 12 months on {fmt_date(ctx.window.as_at)}."),
                 child_list(ctx, o, ["CHILD", "START", "LS_NOW", "DAYS", "OVER_18M"],
                            "Placed with parents over 12 months, longest first",
                            "No child had been placed with parents for over 12 months.",
                            labels={"START": "At home since", "DAYS": "Days at home"}))


def caseloads(ctx) -> Block:
    """Children per IRO at as_at, against the handbook's 50-70 range."""
    if not ctx.ds.has("iro_allocations"):
        return Block(note(f"Caseloads need the iro_allocations table, which "
                          f"{absent_words(ctx.ds, 'iro_allocations')}."))
    c = ctx.group("caseload")
    rows = ctx.rows("oversight", "caseloads").copy()
    thr = ctx.params["caseload_threshold_per_fte"]
    rows = rows.sort_values("PER_FTE", ascending=False, na_position="last")
    over = c.get("iros_over_70_per_fte")
    who = (plural(over, "IRO", "IROs", ctx.paper, ctx.key("caseload.iros_over_70_per_fte"))
           if over is not None else "an unknown number of IROs")
    lead = para(f"On {fmt_date(ctx.window.as_at)}, {who} carried more than {thr} children per "
                "full-time equivalent (the IRO Handbook suggests 50 to 70).")
    if ctx.suppress:
        # A paper for publication names no IRO: one line per IRO is a member of staff's
        # caseload, and beside the team's totals it would undo small-number suppression.
        per = rows["PER_FTE"].dropna().astype(float)
        spread = (f" Across the {fmt_count(len(per), ctx.paper)} IROs with children and a "
                  "recorded FTE, children per FTE "
                  f"ranged from {per.min():.1f} to {per.max():.1f} (median {per.median():.1f})."
                  if len(per) else "")
        return Block(lead, para("Caseloads by IRO are not listed in a paper for publication." + spread),
                     data={"rows": rows})
    return Block(lead, table(rows[["IRO_ID", "TEAM", "FTE", "CHILDREN", "PER_FTE", "OVER_THRESHOLD"]],
                             suppress=ctx.suppress, counts=["CHILDREN"],
                             hide_with={"PER_FTE": "CHILDREN"},
                             decimals={"FTE": 2, "PER_FTE": 1},
                             labels={"OVER_THRESHOLD": f"Over {thr} per FTE"},
                             caption="Caseloads by IRO, highest per FTE first"))

"""Sections of the child protection report (`notebooks/cp_conferences.ipynb`): initial
conferences, plans, the cohorts to scrutinise, review conferences, the unit's conference
records and chairs' caseloads (child-protection.md Part 2; figures from the `cp` group).

Every count is printed through the paper (`ctx.paper`) with its `cp.*` key; child lists and
chairs' caseloads are withheld from a paper for publication, as in the other reports. A
section whose CIN table is absent says so in words (`quality.absent_words`)."""
from __future__ import annotations

import pandas as pd

from .blocks import Block, note, para
from .common import (SPC_EXPLAINER, child_list, compare_counts, compare_proportions, figures_table,
                     spc_proportion)
from .format import fmt_date, fmt_prop, plural, table
from .quality import absent_words

CATEGORY_WORDS = {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse",
                  "EMO": "Emotional abuse", "MUL": "Multiple categories", "UNKNOWN": "Not recorded"}
TYPE_WORDS = {"ICPC": "Initial conference", "RCPC": "Review conference",
              "TRANSFER_IN": "Transfer-in conference", "PRE_BIRTH": "Pre-birth conference",
              "UNKNOWN": "Not recorded"}
PARTICIPATION_ORDER = ["ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY",
                       "NO_VIEWS", "NOT_APPLICABLE"]
PARTICIPATION_WORDS = {
    "ATTENDED_SPOKE": "Attended and spoke for themselves",
    "ATTENDED_ADVOCATE": "Attended, with an advocate",
    "VIEWS_SHARED": "Did not attend; views shared",
    "ADVOCATE_ONLY": "Did not attend; an advocate spoke for them",
    "NO_VIEWS": "Did not attend; no views conveyed",
    "NOT_APPLICABLE": "Not applicable (unborn or under 4)",
}
LABELS = {"LAchildID": "Child ID", "CPPstartDate": "Plan started", "CPPendDate": "Plan ended",
          "CATEGORY": "Category of abuse", "DAYS_OPEN": "Days on plan", "AGE": "Age now",
          "OPEN_OVER_9M": "Over 9 months", "OPEN_OVER_18M": "Over 18 months",
          "OPEN_OVER_2Y": "Over 2 years", "S47ActualStartDate": "Section 47 began",
          "ICPC_DUE": "Conference due by", "DateOfInitialCPC": "Initial conference",
          "WORKING_DAYS": "Working days taken", "NumberOfPreviousCPP": "Previous plans (return)",
          "EARLIER_PLANS": "Earlier plans in the data", "LAST_EARLIER_END": "Last plan ended",
          "REPEAT_WITHIN_2Y": "Within 2 years of the last", "LAST_REVIEW": "Last review",
          "REVIEWS_HELD": "Reviews held", "NEXT_DUE": "Next review due",
          "DAYS_OVERDUE": "Days overdue", "CONFERENCE_DATE": "Conference",
          "CONFERENCE_TYPE": "Type", "MINUTES_DUE": "Minutes due by",
          "MINUTES_ISSUED": "Minutes issued", "MINUTES_WORKING_DAYS": "Working days to minutes",
          "CHAIR_ID": "Chair", "LOOKED_AFTER": "Looked after"}


def _cp(ctx, window=None):
    """The `cp` group (recorded for the JSON summary when for the report's window)."""
    return ctx.group("cp", window)


def _absent(ctx, what: str, table_name: str) -> Block:
    """A section left out for want of TABLE_NAME, in words."""
    return Block(note(f"{what}: the {table_name} table {absent_words(ctx.ds, table_name)}, so "
                      "this section is left out."))


def _unavailable(ctx, what: str | None = None, table_name: str | None = None) -> Block | None:
    """The note a section shows instead of its figures: without the tables that switch the
    `cp` group on, or (WHAT needing TABLE_NAME) without its own table; None when it can show."""
    if _cp(ctx) is None:
        return _no_cp(ctx)
    if table_name is not None and not ctx.ds.has(table_name):
        return _absent(ctx, what, table_name)
    return None


def _no_cp(ctx) -> Block:
    """What every section says when none of the tables that switch the group on is there."""
    words = absent_words(ctx.ds, "cin_details s47 cp_plans")
    why = ("they were supplied but held no usable rows (see the data-quality section)"
           if words.startswith("was supplied") else "none of them was supplied")
    return Block(note("Child protection figures need the children in need census tables "
                      f"(cin_details, s47, cp_plans); {why}, so there is nothing to show here."))


def headline(ctx) -> Block:
    """The child protection figures for the window, as at its end."""
    c = _cp(ctx)
    if c is None:
        return _no_cp(ctx)
    sup = ctx.paper
    on = fmt_date(ctx.window.as_at)
    items = [
        ("Section 47 enquiries started", c["s47_started"], "cp.s47_started"),
        ("Initial conferences held", c["icpc_held"], "cp.icpc_held"),
        (f"Initial conferences within {ctx.params['icpc_working_days']} working days of the "
         "section 47 start", c["icpc_within_15wd"], ("cp.icpc_within_15wd", "cp.icpc_held")),
        ("Initial conferences leading to a plan", c["icpc_to_plan"],
         ("cp.icpc_to_plan", "cp.icpc_held")),
        ("Plans started", c["plans_started"], "cp.plans_started"),
        ("Plans ended", c["plans_ended"], "cp.plans_ended"),
        (f"Children on a plan on {on}", c["children_on_plan"], "cp.children_on_plan"),
        ("Plans started that were a second or subsequent plan", c["second_or_subsequent"],
         ("cp.second_or_subsequent", "cp.plans_started")),
        ("Review conferences in timescale", c["reviews_on_time"], "cp.reviews_on_time"),
        (f"Plans with a review conference overdue on {on}", c["reviews_overdue"],
         "cp.reviews_overdue"),
    ]
    if c["children_on_plan"] is None:
        lead = para(f"The cp_plans table {absent_words(ctx.ds, 'cp_plans')}, so the children on "
                    "a plan are not known.")
    else:
        who = plural(c["children_on_plan"], "child was", "children were", sup,
                     ctx.key("cp.children_on_plan"))
        lead = para(f"On {on}, {who} on a child protection plan.")
    return Block(lead, figures_table(items, sup, caption="Child protection at a glance",
                                     period=ctx.period_label()))


def initial_conferences(ctx, months: int = 24) -> Block:
    """Initial conferences within 15 working days of the section 47 start: the figure, a
    monthly XmR chart over MONTHS months and the conferences held late."""
    if (gone := _unavailable(ctx, "Initial conference figures", "s47")) is not None:
        return gone
    c = _cp(ctx)
    wd = ctx.params["icpc_working_days"]
    p = c["icpc_within_15wd"]
    lead = para(f"Of the initial conferences held in the period, "
                f"{fmt_prop(p, ctx.paper, ctx.key('cp.icpc_within_15wd'), ctx.key('cp.icpc_held'))} "
                f"were held within {wd} working days of the start of the section 47 enquiry "
                "(Working Together to Safeguard Children 2023).")
    chart = spc_proportion(ctx, "cp", "initial_conferences", "DateOfInitialCPC", "ICPC_WITHIN_15WD",
                           f"initial conferences within {wd} working days", months,
                           denominator="HELD_IN_WINDOW", intro=SPC_EXPLAINER)
    rows = ctx.rows("cp", "initial_conferences")
    late = rows[rows["HELD_IN_WINDOW"] & ~rows["ICPC_WITHIN_15WD"]]
    lst = child_list(ctx, late.sort_values("WORKING_DAYS", ascending=False),
                     ["LAchildID", "S47ActualStartDate", "ICPC_DUE", "DateOfInitialCPC",
                      "WORKING_DAYS"], "Initial conferences held outside timescale, latest first",
                     "Every initial conference in the period was held in timescale.",
                     labels=LABELS, key=ctx.key("cp.icpc_within_15wd.rest"))
    return Block(lead, chart, lst, data={"late": late})


def _by_category(rows: pd.DataFrame) -> pd.Series:
    cat = rows["CATEGORY"].astype("object")
    return cat.where(cat.notna(), "UNKNOWN").value_counts()


def _category_label(code: str) -> str:
    """A category of abuse in words with its code: "Neglect (NEG)"."""
    if code not in CATEGORY_WORDS:
        return str(code)
    return CATEGORY_WORDS[code] + ("" if code == "UNKNOWN" else f" ({code})")


def plans(ctx) -> Block:
    """Plans started and ended in the period and open at as_at, by category of abuse."""
    if (gone := _unavailable(ctx, "Plan figures", "cp_plans")) is not None:
        return gone
    c = _cp(ctx)
    k = ctx.key
    started = _by_category(ctx.rows("cp", "plans_started"))
    ended = _by_category(ctx.rows("cp", "plans_ended"))
    open_ = _by_category(ctx.rows("cp", "open_plans"))
    seen = set(started.index) | set(ended.index) | set(open_.index)
    codes = [x for x in CATEGORY_WORDS if x in seen] + sorted(str(x) for x in seen
                                                               if x not in CATEGORY_WORDS)
    df = pd.DataFrame({"Category of abuse": [_category_label(x) for x in codes],
                       "STARTED": [int(started.get(x, 0)) for x in codes],
                       "ENDED": [int(ended.get(x, 0)) for x in codes],
                       "OPEN": [int(open_.get(x, 0)) for x in codes]})
    total = {"Category of abuse": "Total", **{col: int(df[col].sum())
                                              for col in ("STARTED", "ENDED", "OPEN")}}
    df = pd.concat([df, pd.DataFrame([total])], ignore_index=True)
    for col in ("STARTED", "ENDED", "OPEN"):
        df[col] = df[col].astype("int64")
    keys = {}
    for i, x in enumerate(codes):
        keys[(i, "STARTED")] = k(f"cp.plans_started.by_category.{x}")
        keys[(i, "ENDED")] = k(f"cp.plans_ended.by_category.{x}")
        keys[(i, "OPEN")] = k(f"cp.by_category.{x}")
    keys[(len(codes), "STARTED")] = k("cp.plans_started")
    keys[(len(codes), "ENDED")] = k("cp.plans_ended")
    keys[(len(codes), "OPEN")] = k("cp.open_plans")
    on = fmt_date(ctx.window.as_at)
    sty = table(df, suppress=ctx.paper, keys=keys, counts=["STARTED", "ENDED", "OPEN"],
                labels={"STARTED": "Started in the period", "ENDED": "Ended in the period",
                        "OPEN": f"Open on {on}"},
                caption="Child protection plans by category of abuse (the latest category; "
                        "the initial one where no later one is recorded)")
    items = [
        ("Plans ended within 3 months of starting", c["ended_within_3m"],
         ("cp.ended_within_3m", "cp.plans_ended")),
        ("Plans ended after 2 years or more", c["ended_after_2y"],
         ("cp.ended_after_2y", "cp.plans_ended")),
    ]
    return Block(sty, figures_table(items, ctx.paper, caption="How long the plans that ended had lasted",
                                    period=ctx.period_label()),
                 data={"by_category": df})


def cohorts(ctx) -> Block:
    """The children to scrutinise: teenagers, second or subsequent plans, plans repeated within
    two years, plans open over 9 / 18 months and 2 years, children on a plan who are also
    looked after; counts, then one list each."""
    if (gone := _unavailable(ctx, "The cohorts to scrutinise", "cp_plans")) is not None:
        return gone
    c = _cp(ctx)
    k, on = ctx.key, fmt_date(ctx.window.as_at)
    items = [
        (f"Teenagers (13 or over) on a plan on {on}", c["teenagers_on_plan"], "cp.teenagers_on_plan"),
        ("Plans started in the period that were a second or subsequent plan",
         (c["second_or_subsequent"] or {}).get("n"), "cp.second_or_subsequent.n"),
        ("... of which within 2 years of the last plan ending", (c["repeat_within_2y"] or {}).get("n"),
         "cp.repeat_within_2y.n"),
        (f"Plans open on {on} for over 9 months", c["open_over_9m"], "cp.open_over_9m"),
        ("... of which over 18 months", c["open_over_18m"], "cp.open_over_18m"),
        ("... of which over 2 years", c["open_over_2y"], "cp.open_over_2y"),
        (f"Children on a plan who were also looked after on {on}", c["looked_after_on_plan"],
         "cp.looked_after_on_plan"),
    ]
    parts = [figures_table(items, ctx.paper, caption="Children and plans to scrutinise",
                           label="Cohort", period=ctx.period_label())]
    kids = ctx.rows("cp", "children_on_plan")
    open_ = ctx.rows("cp", "open_plans")
    started = ctx.rows("cp", "plans_started")
    if c["teenagers_on_plan"] is None:
        parts.append(note("Ages need the cin_children table, which "
                          f"{absent_words(ctx.ds, 'cin_children')}, so teenagers are not listed."))
    else:
        parts.append(child_list(ctx, kids[kids["TEENAGER"].fillna(False).astype(bool)],
                                ["LAchildID", "AGE", "CPPstartDate", "LOOKED_AFTER"],
                                "Teenagers on a plan", f"No teenager was on a plan on {on}.",
                                labels=LABELS, sort=["CPPstartDate", "LAchildID"],
                                key=k("cp.teenagers_on_plan")))
    parts.append(child_list(ctx, started[started["SECOND_OR_SUBSEQUENT"]],
                            ["LAchildID", "CPPstartDate", "CATEGORY", "NumberOfPreviousCPP",
                             "EARLIER_PLANS", "LAST_EARLIER_END", "REPEAT_WITHIN_2Y"],
                            "Second or subsequent plans started in the period",
                            "No plan started in the period was a second or subsequent plan.",
                            labels=LABELS, sort=["CPPstartDate", "LAchildID"],
                            key=k("cp.second_or_subsequent.n")))
    long = open_[open_["OPEN_OVER_9M"]].sort_values("DAYS_OPEN", ascending=False, kind="mergesort")
    parts.append(child_list(ctx, long, ["LAchildID", "CPPstartDate", "CATEGORY", "DAYS_OPEN",
                                        "OPEN_OVER_18M", "OPEN_OVER_2Y"],
                            "Plans open over 9 months, longest first",
                            f"No plan open on {on} had lasted over 9 months.", labels=LABELS,
                            key=k("cp.open_over_9m")))
    if c["looked_after_on_plan"] is None:
        parts.append(note("Children on a plan who are also looked after need the CIN child ID to "
                          "be the 903 CHILD (metric parameter cin_child_id_is_903_child)."))
    else:
        parts.append(child_list(ctx, kids[kids["LOOKED_AFTER"].fillna(False).astype(bool)],
                                ["LAchildID", "AGE", "CPPstartDate"],
                                "Children on a plan who are also looked after",
                                f"No child on a plan was also looked after on {on}.",
                                labels=LABELS, sort=["CPPstartDate", "LAchildID"],
                                key=k("cp.looked_after_on_plan")))
    return Block(*parts)


def review_conferences(ctx) -> Block:
    """Review conferences in timescale, and the plans whose review is overdue at as_at."""
    if (gone := _unavailable(ctx, "Review conference figures", "cp_reviews")) is not None:
        return gone
    c = _cp(ctx)
    on = fmt_date(ctx.window.as_at)
    lead = para(f"Review conferences held in the period in timescale (the first within "
                f"{ctx.params['cp_first_review_months']} months of the plan, later ones within "
                f"{ctx.params['cp_later_review_months']} months of the last): "
                f"{fmt_prop(c['reviews_on_time'], ctx.paper, ctx.key('cp.reviews_on_time'))}.")
    if c["reviews_overdue"] is None:
        return Block(lead, _absent(ctx, "Overdue review conferences", "cp_plans"))
    rows = ctx.rows("cp_reviews", "overdue_reviews")
    od = rows[rows["OVERDUE"]].sort_values("DAYS_OVERDUE", ascending=False, kind="mergesort")
    plans_od = plural(c["reviews_overdue"], "plan", "plans", ctx.paper, ctx.key("cp.reviews_overdue"))
    return Block(lead,
                 para(f"On {on}, {plans_od} had a review conference overdue."),
                 child_list(ctx, od, ["LAchildID", "CPPstartDate", "LAST_REVIEW", "REVIEWS_HELD",
                                      "NEXT_DUE", "DAYS_OVERDUE"],
                            "Plans with a review conference overdue, most overdue first",
                            "No plan had a review conference overdue.", labels=LABELS,
                            key=ctx.key("cp.reviews_overdue")),
                 data={"overdue": od})


def _conf(ctx):
    """(this period's, the previous period's) `cp.conferences` (the sections check first that
    the table is there: `_unavailable`)."""
    prev = _cp(ctx, ctx.previous) or {}
    return _cp(ctx)["conferences"], prev.get("conferences") or {}


def participation(ctx) -> Block:
    """Conferences by type; the child's participation; parents' attendance; quorate
    conferences; each beside the previous period."""
    if (gone := _unavailable(ctx, "Conference records", "cp_conferences")) is not None:
        return gone
    cur, prev = _conf(ctx)
    this, last = ctx.period_label(), ctx.period_label(ctx.previous)
    types = compare_counts(cur["by_type"], prev.get("by_type"), None, "Conference type", ctx.paper,
                           this, last, order=list(TYPE_WORDS), words=TYPE_WORDS,
                           caption="Conferences held, by type", key="cp.conferences.by_type",
                           total_key="cp.conferences.held")
    part = compare_counts(cur["child_participation"], prev.get("child_participation"), None,
                          "The child's participation", ctx.paper, this, last,
                          order=PARTICIPATION_ORDER, words=PARTICIPATION_WORDS,
                          caption="How the child took part (conferences with it recorded)",
                          key="cp.conferences.child_participation",
                          total_key="cp.conferences.participation_recorded")
    props = compare_proportions([
        ("Child's views conveyed (of conferences where they could be)",
         cur["child_views_conveyed"], prev.get("child_views_conveyed"),
         "cp.conferences.child_views_conveyed"),
        ("Parents attended (all or some)", cur["parents_attended"], prev.get("parents_attended"),
         "cp.conferences.parents_attended"),
        ("Quorate", cur["quorate"], prev.get("quorate"), "cp.conferences.quorate"),
    ], ctx.paper, this, last, caption="Participation and quoracy")
    return Block(types, part, props)


def records(ctx) -> Block:
    """Social workers' reports shared with parents 2 working days before the conference, and
    minutes issued within 15 working days, with the conferences whose minutes were late."""
    if (gone := _unavailable(ctx, "Conference records", "cp_conferences")) is not None:
        return gone
    cur, prev = _conf(ctx)
    this, last = ctx.period_label(), ctx.period_label(ctx.previous)
    rd, md = ctx.params["cp_report_shared_working_days"], ctx.params["cp_minutes_working_days"]
    props = compare_proportions([
        (f"Report shared with parents {rd} working days before the conference",
         cur["report_shared_2wd"], prev.get("report_shared_2wd"), "cp.conferences.report_shared_2wd"),
        (f"Minutes issued within {md} working days", cur["minutes_within_15wd"],
         prev.get("minutes_within_15wd"), "cp.conferences.minutes_within_15wd"),
    ], ctx.paper, this, last, caption="Reports and minutes on time")
    rows = ctx.rows("cp_conferences", "conferences")
    late = rows[~rows["MINUTES_ON_TIME"] & ~rows["MINUTES_NOT_YET_DUE"].fillna(False).astype(bool)]
    lst = child_list(ctx, late.rename(columns={"CHILD": "LAchildID"}),
                     ["LAchildID", "CONFERENCE_DATE", "CONFERENCE_TYPE", "MINUTES_DUE",
                      "MINUTES_ISSUED", "MINUTES_WORKING_DAYS"],
                     "Conferences whose minutes were late or not recorded",
                     "The minutes of every conference in the period were issued in time.",
                     labels=LABELS, sort=["CONFERENCE_DATE"],
                     key=ctx.key("cp.conferences.minutes_within_15wd.rest"))
    return Block(props, lst, data={"late_minutes": late})


def chairs(ctx) -> Block:
    """Children on a plan at as_at by the chair of their latest conference; withheld from a
    paper for publication (one line per chair is a member of staff's caseload)."""
    c = _cp(ctx)
    if c is None:
        return _no_cp(ctx)
    if c["by_chair"] is None:
        return _absent(ctx, "Chairs' caseloads", "cp_conferences" if not ctx.ds.has("cp_conferences")
                       else "cp_plans")
    on = fmt_date(ctx.window.as_at)
    rows = pd.DataFrame(c["by_chair"], columns=["CHAIR_ID", "children"]).rename(
        columns={"children": "CHILDREN"})
    rows["CHILDREN"] = rows["CHILDREN"].astype("int64")
    lead = para(f"On {on}, {plural(len(rows), 'chair', 'chairs', ctx.paper)} had chaired the latest "
                "conference of a child on a plan.")
    if ctx.suppress:
        return Block(lead, para("Caseloads by chair are not listed in a paper for publication."),
                     data={"rows": rows})
    if ctx.ds.has("iros") and "TEAM" in ctx.ds["iros"].columns:
        team = ctx.ds["iros"].drop_duplicates("IRO_ID").set_index("IRO_ID")["TEAM"]
        rows.insert(1, "TEAM", rows["CHAIR_ID"].map(team))
    rows = rows.sort_values(["CHILDREN", "CHAIR_ID"], ascending=[False, True], kind="mergesort")
    return Block(lead, table(rows, counts=["CHILDREN"], labels={"CHAIR_ID": "Chair",
                                                                 "CHILDREN": "Children on a plan"},
                             caption=f"Children on a plan on {on}, by the chair of their latest "
                                     "conference, most first"),
                 data={"rows": rows})

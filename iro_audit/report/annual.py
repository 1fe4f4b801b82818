"""Sections of the IRO annual report data pack (`notebooks/annual_report.ipynb`): each table an
IRO annual report carries, beside the previous year, with the significance of the change."""
from __future__ import annotations

from .blocks import Block, note, para
from .common import compare_counts, compare_figures, compare_proportions, shares_table
from .format import fmt_count, fmt_prop
from .labels import ESCALATION_REASON, PARTICIPATION
from .quality import absent_words

TIMING = [("five_plus_days_before", "5 or more days before the review"),
          ("one_to_four_days_before", "1 to 4 days before"),
          ("same_day", "On the day of the review"),
          ("after_review", "After the review"),
          ("no_report", "No report recorded")]


def _labels(ctx):
    return ctx.period_label(), ctx.period_label(ctx.previous)


def _pair(ctx, group):
    return ctx.group(group), ctx.group(group, ctx.previous)


def _missing(what, table, ds=None):
    return Block(note(f"{what} needs the {table} table, which {absent_words(ds, table)}, "
                      "so it is left out."))


def at_a_glance(ctx) -> Block:
    """The year's key figures beside the previous year's (each comes from the same metric
    groups as the detailed tables below)."""
    a, b = _labels(ctx)
    items = []
    r, pr = _pair(ctx, "reviews")
    items += [("Reviews held", r["held"], pr["held"], "reviews.held"),
              ("Reviews held within timescale", r["on_time"], pr["on_time"], "reviews.on_time")]
    p, pp = _pair(ctx, "participation")
    if p:
        items.append(("Reviews where the child attended and spoke for themselves (PN1)",
                      p["PN1"], (pp or {}).get("PN1"), ("participation.PN1", "participation.reviews")))
    if ctx.ds.has("review_records"):
        rr, prr = _pair(ctx, "review_records")
        items.append((f"Minutes issued within {ctx.params['minutes_working_days']} working days",
                      rr["minutes_on_time"], (prr or {}).get("minutes_on_time"),
                      "review_records.minutes_on_time"))
    if ctx.ds.has("midway_reviews"):
        m, pm = _pair(ctx, "midway")
        items.append(("Midway review in the last 6 months (year end)", m, pm, "midway"))
    if ctx.ds.has("iro_visits"):
        v, pv = _pair(ctx, "visits")
        items.append(("Visited by their IRO in the last 6 months (year end)", v["within_6m"],
                      (pv or {}).get("within_6m"), "visits.within_6m"))
    if ctx.ds.has("escalations"):
        e, pe = _pair(ctx, "escalations")
        items.append(("Formal escalations", e["formal"], pe["formal"], "escalations.formal"))
    en, pen = _pair(ctx, "entering")
    ce, pce = _pair(ctx, "ceased")
    items += [("Children entering care", en["children"], pen["children"], "entering.children"),
              ("Children leaving care", ce["children"], pce["children"], "ceased.children")]
    return Block(compare_figures(items, ctx.paper, a, b, caption=f"{a} at a glance"))


def reviews(ctx) -> Block:
    cur, prev = _pair(ctx, "reviews")
    a, b = _labels(ctx)
    lead = para(f"The IRO service chaired {fmt_count(cur['held'], ctx.paper, ctx.key('reviews.held'))} "
                f"reviews in {a}; {fmt_prop(cur['on_time'], ctx.paper, ctx.key('reviews.on_time'))} "
                "were held within timescale.")
    return Block(lead, compare_figures(
        [("Reviews held", cur["held"], prev["held"], "reviews.held"),
         ("Reviews held within timescale", cur["on_time"], prev["on_time"], "reviews.on_time"),
         ("Children whose review was overdue at the year end", cur["overdue"], prev["overdue"],
          "reviews.overdue")],
        ctx.paper, a, b, caption="Reviews"))


def participation(ctx) -> Block:
    cur, prev = _pair(ctx, "participation")
    a, b = _labels(ctx)
    codes = ["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", "UNKNOWN"]
    counts = shares_table(ctx, cur, prev, codes, "participation", "participation.reviews",
                          "CODE", "How the child took part in their review", PARTICIPATION,
                          "Participation in reviews")
    return Block(counts, compare_proportions(
        [(PARTICIPATION[k], cur[k], prev.get(k) if prev else None,
          (f"participation.{k}", "participation.reviews")) for k in codes if k in cur],
        ctx.paper, a, b, caption="Participation: has it changed?"))


def report_timing(ctx) -> Block:
    if not ctx.ds.has("review_records"):
        return _missing("Pre-meeting report timing", "review_records", ctx.ds)
    cur, prev = _pair(ctx, "review_records")
    a, b = _labels(ctx)
    ct, pt = cur["report_timing"], (prev or {}).get("report_timing") or {}
    words = dict(TIMING)
    base, d_base = "review_records.report_timing", "review_records.report_timing.reviews"
    counts = shares_table(ctx, ct, pt, [k for k, _ in TIMING], base, d_base, None,
                          "Timeliness of the pre-meeting report", words, "Pre-meeting reports")
    return Block(
        para("When the social worker's pre-meeting report reached the IRO, counted in calendar "
             "days before the review."),
        counts,
        compare_proportions([(w_, ct[k], pt.get(k), (f"{base}.{k}", d_base)) for k, w_ in TIMING],
                            ctx.paper, a, b, caption="Pre-meeting reports: has it changed?"))


def review_records(ctx) -> Block:
    """Minutes, recommendations and care plan updates after the review."""
    if not ctx.ds.has("review_records"):
        return _missing("Minutes, recommendations and care plans", "review_records", ctx.ds)
    cur, prev = _pair(ctx, "review_records")
    a, b = _labels(ctx)
    p = ctx.params
    prev = prev or {}
    return Block(compare_proportions(
        [(f"Recommendations issued within {p['recommendations_working_days']} working days",
          cur["recommendations_on_time"], prev.get("recommendations_on_time")),
         (f"Minutes issued within {p['minutes_working_days']} working days",
          cur["minutes_on_time"], prev.get("minutes_on_time")),
         (f"Care plan updated within {p['care_plan_working_days']} working days of the review",
          cur["care_plan_updated"], prev.get("care_plan_updated"))],
        ctx.paper, a, b, caption="After the review: recommendations, minutes and care plans"))


def oversight(ctx) -> Block:
    """Midway reviews and IRO visits (as at each year end)."""
    a, b = _labels(ctx)
    items = []
    if ctx.ds.has("midway_reviews"):
        m, pm = _pair(ctx, "midway")
        items.append(("Midway review in the last 6 months (in care 6 months or more)", m, pm))
    if ctx.ds.has("iro_visits"):
        v, pv = _pair(ctx, "visits")
        items += [("Visited by their IRO in the last 6 months", v["within_6m"], (pv or {}).get("within_6m")),
                  ("Visited by their IRO in the last 12 months", v["within_12m"], (pv or {}).get("within_12m"))]
    if not items:
        return _missing("IRO oversight between reviews", "midway_reviews or iro_visits", ctx.ds)
    return Block(compare_proportions(items, ctx.paper, a, b,
                                     caption="IRO oversight between reviews (as at each year end)"))


def caseloads(ctx) -> Block:
    if not ctx.ds.has("iro_allocations"):
        return _missing("Caseloads", "iro_allocations", ctx.ds)
    from .quarterly import caseloads as q

    return q(ctx)


def qc(ctx) -> Block:
    if not ctx.ds.has("qc_forms"):
        return _missing("Quality and Compliance completion", "qc_forms", ctx.ds)
    cur, prev = _pair(ctx, "qc")
    a, b = _labels(ctx)
    from .labels import GRADE, GRADE_ORDER

    return Block(compare_proportions([("Reviews with a Quality and Compliance form",
                                       cur["completion"], (prev or {}).get("completion"),
                                       "qc.completion")],
                                     ctx.paper, a, b, caption="Quality and Compliance forms"),
                 compare_counts(cur["by_grade"], (prev or {}).get("by_grade"), None,
                                "Overall grade", ctx.paper, a, b, order=GRADE_ORDER,
                                words=GRADE, caption="Quality and Compliance grades",
                                key="qc.by_grade", total_key="qc.completion.n"))


def escalations(ctx) -> Block:
    if not ctx.ds.has("escalations"):
        return _missing("Escalations", "escalations", ctx.ds)
    cur, prev = _pair(ctx, "escalations")
    a, b = _labels(ctx)
    wd = ctx.params["escalation_resolution_working_days"]
    from .escalations import relate_totals

    relate_totals(ctx)
    return Block(compare_figures(
        [("Escalation discussions (case notes)", cur["discussion"], prev["discussion"],
          "escalations.discussion"),
         ("Formal escalations", cur["formal"], prev["formal"], "escalations.formal"),
         (f"Formal escalations resolved within {wd} working days", cur["resolved_within_20wd"],
          prev["resolved_within_20wd"], "escalations.resolved_within_20wd")],
        ctx.paper, a, b, caption="Escalations"),
        compare_counts(cur["by_reason"], prev["by_reason"], None, "Reason", ctx.paper, a, b,
                       words=ESCALATION_REASON, caption="Escalations by reason",
                       key="escalations.by_reason", total_key="escalations.all"))


def health(ctx) -> Block:
    cur, prev = _pair(ctx, "health")
    a, b = _labels(ctx)
    parts = []
    if cur is None:
        return _missing("Health", "health_assessments (or oc2)", ctx.ds)
    prev = prev or {}
    p = ctx.params
    names = {"assessment_up_to_date": "Health assessment up to date (in care 12 months or more)",
             "dental_up_to_date": "Dental check in the last 12 months (in care 12 months or more)",
             "iha_on_time": f"Initial health assessment within {p['iha_working_days']} working days",
             "oc2_assessment": "Health assessment (OC2 return)",
             "oc2_dental": "Dental check (OC2 return)",
             "oc2_immunisations": "Immunisations up to date (OC2 return)"}
    props = [(w_, cur[k], prev.get(k)) for k, w_ in names.items() if isinstance(cur.get(k), dict)]
    parts.append(compare_proportions(props, ctx.paper, a, b, caption="Health of children in care"))
    if cur.get("refused") is not None:
        parts.append(compare_figures([("Health assessments refused", cur["refused"],
                                       prev.get("refused"))], ctx.paper, a, b))
    pep, ppep = _pair(ctx, "pep")
    if pep:
        parts.append(compare_proportions(
            [(f"Personal education plan in the last {p['pep_months']} months (aged 4 to 15)",
              pep["up_to_date"], (ppep or {}).get("up_to_date"))], ctx.paper, a, b,
            caption="Education"))
    return Block(*parts)


def stability(ctx) -> Block:
    cur, prev = _pair(ctx, "stability")
    a, b = _labels(ctx)
    prev = prev or {}
    return Block(compare_proportions(
        [("Three or more placements in the year", cur["three_plus_placements"],
          prev.get("three_plus_placements")),
         ("Long-term stability: under 16, in care 2.5 years or more, same placement 2 years or more",
          cur["long_term"], prev.get("long_term"))], ctx.paper, a, b,
        caption="Placement stability"))


def entering_and_ceasing(ctx) -> Block:
    e, pe = _pair(ctx, "entering")
    c, pc = _pair(ctx, "ceased")
    a, b = _labels(ctx)
    lead = para(f"In {a}, {fmt_count(e['children'], ctx.paper, ctx.key('entering.children'))} "
                "children entered care on "
                f"{fmt_count(e['occasions'], ctx.paper, ctx.key('entering.occasions'))} occasions, and "
                f"{fmt_count(c['children'], ctx.paper, ctx.key('ceased.children'))} left care.")
    return Block(
        lead,
        compare_figures([("Children entering care", e["children"], pe["children"], "entering.children"),
                         ("Occasions of entering care", e["occasions"], pe["occasions"],
                          "entering.occasions"),
                         ("Children leaving care", c["children"], pc["children"], "ceased.children")],
                        ctx.paper, a, b, caption="Entering and leaving care"),
        compare_counts(e["by_legal_status"], pe["by_legal_status"], "LS", "Legal status",
                       ctx.paper, a, b, caption="Legal status on entering care",
                       key="entering.by_legal_status", total_key="entering.occasions"),
        compare_counts(e["by_placement"], pe["by_placement"], "PLACE", "Placement",
                       ctx.paper, a, b, caption="First placement on entering care",
                       key="entering.by_placement", total_key="entering.occasions"),
        compare_counts(c["by_reason"], pc["by_reason"], "REC", "Reason", ctx.paper, a, b,
                       caption="Why children left care"))


def uasc(ctx) -> Block:
    if not ctx.ds.has("uasc"):
        return _missing("Unaccompanied asylum-seeking children", "uasc", ctx.ds)
    u, pu = _pair(ctx, "uasc")
    a, b = _labels(ctx)
    return Block(compare_figures([("Unaccompanied asylum-seeking children in care at the year end",
                                   u["looked_after"], (pu or {}).get("looked_after"))],
                                 ctx.paper, a, b, caption="Unaccompanied asylum-seeking children"))


def adoption(ctx) -> Block:
    d, pd_ = _pair(ctx, "adoption")
    a, b = _labels(ctx)
    if d is None:
        return _missing("Adoption", "ad1", ctx.ds)
    pd_ = pd_ or {}
    p = ctx.params
    return Block(compare_figures(
        [("Children adopted", d["adopted"], pd_.get("adopted")),
         (f"Placed for adoption within {p['adoption_placed_days']} days of entering care",
          d["placed_within_426_days"], pd_.get("placed_within_426_days")),
         (f"Matched within {p['adoption_matched_days']} days of the placement order",
          d.get("matched_within_121_days"), pd_.get("matched_within_121_days"))],
        ctx.paper, a, b, caption="Adoption"))


def missing(ctx) -> Block:
    if not ctx.ds.has("missing"):
        return _missing("Missing from care", "missing", ctx.ds)
    m, pm = _pair(ctx, "missing")
    a, b = _labels(ctx)
    return Block(compare_figures(
        [("Children missing or away from placement", m["children"], pm["children"]),
         ("Missing or away episodes", m["episodes"], pm["episodes"]),
         ("Children missing more than 3 times", m["children_over_3"], pm["children_over_3"])],
        ctx.paper, a, b, caption="Children missing from care"))


def s20_and_pwp(ctx) -> Block:
    s, ps = _pair(ctx, "s20")
    w, pw = _pair(ctx, "pwp")
    a, b = _labels(ctx)
    return Block(compare_figures(
        [("Section 20 admissions", s["admissions"], ps["admissions"], "s20.admissions"),
         ("... of babies under 1", s["admissions_under_1"], ps["admissions_under_1"],
          "s20.admissions_under_1"),
         ("Under section 20 at the year end", s["current"], ps["current"], "s20.current"),
         ("... of whom for over 6 months", s["current_over_6m"], ps["current_over_6m"],
          "s20.current_over_6m"),
         ("Placed with parents at the year end", w["current"], pw["current"], "pwp.current"),
         ("... of whom for over 12 months", w["current_over_12m"], pw["current_over_12m"],
          "pwp.current_over_12m")],
        ctx.paper, a, b, caption="Section 20 and placed with parents"))

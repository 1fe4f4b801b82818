"""Sections of the bi-monthly section 20 check (`notebooks/s20_admissions.ipynb`)."""
from __future__ import annotations

import pandas as pd

from ..window import Window
from .blocks import Block, note, para
from .charts import bar_chart
from .common import (SPC_EXPLAINER, child_list, figures_table, mismatch_note, not_yet_due_mask,
                     spc_count)
from .format import fmt_count, fmt_date, plural, sentence, table
from .labels import OUTCOME
from .quality import absent_words

BANDS = ["under 8 weeks", "8 weeks to 6 months", "6-12 months", "over 12 months"]
ADMISSION_LABELS = {"START": "Admitted", "END": "Ended", "PLACE": "Placement at admission",
                    "FLAGS": "Flags to act on", "DAYS_ACCOMMODATED": "Days accommodated"}


def tidy(rows: pd.DataFrame) -> pd.DataFrame:
    """STATUS_NOW, FLAGS and DURATION_BAND in sentence case for a reader."""
    r = rows.copy()
    if "FLAGS" in r:
        # consent not recorded yet, but its 2 working days run past the extract: not a failing
        nyd = not_yet_due_mask(r, "CONSENT_NOT_YET_DUE")
        r.loc[nyd, "FLAGS"] = r.loc[nyd, "FLAGS"].astype(str).str.replace(
            "no consent recorded", "consent not yet due", regex=False)
    for c in ("STATUS_NOW", "FLAGS", "DURATION_BAND", "POSSIBLE_MISMATCH"):
        if c in r:
            r[c] = r[c].map(lambda t: sentence(str(t).replace("still s20", "still under section 20"))
                            if isinstance(t, str) else t)
    return r


def _all_time(ctx) -> Window:
    """Every run that started up to the window's end (for the whole current cohort's flags)."""
    return Window(pd.Timestamp("1900-01-01"), ctx.window.end, ctx.window.as_at)


def headline(ctx) -> Block:
    """The section 20 figures for the window, as at its end."""
    s = ctx.group("s20")
    sup, k = ctx.paper, ctx.key
    relate_totals(ctx)
    out = s.get("outcome") or {}
    items = [
        ("Section 20 admissions in the period", s["admissions"], "s20.admissions"),
        ("Children admitted (a child may be admitted twice)", s["admissions_children"],
         "s20.admissions_children"),
        ("Admissions of babies under 1", s["admissions_under_1"], "s20.admissions_under_1"),
        ("Of the period's admissions, converted to a court order", out.get("converted_to_order"),
         "s20.outcome.converted_to_order"),
        ("Of the period's admissions, left care", out.get("ceased_care"), "s20.outcome.ceased_care"),
        ("Of the period's admissions, still under section 20", out.get("still_s20"),
         "s20.outcome.still_s20"),
        (f"Children accommodated under section 20 on {fmt_date(ctx.window.as_at)}", s["current"],
         "s20.current"),
        ("... of whom for over 6 months", s["current_over_6m"], "s20.current_over_6m"),
        ("... of whom for over 12 months", s["current_over_12m"], "s20.current_over_12m"),
        ("Consent recorded within 2 working days of admission", s.get("consent_recorded"),
         "s20.consent_recorded"),
    ]
    shown = figures_table(items, sup, caption="Section 20 at a glance", period=ctx.period_label())
    lead = (f"{plural(s['admissions'], 'section 20 admission', 'section 20 admissions', sup, k('s20.admissions'))} began between "
            f"{fmt_date(ctx.window.start)} and {fmt_date(ctx.window.end)}. On "
            f"{fmt_date(ctx.window.as_at)}, {plural(s['current'], 'child', 'children', sup, k('s20.current'))} were "
            f"accommodated under section 20, {fmt_count(s['current_over_6m'], sup, k('s20.current_over_6m'))} of them for "
            "over 6 months.")
    return Block(para(lead), shown)


def relate_totals(ctx) -> None:
    """The paper's lines between section 20 figures: over 6 months = 6-12 months + over 12
    months (the bands of the cohort); admissions = their outcomes."""
    k = ctx.key
    s = ctx.group("s20")
    bands = ctx.rows("s20", "current")["DURATION_BAND"].value_counts()
    band = {b: k(f"s20.band.{b}") for b in BANDS}
    values = {**{band[b]: int(bands.get(b, 0)) for b in BANDS},
              k("s20.current_over_12m"): s["current_over_12m"],
              k("s20.current_over_6m"): s["current_over_6m"], k("s20.current"): s["current"]}
    ctx.paper.relate(k("s20.current_over_6m"), [band["6-12 months"], k("s20.current_over_12m")],
                     values=values)
    ctx.paper.relate(k("s20.current"), [band["under 8 weeks"], band["8 weeks to 6 months"],
                                        k("s20.current_over_6m")], values=values)
    outcomes = ctx.rows("s20", "admissions")["OUTCOME"].value_counts()
    order = ("converted_to_order", "ceased_care", "still_s20", "other")
    ctx.paper.relate(k("s20.admissions"), [k(f"s20.outcome.{o}") for o in order],
                     values={k("s20.admissions"): s["admissions"],
                             **{k(f"s20.outcome.{o}"): int(outcomes.get(o, 0)) for o in order}})


def admissions_table(ctx) -> Block:
    """Every s20 admission in the window, one row per admission, with what happened since."""
    rows = ctx.rows("s20", "admissions")
    cols = ["CHILD", "START", "AGE_AT_START", "UASC", "PLACE", "DAYS_ACCOMMODATED", "STATUS_NOW",
            "FLAGS"]
    if rows["UASC"].isna().all():
        cols.remove("UASC")
    return Block(child_list(ctx, tidy(rows), cols, "Section 20 admissions in the period",
                            "There were no section 20 admissions in the period.",
                            labels=ADMISSION_LABELS, sort=["START", "CHILD"]))


def current_cohort_by_band(ctx) -> Block:
    """Children accommodated under s20 at as_at, by how long they have been accommodated."""
    cur = ctx.rows("s20", "current")
    ctx.group("s20")
    counts = cur["DURATION_BAND"].value_counts()
    df = pd.DataFrame({"Time accommodated": [b[:1].upper() + b[1:] for b in BANDS],
                       "Children": [int(counts.get(b, 0)) for b in BANDS]})
    tot = int(df["Children"].sum())
    df["Percentage"] = [100 * v / tot if tot else None for v in df["Children"]]
    df = pd.concat([df, pd.DataFrame([{"Time accommodated": "Total", "Children": tot,
                                       "Percentage": 100.0 if tot else None}])], ignore_index=True)
    df["Children"] = df["Children"].astype("int64")
    over6 = int(cur["OVER_6M"].sum())
    relate_totals(ctx)
    band_keys = {(i, "Children"): ctx.key(f"s20.band.{b}") for i, b in enumerate(BANDS)}
    band_keys[(len(BANDS) - 1, "Children")] = ctx.key("s20.current_over_12m")
    band_keys[(len(BANDS), "Children")] = ctx.key("s20.current")
    sty = table(df, suppress=ctx.paper, keys=band_keys,
                caption=f"Children under section 20 on {fmt_date(ctx.window.as_at)}, "
                        "by time accommodated")
    title = (f"{fmt_count(over6, ctx.paper, ctx.key('s20.current_over_6m'))} of "
             f"{fmt_count(tot, ctx.paper, ctx.key('s20.current'))} children "
             "under section 20 have been accommodated for over 6 months")
    chart = bar_chart(df.iloc[:-1], "Time accommodated", "Children", title,
                      xlabel="Children", suppress=ctx.suppress, beside=sty)
    lst = child_list(ctx, tidy(cur.sort_values("DAYS", ascending=False)),
                     ["CHILD", "START", "AGE", "PLACE", "DAYS", "DURATION_BAND"],
                     "Children accommodated under section 20, longest first",
                     "No child was accommodated under section 20 on that date.",
                     labels={"START": "Accommodated since", "AGE": "Age now",
                             "PLACE": "Placement at admission"})
    return Block(sty, chart, lst, data={"bands": df})


def _outcome_counts(rows: pd.DataFrame) -> pd.DataFrame:
    order = ["converted_to_order", "ceased_care", "still_s20", "other"]
    vc = rows["OUTCOME"].value_counts()
    df = pd.DataFrame({"Outcome": [OUTCOME[o] for o in order],
                       "Admissions": [int(vc.get(o, 0)) for o in order]})
    tot = int(df["Admissions"].sum())
    df["Percentage"] = [100 * v / tot if tot else None for v in df["Admissions"]]
    df = pd.concat([df, pd.DataFrame([{"Outcome": "Total", "Admissions": tot,
                                       "Percentage": 100.0 if tot else None}])], ignore_index=True)
    df["Admissions"] = df["Admissions"].astype("int64")
    return df


def outcomes(ctx, months_before: int = 12) -> Block:
    """What happened to admissions: those in the window and those in the MONTHS_BEFORE months
    before it (converted to an order, left care and why, still s20), as at as_at."""
    ctx.group("s20")
    now = ctx.rows("s20", "admissions")
    w = ctx.window
    earlier_start = (w.start.to_period("M") - months_before).to_timestamp()
    earlier = Window(earlier_start, w.start - pd.Timedelta(days=1), w.as_at)
    before = ctx.rows("s20", "admissions", earlier)
    parts = [para("Outcomes are as at " + fmt_date(w.as_at) + ". 'Converted to a court order' "
                  "means the next legal status in the same period of care was an order (C1, C2, "
                  "E1, L1-L3); 'continuing under another legal status' covers, for example, a "
                  "remand.")]
    relate_totals(ctx)
    order = ["converted_to_order", "ceased_care", "still_s20", "other"]
    for rows, label, win in ((now, f"Admissions in this period ({w.label()})", None),
                             (before, f"Earlier admissions ({earlier.label()})", earlier)):
        keys = {(i, "Admissions"): ctx.key(f"s20.outcome.{o}", win) for i, o in enumerate(order)}
        keys[(len(order), "Admissions")] = ctx.key("s20.admissions", win)
        parts.append(table(_outcome_counts(rows), suppress=ctx.paper, caption=label, keys=keys))
    # the reasons for leaving add up to the admissions that left care, now and earlier
    ctx.paper.relate(ctx.key("s20.left_care"), [ctx.key("s20.outcome.ceased_care"),
                                                ctx.key("s20.outcome.ceased_care", earlier)])
    left = pd.concat([now, before])
    left = left[left["OUTCOME"] == "ceased_care"]
    if len(left):
        why = left["STATUS_NOW"].str.replace("left care: ", "", regex=False).value_counts()
        df = pd.DataFrame({"Why they left care": [w_[:1].upper() + w_[1:] for w_ in why.index],
                           "Admissions": why.values.astype("int64")})
        df = pd.concat([df, pd.DataFrame([{"Why they left care": "Total",
                                           "Admissions": int(df["Admissions"].sum())}])],
                       ignore_index=True)
        df["Admissions"] = df["Admissions"].astype("int64")
        parts.append(table(df, suppress=ctx.paper, keys={(len(df) - 1, "Admissions"):
                                                          ctx.key("s20.left_care")},
                           caption="Admissions (this period and earlier) that ended with the "
                                   "child leaving care, by reason"))
    return Block(*parts, data={"now": _outcome_counts(now), "earlier": _outcome_counts(before)})


def under_ones(ctx) -> Block:
    """Babies under 1 admitted under s20 in the window."""
    s = ctx.group("s20")
    rows = ctx.rows("s20", "admissions")
    babies = rows[rows["UNDER_1"]]
    lead = para(f"{plural(s['admissions_under_1'], 'admission', 'admissions', ctx.paper, ctx.key('s20.admissions_under_1'))} in the period "
                "were of babies under 1. Section 20 is rarely the right route for a baby; each "
                "should have a clear plan and a view on whether proceedings are needed.")
    return Block(lead, child_list(ctx, tidy(babies), ["CHILD", "START", "PLACE", "DAYS_ACCOMMODATED",
                                                "STATUS_NOW", "CONSENT_DATE", "PLO_STAGE"],
                                  "Babies under 1 admitted under section 20",
                                  "No baby under 1 was admitted under section 20 in the period.",
                                  labels=ADMISSION_LABELS))


def consent_and_agreements(ctx) -> Block:
    """Consent within 2 working days and review of the s20 agreement (needs s20_agreements)."""
    if not ctx.ds.has("s20_agreements"):
        return Block(note("Consent and agreement checks need the s20_agreements table, which "
                          f"{absent_words(ctx.ds, 's20_agreements')}, so they are left out."))
    s = ctx.group("s20")
    rows = ctx.rows("s20", "admissions")
    p = s.get("consent_recorded")
    from .format import fmt_prop

    lead = para(f"Consent recorded within {ctx.params['s20_consent_working_days']} working days "
                f"of admission: {fmt_prop(p, ctx.paper, ctx.key('s20.consent_recorded'))}.")
    no_agreement = int((~rows["HAS_AGREEMENT"].fillna(False).astype(bool)).sum())
    agreement_text = ("Every admission in the period has an s20 agreement record." if no_agreement == 0
                      else f"{plural(no_agreement, 'admission', 'admissions', ctx.paper)} in the "
                           "period had no s20 agreement record at all.")
    cohort = ctx.rows("s20", "admissions", _all_time(ctx))
    still = cohort[cohort["STILL_S20"]]
    plo = still["PLO_STAGE"].astype("object").where(still["PLO_STAGE"].notna(), "UNKNOWN")
    plo_counts = plo.value_counts()
    from .labels import PLO_STAGE

    plo_df = pd.DataFrame({"PLO stage": [PLO_STAGE.get(k, "Not recorded") for k in plo_counts.index],
                           "Children": plo_counts.values.astype("int64")})
    if len(plo_df):
        plo_df = pd.concat([plo_df, pd.DataFrame([{"PLO stage": "Total",
                                                   "Children": int(plo_df["Children"].sum())}])],
                           ignore_index=True)
        plo_df["Children"] = plo_df["Children"].astype("int64")
    problems = rows[~rows["CONSENT_ON_TIME"].fillna(False).astype(bool)
                    & ~not_yet_due_mask(rows, "CONSENT_NOT_YET_DUE")]
    not_reviewed = still[still["OVER_6M"] & still["AGREEMENT_REVIEWED"].isna()]
    return Block(
        lead,
        para(agreement_text),
        table(plo_df, suppress=ctx.paper, keys={(len(plo_df) - 1, "Children"): ctx.key("s20.current")},
              caption=f"Children under section 20 on {fmt_date(ctx.window.as_at)}, by PLO stage"),
        child_list(ctx, tidy(problems), ["CHILD", "START", "CONSENT_DATE", "FLAGS",
                                         "POSSIBLE_MISMATCH"],
                   "Admissions in the period without consent recorded in time",
                   "Every admission in the period had consent recorded in time.",
                   labels=ADMISSION_LABELS),
        mismatch_note(ctx, problems, "an s20 agreement"),
        child_list(ctx, not_reviewed, ["CHILD", "START", "DAYS_ACCOMMODATED", "PLO_STAGE"],
                   "Accommodated over 6 months with no review of the s20 agreement recorded",
                   "Every child accommodated over 6 months has had their agreement reviewed.",
                   labels=ADMISSION_LABELS))


def monthly_admissions(ctx, months: int = 24) -> Block:
    """Monthly s20 admissions over the last MONTHS months as an XmR chart."""
    return spc_count(ctx, "s20", "admissions", "START", "section 20 admissions", months=months,
                     intro=SPC_EXPLAINER)


def exceptions(ctx) -> Block:
    """Children to act on: admissions in the window with a flag, and every child under s20 at
    as_at who has been accommodated over 6 months (whenever admitted)."""
    cohort = ctx.rows("s20", "admissions", _all_time(ctx))
    in_window = ctx.window.contains(cohort["START"])
    act = cohort[(cohort["FLAGS"] != "") & (in_window | cohort["STILL_S20"])]
    act = act.sort_values(["OVER_12M", "OVER_6M", "START"], ascending=[False, False, True])
    return Block(child_list(ctx, tidy(act), ["CHILD", "START", "AGE_AT_START", "DAYS_ACCOMMODATED",
                                       "STATUS_NOW", "PLO_STAGE", "FLAGS", "POSSIBLE_MISMATCH"],
                            "Exception list: section 20 cases to act on",
                            "No section 20 case needs action.", labels=ADMISSION_LABELS),
                 data={"rows": act})

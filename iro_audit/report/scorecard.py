"""The scorecard: every metric of `metrics.md` with its target, RAG rating, the previous
period's figure, the change and whether that change is more than chance.

Targets are a mapping of dotted metric keys (as `metrics.md` names them) to a percentage (for
proportions) or a number (for counts), plus `amber_margin`: how many percentage points short of
target still rate Amber (default 5). Whether higher or lower is better comes from the catalogue
below, so a target of 10 for `stability.three_plus_placements` means "at most 10%".
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from ..errors import ParameterError
from .blocks import Block, note, para
from .format import SUPPRESSED, fmt_count, fmt_number, fmt_pct, fmt_prop, prop_hidden, table
from .labels import code_label
from .style import RAG_STYLE

# (dotted key, words (may use metric parameters), kind, which way is better)
CATALOGUE: list[tuple[str, str, str, str | None, str]] = []


def _m(theme, key, label, kind="prop", better="higher"):
    CATALOGUE.append((key, label, kind, better, theme))


_m("Reviews", "reviews.held", "Reviews held", "count", None)
_m("Reviews", "reviews.on_time", "Reviews held in timescale")
_m("Reviews", "reviews.overdue", "Children whose review is overdue (as at)", "count", "lower")
for _c in ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", "UNKNOWN"):
    _m("Participation in reviews", f"participation.{_c}", code_label("CODE", _c), "prop",
       {"PN1": "higher", "PN7": "lower", "UNKNOWN": "lower"}.get(_c))
_m("Review records", "review_records.report_timing.five_plus_days_before",
   "Pre-meeting report received 5 or more days before the review")
_m("Review records", "review_records.report_timing.one_to_four_days_before",
   "Pre-meeting report received 1 to 4 days before", "prop", None)
_m("Review records", "review_records.report_timing.same_day",
   "Pre-meeting report received on the day", "prop", None)
_m("Review records", "review_records.report_timing.after_review",
   "Pre-meeting report received after the review", "prop", "lower")
_m("Review records", "review_records.report_timing.no_report", "No pre-meeting report",
   "prop", "lower")
_m("Review records", "review_records.minutes_on_time",
   "Minutes issued within {minutes_working_days} working days")
_m("Review records", "review_records.recommendations_on_time",
   "Recommendations issued within {recommendations_working_days} working days")
_m("Review records", "review_records.care_plan_updated",
   "Care plan updated within {care_plan_working_days} working days of the review")
_m("Oversight between reviews", "midway",
   "Midway review in the last {midway_months} months (children in care 6 months or more)")
_m("Oversight between reviews", "visits.within_6m",
   "Children visited by their IRO in the last {visit_months_short} months")
_m("Oversight between reviews", "visits.within_12m",
   "Children visited by their IRO in the last {visit_months_long} months")
_m("Oversight between reviews", "caseload.iros_over_70_per_fte",
   "IROs with more than {caseload_threshold_per_fte} children per FTE", "count", "lower")
_m("Health and education", "health.assessment_up_to_date", "Health assessment up to date")
_m("Health and education", "health.dental_up_to_date", "Dental check up to date")
_m("Health and education", "health.iha_on_time",
   "Initial health assessment within {iha_working_days} working days")
_m("Health and education", "health.refused", "Health assessments refused", "count", None)
_m("Health and education", "health.oc2_assessment", "Health assessment (OC2 return)")
_m("Health and education", "health.oc2_dental", "Dental check (OC2 return)")
_m("Health and education", "health.oc2_immunisations", "Immunisations up to date (OC2 return)")
_m("Health and education", "pep.up_to_date",
   "Personal education plan in the last {pep_months} months (aged 4 to 15)")
_m("Placement stability", "stability.three_plus_placements",
   "Three or more placements in the period", "prop", "lower")
_m("Placement stability", "stability.long_term",
   "Long-term stability (same placement for 2 years or more)")
_m("Entering and leaving care", "entering.children", "Children entering care", "count", None)
_m("Entering and leaving care", "entering.occasions", "Occasions of entering care", "count", None)
_m("Entering and leaving care", "ceased.children", "Children leaving care", "count", None)
_m("Entering and leaving care", "uasc.looked_after",
   "Unaccompanied asylum-seeking children in care (as at)", "count", None)
_m("Section 20", "s20.admissions", "Section 20 admissions", "count", None)
_m("Section 20", "s20.admissions_children", "Children admitted under section 20", "count", None)
_m("Section 20", "s20.admissions_under_1", "Section 20 admissions of babies under 1", "count", "lower")
_m("Section 20", "s20.current", "Children accommodated under section 20 (as at)", "count", None)
_m("Section 20", "s20.current_over_6m", "... of whom for over 6 months", "count", "lower")
_m("Section 20", "s20.current_over_12m", "... of whom for over 12 months", "count", "lower")
_m("Section 20", "s20.outcome.converted_to_order", "Admissions since converted to a court order",
   "count", None)
_m("Section 20", "s20.outcome.ceased_care", "Admissions since ended by leaving care", "count", None)
_m("Section 20", "s20.outcome.still_s20", "Admissions still under section 20", "count", None)
_m("Section 20", "s20.consent_recorded",
   "Consent recorded within {s20_consent_working_days} working days of admission")
_m("Placed with parents", "pwp.current", "Children placed with parents (as at)", "count", None)
_m("Placed with parents", "pwp.current_over_12m", "... of whom for over 12 months", "count", "lower")
_m("Placed with parents", "pwp.current_over_18m", "... of whom for over 18 months", "count", "lower")
_m("Placed with parents", "pwp.current_full_order", "... of whom on a full care order", "count", None)
_m("Placed with parents", "pwp.started", "Placements with parents begun", "count", None)
_m("Placed with parents", "pwp.approved_before_placement",
   "Nominated officer approval before placement")
_m("Adoption", "adoption.adopted", "Children adopted", "count", None)
_m("Adoption", "adoption.placed_within_426_days",
   "Placed for adoption within {adoption_placed_days} days of entering care")
_m("Adoption", "adoption.matched_within_121_days",
   "Matched within {adoption_matched_days} days of the placement order")
_m("Missing from care", "missing.children", "Children missing or away", "count", None)
_m("Missing from care", "missing.episodes", "Missing or away episodes", "count", None)
_m("Missing from care", "missing.children_over_3", "Children missing more than 3 times",
   "count", "lower")
_m("Escalations", "escalations.discussion", "Escalation discussions (case notes)", "count", None)
_m("Escalations", "escalations.formal", "Formal escalations", "count", None)
_m("Escalations", "escalations.resolved_within_20wd",
   "Formal escalations resolved within {escalation_resolution_working_days} working days")
_m("Quality and Compliance", "qc.completion", "Reviews with a Quality and Compliance form")

DEFAULT_TARGETS: dict = {
    "reviews.on_time": 95,
    "review_records.report_timing.five_plus_days_before": 80,
    "review_records.minutes_on_time": 90,
    "review_records.recommendations_on_time": 90,
    "review_records.care_plan_updated": 90,
    "midway": 80,
    "visits.within_6m": 80,
    "visits.within_12m": 100,
    "caseload.iros_over_70_per_fte": 0,
    "health.assessment_up_to_date": 90,
    "health.dental_up_to_date": 85,
    "health.iha_on_time": 80,
    "pep.up_to_date": 95,
    "stability.three_plus_placements": 10,
    "stability.long_term": 70,
    "s20.consent_recorded": 100,
    "pwp.approved_before_placement": 100,
    "adoption.placed_within_426_days": 60,
    "adoption.matched_within_121_days": 80,
    "escalations.resolved_within_20wd": 80,
    "qc.completion": 100,
    "amber_margin": 5,
}

KNOWN_KEYS = {k for k, *_ in CATALOGUE} | {"amber_margin"}


def load_targets(targets=None) -> dict:
    """Targets: DEFAULT_TARGETS, updated from a dict or a YAML file path (unknown key = error)."""
    out = dict(DEFAULT_TARGETS)
    if targets is None:
        return out
    if isinstance(targets, (str, Path)):
        p = Path(targets)
        if not p.exists() and (Path("..") / p).exists():
            p = Path("..") / p
        if not p.exists():
            raise ParameterError(f"targets file not found: {targets}")
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        data = data.get("targets", data)
    else:
        data = dict(targets)
    for k, v in data.items():
        if k not in KNOWN_KEYS:
            import difflib

            near = difflib.get_close_matches(k, sorted(KNOWN_KEYS), n=1)
            raise ParameterError(f"unknown target '{k}'" + (f" (did you mean '{near[0]}'?)" if near else ""))
        if v is not None and not isinstance(v, (int, float)):
            raise ParameterError(f"target '{k}': '{v}' is not a number")
        out[k] = v
    return out


def get_path(d: dict | None, path: str):
    """The value at dotted PATH in nested dict D (None when any part is missing)."""
    cur = d
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def change_p(n1, d1, n2, d2) -> float | None:
    """p-value of the change between two proportions (`stats.change_test`: two-proportion z
    test, or Fisher's exact test when an expected count is under 5); None when either
    denominator is 0."""
    if not d1 or not d2:
        return None
    from ..stats import change_test

    return change_test(int(n2), int(d2), int(n1), int(d1))["p_value"]


def significance_words(p: float | None) -> str:
    if p is None:
        return "–"
    if p < 0.001:
        ptxt = "p < 0.001"
    elif p < 0.01:
        ptxt = f"p = {p:.3f}"
    elif 0.045 <= p < 0.055:   # near the line: enough figures that "p = 0.05" never reads both ways
        ptxt = f"p = {p:.3g}"
    else:
        ptxt = f"p = {p:.2f}"
    return ("Significant" if p < 0.05 else "Not significant") + f" ({ptxt})"


def rag(value, target, better, margin=5.0, kind="prop") -> str:
    """Green when VALUE meets TARGET, Amber within MARGIN points of it (proportions only), else
    Red; "" when there is no target, no value or no way of telling which way is better."""
    if target is None or value is None or better is None:
        return ""
    gap = (value - target) if better == "higher" else (target - value)
    if gap >= 0:
        return "Green"
    if kind == "prop" and gap >= -float(margin or 0):
        return "Amber"
    return "Red"


def _hidden(v, kind, paper, key, d_key=None) -> bool:
    """Whether figure V (keyed KEY in the paper) is hidden, or for a proportion whether its
    numerator, denominator or complement is."""
    if v is None or not paper:
        return False
    if kind == "count":
        return paper.count(v, key)
    return any(prop_hidden(v, paper, key, d_key))


def _value_text(v, kind, paper, key=None, d_key=None):
    if v is None:
        return "–"
    if kind == "count":
        return fmt_count(v, paper, key)
    if not v.get("d"):
        return "none to count"
    return fmt_prop(v, paper, key, d_key)


def _change_text(cur, prev, kind, hidden):
    """(change in words, p-value); "c" and no p-value when either figure is HIDDEN."""
    if cur is None or prev is None:
        return "–", None
    if kind != "count" and (not cur.get("d") or not prev.get("d")):
        return "–", None
    if hidden:
        return SUPPRESSED, None
    if kind == "count":
        diff = int(cur) - int(prev)
        return ("no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {abs(diff):,}"), None
    p = change_p(cur["n"], cur["d"], prev["n"], prev["d"])
    diff = float(cur["pct"]) - float(prev["pct"])
    if abs(diff) < 0.05:
        return "no change", p
    return f"{'up' if diff > 0 else 'down'} {abs(diff):.1f} points", p


# proportions of one denominator that add up to it: (prefix of their keys, the denominator's key)
FAMILIES = (("participation.", "participation.reviews"),
            ("review_records.report_timing.", "review_records.report_timing.reviews"))


def _family(key: str):
    return next(((pre, dk) for pre, dk in FAMILIES if key.startswith(pre)), None)


def _settle_families(figures: dict | None, paper, period: str) -> None:
    """Each family of shares of one total settled together (secondary suppression across
    them), before the rows print them one by one."""
    from ..suppression import figure_key

    if not paper or figures is None:
        return
    for pre, d_base in FAMILIES:
        vals = {k: get_path(figures, k) for k, *_ in CATALOGUE if k.startswith(pre)}
        vals = {k: v for k, v in vals.items() if isinstance(v, dict) and v.get("d")}
        if len(vals) < 2:
            continue
        d = next(iter(vals.values()))["d"]
        paper.shares({figure_key(k, period): v["n"] for k, v in vals.items()}, d,
                     figure_key(d_base, period))


def scorecard_frame(current: dict, previous: dict | None, params: dict, targets: dict | None = None,
                    suppress=False, keys: list[str] | None = None,
                    with_targets: bool = True,
                    periods: tuple[str, str] = ("this period", "previous period"),
                    extra: list | None = None) -> pd.DataFrame:
    """One row per catalogue metric present in CURRENT (or in KEYS), with words ready to show:
    Theme, Measure, This period, Target, RAG, Previous period, Change, Significance, and the
    raw values (VALUE, PREVIOUS, P) for tests. SUPPRESS may be the paper's `Disclosure`, its
    figures keyed by the catalogue key and PERIODS. Under suppression a hidden figure hides its
    RAG, change and p-value too (each shown as "c"). EXTRA: more catalogue entries (key, words,
    kind, better, theme) for KEYS the catalogue does not hold (a dashboard tile of its own)."""
    from ..suppression import figure_key

    from .format import paper_of

    paper = paper_of(suppress)
    targets = load_targets(targets)
    margin = targets.get("amber_margin", 5)
    _settle_families(current, paper, periods[0])
    _settle_families(previous, paper, periods[1])
    rows = []
    known = CATALOGUE + [e for e in (extra or []) if e[0] not in KNOWN_KEYS]
    cat = CATALOGUE if keys is None else [c for k in keys for c in known if c[0] == k]
    for key, label, kind, better, theme in cat:
        cur = get_path(current, key)
        if cur is None:
            continue
        prev = get_path(previous, key) if previous is not None else None
        fam = _family(key)
        kc, kp = figure_key(key, periods[0]), figure_key(key, periods[1])
        dc = figure_key(fam[1], periods[0]) if fam else None
        dp = figure_key(fam[1], periods[1]) if fam else None
        hc = _hidden(cur, kind, paper, kc, dc)
        hp = _hidden(prev, kind, paper, kp, dp)
        tgt = targets.get(key)
        value_num = cur if kind == "count" else cur.get("pct")
        rating = rag(value_num, tgt, better, margin, kind) if with_targets else ""
        if rating and hc:
            rating = SUPPRESSED
        change, p = _change_text(cur, prev, kind, hc or hp)
        rows.append({
            "Theme": theme,
            "Measure": label.format(**params),
            "This period": _value_text(cur, kind, paper, kc, dc),
            "Target": ("" if tgt is None else
                       (("at least " if better == "higher" else "at most ") if better else "")
                       + (fmt_pct(tgt) if kind == "prop" else fmt_number(tgt))),
            "RAG": rating,
            "Previous period": _value_text(prev, kind, paper, kp, dp) if prev is not None else "–",
            "Change": change,
            "Significance": (SUPPRESSED if change == SUPPRESSED and kind == "prop" else
                             significance_words(p) if kind == "prop" and change != "–" else "–"),
            "KEY": key, "VALUE": value_num, "P": None if change == SUPPRESSED else p,
        })
    return pd.DataFrame(rows, columns=["Theme", "Measure", "This period", "Target", "RAG",
                                       "Previous period", "Change", "Significance", "KEY",
                                       "VALUE", "P"])


def _rag_cell(v: str) -> str:
    st = RAG_STYLE.get(str(v).split(" ")[-1]) if v else None
    return (f"background-color:{st['fill']} !important;font-weight:bold;white-space:nowrap;"
            if st else "")


def scorecard_tables(frame: pd.DataFrame, this_label: str, prev_label: str,
                     with_targets: bool = True) -> list:
    """One table per theme, RAG shown as a symbol and a word on a pale fill."""
    out = []
    for theme, grp in frame.groupby("Theme", sort=False):
        g = grp.drop(columns=["Theme", "KEY", "VALUE", "P"]).copy()
        g["RAG"] = [f"{RAG_STYLE[r]['symbol']} {r}" if r in RAG_STYLE else
                    (SUPPRESSED if r == SUPPRESSED else "") for r in g["RAG"]]
        g = g.rename(columns={"This period": this_label, "Previous period": prev_label})
        if not with_targets:
            g = g.drop(columns=["Target", "RAG"])
        elif (g["Target"] == "").all():
            g = g.drop(columns=["Target", "RAG"])
        sty = table(g, caption=theme, counts=[], codes=False, labels={"RAG": "RAG"},
                    nowrap=[c for c in g.columns if c != "Measure"])
        if "RAG" in g.columns:
            sty = sty.map(_rag_cell, subset=["RAG"])
        out.append(sty)
    return out


def anchor_id(key: str) -> str:
    """The id of a measure's place in a report page: its metrics.md key with "." and "_" as
    "-" ("reviews.on_time" -> "reviews-on-time"). The dashboard links to these."""
    return str(key).lower().replace(".", "-").replace("_", "-")


def theme_anchor_id(theme: str) -> str:
    """The id of a scorecard theme's table ("Placed with parents" -> "scorecard-placed-with-parents")."""
    import re

    return "scorecard-" + re.sub(r"[^a-z0-9]+", "-", str(theme).lower()).strip("-")


def theme_anchors(theme: str, keys) -> str:
    """Empty elements carrying the ids of a theme's table and of each measure in it, placed
    just before the table, so `quarterly_performance.html#reviews-on-time` opens at it."""
    ids = [theme_anchor_id(theme)] + [anchor_id(k) for k in keys]
    return "".join(f'<span id="{i}" class="iro-anchor"></span>' for i in ids)


def scorecard(ctx, targets=None) -> Block:
    """The quarterly scorecard of every metric, recorded for the JSON summary."""
    cur = ctx.all_metrics()
    prev = ctx.all_metrics(ctx.previous)
    for g, v in cur.items():
        ctx.record(g, v)
    t = load_targets(targets)
    frame = scorecard_frame(cur, prev, ctx.params, t, getattr(ctx, "paper", ctx.suppress),
                            periods=(ctx.period_label(), ctx.period_label(ctx.previous)))
    rated = frame[~frame["RAG"].isin(["", SUPPRESSED])]
    withheld = int((frame["RAG"] == SUPPRESSED).sum())
    counts = rated["RAG"].value_counts()
    def n_were(n):
        return f"{n} {'was' if n == 1 else 'were'}"
    summary = (f"Of {len(rated)} measures with a target, {counts.get('Green', 0)} met it (Green), "
               f"{n_were(counts.get('Amber', 0))} within {t.get('amber_margin', 5)} points of it "
               f"(Amber) and {n_were(counts.get('Red', 0))} further away (Red)."
               + (f" {withheld} more {'is' if withheld == 1 else 'are'} not rated here, because "
                  "the figure is suppressed (a rating beside it would give it away)."
                  if withheld else ""))
    sig = frame[frame["Significance"].str.startswith("Significant")]
    sig_txt = ("Changes on " + ctx.previous_words() + " that are more than chance (p < 0.05): "
               + "; ".join(f"{m} ({c})" for m, c in zip(sig["Measure"], sig["Change"])) + "."
               if len(sig) else f"No change on {ctx.previous_words()} is more than chance (p < 0.05).")
    missing = [g for g, v in cur.items() if v is None]
    red = frame[frame["RAG"] == "Red"]["Measure"].tolist()
    red_txt = ("Furthest from target (Red): " + "; ".join(red) + ".") if red else None
    parts = [para(summary), para(red_txt) if red_txt else None, para(sig_txt)]
    tables = scorecard_tables(frame, ctx.period_label(), ctx.period_label(ctx.previous))
    for (theme, grp), sty in zip(frame.groupby("Theme", sort=False), tables):
        parts += [theme_anchors(theme, grp["KEY"]), sty]
    if missing:
        empty = list(getattr(ctx.ds, "empty_tables", ()) or ())
        parts.append(note("Not available, because the tables they need were not supplied"
                          + (f" or held no usable rows ({', '.join(empty)})" if empty else "")
                          + ": " + ", ".join(missing) + "."))
    return Block(*parts, data={"frame": frame})

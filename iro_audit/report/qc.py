"""Sections of the Quality and Compliance form report (`notebooks/qc_forms.ipynb`)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from .blocks import Block, note, para
from .charts import bar_chart
from .common import child_list, figures_table, mismatch_note, with_mismatch
from .format import fmt_count, fmt_pct, fmt_prop, table
from .labels import GRADE, GRADE_ORDER
from .quality import absent_words

# Words to look for in COMMENTS, by theme (lower case; a comment may touch several themes)
DEFAULT_COMMENT_THEMES = {
    "Drift and delay": ["drift", "delay", "overdue", "waiting", "slow"],
    "Pre-meeting report": ["report", "pre-meeting", "pre meeting"],
    "Voice of the child": ["voice", "wishes", "views", "feelings", "advocate", "advocacy"],
    "Family time": ["family time", "contact", "siblings", "sibling"],
    "Health": ["health", "dental", "dentist", "camhs", "medical"],
    "Education": ["education", "school", "pep", "attendance", "college"],
    "Placement and stability": ["placement", "carer", "move", "stability", "unregistered"],
    "Permanence and life story": ["permanence", "life story", "later life", "sgo", "adoption"],
    "Care plan quality": ["care plan", "plan", "smart", "contingency"],
    "Good practice": ["good", "well", "excellent", "positive", "strong"],
}


def _resolve(path):
    if path is None:
        return None
    p = Path(path)
    if p.exists():
        return p
    alt = Path("..") / p
    return alt if alt.exists() else None


def form_items(qc_form=None) -> dict[str, dict]:
    """Item id -> {text, theme} from the form definition (parameters/qc_form.yaml by default)."""
    p = _resolve(qc_form or "../parameters/qc_form.yaml")
    if p is None:
        return {}
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    return {str(i["id"]): {"text": i.get("text", i["id"]), "theme": i.get("theme", "")}
            for i in data.get("items", [])}


def _review_iros(ctx, rows: pd.DataFrame) -> pd.DataFrame:
    """ROWS (CHILD, REVIEW, IRO_ID from the form) with IRO_ID filled from review_records, then
    from the allocation covering the review date, and TEAM from the iros table."""
    r = rows.copy()
    r["IRO"] = r["IRO_ID"].astype("object") if "IRO_ID" in r else None
    if ctx.ds.has("review_records") and "IRO_ID" in ctx.ds["review_records"].columns:
        rr = ctx.ds["review_records"][["CHILD", "REVIEW", "IRO_ID"]].dropna()
        rr = rr.assign(CHILD=rr["CHILD"].astype(object),
                       REVIEW=pd.to_datetime(rr["REVIEW"]).astype("datetime64[ns]"))
        rr = rr.drop_duplicates(["CHILD", "REVIEW"]).rename(columns={"IRO_ID": "_RR"})
        r = r.merge(rr, on=["CHILD", "REVIEW"], how="left")
        r["IRO"] = r["IRO"].where(r["IRO"].notna(), r["_RR"])
        r = r.drop(columns="_RR")
    if ctx.ds.has("iro_allocations") and r["IRO"].isna().any():
        al = ctx.ds["iro_allocations"][["CHILD", "IRO_ID", "ALLOC_START", "ALLOC_END"]].copy()
        al["CHILD"] = al["CHILD"].astype(object)
        m = r[r["IRO"].isna()][["CHILD", "REVIEW"]].reset_index().merge(al, on="CHILD")
        m = m[(m["ALLOC_START"] <= m["REVIEW"]) & (m["ALLOC_END"].isna() | (m["ALLOC_END"] >= m["REVIEW"]))]
        m = m.sort_values("ALLOC_START").drop_duplicates("index", keep="last").set_index("index")
        r.loc[m.index, "IRO"] = m["IRO_ID"]
    if ctx.ds.has("iros"):
        teams = ctx.ds["iros"][["IRO_ID", "TEAM"]].drop_duplicates("IRO_ID").set_index("IRO_ID")["TEAM"]
        r["TEAM"] = r["IRO"].map(teams)
    else:
        r["TEAM"] = None
    r["IRO"] = r["IRO"].where(r["IRO"].notna(), "Not known")
    r["TEAM"] = r["TEAM"].where(r["TEAM"].notna(), "Not known")
    return r


def headline(ctx) -> Block:
    if not ctx.ds.has("qc_forms"):
        return Block(note(f"This report needs the qc_forms table, which "
                          f"{absent_words(ctx.ds, 'qc_forms')}."))
    q = ctx.group("qc")
    lead = para(f"Quality and Compliance forms were completed for "
                f"{fmt_prop(q['completion'], ctx.paper, ctx.key('qc.completion'))} reviews held "
                "in the period.")
    return Block(lead, figures_table([("Reviews with a Q&C form", q["completion"], "qc.completion"),
                                      ("Forms for those reviews", sum(q["by_grade"].values()),
                                       "qc.completion.n")],
                                     ctx.paper, caption="Completion", period=ctx.period_label()))


def _relate_good(ctx, window=None) -> None:
    """Good or outstanding forms = outstanding + good (the grades table's rows)."""
    ctx.paper.relate(ctx.key("qc.good.n", window), [ctx.key("qc.by_grade.OUTSTANDING", window),
                                                    ctx.key("qc.by_grade.GOOD", window)])


def missing_forms(ctx) -> Block:
    """Reviews held in the period with no Q&C form, with a note where a form of the same child
    that matched no review is dated close to it (a possible keying mismatch)."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    ctx.group("qc")
    rows = ctx.rows("qc", "form_completion")
    none = rows[~rows["HAS_FORM"].astype(bool)].sort_values(["REVIEW", "CHILD"], kind="mergesort")
    return Block(child_list(ctx, with_mismatch(none), ["CHILD", "REVIEW", "POSSIBLE_MISMATCH"],
                            "Reviews held in the period with no Q&C form",
                            "Every review held in the period has a Q&C form."),
                 mismatch_note(ctx, none, "a Q&C form"), data={"rows": none})


def grades(ctx) -> Block:
    """How the forms graded the quality of planning for the child."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    q = ctx.group("qc")
    prev = ctx.group("qc", ctx.previous) or {}
    from .common import compare_counts

    _relate_good(ctx)
    tab = compare_counts(q["by_grade"], prev.get("by_grade"), "OVERALL_GRADE", "Overall grade",
                         ctx.paper, ctx.period_label(), ctx.period_label(ctx.previous),
                         order=GRADE_ORDER, words=GRADE, key="qc.by_grade",
                         total_key="qc.completion.n", caption="Overall grade of the forms")
    df = pd.DataFrame({"Grade": [GRADE.get(k, k) for k in GRADE_ORDER if k in q["by_grade"]],
                       "Forms": [int(q["by_grade"][k]) for k in GRADE_ORDER if k in q["by_grade"]]})
    good = sum(int(q["by_grade"].get(k, 0)) for k in ("OUTSTANDING", "GOOD"))
    tot = sum(int(v) for v in q["by_grade"].values())
    share = (fmt_prop({"n": good, "d": tot, "pct": 100 * good / tot}, ctx.paper, ctx.key("qc.good"),
                      ctx.key("qc.completion.n")).split(" (")[0] if tot else "–")
    title = f"{share} of forms graded good or outstanding"
    chart = bar_chart(df, "Grade", "Forms", title, xlabel="Forms", suppress=ctx.suppress, beside=tab)
    return Block(tab, chart)


def item_compliance(ctx, qc_form=None) -> Block:
    """Each form item: the share answered Yes (of Yes and No answers), with its Wilson 95%
    interval, lowest first."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    q = ctx.group("qc")
    items = form_items(qc_form)
    rows = []
    for item, p in q["items"].items():
        info = items.get(item, {})
        ci = p.get("ci95") or [None, None]
        rows.append({"Theme": str(info.get("theme", "")).capitalize(),
                     "Item": info.get("text", item), "Yes": int(p["n"]), "Answered": int(p["d"]),
                     "Percentage": p["pct"], "LOW": ci[0], "HIGH": ci[1]})
    df = pd.DataFrame(rows, columns=["Theme", "Item", "Yes", "Answered", "Percentage", "LOW", "HIGH"])
    if df.empty:
        return Block(para("The forms carry no item columns."))
    df = df.sort_values("Percentage", na_position="last").reset_index(drop=True)
    shown = df.assign(CI=[f"{fmt_pct(lo)} to {fmt_pct(hi)}" if lo is not None else "–"
                          for lo, hi in zip(df["LOW"], df["HIGH"])]).drop(columns=["LOW", "HIGH"])
    sty = table(shown, suppress=ctx.paper, counts=["Yes", "Answered"],
                pct_of={"Percentage": ("Yes", "Answered")}, labels={"CI": "95% interval"},
                proportions={"Yes": "Answered"}, hide_with={"CI": "Yes"},
                caption="Form items: share answered Yes, lowest first")
    worst = df.iloc[0]
    worst_pct = sty.data["Percentage"].iat[0]
    chart = bar_chart(df, "Item", "Percentage",
                      f"Lowest: {worst_pct} answered Yes to \"{worst['Item']}\"",
                      pct=True, suppress=ctx.suppress, n_cols=["Yes"], errors=("LOW", "HIGH"),
                      beside=sty,
                      xlabel="Answered Yes (bars show the 95% interval)")
    return Block(para("NA and blank answers are left out of each item's count. The interval shows "
                      "how far the true rate could plausibly be from the one measured."),
                 sty, chart, data={"items": df})


def by_iro_and_team(ctx) -> Block:
    """Completion and grades by team and by IRO."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    ctx.group("qc")
    comp = _review_iros(ctx, ctx.rows("qc", "form_completion"))
    comp["GOOD"] = comp["OVERALL_GRADE"].isin(["OUTSTANDING", "GOOD"])
    parts = []
    levels = [("TEAM", "Team", "team")] + ([] if ctx.suppress else [("IRO", "IRO", "IRO")])
    for col, name, lower in levels:
        g = comp.groupby(col).agg(REVIEWS=("HAS_FORM", "size"), FORMS=("HAS_FORM", "sum"),
                                  GOOD=("GOOD", "sum")).reset_index()
        g["PCT"] = 100 * g["FORMS"] / g["REVIEWS"]
        g["GOOD_PCT"] = [100 * a / b if b else None for a, b in zip(g["GOOD"], g["FORMS"])]
        g = g.sort_values("PCT")
        total = {col: "Total", **{c: g[c].sum() for c in ("REVIEWS", "FORMS", "GOOD")}}
        g = pd.concat([g, pd.DataFrame([total])], ignore_index=True)
        g["PCT"] = [100 * a / b if b else None for a, b in zip(g["FORMS"], g["REVIEWS"])]
        g["GOOD_PCT"] = [100 * a / b if b else None for a, b in zip(g["GOOD"], g["FORMS"])]
        g = g.astype({"REVIEWS": "int64", "FORMS": "int64", "GOOD": "int64"})
        last = len(g) - 1
        _relate_good(ctx)
        keys = {(last, "REVIEWS"): ctx.key("qc.completion.d"),
                (last, "FORMS"): ctx.key("qc.completion.n"), (last, "GOOD"): ctx.key("qc.good.n")}
        parts.append(table(g[[col, "REVIEWS", "FORMS", "PCT", "GOOD", "GOOD_PCT"]],
                           suppress=ctx.paper, counts=["REVIEWS", "FORMS", "GOOD"], keys=keys,
                           proportions={"FORMS": g["REVIEWS"], "GOOD": g["FORMS"]},
                           follow={"GOOD": "FORMS"},
                           pct_of={"PCT": ("FORMS", "REVIEWS"), "GOOD_PCT": ("GOOD", "FORMS")},
                           labels={col: name, "REVIEWS": "Reviews held", "FORMS": "Forms completed",
                                   "PCT": "Completion", "GOOD": "Good or outstanding",
                                   "GOOD_PCT": "Good or outstanding %"},
                           caption=f"Completion and grades by {lower}, lowest completion first"))
    if ctx.suppress:
        parts.append(note("Figures for each IRO are left out of a paper for publication: beside "
                          "the team figures they could reveal small numbers."))
    return Block(para("A review's IRO is taken from its form, else its review record, else the "
                      "IRO allocated to the child on the review date."), *parts)


def comment_themes(ctx, themes: dict | None = None) -> Block:
    """How many form comments touch each theme (simple keyword matching; a comment may touch
    several). THEMES maps a theme to its key words (default DEFAULT_COMMENT_THEMES)."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    forms = ctx.rows("qc", "review_forms")
    if "COMMENTS" not in forms or forms["COMMENTS"].notna().sum() == 0:
        return Block(para("No form in the period has a comment."))
    themes = themes or DEFAULT_COMMENT_THEMES
    text = forms["COMMENTS"].dropna().astype(str).str.lower()
    rows = []
    for theme, words in themes.items():
        hit = text.apply(lambda t: any(w.lower() in t for w in words))
        rows.append({"Theme": theme, "Comments": int(hit.sum()),
                     "Percentage": 100 * hit.sum() / len(text) if len(text) else None})
    df = pd.DataFrame(rows).sort_values("Comments", ascending=False).reset_index(drop=True)
    df["Comments"] = df["Comments"].astype("int64")
    top = df.iloc[0]
    themes_table = table(df, suppress=ctx.paper, caption="Comments by theme",
                         proportions={"Comments": [len(text)] * len(df)})
    top_shown = themes_table.data[themes_table.data.columns[1]].iat[0]
    chart = bar_chart(df, "Theme", "Comments",
                      f"Most comments are about {top['Theme'].lower()} "
                      f"({top_shown} of {fmt_count(len(text), ctx.paper)})",
                      xlabel="Comments mentioning the theme", suppress=ctx.suppress, beside=themes_table)
    return Block(para(f"{fmt_count(len(text), ctx.paper)} forms in the period carry a comment. Themes are found by "
                      "key words, so read them as pointers to where to look, not as findings."),
                 themes_table, chart,
                 data={"themes": df})


def moderation_sample(ctx, sample_size: int = 10, seed: int = 1) -> Block:
    """A seeded random sample of the period's forms for moderation by a manager."""
    if not ctx.ds.has("qc_forms"):
        return Block()
    import numpy as np

    forms = ctx.rows("qc", "review_forms")
    if forms.empty:
        return Block(para("No forms in the period to sample."))
    f = _review_iros(ctx, forms).sort_values("FORM_ID", key=lambda s: s.astype(str)).reset_index(drop=True)
    n = min(int(sample_size), len(f))
    pick = f.iloc[np.random.default_rng(int(seed)).permutation(len(f))[:n]].copy()
    pick.insert(0, "SEQ", np.arange(1, n + 1))
    if "COMMENTS" in pick:
        pick["COMMENTS"] = pick["COMMENTS"].map(lambda t: "" if pd.isna(t) else (t if len(str(t)) <= 90 else str(t)[:88] + "…"))
    lead = para(f"{fmt_count(n, ctx.paper)} of {fmt_count(len(f), ctx.paper)} forms drawn at random (seed {seed}); the same data and seed "
                "draw the same forms.")
    return Block(lead, child_list(ctx, pick, ["SEQ", "FORM_ID", "CHILD", "REVIEW", "IRO", "TEAM",
                                              "OVERALL_GRADE", "COMMENTS"],
                                  "Forms selected for moderation", "Nothing selected.",
                                  labels={"SEQ": "Order drawn", "IRO": "IRO"}),
                 data={"sample": pick})

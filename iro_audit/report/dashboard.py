"""The quality and assurance dashboard (`notebooks/qa_dashboard.ipynb`): the whole IRO service on
one page that leads to the detail.

- Tiles: one per headline measure of the scorecard (`TILES`, data: a child-protection tile is
  one more `Tile`), each with the scorecard's own figure, target, RAG, change on the previous
  period and its significance (`scorecard.scorecard_frame`, so the numbers are the
  scorecard's), a sparkline of the last 13 months and a link to the section of a report in the
  same run folder that explains it.
- Theme panels: the qualitative side: escalation reasons and stages, the weakest Quality and
  Compliance items, midway reviews and visits, placed with parents over 12 / 18 months and
  section 20 by PLO stage.

Under `suppress` every figure goes through the paper (`ctx.paper`): a tile whose figure is
hidden shows "c" with no RAG, change or sparkline, and a month whose figure would be hidden
is a gap in its sparkline. The page is plain HTML and inline SVG with its CSS scoped to
`.qa-dash` (print rules included: two A4 pages, tiles then panels).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..window import Window
from .blocks import Block, esc, note
from .format import SUPPRESSED, fmt_date, table
from .scorecard import (CATALOGUE, anchor_id, get_path, load_targets, scorecard_frame,
                        theme_anchor_id)

QUARTERLY = "quarterly_performance"
# The reports of the quarterly pack (parameters/batch/quarterly.yaml), which the dashboard is in.
QUARTERLY_PACK = ("quarterly_performance", "placed_with_parents", "qc_forms", "cp_conferences")


@dataclass(frozen=True)
class Tile:
    """One headline measure: KEY (a scorecard catalogue key, as metrics.md names it), TITLE (a
    few words for the tile) and LINKS: (report, anchor) places that explain it, best first; the
    first whose report is in the run folder is used, the scorecard row otherwise.

    A key the scorecard's catalogue does not hold (yet) gives its own KIND ("prop" or "count")
    and BETTER ("higher", "lower" or None), e.g. a child-protection headline:
    `Tile("cp.icpc_within_15wd", "Initial conferences in 15 working days", kind="prop",
    better="higher")`; it is worked out by the same `scorecard_frame` (no target: the targets
    file knows catalogue keys only)."""
    key: str
    title: str
    links: tuple = ()
    kind: str | None = None
    better: str | None = None

    def entry(self) -> tuple | None:
        """The tile's own catalogue entry (key, words, kind, better, theme), when it has one."""
        if self.kind is None:
            return None
        return (self.key, self.title, self.kind, self.better, "Dashboard")


def _sc(key: str) -> tuple:
    return ((QUARTERLY, anchor_id(key)),)


TILES: tuple[Tile, ...] = (
    Tile("reviews.on_time", "Reviews held in time", _sc("reviews.on_time")),
    Tile("participation.PN1", "Child attended and spoke for themselves",
         (("voice_of_the_child", "How-children-took-part-in-their-reviews"),) + _sc("participation.PN1")),
    Tile("review_records.minutes_on_time", "Minutes issued in time",
         _sc("review_records.minutes_on_time")),
    Tile("midway", "Midway reviews", (("voice_of_the_child", "Midway-reviews"),) + _sc("midway")),
    Tile("visits.within_6m", "IRO visit in 6 months",
         ((QUARTERLY, "Children-without-an-IRO-visit-in-6-months"),)),
    Tile("health.assessment_up_to_date", "Health assessments up to date",
         _sc("health.assessment_up_to_date")),
    Tile("pep.up_to_date", "Personal education plans", _sc("pep.up_to_date")),
    Tile("stability.three_plus_placements", "Three or more placements",
         _sc("stability.three_plus_placements")),
    Tile("stability.long_term", "Long-term stability", _sc("stability.long_term")),
    Tile("s20.current_over_6m", "Section 20 over 6 months",
         (("s20_admissions", "Children-under-section-20-now,-by-time-accommodated"),
          (QUARTERLY, "Section-20-over-6-months"))),
    Tile("pwp.current_over_12m", "Placed with parents over 12 months",
         (("placed_with_parents", "Children-at-home,-by-legal-status-and-time-at-home"),
          (QUARTERLY, "Placed-with-parents-over-12-months"))),
    Tile("pwp.current_over_18m", "Placed with parents over 18 months",
         (("placed_with_parents", "Children-at-home,-by-legal-status-and-time-at-home"),)
         + _sc("pwp.current_over_18m")),
    Tile("escalations.resolved_within_20wd", "Escalations resolved in time",
         (("escalations", "Time-to-resolution"),) + _sc("escalations.resolved_within_20wd")),
    Tile("qc.completion", "Quality and Compliance forms", (("qc_forms", "Completion"),)
         + _sc("qc.completion")),
    # the conference chairs' half of the unit (child-protection.md): not in the scorecard's
    # catalogue, so each tile says its own kind; no target unless the targets file gives one
    Tile("cp.icpc_within_15wd", "Initial conferences in 15 working days",
         (("cp_conferences", "Initial-conferences"),), kind="prop", better="higher"),
    Tile("cp.reviews_on_time", "Review conferences in time",
         (("cp_conferences", "Review-conferences"),), kind="prop", better="higher"),
)

RAG_COLOURS = {"Green": ("#1e6b34", "\u2714"), "Amber": ("#8a5a00", "\u25B2"),
               "Red": ("#a61b1b", "\u2716")}


def link_for(links, reports=QUARTERLY_PACK, fallback: str | None = None) -> str | None:
    """The first of LINKS ((report, anchor) pairs) whose report is among REPORTS (the reports
    of the run folder), as a relative link "report.html#anchor"; FALLBACK's scorecard row when
    none is."""
    reports = set(reports or ())
    for report, anchor in links:
        if report in reports:
            return f"{report}.html#{anchor}"
    if fallback and QUARTERLY in reports:
        return f"{QUARTERLY}.html#{anchor_id(fallback)}"
    return None


def spark_windows(window: Window, months: int = 13) -> list[Window]:
    """The MONTHS calendar months ending with the window's last month, each as at its own end
    (the last one cut at the window's end when that falls inside the month)."""
    last = window.end.to_period("M")
    out = []
    for i in range(months - 1, -1, -1):
        m = last - i
        start = m.start_time.normalize()
        end = min(m.end_time.normalize(), window.end)
        out.append(Window(start, end, end))
    return out


def _catalogue(key: str, tiles=TILES):
    """The catalogue entry of KEY: the scorecard's, else the tile's own."""
    found = next((c for c in CATALOGUE if c[0] == key), None)
    if found is None:
        found = next((t.entry() for t in tiles if t.key == key and t.entry()), None)
    return found


def _hidden(value, kind, paper, key, d_key=None) -> bool:
    from .scorecard import _hidden as hidden

    return hidden(value, kind, paper, key, d_key)


def sparkline_points(ctx, key: str, months: int = 13, tiles=TILES) -> list[dict]:
    """The monthly figure of KEY over the MONTHS months to the window's end: [{month, value
    (a percentage or a count; None when there is none or it is hidden), hidden}]."""
    from ..suppression import figure_key

    cat = _catalogue(key, tiles)
    kind = cat[2] if cat else "prop"
    group = key.split(".")[0]
    fam_d = ("participation.reviews" if key.startswith("participation.") else
             "review_records.report_timing.reviews" if key.startswith("review_records.report_timing.")
             else None)
    out = []
    for w in spark_windows(ctx.window, months):
        label = ctx.period_label(w)
        v = get_path({group: ctx.group(group, w, record=False)}, key)
        if v is None or (kind == "prop" and not v.get("d")):
            out.append({"month": label, "value": None, "hidden": False})
            continue
        hidden = _hidden(v, kind, ctx.paper, figure_key(key, label), figure_key(fam_d, label))
        num = (int(v) if kind == "count" else float(v["pct"]))
        out.append({"month": label, "value": None if hidden else num, "hidden": hidden,
                    "raw": v})
    return out


def sparkline_svg(values: list, target: float | None = None, pct: bool = True,
                  width: int = 150, height: int = 34, title: str = "") -> str:
    """A small inline SVG line of VALUES (None: a gap), the last point marked, TARGET as a
    dashed line when it is in view. Nothing fetched, no script."""
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if not pts:
        return ""
    lo = min(v for _, v in pts)
    hi = max(v for _, v in pts)
    if target is not None and pct:
        lo, hi = min(lo, target), max(hi, target)
    if hi - lo < (5 if pct else 2):
        mid = (hi + lo) / 2
        lo, hi = mid - (2.5 if pct else 1), mid + (2.5 if pct else 1)
    pad = 3
    n = max(len(values) - 1, 1)

    def xy(i, v):
        return (pad + i * (width - 2 * pad) / n,
                height - pad - (v - lo) * (height - 2 * pad) / (hi - lo))

    segs, cur = [], []
    for i, v in enumerate(values):
        if v is None:
            if cur:
                segs.append(cur)
            cur = []
        else:
            cur.append(xy(i, v))
    if cur:
        segs.append(cur)
    parts = [f'<svg class="qa-spark" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{esc(title)}"><title>{esc(title)}</title>']
    if target is not None and pct and lo <= target <= hi:
        _, ty = xy(0, target)
        parts.append(f'<line x1="{pad}" y1="{ty:.1f}" x2="{width - pad}" y2="{ty:.1f}" '
                     'stroke="#888" stroke-width="1" stroke-dasharray="3,2"/>')
    for s in segs:
        if len(s) == 1:
            parts.append(f'<circle cx="{s[0][0]:.1f}" cy="{s[0][1]:.1f}" r="1.5" fill="#1f4e79"/>')
        else:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y in s)
            parts.append(f'<polyline points="{d}" fill="none" stroke="#1f4e79" stroke-width="1.6"/>')
    if values[-1] is not None:
        x, y = xy(len(values) - 1, values[-1])
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="#1f4e79"/>')
    parts.append("</svg>")
    return "".join(parts)


def tile_data(ctx, targets=None, reports=QUARTERLY_PACK, tiles=TILES, months: int = 13) -> list[dict]:
    """One dict per tile: KEY, TITLE, MEASURE (the scorecard's words), KIND, VALUE (the figure
    of `compute_all` for the window: a proportion dict or a count; None when not available),
    TEXT (as printed: "c" when hidden), TARGET, RAG, CHANGE, SIGNIFICANCE, P, HIDDEN, SPARK (the
    monthly points), HREF. The figure, target, RAG, change and significance are the
    scorecard's row (`scorecard_frame` on the same paper)."""
    t = load_targets(targets)
    cur = ctx.all_metrics()
    prev = ctx.all_metrics(ctx.previous)
    keys = [tl.key for tl in tiles]
    frame = scorecard_frame(cur, prev, ctx.params, t, ctx.paper, keys=keys,
                            periods=(ctx.period_label(), ctx.period_label(ctx.previous)),
                            extra=[tl.entry() for tl in tiles if tl.entry()])
    rows = {r["KEY"]: r for r in frame.to_dict("records")}
    out = []
    for tl in tiles:
        cat = _catalogue(tl.key, tiles)
        kind = cat[2] if cat else "prop"
        r = rows.get(tl.key)
        value = get_path(cur, tl.key)
        d = {"KEY": tl.key, "TITLE": tl.title, "KIND": kind, "VALUE": value,
             "MEASURE": r["Measure"] if r else (cat[1].format(**ctx.params) if cat else tl.key),
             "HREF": link_for(tl.links, reports, tl.key)}
        if r is None:
            d.update(TEXT="not available", TARGET="", RAG="", CHANGE="–", SIGNIFICANCE="–",
                     P=None, HIDDEN=False, SPARK=[], TARGET_VALUE=None)
            out.append(d)
            continue
        text = r["This period"]
        hidden = text == SUPPRESSED or text.startswith(SUPPRESSED + " ")
        spark = [] if hidden else sparkline_points(ctx, tl.key, months, tiles)
        d.update(TEXT=text, TARGET=r["Target"], TARGET_VALUE=t.get(tl.key), RAG=r["RAG"],
                 CHANGE=r["Change"], SIGNIFICANCE=r["Significance"],
                 P=None if r["P"] is None or pd.isna(r["P"]) else float(r["P"]), HIDDEN=hidden,
                 SPARK=spark)
        out.append(d)
    return out


_SPLIT = re.compile(r"^(.*?) \((.*)\)$")


def _tile_html(d: dict, prev_label: str) -> str:
    m = _SPLIT.match(d["TEXT"])
    big, small = (m.group(1), m.group(2)) if m else (d["TEXT"], "")
    if big in ("none to count", "not available"):
        big, small = "–", d["TEXT"]
    rag = d["RAG"]
    colour, symbol = RAG_COLOURS.get(rag, ("#8c8c8c", ""))
    rag_text = (f"{symbol} {rag}" if rag in RAG_COLOURS else
                "RAG c" if rag == SUPPRESSED else "not rated" if d["TARGET"] else "no target")
    target = f"target {d['TARGET']}" if d["TARGET"] else ""
    if d["CHANGE"] == "–":
        change = "no figure for the period before" if d["TEXT"] != "not available" else ""
    elif d["CHANGE"] == SUPPRESSED:
        change = f"change on {prev_label}: {SUPPRESSED}"
    else:
        change = f"{d['CHANGE']} on {prev_label}"
        if d["SIGNIFICANCE"] not in ("–", "", SUPPRESSED):
            change += f"; {d['SIGNIFICANCE'][0].lower()}{d['SIGNIFICANCE'][1:]}"
    spark = d["SPARK"]
    svg, span = "", ""
    if spark and any(p["value"] is not None for p in spark):
        pct = d["KIND"] == "prop"
        shown = [p for p in spark if p["value"] is not None]
        fmt = (lambda v: f"{v:.1f}%") if pct else (lambda v: f"{v:,}")
        title = (f"{d['TITLE']}, month by month, {spark[0]['month']} to {spark[-1]['month']}: "
                 + ", ".join(f"{p['month']} {fmt(p['value'])}" if p["value"] is not None
                             else f"{p['month']} {SUPPRESSED if p['hidden'] else '–'}" for p in spark))
        svg = sparkline_svg([p["value"] for p in spark], d["TARGET_VALUE"], pct, title=title)
        span = (f'<div class="qa-span"><span>{esc(spark[0]["month"])}</span>'
                f'<span>{esc(spark[-1]["month"])}{": " + fmt(shown[-1]["value"]) if spark[-1]["value"] is not None else ""}'
                '</span></div>')
    body = (f'<div class="qa-title">{esc(d["TITLE"])}</div>'
            f'<div class="qa-value">{esc(big)}</div>'
            f'<div class="qa-sub">{esc(small)}{" &middot; " if small and target else ""}{esc(target)}</div>'
            f'<div class="qa-rag" style="color:{colour}">{esc(rag_text)}</div>'
            f'<div class="qa-change">{esc(change)}</div>'
            f'{svg}{span}')
    cls = f"qa-tile qa-{(rag or 'none').lower() if rag != SUPPRESSED else 'none'}"
    tip = esc(d["MEASURE"])
    if d["HREF"]:
        return (f'<a class="{cls}" style="border-left-color:{colour}" href="{esc(d["HREF"])}" '
                f'title="{tip}">{body}</a>')
    return f'<div class="{cls}" style="border-left-color:{colour}" title="{tip}">{body}</div>'


CSS = """
<style>
.qa-dash { color:#1b1b1b; font-size:14px; line-height:1.3; }
.qa-dash .qa-lead { margin:0 0 .6em 0; }
.qa-dash .qa-tiles { display:grid; grid-template-columns:repeat(auto-fill, minmax(195px, 1fr));
  gap:8px; margin:.4em 0 1em 0; }
.qa-dash .qa-tile { display:block; border:1px solid #c8c8c8; border-left:7px solid #8c8c8c;
  border-radius:4px; padding:6px 8px 4px 8px; color:#1b1b1b; text-decoration:none;
  background:#fff; break-inside:avoid; page-break-inside:avoid; }
.qa-dash a.qa-tile:hover, .qa-dash a.qa-tile:focus { background:#f3f7fb; outline:2px solid #1f4e79; }
.qa-dash a.qa-tile:hover .qa-title { text-decoration:underline; }
.qa-dash .qa-title { font-weight:bold; font-size:.92em; min-height:2.4em; color:#1f4e79; }
.qa-dash .qa-value { font-size:1.7em; font-weight:bold; margin:.1em 0 0 0; color:#1b1b1b; }
.qa-dash .qa-sub, .qa-dash .qa-change, .qa-dash .qa-span { font-size:.8em; color:#444; }
.qa-dash .qa-rag { font-size:.85em; font-weight:bold; margin:.15em 0; }
.qa-dash .qa-spark { display:block; margin-top:3px; width:100%; max-width:180px; height:34px; }
.qa-dash .qa-span { display:flex; justify-content:space-between; max-width:180px; color:#666; }
.qa-dash .qa-panels { display:grid; grid-template-columns:repeat(auto-fit, minmax(440px, 1fr));
  gap:10px 18px; }
.qa-dash .qa-panel { border-top:3px solid #1f4e79; padding-top:2px; break-inside:avoid;
  page-break-inside:avoid; min-width:0; }
.qa-dash .qa-panel h3 { font-size:1.08em; font-weight:bold; margin:.2em 0 .3em 0; color:#1f4e79; }
.qa-dash .qa-panel .iro-table table { font-size:.85em; }
.qa-dash .qa-more { font-size:.85em; margin:.2em 0 .6em 0; }
@page { size:A4; margin:11mm 10mm; }
@media print {
  .jp-OutputArea-child:has(.qa-dash) { break-inside:auto; }
  .qa-dash { font-size:10.5px; }
  .qa-dash .qa-tiles { grid-template-columns:repeat(4, 1fr); gap:5px; }
  .qa-dash .qa-tile { padding:3px 5px 2px 5px; }
  .qa-dash .qa-title { min-height:0; }
  .qa-dash .qa-value { font-size:1.45em; }
  .qa-dash .qa-spark { height:26px; }
  .qa-dash .qa-panels-wrap { break-before:page; page-break-before:always; }
  .qa-dash .qa-panels { grid-template-columns:1fr 1fr; gap:6px 12px; }
  .qa-dash .qa-panel .iro-table table { font-size:.9em; }
  .qa-dash a { color:inherit; text-decoration:none; }
}
</style>
"""


def tiles(ctx, targets=None, reports=QUARTERLY_PACK, months: int = 13, tile_list=TILES) -> Block:
    """The headline tiles (see the module) of TILE_LIST; `Block.data["tiles"]` holds
    `tile_data`, also recorded for the JSON summary under "dashboard"."""
    data = tile_data(ctx, targets, reports, tile_list, months)
    for g in dict.fromkeys(d["KEY"].split(".")[0] for d in data):
        ctx.record(g, ctx.all_metrics().get(g))
    ctx.record("dashboard", [{"key": d["KEY"], "value": d["VALUE"], "target": d["TARGET_VALUE"],
                              "rag": d["RAG"], "change": d["CHANGE"], "p": d["P"],
                              "hidden": d["HIDDEN"], "link": d["HREF"],
                              "sparkline": [{"month": p["month"], "value": p["value"]}
                                            for p in d["SPARK"]]} for d in data])
    rated = [d["RAG"] for d in data if d["RAG"] in RAG_COLOURS]
    counts = ", ".join(f"{rated.count(r)} {r}" for r in RAG_COLOURS)
    w = ctx.window
    months_words = f"the {months} months to {ctx.period_label(spark_windows(w, 1)[-1])}"
    lead = (f'<p class="qa-lead"><b>{esc(ctx.period_label())}</b> ({esc(fmt_date(w.start))} to '
            f'{esc(fmt_date(w.end))}, children counted as at {esc(fmt_date(w.as_at))}), compared '
            f'with {esc(ctx.period_label(ctx.previous))}. Of {len(rated)} measures rated against '
            f'their target: {esc(counts)}. Each line shows {esc(months_words)} month by month '
            '(dashes: the target). Select a tile for the section that explains it.</p>')
    prev_label = ctx.period_label(ctx.previous)
    grid = '<div class="qa-tiles">' + "".join(_tile_html(d, prev_label) for d in data) + "</div>"
    return Block(f'<div class="qa-dash">{CSS}{lead}{grid}</div>', data={"tiles": data})


# -- theme panels ------------------------------------------------------------------------------

def _panel(title: str, href: str | None, parts: list, more: str = "More") -> Block:
    link = (f'<p class="qa-more"><a href="{esc(href)}">{esc(more)} &rarr;</a></p>'
            if href else "")
    return Block(f'<div class="qa-panel"><h3>{esc(title)}</h3>', *parts, link, "</div>")


def escalations_panel(ctx, reports=QUARTERLY_PACK) -> Block:
    """Escalations raised in the period by reason and by the furthest stage reached, beside the
    period before (the escalations report's tables, same keys)."""
    from .common import compare_counts
    from .escalations import relate_totals
    from .labels import ESCALATION_REASON, ESCALATION_STAGE

    href = link_for((("escalations", "Reasons-and-stages"),
                     (QUARTERLY, theme_anchor_id("Escalations"))), reports)
    if not ctx.ds.has("escalations"):
        return _panel("Escalations", None, [note("Escalations need the escalations table, "
                                                 "which was not supplied.")])
    relate_totals(ctx)
    e, p = ctx.group("escalations"), ctx.group("escalations", ctx.previous)
    this, before = ctx.period_label(), ctx.period_label(ctx.previous)
    by_reason = compare_counts(e["by_reason"], p["by_reason"], "REASON", "Reason", ctx.paper,
                               this, before, words=ESCALATION_REASON, key="escalations.by_reason",
                               total_key="escalations.all",
                               caption="Escalations (discussions and formal) by reason")
    by_stage = compare_counts(e["by_stage"], p["by_stage"], "STAGE_REACHED", "Stage reached",
                              ctx.paper, this, before, order=["1", "2", "3", "CAFCASS", "UNKNOWN"],
                              words=ESCALATION_STAGE, key="escalations.by_stage",
                              total_key="escalations.all",
                              caption="Escalations by the furthest stage reached")
    return _panel("Escalations: reasons and stages", href, [by_reason, by_stage],
                  "Escalations in detail")


def qc_panel(ctx, reports=QUARTERLY_PACK, qc_form=None, weakest: int = 5) -> Block:
    """The WEAKEST Quality and Compliance form items: the lowest shares answered Yes."""
    from .qc import form_items

    href = link_for((("qc_forms", "Item-by-item"), (QUARTERLY, anchor_id("qc.completion"))), reports)
    if not ctx.ds.has("qc_forms"):
        return _panel("Quality and Compliance forms", None,
                      [note("Quality and Compliance items need the qc_forms table, which was not "
                            "supplied.")])
    q = ctx.group("qc")
    items = form_items(qc_form)
    rows = [{"Item": items.get(k, {}).get("text", k), "Yes": int(v["n"]), "Answered": int(v["d"]),
             "Percentage": v["pct"]} for k, v in (q.get("items") or {}).items() if v.get("d")]
    df = pd.DataFrame(rows, columns=["Item", "Yes", "Answered", "Percentage"])
    if df.empty:
        return _panel("Quality and Compliance: weakest items", href,
                      [note("No form item was answered in the period.")])
    df = df.sort_values(["Percentage", "Item"], kind="mergesort").head(weakest).reset_index(drop=True)
    sty = table(df, suppress=ctx.paper, counts=["Yes", "Answered"],
                pct_of={"Percentage": ("Yes", "Answered")}, proportions={"Yes": "Answered"},
                caption=f"The {len(df)} form items least often answered Yes")
    return _panel("Quality and Compliance: weakest items", href, [sty], "Every item")


def oversight_panel(ctx, reports=QUARTERLY_PACK) -> Block:
    """Midway reviews and IRO visits between reviews, and reviews overdue, as at the end."""
    from .common import figures_table

    href = link_for((("voice_of_the_child", "Midway-reviews"),
                     (QUARTERLY, theme_anchor_id("Oversight between reviews"))), reports)
    cur = ctx.all_metrics()
    prm = ctx.params
    items = [(f"Midway review in the last {prm['midway_months']} months (in care 6 months or more)",
              cur.get("midway"), "midway"),
             (f"IRO visit in the last {prm['visit_months_short']} months",
              get_path(cur, "visits.within_6m"), "visits.within_6m"),
             (f"IRO visit in the last {prm['visit_months_long']} months",
              get_path(cur, "visits.within_12m"), "visits.within_12m"),
             ("Children whose review is overdue", get_path(cur, "reviews.overdue"), "reviews.overdue")]
    for g in ("midway", "visits", "reviews"):
        ctx.record(g, cur.get(g))
    sty = figures_table(items, ctx.paper, caption=f"Oversight between reviews, as at "
                        f"{fmt_date(ctx.window.as_at)}", period=ctx.period_label())
    return _panel("Midway reviews and visits", href, [sty], "Oversight in detail")


def permanence_panel(ctx, reports=QUARTERLY_PACK) -> Block:
    """Children placed with parents (over 12 and 18 months, on a full care order) and under
    section 20 (over 6 and 12 months, and by PLO stage), as at the end of the period."""
    from .common import figures_table
    from .labels import PLO_STAGE
    from .s20 import _all_time

    href = link_for((("placed_with_parents", "Summary"), ("s20_admissions", "Summary"),
                     (QUARTERLY, theme_anchor_id("Placed with parents"))), reports)
    cur = ctx.all_metrics()
    period = ctx.period_label()
    pw, s2 = cur.get("pwp"), cur.get("s20")
    ctx.record("pwp", pw)
    ctx.record("s20", s2)
    items = []
    if pw is not None:
        items += [("Children placed with parents", pw.get("current"), "pwp.current"),
                  ("... for over 12 months", pw.get("current_over_12m"), "pwp.current_over_12m"),
                  ("... for over 18 months", pw.get("current_over_18m"), "pwp.current_over_18m"),
                  ("... on a full care order", pw.get("current_full_order"), "pwp.current_full_order")]
    if s2 is not None:
        items += [("Children under section 20", s2.get("current"), "s20.current"),
                  ("... for over 6 months", s2.get("current_over_6m"), "s20.current_over_6m"),
                  ("... for over 12 months", s2.get("current_over_12m"), "s20.current_over_12m")]
    parts = [figures_table(items, ctx.paper, caption=f"As at {fmt_date(ctx.window.as_at)}",
                           period=period)]
    if s2 is not None and ctx.ds.has("s20_agreements"):
        cohort = ctx.rows("s20", "admissions", _all_time(ctx))
        still = cohort[cohort["STILL_S20"]]
        plo = still["PLO_STAGE"].astype("object").where(still["PLO_STAGE"].notna(), "UNKNOWN")
        vc = plo.value_counts()
        order = [k for k in list(PLO_STAGE) + ["UNKNOWN"] if k in vc.index]
        df = pd.DataFrame({"PLO stage": [PLO_STAGE.get(k, "Not recorded") for k in order],
                           "Children": [int(vc[k]) for k in order]})
        if len(df):
            df = pd.concat([df, pd.DataFrame([{"PLO stage": "Total",
                                               "Children": int(df["Children"].sum())}])],
                           ignore_index=True)
            df["Children"] = df["Children"].astype("int64")
            keys = ({(len(df) - 1, "Children"): ctx.key("s20.current")}
                    if int(df["Children"].iat[-1]) == s2.get("current") else None)
            parts.append(table(df, suppress=ctx.paper, keys=keys,
                               caption="Children under section 20 now, by PLO stage"))
    return _panel("Placed with parents, section 20 and PLO", href, parts,
                  "Placed with parents in detail")


def panels(ctx, reports=QUARTERLY_PACK, qc_form=None) -> Block:
    """The theme panels, two columns (one on a narrow screen), on the second printed page."""
    return Block('<div class="qa-dash"><div class="qa-panels-wrap"><div class="qa-panels">',
                 Block('<div>', escalations_panel(ctx, reports), '</div>'),
                 Block('<div>', qc_panel(ctx, reports, qc_form), oversight_panel(ctx, reports),
                       permanence_panel(ctx, reports), '</div>'),
                 "</div></div></div>")


def about(ctx, reports=QUARTERLY_PACK) -> Block:
    """The report's provenance, folded, and where the data checks' findings are."""
    from .blocks import details

    dq = link_for(((QUARTERLY, "Data-quality"),), reports)
    line = (f'<p class="qa-more">Rows the data checks set aside or changed are listed in the '
            f'<a href="{esc(dq)}">quarterly report\'s data quality section</a>.</p>' if dq else "")
    return Block('<div class="qa-dash">', line,
                 details("About this dashboard: the data, the parameters, who ran it and when",
                         ctx.provenance()), "</div>")

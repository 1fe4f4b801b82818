"""The quality and assurance dashboard (`report/dashboard.py`): its tiles are the scorecard's
figures (= `compute_all` for the window), its sparklines the same metric month by month, its
links go to the first report of the run folder that explains the measure, and under
suppression a hidden figure shows "c" with nothing beside it that gives it away. The batch
index lists the dashboard first."""
import re

import pandas as pd
import pytest

from iro_audit.report import dashboard
from iro_audit.report.scorecard import anchor_id, get_path, theme_anchor_id
from iro_audit.suppression import SUPPRESSED
from iro_audit.window import Window

START, END = "2026-01-01", "2026-03-31"


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """About 40 children over 3 years: small cells occur in a quarter."""
    from iro_audit import synth

    d = tmp_path_factory.mktemp("dash") / "data"
    synth.generate(str(d), children=40, years=3, seed=3)
    return d


def _ctx(data, suppress=False, start=START, end=END):
    from iro_audit import report

    return report.open_report("qa_dashboard", str(data), start, end, suppress=suppress)


@pytest.fixture(scope="module")
def plain(authority):
    ctx = _ctx(authority)
    return ctx, dashboard.tiles(ctx)


@pytest.fixture(scope="module")
def suppressed(authority):
    ctx = _ctx(authority, suppress=True)
    return ctx, dashboard.tiles(ctx)


def test_tile_figures_are_compute_all_for_the_window(authority, plain):
    from iro_audit.load import build_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params, with_extract_date

    ds = build_dataset(authority)
    want = compute_all(ds, Window.of(START, END), with_extract_date(load_params(), ds))
    ctx, block = plain
    tiles = block.data["tiles"]
    assert [t["KEY"] for t in tiles] == [t.key for t in dashboard.TILES]
    for t in tiles:
        assert t["VALUE"] == get_path(want, t["KEY"]), t["KEY"]
        v = t["VALUE"]
        if isinstance(v, dict) and v["d"]:
            assert t["TEXT"] == f"{v['pct']:.1f}% ({v['n']:,} of {v['d']:,})"
        elif isinstance(v, int):
            assert t["TEXT"] == f"{v:,}"
    # ... and the JSON summary holds them, with every group a tile comes from
    assert [d["value"] for d in ctx.figures["dashboard"]] == [t["VALUE"] for t in tiles]
    assert ctx.figures["reviews"] == want["reviews"] and ctx.figures["qc"] == want["qc"]


@pytest.mark.parametrize("suppress", [False, True])
def test_tiles_print_what_the_quarterly_scorecard_prints(authority, suppress):
    from iro_audit.report import quarterly

    q = _ctx(authority, suppress)
    frame = quarterly.scorecard(q, "parameters/quarterly_performance.yaml").data["frame"]
    frame = frame.set_index("KEY")
    d = _ctx(authority, suppress)
    tiles = dashboard.tiles(d, "parameters/quarterly_performance.yaml").data["tiles"]
    for t in tiles:
        if t["KEY"].startswith("cp."):   # the conference chairs' tiles: not in the IRO scorecard
            assert t["KEY"] not in frame.index
            continue
        row = frame.loc[t["KEY"]]
        got = (t["TEXT"], t["RAG"], t["CHANGE"], t["SIGNIFICANCE"])
        assert got == (row["This period"], row["RAG"], row["Change"], row["Significance"]), t["KEY"]


def test_a_hidden_tile_shows_c_and_no_rag_change_or_sparkline(suppressed):
    ctx, block = suppressed
    tiles = block.data["tiles"]
    hidden = [t for t in tiles if t["HIDDEN"]]
    assert hidden, "the small authority should have a tile from 1 to 5"
    html = block._repr_html_()
    for t in hidden:
        assert t["TEXT"].startswith(SUPPRESSED)
        assert t["RAG"] in ("", SUPPRESSED) and t["CHANGE"] in (SUPPRESSED, "–")
        assert t["SIGNIFICANCE"] in (SUPPRESSED, "–") and t["P"] is None
        assert t["SPARK"] == []
        tile = re.search(rf'href="{re.escape(t["HREF"])}"[^>]*>(.*?)</a>', html, re.S).group(1)
        assert "<svg" not in tile and ">c<" in tile
        assert not re.search(r"Green|Amber|Red|points|significant", tile)
    shown = [t for t in tiles if not t["HIDDEN"] and t["VALUE"] is not None]
    assert shown and all(">c<" not in t["TEXT"] for t in shown)


def test_a_sparkline_month_whose_figure_is_1_to_5_is_a_gap(suppressed):
    _, block = suppressed
    seen = 0
    for t in block.data["tiles"]:
        for p in t["SPARK"]:
            raw = p.get("raw")
            if raw is None:
                continue
            small = (1 <= raw <= 5) if t["KIND"] == "count" else (
                1 <= raw["n"] <= 5 or 1 <= raw["d"] - raw["n"] <= 5)
            if small:
                seen += 1
                assert p["value"] is None and p["hidden"], (t["KEY"], p["month"])
            else:
                assert p["value"] is not None
    assert seen, "the small authority should have a month from 1 to 5"


def test_sparkline_months_end_with_the_windows_last_month():
    ws = dashboard.spark_windows(Window.of("2026-01-01", "2026-03-31"), 13)
    assert len(ws) == 13
    assert (ws[0].start, ws[0].end, ws[0].as_at) == (pd.Timestamp("2025-03-01"),
                                                     pd.Timestamp("2025-03-31"),
                                                     pd.Timestamp("2025-03-31"))
    assert (ws[-1].start, ws[-1].end) == (pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-31"))
    assert ws[1].start == pd.Timestamp("2025-04-01") and ws[11].end == pd.Timestamp("2026-02-28")
    # a window ending mid-month: the last month stops at its end, as at that day
    cut = dashboard.spark_windows(Window.of("2026-01-01", "2026-03-15"), 2)
    assert [(w.start, w.end, w.as_at) for w in cut] == [
        (pd.Timestamp("2026-02-01"), pd.Timestamp("2026-02-28"), pd.Timestamp("2026-02-28")),
        (pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-15"), pd.Timestamp("2026-03-15"))]


def test_a_one_month_window_ends_its_sparkline_with_the_tiles_own_figure(authority):
    ctx = _ctx(authority, start="2026-03-01", end="2026-03-31")
    tiles = dashboard.tile_data(ctx, months=3)
    for t in tiles:
        if t["VALUE"] is None or (t["KIND"] == "prop" and not t["VALUE"]["d"]):
            continue
        last = t["SPARK"][-1]["value"]
        assert last == (t["VALUE"] if t["KIND"] == "count" else t["VALUE"]["pct"]), t["KEY"]


def test_sparkline_points_are_each_months_figure(authority, plain):
    from iro_audit.metrics import compute_all

    ctx, block = plain
    feb = Window.of("2026-02-01", "2026-02-28")
    want = compute_all(ctx.ds, feb, ctx.params)
    for t in block.data["tiles"]:
        point = t["SPARK"][-2]
        assert point["month"] == "Feb 2026"
        v = get_path(want, t["KEY"])
        if v is None or (t["KIND"] == "prop" and not v["d"]):
            assert point["value"] is None
        else:
            assert point["value"] == (v if t["KIND"] == "count" else v["pct"]), t["KEY"]


def test_links_go_to_the_first_report_present_else_the_scorecard_row():
    links = (("escalations", "Time-to-resolution"),
             ("quarterly_performance", "escalations-resolved-within-20wd"))
    assert dashboard.link_for(links, ["escalations", "quarterly_performance"]) == \
        "escalations.html#Time-to-resolution"
    assert dashboard.link_for(links, ["quarterly_performance"]) == \
        "quarterly_performance.html#escalations-resolved-within-20wd"
    assert dashboard.link_for((("s20_admissions", "Summary"),), ["quarterly_performance"],
                              fallback="s20.current_over_6m") == \
        "quarterly_performance.html#s20-current-over-6m"
    assert dashboard.link_for((("s20_admissions", "Summary"),), ["qc_forms"]) is None


def test_every_tile_of_the_quarterly_pack_links_into_a_report_of_the_pack(plain):
    _, block = plain
    for t in block.data["tiles"]:
        report, _, anchor = t["HREF"].partition(".html#")
        assert report in dashboard.QUARTERLY_PACK and anchor, t


def test_scorecard_carries_an_id_for_each_theme_and_measure(authority):
    from iro_audit.report import quarterly

    ctx = _ctx(authority)
    html = quarterly.scorecard(ctx)._repr_html_()
    assert anchor_id("reviews.on_time") == "reviews-on-time"
    assert theme_anchor_id("Oversight between reviews") == "scorecard-oversight-between-reviews"
    for key in ("reviews.on_time", "participation.PN1", "midway", "qc.completion",
                "escalations.resolved_within_20wd", "pwp.current_over_18m"):
        assert html.count(f'id="{anchor_id(key)}"') == 1, key
    # each id just before its theme's table
    at = html.index('id="reviews-on-time"')
    assert html.index('id="scorecard-reviews"') < at < html.index("<table", at)


def test_sparkline_svg_breaks_the_line_at_a_gap_and_fetches_nothing():
    svg = dashboard.sparkline_svg([10.0, 20.0, None, 30.0, 40.0, None, 50.0], target=35, title="x")
    assert svg.count("<polyline") == 2          # 10-20 and 30-40
    assert svg.count("<circle") == 2            # 50 alone, and the last point marked
    assert 'stroke-dasharray' in svg            # the target, in view
    assert "http" not in svg and "<script" not in svg
    assert dashboard.sparkline_svg([None, None]) == ""
    # a point at the top of the range sits at the top edge, the lowest at the bottom
    pts = re.search(r'points="([^"]+)"', dashboard.sparkline_svg([0.0, 100.0], height=34)).group(1)
    (x0, y0), (x1, y1) = [tuple(map(float, p.split(","))) for p in pts.split()]
    assert y0 == 31.0 and y1 == 3.0 and x0 < x1


def test_panels_keep_one_number_per_figure_across_the_page(suppressed):
    ctx, tiles_block = suppressed
    panels = dashboard.panels(ctx)
    tile = {t["KEY"]: t["TEXT"] for t in tiles_block.data["tiles"]}
    text = {}
    for sty in panels.tables():
        df = sty.data
        if list(df.columns) == ["Measure", "Figure"]:
            text.update(zip(df["Measure"], df["Figure"]))
    assert text["... for over 18 months"] == tile["pwp.current_over_18m"]
    assert text["... for over 6 months"] == tile["s20.current_over_6m"]
    assert any(k.startswith("Midway review") and v == tile["midway"] for k, v in text.items())
    assert "http" not in panels._repr_html_()       # nothing fetched, nothing linked away


def test_index_lists_the_dashboard_first_and_links_it_from_the_top(tmp_path):
    from iro_audit.runner import write_index
    from iro_audit.runner.execute import ReportResult

    def res(name, group="Quarterly report pack"):
        return ReportResult(name=name, notebook=name, status="ok", duration=1.0, group=group,
                            files={"html": f"{name}.html"}, out_dir=str(tmp_path),
                            title=name.replace("_", " "))

    rs = [res("s20_admissions", "Section 20 check"), res("quarterly_performance"),
          res("qa_dashboard"), res("qc_forms")]
    html = write_index(tmp_path, rs, title="Demo", merge=False).read_text()
    body = html.split("</h1>", 1)[1]
    box = re.search(r'<p class="dashboards">(.*?)</p>', body, re.S)
    assert box and 'href="qa_dashboard.html"' in box.group(1)
    rows = re.findall(r'<tr class="ok-row"><td><a href="([^"]+)"', body)
    assert rows == ["qa_dashboard.html", "quarterly_performance.html", "qc_forms.html",
                    "s20_admissions.html"]
    # no dashboard in the run: no box
    html = write_index(tmp_path / "x", [res("qc_forms")], title="T", merge=False).read_text()
    assert 'class="dashboards"' not in html


def test_a_tile_the_scorecard_does_not_list_is_one_entry_with_its_own_kind(authority):
    """(How a child-protection headline joins before the scorecard lists it.)"""
    from iro_audit.metrics import compute_all

    ctx = _ctx(authority)
    extra = dashboard.Tile("qc.by_grade.GOOD", "Forms graded Good",
                           (("qc_forms", "Grades"),), kind="count", better="higher")
    block = dashboard.tiles(ctx, tile_list=dashboard.TILES + (extra,))
    t = block.data["tiles"][-1]
    now = get_path(compute_all(ctx.ds, ctx.window, ctx.params), "qc.by_grade.GOOD")
    before = get_path(compute_all(ctx.ds, ctx.previous, ctx.params), "qc.by_grade.GOOD")
    assert t["VALUE"] == now and t["TEXT"] == f"{now:,}"
    diff = now - before
    assert t["CHANGE"] == ("no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {abs(diff)}")
    assert t["RAG"] == "" and t["TARGET"] == "" and t["HREF"] == "qc_forms.html#Grades"
    assert len(t["SPARK"]) == 13 and t["SPARK"][-1]["month"] == "Mar 2026"
    assert 'href="qc_forms.html#Grades"' in block._repr_html_()

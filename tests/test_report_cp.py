"""The child protection report (`notebooks/cp_conferences.ipynb`, `report/cp.py`) on a small
synthetic authority with a hand-made CIN census (`tests/_cpkit.py`, figures worked out by hand
there): the sections show the figures `compute_all` gives, with suppression no table shows 1 to
5 and no child list or chair's caseload is printed, and without CIN tables each section says so
in words."""
import json
import os
import re
from pathlib import Path

import pytest

from _cpkit import END, START, cp_authority

ROOT = Path(__file__).resolve().parents[1]
CHAIR_NOTE = "Caseloads by chair are not listed in a paper for publication."


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    d = tmp_path_factory.mktemp("cp") / "data"
    info = cp_authority(d, seed=5)
    return d, info


def _figures(data_dir, window=(START, END)):
    from iro_audit.load import build_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params, with_extract_date
    from iro_audit.window import Window

    ds = build_dataset(data_dir)
    params = with_extract_date(load_params(), ds)
    return json.loads(json.dumps(compute_all(ds, Window.of(*window), params), default=str))


def _calls():
    from iro_audit.report import cp

    return [cp.headline, cp.initial_conferences, cp.plans, cp.cohorts, cp.review_conferences,
            cp.participation, cp.records, cp.chairs]


def _open(data_dir, suppress=False):
    from iro_audit import report

    ctx = report.open_report("cp_conferences", str(data_dir), START, END, suppress=suppress)
    blocks = [ctx.provenance()] + [f(ctx) for f in _calls()] + [report.data_quality_section(ctx)]
    return ctx, blocks


def test_the_hand_made_census_gives_the_hand_worked_figures(authority):
    d, info = authority
    got = _figures(d)["cp"]
    want = json.loads(json.dumps(info["cp"]))
    assert {k: got[k] for k in want} == want


def test_sections_show_the_figures_compute_all_gives(authority):
    d, info = authority
    ctx, blocks = _open(d)
    got = json.loads(json.dumps(ctx.figures, default=str))
    assert got == {"cp": _figures(d)["cp"]}          # the JSON summary: the cp group, as computed
    by_name = dict(zip([f.__name__ for f in _calls()], blocks[1:-1]))
    # initial conferences outside 15 working days: CP05 (20th working day), CP02 (16th)
    late = by_name["initial_conferences"].data["late"]
    assert list(late.sort_values("WORKING_DAYS", ascending=False)["LAchildID"]) == ["CP05", "CP02"]
    # plans by category: started / ended in the window, open on 31 March 2026
    cat = by_name["plans"].data["by_category"].set_index("Category of abuse")
    assert cat.loc["Neglect (NEG)"].tolist() == [4, 1, 4]     # CP01 CP03 CP04 LA1 / CP03 / ...
    assert cat.loc["Emotional abuse (EMO)"].tolist() == [1, 0, 2]   # CP02's latest category
    assert cat.loc["Total"].tolist() == [8, 2, 9]
    overdue = by_name["review_conferences"].data["overdue"]
    assert sorted(overdue["LAchildID"]) == sorted(["CP02", "CP05", "CP06", "CP09", info["la"][0]])
    assert list(by_name["records"].data["late_minutes"]["CHILD"]) == ["CP02", "CP05"]
    a, b = info["chairs"]
    chairs = by_name["chairs"].data["rows"]
    assert chairs[["CHAIR_ID", "CHILDREN"]].values.tolist() == [[b, 4], [a, 3]]
    html = "".join(x._repr_html_() for x in blocks)
    assert "CP05" in html and a in html                 # an internal paper lists them


def test_suppressed_paper_hides_1_to_5_and_lists_no_child_or_chair(authority):
    from test_differencing import everything_given_away
    from test_reports_end_to_end import small_cells

    d, info = authority
    ctx, blocks = _open(d, suppress=True)
    html = "".join(b._repr_html_() for b in blocks)
    assert small_cells(html) == []
    assert everything_given_away(ctx, blocks) == {}
    leaked = [c for c in info["cin_ids"] if re.search(rf"[>\s(]{re.escape(c)}[<\s),.]", html)]
    assert leaked == []
    assert CHAIR_NOTE in html
    assert not any(re.search(rf">\s*{c}\s*<", html) for c in info["chairs"])
    assert html.count("The list itself is withheld") == 7   # every child list of the report
    # the figures are still the computed ones
    assert json.loads(json.dumps(ctx.figures, default=str)) == {"cp": _figures(d)["cp"]}


def test_without_cin_tables_every_section_says_so_and_nothing_raises(tmp_path):
    from iro_audit import synth

    d = tmp_path / "data"
    synth.generate(str(d), children=20, years=1, seed=2)
    for f in [*d.glob("cin_*"), *d.glob("s47_*"), *d.glob("cp_*")]:   # the synthetic census goes
        f.unlink()
    ctx, blocks = _open(d)
    assert ctx.figures == {"cp": None}
    texts = [b._repr_html_() for b in blocks[1:-1]]
    assert all("none of them was supplied, so there is nothing to show here" in t for t in texts)


def test_without_conference_records_their_sections_say_the_table_was_not_supplied(authority, tmp_path):
    import shutil

    d, _ = authority
    d2 = tmp_path / "no_conferences"
    shutil.copytree(d, d2)
    (d2 / "cp_conferences.csv").unlink()
    (d2 / "cp_reviews.csv").write_text("LAchildID,CPPstartDate,CPPreviewDate\n")   # empty
    from iro_audit.report import cp

    ctx, _ = _open(d2)
    for f in (cp.participation, cp.records, cp.chairs):
        assert "the cp_conferences table was not supplied" in f(ctx)._repr_html_()
    assert ("the cp_reviews table was supplied but held no usable rows"
            in cp.review_conferences(ctx)._repr_html_())
    assert ctx.figures["cp"]["conferences"]["quorate"] is None


@pytest.mark.slow
def test_the_notebook_runs_through_the_runner_offline_without_code(authority, tmp_path):
    from iro_audit.cli import main
    from test_runner import assert_offline_without_code

    d, info = authority
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["run", "cp_conferences", "-f", "parameters/cp_conferences.yaml",
                     "-p", "data_dir", str(d), "-p", "start", START, "-p", "end", END,
                     "-p", "suppress", "true", "--out", str(tmp_path), "--name", "cp"])
    finally:
        os.chdir(old)
    assert code == 0
    run = tmp_path / "cp"
    got = json.loads((run / "cp_conferences.json").read_text())
    assert got == {"cp": _figures(d)["cp"], "synthetic": True}
    html = (run / "cp_conferences.html").read_text()
    assert_offline_without_code(html)
    assert "Child protection plans and conferences" in html and "Traceback" not in html
    assert CHAIR_NOTE in html

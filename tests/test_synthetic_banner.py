"""The "synthetic data" banner: on every page made from synthetic data (the data say so, not
the folder's name), and never on a page made from real-looking data."""
import json
import re
from pathlib import Path

import nbformat
import pytest

from iro_audit import synth
from iro_audit.banner import BANNER_CLASS, SYNTHETIC_TEXT
from iro_audit.report.context import open_report
from iro_audit.runner.execute import ReportJob, ReportResult, report_is_synthetic
from iro_audit.runner.export import export_html
from iro_audit.runner.index import render_index

from test_extract import consent_folder


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """The synthetic authority in a folder named like a real extract."""
    d = tmp_path_factory.mktemp("la") / "anyshire_extract_2026-03-31"
    synth.generate(d, children=25, years=2, seed=4)
    return d


def _html(block) -> str:
    return block._repr_html_()


def test_a_report_from_the_synthetic_authority_opens_with_the_banner(synthetic, tmp_path):
    ctx = open_report("s20_admissions", data_dir=str(synthetic), summary_path=tmp_path / "s.json")
    assert ctx.synthetic is True
    html = _html(ctx.provenance())
    assert html.find(BANNER_CLASS) != -1
    assert html.find(BANNER_CLASS) < html.find("Period covered")       # first, above the facts
    assert ctx.provenance().data["facts"]["Synthetic data"].startswith("yes: no real children")
    ctx.record("s20", {"admissions": 1})
    ctx.save_summary()
    assert json.loads((tmp_path / "s.json").read_text()) == {"s20": {"admissions": 1},
                                                              "synthetic": True}


def test_a_real_looking_folder_has_no_banner_even_named_like_the_demo(tmp_path):
    folder = consent_folder(tmp_path / "outputs" / "demo" / "data")
    ctx = open_report("s20_admissions", data_dir=str(folder), start="2025-04-01",
                      end="2025-06-30", summary_path=tmp_path / "s.json")
    assert ctx.synthetic is False
    block = ctx.provenance()
    assert BANNER_CLASS not in _html(block) and SYNTHETIC_TEXT not in _html(block)
    assert "Synthetic data" not in block.data["facts"]
    ctx.record("s20", {"admissions": 1})
    ctx.save_summary()
    assert json.loads((tmp_path / "s.json").read_text()) == {"s20": {"admissions": 1}}


def _notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A report\n\nText.")]
    nbformat.write(nb, path)
    return path


def test_exported_page_carries_the_banner_first_in_its_body(tmp_path):
    nb = _notebook(tmp_path / "r.ipynb")
    page = export_html(nb, tmp_path / "r.html", title="A report", synthetic=True).read_text()
    body = page[re.search(r"<body[^>]*>", page).end():]
    assert body.lstrip().startswith(f'<div class="{BANNER_CLASS}"')
    assert body.find(SYNTHETIC_TEXT) < body.find("A report")
    plain = export_html(nb, tmp_path / "p.html", title="A report").read_text()
    assert BANNER_CLASS not in plain
    # written under a temporary name and renamed: nothing else is left in the folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.html", "r.html", "r.ipynb"]


def _result(name, synthetic):
    return ReportResult(name=name, notebook="n.ipynb", status="ok", duration=1.0,
                        files={"html": f"{name}.html"}, synthetic=synthetic)


def test_index_opens_with_the_banner_when_any_report_is_synthetic(tmp_path):
    both = render_index([_result("a", True), _result("b", False)], "Run", tmp_path)
    body = both[both.find("<body>"):]
    assert body.find(BANNER_CLASS) < body.find("<h1>")
    assert "1 of the 2 reports here were made from synthetic data" in both
    assert "Every report here was made" in render_index([_result("a", True)], "Run", tmp_path)
    assert BANNER_CLASS not in render_index([_result("b", False)], "Run", tmp_path)
    # an index of an older run (run.json written before the flag existed) reads as not synthetic
    assert ReportResult.from_dict({"name": "x", "notebook": "n", "status": "ok",
                                   "duration": 1}).synthetic is False


def test_runner_takes_the_reports_word_and_else_the_data_folder(synthetic, tmp_path):
    real = consent_folder(tmp_path / "real")
    nb = _notebook(tmp_path / "r.ipynb")

    def job(data_dir):
        return ReportJob(name="r", notebook=str(nb), parameters={"data_dir": str(data_dir)},
                         out_dir=str(tmp_path))
    # the summary says what the report loaded
    assert report_is_synthetic(job(real), {"synthetic": True}) is True
    assert report_is_synthetic(job(synthetic), {"s20": {}}) is False
    # no summary (the report failed): the data folder says
    assert report_is_synthetic(job(synthetic), None) is True
    assert report_is_synthetic(job(real), None) is False

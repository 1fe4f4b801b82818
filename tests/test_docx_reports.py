"""Word papers of real reports, through the runner (`iro-audit batch` with `formats: [html,
docx]`), on a 60-child synthetic authority: each DOCX read back with python-docx holds the
report's figures (its JSON summary) in its tables, the same tables and charts as the HTML page,
and, when suppressed, no count from 1 to 5 and no child ID anywhere."""
import json
import os
import re
from pathlib import Path

import pytest
from docx import Document

from iro_audit.banner import SYNTHETIC_TEXT
from iro_audit.cli import main
from iro_audit.runner import read_results

from test_reports_end_to_end import Tables

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ("quarterly_performance", "s20_admissions", "escalations")
START, END = "2025-04-01", "2026-03-31"

#: Figures each report prints in a table, by their metrics.md keys (values from its JSON).
FIGURES = {
    "quarterly_performance": ["reviews.held", "reviews.on_time", "participation.PN1",
                              "participation.PN6", "review_records.minutes_on_time"],
    "s20_admissions": ["s20.admissions", "s20.current", "s20.current_over_6m",
                       "s20.consent_recorded"],
    "escalations": ["escalations.discussion", "escalations.formal",
                    "escalations.by_reason.DRIFT_DELAY", "escalations.resolved_within_20wd"],
}


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    from iro_audit import synth

    d = tmp_path_factory.mktemp("docx") / "data"
    synth.generate(str(d), children=60, years=3, seed=3)
    return d


@pytest.fixture(scope="module")
def papers(authority, tmp_path_factory):
    """Each report twice, in one batch asking for Word papers: `<report>_open` unsuppressed and
    `<report>` suppressed."""
    work = tmp_path_factory.mktemp("papers")
    entries = "".join(
        f"  - file: parameters/{r}.yaml\n    name: {r}_open\n"
        f"  - file: parameters/{r}.yaml\n    parameters: {{suppress: true}}\n" for r in REPORTS)
    batch = work / "papers.yaml"
    batch.write_text("title: Word papers\nformats: [html, docx]\nparameters:\n"
                     f"  start: {START}\n  end: {END}\n  data_dir: {authority}\n"
                     f"reports:\n{entries}")
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["batch", str(batch), "--jobs", "2", "--out", str(work / "out"),
                     "--name", "papers", "--no-progress"])
    finally:
        os.chdir(old)
    assert code == 0
    return work / "out" / "papers"


@pytest.fixture(scope="module")
def children(authority):
    from iro_audit.load import load_dataset

    return sorted(set(load_dataset(str(authority))["header"]["CHILD"].dropna().astype(str)))


def docx_cells(doc) -> list[str]:
    return [c.text for t in doc.tables for row in t.rows for c in row.cells]


def docx_rows(table) -> list[list[str]]:
    """Row texts, a merged cell once."""
    out = []
    for row in table.rows:
        seen, texts = set(), []
        for c in row.cells:
            if id(c._tc) not in seen:
                seen.add(id(c._tc))
                texts.append(" ".join(c.text.split()))
        out.append(texts)
    return out


def figure(summary: dict, key: str):
    value = summary
    for part in key.split("."):
        value = value[part]
    return value


def printed(value) -> str:
    """How a report prints a figure: a count 1,204; a proportion 45.0% (9 of 20)."""
    if isinstance(value, dict):
        return f"{value['pct']:.1f}% ({value['n']:,} of {value['d']:,})"
    return f"{value:,}"


def test_every_report_has_a_word_paper_linked_from_the_index(papers):
    results = {r.name: r for r in read_results(papers)}
    assert len(results) == 2 * len(REPORTS)
    assert all(r.ok and r.files.get("docx") == f"{r.name}.docx" and not r.warnings
               for r in results.values()), {n: (r.error, r.warnings) for n, r in results.items()}
    index = (papers / "index.html").read_text()
    for name in results:
        assert f'<a href="{name}.docx">Word</a>' in index


@pytest.mark.parametrize("report", REPORTS)
def test_the_word_tables_hold_the_report_s_figures(papers, report):
    summary = json.loads((papers / f"{report}_open.json").read_text())
    cells = docx_cells(Document(papers / f"{report}_open.docx"))
    for key in FIGURES[report]:
        text = printed(figure(summary, key))
        assert any(text == c or c.startswith(text + " ") or text in c for c in cells), (key, text)


@pytest.mark.parametrize("name", [f"{r}{v}" for r in REPORTS for v in ("", "_open")])
def test_the_word_paper_has_the_html_page_s_tables_and_charts(papers, name):
    html = (papers / f"{name}.html").read_text()
    doc = Document(papers / f"{name}.docx")
    parsed = Tables()
    parsed.feed(html)
    html_tables = [([t["header"]] if t["header"] else []) + t["rows"] for t in parsed.tables]
    assert [docx_rows(t) for t in doc.tables] == html_tables
    charts = re.findall(r"<img\b[^>]*\bsrc=\"data:image/png;base64,", html)
    assert len(doc.inline_shapes) == len(charts)
    headings = re.findall(r"<h([1-6])\b[^>]*>(.*?)<a class=\"anchor-link\"", html)
    word = [(p.style.name[-1], p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert word == [(level, re.sub(r"<[^>]+>", "", text)) for level, text in headings]
    # synthetic data: the banner heads every page
    assert SYNTHETIC_TEXT in [p.text for p in doc.sections[0].header.paragraphs]



@pytest.mark.parametrize("report", REPORTS)
def test_a_suppressed_word_paper_holds_no_count_from_1_to_5_and_no_child_id(papers, report, children):
    doc = Document(papers / f"{report}.docx")
    leaks = []
    for c in docx_cells(doc):
        text = " ".join(c.split())
        # a whole cell of 1 to 5, or the count or total of "45.0% (3 of 20)"
        m = re.fullmatch(r"[1-5]", text) or re.search(r"\((?:[1-5]) of |\bof [1-5]\)", text)
        if m:
            leaks.append(text)
    assert leaks == []
    assert any(" ".join(c.split()) == "c" for c in docx_cells(doc)), "nothing suppressed?"
    words = set(re.findall(r"[A-Za-z0-9_-]+", "\n".join(
        docx_cells(doc) + [p.text for p in doc.paragraphs])))
    assert not words & set(children)

"""Printing an HTML report from a browser: the export's print stylesheet (`export.PRINT_CSS`),
and, where Chromium and pdftotext are installed, the PDF Chromium prints from it."""
import re
import shutil
import subprocess

import nbformat
import pytest

from iro_audit.banner import SYNTHETIC_TEXT
from iro_audit.report.blocks import Block, details
from iro_audit.runner import export_html


def notebook(tmp_path, rows=80):
    """An executed-looking notebook: a heading, a long table and a closed <details> list."""
    table = "".join(f"<tr><td>Team {i}</td><td>{i + 6}</td></tr>" for i in range(rows))
    inner = "<table><thead><tr><th>Team</th><th>Children</th></tr></thead><tbody>" + table + \
        "</tbody></table>"
    block = Block("<h2>Caseloads</h2>", inner,
                  details("Data files read: 1", "<p>header_2026.csv read in full</p>"))
    code = nbformat.v4.new_code_cell("show()", execution_count=1)
    code.outputs = [nbformat.v4.new_output("display_data", {"text/html": block._repr_html_(),
                                                             "text/plain": "block"})]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Print test"), code]
    path = tmp_path / "r.ipynb"
    nbformat.write(nb, path)
    return path


def test_the_page_carries_an_a4_print_stylesheet(tmp_path):
    html = export_html(notebook(tmp_path), tmp_path / "r.html").read_text()
    assert "size: A4 portrait" in html
    assert "break-inside: avoid" in html and "break-after: avoid" in html
    assert "details::details-content" in html
    assert 'counter(page) " of " counter(pages)' in html
    assert "@top-center" not in html                       # real data: no synthetic header
    assert html.count("<table data-iro-long") == 1         # 80 rows: may break across pages
    synthetic = export_html(notebook(tmp_path), tmp_path / "s.html", synthetic=True).read_text()
    assert f'@top-center {{ content: "{SYNTHETIC_TEXT}"' in synthetic


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdftotext")),
                    reason="needs Chromium and pdftotext (poppler-utils)")
def test_chromium_prints_a4_pages_numbered_with_the_banner_and_the_closed_list_open(tmp_path):
    page = export_html(notebook(tmp_path), tmp_path / "s.html", synthetic=True)
    pdf = tmp_path / "s.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.92 x 842.88 pts (A4)" in info or "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) >= 2                                   # 80 rows do not fit on one page
    for i, p in enumerate(pages, start=1):
        assert SYNTHETIC_TEXT in p
        assert f"Page {i} of {len(pages)}" in p
    assert re.search(r"Team 0 +6", pages[0])              # a long table starts at once
    assert re.search(r"Team +Children\s+Team \d+", pages[1])   # its header row repeated
    assert "header_2026.csv read in full" in text             # the closed list printed open

"""The Word paper (runner/word.py) from hand-built report pages: every heading, paragraph,
table cell and chart of the HTML reaches the .docx, in the shape a council paper needs."""
import base64
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image

from iro_audit.banner import SYNTHETIC_TEXT, synthetic_banner_html
from iro_audit.errors import ParameterError
from iro_audit.runner.word import KEEP_TOGETHER_ROWS, check_template, html_to_document, write_docx


def png(width, height, dpi):
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG", dpi=(dpi, dpi))
    return base64.b64encode(buf.getvalue()).decode("ascii")


def page(body: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Paper</title>{head}</head>"
            f'<body class="jp-Notebook"><main>{body}</main></body></html>')


def texts(doc):
    return [(p.style.name, p.text) for p in doc.paragraphs if p.text.strip()]


def cells(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_headings_paragraphs_lists_and_notes_keep_their_words_and_levels():
    doc = html_to_document(page(
        '<h1 id="T">Quarterly report<a class="anchor-link" href="#T">¶</a></h1>'
        "<p>Reviews held: <strong>40</strong>, of which 39 on time.</p>"
        "<h2>Scorecard</h2><ul><li>First point</li><li>Second point</li></ul>"
        '<div class="iro-note" style="border-left:4px">List withheld: small numbers.</div>'
        "<h4>Detail</h4><ol><li>One</li></ol>"))
    assert texts(doc) == [
        ("Heading 1", "Quarterly report"),                  # the anchor's pilcrow left out
        ("Normal", "Reviews held: 40, of which 39 on time."),
        ("Heading 2", "Scorecard"),
        ("List Bullet", "First point"), ("List Bullet", "Second point"),
        ("Note", "List withheld: small numbers."),
        ("Heading 4", "Detail"),
        ("List Number", "One")]
    bold = [r.text for r in doc.paragraphs[1].runs if r.bold]
    assert bold == ["40"]
    assert doc.paragraphs[0].paragraph_format.keep_with_next   # a heading stays with its text


STYLED_TABLE = """
<div class="iro-table"><style type="text/css">
#T_a th { background: #e8e8e8; }
#T_a_row0_col0, #T_a_row1_col0 { text-align: left; }
#T_a_row0_col1, #T_a_row1_col1 { text-align: right; white-space: nowrap; }
#T_a_row1_col2 { background-color: #f6c6c0; }
</style>
<table id="T_a"><caption>Reviews</caption>
<thead><tr><th>Measure</th><th>Count</th><th>RAG</th><th>Share</th></tr></thead>
<tbody>
<tr><td id="T_a_row0_col0">Reviews held</td><td id="T_a_row0_col1">40</td><td id="T_a_row0_col2"></td><td>22.5% (9 of 40)</td></tr>
<tr><td id="T_a_row1_col0">On time</td><td id="T_a_row1_col1">c</td><td id="T_a_row1_col2">Red</td><td>c (c of 40)</td></tr>
</tbody></table></div>"""


def test_a_table_keeps_every_cell_its_caption_and_a_header_row_repeated_on_each_page():
    doc = html_to_document(page(STYLED_TABLE))
    (table,) = doc.tables
    assert cells(table) == [["Measure", "Count", "RAG", "Share"],
                            ["Reviews held", "40", "", "22.5% (9 of 40)"],
                            ["On time", "c", "Red", "c (c of 40)"]]
    caption = [p for p in doc.paragraphs if p.text == "Reviews"]
    assert caption and caption[0].style.name == "Caption"
    assert caption[0].paragraph_format.keep_with_next
    rows = table.rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None          # repeated on each page
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)   # rows never split


def test_figure_columns_are_right_aligned_and_text_columns_are_not():
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    doc = html_to_document(page(STYLED_TABLE))
    align = [[c.paragraphs[0].alignment for c in row.cells] for row in doc.tables[0].rows]
    # Count: right in the HTML's CSS; Share: every cell a figure ("22.5% (9 of 40)", "c (c of 40)");
    # Measure and RAG are words. A figure column's header is right-aligned with it.
    assert align == [[None, A.RIGHT, None, A.RIGHT],
                     [None, A.RIGHT, None, A.RIGHT],
                     [None, A.RIGHT, None, A.RIGHT]]
    # the RAG cell keeps its fill from the page's CSS
    shd = doc.tables[0].rows[2].cells[2]._tc.tcPr.find(qn("w:shd"))
    assert shd is not None and shd.get(qn("w:fill")) == "F6C6C0"


def test_a_short_table_is_kept_on_one_page_and_a_long_one_may_break():
    def table(n):
        rows = "".join(f"<tr><td>Row {i}</td><td>{i + 10}</td></tr>" for i in range(n))
        return f"<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>{rows}</tbody></table>"

    short, long_ = html_to_document(page(table(KEEP_TOGETHER_ROWS - 1))).tables[0], \
        html_to_document(page(table(KEEP_TOGETHER_ROWS))).tables[0]   # header + rows
    assert all(r.cells[0].paragraphs[0].paragraph_format.keep_with_next for r in short.rows[:-1])
    assert not short.rows[-1].cells[0].paragraphs[0].paragraph_format.keep_with_next
    assert not any(r.cells[0].paragraphs[0].paragraph_format.keep_with_next for r in long_.rows)


def test_spanning_cells_are_merged_on_the_grid():
    doc = html_to_document(page(
        "<table><thead><tr><th rowspan='2'>Team</th><th colspan='2'>Reviews</th></tr>"
        "<tr><th>held</th><th>late</th></tr></thead>"
        "<tbody><tr><td>North</td><td>12</td><td>0</td></tr></tbody></table>"))
    t = doc.tables[0]
    assert cells(t) == [["Team", "Reviews", "Reviews"], ["Team", "held", "late"],
                        ["North", "12", "0"]]
    assert t.cell(0, 1)._tc is t.cell(0, 2)._tc       # one merged cell
    assert sum(r._tr.trPr.find(qn("w:tblHeader")) is not None for r in t.rows) == 2


def test_every_embedded_chart_becomes_a_picture_no_wider_than_the_text():
    doc = html_to_document(page(
        f'<figure><img src="data:image/png;base64,{png(400, 200, 200)}" alt="Small chart"/></figure>'
        f'<p>Between.</p><img src="data:image/png;base64,{png(3000, 1000, 100)}" alt="Wide chart"/>'
        '<img src="https://example.org/x.png" alt="remote"/>'))
    shapes = doc.inline_shapes
    assert len(shapes) == 2                                # the remote image is not fetched
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(shapes[0].width - Mm(50.8)) < Mm(0.1)        # 400 px at 200 dpi: 2 inches
    assert shapes[1].width == text_width                   # 30 inches wide: shrunk to the text
    assert abs(shapes[1].height / shapes[1].width - 1 / 3) < 0.001
    descr = [s._inline.docPr.get("descr") for s in shapes]
    assert descr == ["Small chart", "Wide chart"]


def test_a_collapsed_list_is_printed_open():
    doc = html_to_document(page(
        "<details><summary>Data files read: 2</summary>"
        "<table><thead><tr><th>File</th><th>Rows</th></tr></thead>"
        "<tbody><tr><td>header.csv</td><td>60</td></tr><tr><td>episodes.csv</td><td>90</td></tr>"
        "</tbody></table></details>"))
    assert ("Normal", "Data files read: 2") in texts(doc)
    assert cells(doc.tables[0])[1:] == [["header.csv", "60"], ["episodes.csv", "90"]]


def test_a_synthetic_page_has_the_banner_in_its_body_and_on_every_page_header():
    doc = html_to_document(page(synthetic_banner_html() + "<h1>Report</h1>"))
    body = [p for p in doc.paragraphs if p.text.startswith(SYNTHETIC_TEXT)]
    assert len(body) == 1 and body[0].style.name == "Synthetic Banner"
    assert "None of these children is real" in body[0].text
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert SYNTHETIC_TEXT in header
    plain = html_to_document(page("<h1>Report</h1>"))
    assert not any(SYNTHETIC_TEXT in p.text for p in plain.sections[0].header.paragraphs)
    # as exported: the page's banner first in its body, before <main>
    exported = html_to_document(page("<h1>Report</h1>").replace(
        '<body class="jp-Notebook">', '<body class="jp-Notebook">' + synthetic_banner_html()))
    assert exported.paragraphs[0].text.startswith(SYNTHETIC_TEXT)
    # the runner's word wins even when the page itself has no banner
    told = html_to_document(page("<h1>Report</h1>"), synthetic=True)
    assert SYNTHETIC_TEXT in [p.text for p in told.sections[0].header.paragraphs]


def test_without_a_template_the_paper_is_a4_portrait_with_page_numbers():
    doc = html_to_document(page("<p>x</p>"), title="Quarterly pack")
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert round(s.left_margin.mm) == 20
    instr = [f.get(qn("w:instr")) for f in s.footer._element.iter(qn("w:fldSimple"))]
    assert instr == ["PAGE", "NUMPAGES"]
    assert doc.core_properties.title == "Quarterly pack"


def test_a_council_template_lends_its_styles_page_and_footer_and_its_text_is_cleared(tmp_path):
    t = Document()
    t.styles["Heading 1"].font.size = Pt(30)
    t.add_paragraph("Template placeholder text")
    t.add_table(rows=1, cols=1).cell(0, 0).text = "Template table"
    s = t.sections[0]
    s.different_first_page_header_footer = True
    s.first_page_header.paragraphs[0].text = "Council logo"
    s.page_width, s.page_height = Mm(216), Mm(279)          # letter, as the council uses
    s.footer.paragraphs[0].text = "OFFICIAL - Anyshire County Council"
    t.save(tmp_path / "council.docx")

    write_docx_from = tmp_path / "r.html"
    write_docx_from.write_text(page("<h1>Report</h1><p>Body.</p>"
                                    "<div class='iro-note'>A note.</div>"))
    out = write_docx(write_docx_from, tmp_path / "r.docx", template=tmp_path / "council.docx")
    doc = Document(out)
    assert texts(doc) == [("Heading 1", "Report"), ("Normal", "Body."), ("Note", "A note.")]
    assert doc.styles["Heading 1"].font.size == Pt(30)
    assert round(doc.sections[0].page_width.mm) == 216
    footer = doc.sections[0].footer
    assert [p.text for p in footer.paragraphs] == ["OFFICIAL - Anyshire County Council"]
    assert not list(footer._element.iter(qn("w:fldSimple")))   # its footer is left alone
    assert doc.tables == []


def test_a_synthetic_paper_in_a_template_with_a_first_page_header_has_the_banner_there_too(tmp_path):
    t = Document()
    s = t.sections[0]
    s.different_first_page_header_footer = True
    s.first_page_header.paragraphs[0].text = "Council logo"
    t.save(tmp_path / "council.docx")
    doc = html_to_document(page("<h1>Report</h1>"), template=tmp_path / "council.docx",
                           synthetic=True)
    s = doc.sections[0]
    assert [p.text for p in s.first_page_header.paragraphs] == [SYNTHETIC_TEXT, "Council logo"]
    assert SYNTHETIC_TEXT in [p.text for p in s.header.paragraphs]


def test_a_template_that_is_not_a_word_file_is_refused_by_name(tmp_path):
    with pytest.raises(ParameterError, match=r"--docx-template: Word template .*nope.docx does not exist"):
        check_template(tmp_path / "nope.docx")
    (tmp_path / "bad.docx").write_text("not a zip")
    with pytest.raises(ParameterError, match=r"bad.docx cannot be read as a Word document"):
        check_template(tmp_path / "bad.docx")
    (tmp_path / "t.txt").write_text("x")
    with pytest.raises(ParameterError, match=r"must be a .docx file"):
        check_template(tmp_path / "t.txt")

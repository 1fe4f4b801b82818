"""Word papers: a report's exported HTML page rewritten as a `.docx` (python-docx), for papers
that go out in the council's Word template (Corporate Parenting Panel, improvement board).

The Word file is built from the SAME page the reader gets as HTML (`export.export_html`),
never from the notebook's data: every heading, paragraph, list, note, table cell and chart is
read from that page, so small-number suppression, withheld lists and charts, and the
provenance table are exactly those of the HTML paper.

- headings `<h1>`..`<h6>` -> Word's "Heading 1".."Heading 6"; paragraphs, lists ("List
  Bullet" / "List Number"), notes ("Note", a boxed paragraph); a closed `<details>` is
  printed open (its summary in bold, then what it holds);
- every `<table>` -> a Word table: its caption above it ("Caption"), header rows repeated at
  the top of each page, rows never split across pages, a table of up to `KEEP_TOGETHER_ROWS`
  rows kept on one page, cells right-aligned where the HTML right-aligns them (the numbers:
  the Styler's CSS says which cells), cell text in "Table Text";
- every chart (`<img>` with a `data:` PNG, rendered at print resolution by
  `report.charts`) -> a picture as wide as the text at most, with its alt text;
- the synthetic-data banner (`banner.py`) wherever the page has it, and in the page header
  of every page when the page is synthetic;
- A4 portrait with 20 mm margins and page numbers in the footer ("Page N of M").

`template`: a `.docx` whose styles, page set-up, headers and footers are used (its body is
cleared). Styles this module needs and the template lacks ("Note", "Table Text",
"Synthetic Banner") are added to it; a missing built-in one ("List Bullet", "Caption") falls
back to "Normal".
"""
from __future__ import annotations

import base64
import binascii
import io
import re
from pathlib import Path

from ..atomic import replacing
from ..banner import BANNER_CLASS, SYNTHETIC_TEXT
from ..errors import ParameterError
from .export import KEEP_TOGETHER_ROWS   # a table of at most this many rows kept on one page

PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_MM = 210, 297, 20
FONT = "Arial"
HEADER_FILL = "E8E8E8"
BANNER_COLOUR = "7A0016"
BANNER_FILL = "FDE7EA"
NOTE_FILL = "F2F2F2"

_BLOCK_TAGS = {"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
               "details", "pre", "blockquote", "main", "section", "article", "img", "hr",
               "summary", "figcaption", "dl"}
_SKIP_TAGS = {"style", "script", "head", "title", "meta", "link", "template", "noscript"}
#: A figure as the report prints it: 12, 1,204, 45.0%, c, 12.5% (3 of 24), c (c of 40), 3.2 days
_FIGURE = re.compile(r"^(?:c|[-+\u2212]?\d[\d,]*(?:\.\d+)?%?)(?:\s*\((?:c|\d[\d,]*) of "
                     r"(?:c|\d[\d,]*)\))?$")
_NEUTRAL = {"", "\u2013", "-", "\u2014", "n/a"}
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_FILL = re.compile(r"background(?:-color)?\s*:\s*#([0-9a-fA-F]{6})")


# --------------------------------------------------------------------------- entry points

def check_template(path: str | Path, source: str = "--docx-template",
                   given: str | None = None) -> Path:
    """PATH as a usable Word template, or a ParameterError naming SOURCE and the file (as
    GIVEN by the user, when that differs from the absolute PATH)."""
    from docx import Document

    p = Path(path)
    path = given if given is not None else path
    if not p.is_file():
        raise ParameterError(f"{source}: Word template {path} does not exist (looked for {p.resolve()})")
    if p.suffix.lower() not in (".docx", ".dotx"):
        raise ParameterError(f"{source}: Word template {path} must be a .docx file")
    try:
        Document(str(p))
    except Exception as e:
        raise ParameterError(f"{source}: Word template {path} cannot be read as a Word "
                             f"document ({type(e).__name__}: {e})") from None
    return p


def write_docx(html_path: str | Path, docx_path: str | Path, *, template: str | Path | None = None,
               title: str | None = None, synthetic: bool = False) -> Path:
    """Write the exported report page HTML_PATH as a Word file at DOCX_PATH (under a temporary
    name, then renamed). SYNTHETIC (or a page carrying the banner) puts the synthetic-data
    banner in the header of every page."""
    html = Path(html_path).read_text(encoding="utf-8")
    doc = html_to_document(html, template=template, title=title, synthetic=synthetic)
    docx_path = Path(docx_path)
    with replacing(docx_path) as tmp:
        doc.save(str(tmp))
    return docx_path


def html_to_document(html: str, *, template: str | Path | None = None, title: str | None = None,
                     synthetic: bool = False):
    """The python-docx Document of report page HTML (see the module)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    root = soup.body or soup
    synthetic = synthetic or root.find(class_=BANNER_CLASS) is not None
    page_title = title or (soup.title.get_text(strip=True) if soup.title else None)
    w = _Writer(template, page_title)
    w.css = _cell_css(root)
    w.blocks(root)          # the page's banner (when synthetic) sits before its <main>
    if synthetic:
        w.banner_in_header()
    w.page_numbers()
    return w.doc


# --------------------------------------------------------------------------- CSS of tables

def _cell_css(root) -> dict:
    """{cell id: {"right": bool, "fill": "RRGGBB"}} from the tables' <style> blocks (pandas'
    Styler sets each cell's alignment and colour by its id)."""
    out: dict = {}
    for style in root.find_all("style"):
        for selectors, body in _CSS_RULE.findall(style.get_text()):
            right = re.search(r"text-align\s*:\s*right", body) is not None
            fill = _FILL.search(body)
            if not right and not fill:
                continue
            for sel in selectors.split(","):
                sel = sel.strip()
                if re.fullmatch(r"#[\w-]+", sel):
                    d = out.setdefault(sel[1:], {})
                    if right:
                        d["right"] = True
                    if fill:
                        d["fill"] = fill.group(1).upper()
    return out


# --------------------------------------------------------------------------- the writer

class _Writer:
    def __init__(self, template, title):
        from docx import Document
        from docx.oxml.ns import qn

        self.doc = Document(str(template)) if template else Document()
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.css: dict = {}
        self._ids = None
        if template is None:
            self._plain_house_style()
        self._own_styles()
        if title:
            self.doc.core_properties.title = title
        self.doc.core_properties.author = "iro-audit"

    # ---- styles and page

    def _plain_house_style(self):
        from docx.shared import Mm, Pt, RGBColor

        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, Mm(MARGIN_MM))
            section.header_distance = section.footer_distance = Mm(10)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        sizes = {1: 18, 2: 15, 3: 13, 4: 12, 5: 11, 6: 11}
        for level, size in sizes.items():
            name = f"Heading {level}"
            if name in [s.name for s in styles]:
                st = styles[name]
                st.font.name, st.font.size, st.font.bold = FONT, Pt(size), True
                st.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
                st.font.italic = False
        if self._has("Caption"):
            cap = styles["Caption"]
            cap.font.name, cap.font.size, cap.font.bold, cap.font.italic = FONT, Pt(10), True, False
            cap.font.color.rgb = RGBColor(0x11, 0x11, 0x11)

    def _own_styles(self):
        """Styles this writer needs, added when the document (or template) lacks them."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Pt, RGBColor

        styles = self.doc.styles
        if not self._has("Table Text"):
            st = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            st.font.size = Pt(9)
            st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
        if not self._has("Note"):
            st = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            _shade_paragraph_style(st, NOTE_FILL, "555555", left_only=True)
        if not self._has("Synthetic Banner"):
            st = styles.add_style("Synthetic Banner", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            st.font.bold = True
            st.font.color.rgb = RGBColor.from_string(BANNER_COLOUR)
            st.paragraph_format.alignment = 1   # centre
            _shade_paragraph_style(st, BANNER_FILL, "B00020", left_only=False)
        self._ids = None

    def _has(self, name) -> bool:
        if self._ids is None:
            self._ids = {s.name: s.style_id for s in self.doc.styles}
        return name in self._ids

    def style(self, name, fallback="Normal"):
        return name if self._has(name) else fallback

    def para(self, style="Normal", container=None):
        """A new paragraph (in the body, or CONTAINER's) in STYLE, "Normal" when it is missing.
        The style is set by its id: looking a style up by name walks every style."""
        p = (container or self.doc).add_paragraph()
        name = self.style(style)
        if name != "Normal":
            p._p.get_or_add_pPr().style = self._ids[name]
        return p

    def restyle(self, p, style):
        name = self.style(style)
        p._p.get_or_add_pPr().style = self._ids[name]

    @property
    def text_width(self):
        s = self.doc.sections[-1]
        return s.page_width - s.left_margin - s.right_margin

    def banner_in_header(self):
        """The synthetic-data banner at the top of every page (each section's header)."""
        for k, section in enumerate(self.doc.sections):
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            if self.doc.settings.odd_and_even_pages_header_footer:
                headers.append(section.even_page_header)
            for header in headers:
                if header.is_linked_to_previous and k > 0:   # shows the previous section's
                    continue
                first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
                p = first.insert_paragraph_before(SYNTHETIC_TEXT)
                self.restyle(p, "Synthetic Banner")

    def page_numbers(self):
        """"Page N of M" in the footer, unless the template's footer already holds something."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for k, section in enumerate(self.doc.sections):
            footer = section.footer
            if footer.is_linked_to_previous and k > 0:      # shows the previous section's
                continue
            if any(p.text.strip() for p in footer.paragraphs) or footer._element.xpath(".//w:fldSimple|.//w:instrText"):
                continue
            p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run("Page ")
            _field(p, "PAGE")
            p.add_run(" of ")
            _field(p, "NUMPAGES")

    # ---- blocks

    def blocks(self, node):
        """Every child of NODE: block elements converted, runs of inline content gathered
        into one paragraph."""
        from bs4 import NavigableString, Tag
        from bs4.element import Comment

        pending: list = []

        def flush():
            if pending and any(_text_of(n).strip() for n in pending):
                p = self.para("Normal")
                for n in pending:
                    self.inline(p, n)
            pending.clear()

        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                pending.append(child)
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS or _is_anchor(child):
                continue
            if child.name in _BLOCK_TAGS or _holds_block(child):
                flush()
                self.block(child)
            else:
                pending.append(child)
        flush()

    def block(self, el):
        name = el.name
        classes = el.get("class") or []
        if BANNER_CLASS in classes:
            p = self.para("Synthetic Banner")
            _bold_red(p.add_run(SYNTHETIC_TEXT))
            rest = " ".join(el.get_text(" ", strip=True).replace(SYNTHETIC_TEXT, "", 1).split())
            if rest:
                p.add_run().add_break()
                r = p.add_run(rest)
                r.bold = False
            return
        if "iro-note" in classes:
            p = self.para("Note")
            for c in el.children:
                self.inline(p, c)
            return
        if name and re.fullmatch(r"h[1-6]", name):
            level = int(name[1])
            p = self.para(f"Heading {level}")
            p.paragraph_format.keep_with_next = True
            for c in el.children:
                if not _is_anchor(c):
                    self.inline(p, c)
            return
        if name == "p":
            p = self.para("Normal")
            for c in el.children:
                self.inline(p, c)
            return
        if name in ("ul", "ol"):
            self.list(el, ordered=name == "ol", depth=1)
            return
        if name == "table":
            self.table(el)
            return
        if name == "img":
            self.picture(el)
            return
        if name in ("summary", "figcaption"):
            p = self.para("Caption" if name == "figcaption" else "Normal")
            for c in el.children:
                self.inline(p, c, bold=name == "summary")
            p.paragraph_format.keep_with_next = True
            return
        if name == "pre":
            p = self.para("Normal")
            for i, line in enumerate(el.get_text().rstrip("\n").split("\n")):
                if i:
                    p.add_run().add_break()
                r = p.add_run(line)
                r.font.name = "Courier New"
            return
        if name == "hr":
            return
        if name == "blockquote":
            start = len(self.doc.paragraphs)
            self.blocks(el)
            for p in self.doc.paragraphs[start:]:
                if p._p.style is None:
                    self.restyle(p, "Quote")
            return
        self.blocks(el)    # div, main, section, figure, details ... : what they hold

    def inline(self, p, node, bold=False, italic=False, mono=False):
        from bs4 import NavigableString, Tag
        from bs4.element import Comment

        if isinstance(node, Comment):
            return
        if isinstance(node, NavigableString):
            text = re.sub(r"\s+", " ", str(node))
            if text.strip() or (text and p.runs):
                r = p.add_run(text)
                r.bold = bold or None
                r.italic = italic or None
                if mono:
                    r.font.name = "Courier New"
            return
        if not isinstance(node, Tag) or node.name in _SKIP_TAGS or _is_anchor(node):
            return
        if node.name == "br":
            p.add_run().add_break()
            return
        if node.name == "img":
            self.picture(node, paragraph=p)
            return
        b = bold or node.name in ("b", "strong", "th")
        i = italic or node.name in ("i", "em")
        m = mono or node.name in ("code", "kbd", "samp", "tt")
        for c in node.children:
            self.inline(p, c, b, i, m)

    def list(self, el, ordered, depth):
        base = "List Number" if ordered else "List Bullet"
        name = base if depth == 1 else f"{base} {min(depth, 3)}"
        style = self.style(name, self.style(base))
        for li in el.find_all("li", recursive=False):
            p = self.para(style)
            nested = []
            for c in li.children:
                if getattr(c, "name", None) in ("ul", "ol"):
                    nested.append(c)
                else:
                    self.inline(p, c)
            for n in nested:
                self.list(n, ordered=n.name == "ol", depth=depth + 1)

    # ---- tables

    def table(self, el):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        caption = el.find("caption")
        if caption is not None and caption.get_text(strip=True):
            p = self.para("Caption")
            for c in caption.children:
                self.inline(p, c)
            p.paragraph_format.keep_with_next = True
        rows = _table_rows(el)
        if not rows:
            return
        grid, n_cols = _grid(rows)
        n_head = sum(1 for r in rows if r["head"])
        table = self.doc.add_table(rows=len(grid), cols=n_cols)
        if self._has("Table Grid"):
            table.style = self.doc.styles["Table Grid"]
        right_cols = self._figure_columns(grid[n_head:], n_cols)
        keep = len(grid) <= KEEP_TOGETHER_ROWS
        for i, row in enumerate(grid):
            tr = table.rows[i]
            _row_props(tr, header=i < n_head)
            for j, cell in enumerate(row):
                if cell is None or not cell["origin"]:
                    continue
                wcell = tr.cells[j]
                span_r, span_c = cell["rowspan"], cell["colspan"]
                if span_r > 1 or span_c > 1:
                    wcell = wcell.merge(table.cell(min(i + span_r, len(grid)) - 1,
                                                   min(j + span_c, n_cols) - 1))
                p = wcell.paragraphs[0]
                self.restyle(p, "Table Text")
                for c in cell["el"].children:
                    self.inline(p, c, bold=i < n_head or cell["el"].name == "th")
                css = self.css.get(cell["id"], {})
                if css.get("right") or (j in right_cols and span_c == 1):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                fill = HEADER_FILL if i < n_head else css.get("fill")
                if fill:
                    _shade_cell(wcell, fill)
                if keep and i < len(grid) - 1:
                    p.paragraph_format.keep_with_next = True
        self._widths(table, grid, n_cols)
        self.para("Normal").paragraph_format.space_after = 0

    def _figure_columns(self, body, n_cols) -> set:
        """Columns to right-align: every body cell with text in them is a figure (a count, a
        percentage, "c", "12.5% (3 of 24)") or right-aligned in the HTML; their headers too."""
        out = set()
        for j in range(n_cols):
            cells = [r[j] for r in body if r[j] is not None and r[j]["origin"]]
            texts = [(c, " ".join(c["el"].get_text(" ").split())) for c in cells]
            texts = [(c, t) for c, t in texts if t not in _NEUTRAL]
            if texts and all(self.css.get(c["id"], {}).get("right") or _FIGURE.match(t)
                             for c, t in texts):
                out.add(j)
        return out

    def _widths(self, table, grid, n_cols):
        """Columns as wide as their text asks (longest cell, capped; a header by its longest
        word), shared out over the text width; the layout is fixed so every viewer agrees."""
        want = [7] * n_cols
        for row in grid:
            for j, cell in enumerate(row):
                if cell is None or not cell["origin"] or cell["colspan"] > 1:
                    continue
                text = " ".join(cell["el"].get_text(" ").split())
                longest_word = max((len(w) for w in text.split()), default=0)
                if cell["el"].name == "th":
                    need = longest_word + 3
                elif len(text) <= 16:        # a figure or a short word: not wrapped
                    need = len(text) + 3
                else:
                    need = max(longest_word + 3, min(len(text), 30))
                want[j] = max(want[j], need)
        total = sum(want)
        widths = [int(self.text_width * w / total) for w in want]
        table.autofit = False        # w:tblLayout fixed
        for j, col in enumerate(table.columns):
            col.width = widths[j]
        for row in table.rows:
            for j, cell in enumerate(row.cells):
                if j < n_cols:
                    cell.width = widths[j]

    # ---- pictures

    def picture(self, img, paragraph=None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        src = img.get("src") or ""
        m = re.match(r"data:image/(png|jpeg|jpg|gif);base64,(.*)", src, re.S)
        if not m:
            return      # only embedded images: the page fetches nothing
        try:
            data = base64.b64decode(m.group(2))
        except (binascii.Error, ValueError):
            return
        p = paragraph or self.para("Normal")
        if paragraph is None:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = p.add_run().add_picture(io.BytesIO(data))
        width = self.text_width
        if shape.width > width:
            shape.height = int(shape.height * width / shape.width)
            shape.width = width
        alt = img.get("alt")
        if alt:
            shape._inline.docPr.set("descr", alt)


# --------------------------------------------------------------------------- helpers

def _text_of(node) -> str:
    return node.get_text() if hasattr(node, "get_text") else str(node)


def _is_anchor(node) -> bool:
    return getattr(node, "name", None) == "a" and "anchor-link" in (node.get("class") or [])


def _holds_block(el) -> bool:
    return el.find(list(_BLOCK_TAGS)) is not None


def _bold_red(run):
    from docx.shared import RGBColor

    run.bold = True
    run.font.color.rgb = RGBColor.from_string(BANNER_COLOUR)


def _table_rows(table) -> list[dict]:
    """[{"head": bool, "cells": [td/th]}] of TABLE's own rows (not those of nested tables)."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [c for c in tr.find_all(["td", "th"], recursive=False)]
        if not cells:
            continue
        head = tr.parent is not None and tr.parent.name == "thead"
        rows.append({"head": head, "cells": cells})
    # header rows come first; a body row of header cells straight after them is a header too
    return rows


def _grid(rows) -> tuple[list[list], int]:
    """The rows laid on a grid honouring rowspan and colspan: each slot None or
    {"el", "id", "origin", "rowspan", "colspan"}."""
    grid: list[list] = []
    taken: dict = {}
    n_cols = 0
    for i, r in enumerate(rows):
        line: list = []
        j = 0
        for el in r["cells"]:
            while (i, j) in taken:
                line.append(taken.pop((i, j)))
                j += 1
            rs = _span(el.get("rowspan"))
            cs = _span(el.get("colspan"))
            cell = {"el": el, "id": el.get("id") or "", "origin": True, "rowspan": rs, "colspan": cs}
            line.append(cell)
            for dj in range(1, cs):
                line.append({"el": el, "id": "", "origin": False, "rowspan": rs, "colspan": cs})
            for di in range(1, rs):
                for dj in range(cs):
                    taken[(i + di, j + dj)] = {"el": el, "id": "", "origin": False,
                                               "rowspan": rs, "colspan": cs}
            j += cs
        while (i, j) in taken:
            line.append(taken.pop((i, j)))
            j += 1
        grid.append(line)
        n_cols = max(n_cols, len(line))
    for line in grid:
        line.extend([None] * (n_cols - len(line)))
    return grid, n_cols


def _span(v) -> int:
    try:
        return max(1, int(v))
    except (TypeError, ValueError):
        return 1


def _row_props(row, header: bool):
    """Never split a row across pages; header rows repeat at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trPr = row._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))
    if header:
        trPr.append(OxmlElement("w:tblHeader"))


def _shade_cell(cell, fill: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def _shade_paragraph_style(style, fill: str, border: str, left_only: bool):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pPr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in (("left",) if left_only else ("top", "left", "bottom", "right")):
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "24" if left_only else "18")
        b.set(qn("w:space"), "6")
        b.set(qn("w:color"), border)
        bdr.append(b)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # the schema's order: borders and shading come after these, before spacing and alignment
    before = {qn(t) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                              "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers")}
    at = max([k + 1 for k, child in enumerate(pPr) if child.tag in before], default=0)
    pPr.insert(at, bdr)
    pPr.insert(at + 1, shd)


def _field(paragraph, code: str):
    """A Word field (PAGE, NUMPAGES) in PARAGRAPH."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), code)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)

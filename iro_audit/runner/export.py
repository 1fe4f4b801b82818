"""HTML export of an executed report notebook: no code, no prompts, nothing fetched from the
internet, charts embedded, and a print stylesheet (`PRINT_CSS`) so "Print to PDF" from a
browser gives an A4 paper.

nbconvert's `lab` template links require.js, MathJax, mermaid and (for widgets) the widget
manager from CDNs. The template below extends it and empties those blocks; markdown cells are
rendered without the `jp-InputArea` wrapper the lab template puts round them, so the page holds no
input area at all. As a last guard `strip_remote_resources` removes any `<script src=...>` or
`<link href=...>` that still points off the machine. Images in outputs are already base64 `data:`
URIs; `embed_images` also inlines images that markdown cells reference by path.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..atomic import write_text_atomic
from ..banner import BANNER_CLASS, SYNTHETIC_TEXT, add_banner_to_page

# Extends nbconvert's lab/index.html.j2 (found on the template path when template_name="lab").
REPORT_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}

{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}

{% block extra_css %}
<style type="text/css">
  body.jp-Notebook { max-width: 1100px; margin: 0 auto; }
{{ resources.iro_print_css }}
</style>
{% endblock extra_css %}

{% block markdowncell scoped %}
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
{%- if resources.should_sanitize_html %}
{{ cell.source | markdown2html | strip_files_prefix | clean_html }}
{%- else %}
{{ cell.source | markdown2html | strip_files_prefix }}
{%- endif %}
</div>
</div>
{%- endblock markdowncell %}
"""

#: The paper printed from a browser ("Print to PDF"): A4 portrait, no table, chart, note or
#: banner split across pages where it fits on one, headings kept with what follows, table
#: headers repeated, collapsed lists (<details>) printed open (Chromium 131+, which can style
#: `::details-content`; other browsers print what is open on screen), page numbers in the
#: page's bottom-right margin box (Chromium 131+ draws @page margin boxes; where a browser
#: does not, turn on its own "Headers and footers" print option for page numbers).
PRINT_CSS = """
  @page {
    size: A4 portrait;
    margin: 16mm 14mm 18mm 14mm;
    @bottom-right { content: "Page " counter(page) " of " counter(pages);
                    font: 9pt Arial, Helvetica, sans-serif; color: #444; }
  }
  @media print {
    html, body.jp-Notebook { background: #fff; }
    body.jp-Notebook { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
    main, .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child,
    .jp-OutputArea-output, .jp-RenderedHTMLCommon { padding: 0 !important; margin-left: 0 !important;
      margin-right: 0 !important; overflow: visible !important; }
    .jp-Cell { margin: 0 !important; }
    /* JupyterLab keeps each whole output on one page: a report section would leave gaps */
    .jp-OutputArea-child, .jp-Cell-outputWrapper, .jp-Cell { break-inside: auto !important;
      page-break-inside: auto !important; }
    .jp-Collapser, .jp-OutputPrompt, .jp-InputPrompt, a.anchor-link { display: none !important; }
    h1, h2, h3, h4, h5, h6, caption, summary { break-after: avoid; page-break-after: avoid;
      break-inside: avoid; }
    table, figure, img, tr, .iro-note { break-inside: avoid;
      page-break-inside: avoid; }
    table[data-iro-long] { break-inside: auto; page-break-inside: auto; }
    thead { display: table-header-group; }
    .jp-RenderedHTMLCommon table { font-size: 8.5pt; }
    .jp-RenderedHTMLCommon caption { white-space: normal !important; }
    .jp-OutputArea-output img, figure img { max-width: 100% !important; height: auto !important; }
    details::details-content { content-visibility: visible; display: contents; }
    details > summary { list-style: none; font-weight: bold; }
    details > summary::marker, details > summary::-webkit-details-marker { display: none; }
    p, li { orphans: 3; widows: 3; }
  }
"""

#: A table of more than this many rows may break across pages when printed (a longer one
#: would be pushed whole to the next page, leaving a gap, and break there anyway): it is
#: marked `data-iro-long`. The Word paper uses the same limit.
KEEP_TOGETHER_ROWS = 25
_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table\s*>", re.IGNORECASE | re.DOTALL)
_ROW = re.compile(r"<tr\b", re.IGNORECASE)


def mark_long_tables(html: str) -> str:
    """HTML with `data-iro-long` on every table of more than KEEP_TOGETHER_ROWS rows."""
    def mark(m):
        if len(_ROW.findall(m.group(2))) <= KEEP_TOGETHER_ROWS or "data-iro-long" in m.group(1):
            return m.group(0)
        return f"<table data-iro-long{m.group(1)}>{m.group(2)}</table>"
    return _TABLE.sub(mark, html)


#: On a page made from synthetic data, the banner's words head every printed page too.
SYNTHETIC_PRINT_CSS = """
  @page {
    @top-center { content: "%s"; font: bold 10pt Arial, Helvetica, sans-serif; color: #7a0016; }
  }
  @media print { .%s { break-inside: avoid; page-break-inside: avoid; } }
""" % (SYNTHETIC_TEXT, BANNER_CLASS)

_REMOTE = r"""(?:https?:)?//"""
_SCRIPT_SRC = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?""" + _REMOTE + r"""[^>]*>.*?</script\s*>""",
    re.IGNORECASE | re.DOTALL,
)
_LINK_HREF = re.compile(
    r"""<link\b[^>]*\bhref\s*=\s*["']?""" + _REMOTE + r"""[^>]*/?>""", re.IGNORECASE
)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?""" + _REMOTE + r"""[^;]*;""", re.IGNORECASE)
_ANY_REMOTE_SRC = re.compile(
    r"""<(script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*["']?(""" + _REMOTE + r"""[^"' >]*)""",
    re.IGNORECASE,
)


def make_exporter():
    """An HTMLExporter that leaves code, prompts and every remote script or stylesheet out."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.jquery_url = ""
    exporter.jupyter_widgets_base_url = ""
    exporter.widget_renderer_url = ""
    exporter.mermaid_js_url = ""
    exporter.raw_template = REPORT_TEMPLATE
    return exporter


def strip_remote_resources(html: str) -> str:
    """Remove `<script src>`, `<link href>` and CSS `@import` that point at another machine."""
    html = _SCRIPT_SRC.sub("", html)
    html = _LINK_HREF.sub("", html)
    return _CSS_IMPORT.sub("", html)


def remote_references(html: str) -> list[str]:
    """Every script, stylesheet, image or frame the page would fetch from another machine."""
    return [m.group(2) for m in _ANY_REMOTE_SRC.finditer(html)]


def export_html(notebook_path: str | Path, html_path: str | Path, title: str | None = None,
                synthetic: bool = False) -> Path:
    """Write NOTEBOOK_PATH (an executed notebook) as a self-contained HTML page at HTML_PATH
    (under a temporary name, then renamed). SYNTHETIC puts the "synthetic data" banner first
    on the page, and its words at the top of every printed page."""
    notebook_path, html_path = Path(notebook_path), Path(html_path)
    nb = nbformat.read(notebook_path, as_version=4)
    if title:
        nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)   # widget state cannot render offline; keep it out
    resources = {"metadata": {"name": title or notebook_path.stem, "path": str(notebook_path.parent)},
                 "iro_print_css": PRINT_CSS + (SYNTHETIC_PRINT_CSS if synthetic else "")}
    body, _ = make_exporter().from_notebook_node(nb, resources=resources)
    body = mark_long_tables(strip_remote_resources(body))
    if synthetic:
        body = add_banner_to_page(body)
    return write_text_atomic(html_path, body)

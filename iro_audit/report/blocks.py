"""What a report section hands to a notebook: a `Block` of paragraphs, tables and charts that
renders as plain HTML (no scripts, nothing fetched from the internet) in JupyterLab and in the
nbconvert export."""
from __future__ import annotations

import html

from pandas.io.formats.style import Styler


def esc(text) -> str:
    return html.escape(str(text), quote=True)


class Block:
    """An ordered list of parts (HTML strings, Stylers, charts or other blocks) shown together.

    Builders also attach the figures a test may want (`block.data`), e.g. the table behind a
    chart, so tests never have to parse HTML.
    """

    def __init__(self, *parts, data=None):
        self.parts = [p for p in parts if p is not None]
        self.data = data if data is not None else {}

    def add(self, *parts) -> "Block":
        self.parts.extend(p for p in parts if p is not None)
        return self

    def tables(self) -> list[Styler]:
        """Every table in the block (nested blocks included), in order."""
        out = []
        for p in self.parts:
            if isinstance(p, Styler):
                out.append(p)
            elif isinstance(p, Block):
                out.extend(p.tables())
        return out

    def charts(self) -> list:
        from .charts import Chart

        out = []
        for p in self.parts:
            if isinstance(p, Chart):
                out.append(p)
            elif isinstance(p, Block):
                out.extend(p.charts())
        return out

    def text(self) -> str:
        """The block's words without markup (for tests and plain-text logs)."""
        import re

        body = re.sub(r"<style.*?</style>", " ", self._repr_html_(), flags=re.S)
        return re.sub(r"<[^>]+>", " ", html.unescape(body))

    def _repr_html_(self) -> str:
        out = []
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
            elif isinstance(p, Styler):
                out.append(f'<div class="iro-table">{p.to_html()}</div>')
            elif hasattr(p, "_repr_html_"):
                out.append(p._repr_html_())
            else:
                out.append(f"<p>{esc(p)}</p>")
        return '<div class="iro-block">' + "\n".join(out) + "</div>"

    def __repr__(self) -> str:
        n_t, n_c = len(self.tables()), len(self.charts())
        return f"<report block: {n_t} table(s), {n_c} chart(s)>"


def para(text: str) -> str:
    """A paragraph of plain text (escaped)."""
    return f"<p>{esc(text)}</p>"


def paras(*texts: str) -> str:
    return "".join(para(t) for t in texts if t)


def heading(text: str, level: int = 4) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def note(text: str) -> str:
    """A boxed note: a section switched off, a list withheld, a caveat the reader needs."""
    return ('<div class="iro-note" style="border-left:4px solid #555;background:#f2f2f2;'
            f'padding:0.5em 0.8em;margin:0.6em 0;">{esc(text)}</div>')


def bullets(items) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def details(summary: str, inner) -> str:
    """A closed <details> element (works offline, no script) holding INNER."""
    body = inner._repr_html_() if hasattr(inner, "_repr_html_") else (
        f'<div class="iro-table">{inner.to_html()}</div>' if isinstance(inner, Styler) else str(inner))
    return f"<details><summary>{esc(summary)}</summary>{body}</details>"

"""The "synthetic data" banner: on every page made from synthetic data (the report's opening
block, the top of its HTML page, and the run folder's index), so a report made from the
synthetic authority by mistake (a forgotten `data_dir`) can never pass for a real one.

Whether data are synthetic is for the data to say (`load/extract.py`: extract.yaml
`source: synthetic`, or the marker column in the synthetic tables), never the folder's name.
Plain HTML with inline style: it shows offline, in a notebook, an exported page and an index.
"""
from __future__ import annotations

from html import escape

SYNTHETIC_TEXT = "SYNTHETIC DATA: no real children"
SYNTHETIC_DETAIL = ("These figures come from the synthetic demonstration authority made by "
                    "iro-audit. None of these children is real; do not use this page as a "
                    "report on any service.")
#: Marks the banner in HTML, so an exporter can tell it is already there.
BANNER_CLASS = "iro-synthetic-banner"


def synthetic_banner_html(detail: str | None = SYNTHETIC_DETAIL) -> str:
    """The banner as one HTML element."""
    more = (f'<div style="font-weight:normal;font-size:0.85em;margin-top:0.2em;">'
            f'{escape(detail)}</div>') if detail else ""
    return (f'<div class="{BANNER_CLASS}" role="alert" style="border:3px solid #b00020;'
            'background:#fde7ea;color:#7a0016;padding:0.6em 0.9em;margin:0.4em 0 0.8em 0;'
            'font-family:Arial,Helvetica,sans-serif;font-weight:bold;font-size:1.15em;'
            f'text-align:center;">{escape(SYNTHETIC_TEXT)}{more}</div>')


def add_banner_to_page(html: str, detail: str | None = SYNTHETIC_DETAIL) -> str:
    """HTML page HTML with the banner first thing in its <body> (unchanged without a body)."""
    import re

    m = re.search(r"<body\b[^>]*>", html, re.IGNORECASE)
    if not m:
        return html
    return html[:m.end()] + "\n" + synthetic_banner_html(detail) + html[m.end():]

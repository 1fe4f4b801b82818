"""Run a report notebook's code in this process (no kernel, no papermill): every section builder
the notebook calls, on a chosen data folder, each displayed block rendered to HTML.

Used to check that messy or corrupted data never make a report raise, at test speed. The code
is the notebook's own, so the list of builders can never fall out of step with the notebooks.
"""
from __future__ import annotations

import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# the report notebooks that build from a data folder alone (dip_sample_findings needs a
# completed worksheet)
REPORTS = ("quarterly_performance", "annual_report", "s20_admissions", "placed_with_parents",
           "qc_forms", "escalations", "voice_of_the_child", "dip_sample", "cp_conferences")


def notebook_cells(name: str) -> tuple[str, list[str]]:
    """The parameters cell and the other code cells of notebook NAME."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    params, rest = "", []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        src = "".join(c["source"])
        if "parameters" in (c.get("metadata", {}).get("tags") or []):
            params = src
        else:
            rest.append(src.replace("from IPython.display import display", ""))
    return params, rest


def run_report_code(name: str, ctx=None, render: bool = True, **params) -> list:
    """Execute notebook NAME's cells with PARAMS over its defaults; return the HTML of every
    displayed object (a section that raises raises here, with the notebook's own line).

    CTX: a `ReportContext` to use instead of the one the notebook opens (its data already
    loaded); RENDER=False returns the displayed objects without rendering them."""
    shown: list = []

    def display(obj):
        html = getattr(obj, "_repr_html_", None) if render else None
        shown.append(html() if html is not None else obj if not render else repr(obj))

    cells_params, cells = notebook_cells(name)
    if ctx is not None:
        cells = [c.replace("report.open_report(", "_given_context(") for c in cells]
    env: dict = {"display": display, "_given_context": lambda *a, **k: ctx}
    exec(compile(cells_params, f"{name}.ipynb[parameters]", "exec"), env)
    env.update(params)
    for i, src in enumerate(cells):
        exec(compile(src, f"{name}.ipynb[cell {i + 1}]", "exec"), env)
    return shown

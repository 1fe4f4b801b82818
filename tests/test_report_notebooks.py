"""A report notebook end to end on a small synthetic authority: it runs top to bottom, its JSON
summary equals `metrics.compute_all` for the groups it shows, and with suppression on no child
ID reaches the HTML. (The lead's runner tests cover every notebook; this one pins the report
layer's own contract.)"""
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_s20_notebook_summary_matches_metrics_and_suppression_hides_children(tmp_path):
    papermill = pytest.importorskip("papermill")
    from nbconvert import HTMLExporter

    from iro_audit import synth
    from iro_audit.load import load_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params, with_extract_date
    from iro_audit.window import Window

    data = tmp_path / "data"
    synth.generate(str(data), children=150, years=3, seed=1)
    summary = tmp_path / "s20.json"
    out = tmp_path / "s20.ipynb"
    params = {"data_dir": str(data), "start": "2025-10-01", "end": "2026-03-31",
              "suppress": True, "summary_path": str(summary)}
    papermill.execute_notebook(str(ROOT / "notebooks" / "s20_admissions.ipynb"), str(out),
                               parameters=params, cwd=str(ROOT / "notebooks"),
                               kernel_name="python3", progress_bar=False)
    got = json.loads(summary.read_text())
    ds = load_dataset(str(data))
    # the synthetic authority's extract.yaml gives the extract date (its last day)
    params = with_extract_date(load_params(), ds)
    assert str(params["extract_date"]) == synth.DEFAULT_END
    want = json.loads(json.dumps(compute_all(ds, Window.of("2025-10-01", "2026-03-31"), params),
                                 default=str))
    assert set(got) == {"s20", "synthetic"} and got["synthetic"] is True
    assert got["s20"] == want["s20"]

    html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(str(out), 4))
    assert "Section 20 admissions check" in html and "withheld" in html
    children = set(ds["header"]["CHILD"].dropna().astype(str))
    leaked = [c for c in children if f">{c}<" in html]
    assert not leaked, f"child IDs in a suppressed paper: {leaked[:5]}"

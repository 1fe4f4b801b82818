"""Every notebook runs top to bottom as JupyterLab runs it: from notebooks/ as the working
directory, with its own defaults (nothing injected), on a small demo authority in the project's
outputs/demo/data; and with the session's folder (`iro-audit lab --data`) a notebook opens that
folder instead. The project is a copy of notebooks/ and parameters/ in a temporary folder, so
nothing is written into the repository."""
import re
from pathlib import Path

import nbformat
import pytest

from iro_audit.report.data_folder import DATA_ENV

from _labkit import ROOT, make_project

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("lab") / "project")


def _run(path: Path, env_data=None) -> nbformat.NotebookNode:
    """Execute PATH in place of a JupyterLab user: cwd its folder, no parameters injected."""
    import os

    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = os.environ.pop(DATA_ENV, None)
    if env_data is not None:
        os.environ[DATA_ENV] = str(env_data)          # the kernel inherits it, as from the server
    try:
        NotebookClient(nb, kernel_name="python3", timeout=600, startup_timeout=120,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.pop(DATA_ENV, None)
        if old is not None:
            os.environ[DATA_ENV] = old
    return nb


def _html(nb) -> str:
    return "\n".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                     if c.cell_type == "code" for o in c.get("outputs", []))


def test_every_notebook_is_covered():
    assert "start_here" in NOTEBOOKS and len(NOTEBOOKS) >= 10


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_from_notebooks_with_its_defaults(project, name):
    demo = (project / "outputs" / "demo" / "data").resolve()
    nb = _run(project / "notebooks" / f"{name}.ipynb")
    html = _html(nb)
    if name == "start_here":
        # the paper of the default job, made by the runner into the project's outputs/,
        # linked from the notebook's folder
        assert f"Notebooks open <b>{demo}</b>" in html
        links = re.findall(r'href="(\.\./outputs/s20_admissions-[^"/]+/s20_admissions\.html)"', html)
        assert len(links) == 1, html[-2000:]
        paper = (project / "notebooks" / links[0]).resolve()
        assert paper.is_file() and paper.parent.parent == project / "outputs"
        assert (paper.parent / "index.html").is_file()
    elif name == "dip_sample_findings":
        # the demonstration cycle (two auditors' worksheets and a moderation one, with the
        # manifest), made at the default folder from the demo authority
        cycle = project / "outputs" / "dip_samples" / "demo" / "s20_cycle"
        assert len(list(cycle.glob("*.manifest.json"))) == 1
        assert len([p for p in cycle.glob("*.xlsx") if not p.name.endswith("_actions.xlsx")]) == 3
        assert (cycle / "s20_2026-03-31_seed4521_actions.xlsx").is_file()   # beside the manifest
        assert "DEMONSTRATION" in html
    else:
        assert str(demo) in html, f"{name} did not open the demo folder"     # provenance
        if name == "dip_sample":             # the worksheet beside ../outputs/dip_samples
            assert list((project / "outputs" / "dip_samples").glob("s20_2026-03-31_seed4521*.xlsx"))


def test_the_session_folder_is_what_a_notebook_opens_by_default(project, tmp_path):
    from iro_audit import synth
    from iro_audit.load import load_dataset

    extract = tmp_path / "extract"
    synth.generate(extract, children=30, years=2, seed=9)
    nb = _run(project / "notebooks" / "voice_of_the_child.ipynb", env_data=extract)
    html = _html(nb)
    assert str(extract) in html and load_dataset(str(extract)).fingerprint() in html
    assert str(project / "outputs" / "demo" / "data") not in html

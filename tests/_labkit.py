"""A copy of the project's layout in a temporary folder (notebooks/ and parameters/, with a small
synthetic authority), so notebooks can run from notebooks/ with their defaults as JupyterLab
runs them without writing into the repository's own outputs/."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_project(folder: Path, demo: bool = True, children: int = 60) -> Path:
    """FOLDER with notebooks/*.ipynb and parameters/ copied from the repository and, when DEMO,
    a small synthetic authority in outputs/demo/data (the demo folder the defaults open)."""
    from iro_audit import synth

    (folder / "notebooks").mkdir(parents=True)
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(nb, folder / "notebooks" / nb.name)
    shutil.copytree(ROOT / "parameters", folder / "parameters")
    if demo:
        synth.generate(folder / "outputs" / "demo" / "data", children=children, years=2, seed=3)
    return folder

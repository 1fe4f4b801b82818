"""Which data folder a notebook opens when its `data_dir` parameter is left at None.

A notebook's parameters cell holds literals only, so the default `data_dir = None` is resolved
here when the notebook runs:

1. the folder in the environment variable `IRO_AUDIT_DATA` (set by `iro-audit lab --data DIR`
   for every notebook of that JupyterLab session);
2. else the demo authority, `outputs/demo/data` in the project folder (made on first use).

A `data_dir` given to the notebook (by papermill, a parameter file or by hand) is used as it is.
"""
from __future__ import annotations

import os
from pathlib import Path

#: Set by `iro-audit lab --data DIR`: the folder every notebook of the session opens by default.
DATA_ENV = "IRO_AUDIT_DATA"
#: The demo authority, from the project folder.
DEMO_DATA = Path("outputs") / "demo" / "data"
#: The repository checkout the package was installed from (editable install), if any.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def is_project(folder: Path) -> bool:
    """FOLDER holds the toolkit's notebooks/ and parameters/ folders."""
    return (folder / "notebooks").is_dir() and (folder / "parameters").is_dir()


def project_root(cwd: str | Path | None = None) -> Path:
    """The project folder (the one holding notebooks/ and parameters/): the current folder, or
    its parent when a notebook runs in notebooks/ (as JupyterLab and papermill run it); else
    the package's own checkout; else the current folder."""
    here = Path(cwd) if cwd is not None else Path.cwd()
    here = here.resolve()
    for folder in (here, here.parent):
        if is_project(folder):
            return folder
    return PACKAGE_ROOT if is_project(PACKAGE_ROOT) else here


def session_data_dir() -> Path | None:
    """The folder `iro-audit lab --data` chose for this session (`IRO_AUDIT_DATA`), or None."""
    value = os.environ.get(DATA_ENV, "").strip()
    return Path(value).expanduser() if value else None


def demo_data_dir(cwd: str | Path | None = None) -> Path:
    """The demo authority's folder: outputs/demo/data in the project folder."""
    return project_root(cwd) / DEMO_DATA


def default_data_dir(data_dir=None, cwd: str | Path | None = None) -> Path:
    """DATA_DIR when given; else the session's folder (`IRO_AUDIT_DATA`); else the demo
    authority's folder."""
    if data_dir is not None and str(data_dir).strip():
        return Path(data_dir)
    return session_data_dir() or demo_data_dir(cwd)

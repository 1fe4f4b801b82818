"""Preparing and running one report (`iro-audit run`)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import ParameterError
from .execute import DEFAULT_KERNEL, ReportJob, ReportResult, check_kernel, execute_report
from .paramfile import (check_parameters, find_notebook, load_parameter_file, notebook_parameters,
                        notebook_title, paper_options)
from .rundir import claim_run_dir, new_run_dir

#: The repository checkout the package was installed from (editable install), if any.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def project_dir(sub: str) -> Path:
    """./SUB when the current directory has it, else the package checkout's SUB."""
    here = Path.cwd() / sub
    if here.is_dir():
        return here
    there = PACKAGE_ROOT / sub
    return there if there.is_dir() else here


def default_notebooks_dir() -> Path:
    return project_dir("notebooks")


def check_name(name: str, what: str = "run name") -> str:
    if not _NAME.match(name or ""):
        raise ParameterError(f"{what} {name!r} must be letters, digits, '.', '_' or '-' "
                             "(it becomes a folder or file name)")
    return name


def prepare_job(notebook: str | None, param_file: str | Path | None = None, *,
                overrides: list[tuple[str, dict]] | None = None, out_dir: str | Path,
                name: str | None = None, notebooks_dir: str | Path | None = None,
                kernel_name: str = DEFAULT_KERNEL, timeout: float | None = None,
                group: str | None = None, base_dir: str | Path | None = None,
                source_label: str | None = None, title: str | None = None,
                paper: list[tuple[str, dict]] | None = None, docx: bool = False,
                docx_template: str | Path | None = None) -> ReportJob:
    """Read and check everything for one report; raises ParameterError before anything runs.

    NOTEBOOK is a name in NOTEBOOKS_DIR (or a path); it may be None when PARAM_FILE names it.
    OVERRIDES is a list of (source label, mapping) applied over the parameter file in order.
    SOURCE_LABEL names the parameter file in messages and the index (default: its path). The
    report's TITLE is TITLE, else the parameter file's `title:`, else the notebook's first heading.
    The papers written (`formats`, `docx_template`): the parameter file's, then PAPER's layers
    (a batch's), then DOCX / DOCX_TEMPLATE from the command line (`paramfile.paper_options`).
    """
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    layers: list[tuple[str, dict]] = []
    paper_layers: list[tuple[str, dict]] = []
    label = source_label or (str(param_file) if param_file is not None else None)
    if param_file is not None:
        pf = load_parameter_file(param_file)
        title = title or pf.title
        paper_layers.append((label, pf.paper))
        if notebook is None:
            notebook = pf.notebook
        elif pf.notebook and Path(pf.notebook).stem != Path(str(notebook)).stem:
            raise ParameterError(f"{label} is for notebook '{pf.notebook}', not '{notebook}'")
        layers.append((label, pf.params))
    if notebook is None:
        raise ParameterError(f"{label}: say which notebook it is for (notebook: NAME)"
                             if param_file else "name a notebook to run")
    nb_path = find_notebook(notebook, notebooks_dir)
    layers.extend(overrides or [])
    declared = notebook_parameters(nb_path)
    params = check_parameters(nb_path, layers, base_dir=base_dir, declared=declared)
    formats, template = paper_options(paper_layers + list(paper or []), docx=docx,
                                      docx_template=docx_template, base_dir=base_dir)
    report = check_name(name or nb_path.stem, "report name")
    title = title or notebook_title(nb_path)
    window = {k: params.get(k, declared.get(k)) for k in ("start", "end", "as_at")
              if k in declared or k in params}
    if window.get("as_at") is None and window.get("end"):
        window["as_at"] = window["end"]          # the contract: as_at defaults to end
    return ReportJob(name=report, notebook=str(nb_path), parameters=params,
                     out_dir=str(Path(out_dir).resolve()), source=label,
                     title=title, group=group, kernel_name=kernel_name, timeout=timeout,
                     window=window, formats=formats, docx_template=template)


def run_report(notebook: str | None, param_file: str | Path | None = None, *,
               overrides: dict | None = None, out: str | Path = "outputs",
               name: str | None = None, notebooks_dir: str | Path | None = None,
               kernel_name: str = DEFAULT_KERNEL, timeout: float | None = None,
               overwrite: bool = False, docx: bool = False,
               docx_template: str | Path | None = None) -> tuple[ReportResult, Path]:
    """Run one report into OUT/NAME/ (NAME defaults to `<notebook>-<date>-<time>`, with `-2`,
    `-3` ... when taken) and write the folder's index.html. A NAME folder that is not empty is
    refused (ParameterError) unless OVERWRITE. Returns (result, index path); a failing
    notebook is a result with status "failed", not an exception. DOCX also writes the Word
    paper (`<report>.docx`, built from the HTML page), in DOCX_TEMPLATE's styles when given."""
    from .index import write_index

    layers = [("-p option", overrides)] if overrides else []
    # Plan first (all checks) with a placeholder folder, then claim the run's folder.
    job = prepare_job(notebook, param_file, overrides=layers, out_dir=out,
                      notebooks_dir=notebooks_dir, kernel_name=kernel_name, timeout=timeout,
                      docx=docx, docx_template=docx_template)
    if name is not None:
        check_name(name)
    check_kernel(kernel_name)
    run_dir = (claim_run_dir(Path(out) / name, overwrite) if name is not None
               else new_run_dir(out, job.name))
    run = run_dir.name
    job.out_dir = str(run_dir.resolve())
    result = execute_report(job)
    index = write_index(job.out_dir, [result], title=f"Reports: {run}", subtitle=f"run {run}")
    return result, index

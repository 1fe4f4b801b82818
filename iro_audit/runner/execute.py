"""Running one report: papermill (from Python, explicit kernel, cwd = the notebook's folder),
then the HTML export, into `outputs/<run>/<report>.{ipynb,html,json}`.

`execute_report(job)` never raises for a failing notebook: it returns a `ReportResult` with
status "failed" and a one-line error (exception name and message), keeping the partially
executed notebook, so a batch carries on with the other reports.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..atomic import replacing
from ..errors import IroAuditError

DEFAULT_KERNEL = "python3"
#: Kernel start-up can be slow on a busy two-core machine.
START_TIMEOUT = 120
#: Arguments for the kernel process: keep its own log (a start-up warning about TCP, the
#: "KeyboardInterrupt caught" that every shutdown provokes) off the user's console.
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class ReportJob:
    """Everything needed to run one report; plain data so it can go to another process."""

    name: str                       # report name: the stem of its output files
    notebook: str                   # absolute path of the .ipynb
    parameters: dict                # checked parameters (summary_path added by the runner)
    out_dir: str                    # absolute path of outputs/<run>/
    source: str | None = None       # the parameter file, for the index
    title: str | None = None
    group: str | None = None        # pack name (demo)
    kernel_name: str = DEFAULT_KERNEL
    timeout: float | None = None    # seconds per cell, None = no limit
    window: dict = field(default_factory=dict)   # effective start, end, as_at (for the index)
    formats: tuple = ("html",)      # papers to write: html always, "docx" a Word paper too
    docx_template: str | None = None   # a .docx whose styles the Word paper takes

    @property
    def summary_path(self) -> str:
        return str(Path(self.out_dir) / f"{self.name}.json")

    def files(self) -> dict:
        d = Path(self.out_dir)
        return {"notebook": d / f"{self.name}.ipynb", "html": d / f"{self.name}.html",
                "summary": d / f"{self.name}.json", "docx": d / f"{self.name}.docx"}


@dataclass
class ReportResult:
    name: str
    notebook: str
    status: str                     # "ok" or "failed"
    duration: float                 # seconds, execution + export
    error: str | None = None
    files: dict = field(default_factory=dict)   # notebook/html/summary/docx -> file name in out_dir
    warnings: list = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    source: str | None = None
    title: str | None = None
    group: str | None = None
    out_dir: str | None = None
    started: str | None = None
    window: dict = field(default_factory=dict)
    synthetic: bool = False         # made from synthetic data: pages carry the banner

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ReportResult":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


def describe_error(exc: BaseException) -> str:
    """One line for the console and the index: the notebook's exception name and message."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        where = f" (cell {exc.exec_count})" if exc.exec_count is not None else ""
        msg = _ANSI.sub("", str(exc.evalue or "")).strip()
        return f"{exc.ename}: {msg}{where}" if msg else f"{exc.ename}{where}"
    msg = _ANSI.sub("", str(exc)).strip()
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def check_kernel(kernel_name: str) -> None:
    """A clear error, before anything runs, when the Jupyter kernel is not installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        raise IroAuditError(
            f"no Jupyter kernel named '{kernel_name}'; install one with "
            f"`python3 -m ipykernel install --sys-prefix --name {kernel_name}`") from None


def _quiet_libraries() -> None:
    for name in ("papermill", "traitlets", "nbclient", "nbconvert", "asyncio"):
        logging.getLogger(name).setLevel(logging.ERROR)
    # Keep the kernel's debugger chatter off the console (Python 3.11 frozen-modules warning).
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def execute_report(job: ReportJob) -> ReportResult:
    """Run JOB's notebook with papermill and export it (HTML, and the Word paper built from
    that HTML when JOB.formats has "docx"); a failure is returned, not raised."""
    import papermill as pm

    from .export import export_html

    _quiet_libraries()
    out_dir = Path(job.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = job.files()
    for f in files.values():           # a re-run must not show a stale summary or page
        f.unlink(missing_ok=True)
    params = dict(job.parameters, summary_path=job.summary_path)
    started = dt.datetime.now().isoformat(timespec="seconds")
    t0 = time.perf_counter()
    error = None
    warnings: list = []
    try:
        # papermill saves the notebook as it goes: write it under a temporary name and rename
        # it into place at the end (a failed notebook is kept, with its error)
        with replacing(files["notebook"], keep_on_error=True) as tmp:
            pm.execute_notebook(
                job.notebook, str(tmp), parameters=params,
                kernel_name=job.kernel_name, cwd=str(Path(job.notebook).parent),
                progress_bar=False, log_output=False, start_timeout=START_TIMEOUT,
                execution_timeout=job.timeout, extra_arguments=KERNEL_ARGS,
            )
    except Exception as e:  # the notebook failed (or its kernel died): keep going
        error = describe_error(e)

    summary = None
    if files["summary"].exists():
        try:
            summary = json.loads(files["summary"].read_text(encoding="utf-8"))
        except ValueError as e:
            if error is None:
                warnings.append(f"the JSON summary is not valid JSON: {e}")
    elif error is None:
        warnings.append("the notebook wrote no JSON summary (summary_path)")
    synthetic = report_is_synthetic(job, summary)
    if files["notebook"].exists():
        try:
            export_html(files["notebook"], files["html"], title=job.title or job.name,
                        synthetic=synthetic)
        except Exception as e:
            warnings.append(f"HTML export failed: {describe_error(e)}")
    if "docx" in job.formats and files["html"].exists():
        from .word import write_docx

        try:
            write_docx(files["html"], files["docx"], template=job.docx_template,
                       title=job.title or job.name, synthetic=synthetic)
        except Exception as e:
            warnings.append(f"Word export failed: {describe_error(e)}")
    duration = time.perf_counter() - t0
    return ReportResult(
        name=job.name, notebook=job.notebook, status="ok" if error is None else "failed",
        duration=round(duration, 2), error=error,
        files={k: p.name for k, p in files.items() if p.exists()},
        warnings=warnings, parameters=params, source=job.source, title=job.title,
        group=job.group, out_dir=str(out_dir), started=started, window=dict(job.window),
        synthetic=synthetic,
    )


def report_is_synthetic(job: ReportJob, summary) -> bool:
    """Whether JOB's report was made from synthetic data: its JSON summary says so (the report
    knows what it loaded); without a summary (a failed report), whether its data folder does."""
    if isinstance(summary, dict):
        return summary.get("synthetic") is True
    from ..load.extract import folder_says_synthetic

    data_dir = job.parameters.get("data_dir")
    if data_dir is None:
        from .paramfile import notebook_parameters

        try:
            default = notebook_parameters(job.notebook).get("data_dir")
        except IroAuditError:
            return False
        if not isinstance(default, str):
            return False
        data_dir = Path(job.notebook).parent / default   # notebooks run in their own folder
    return folder_says_synthetic(data_dir)

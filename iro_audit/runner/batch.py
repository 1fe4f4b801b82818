"""Batches: a YAML list of reports run into one folder, one failure not stopping the others.

A batch file (`parameters/batch/*.yaml`)::

    title: Quarterly report pack
    formats: [html, docx]       # papers to write for every report (optional; html always)
    docx_template: templates/council.docx   # the Word paper's styles (optional)
    parameters:                 # shared overrides for every report (optional)
      start: 2026-01-01
      end: 2026-03-31
    reports:
      - parameters/quarterly_performance.yaml          # a parameter file
      - file: parameters/escalations.yaml              # or a mapping:
        name: escalations_q4                           #   output name (default: the notebook)
        title: Escalations, January to March           #   title in the index (optional)
        parameters: {suppress: true}                   #   this report's overrides
        formats: [html]                                #   this report's papers (optional)
      - notebook: voice_of_the_child                   # a notebook with its own defaults

Shared overrides may also be written at the top level (any key other than title, description,
reports, parameters, formats, docx_template), and a report's overrides beside `file:`. Later wins: the parameter file,
then the batch's shared overrides, then the report's own, then `-p` on the command line. Every
report is checked before the first one runs. Relative paths are read from the current
directory (see `paramfile`).
"""
from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParameterError
from .execute import DEFAULT_KERNEL, ReportJob, ReportResult, check_kernel, describe_error, execute_report
from .paramfile import PAPER_KEYS, check_formats, read_yaml, split_parameters
from .rundir import claim_run_dir, new_run_dir
from .single import check_name, prepare_job

BATCH_KEYS = ("title", "description", "reports", "parameters") + PAPER_KEYS
ENTRY_KEYS = ("file", "notebook", "name", "title", "parameters") + PAPER_KEYS


@dataclass
class BatchEntry:
    file: str | None
    notebook: str | None
    name: str | None
    overrides: dict
    label: str
    title: str | None = None
    paper: dict = field(default_factory=dict)     # this report's formats / docx_template


@dataclass
class Batch:
    path: Path
    title: str
    shared: dict
    entries: list
    paper: dict = field(default_factory=dict)     # every report's formats / docx_template


@dataclass
class BatchOutcome:
    run_dir: Path
    index: Path
    results: list

    @property
    def failed(self) -> list:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def load_batch_file(path: str | Path) -> Batch:
    path = Path(path)
    data = read_yaml(path, "batch file")
    shared_top = {k: v for k, v in data.items() if k not in BATCH_KEYS}
    shared = dict(shared_top)
    nested = data.get("parameters")
    if nested is not None:
        if not isinstance(nested, dict):
            raise ParameterError(f"{path}: 'parameters' must be a mapping of name: value")
        for k, v in nested.items():
            if k in shared:
                raise ParameterError(f"{path}: '{k}' is given twice (top level and under parameters)")
            shared[k] = v
    reports = data.get("reports")
    if not reports or not isinstance(reports, list):
        raise ParameterError(f"{path}: list the reports to run under 'reports:'")
    entries = []
    for i, item in enumerate(reports, start=1):
        label = f"{path} report {i}"
        if isinstance(item, str):
            entries.append(BatchEntry(item, None, None, {}, label))
            continue
        if not isinstance(item, dict):
            raise ParameterError(f"{label}: give a parameter file path or a mapping with file:")
        meta = {k: item[k] for k in ENTRY_KEYS if k in item and k != "parameters"}
        _, overrides = split_parameters({k: v for k, v in item.items() if k not in meta}, label)
        if not meta.get("file") and not meta.get("notebook"):
            raise ParameterError(f"{label}: give file: (a parameter file) or notebook:")
        paper = {k: meta[k] for k in PAPER_KEYS if k in meta}
        if paper.get("formats") is not None:
            check_formats(paper["formats"], label)
        entries.append(BatchEntry(meta.get("file"), meta.get("notebook"), meta.get("name"),
                                  overrides, label, meta.get("title"), paper))
    title = data.get("title") or path.stem
    paper = {k: data[k] for k in PAPER_KEYS if k in data}
    if paper.get("formats") is not None:
        check_formats(paper["formats"], str(path))
    return Batch(path, str(title), shared, entries, paper)


def plan_batch(batch: Batch, out_dir: str | Path, *, overrides: dict | None = None,
               notebooks_dir: str | Path | None = None, kernel_name: str = DEFAULT_KERNEL,
               timeout: float | None = None, group: str | None = None,
               base_dir: str | Path | None = None,
               overrides_label: str = "-p option", docx: bool = False,
               docx_template: str | Path | None = None) -> list[ReportJob]:
    """Check every report of BATCH (raising the first ParameterError) and return the jobs.
    DOCX / DOCX_TEMPLATE (the command line's) add the Word paper to every report."""
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    jobs = []
    for e in batch.entries:
        layers = []
        if batch.shared:
            layers.append((f"{batch.path} (shared parameters)", batch.shared))
        if e.overrides:
            layers.append((e.label, e.overrides))
        if overrides:
            layers.append((overrides_label, overrides))
        pfile = None
        if e.file:
            pfile = Path(e.file)
            if not pfile.is_absolute():
                pfile = base / pfile
            if not pfile.is_file():
                raise ParameterError(f"{e.label}: parameter file {e.file} does not exist "
                                     f"(looked for {pfile.resolve()})")
        paper = [(str(batch.path), batch.paper), (e.label, e.paper)]
        job = prepare_job(e.notebook, pfile, overrides=layers, out_dir=out_dir, name=e.name,
                          notebooks_dir=notebooks_dir, kernel_name=kernel_name, timeout=timeout,
                          group=group, base_dir=base,
                          source_label=str(e.file) if e.file else None, title=e.title,
                          paper=paper, docx=docx, docx_template=docx_template)
        jobs.append(job)
    seen: dict = {}
    for j in jobs:
        if (j.out_dir, j.name) in seen:
            raise ParameterError(f"{batch.path}: two reports would both be written as '{j.name}'; "
                                 "give one of them a name: in the batch file")
        seen[(j.out_dir, j.name)] = j
    return jobs


def _console(result: ReportResult) -> str:
    status = "ok    " if result.ok else "FAILED"
    where = f"{result.group}/" if result.group else ""
    line = f"  {status} {where}{result.name}  ({result.duration:.1f} s)"
    if result.error:
        line += f"  {result.error}"
    for w in result.warnings:
        line += f"\n         warning: {w}"
    return line


def run_jobs(jobs: list[ReportJob], n_jobs: int = 1, *, progress: bool = True,
             desc: str = "reports") -> list[ReportResult]:
    """Run JOBS, N_JOBS at a time (each in its own process and kernel), in any order; the
    results come back in the order of JOBS. A tqdm bar on stderr shows progress."""
    from tqdm import tqdm

    if n_jobs < 1:
        raise ParameterError("--jobs must be at least 1")
    results: list = [None] * len(jobs)
    bar = tqdm(total=len(jobs), desc=desc, unit="report", file=sys.stderr,
               disable=not progress or not jobs, dynamic_ncols=True)

    def done(i, result):
        results[i] = result
        if progress:
            tqdm.write(_console(result), file=sys.stderr)
        bar.update(1)

    try:
        if n_jobs == 1 or len(jobs) <= 1:
            for i, job in enumerate(jobs):
                bar.set_postfix_str(job.name, refresh=True)
                done(i, execute_report(job))
        else:
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=min(n_jobs, len(jobs)), mp_context=ctx) as pool:
                futures = {pool.submit(execute_report, job): i for i, job in enumerate(jobs)}
                try:
                    for fut in as_completed(futures):
                        i = futures[fut]
                        try:
                            result = fut.result()
                        except Exception as e:  # the worker process itself died
                            job = jobs[i]
                            result = ReportResult(name=job.name, notebook=job.notebook,
                                                  status="failed", duration=0.0,
                                                  error=describe_error(e), parameters=job.parameters,
                                                  source=job.source, title=job.title,
                                                  group=job.group, out_dir=job.out_dir,
                                                  window=dict(job.window))
                        done(i, result)
                except KeyboardInterrupt:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    finally:
        bar.close()
    return results


def run_batch(batch_file: str | Path, *, out: str | Path = "outputs", name: str | None = None,
              jobs: int = 1, overrides: dict | None = None,
              notebooks_dir: str | Path | None = None, kernel_name: str = DEFAULT_KERNEL,
              timeout: float | None = None, progress: bool = True,
              overwrite: bool = False, docx: bool = False,
              docx_template: str | Path | None = None) -> BatchOutcome:
    """Run every report of BATCH_FILE into OUT/NAME/ (NAME defaults to
    `<batch>-<date>-<time>`, with `-2`, `-3` ... when taken) and write the index once at the
    end. A NAME folder that is not empty is refused (ParameterError) unless OVERWRITE. DOCX
    adds a Word paper for every report (DOCX_TEMPLATE: in that template's styles)."""
    from .index import write_index

    batch = load_batch_file(batch_file)
    if name is not None:
        check_name(name)
    placeholder = (Path(out) / (name or Path(batch_file).stem)).resolve()
    planned = plan_batch(batch, placeholder, overrides=overrides, notebooks_dir=notebooks_dir,
                         kernel_name=kernel_name, timeout=timeout, docx=docx,
                         docx_template=docx_template)
    check_kernel(kernel_name)
    run_dir = (claim_run_dir(Path(out) / name, overwrite) if name is not None
               else new_run_dir(out, Path(batch_file).stem)).resolve()
    run = run_dir.name
    for job in planned:
        job.out_dir = str(run_dir)
    results = run_jobs(planned, jobs, progress=progress, desc=batch.title)
    index = write_index(run_dir, results, title=batch.title, subtitle=f"run {run}")
    return BatchOutcome(run_dir, index, results)

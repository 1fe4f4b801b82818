"""The launcher behind `notebooks/start_here.ipynb`: which notebook serves which job, and making
the paper of any report or pack from JupyterLab through the same runner as the command line
(papermill, HTML without code, index), into the runner's own default run folder.

    from iro_audit.runner import launcher
    launcher.job_table()                                   # the jobs, with links to notebooks
    done = launcher.run_from_notebook("s20_admissions", start="2026-02-01", end="2026-03-31")
    done.paths                                             # {"run_dir", "index", papers ...}

A report runs with its parameter file (`parameters/<report>.yaml`) when there is one, a pack
with its batch file (`parameters/batch/<pack>.yaml`); what is typed in the launcher wins, as
`-p` does on the command line. Relative paths are read from the project folder, as on the
command line and as JupyterLab's "Copy Path" gives them.
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..errors import ParameterError
from ..report.data_folder import project_root, session_data_dir
from .execute import DEFAULT_KERNEL


@dataclass(frozen=True)
class Job:
    job: str          # the job, in the service's words
    when: str
    run_as: str       # the name to give run_from_notebook: a report (notebook) or a pack


JOBS = (
    Job("Section 20 check: the children who came into care under section 20 in the two months, "
        "how long children stay, consent, what happened next, babies under 1, the exception list",
        "every two months", "s20_admissions"),
    Job("Dip sample: a random, repeatable sample of cases to audit, and the audit worksheet "
        "(cohort, size and seed in parameters/dip_sample.yaml)",
        "when planning an audit", "dip_sample"),
    Job("Dip sample findings: the completed worksheet read back: standards met, by theme, "
        "grades, cases to follow up (type worksheet=\"outputs/RUN/....xlsx\")",
        "when the audit is done", "dip_sample_findings"),
    Job("Quarterly pack for the Corporate Parenting Panel: the quality and assurance dashboard "
        "(every headline measure on one page), the scorecard, charts and exception lists, "
        "children placed with parents, Quality and Compliance forms, child protection plans "
        "and conferences",
        "every quarter", "quarterly"),
    Job("Annual report pack: the tables of the IRO annual report, the voice of the child, "
        "escalations, child protection plans and conferences", "once a year (April to March)",
        "annual"),
    Job("Thematic look: escalations and challenge", "any time", "escalations"),
    Job("Thematic look: the voice of the child in reviews", "any time", "voice_of_the_child"),
    Job("Thematic look: children placed with parents, with a case-audit sample", "any time",
        "placed_with_parents"),
    Job("Thematic look: Quality and Compliance forms, with a moderation sample", "any time",
        "qc_forms"),
    Job("Child protection plans and conferences: initial conferences in timescale, plans by "
        "category, the children to scrutinise, review conferences, participation, minutes, "
        "chairs' caseloads", "every quarter (in the quarterly and annual packs)", "cp_conferences"),
    Job("The quarterly scorecard on its own", "any time", "quarterly_performance"),
    Job("The annual report tables on their own", "any time", "annual_report"),
)


def packs(root: str | Path | None = None) -> dict:
    """{pack name: batch file} of parameters/batch/ in the project folder."""
    folder = Path(root or project_root()) / "parameters" / "batch"
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def pack_notebooks(batch_file: str | Path, root: str | Path) -> list[str]:
    """The notebooks a pack runs, in order."""
    from .batch import load_batch_file
    from .paramfile import load_parameter_file

    names = []
    for e in load_batch_file(batch_file).entries:
        if e.notebook:
            names.append(Path(e.notebook).stem)
            continue
        pfile = Path(root) / e.file
        nb = load_parameter_file(pfile).notebook if pfile.is_file() else None
        names.append(Path(nb or e.file).stem)
    return names


def jobs(root: str | Path | None = None):
    """The job table: one row per job (JOB, WHEN, NOTEBOOKS, RUN_AS, KIND = report or pack)."""
    import pandas as pd

    root = Path(root or project_root())
    pk = packs(root)
    rows = []
    for j in JOBS:
        kind = "pack" if j.run_as in pk else "report"
        notebooks = pack_notebooks(pk[j.run_as], root) if kind == "pack" else [j.run_as]
        rows.append({"JOB": j.job, "WHEN": j.when, "NOTEBOOKS": notebooks, "RUN_AS": j.run_as,
                     "KIND": kind})
    return pd.DataFrame(rows, columns=["JOB", "WHEN", "NOTEBOOKS", "RUN_AS", "KIND"])


def _href(path: Path, base: Path) -> str:
    """PATH as a link from BASE (the notebook's folder): JupyterLab opens relative links itself."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:          # another drive (Windows)
        return path.resolve().as_uri()


def job_table(root: str | Path | None = None):
    """The job table as a Block: each job, how often, its notebook(s) (links) and the name to
    type in the launcher to make its paper."""
    from ..report.blocks import Block

    root = Path(root or project_root())
    df = jobs(root)
    here = Path.cwd()
    rows = []
    for r in df.itertuples(index=False):
        links = ", ".join(f'<a href="{escape(_href(root / "notebooks" / f"{nb}.ipynb", here))}">'
                          f"{escape(nb)}</a>" for nb in r.NOTEBOOKS)
        what = "pack of " + str(len(r.NOTEBOOKS)) + " reports" if r.KIND == "pack" else "report"
        rows.append(f"<tr><td>{escape(r.JOB)}</td><td>{escape(r.WHEN)}</td><td>{links}</td>"
                    f'<td><code>report = "{escape(r.RUN_AS)}"</code> ({what})</td></tr>')
    html = ('<table class="iro-jobs"><thead><tr><th>Job</th><th>When</th>'
            "<th>Notebook to open and run by hand</th><th>To make the paper here, type</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")
    return Block(html, data={"jobs": df})


# --------------------------------------------------------------------------- planning a run

@dataclass
class Launch:
    """What run_from_notebook will run: a report (with its parameter file, if any) or a pack
    (its batch file), and the values typed in the launcher (overrides)."""

    kind: str                 # "report" or "pack"
    name: str
    file: Path | None         # parameter file (report) or batch file (pack)
    overrides: dict = field(default_factory=dict)
    root: Path = field(default_factory=Path.cwd)


def _iso(key: str, value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        raise ParameterError(f"{key} {value} is a date and time; give a date such as \"2026-03-31\"")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ParameterError(f"{key} {value!r} is not a date; give an ISO date such as \"2026-03-31\"")


def _folder(value, root: Path) -> str:
    """A data folder typed in the launcher: as typed from the notebook's folder if it is there,
    else from the project folder; absolute either way."""
    p = Path(str(value)).expanduser()
    if p.is_absolute():
        return str(p)
    here = Path.cwd() / p
    return str((here if here.exists() else root / p).resolve())


def plan_launch(report: str, start=None, end=None, *, as_at=None, data_dir=None, suppress=None,
                extract_date=None, root: str | Path | None = None, **parameters) -> Launch:
    """Which report or pack REPORT names, with which overrides. START, END, AS_AT,
    EXTRACT_DATE, SUPPRESS and PARAMETERS are passed only when given (not None); DATA_DIR
    defaults to the session's folder (`iro-audit lab --data`) when there is one, else the
    parameter file's. Raises ParameterError for a name that is neither a report nor a pack."""
    from .paramfile import find_notebook

    root = Path(root or project_root()).resolve()
    if not isinstance(report, str) or not report.strip():
        raise ParameterError("report: type the name of a report or pack, e.g. \"s20_admissions\"")
    name = report.strip()
    overrides = {k: v for k, v in parameters.items() if v is not None}
    for key, value in (("start", start), ("end", end), ("as_at", as_at),
                       ("extract_date", extract_date)):
        if value is not None:
            overrides[key] = _iso(key, value)
    if suppress is not None:
        overrides["suppress"] = bool(suppress)
    folder = data_dir if data_dir is not None else session_data_dir()
    if folder is not None:
        overrides["data_dir"] = _folder(folder, root)
    pk = packs(root)
    if name in pk:
        return Launch("pack", name, pk[name], overrides, root)
    try:
        nb = find_notebook(name, root / "notebooks")
    except ParameterError:
        choices = sorted({j.run_as for j in JOBS} | set(pk))
        raise ParameterError(f"report: no report or pack called {name!r}; choose one of "
                             f"{', '.join(choices)}") from None
    pfile = root / "parameters" / f"{nb.stem}.yaml"
    return Launch("report", nb.stem, pfile if pfile.is_file() else None, overrides, root)


# --------------------------------------------------------------------------- running it

@dataclass
class Paper:
    title: str
    ok: bool
    html: Path | None          # the paper (HTML without code)
    notebook: Path | None      # the executed notebook
    error: str | None = None


@dataclass
class Launched:
    """A finished run: the run folder, its index and each report's paper. Displayed in a
    notebook it links the papers (from the notebook's folder)."""

    launch: Launch
    run_dir: Path
    index: Path
    papers: list
    link_base: Path = field(default_factory=Path.cwd)

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.papers)

    @property
    def paths(self) -> dict:
        """The output paths: run_dir, index, and each paper's HTML (None if it failed)."""
        return {"run_dir": self.run_dir, "index": self.index,
                "papers": [p.html for p in self.papers]}

    def _repr_html_(self) -> str:
        n_ok = sum(p.ok for p in self.papers)
        head = (f"{n_ok} of {len(self.papers)} reports made" if self.launch.kind == "pack"
                else ("Report made" if self.ok else "The report failed"))
        colour = "#1d5e1d" if self.ok else "#8a1c24"
        items = []
        for p in self.papers:
            if p.ok and p.html is not None:
                items.append(f'<li><a href="{escape(_href(p.html, self.link_base))}" '
                             f'target="_blank">{escape(p.title)}</a> '
                             f'<span style="color:#555">({escape(str(p.html))})</span></li>')
            else:
                where = (f' (the executed notebook shows where: <a href="'
                         f'{escape(_href(p.notebook, self.link_base))}">{escape(p.notebook.name)}'
                         "</a>)") if p.notebook is not None else ""
                items.append(f"<li>{escape(p.title)}: <b>failed</b>: "
                             f"<code>{escape(p.error or 'unknown error')}</code>{where}</li>")
        return (f'<div><p style="font-weight:bold;color:{colour}">{escape(head)}: open the '
                "paper below (it holds no code and opens offline).</p><ul>" + "".join(items)
                + f'</ul><p>Every paper of this run: <a href="{escape(_href(self.index, self.link_base))}"'
                f' target="_blank">index.html</a> in {escape(str(self.run_dir))}</p></div>')

    def __repr__(self) -> str:
        lines = [f"{p.title}: {p.html if p.ok else 'FAILED: ' + str(p.error)}" for p in self.papers]
        return "\n".join(lines + [f"index: {self.index}"])


@contextmanager
def _working_dir(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def _paper(result) -> Paper:
    out = Path(result.out_dir)
    html = out / result.files["html"] if result.files.get("html") else None
    nb = out / result.files["notebook"] if result.files.get("notebook") else None
    return Paper(result.title or result.name, result.ok, html if result.ok else None, nb,
                 result.error)


def run_from_notebook(report: str, start=None, end=None, *, as_at=None, data_dir=None,
                      suppress=None, extract_date=None, jobs: int = 1,
                      kernel_name: str = DEFAULT_KERNEL, root: str | Path | None = None,
                      **parameters) -> Launched:
    """Make the paper of REPORT (a report or a pack, see `job_table`) for START..END with the
    same runner as `iro-audit run` / `iro-audit batch`, into the project's outputs/ folder
    under the runner's default run name. Other keyword arguments are report parameters (e.g.
    worksheet="outputs/RUN/s20_2026-03-31_seed4521.xlsx"). Returns the run folder, its index
    and the papers; a failed report is shown as failed, not raised."""
    from .batch import run_batch
    from .single import run_report

    link_base = Path.cwd()
    launch = plan_launch(report, start, end, as_at=as_at, data_dir=data_dir, suppress=suppress,
                         extract_date=extract_date, root=root, **parameters)
    out = launch.root / "outputs"
    with _working_dir(launch.root):      # relative paths read from the project folder
        if launch.kind == "pack":
            outcome = run_batch(launch.file, out=out, jobs=jobs, overrides=launch.overrides,
                                notebooks_dir=launch.root / "notebooks", kernel_name=kernel_name)
            results, run_dir, index = outcome.results, outcome.run_dir, outcome.index
        else:
            result, index = run_report(launch.name, launch.file, overrides=launch.overrides,
                                       out=out, notebooks_dir=launch.root / "notebooks",
                                       kernel_name=kernel_name)
            results, run_dir = [result], Path(result.out_dir)
    return Launched(launch, Path(run_dir), Path(index), [_paper(r) for r in results], link_base)


def about_session(root: str | Path | None = None):
    """A Block saying which data folder the notebooks open this session and where papers go."""
    from ..report.blocks import Block
    from ..report.data_folder import DATA_ENV, default_data_dir

    root = Path(root or project_root())
    session = session_data_dir()
    folder = default_data_dir(None, cwd=Path.cwd())
    if session is not None:
        how = (f"chosen with <code>iro-audit lab --data</code> ({DATA_ENV}). Papers made below "
               "use it too.")
    else:
        how = ("the synthetic demo authority: no real children. Papers made below use the "
               "<code>data_dir</code> of each report's parameter file in <code>parameters/</code>"
               ", the demo authority until it is changed. For an extract, start JupyterLab "
               "with <code>iro-audit lab --data FOLDER</code>.")
    return Block(f"<p>Notebooks open <b>{escape(str(folder))}</b> by default in this session: "
                 f"{how} Papers go to <b>{escape(str(root / 'outputs'))}</b>, one folder per "
                 "run.</p>",
                 data={"data_dir": folder, "session": session, "outputs": root / "outputs"})

"""The demo: a synthetic local authority and every report pack run on it (`iro-audit demo`).

1. `OUT/data` is made with `iro_audit.synth.generate(OUT/data, children=N, years=5, seed=1)`
   unless it already holds files (delete the folder to make it again).
2. The packs `parameters/batch/quarterly.yaml`, `annual.yaml` and `s20_bimonthly.yaml` run
   together (N at a time), each into `OUT/<pack>/` with its own index, with `data_dir` pointing at
   the synthetic data. A report whose parameter file or notebook does not exist yet is skipped
   with a note, so the demo runs whatever notebooks exist.
   The quarterly and annual packs include the child protection report (`cp_conferences`),
   whose sections say so in words when the data hold no CIN census.
3. `OUT/index.html` links every report of every pack, the quality and assurance dashboard
   (`qa_dashboard`, first in the quarterly pack: its tiles link to the reports beside it in
   `OUT/quarterly/`) at the top.

An OUT that already holds an earlier demo's reports is refused unless `overwrite` (the data
folder alone does not count: the demo reuses it).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from ..errors import IroAuditError
from .batch import BatchOutcome, load_batch_file, plan_batch, run_jobs
from .execute import DEFAULT_KERNEL, check_kernel
from .index import write_index
from .paramfile import find_notebook, load_parameter_file
from .rundir import claim_run_dir
from .single import default_notebooks_dir, project_dir

PACKS = ("quarterly", "annual", "s20_bimonthly")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def make_demo_data(data_dir: Path, children: int = 500, years: int = 5, seed: int = 1,
                   generate=None) -> bool:
    """Make the synthetic authority in DATA_DIR unless it already holds files; True if made."""
    if data_dir.is_dir() and any(data_dir.iterdir()):
        return False
    if generate is None:
        try:
            from ..synth import generate
        except ImportError as e:
            raise IroAuditError(
                f"cannot make the synthetic authority: iro_audit.synth is not available ({e}); "
                f"put a data extract in {data_dir} to run the demo on it") from None
    tmp = data_dir.with_name(data_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _say(f"Making a synthetic local authority ({children} children, {years} years) in {data_dir} ...")
    try:
        generate(tmp, children=children, years=years, seed=seed)
    except Exception:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if data_dir.exists():
        data_dir.rmdir()  # empty (checked above)
    tmp.rename(data_dir)
    return True


def _runnable(entry, base: Path, notebooks_dir: Path) -> tuple[str | None, str | None]:
    """(why ENTRY cannot run, or None; a note). An entry whose parameter file is missing runs
    the notebook of the same name with its defaults, if that notebook exists."""
    nb = entry.notebook
    if entry.file:
        pfile = Path(entry.file) if Path(entry.file).is_absolute() else base / entry.file
        if pfile.is_file():
            nb = nb or load_parameter_file(pfile).notebook or Path(entry.file).stem
        else:
            nb = nb or Path(entry.file).stem
            try:
                find_notebook(nb, notebooks_dir)
            except IroAuditError:
                return f"neither {entry.file} nor notebook {nb} exists yet", None
            entry.file, entry.notebook = None, nb
            return None, f"no parameter file {pfile.relative_to(base) if pfile.is_relative_to(base) else pfile}: {nb} runs with its own defaults"
    try:
        find_notebook(nb, notebooks_dir)
    except IroAuditError:
        return f"notebook {nb} not written yet", None
    return None, None


def run_demo(out: str | Path = "outputs/demo", children: int = 500, jobs: int = 2, *,
             years: int = 5, seed: int = 1, packs=PACKS, notebooks_dir: str | Path | None = None,
             batch_dir: str | Path | None = None, generate=None,
             kernel_name: str = DEFAULT_KERNEL, timeout: float | None = None,
             progress: bool = True, overwrite: bool = False, docx: bool = False,
             docx_template: str | Path | None = None) -> BatchOutcome:
    """The demo into OUT (see the module). OUT holding anything but `data` (an earlier demo's
    reports) is refused (ParameterError) unless OVERWRITE. DOCX adds a Word paper for every
    report (DOCX_TEMPLATE: in that template's styles)."""
    out = Path(out).resolve()
    data_dir = out / "data"
    notebooks_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    batch_dir = Path(batch_dir) if batch_dir else project_dir("parameters") / "batch"
    base = batch_dir.resolve().parent.parent   # the project folder holding parameters/batch

    # Check everything before making data or running anything.
    if docx_template is not None:   # a path given on the command line: from the current folder
        from .word import check_template

        docx_template = check_template(Path(docx_template).expanduser().resolve(),
                                       given=str(docx_template))
    planned = []   # (pack folder, title, jobs)
    skipped = []
    for pack in packs:
        path = batch_dir / f"{pack}.yaml"
        if not path.is_file():
            skipped.append(f"skipped {pack}: batch file {path} not found")
            continue
        batch = load_batch_file(path)
        keep = []
        for e in batch.entries:
            why, note = _runnable(e, base, notebooks_dir)
            if why:
                skipped.append(f"skipped {pack}: {why}")
            else:
                keep.append(e)
            if note:
                skipped.append(f"note {pack}: {note}")
        batch.entries = keep
        if keep:
            planned.append((pack, batch))
    if not planned:
        raise IroAuditError(f"no report notebooks to run: none of the packs "
                            f"({', '.join(packs)}) in {batch_dir} names a notebook that exists in "
                            f"{notebooks_dir}")
    check_kernel(kernel_name)
    claim_run_dir(out, overwrite, ignore={data_dir.name, data_dir.name + ".partial"})
    make_demo_data(data_dir, children=children, years=years, seed=seed, generate=generate)

    all_jobs = []
    for pack, batch in planned:
        pack_jobs = plan_batch(batch, out / pack, overrides={"data_dir": str(data_dir)},
                               notebooks_dir=notebooks_dir, kernel_name=kernel_name,
                               timeout=timeout, group=batch.title, base_dir=base, overrides_label="demo",
                               docx=docx, docx_template=docx_template)
        all_jobs.extend(pack_jobs)
    for s in skipped:
        _say(f"  {s}")
    results = run_jobs(all_jobs, jobs, progress=progress, desc="demo")

    for pack, batch in planned:
        mine = [r for r in results if Path(r.out_dir) == out / pack]
        write_index(out / pack, mine, title=batch.title, subtitle=f"demo, {pack}", merge=False)
    index = write_index(out, results, title="iro-audit demo: synthetic local authority",
                        subtitle=f"synthetic data in {data_dir}", merge=False)
    return BatchOutcome(out, index, results)

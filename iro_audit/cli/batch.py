"""`iro-audit batch`: a list of reports run into one folder, with an index."""
from __future__ import annotations

import argparse

from .run import add_common, add_param_option, overrides

HELP = "run a batch of reports (parameters/batch/*.yaml)"
DESCRIPTION = """\
Run every report a batch file lists into outputs/<run>/ and write index.html.

  iro-audit batch parameters/batch/quarterly.yaml --jobs 2

Every report is checked before the first one runs. A failing report does not stop the others:
it is kept (its partly executed notebook and its error), shown as failed in the index, and the
batch exits 1. -p overrides apply to every report. --docx (or `formats: [html, docx]` in the
batch file) writes a Word paper beside each HTML report. A --name folder that is not empty is refused
unless --overwrite."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("batch_file", metavar="BATCH.yaml", help="batch file (parameters/batch/*.yaml)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="reports to run at once, each in its own process and kernel (default: 1)")
    add_param_option(p)
    p.add_argument("--out", default="outputs", metavar="DIR", help="output folder (default: outputs)")
    p.add_argument("--name", default=None, metavar="RUN",
                   help="run folder name under --out (default: <batch>-<date>-<time>, unique)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_common(p)


def report(outcome) -> int:
    n = len(outcome.results)
    failed = outcome.failed
    print(f"{n - len(failed)} of {n} reports ok" + (f"; {len(failed)} failed:" if failed else ""))
    for r in failed:
        print(f"  {r.group + '/' if r.group else ''}{r.name}: {r.error}")
    print(f"Index: {outcome.index}")
    return outcome.exit_code


def run(args) -> int:
    from ..runner import run_batch

    outcome = run_batch(args.batch_file, out=args.out, name=args.name, jobs=args.jobs,
                        overrides=overrides(args.param), notebooks_dir=args.notebooks,
                        kernel_name=args.kernel, timeout=args.timeout,
                        progress=not args.no_progress, overwrite=args.overwrite,
                        docx=args.docx, docx_template=args.docx_template)
    return report(outcome)

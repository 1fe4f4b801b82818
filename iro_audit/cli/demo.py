"""`iro-audit demo`: a synthetic authority and every report pack run on it."""
from __future__ import annotations

import argparse

from .batch import report
from .run import add_common

HELP = "make a synthetic authority and run every report pack on it"
DESCRIPTION = """\
Make a synthetic local authority in <out>/data (if missing) and run the quarterly and annual
packs and the section 20 check on it (parameters/batch/quarterly.yaml, annual.yaml,
s20_bimonthly.yaml), then print where index.html is. No real data needed. A demo folder that already holds an
earlier demo's reports is refused unless --overwrite (its data folder is reused either way)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="outputs/demo", metavar="DIR",
                   help="demo folder (default: outputs/demo)")
    p.add_argument("--children", type=int, default=500, help="children in the synthetic authority")
    p.add_argument("--seed", type=int, default=1, help="random seed of the synthetic authority")
    p.add_argument("-j", "--jobs", type=int, default=2, metavar="N",
                   help="reports to run at once (default: 2)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_common(p)


def run(args) -> int:
    from ..runner import run_demo

    outcome = run_demo(args.out, children=args.children, jobs=args.jobs, seed=args.seed,
                       notebooks_dir=args.notebooks, kernel_name=args.kernel, timeout=args.timeout,
                       progress=not args.no_progress, overwrite=args.overwrite,
                       docx=args.docx, docx_template=args.docx_template)
    return report(outcome)

"""`iro-audit run`: one report notebook, executed and exported into outputs/<run>/."""
from __future__ import annotations

import argparse
import os

HELP = "run one report notebook with a parameter file"
DESCRIPTION = """\
Run one report notebook with papermill and export it as HTML with no code in it.

  iro-audit run s20_admissions -f parameters/s20_admissions.yaml -p start 2026-03-01

The parameter file is checked first (unknown keys, bad dates, missing data folder or files);
nothing runs if it is wrong. Relative paths in it are read from the current directory.
Writes outputs/<run>/<report>.ipynb, .html, .json and index.html (and .docx with --docx, or
with `formats: [html, docx]` in the parameter file). The run folder is new
(<notebook>-<date>-<time>, -2 ... if taken); --name naming a folder that is not empty is
refused unless --overwrite."""


def add_common(p: argparse.ArgumentParser) -> None:
    """Options shared by run, batch and demo."""
    p.add_argument("--notebooks", metavar="DIR", default=None,
                   help="folder of report notebooks (default: ./notebooks)")
    p.add_argument("--kernel", default=os.environ.get("IRO_AUDIT_KERNEL", "python3"),
                   help="Jupyter kernel to run notebooks with (default: python3)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a notebook cell that runs longer than this (default: no limit)")
    p.add_argument("--docx", action="store_true",
                   help="also write each report as a Word paper (<report>.docx beside the HTML, "
                        "built from it: same headings, tables, charts and suppression)")
    p.add_argument("--docx-template", metavar="FILE.docx", default=None,
                   help="Word file whose styles, page set-up, header and footer the Word papers "
                        "take (its text is not copied); implies --docx")
    p.add_argument("--overwrite", action="store_true",
                   help="write into a run folder that already holds reports (those of the same "
                        "name are replaced; the others stay in its index). Without it a run "
                        "folder that is not empty is refused")


def add_param_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("KEY", "VALUE"), default=[],
                   help="override one parameter (VALUE read as YAML: 2026-03-31, true, 30); repeatable")


def overrides(pairs) -> dict:
    from ..runner import parse_cli_value
    return {k: parse_cli_value(v) for k, v in pairs}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("notebook", nargs="?", default=None,
                   help="report notebook name (e.g. s20_admissions); optional when the parameter "
                        "file names it")
    p.add_argument("-f", "--file", metavar="PARAMETERS.yaml", default=None,
                   help="parameter file (parameters/<report>.yaml)")
    add_param_option(p)
    p.add_argument("--out", default="outputs", metavar="DIR", help="output folder (default: outputs)")
    p.add_argument("--name", default=None, metavar="RUN",
                   help="run folder name under --out (default: <notebook>-<date>-<time>, unique)")
    add_common(p)


def run(args) -> int:
    from ..runner import run_report

    result, index = run_report(args.notebook, args.file, overrides=overrides(args.param),
                               out=args.out, name=args.name, notebooks_dir=args.notebooks,
                               kernel_name=args.kernel, timeout=args.timeout,
                               overwrite=args.overwrite, docx=args.docx,
                               docx_template=args.docx_template)
    if result.ok:
        print(f"{result.name}: ok ({result.duration:.1f} s)")
    else:
        print(f"{result.name}: FAILED ({result.duration:.1f} s): {result.error}")
    for w in result.warnings:
        print(f"  warning: {w}")
    print(f"Index: {index}")
    return 0 if result.ok else 1

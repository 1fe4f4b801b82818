"""`iro-audit` command line. Each subcommand lives in its own module of this package with
`HELP` (one line), `DESCRIPTION`, `add_arguments(parser)` and `run(args) -> int`.

User errors (`IroAuditError`) print a clear message and exit non-zero; no traceback reaches the
user for bad input. Set IRO_AUDIT_DEBUG=1 to see tracebacks while developing.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from .. import __version__
from ..errors import IroAuditError

# Order here is the order `iro-audit --help` lists them.
SUBCOMMANDS = ["check", "synth", "metrics", "run", "batch", "demo", "sample", "lab"]


def _load(name):
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:
        if e.name == f"{__name__}.{name}":
            return None  # not built yet
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iro-audit",
        description="Audit and performance toolkit for an Independent Reviewing Officer service.",
    )
    parser.add_argument("--version", action="version", version=f"iro-audit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        mod = _load(name)
        if mod is None:
            continue
        p = sub.add_parser(name, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP),
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 1
    try:
        return int(args._run(args) or 0)
    except IroAuditError as e:
        if os.environ.get("IRO_AUDIT_DEBUG"):
            raise
        print(f"iro-audit {args.command}: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`iro-audit synth`: write a synthetic local authority's data."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ParameterError as IroAuditError

HELP = "write a synthetic local authority (every table of the data contract)"
DESCRIPTION = """\
Write a synthetic local authority's data into a folder: the SSDA903 tables as one CSV per table
per collection year (episodes_2024.csv ...) and the IRO service tables (iros.xlsx,
review_records.csv ...); with --format xml, as a case-management system exports them: the
SSDA903 return as DfE XML, one file per collection year (ssda903_2024.xml), and the IRO service
tables as XLSX workbooks. Children have only IDs. The same seed gives the same files, byte for
byte; --children is roughly the number looked after at any one time.

--messy writes instead a small hand-made authority (13 children, two years' returns) whose
every row was chosen so its figures can be worked out by hand, carrying the mess a real extract
has: records keyed a day off their review or admission, an episode left open between two
returns, implausible years, an empty and a header-only table, personal-details columns under
odd headers (--children, --years, --seed and --end do not apply to it).

example:
  iro-audit synth --out data/synthetic --children 500 --years 5 --seed 1
  iro-audit synth --out data/messy --messy
"""


def add_arguments(p):
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write (created if needed)")
    p.add_argument("--children", type=int, default=500, metavar="N",
                   help="children looked after at any one time (default 500)")
    p.add_argument("--years", type=int, default=5, metavar="Y", help="collection years (default 5)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--end", default=None, metavar="YYYY-MM-DD",
                   help="last day of the data (default 2026-03-31)")
    p.add_argument("--format", choices=("csv", "xml"), default="csv",
                   help="csv: CSV files (default); xml: the 903 return as DfE XML per year, "
                        "the IRO service tables as XLSX")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--messy", action="store_true",
                   help="the small hand-made messy authority (iro_audit/synth/messy.py) instead")


def run(args) -> int:
    import pandas as pd

    from ..synth import xml as synth_xml
    from ..synth import DEFAULT_END, generate, is_own_file

    if args.end is not None:
        try:
            pd.Timestamp(args.end)
        except (ValueError, TypeError):
            raise IroAuditError(f"--end: '{args.end}' is not a date (expected YYYY-MM-DD)") from None
    if args.children < 1:
        raise IroAuditError(f"--children: {args.children} must be at least 1")
    if args.years < 1:
        raise IroAuditError(f"--years: {args.years} must be at least 1")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise IroAuditError(f"--out: {out} exists and is not a folder")
    if out.is_dir():
        # only an earlier synthetic run may be replaced: never mix synthetic and other files
        stray = sorted(p.name for p in out.iterdir() if not p.name.startswith(".")
                       and not (p.is_file() and (is_own_file(p.name) or synth_xml.is_own_file(p.name))))
        if stray:
            raise IroAuditError(f"--out: {out} holds other files ({', '.join(stray[:3])}"
                                f"{' ...' if len(stray) > 3 else ''}); choose an empty folder "
                                "or one an earlier `iro-audit synth` wrote")
    fmt = getattr(args, "format", "csv")
    if getattr(args, "messy", False):
        from ..synth.messy import generate_messy

        summary = generate_messy(out)
    elif fmt == "xml":
        summary = synth_xml.generate_xml(out, children=args.children, years=args.years, seed=args.seed,
                                         end=args.end or DEFAULT_END, progress=not args.quiet)
    else:
        synth_xml.remove_own_files(out)  # an earlier --format xml run: never both forms at once
        summary = generate(out, children=args.children, years=args.years, seed=args.seed,
                           end=args.end or DEFAULT_END, progress=not args.quiet)
    width = max(len(k) for k in summary)
    for name, rows in summary.items():
        print(f"{name:<{width}}  {rows:>9,}")
    print(f"written to {out}", file=sys.stderr)
    return 0

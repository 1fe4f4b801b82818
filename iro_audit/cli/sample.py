"""`iro-audit sample`: dip-sample size, draw (worksheet + manifest) and findings."""
from __future__ import annotations

import json

from ..errors import ParameterError

HELP = "dip samples: sample size, draw a seeded sample and its audit worksheet, read findings"
DESCRIPTION = """\
  iro-audit sample size --population 400 --margin 0.05 [--p 0.7]
      how many cases to audit for that margin of error (95% confidence)
  iro-audit sample size --population 400 --n 20
      the margin of error a sample of 20 gives
  iro-audit sample draw --data DIR --as-at 2026-03-31 --tool s20 --n 20 --seed 4521 --out DIR
      [--strata TEAM] [--allocation proportional|equal] [--legal-status V2 ...] [--team ...]
      draws the sample and writes the audit worksheet (XLSX) and its manifest (JSON); without
      --n the size comes from --margin (default 0.05)
  iro-audit sample findings --worksheet FILE --manifest FILE [--json]
      reads a completed worksheet and prints answer rates, themes, grades and cases to follow up

Audit tools (question sets) live in parameters/audit_tools/: s20, pwp, qc_moderation, cp_plans
(children on a child protection plan: --strata CATEGORY or DURATION_BAND)."""


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    s = sub.add_parser("size", help="sample size for a margin of error, or the margin a size gives")
    s.add_argument("--population", "-N", type=int, required=True, help="cases in the cohort")
    s.add_argument("--margin", type=float, default=None, help="margin of error, e.g. 0.05 (default)")
    s.add_argument("--n", type=int, default=None, help="a sample size: print the margin it gives")
    s.add_argument("--p", type=float, default=0.5, help="expected proportion (default 0.5)")
    s.add_argument("--confidence", type=float, default=0.95, help="default 0.95")

    d = sub.add_parser("draw", help="draw a seeded sample; write the worksheet and manifest")
    d.add_argument("--data", required=True, metavar="DIR", help="folder of CSV/XLSX/XML files")
    d.add_argument("--as-at", required=True, metavar="YYYY-MM-DD", help="the audit date")
    d.add_argument("--tool", required=True, help="question set: s20, pwp, qc_moderation, cp_plans or a YAML path")
    d.add_argument("--n", type=int, default=None, help="sample size (default: from --margin)")
    d.add_argument("--margin", type=float, default=None, help="margin of error when --n is not given (0.05)")
    d.add_argument("--p", type=float, default=0.5, help="expected proportion for the size (0.5)")
    d.add_argument("--seed", type=int, required=True, help="random seed (write it down: it redraws the sample)")
    d.add_argument("--strata", metavar="COLUMN", help="stratify by this column, e.g. TEAM or LS")
    d.add_argument("--allocation", choices=["proportional", "equal"], default="proportional")
    d.add_argument("--legal-status", nargs="+", metavar="LS")
    d.add_argument("--placement", nargs="+", metavar="PLACE")
    d.add_argument("--team", nargs="+")
    d.add_argument("--iro", nargs="+", metavar="IRO_ID")
    d.add_argument("--age-band", nargs="+", choices=["under 1", "1-4", "5-9", "10-15", "16+"])
    d.add_argument("--min-age", type=int, help="youngest age at the audit date (included)")
    d.add_argument("--max-age", type=int, help="oldest age at the audit date (included)")
    d.add_argument("--date-column", help="a date column to bound, e.g. PERIOD_START or RUN_START")
    d.add_argument("--date-from", metavar="YYYY-MM-DD", help="earliest date in --date-column (included)")
    d.add_argument("--date-to", metavar="YYYY-MM-DD", help="latest date in --date-column (included)")
    d.add_argument("--exclude", nargs="+", metavar="CHILD", help="children to leave out")
    d.add_argument("--column-map", metavar="FILE", help="YAML column map for a local export")
    d.add_argument("--params", metavar="FILE", help="metric parameter YAML (as for iro-audit metrics)")
    d.add_argument("--out", required=True, metavar="DIR", help="folder for the worksheet and manifest")

    f = sub.add_parser("findings", help="read a completed worksheet and print the findings")
    f.add_argument("--worksheet", required=True, metavar="FILE")
    f.add_argument("--manifest", required=True, metavar="FILE")
    f.add_argument("--tool", help="question set (default: the manifest's tool)")
    f.add_argument("--json", action="store_true", help="print the findings as JSON")


def _size(args) -> int:
    from ..sampling import describe_margin, describe_size

    if args.n is not None:
        if args.margin is not None:
            raise ParameterError("give --margin (to get a size) or --n (to get a margin), not both")
        print(describe_margin(args.n, args.population, args.p, args.confidence))
    else:
        print(describe_size(args.population, args.margin if args.margin is not None else 0.05,
                            args.p, args.confidence))
    return 0


def _draw(args) -> int:
    from ..load import build_dataset
    from ..params import load_params
    from ..sampling import draw, load_questions

    qs = load_questions(args.tool)
    ds = build_dataset(args.data, load_params(args.params), column_map=args.column_map)
    filters = {k: v for k, v in (("legal_status", args.legal_status), ("placement", args.placement),
                                 ("team", args.team), ("iro", args.iro),
                                 ("age_band", args.age_band), ("exclude", args.exclude),
                                 ("min_age", args.min_age), ("max_age", args.max_age),
                                 ("date_column", args.date_column), ("date_from", args.date_from),
                                 ("date_to", args.date_to)) if v is not None}
    drawn = draw(ds, qs, as_at=args.as_at, n=args.n, seed=args.seed, strata=args.strata,
                 allocation=args.allocation, margin=args.margin, p=args.p, out_dir=args.out,
                 **filters)
    m = drawn.manifest
    print(f"{qs.title}: cohort of {m['population']} case(s) at {m['as_at']}; drew {m['achieved']} "
          f"with seed {m['seed']}" + (f", by {args.strata} ({m['allocation']})" if args.strata else ""))
    if m["margin"] is not None:
        print(f"margin of error +/- {100 * m['margin']:.1f}% at 95% confidence (p = 0.5)")
    if m["allocations"]:
        print("allocations: " + ", ".join(f"{k} {v}" for k, v in m["allocations"].items()))
    print(f"worksheet: {drawn.worksheet_path}")
    print(f"manifest:  {drawn.manifest_path}   (sample {m['manifest_id']})")
    return 0


def _findings(args) -> int:
    from ..sampling import findings, format_findings, load_manifest, load_questions, read_worksheet

    manifest = load_manifest(args.manifest)
    qs = load_questions(args.tool or manifest["tool"])
    answers = read_worksheet(args.worksheet, manifest, qs)
    f = findings(answers, qs, manifest)
    print(json.dumps(f, indent=2, ensure_ascii=False) if args.json else format_findings(f))
    return 0


def run(args) -> int:
    action = getattr(args, "action", None)
    if action == "size":
        return _size(args)
    if action == "draw":
        return _draw(args)
    if action == "findings":
        return _findings(args)
    raise ParameterError("choose an action: size, draw or findings (see iro-audit sample --help)")

"""`iro-audit sample`: dip-sample size, draw (worksheet + manifest) and findings."""
from __future__ import annotations

import json

from ..errors import ParameterError

HELP = ("dip samples: sample size, draw and share a seeded sample, moderate, read the returned "
        "worksheets")
DESCRIPTION = """\
  iro-audit sample size --population 400 --margin 0.05 [--p 0.7]
      how many cases to audit for that margin of error (95% confidence)
  iro-audit sample size --population 400 --n 20
      the margin of error a sample of 20 gives
  iro-audit sample draw --data DIR --as-at 2026-03-31 --tool s20 --n 20 --seed 4521 --out DIR
      [--strata TEAM] [--allocation proportional|equal] [--legal-status V2 ...] [--team ...]
      draws the sample and writes the audit worksheet (XLSX) and its manifest (JSON); without
      --n the size comes from --margin (default 0.05)
      [--auditors FILE [--not-own-team]] shares the cases among auditors: one worksheet each
  iro-audit sample moderate --manifest FILE --share 0.2 --moderator ID --seed 7 [--worksheet F ...]
      draws a share of the audited cases (never the moderator's own) into a moderation worksheet
  iro-audit sample findings --manifest FILE --worksheet F [F ...] [--report-date D]
      [--previous FINDINGS.json] [--save FINDINGS.json] [--actions-xlsx FILE] [--json]
      reads the returned worksheets: progress per auditor, answer rates, themes, grades, cases
      to follow up, moderation agreement (kappa), actions by owner, change since last audit

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
    d.add_argument("--auditors", metavar="FILE",
                   help="CSV of auditors (AUDITOR, and IRO_ID, TEAM for IROs): share the cases "
                        "among them, one worksheet each")
    d.add_argument("--not-own-team", action="store_true",
                   help="with --auditors: no auditor gets a case of their own team")
    d.add_argument("--out", required=True, metavar="DIR", help="folder for the worksheet and manifest")

    f = sub.add_parser("findings", help="read returned worksheets: progress and findings")
    f.add_argument("--worksheet", required=True, nargs="+", metavar="FILE",
                   help="the returned worksheets (each auditor's, and the moderation one)")
    f.add_argument("--manifest", required=True, metavar="FILE")
    f.add_argument("--tool", help="question set (default: the manifest's tool)")
    f.add_argument("--report-date", metavar="YYYY-MM-DD",
                   help="actions due before this day are overdue (default: today)")
    f.add_argument("--previous", metavar="FINDINGS.json",
                   help="the last audit's findings (--save) to compare with")
    f.add_argument("--previous-manifest", metavar="FILE",
                   help="or the last audit's manifest (with --previous-worksheet)")
    f.add_argument("--previous-worksheet", nargs="+", metavar="FILE")
    f.add_argument("--save", metavar="FILE.json", help="write the findings as JSON (for --previous)")
    f.add_argument("--actions-xlsx", metavar="FILE.xlsx", help="write the actions as an XLSX tracker")
    f.add_argument("--json", action="store_true", help="print the findings as JSON")

    m = sub.add_parser("moderate", help="draw a moderation share of the audited cases")
    m.add_argument("--manifest", required=True, metavar="FILE")
    m.add_argument("--share", type=float, required=True, help="share of the audited cases, e.g. 0.2")
    m.add_argument("--moderator", required=True, metavar="ID", help="the moderator (never their own cases)")
    m.add_argument("--seed", type=int, required=True, help="random seed for the moderation draw")
    m.add_argument("--worksheet", nargs="+", metavar="FILE",
                   help="returned audit worksheets: draw only from the cases on them")
    m.add_argument("--out", metavar="DIR", help="folder for the moderation worksheet (default: the manifest's)")
    m.add_argument("--replace", action="store_true", help="draw again over a recorded moderation")


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

    if args.not_own_team and not args.auditors:
        raise ParameterError("--not-own-team needs --auditors")
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
                 auditors=args.auditors, not_own_team=args.not_own_team, **filters)
    m = drawn.manifest
    print(f"{qs.title}: cohort of {m['population']} case(s) at {m['as_at']}; drew {m['achieved']} "
          f"with seed {m['seed']}" + (f", by {args.strata} ({m['allocation']})" if args.strata else ""))
    if m["margin"] is not None:
        print(f"margin of error +/- {100 * m['margin']:.1f}% at 95% confidence (p = 0.5)")
    if m["allocations"]:
        print("allocations: " + ", ".join(f"{k} {v}" for k, v in m["allocations"].items()))
    if drawn.worksheets is not None:
        print("shared among auditors (loads): "
              + ", ".join(f"{a} {k}" for a, k in m["auditors"]["loads"].items()))
        for a, path in drawn.worksheets.items():
            print(f"worksheet for {a}: {path}")
    else:
        print(f"worksheet: {drawn.worksheet_path}")
    print(f"manifest:  {drawn.manifest_path}   (sample {m['manifest_id']})")
    return 0


def _findings(args) -> int:
    import datetime as dt

    from ..sampling import (cycle_findings, format_cycle, format_findings, load_manifest,
                            load_previous, load_questions, read_returns, write_tracker)

    manifest = load_manifest(args.manifest)
    qs = load_questions(args.tool or manifest["tool"])
    day = args.report_date or dt.date.today().isoformat()
    previous = None
    if args.previous and args.previous_manifest:
        raise ParameterError("give --previous or --previous-manifest, not both")
    if args.previous:
        previous = load_previous(args.previous)
    elif args.previous_manifest:
        if not args.previous_worksheet:
            raise ParameterError("--previous-manifest needs --previous-worksheet (its returned worksheets)")
        pm = load_manifest(args.previous_manifest)
        pqs = load_questions(pm["tool"])
        previous = cycle_findings(read_returns(args.previous_worksheet, pm, pqs), pqs, pm, day)
    ret = read_returns(args.worksheet, manifest, qs)
    f = cycle_findings(ret, qs, manifest, day, previous)
    if args.save:
        from pathlib import Path

        Path(args.save).parent.mkdir(parents=True, exist_ok=True)
        Path(args.save).write_text(json.dumps(f, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.actions_xlsx:
        write_tracker(f["actions"], args.actions_xlsx, manifest, day)
    print(json.dumps(f, indent=2, ensure_ascii=False) if args.json
          else format_findings(f) + "\n" + format_cycle(f))
    if not args.json:
        if args.save:
            print(f"\nfindings saved: {args.save}")
        if args.actions_xlsx:
            print(f"action tracker: {args.actions_xlsx}")
    return 0


def _moderate(args) -> int:
    from ..sampling import load_manifest, load_questions, moderate, read_returns

    audited = None
    if args.worksheet:
        m = load_manifest(args.manifest)
        ret = read_returns(args.worksheet, m, load_questions(m["tool"]))
        audited = list(ret.answers["CHILD"])
    rec = moderate(args.manifest, args.share, args.moderator, args.seed, audited=audited,
                   out_dir=args.out, replace=args.replace)
    print(f"moderation: {len(rec['ids'])} of {rec['eligible']} audited case(s) for "
          f"{rec['moderator']} (share {rec['share']:g}, seed {rec['seed']}"
          + (f"; {rec['excluded_own']} of the moderator's own left out" if rec["excluded_own"] else "")
          + (f"; {rec['excluded_iro']} of the moderator's children as IRO left out"
             if rec["excluded_iro"] else "")
          + ")")
    print(f"worksheet: {rec['path']}")
    print(f"recorded in {args.manifest}")
    return 0


def run(args) -> int:
    action = getattr(args, "action", None)
    if action == "size":
        return _size(args)
    if action == "draw":
        return _draw(args)
    if action == "findings":
        return _findings(args)
    if action == "moderate":
        return _moderate(args)
    raise ParameterError("choose an action: size, draw, moderate or findings "
                         "(see iro-audit sample --help)")

"""`iro-audit metrics`: every metric of `metrics.md` for a window, as JSON or a readable table."""
from __future__ import annotations

import json
import sys

from ..metrics import compute_all
from ..params import load_params, with_extract_date
from ..window import Window

HELP = "compute every metric for a window and print it as JSON or a table"
DESCRIPTION = """\
Load a data folder, compute every metric of metrics.md for the window START to END (both days
included; as-at date END unless --as-at is given) and print one JSON object whose keys nest as
metrics.md names them (a proportion is {n, d, pct, ci95}; a group whose table is absent is
null), or with --format table one line per metric, e.g.

  reviews.on_time   91.8% (1532/1668, 95% CI 90.4-93.1)

Data-quality problems are counted on stderr; `iro-audit check --data DIR` lists them. The data
folder's extract.yaml gives the extract date (deadlines after it are "not yet due") unless the
parameter file sets extract_date."""


def add_arguments(p) -> None:
    p.add_argument("--data", required=True, metavar="DIR", help="folder of CSV/XLSX/XML files")
    p.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="first day of the window")
    p.add_argument("--end", required=True, metavar="YYYY-MM-DD", help="last day of the window")
    p.add_argument("--as-at", metavar="YYYY-MM-DD", help="date for point-in-time metrics (default END)")
    p.add_argument("--params", metavar="FILE", help="metric parameter YAML (e.g. parameters/metrics.yaml)")
    p.add_argument("--format", choices=("json", "table"), default="json", help="output format (default json)")
    p.add_argument("--strict", action="store_true", help="stop (exit 2) on any data-quality problem")
    p.add_argument("--column-map", metavar="FILE", help="YAML column map for a local export")


def is_proportion(v) -> bool:
    return isinstance(v, dict) and set(v) == {"n", "d", "pct", "ci95"}


def format_value(v) -> str:
    """One metric value as text: a proportion as '91.8% (1532/1668, 95% CI 90.4-93.1)'."""
    if v is None:
        return "not available (table not supplied)"
    if is_proportion(v):
        if not v["d"]:
            return f"- ({v['n']}/{v['d']})"
        lo, hi = v["ci95"]
        return f"{v['pct']:.1f}% ({v['n']}/{v['d']}, 95% CI {lo:.1f}-{hi:.1f})"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def flatten(result: dict, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, text) for every metric, in order."""
    lines = []
    for k, v in result.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and not is_proportion(v):
            if v:
                lines += flatten(v, key + ".")
            else:
                lines.append((key, "none"))
        elif isinstance(v, list):
            if not v:
                lines.append((key, "none"))
            for item in v:
                if isinstance(item, dict) and "IRO_ID" in item:
                    per = item.get("per_fte")
                    per_txt = "no FTE" if per is None else f"{per:.1f} per FTE"
                    lines.append((f"{key}.{item['IRO_ID']}", f"{item.get('children')} children, {per_txt}"))
                elif isinstance(item, dict) and "CHAIR_ID" in item:
                    lines.append((f"{key}.{item['CHAIR_ID']}", f"{item.get('children')} children"))
                else:
                    lines.append((key, json.dumps(item)))
        else:
            lines.append((key, format_value(v)))
    return lines


def format_table(result: dict) -> str:
    rows = flatten(result)
    width = max((len(k) for k, _ in rows), default=0) + 2
    return "\n".join(f"{k:<{width}}{v}" for k, v in rows)


def run(args) -> int:
    from ..load import build_dataset
    from ..periods import all_problems

    params = load_params(args.params)
    window = Window.of(args.start, args.end, args.as_at)
    ds = build_dataset(args.data, params, strict=args.strict, column_map=args.column_map)
    params = with_extract_date(params, ds)   # --params extract_date, else the folder's extract.yaml
    result = compute_all(ds, window, params)
    problems = all_problems(ds)
    if problems is not None and len(problems):
        print(f"iro-audit metrics: {len(problems)} data-quality problem(s) in {args.data} "
              f"(rows set aside, values cleared or noted); run `iro-audit check --data {args.data}` "
              f"for the list", file=sys.stderr)
    if args.format == "table":
        print(f"Metrics for {window.label()}, as at {window.as_at:%-d %b %Y}")
        print(format_table(result))
    else:
        print(json.dumps(result, indent=2))
    return 0

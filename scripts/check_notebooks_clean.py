#!/usr/bin/env python3
"""Fail if a notebook in notebooks/ carries outputs or execution counts.

Committed report notebooks must be clean: outputs of a run hold information about children
and belong in outputs/ (never committed). CI runs this through tests/test_notebooks_clean.py.

    python scripts/check_notebooks_clean.py             # check notebooks/
    python scripts/check_notebooks_clean.py a.ipynb dir # check these files / folders
    python scripts/check_notebooks_clean.py --fix       # clear outputs and counts in place
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def notebooks(paths) -> list[Path]:
    found = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(q for q in sorted(p.rglob("*.ipynb")) if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            found.append(p)
    return found


def problems(path: Path) -> list[str]:
    """What makes PATH unclean, one line each (empty when clean)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"{path}: cannot be read as a notebook ({e})"]
    out = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            out.append(f"{path}: cell {i} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            out.append(f"{path}: cell {i} has execution count {cell['execution_count']}")
    return out


def clean(path: Path) -> bool:
    """Clear outputs and execution counts of PATH in place; True if it changed."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    new = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--fix", action="store_true", help="clear outputs and execution counts")
    args = ap.parse_args(argv)
    found = notebooks(args.paths or [ROOT / "notebooks"])
    if args.fix:
        for p in found:
            if clean(p):
                print(f"cleaned {p}")
        return 0
    bad = [line for p in found for line in problems(p)]
    for line in bad:
        print(line, file=sys.stderr)
    if bad:
        print(f"{len(bad)} problem(s): run `python scripts/check_notebooks_clean.py --fix` "
              "(or clear outputs in Jupyter) before committing", file=sys.stderr)
        return 1
    print(f"{len(found)} notebook(s) clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())

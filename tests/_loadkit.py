"""Helpers for the loader tests: copy the clean fixture folder and replace one file; find the
peer data."""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "load"
# shared/ sits beside the repository (CI clones the repo and puts a copy of shared/ next to it;
# a worktree has a ../shared link), so it is found from the repository root, never by an
# absolute path.
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PEER_DATA = SHARED / "peer-data"
PEER = PEER_DATA / "ssda903-fake"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def peer(path: Path = PEER) -> Path:
    """PATH (peer data) if present. Missing: the test fails under CI=true (peer data is part of
    CI, so a missing copy is a broken set-up, not a reason to skip) and is skipped elsewhere."""
    path = Path(path)
    if path.is_dir():
        return path
    message = (f"peer data {path} not found: shared/ must sit beside the repository "
               f"({REPO.parent})")
    if in_ci():
        pytest.fail(message + " (CI=true: peer-data tests must run, not skip)")
    pytest.skip(message)


def folder(tmp_path: Path, **files: str) -> Path:
    """The clean base folder in TMP_PATH, with each keyword a file name (``episodes_csv`` ->
    ``episodes.csv``) replaced by or added with the given text (None removes it)."""
    dest = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", dest)
    for key, text in files.items():
        name = key.replace("_csv", ".csv").replace("_txt", ".txt").replace("_pdf", ".pdf")
        if text is None:
            (dest / name).unlink()
        else:
            (dest / name).write_text(text.lstrip("\n"), encoding="utf-8")
    return dest


def only(problems: pd.DataFrame, rule: str) -> pd.DataFrame:
    return problems[problems["rule"] == rule].reset_index(drop=True)


def check_accounting(ds) -> None:
    """Every row read is kept, set aside (in problems) or replaced by a later return."""
    kept = pd.concat([df["_file"] for df in ds.tables.values()]).value_counts()
    p = ds.problems
    aside = p[p["action"] == "row set aside"].drop_duplicates(["file", "row"])["file"].value_counts()
    for r in ds.load_summary.itertuples(index=False):
        k, a = int(kept.get(r.file, 0)), int(aside.get(r.file, 0))
        assert r.rows_read == k + a + r.rows_stitched, (r.file, r.rows_read, k, a, r.rows_stitched)
        assert (r.rows_kept, r.rows_set_aside) == (k, a)


EPISODES_HEAD = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                 "HOME_POST,PL_POST,URN")
REVIEWS_HEAD = "CHILD,DOB,REVIEW,REVIEW_CODE"


def write_table(folder: Path, table: str, rows: list[dict], extra: dict | None = None) -> None:
    """FOLDER/<table>.csv with the contract's columns of TABLE (plus EXTRA columns, with EXTRA's
    values as the default) and one line per dict of ROWS (missing cells blank)."""
    from iro_audit.contract import TABLES

    cols = list(TABLES[table].column_names) + list(extra or {})
    with open(Path(folder) / f"{table}.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, (extra or {}).get(c, "")) for c in cols})

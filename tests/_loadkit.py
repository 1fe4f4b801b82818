"""Helpers for the loader tests: copy the clean fixture folder and replace one file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

FIXTURES = Path(__file__).parent / "fixtures" / "load"
PEER = Path("/work/shared/peer-data/ssda903-fake")


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

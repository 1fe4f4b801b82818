"""Quality and Compliance forms (`qc`, needs qc_forms), as `metrics.md` defines them.

- Reviews held in the window are those of `periods.care(ds).reviews` (deduplicated, matched to a
  period of care) not in a short-break period, dated in the window.
- `form_completion`: one row per review held, HAS_FORM when a qc form has the same CHILD and
  REVIEW (with several, the first form's FORM_ID and grade are shown; N_FORMS says how many).
- `review_forms`: every qc form for those reviews (the forms behind `by_grade` and `items`).
- `item_answers`: long, one row per form and item: FORM_ID, CHILD, REVIEW, ITEM, ANSWER (trimmed,
  upper-cased; YES/NO read as Y/N, N/A as NA), with YES (answer Y) and ANSWERED (Y or N) flags.
  Items are the form's columns beyond the contract's fixed ones and `_file`/`_row`, in file order.
  For each item n = Y answers and d = Y + N answers: NA and blank are left out of d.
"""
from __future__ import annotations

import pandas as pd

from ..contract import TABLES
from ..periods import care
from ._common import counts_by, proportion, proportion_of

FIXED = set(TABLES["qc_forms"].column_names) | {"_file", "_row"}
ANSWER_ALIASES = {"YES": "Y", "NO": "N", "N/A": "NA", "N.A.": "NA"}


def item_columns(forms: pd.DataFrame) -> list[str]:
    return [c for c in forms.columns if c not in FIXED]


def _reviews_held(ds, window) -> pd.DataFrame:
    rv = care(ds).reviews
    rv = rv[~rv["SHORT_BREAK"].astype(bool) & window.contains(rv["REVIEW"])]
    out = rv[["CHILD", "REVIEW", "PERIOD_START"]].copy()
    out["CHILD"] = out["CHILD"].astype(object)
    out["REVIEW"] = pd.to_datetime(out["REVIEW"]).astype("datetime64[ns]")
    return out.reset_index(drop=True)


def _forms(ds) -> pd.DataFrame:
    f = ds["qc_forms"].copy()
    f["CHILD"] = f["CHILD"].astype(object)
    f["REVIEW"] = pd.to_datetime(f["REVIEW"]).astype("datetime64[ns]")
    return f


def review_forms(ds, window, params) -> pd.DataFrame:
    """The qc forms (all columns) whose CHILD and REVIEW are a review held in the window."""
    held = _reviews_held(ds, window)[["CHILD", "REVIEW"]]
    return _forms(ds).merge(held, on=["CHILD", "REVIEW"], how="inner")


def form_completion(ds, window, params) -> pd.DataFrame:
    """Per review held: CHILD, REVIEW, PERIOD_START, HAS_FORM, N_FORMS, FORM_ID, IRO_ID,
    COMPLETED_DATE, OVERALL_GRADE."""
    held = _reviews_held(ds, window)
    f = _forms(ds)
    for c in ("IRO_ID", "COMPLETED_DATE", "OVERALL_GRADE"):
        if c not in f:
            f[c] = None
    n = f.groupby(["CHILD", "REVIEW"]).size().rename("N_FORMS").reset_index()
    first = f.drop_duplicates(["CHILD", "REVIEW"], keep="first")[
        ["CHILD", "REVIEW", "FORM_ID", "IRO_ID", "COMPLETED_DATE", "OVERALL_GRADE"]]
    rows = held.merge(n, on=["CHILD", "REVIEW"], how="left").merge(first, on=["CHILD", "REVIEW"], how="left")
    rows["N_FORMS"] = rows["N_FORMS"].fillna(0).astype("int64")
    rows["HAS_FORM"] = rows["N_FORMS"] > 0
    return rows[["CHILD", "REVIEW", "PERIOD_START", "HAS_FORM", "N_FORMS", "FORM_ID", "IRO_ID",
                 "COMPLETED_DATE", "OVERALL_GRADE"]]


def item_answers(ds, window, params) -> pd.DataFrame:
    forms = review_forms(ds, window, params)
    items = item_columns(forms)
    cols = ["FORM_ID", "CHILD", "REVIEW", "ITEM", "ANSWER", "YES", "ANSWERED"]
    if not items or forms.empty:
        return pd.DataFrame(columns=cols)
    long = forms[["FORM_ID", "CHILD", "REVIEW"] + items].astype({i: object for i in items}).melt(
        id_vars=["FORM_ID", "CHILD", "REVIEW"], value_vars=items, var_name="ITEM", value_name="ANSWER")
    ans = long["ANSWER"].astype("object")
    ans = ans.where(ans.notna(), None)
    txt = ans.astype(str).str.strip().str.upper()
    txt = txt.replace(ANSWER_ALIASES)
    long["ANSWER"] = txt.where(ans.notna() & txt.ne(""), None)
    long["YES"] = long["ANSWER"].eq("Y").fillna(False).astype(bool)
    long["ANSWERED"] = long["ANSWER"].isin(["Y", "N"]).astype(bool)
    return long[cols]


def summary(ds, window, params) -> dict | None:
    if not ds.has("qc_forms"):
        return None
    comp = form_completion(ds, window, params)
    forms = review_forms(ds, window, params)
    answers = item_answers(ds, window, params)
    items = {}
    for item in item_columns(forms):
        rows = answers[answers["ITEM"] == item]
        items[item] = proportion_of(rows, "YES", "ANSWERED") if len(rows) else proportion(0, 0)
    return {
        "completion": proportion_of(comp, "HAS_FORM"),
        "by_grade": counts_by(forms, "OVERALL_GRADE") if len(forms) else {},
        "items": items,
    }


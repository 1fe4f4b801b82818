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

import numpy as np
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


def _normalise(values: pd.Series) -> pd.Series:
    """Answers trimmed and upper-cased (YES/NO -> Y/N, N/A -> NA; blank -> None), worked out
    once per distinct value."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    u = pd.Series(uniques, dtype=object).astype(str).str.strip().str.upper().replace(ANSWER_ALIASES)
    u = u.where(u.ne(""), None).to_numpy(dtype=object)
    out = np.empty(len(codes), dtype=object)
    out[:] = None
    ok = codes >= 0
    out[ok] = u[codes[ok]]
    return pd.Series(out, index=values.index, dtype=object)


def _answers(forms: pd.DataFrame) -> pd.DataFrame:
    items = item_columns(forms)
    cols = ["FORM_ID", "CHILD", "REVIEW", "ITEM", "ANSWER", "YES", "ANSWERED"]
    if not items or forms.empty:
        return pd.DataFrame(columns=cols)
    k = len(forms)
    long = pd.DataFrame({
        "FORM_ID": np.tile(forms["FORM_ID"].to_numpy(dtype=object), len(items)),
        "CHILD": np.tile(forms["CHILD"].to_numpy(dtype=object), len(items)),
        "REVIEW": np.tile(forms["REVIEW"].to_numpy(), len(items)),
        "ITEM": pd.Categorical(np.repeat(np.arange(len(items)), k), ordered=False).rename_categories(items),
        "ANSWER": _normalise(pd.Series(np.concatenate(
            [forms[i].to_numpy(dtype=object) for i in items]) if items else [], dtype=object)),
    })
    long["YES"] = (long["ANSWER"] == "Y").to_numpy(dtype=bool)
    long["ANSWERED"] = long["YES"] | (long["ANSWER"] == "N").to_numpy(dtype=bool)
    return long[cols]


def item_answers(ds, window, params) -> pd.DataFrame:
    """Long: one row per form for a review held and per item (FORM_ID, CHILD, REVIEW, ITEM,
    ANSWER, YES, ANSWERED)."""
    return _answers(review_forms(ds, window, params))


def summary(ds, window, params) -> dict | None:
    if not ds.has("qc_forms"):
        return None
    comp = form_completion(ds, window, params)
    forms = review_forms(ds, window, params)
    answers = _answers(forms)
    items = {item: proportion(0, 0) for item in item_columns(forms)}
    if len(answers):
        for item, rows in answers.groupby("ITEM", sort=False, observed=True):
            items[item] = proportion_of(rows, "YES", "ANSWERED")
    return {
        "completion": proportion_of(comp, "HAS_FORM"),
        "by_grade": counts_by(forms, "OVERALL_GRADE") if len(forms) else {},
        "items": items,
    }


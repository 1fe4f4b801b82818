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
from ._common import counts_by, proportion_of
from ._mismatch import possible_mismatch

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


def _forms(ds, window) -> pd.DataFrame:
    """qc forms dated in the window (a form for a review held in the window has its date), so
    the joins below run on a window's forms, not every year's."""
    f = ds["qc_forms"]
    review = pd.to_datetime(f["REVIEW"]).astype("datetime64[ns]")
    inside = window.contains(review).to_numpy()
    f = f[inside].copy()
    f["CHILD"] = f["CHILD"].astype(object)
    f["REVIEW"] = review[inside].to_numpy()
    return f


def _review_forms(held: pd.DataFrame, forms: pd.DataFrame) -> pd.DataFrame:
    return forms.merge(held[["CHILD", "REVIEW"]], on=["CHILD", "REVIEW"], how="inner")


def review_forms(ds, window, params) -> pd.DataFrame:
    """The qc forms (all columns) whose CHILD and REVIEW are a review held in the window."""
    return _review_forms(_reviews_held(ds, window), _forms(ds, window))


def _completion(held: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:
    f = f.copy()
    for c in ("IRO_ID", "COMPLETED_DATE", "OVERALL_GRADE"):
        if c not in f:
            f[c] = None
    dup = f.duplicated(["CHILD", "REVIEW"], keep="first")
    first = f[~dup][["CHILD", "REVIEW", "FORM_ID", "IRO_ID", "COMPLETED_DATE", "OVERALL_GRADE"]]
    n = f[["CHILD", "REVIEW"]].value_counts().rename("N_FORMS").reset_index()
    rows = held.merge(first, on=["CHILD", "REVIEW"], how="left")
    rows = rows.merge(n, on=["CHILD", "REVIEW"], how="left") if dup.any() else rows.assign(
        N_FORMS=rows["FORM_ID"].notna().astype("int64"))
    rows["N_FORMS"] = rows["N_FORMS"].fillna(0).astype("int64")
    rows["HAS_FORM"] = rows["N_FORMS"] > 0
    return rows[["CHILD", "REVIEW", "PERIOD_START", "HAS_FORM", "N_FORMS", "FORM_ID", "IRO_ID",
                 "COMPLETED_DATE", "OVERALL_GRADE"]]


def form_completion(ds, window, params) -> pd.DataFrame:
    """Per review held: CHILD, REVIEW, PERIOD_START, HAS_FORM, N_FORMS, FORM_ID, IRO_ID,
    COMPLETED_DATE, OVERALL_GRADE, POSSIBLE_MISMATCH (for a review with no form, a note when an
    unmatched Q&C form of the child is dated within `mismatch_days` of it)."""
    rows = _completion(_reviews_held(ds, window), _forms(ds, window))
    rows["POSSIBLE_MISMATCH"] = possible_mismatch(ds, "qc_forms", rows["CHILD"], rows["REVIEW"],
                                                  ~rows["HAS_FORM"], params)
    return rows


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(per-row code index, normalised distinct answers): answers trimmed and upper-cased
    (YES/NO -> Y/N, N/A -> NA; blank -> None), worked out once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    u = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype(str).str.strip().str.upper()
    u = u.replace(ANSWER_ALIASES)
    return codes, u.where(u.ne(""), None).to_numpy(dtype=object)


def item_flags(forms: pd.DataFrame, item: str, with_answer: bool = True) -> pd.DataFrame:
    """One row per form for ITEM: FORM_ID, ANSWER, YES (Y), ANSWERED (Y or N) (only the two
    flags when WITH_ANSWER is false)."""
    codes, u = _codes(forms[item])
    is_y = np.append(u == "Y", False)[codes]           # code -1 (blank) picks the appended False
    is_n = np.append(u == "N", False)[codes]
    flags = {"YES": is_y, "ANSWERED": is_y | is_n}
    if not with_answer:
        return pd.DataFrame(flags)
    answer = np.append(u, None)[codes]
    return pd.DataFrame({"FORM_ID": forms["FORM_ID"].to_numpy(), "ANSWER": answer, **flags})


def _answers(forms: pd.DataFrame) -> pd.DataFrame:
    items = item_columns(forms)
    cols = ["FORM_ID", "CHILD", "REVIEW", "ITEM", "ANSWER", "YES", "ANSWERED"]
    if not items or forms.empty:
        return pd.DataFrame(columns=cols)
    parts = []
    for item in items:   # one pass per item column (a handful), not per row
        f = item_flags(forms, item)
        f.insert(1, "CHILD", forms["CHILD"].to_numpy(dtype=object))
        f.insert(2, "REVIEW", forms["REVIEW"].to_numpy())
        f.insert(3, "ITEM", item)
        parts.append(f)
    return pd.concat(parts, ignore_index=True)[cols]


def item_answers(ds, window, params) -> pd.DataFrame:
    """Long: one row per form for a review held and per item (FORM_ID, CHILD, REVIEW, ITEM,
    ANSWER, YES, ANSWERED)."""
    return _answers(review_forms(ds, window, params))


def summary(ds, window, params) -> dict | None:
    if not ds.has("qc_forms"):
        return None
    held = _reviews_held(ds, window)
    in_window = _forms(ds, window)
    comp = _completion(held, in_window)
    forms = _review_forms(held, in_window)
    items = {item: proportion_of(item_flags(forms, item, with_answer=False), "YES", "ANSWERED")
             for item in item_columns(forms)}
    return {
        "completion": proportion_of(comp, "HAS_FORM"),
        "by_grade": counts_by(forms, "OVERALL_GRADE") if len(forms) else {},
        "items": items,
    }


"""Children's participation in their reviews (`metrics.md`, Participation).

Over reviews held in the window (the same reviews as `reviews.held`): the share coded PN0 ...
PN7, and UNKNOWN for a blank or invalid code. A code is invalid when it is not one of PN0-PN7,
or when it contradicts the child's age at the review (PN0 is for a child under 4, PN1-PN7 for 4
and over: the data contract's rule, which the loader also applies by clearing the code).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..calendar import age_in_years
from ..contract import PARTICIPATION_CODES
from ._common import proportion
from .reviews import review_timeliness

UNKNOWN = "UNKNOWN"


def review_participation(ds, window, params) -> pd.DataFrame:
    """One row per review held in the window: CHILD, REVIEW, AGE (at the review), REVIEW_CODE
    (as recorded), CODE (PN0-PN7, or UNKNOWN for blank/invalid), VALID."""
    held = review_timeliness(ds, window, params)
    out = held[["CHILD", "REVIEW", "PERIOD_START", "REVIEW_NUMBER", "DOB", "REVIEW_CODE"]].copy()
    out["AGE"] = age_in_years(out["DOB"], out["REVIEW"])
    code = out["REVIEW_CODE"].astype("object")
    valid = code.isin(PARTICIPATION_CODES).to_numpy(dtype=bool)
    age = out["AGE"]
    known_age = age.notna().to_numpy(dtype=bool)
    under_4 = (age < 4).fillna(False).to_numpy(dtype=bool)
    is_pn0 = (code == "PN0").to_numpy(dtype=bool)
    age_clash = known_age & ((is_pn0 & ~under_4) | (~is_pn0 & under_4))
    valid = valid & ~age_clash
    out["VALID"] = valid
    out["CODE"] = np.where(valid, code.to_numpy(), UNKNOWN)
    return out.reset_index(drop=True)


def no_voice(ds, window, params) -> pd.DataFrame:
    """Reviews held in the window coded PN7: the child did not attend and no views were
    conveyed (an exception list for the voice-of-the-child report)."""
    rows = review_participation(ds, window, params)
    return rows[rows["CODE"] == "PN7"].reset_index(drop=True)


def summary(ds, window, params) -> dict | None:
    if not ds.has("reviews") or not ds.has("episodes"):
        return None
    rows = review_participation(ds, window, params)
    d = len(rows)
    counts = rows["CODE"].value_counts()
    return {code: proportion(int(counts.get(code, 0)), d)
            for code in (*PARTICIPATION_CODES, UNKNOWN)}

"""Where periods of care and runs begin, from episodes in order: the one definition shared by
`periods` (which derives periods and runs) and `load.matching` (which checks that an s20
agreement or placed-with-parents record matches a run's start, below the periods layer).

Definitions (`metrics.md`, Common terms), for episodes sorted by CHILD then DECOM:
- a period of care starts at a child's first episode, at an episode with RNE S, at an episode
  whose DECOM is not the previous episode's DEC, and after an episode whose REC is not X1;
- a short-break period is one all of whose episodes have LS V3 or V4;
- a run (s20: LS V2; placed with parents: PLACE P1) starts at an episode that qualifies, is not
  in a short-break period, and whose previous episode is in another period or does not qualify.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .contract import PLACED_WITH_PARENTS, SHORT_BREAK_LS, STILL_LOOKED_AFTER_REC

RUN_PREDICATES = {
    "s20": lambda ep: ep["LS"] == "V2",
    "pwp": lambda ep: ep["PLACE"] == PLACED_WITH_PARENTS,
}


def period_starts(ep: pd.DataFrame) -> pd.Series:
    """Per episode (CHILD, DECOM, RNE, DEC, REC; sorted by CHILD, DECOM): whether it begins a
    period of care."""
    same_child = ep["CHILD"].eq(ep["CHILD"].shift())
    return (~same_child
            | ep["RNE"].eq("S")
            | ~(ep["DECOM"].eq(ep["DEC"].shift()))
            | ~(ep["REC"].shift().eq(STILL_LOOKED_AFTER_REC)))


def period_ids(ep: pd.DataFrame) -> pd.Series:
    """Running period number (0-based) of each episode, in the order of EP."""
    return period_starts(ep).astype(np.int64).cumsum() - 1


def short_break(ep: pd.DataFrame, period_id: pd.Series) -> pd.Series:
    """Whether each episode is in a short-break period (all its episodes LS V3/V4)."""
    return ep["LS"].isin(SHORT_BREAK_LS).groupby(period_id).transform("all").astype(bool)


def run_starts(on: pd.Series, period_id: pd.Series) -> pd.Series:
    """Whether each episode begins a run, given ON (the episode qualifies and is not in a
    short-break period) and its PERIOD_ID."""
    prev_on = on.shift(fill_value=False) & period_id.eq(period_id.shift())
    return on & ~prev_on

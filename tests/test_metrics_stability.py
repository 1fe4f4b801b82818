"""Placement stability on hand-built episodes (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import stability
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2024-04-01", "2025-03-31")


def test_three_placements_with_one_in_progress_on_start():
    ds = make_dataset(episodes=[
        # A: in progress on 1 Apr, then P and B changes of carer: 3 placements
        ("A", "2023-01-01", "S", "C2", "U4", "2024-06-01", "X1"),
        ("A", "2024-06-01", "P", "C2", "U6", "2024-09-01", "X1"),
        ("A", "2024-09-01", "B", "C2", "U5", None, None),
        # B: the third change is a legal status change (RNE L): 2 placements
        ("B", "2023-01-01", "S", "C2", "U4", "2024-06-01", "X1"),
        ("B", "2024-06-01", "P", "C2", "U6", "2024-09-01", "X1"),
        ("B", "2024-09-01", "L", "C1", "U6", None, None),
        # C: first placement ended on the window's first day: not in progress on start: 2
        ("C", "2023-01-01", "S", "C2", "U4", "2024-04-01", "X1"),
        ("C", "2024-04-01", "P", "C2", "U6", "2024-09-01", "X1"),
        ("C", "2024-09-01", "P", "C2", "U5", None, None),
        # D: three placements but left care before the window's end: not in d
        ("D", "2024-04-01", "S", "C2", "U4", "2024-05-01", "X1"),
        ("D", "2024-05-01", "P", "C2", "U6", "2024-06-01", "X1"),
        ("D", "2024-06-01", "P", "C2", "U5", "2024-07-01", "E4A"),
        # SB: short breaks only: left out
        ("SB", "2024-04-01", "S", "V3", "U4", "2024-05-01", "X1"),
        ("SB", "2024-05-01", "P", "V4", "U6", None, None),
    ])
    out = stability.summary(ds, W, DEFAULTS)
    assert list(out) == ["three_plus_placements", "long_term"]
    assert out["three_plus_placements"]["n"] == 1 and out["three_plus_placements"]["d"] == 3
    rows = stability.placement_counts(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["PLACEMENTS_IN_WINDOW"].to_dict() == {"A": 3, "B": 2, "C": 2}
    assert rows["IN_PROGRESS_ON_START"].to_dict() == {"A": True, "B": True, "C": False}


def test_placements_of_a_second_period_count():
    ds = make_dataset(episodes=[
        ("A", "2024-05-01", "S", "C2", "U4", "2024-06-01", "E4A"),
        ("A", "2024-08-01", "S", "C2", "U4", "2024-09-01", "X1"),
        ("A", "2024-09-01", "P", "C2", "U5", None, None),
    ])
    rows = stability.placement_counts(ds, W, DEFAULTS)
    assert rows["PLACEMENTS_IN_WINDOW"].tolist() == [3] and rows["THREE_PLUS"].tolist() == [True]


def test_long_term_stability_at_30_and_24_months_and_age_16():
    # end 31 Mar 2025: - 30 months = 30 Sep 2022; - 24 months = 31 Mar 2023
    ds = make_dataset(
        header=[("L1", "2010-01-01"), ("L2", "2010-01-01"), ("L3", "2010-01-01"),
                ("L4", "2009-03-31"), ("L5", "2009-04-01"), ("L6", "2012-01-01")],
        episodes=[
            ("L1", "2022-09-30", "S", "C2", "U4", "2023-03-31", "X1"),   # 30 months exactly
            ("L1", "2023-03-31", "P", "C2", "U5", None, None),           # placed 24 months exactly
            ("L2", "2022-10-01", "S", "C2", "U4", None, None),           # a day short of 30 months
            ("L3", "2022-09-30", "S", "C2", "U4", "2023-04-01", "X1"),
            ("L3", "2023-04-01", "P", "C2", "U5", None, None),           # a day short of 24 months
            ("L4", "2020-01-01", "S", "C2", "U4", None, None),           # 16 on 31 Mar 2025
            ("L5", "2020-01-01", "S", "C2", "U4", None, None),           # 15 (16 the next day)
            ("L6", "2020-01-01", "S", "C2", "U4", "2024-01-01", "X1"),
            ("L6", "2024-01-01", "L", "C1", "U4", None, None),           # LS change: same placement
        ],
    )
    out = stability.summary(ds, W, DEFAULTS)
    assert out["long_term"]["d"] == 4 and out["long_term"]["n"] == 3
    rows = stability.long_term_stability(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["IN_COHORT"].to_dict() == {"L1": True, "L2": False, "L3": True, "L4": False,
                                           "L5": True, "L6": True}
    assert rows.loc[["L1", "L3", "L5", "L6"], "STABLE"].tolist() == [True, False, True, True]
    assert rows.loc["L6", "PLACEMENT_START"] == T("2020-01-01")
    assert rows.loc["L4", "AGE"] == 16 and rows.loc["L5", "AGE"] == 15

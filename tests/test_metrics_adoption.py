"""Adoption timeliness on hand-built episodes (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import adoption
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2024-04-01", "2025-03-31")

# 1 Jan 2023 + 426 days = 2 Mar 2024 (2023 has 365 days; 2024 is a leap year)
# 1 Jun 2023 + 121 days = 30 Sep 2023
EPISODES = [
    ("A", "2023-01-01", "S", "C2", "U4", "2023-06-01", "X1"),
    ("A", "2023-06-01", "L", "E1", "U4", "2024-03-02", "X1"),    # placement order
    ("A", "2024-03-02", "P", "E1", "A6", "2024-09-01", "E11"),   # placed on day 426
    ("B", "2023-01-01", "S", "C2", "U4", "2023-06-01", "X1"),
    ("B", "2023-06-01", "L", "E1", "U4", "2024-03-03", "X1"),
    ("B", "2024-03-03", "P", "E1", "A5", "2024-09-01", "E12"),   # day 427
    ("C", "2024-01-01", "S", "V2", "U4", "2024-02-01", "X1"),    # consent route, no E1
    ("C", "2024-02-01", "P", "V2", "A4", "2024-10-01", "E11"),
    ("D", "2023-01-01", "S", "E1", "A6", "2025-04-01", "E11"),   # adopted after the window
    ("E", "2023-01-01", "S", "E1", "A6", "2024-10-01", "E4A"),   # not an adoption
    ("F", "2023-01-01", "S", "E1", "U4", "2024-10-01", "E11"),   # adopted, no A3-A6, no ad1 row
]


def test_placed_within_426_and_matched_within_121_days():
    ds = make_dataset(episodes=EPISODES, ad1=[("A", "2023-09-30"), ("B", "2023-10-01"),
                                              ("C", "2024-01-15")])
    out = adoption.summary(ds, W, DEFAULTS)
    assert list(out) == ["adopted", "placed_within_426_days", "matched_within_121_days"]
    assert out["adopted"] == 4                                               # A B C F
    assert (out["placed_within_426_days"]["n"], out["placed_within_426_days"]["d"]) == (2, 4)
    assert (out["matched_within_121_days"]["n"], out["matched_within_121_days"]["d"]) == (1, 2)
    rows = adoption.adoptions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows.loc["A", "PLACED_DAYS"] == 426 and rows.loc["B", "PLACED_DAYS"] == 427
    assert rows.loc["A", "MATCHED_DAYS"] == 121 and rows.loc["B", "MATCHED_DAYS"] == 122
    assert rows.loc["A", "PLACEMENT_ORDER"] == T("2023-06-01")   # the first E1 episode
    assert rows["MATCH_ELIGIBLE"].to_dict() == {"A": True, "B": True, "C": False, "F": False}
    assert rows["PLACED_WITHIN_426"].to_dict() == {"A": True, "B": False, "C": True, "F": False}


def test_matched_is_null_without_ad1():
    ds = make_dataset(episodes=EPISODES)
    out = adoption.summary(ds, W, DEFAULTS)
    assert out["adopted"] == 4 and out["matched_within_121_days"] is None

"""Entering and leaving care, and UASC, on hand-built episodes (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import journeys
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2024-04-01", "2025-03-31")


def test_leaving_and_re_entering_is_two_occasions_one_child():
    ds = make_dataset(episodes=[
        ("A", "2024-05-01", "S", "C2", "U4", "2024-07-01", "E4A"),
        ("A", "2024-10-01", "S", "V2", "U6", None, None),
        ("B", "2024-04-01", "S", "V2", "U4", None, None),          # first day of the window
        ("C", "2024-03-31", "S", "C1", "U4", None, None),          # day before: not entering
        ("D", "2025-03-31", "S", "L1", "U6", None, None),          # last day
        ("SB", "2024-06-01", "S", "V3", "U4", "2024-06-03", "E8"),  # short break: left out
    ])
    out = journeys.entering_summary(ds, W, DEFAULTS)
    assert out == {"children": 3, "occasions": 4,
                   "by_legal_status": {"C2": 1, "L1": 1, "V2": 2},
                   "by_placement": {"U4": 2, "U6": 2}}
    rows = journeys.entering(ds, W, DEFAULTS)
    assert rows.loc[rows["CHILD"] == "A", "PERIOD_SEQ"].tolist() == [1, 2]


def test_ceased_children_and_reasons():
    ds = make_dataset(episodes=[
        ("A", "2024-05-01", "S", "C2", "U4", "2024-07-01", "E4A"),
        ("A", "2024-10-01", "S", "V2", "U6", None, None),
        ("E", "2023-01-01", "S", "C2", "U4", "2025-03-31", "E13"),  # ended on the last day
        ("F", "2023-01-01", "S", "C2", "U4", "2025-04-01", "E4A"),  # the day after: no
        ("G", "2024-04-10", "S", "C2", "U4", "2024-05-01", "E4B"),  # two periods ending
        ("G", "2024-06-01", "S", "C2", "U4", "2024-08-01", None),   # REC blank: UNKNOWN
        ("H", "2023-01-01", "S", "C2", "U4", "2024-03-31", "E8"),   # before the window
        ("SB", "2024-06-01", "S", "V3", "U4", "2024-06-03", "E8"),  # short break: left out
    ])
    out = journeys.ceased_summary(ds, W, DEFAULTS)
    assert out == {"children": 3, "by_reason": {"E13": 1, "E4A": 1, "E4B": 1, "UNKNOWN": 1}}


def test_uasc_looked_after_at_as_at():
    ds = make_dataset(
        episodes=[
            ("U1", "2024-01-01", "S", "C2", "U4", None, None),
            ("U2", "2024-01-01", "S", "C2", "U4", None, None),
            ("U3", "2024-01-01", "S", "C2", "U4", None, None),
            ("U4", "2024-01-01", "S", "C2", "U4", "2024-12-01", "E8"),   # no longer looked after
            ("U5", "2024-01-01", "S", "C2", "U4", None, None),           # not a UASC
        ],
        uasc=[("U1", None), ("U2", "2025-03-31"), ("U3", "2025-04-01"), ("U4", None)],
    )
    out = journeys.uasc_summary(ds, W, DEFAULTS)
    assert out == {"looked_after": 2}
    assert journeys.uasc_looked_after(ds, W, DEFAULTS)["CHILD"].tolist() == ["U1", "U3"]
    assert journeys.uasc_summary(make_dataset(episodes=[("U1", "2024-01-01", "S", "C2", "U4", None, None)]),
                                 W, DEFAULTS) is None

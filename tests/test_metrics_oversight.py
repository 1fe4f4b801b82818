"""Midway reviews, IRO visits and caseloads at as_at (answers worked by hand).

as_at = Tue 15 Oct 2024; as_at - 6 months = 15 Apr 2024; as_at - 12 months = 15 Oct 2023.
"Within the last N months" = after as_at - N months and on or before as_at."""
import pandas as pd

from iro_audit.metrics import oversight
from iro_audit.params import load_params
from iro_audit.testing import make_dataset
from iro_audit.window import Window

P = load_params()
W = Window.of("2024-04-01", "2024-10-15")
OPEN = lambda k, start, ls="C2": (k, start, "S", ls, "U4", None, None)  # noqa: E731


def ds():
    return make_dataset(
        episodes=[
            OPEN("M1", "2024-04-15"),              # began on as_at - 6 months: in the midway cohort
            OPEN("M2", "2024-04-16"),              # a day later: not in the cohort
            OPEN("M3", "2023-01-01"), OPEN("M4", "2023-01-01"), OPEN("M5", "2023-01-01"),
            OPEN("SB", "2023-01-01", "V3"),         # short break: left out
            ("M6", "2023-01-01", "S", "C2", "U4", "2024-09-01", "E4A"),  # left care
        ],
        midway_reviews=[
            ("M1", "2024-10-15"),   # on as_at: counts
            ("M3", "2024-04-15"),   # on as_at - 6 months: not within
            ("M4", "2024-04-16"),   # the day after: within
            ("M5", "2024-10-16"),   # after as_at: ignored
            ("SB", "2024-10-01"), ("M6", "2024-08-01"),
        ],
        iro_visits=[
            ("M1", "2024-04-16", "IN_PERSON"),   # within 6 and 12 months
            ("M2", "2024-04-15", "VIRTUAL"),     # on the 6-month edge: within 12 only
            ("M3", "2023-10-16", "IN_PERSON"),   # within 12 only
            ("M4", "2023-10-15", "IN_PERSON"),   # on the 12-month edge: neither
            ("M5", "2024-10-16", "IN_PERSON"),   # after as_at
            ("M5", "2022-01-01", "IN_PERSON"),
            ("SB", "2024-10-01", "IN_PERSON"),
        ],
    )


def test_midway_cohort_boundary_and_six_month_window():
    rows = oversight.midway_status(ds(), W, P).set_index("CHILD")
    assert rows["IN_COHORT"].to_dict() == {"M1": True, "M2": False, "M3": True, "M4": True, "M5": True}
    assert rows["MIDWAY_RECENT"].to_dict() == {"M1": True, "M2": False, "M3": False, "M4": True,
                                               "M5": False}
    assert pd.isna(rows.loc["M5", "LAST_MIDWAY"])
    s = oversight.midway_summary(ds(), W, P)
    assert (s["n"], s["d"], s["pct"]) == (2, 4, 50.0)
    assert oversight.no_midway(ds(), W, P)["CHILD"].tolist() == ["M3", "M5"]


def test_visits_within_6_and_12_months():
    rows = oversight.visit_status(ds(), W, P).set_index("CHILD")
    assert rows["VISITED_6M"][lambda s: s].index.tolist() == ["M1"]
    assert rows["VISITED_12M"][lambda s: s].index.tolist() == ["M1", "M2", "M3"]
    s = oversight.visits_summary(ds(), W, P)
    assert (s["within_6m"]["n"], s["within_6m"]["d"]) == (1, 5)
    assert (s["within_12m"]["n"], s["within_12m"]["d"]) == (3, 5)
    assert oversight.not_visited(ds(), W, P)["CHILD"].tolist() == ["M2", "M3", "M4", "M5"]


def test_absent_tables_give_none():
    d = make_dataset(episodes=[OPEN("M1", "2024-04-15")])
    s = oversight.summary(d, W, P)
    assert s == {"midway": None, "visits": None, "caseload": None}


def caseload_ds():
    eps, alloc = [], []
    for i in range(71):                       # I1, FTE 1.0: 71 children -> 71 per FTE, over 70
        eps.append(OPEN(f"A{i}", "2024-01-01"))
        alloc.append((f"A{i}", "I1", "2024-01-01", None))
    for i in range(34):                       # I2, FTE 0.5: 35 children -> 70.0, not over
        eps.append(OPEN(f"B{i}", "2024-01-01"))
        alloc.append((f"B{i}", "I2", "2024-01-01", None))
    eps += [OPEN("B34", "2024-01-01"), OPEN("X1", "2024-01-01"), OPEN("X2", "2024-01-01")]
    alloc += [("B34", "I2", "2024-01-01", "2024-10-15"),   # ends on as_at: still covers
              ("X1", "I2", "2024-01-01", "2024-10-14"),    # ended the day before
              ("X2", "I2", "2024-10-16", None),            # starts the day after
              ("A0", "I1", "2023-06-01", "2024-12-31")]    # a second allocation: counted once
    eps.append(OPEN("Y1", "2024-01-01"))
    alloc.append(("Y1", "I9", "2024-01-01", None))             # an IRO missing from the iros table
    eps.append(("GONE", "2024-01-01", "S", "C2", "U4", "2024-06-01", "E4A"))
    alloc.append(("GONE", "I1", "2024-01-01", None))           # not looked after at as_at
    for i in range(80):                       # I3, FTE 0: left out of the over-70 count
        eps.append(OPEN(f"C{i}", "2024-01-01"))
        alloc.append((f"C{i}", "I3", "2024-01-01", None))
    return make_dataset(
        episodes=eps, iro_allocations=alloc,
        iros=[("I1", "North", 1.0, "IRO"), ("I2", "North", 0.5, "IRO"), ("I3", "South", 0.0, "IRO"),
              ("I4", "South", 1.0, "IRO")],
    )


def test_caseload_over_70_per_fte_and_fte_zero_left_out():
    rows = oversight.caseloads(caseload_ds(), W, P).set_index("IRO_ID")
    assert rows["CHILDREN"].to_dict() == {"I1": 71, "I2": 35, "I3": 80, "I4": 0, "I9": 1}
    assert rows.loc["I2", "PER_FTE"] == 70.0 and pd.isna(rows.loc["I3", "PER_FTE"])
    s = oversight.caseload_summary(caseload_ds(), W, P)
    assert s["iros_over_70_per_fte"] == 1
    assert s["by_iro"] == [
        {"IRO_ID": "I1", "children": 71, "per_fte": 71.0},
        {"IRO_ID": "I2", "children": 35, "per_fte": 70.0},
        {"IRO_ID": "I3", "children": 80, "per_fte": None},
        {"IRO_ID": "I9", "children": 1, "per_fte": None},
    ]   # I4 has no child at as_at: not listed (a by_* group lists only what occurs)
    p = load_params(overrides={"caseload_threshold_per_fte": 69.9})
    assert oversight.caseload_summary(caseload_ds(), W, p)["iros_over_70_per_fte"] == 2


def test_caseload_without_iros_table_keeps_counts_and_nulls_fte_keys():
    d = caseload_ds()
    del d.tables["iros"]
    s = oversight.caseload_summary(d, W, P)
    assert s["iros_over_70_per_fte"] is None
    assert [(r["IRO_ID"], r["children"], r["per_fte"]) for r in s["by_iro"]] == [
        ("I1", 71, None), ("I2", 35, None), ("I3", 80, None), ("I9", 1, None)]

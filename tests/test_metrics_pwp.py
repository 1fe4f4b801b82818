"""Placed-with-parents metrics on hand-built episodes (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import pwp
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
# as_at 31 Dec 2024: - 12 months = 31 Dec 2023; - 18 months = 30 Jun 2023 (31 Jun clipped)
W = Window.of("2024-01-01", "2024-12-31")


def cohort():
    return make_dataset(episodes=[
        # A: at home under an interim order, then a full order: one run from 1 Jun 2023
        ("A", "2022-01-01", "S", "C1", "U4", "2023-06-01", "X1"),
        ("A", "2023-06-01", "P", "C1", "P1", "2023-09-01", "X1"),
        ("A", "2023-09-01", "L", "C2", "P1", None, None),
        ("B", "2023-12-31", "S", "C1", "P1", None, None),   # exactly as_at - 12 months
        ("C", "2024-01-01", "S", "C2", "P1", None, None),   # a day later; full order
        ("D", "2023-06-30", "S", "C1", "P1", None, None),   # exactly as_at - 18 months
        ("E", "2023-07-01", "S", "C1", "P1", None, None),   # a day later
        # F: started in the window, moved to foster care before as_at
        ("F", "2024-01-01", "S", "C1", "P1", "2024-06-01", "X1"),
        ("F", "2024-06-01", "P", "C1", "U4", None, None),
        # G: the period ended on as_at (end > as_at fails): not current
        ("G", "2024-02-01", "S", "C2", "P1", "2024-12-31", "E4A"),
    ])


def test_current_cohort_by_legal_status_and_duration():
    ds = cohort()
    out = pwp.summary(ds, W, DEFAULTS)
    assert list(out) == ["current", "current_over_12m", "current_over_18m", "current_full_order",
                         "started", "approved_before_placement"]
    assert out["current"] == 5                  # A B C D E
    assert out["current_over_12m"] == 4         # A B D E
    assert out["current_over_18m"] == 2         # A D
    assert out["current_full_order"] == 2       # A (C2 at as_at) and C
    assert out["started"] == 3                  # C F G
    assert out["approved_before_placement"] is None   # no pwp_records table
    cur = pwp.current(ds, W, DEFAULTS).set_index("CHILD")
    assert cur.loc["A", "START"] == T("2023-06-01")
    assert cur.loc["A", "FIRST_LS"] == "C1" and cur.loc["A", "LS_NOW"] == "C2"
    assert cur["FULL_ORDER"].to_dict() == {"A": True, "B": False, "C": True, "D": False, "E": False}
    assert cur["INTERIM_ORDER"].to_dict() == {"A": False, "B": True, "C": False, "D": True, "E": True}
    assert cur["OVER_12M"].to_dict() == {"A": True, "B": True, "C": False, "D": True, "E": True}
    assert cur["OVER_18M"].to_dict() == {"A": True, "B": False, "C": False, "D": True, "E": False}


def test_full_order_counts_status_at_as_at_not_later():
    ds = cohort()
    # on 31 Aug 2023 A was still on the interim order (C2 began 1 Sep 2023)
    w = Window.of("2023-01-01", "2023-08-31")
    cur = pwp.current(ds, w, DEFAULTS).set_index("CHILD")
    assert cur.loc["A", "LS_NOW"] == "C1" and not cur.loc["A", "FULL_ORDER"]
    w2 = Window.of("2023-01-01", "2023-09-01")
    assert pwp.current(ds, w2, DEFAULTS).set_index("CHILD").loc["A", "FULL_ORDER"]


def test_nominated_officer_approval_before_placement():
    ds = make_dataset(
        episodes=[
            ("G", "2024-05-01", "S", "C1", "P1", None, None),
            ("H", "2024-05-01", "S", "C1", "P1", None, None),
            ("I", "2024-06-01", "S", "C1", "P1", None, None),
            ("J", "2024-06-01", "S", "C1", "P1", None, None),
            ("K", "2023-06-01", "S", "C1", "P1", None, None),   # started before the window
        ],
        pwp_records=[
            {"CHILD": "G", "PLACEMENT_START": "2024-05-01", "NOMINATED_OFFICER_APPROVAL": "2024-05-01",
             "ASSESSMENT_COMPLETED": "2024-04-20", "PLACEMENT_PLAN_DATE": "2024-05-10"},
            {"CHILD": "H", "PLACEMENT_START": "2024-05-01", "NOMINATED_OFFICER_APPROVAL": "2024-05-02"},
            {"CHILD": "J", "PLACEMENT_START": "2024-06-02", "NOMINATED_OFFICER_APPROVAL": "2024-05-01"},
            {"CHILD": "K", "PLACEMENT_START": "2023-06-01", "NOMINATED_OFFICER_APPROVAL": "2023-05-01",
             "DISCHARGE_APPLICATION": "2024-09-01"},
        ],
    )
    w = Window.of("2024-04-01", "2025-03-31")
    out = pwp.summary(ds, w, DEFAULTS)
    assert out["started"] == 4
    assert out["approved_before_placement"]["n"] == 1 and out["approved_before_placement"]["d"] == 4
    st = pwp.started(ds, w, DEFAULTS).set_index("CHILD")
    assert st["APPROVED_BEFORE_PLACEMENT"].to_dict() == {"G": True, "H": False, "I": False, "J": False}
    assert st["HAS_RECORD"].to_dict() == {"G": True, "H": True, "I": False, "J": False}
    assert st.loc["G", "ASSESSMENT_BEFORE_PLACEMENT"] and st.loc["G", "PLAN_RECORDED"]
    cur = pwp.current(ds, w, DEFAULTS).set_index("CHILD")
    assert cur.loc["K", "DISCHARGE_APPLICATION"] == T("2024-09-01")
    # as_at 31 Mar 2025: - 12 months = 31 Mar 2024, - 18 months = 30 Sep 2023; K began 1 Jun 2023
    assert cur.loc["K", "OVER_12M"] and cur.loc["K", "OVER_18M"]

"""Escalations on hand-built rows (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import escalations
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

W = Window.of("2024-04-01", "2025-03-31")

# Raised Friday 3 May 2024. Bank holidays Mon 6 May and Mon 27 May 2024, so the 20th working
# day after is Tue 4 Jun 2024 and the 21st Wed 5 Jun (without the holidays the 20th would be
# Fri 31 May).
ROWS = [
    ("E1", "X", "2024-05-03", "FORMAL", "1", "DRIFT_DELAY", "2024-06-04"),     # 20th: within
    ("E2", "X", "2024-05-03", "FORMAL", "2", "PLACEMENT", "2024-06-05"),       # 21st: not
    ("E3", "Y", "2024-05-03", "FORMAL", "3", "DRIFT_DELAY", None),             # unresolved
    ("E4", "X", "2024-05-10", "DISCUSSION", None, "HEALTH", "2024-05-10"),     # not formal
    ("E5", "Y", "2024-03-31", "FORMAL", "1", "HEALTH", "2024-04-02"),          # before window
    ("E6", "Z", "2024-05-03", "FORMAL", "1", "OTHER", "2024-05-02"),           # resolved before raised
]


def test_resolved_within_20_working_days_across_bank_holidays():
    ds = make_dataset(episodes=[("X", "2020-01-01", "S", "C2", "U4", None, None)], escalations=ROWS)
    out = escalations.summary(ds, W, DEFAULTS)
    assert list(out) == ["discussion", "formal", "by_stage", "by_reason", "resolved_within_20wd"]
    assert out["discussion"] == 1 and out["formal"] == 4
    assert out["by_stage"] == {"1": 2, "2": 1, "3": 1, "UNKNOWN": 1}
    assert out["by_reason"] == {"DRIFT_DELAY": 2, "HEALTH": 1, "OTHER": 1, "PLACEMENT": 1}
    assert (out["resolved_within_20wd"]["n"], out["resolved_within_20wd"]["d"]) == (1, 4)
    rows = escalations.escalations_raised(ds, W, DEFAULTS).set_index("ESCALATION_ID")
    assert rows.loc["E1", "WORKING_DAYS_TO_RESOLVE"] == 20
    assert rows.loc["E2", "WORKING_DAYS_TO_RESOLVE"] == 21
    assert rows.loc["E1", "DAYS_TO_RESOLVE"] == 32
    assert rows.loc["E6", "DAYS_TO_RESOLVE"] == -1 and pd.isna(rows.loc["E6", "WORKING_DAYS_TO_RESOLVE"])
    assert pd.isna(rows.loc["E3", "WORKING_DAYS_TO_RESOLVE"])
    assert rows["RESOLVED_WITHIN_20WD"].to_dict() == {
        "E1": True, "E2": False, "E3": False, "E4": True, "E6": False}


def test_repeated_escalations_for_one_child():
    ds = make_dataset(episodes=[("X", "2020-01-01", "S", "C2", "U4", None, None)], escalations=ROWS)
    rep = escalations.repeated_escalations(ds, W, DEFAULTS)
    assert rep["CHILD"].tolist() == ["X"]
    r = rep.iloc[0]
    assert r.ESCALATIONS == 3 and r.FORMAL == 2
    assert r.REASONS == "DRIFT_DELAY; HEALTH; PLACEMENT"


def test_no_escalations_table_is_null():
    ds = make_dataset(episodes=[("X", "2020-01-01", "S", "C2", "U4", None, None)])
    assert escalations.summary(ds, W, DEFAULTS) is None

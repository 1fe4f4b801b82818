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


# --- extract_date: escalations not yet due at the data extract (answers worked by hand) --------
# Raised Wed 16 Apr 2025: the 20th working day after, skipping Good Friday 18 Apr, Easter Monday
# 21 Apr and Mon 5 May 2025, is Mon 19 May 2025. Raised Tue 1 Apr 2025: Thu 1 May 2025.
W25 = Window.of("2025-04-01", "2025-06-30")
ROWS_25 = [
    ("F1", "X", "2025-04-16", "FORMAL", "1", "DRIFT_DELAY", "2025-04-30"),   # resolved in time
    ("F2", "X", "2025-04-16", "FORMAL", "1", "PLACEMENT", None),             # unresolved, due 19 May
    ("F3", "Y", "2025-04-01", "FORMAL", "2", "HEALTH", None),                # unresolved, due 1 May
    ("D1", "Y", "2025-04-16", "DISCUSSION", None, "OTHER", None),            # not formal
]


def _ds25():
    return make_dataset(episodes=[("X", "2020-01-01", "S", "C2", "U4", None, None)], escalations=ROWS_25)


def _nd(extract_date):
    out = escalations.summary(_ds25(), W25, {**DEFAULTS, "extract_date": extract_date})
    return out["resolved_within_20wd"]["n"], out["resolved_within_20wd"]["d"]


def test_escalations_extract_date_null_counts_unresolved_late():
    rows = escalations.escalations_raised(_ds25(), W25, DEFAULTS).set_index("ESCALATION_ID")
    assert rows["RESOLUTION_DUE"].to_dict() == {
        "F3": pd.Timestamp("2025-05-01"), "D1": pd.Timestamp("2025-05-19"),
        "F1": pd.Timestamp("2025-05-19"), "F2": pd.Timestamp("2025-05-19")}
    assert not rows["RESOLUTION_NOT_YET_DUE"].any()
    assert _nd(None) == (1, 3)


def test_escalations_not_yet_due_left_out_and_deadline_on_extract_is_late():
    # extract Thu 1 May 2025: F3's deadline exactly (late); F2 due 19 May (not yet due); F1
    # resolved in time counts in n and d although its deadline is after the extract
    rows = escalations.escalations_raised(_ds25(), W25, {**DEFAULTS, "extract_date": "2025-05-01"})
    rows = rows.set_index("ESCALATION_ID")
    assert rows["RESOLUTION_NOT_YET_DUE"].to_dict() == {"F3": False, "D1": True, "F1": False, "F2": True}
    assert rows["RESOLVED_WITHIN_20WD"].to_dict() == {"F3": False, "D1": False, "F1": True, "F2": False}
    assert _nd("2025-05-01") == (1, 2)
    assert _nd("2025-05-16") == (1, 2)   # bank holidays push F2's deadline past Fri 16 May
    assert _nd("2025-05-19") == (1, 3)   # on F2's deadline: unresolved is late
    out = escalations.summary(_ds25(), W25, {**DEFAULTS, "extract_date": "2025-05-01"})
    assert list(out) == ["discussion", "formal", "by_stage", "by_reason", "resolved_within_20wd"]
    assert out["formal"] == 3 and out["discussion"] == 1   # counts are not touched

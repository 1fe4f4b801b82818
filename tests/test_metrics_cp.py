"""Child protection metrics (`cp`, child-protection.md Part 2): initial conferences and plans, on
hand-built CIN tables (answers worked out by hand from the 2025-26 calendar: Good Friday 18 Apr,
Easter Monday 21 Apr, early May bank holiday Mon 5 May 2025)."""
import pandas as pd
import pytest

from iro_audit import metrics
from iro_audit.calendar import working_days_before
from iro_audit.metrics import cp
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2025-04-01", "2026-03-31")   # as_at 31 Mar 2026

CP_KEYS = ["s47_started", "icpc_held", "icpc_within_15wd", "icpc_to_plan", "plans_started",
           "plans_ended", "children_on_plan", "by_category", "second_or_subsequent",
           "repeat_within_2y", "ended_after_2y", "ended_within_3m", "open_over_9m",
           "open_over_18m", "open_over_2y", "teenagers_on_plan", "looked_after_on_plan",
           "reviews_on_time", "reviews_overdue", "conferences", "by_chair"]
CONFERENCE_KEYS = ["by_type", "child_participation", "child_views_conveyed", "parents_attended",
                   "quorate", "report_shared_2wd", "minutes_within_15wd"]


def prop(n, d):
    return metrics._common.proportion(n, d)


# --- initial conferences -------------------------------------------------------------------------

def icpc_dataset():
    return make_dataset(
        s47=[
            # Thu 10 Apr 2025: 15th working day is Tue 6 May (18 Apr, 21 Apr, 5 May not counted)
            ("A", "2025-04-10", "2025-05-06", False),   # 15th working day: on time
            ("B", "2025-04-10", "2025-05-07", False),   # 16th: late
            ("C", "2025-03-20", "2025-04-02", False),   # started before the window, held in it
            ("D", "2026-03-25", "2026-04-08", False),   # started in the window, held after it
            ("E", "2025-06-02", None, True),            # no conference needed
        ],
        cp_plans=[("A", "2025-05-06", None, "NEG", None, None),    # plan from A's conference
                  ("C", "2025-04-03", None, "PHY", None, None)],   # a day after C's: not from it
    )


def test_icpc_on_the_15th_working_day_across_bank_holidays_is_on_time_16th_is_late():
    rows = cp.initial_conferences(icpc_dataset(), W, DEFAULTS).set_index("LAchildID")
    assert rows.loc["A", "ICPC_DUE"] == T("2025-05-06")
    assert rows.loc["A", "WORKING_DAYS"] == 15 and rows.loc["B", "WORKING_DAYS"] == 16
    # D's conference (8 Apr 2026, the 8th working day) is on time but after the window;
    # E has none: not within
    assert rows["ICPC_WITHIN_15WD"].to_dict() == {"A": True, "B": False, "C": True, "D": True,
                                                  "E": False}
    assert rows["HELD_IN_WINDOW"].to_dict() == {"A": True, "B": True, "C": True, "D": False,
                                                "E": False}


def test_initial_conference_keys():
    out = cp.summary(icpc_dataset(), W, DEFAULTS)
    assert out["s47_started"] == 4                # A, B, D, E
    assert out["icpc_held"] == 3                  # A, B, C
    assert out["icpc_within_15wd"] == prop(2, 3)  # A, C
    assert out["icpc_to_plan"] == prop(1, 3)      # A only: C's plan began the day after


def test_icpc_to_plan_is_null_without_plans():
    ds = make_dataset(s47=[("A", "2025-04-10", "2025-05-06", False)])
    out = cp.summary(ds, W, DEFAULTS)
    assert out["icpc_within_15wd"] == prop(1, 1) and out["icpc_to_plan"] is None
    assert out["plans_started"] is None and out["reviews_on_time"] is None
    assert out["conferences"] == {k: None for k in CONFERENCE_KEYS} and out["by_chair"] is None


# --- plans started: second or subsequent, repeat within two years --------------------------------

def started_dataset():
    return make_dataset(cp_plans=[
        # R1: earlier plan ended exactly on 1 Jun 2025 - 24 months: a repeat within 2 years
        ("R1", "2022-01-01", "2023-06-01", "NEG", None, None),
        ("R1", "2025-06-01", None, "NEG", None, None),
        # R2: earlier plan ended a day before that: second plan, not a repeat within 2 years
        ("R2", "2022-01-01", "2023-05-31", "NEG", None, None),
        ("R2", "2025-06-01", None, "NEG", None, None),
        # R3: NumberOfPreviousCPP 2, no earlier plan in the data
        ("R3", "2025-07-01", None, "PHY", None, 2),
        # R4: NumberOfPreviousCPP blank (= 0); R5: 0
        ("R4", "2025-07-01", None, "PHY", None, None),
        ("R5", "2025-07-01", None, "PHY", None, 0),
        # R6: an earlier plan still open when this one starts (overlap): not an earlier plan
        ("R6", "2025-01-01", None, "EMO", None, None),
        ("R6", "2025-08-01", None, "EMO", None, None),
        # R7: earlier plan ending the day this one starts: an earlier plan, ended within 2 years
        ("R7", "2024-01-01", "2025-09-01", "SAB", None, None),
        ("R7", "2025-09-01", None, "SAB", None, None),
    ])


def test_second_or_subsequent_and_repeat_within_two_years():
    ds = started_dataset()
    rows = cp.plans_started(ds, W, DEFAULTS).set_index("LAchildID")
    assert rows["SECOND_OR_SUBSEQUENT"].to_dict() == {
        "R1": True, "R2": True, "R3": True, "R4": False, "R5": False, "R6": False, "R7": True}
    assert rows["REPEAT_WITHIN_2Y"].to_dict() == {
        "R1": True, "R2": False, "R3": False, "R4": False, "R5": False, "R6": False, "R7": True}
    assert rows.loc["R1", "TWO_YEARS_BEFORE"] == T("2023-06-01")
    assert rows.loc["R4", "NumberOfPreviousCPP"] == 0
    out = cp.summary(ds, W, DEFAULTS)
    assert out["plans_started"] == 7             # R6's 1 Jan 2025 plan began before the window
    assert out["second_or_subsequent"] == prop(4, 7)
    assert out["repeat_within_2y"] == prop(2, 7)


# --- plans ended: after two years, within three months --------------------------------------------

def test_ended_after_two_years_and_within_three_months_at_their_edges():
    ds = make_dataset(cp_plans=[
        ("E1", "2023-05-10", "2025-05-10", "NEG", None, None),  # exactly + 24 months: after 2y
        ("E2", "2023-05-11", "2025-05-10", "NEG", None, None),  # a day short of 24 months
        ("E3", "2025-01-15", "2025-04-14", "NEG", None, None),  # a day before + 3 months
        ("E4", "2025-01-15", "2025-04-15", "NEG", None, None),  # exactly + 3 months: not within
        ("E5", "2025-11-30", "2026-02-27", "NEG", None, None),  # + 3 months is 28 Feb 2026
        ("E6", "2025-11-30", "2026-02-28", "NEG", None, None),
        ("E7", "2023-11-30", "2024-02-28", "NEG", None, None),  # ended before the window
    ])
    rows = cp.plans_ended(ds, W, DEFAULTS).set_index("LAchildID")
    assert list(rows.index) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert rows.loc["E5", "THREE_MONTHS_ON"] == T("2026-02-28")
    assert rows["ENDED_AFTER_2Y"].to_dict() == {"E1": True, "E2": False, "E3": False, "E4": False,
                                                "E5": False, "E6": False}
    assert rows["ENDED_WITHIN_3M"].to_dict() == {"E1": False, "E2": False, "E3": True, "E4": False,
                                                 "E5": True, "E6": False}
    out = cp.summary(ds, W, DEFAULTS)
    assert out["plans_ended"] == 6
    assert out["ended_after_2y"] == prop(1, 6) and out["ended_within_3m"] == prop(2, 6)
    # a leap year: 30 Nov 2023 + 3 months is 29 Feb 2024
    leap = cp.plans_ended(ds, Window.of("2024-01-01", "2024-03-31"), DEFAULTS)
    assert leap.loc[0, "THREE_MONTHS_ON"] == T("2024-02-29") and bool(leap.loc[0, "ENDED_WITHIN_3M"])


# --- open at as_at: duration, category, teenagers, looked after -----------------------------------

def open_dataset(**extra):
    # as_at 31 Mar 2026: - 9 months = 30 Jun 2025, - 18 months = 30 Sep 2024, - 24 = 31 Mar 2024
    return make_dataset(
        cp_plans=[
            ("O1", "2025-06-30", None, "PHY", "NEG", None),     # exactly 9 months
            ("O2", "2025-07-01", None, "PHY", None, None),      # a day short; category PHY
            ("O3", "2024-09-30", None, "NEG", "EMO", None),     # exactly 18 months
            ("O4", "2024-10-01", None, "NEG", "NEG", None),     # a day short of 18
            ("O5", "2024-03-31", None, "SAB", None, None),      # exactly 24 months
            ("O6", "2024-04-01", None, None, None, None),       # a day short of 24; no category
            ("O7", "2025-12-01", "2026-03-31", "NEG", None, None),  # ended on as_at: not open
            ("O8", "2025-12-01", "2026-04-01", "NEG", None, None),  # ends after as_at: open
        ],
        cin_children=[
            ("O1", "2013-03-31", None),     # 13 on as_at: a teenager
            ("O2", "2013-04-01", None),     # 13 the day after: not
            ("O3", None, "2010-01-01"),     # unborn (expected date only): never a teenager
        ],                                  # O4-O8 not in cin_children: no age
        episodes=[
            ("O1", "2026-01-01", "S", "C1", "U4", None, None),           # looked after at as_at
            ("O2", "2025-01-01", "S", "C1", "U4", "2026-03-31", "E4A"),  # left on as_at: not
            ("O8", "2025-12-01", "S", "V2", "U4", None, None),           # looked after
        ],
        **extra,
    )


def test_open_over_9_18_24_months_edges_and_children_on_plan():
    ds = open_dataset()
    rows = cp.open_plans(ds, W, DEFAULTS).set_index("LAchildID")
    assert list(rows.index) == ["O1", "O2", "O3", "O4", "O5", "O6", "O8"]
    out = cp.summary(ds, W, DEFAULTS)
    assert out["open_over_9m"] == 5     # O1, O3, O4, O5, O6
    assert out["open_over_18m"] == 3    # O3, O5, O6
    assert out["open_over_2y"] == 1     # O5
    assert out["children_on_plan"] == 7
    assert out["by_category"] == {"EMO": 1, "NEG": 3, "PHY": 1, "SAB": 1, "UNKNOWN": 1}


def test_teenagers_unborn_never_a_teenager_and_looked_after_on_plan():
    ds = open_dataset()
    kids = cp.children_on_plan(ds, W, DEFAULTS).set_index("LAchildID")
    assert kids.loc["O1", "AGE"] == 13 and kids.loc["O2", "AGE"] == 12
    assert pd.isna(kids.loc["O3", "AGE"]) and not kids.loc["O3", "TEENAGER"]
    out = cp.summary(ds, W, DEFAULTS)
    assert out["teenagers_on_plan"] == 1
    assert out["looked_after_on_plan"] == 2          # O1, O8 (O2 left care on as_at)
    other_ids = cp.summary(ds, W, {**DEFAULTS, "cin_child_id_is_903_child": False})
    assert other_ids["looked_after_on_plan"] is None
    # without cin_children no age is known: the key is null, not 0
    no_kids = make_dataset(cp_plans=[("O1", "2025-06-30", None, "PHY", "NEG", None)])
    assert cp.summary(no_kids, W, DEFAULTS)["teenagers_on_plan"] is None


def test_two_plans_of_one_child_open_count_once():
    ds = started_dataset()   # R6 has two plans open at as_at
    kids = cp.children_on_plan(ds, W, DEFAULTS)
    assert (kids["LAchildID"] == "R6").sum() == 1
    assert kids.set_index("LAchildID").loc["R6", "CPPstartDate"] == T("2025-08-01")
    assert cp.summary(ds, W, DEFAULTS)["children_on_plan"] == 7


# --- the group ------------------------------------------------------------------------------------

def test_cp_keys_exactly_as_child_protection_md_names_them():
    out = cp.summary(open_dataset(), W, DEFAULTS)
    assert list(out) == CP_KEYS
    assert list(out["conferences"]) == CONFERENCE_KEYS
    assert list(metrics.compute_all(open_dataset(), W, DEFAULTS))[-1] == "cp"


def test_cp_is_null_without_cin_details_s47_or_plans():
    ds = make_dataset(episodes=[("A", "2025-01-01", "S", "C1", "U4", None, None)],
                      cin_children=[("A", "2013-01-01", None)])
    assert cp.summary(ds, W, DEFAULTS) is None
    assert metrics.compute_all(ds, W, DEFAULTS)["cp"] is None
    # cin_details alone switches the group on; every key needing another table is null
    only_details = make_dataset(cin_details=[{"LAchildID": "A", "CINreferralDate": "2025-05-01"}])
    out = cp.summary(only_details, W, DEFAULTS)
    assert list(out) == CP_KEYS
    assert all(out[k] is None for k in CP_KEYS if k != "conferences")


def test_working_days_before_counts_back_over_a_weekend_and_a_bank_holiday():
    assert working_days_before("2025-06-10", 2) == T("2025-06-06")   # Tue -> Mon 9, Fri 6
    assert working_days_before("2025-06-09", 1) == T("2025-06-06")   # Mon -> Fri
    assert working_days_before("2025-05-07", 2) == T("2025-05-02")   # Wed -> Tue 6, (Mon 5 BH) Fri 2
    assert working_days_before("2025-06-08", 1) == T("2025-06-06")   # a Sunday -> Fri
    s = pd.Series(pd.to_datetime(["2025-06-10", None]))
    got = working_days_before(s, 2)
    assert got.iloc[0] == T("2025-06-06") and pd.isna(got.iloc[1])
    with pytest.raises(ValueError):
        working_days_before("2025-06-10", 0)

"""Child protection review conferences (cp_reviews) and the unit's conference records
(cp_conferences): the review schedule, overdue reviews, conference timeliness, children's views
and `by_chair`, on hand-built tables (answers worked out by hand)."""
import pandas as pd

from iro_audit.metrics import cp, cp_conferences, cp_reviews
from iro_audit.metrics._common import proportion
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2025-04-01", "2026-03-31")   # as_at 31 Mar 2026


# --- review schedule -------------------------------------------------------------------------------

def review_dataset():
    return make_dataset(
        cp_plans=[(k, s, e, "NEG", None, None) for k, s, e in (
            ("V1", "2025-01-15", None), ("V2", "2025-11-30", None), ("V3", "2025-11-30", None),
            ("V4", "2025-12-31", None), ("V5", "2025-12-30", None), ("V6", "2025-04-01", "2025-06-01"),
            ("V7", "2025-04-10", None))],
        cp_reviews=[
            ("V1", "2025-01-15", "2025-04-15"),   # 1st due 15 Apr 2025 (+3 months): on time
            ("V1", "2025-01-15", "2025-10-16"),   # 2nd due 15 Oct (+6 months): a day late
            ("V2", "2025-11-30", "2026-02-28"),   # due 28 Feb 2026 (30 Nov + 3 months): on time
            ("V3", "2025-11-30", "2026-03-01"),   # a day late
            ("V5", "2025-12-30", "2026-04-02"),   # after as_at: V5 is still overdue on 31 Mar
            ("V7", "2025-04-10", "2025-05-20"),   # early (due 10 Jul): on time
            ("V7", "2025-04-10", "2025-11-21"),   # due 20 Nov = 20 May + 6 months, not 10 Jan: late
        ],
    )


def test_schedule_first_at_3_months_later_at_6_after_the_previous_review():
    rows = cp_reviews.review_timeliness(review_dataset(), W, DEFAULTS)
    got = {(r.LAchildID, r.CPPreviewDate.date().isoformat()): (r.DUE_DATE.date().isoformat(), r.ON_TIME)
           for r in rows.itertuples()}
    assert got == {
        ("V1", "2025-04-15"): ("2025-04-15", True),
        ("V1", "2025-10-16"): ("2025-10-15", False),
        ("V2", "2026-02-28"): ("2026-02-28", True),
        ("V3", "2026-03-01"): ("2026-02-28", False),
        ("V7", "2025-05-20"): ("2025-07-10", True),
        ("V7", "2025-11-21"): ("2025-11-20", False),
    }
    assert cp.summary(review_dataset(), W, DEFAULTS)["reviews_on_time"] == proportion(3, 6)


def test_overdue_is_strictly_before_as_at():
    rows = cp_reviews.overdue_reviews(review_dataset(), W, DEFAULTS).set_index("LAchildID")
    assert "V6" not in rows.index                                  # plan ended: not open
    assert rows.loc["V4", "NEXT_DUE"] == T("2026-03-31") and not rows.loc["V4", "OVERDUE"]
    assert rows.loc["V5", "NEXT_DUE"] == T("2026-03-30") and rows.loc["V5", "OVERDUE"]
    assert rows.loc["V5", "DAYS_OVERDUE"] == 1 and rows.loc["V5", "REVIEWS_HELD"] == 0
    assert rows.loc["V1", "NEXT_DUE"] == T("2026-04-16")
    assert rows["OVERDUE"].to_dict() == {"V1": False, "V2": False, "V3": False, "V4": False,
                                         "V5": True, "V7": False}
    assert cp.summary(review_dataset(), W, DEFAULTS)["reviews_overdue"] == 1
    # as at 1 Apr 2026, V4's review due on 31 Mar is overdue too
    later = Window.of("2025-04-01", "2026-03-31", "2026-04-01")
    assert cp.summary(review_dataset(), later, DEFAULTS)["reviews_overdue"] == 2


def test_review_parameters_change_the_schedule():
    params = {**DEFAULTS, "cp_first_review_months": 2}
    rows = cp_reviews.review_timeliness(review_dataset(), W, params).set_index(["LAchildID", "CPPreviewDate"])
    assert rows.loc[("V1", T("2025-04-15")), "DUE_DATE"] == T("2025-03-15")
    assert not rows.loc[("V1", T("2025-04-15")), "ON_TIME"]


# --- conference records --------------------------------------------------------------------------

def conference_dataset(**extra):
    return make_dataset(cp_conferences=[
        # id, child, date, type, chair, participation, parents, quorate, report shared, minutes
        ("C0", "K0", "2025-03-31", "ICPC", "A", "NO_VIEWS", "NONE", "N", None, None),  # before window
        # Tue 10 Jun 2025: 2nd working day before is Fri 6 Jun (Mon 9 is the 1st)
        ("C1", "K1", "2025-06-10", "ICPC", "A", "ATTENDED_SPOKE", "ALL", "Y", "2025-06-06", "2025-06-10"),
        ("C2", "K2", "2025-06-10", "RCPC", "A", "NOT_APPLICABLE", "SOME", "N", "2025-06-09", "2025-06-09"),
        # Thu 10 Apr 2025: the 15th working day after is Tue 6 May
        ("C3", "K3", "2025-04-10", "ICPC", "B", None, "NONE", None, None, "2025-05-06"),
        ("C4", "K4", "2025-04-10", "TRANSFER_IN", "B", "NO_VIEWS", None, None, None, "2025-05-07"),
        ("C5", "K5", "2025-04-10", "PRE_BIRTH", "B", "ADVOCATE_ONLY", None, None, None, None),
    ], **extra)


def test_report_shared_on_the_2nd_working_day_before_counts_the_1st_does_not():
    rows = cp_conferences.conferences(conference_dataset(), W, DEFAULTS).set_index("CONFERENCE_ID")
    assert rows.loc["C1", "REPORT_DUE"] == T("2025-06-06")
    assert rows["REPORT_SHARED_ON_TIME"].to_dict() == {"C1": True, "C2": False, "C3": False,
                                                       "C4": False, "C5": False}


def test_minutes_on_the_15th_working_day():
    rows = cp_conferences.conferences(conference_dataset(), W, DEFAULTS).set_index("CONFERENCE_ID")
    assert rows.loc["C3", "MINUTES_DUE"] == T("2025-05-06")
    assert rows.loc["C3", "MINUTES_WORKING_DAYS"] == 15 and rows.loc["C4", "MINUTES_WORKING_DAYS"] == 16
    # same day counts; before the conference and blank do not
    assert rows["MINUTES_ON_TIME"].to_dict() == {"C1": True, "C2": False, "C3": True, "C4": False,
                                                 "C5": False}


def test_conference_summary():
    out = cp_conferences.conferences_summary(conference_dataset(), W, DEFAULTS)
    assert out["by_type"] == {"ICPC": 2, "PRE_BIRTH": 1, "RCPC": 1, "TRANSFER_IN": 1}
    # blank participation (C3) is not a code
    assert out["child_participation"] == {"ADVOCATE_ONLY": 1, "ATTENDED_SPOKE": 1, "NOT_APPLICABLE": 1,
                                          "NO_VIEWS": 1}
    # d leaves out NOT_APPLICABLE (C2) and blank (C3): C1, C4, C5; n = C1, C5
    assert out["child_views_conveyed"] == proportion(2, 3)
    assert out["parents_attended"] == proportion(2, 3)     # C1 ALL, C2 SOME, C3 NONE
    assert out["quorate"] == proportion(1, 2)              # C1 Y, C2 N
    assert out["report_shared_2wd"] == proportion(1, 5)
    assert out["minutes_within_15wd"] == proportion(2, 5)


def test_minutes_not_yet_due_at_the_extract_date():
    # extract 1 May 2025: C5's minutes (due 6 May, blank) cannot be late yet; C4's (7 May) are
    # recorded so are judged as usual
    params = {**DEFAULTS, "extract_date": "2025-05-01"}
    out = cp_conferences.conferences_summary(conference_dataset(), W, params)
    assert out["minutes_within_15wd"] == proportion(2, 4)


# --- by chair ----------------------------------------------------------------------------------------

def chair_dataset():
    return make_dataset(
        cp_plans=[(k, "2025-01-01", e, "NEG", None, None) for k, e in (
            ("K1", None), ("K2", None), ("K3", None), ("K4", "2025-12-31"), ("K5", None))],
        cp_conferences=[
            # K1: two on one date: the later CONFERENCE_ID (10, after 9) is the latest
            ("10", "K1", "2026-01-05", "RCPC", "A", None, None, None, None, None),
            ("9", "K1", "2026-01-05", "RCPC", "B", None, None, None, None, None),
            # K2: the one after as_at does not count
            ("11", "K2", "2025-12-01", "RCPC", "B", None, None, None, None, None),
            ("12", "K2", "2026-04-02", "RCPC", "C", None, None, None, None, None),
            # K3: on a plan with no conference: no chair. K4: plan ended: not counted
            ("13", "K4", "2025-06-01", "RCPC", "A", None, None, None, None, None),
            # K5: text IDs on one date: C002 is after C001
            ("C002", "K5", "2025-06-01", "ICPC", "A", None, None, None, None, None),
            ("C001", "K5", "2025-06-01", "ICPC", "B", None, None, None, None, None),
        ])


def test_by_chair_latest_conference_of_children_on_a_plan():
    rows = cp_conferences.chair_of_children(chair_dataset(), W, DEFAULTS).set_index("LAchildID")
    ids = rows["CONFERENCE_ID"].astype(object).where(rows["CONFERENCE_ID"].notna(), None)
    assert ids.to_dict() == {"K1": "10", "K2": "11", "K3": None, "K5": "C002"}
    assert not rows.loc["K3", "HAS_CONFERENCE"]
    out = cp.summary(chair_dataset(), W, DEFAULTS)
    assert out["by_chair"] == [{"CHAIR_ID": "A", "children": 2}, {"CHAIR_ID": "B", "children": 1}]


def test_conference_keys_null_without_conference_records():
    out = cp.summary(review_dataset(), W, DEFAULTS)
    assert out["conferences"] == {k: None for k in cp_conferences.CONFERENCE_KEYS}
    assert out["by_chair"] is None

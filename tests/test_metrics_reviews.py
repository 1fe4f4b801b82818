"""Review schedule, timeliness and overdue reviews on hand-built data (answers worked by hand)."""
import pandas as pd

from iro_audit.metrics import reviews
from iro_audit.params import load_params
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
P = load_params()

# Child A: period starts Mon 4 Mar 2024. 20 working days, counting Easter 2024 (Good Friday
# 29 Mar, Easter Monday 1 Apr): Mar 5,6,7,8 (4) 11-15 (9) 18-22 (14) 25,26,27,28 (18),
# [29 Mar, 30, 31, 1 Apr not working], Apr 2 (19), Apr 3 (20) -> 1st due Wed 3 Apr 2024
# (1 Apr without the bank holidays).
#   review 3 Apr 2024 (on its due date: on time); 2nd due 3 Jul 2024;
#   review 20 Jun 2024 (early: on time) moves the 3rd due date to 20 Dec 2024;
#   review 21 Dec 2024 (the day after: late by 1).
# Child B: period starts Mon 2 Dec 2024. Dec 3-6 (4) 9-13 (9) 16-20 (14) 23,24 (16),
# [25, 26 Christmas], 27 (17), 30 (18), 31 (19), [1 Jan], Thu 2 Jan 2025 (20) -> due 2 Jan 2025;
#   review 3 Jan 2025 is late by 1.
# Child C: period starts Thu 1 Feb 2024 -> 1st due Thu 29 Feb 2024 (no holidays).
#   reviews 20 Feb 2024 (#1), 20 May 2024 (#2, due 20 May: on time), 31 Aug 2024 (#3, due
#   20 Nov: early), 1 Mar 2025 (#4, due 31 Aug + 6 months = 28 Feb 2025 by month-end clipping:
#   late by 1).
# Child D: left care and came back: period 1 from 9 Jan 2023 to 15 Jan 2024 with reviews
#   1 Feb 2023, 1 May 2023, 1 Nov 2023; period 2 from Mon 3 Jun 2024 restarts the schedule:
#   1st due = 20th working day after 3 Jun = 1 Jul 2024; review 28 Jun 2024 is on time
#   (continuing the old schedule it would have been due 1 May 2024 and late).
# Child E: short breaks only (V3/V4): its reviews are left out.
EPISODES = [
    ("A", "2024-03-04", "S", "C2", "U4", None, None),
    ("B", "2024-12-02", "S", "C1", "U4", None, None),
    ("C", "2024-02-01", "S", "V2", "U4", None, None),
    ("D", "2023-01-09", "S", "C1", "U4", "2024-01-15", "E4A"),
    ("D", "2024-06-03", "S", "V2", "U4", None, None),
    ("E", "2024-01-08", "S", "V3", "U4", "2024-01-10", "X1"),
    ("E", "2024-01-10", "L", "V4", "U4", None, None),
]
REVIEWS = [
    ("A", "2024-04-03", "PN1"), ("A", "2024-06-20", "PN1"), ("A", "2024-12-21", "PN1"),
    ("B", "2025-01-03", "PN1"),
    ("C", "2024-02-20", "PN1"), ("C", "2024-05-20", "PN1"), ("C", "2024-08-31", "PN1"),
    ("C", "2025-03-01", "PN1"),
    ("D", "2023-02-01", "PN1"), ("D", "2023-05-01", "PN1"), ("D", "2023-11-01", "PN1"),
    ("D", "2024-06-28", "PN1"),
    ("E", "2024-06-01", "PN1"), ("E", "2024-09-01", "PN1"),
]
W = Window.of("2024-04-01", "2025-03-31")


def ds():
    return make_dataset(episodes=EPISODES, reviews=REVIEWS)


def test_due_dates_across_bank_holidays_early_reviews_and_month_end():
    rows = reviews.review_timeliness(ds(), W, P).set_index(["CHILD", "REVIEW"])
    due = rows["DUE_DATE"]
    assert due[("A", T("2024-04-03"))] == T("2024-04-03")       # Easter crossed
    assert due[("A", T("2024-06-20"))] == T("2024-07-03")
    assert due[("A", T("2024-12-21"))] == T("2024-12-20")       # moved by the early review
    assert due[("B", T("2025-01-03"))] == T("2025-01-02")       # Christmas crossed
    assert due[("C", T("2025-03-01"))] == T("2025-02-28")       # 31 Aug + 6 months
    assert due[("D", T("2024-06-28"))] == T("2024-07-01")       # new period restarts
    on_time = rows["ON_TIME"].to_dict()
    assert on_time == {
        ("A", T("2024-04-03")): True, ("A", T("2024-06-20")): True,
        ("A", T("2024-12-21")): False, ("B", T("2025-01-03")): False,
        ("C", T("2024-05-20")): True, ("C", T("2024-08-31")): True,
        ("C", T("2025-03-01")): False, ("D", T("2024-06-28")): True,
    }
    assert rows.loc[("A", T("2024-12-21")), "DAYS_LATE"] == 1
    assert rows.loc[("A", T("2024-04-03")), "DAYS_LATE"] == 0
    assert rows.loc[("D", T("2024-06-28")), "REVIEW_NUMBER"] == 1
    assert rows.loc[("C", T("2025-03-01")), "REVIEW_NUMBER"] == 4


def test_summary_held_and_on_time_leave_out_short_breaks():
    s = reviews.summary(ds(), W, P)
    # 8 reviews in the window (E's two short-break reviews and C's Feb 2024 one are not)
    assert s["held"] == 8
    assert s["on_time"]["n"] == 5 and s["on_time"]["d"] == 8
    assert s["on_time"]["pct"] == 62.5


def test_window_edges_are_inclusive():
    s = reviews.summary(ds(), Window.of("2024-04-03", "2024-12-21"), P)
    assert s["held"] == 6   # A x3, C 20 May and 31 Aug, D 28 Jun
    s = reviews.summary(ds(), Window.of("2024-04-04", "2024-12-20"), P)
    assert s["held"] == 4   # A 20 Jun, C 20 May and 31 Aug, D 28 Jun


def overdue(as_at, eps=None, rvs=None):
    d = make_dataset(episodes=eps or EPISODES, reviews=rvs if rvs is not None else REVIEWS)
    r = reviews.overdue_reviews(d, Window.of("2024-01-01", as_at), P)
    return r.set_index("CHILD")


def test_overdue_first_review_on_as_at_and_the_day_after():
    eps = [("F", "2024-03-04", "S", "C2", "U4", None, None)]       # 1st due 3 Apr 2024
    on_due = overdue("2024-04-03", eps, [])
    assert on_due.loc["F", "NEXT_DUE"] == T("2024-04-03")
    assert not on_due.loc["F", "OVERDUE"]
    after = overdue("2024-04-04", eps, [])
    assert after.loc["F", "OVERDUE"] and after.loc["F", "DAYS_OVERDUE"] == 1


def test_overdue_uses_last_review_on_or_before_as_at_and_current_period():
    r = overdue("2024-12-20")
    # A: last review 20 Jun 2024 (#2), next due 20 Dec 2024 = as_at: not yet overdue
    assert r.loc["A", "LAST_REVIEW"] == T("2024-06-20") and r.loc["A", "NEXT_DUE"] == T("2024-12-20")
    assert not r.loc["A", "OVERDUE"]
    # C: last review 31 Aug 2024 (#3): next due 28 Feb 2025
    assert r.loc["C", "NEXT_DUE"] == T("2025-02-28") and not r.loc["C", "OVERDUE"]
    # D: current period from 3 Jun 2024, review 28 Jun (#1): 2nd due 28 Sep 2024 -> overdue
    assert r.loc["D", "NEXT_DUE"] == T("2024-09-28") and r.loc["D", "OVERDUE"]
    assert r.loc["D", "DAYS_OVERDUE"] == 83
    assert "E" not in r.index                                # short break
    # B: in care from 2 Dec, no review yet, 1st due 2 Jan 2025
    assert r.loc["B", "NEXT_DUE"] == T("2025-01-02") and not r.loc["B", "OVERDUE"]
    r = overdue("2024-12-21")
    # A: the 21 Dec review is on as_at, so it counts: next due 21 Jun 2025
    assert r.loc["A", "NEXT_DUE"] == T("2025-06-21") and not r.loc["A", "OVERDUE"]
    s = reviews.summary(ds(), Window.of("2024-01-01", "2024-12-21"), P)
    assert s["overdue"] == 1   # D only


def test_overdue_day_before_and_on_due_date_for_later_review():
    r = overdue("2024-09-28")
    assert not r.loc["D", "OVERDUE"]
    r = overdue("2024-09-29")
    assert r.loc["D", "OVERDUE"] and r.loc["D", "DAYS_OVERDUE"] == 1


def test_child_who_left_care_is_not_overdue():
    r = overdue("2024-03-01")
    # D's period 1 ended 15 Jan 2024 and the next began 3 Jun: D is not looked after
    assert "D" not in r.index


def test_params_change_the_schedule():
    p = load_params(overrides={"first_review_working_days": 19})
    rows = reviews.review_timeliness(ds(), W, p).set_index(["CHILD", "REVIEW"])
    assert rows.loc[("A", T("2024-04-03")), "DUE_DATE"] == T("2024-04-02")
    assert not rows.loc[("A", T("2024-04-03")), "ON_TIME"]


def test_no_reviews_table_gives_none():
    d = make_dataset(episodes=EPISODES)
    del d.tables["reviews"]
    assert reviews.summary(d, W, P) is None

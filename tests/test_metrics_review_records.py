"""Report timing bands, minutes, recommendations and care plans (answers worked by hand).

Every review is on Wed 1 May 2024. Working days after it: Thu 2, Fri 3 May, [Mon 6 May early
May bank holiday], 7, 8, Thu 9 (5th), 10, 13, 14, 15, Thu 16 (10th), 17, 20, 21, 22, Thu 23 (15th),
Fri 24 (16th)."""
from iro_audit.metrics import review_records
from iro_audit.params import load_params
from iro_audit.testing import make_dataset
from iro_audit.window import Window

P = load_params()
W = Window.of("2024-04-01", "2025-03-31")
R = "2024-05-01"
# CHILD, REVIEW, REPORT_RECEIVED, RECOMMENDATIONS_ISSUED, MINUTES_ISSUED, CARE_PLAN_UPDATED
RECORDS = [
    ("R1", R, "2024-04-26", "2024-05-09", "2024-05-23", "2024-05-16"),  # 5 days; all on the last day
    ("R2", R, "2024-04-27", "2024-05-10", "2024-05-24", "2024-05-17"),  # 4 days; all a day late
    ("R3", R, "2024-04-30", "2024-04-30", R, R),                        # 1 day; recs before review
    ("R4", R, R, None, None, None),                                     # same day; blanks
    ("R5", R, "2024-05-02", None, None, None),                          # after the review
    ("R6", R, None, None, None, None),                                  # record, no report
]


def ds(records=RECORDS):
    kids = ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]   # R7 has no record
    return make_dataset(
        episodes=[(k, "2024-01-02", "S", "C2", "U4", None, None) for k in kids],
        reviews=[(k, R, "PN1") for k in kids],
        review_records=records,
    )


def test_rows():
    rows = review_records.review_record_timeliness(ds(), W, P).set_index("CHILD")
    assert rows["REPORT_DAYS_BEFORE"].loc[["R1", "R2", "R3", "R4", "R5"]].tolist() == [5, 4, 1, 0, -1]
    assert rows["REPORT_TIMING"].to_dict() == {
        "R1": "five_plus_days_before", "R2": "one_to_four_days_before",
        "R3": "one_to_four_days_before", "R4": "same_day", "R5": "after_review",
        "R6": "no_report", "R7": "no_report"}
    assert rows["MINUTES_ON_TIME"].to_dict() == {
        "R1": True, "R2": False, "R3": True, "R4": False, "R5": False, "R6": False, "R7": False}
    assert rows["RECOMMENDATIONS_ON_TIME"][lambda s: s].index.tolist() == ["R1"]
    assert rows["CARE_PLAN_UPDATED_ON_TIME"][lambda s: s].index.tolist() == ["R1", "R3"]
    assert str(rows.loc["R1", "MINUTES_DUE"].date()) == "2024-05-23"
    assert not rows.loc["R7", "HAS_RECORD"] and rows.loc["R6", "HAS_RECORD"]


def test_summary():
    s = review_records.summary(ds(), W, P)
    nd = {k: (v["n"], v["d"]) for k, v in s["report_timing"].items()}
    assert nd == {"five_plus_days_before": (1, 7), "one_to_four_days_before": (2, 7),
                  "same_day": (1, 7), "after_review": (1, 7), "no_report": (2, 7)}
    assert (s["minutes_on_time"]["n"], s["minutes_on_time"]["d"]) == (2, 7)
    assert (s["recommendations_on_time"]["n"], s["recommendations_on_time"]["d"]) == (1, 7)
    assert (s["care_plan_updated"]["n"], s["care_plan_updated"]["d"]) == (2, 7)
    assert s["minutes_on_time"]["pct"] == 28.6


def test_working_day_parameters():
    p = load_params(overrides={"minutes_working_days": 16, "care_plan_working_days": 11})
    s = review_records.summary(ds(), W, p)
    assert s["minutes_on_time"]["n"] == 3 and s["care_plan_updated"]["n"] == 3


def test_absent_table_gives_none():
    d = ds()
    del d.tables["review_records"]
    assert review_records.summary(d, W, P) is None


# --- extract_date: rows not yet due at the data extract (answers worked by hand) ---------------
# Every review on Thu 17 Apr 2025. Bank holidays Good Friday 18 Apr, Easter Monday 21 Apr and the
# early May bank holiday Mon 5 May 2025. Working days after the review: Tue 22 (1st), 23, 24,
# Fri 25 (4th), Mon 28 Apr (5th: recommendations due), 29, 30, 1 May, 2 (9th), Tue 6 May (10th:
# care plan due), 7, 8, 9, 12 (14th), Tue 13 May (15th: minutes due). Without the bank holidays
# the minutes would be due on Thu 8 May.
W25 = Window.of("2025-04-01", "2025-06-30")
R25 = "2025-04-17"
# CHILD, REVIEW, REPORT_RECEIVED, RECOMMENDATIONS_ISSUED, MINUTES_ISSUED, CARE_PLAN_UPDATED
RECORDS_25 = [
    ("A", R25, None, None, None, None),                                # all blank
    ("B", R25, None, "2025-04-25", "2025-04-24", "2025-04-22"),        # all on time, early
    ("C", R25, None, "2025-04-23", None, None),                        # recommendations only
]                                                                      # D: no record at all


def ds25():
    kids = ["A", "B", "C", "D"]
    return make_dataset(
        episodes=[(k, "2025-01-02", "S", "C2", "U4", None, None) for k in kids],
        reviews=[(k, R25, "PN1") for k in kids],
        review_records=RECORDS_25,
    )


def nd(s):
    return {k: (s[k]["n"], s[k]["d"]) for k in ("recommendations_on_time", "minutes_on_time",
                                                "care_plan_updated")}


def test_extract_date_null_counts_blank_dates_late():
    rows = review_records.review_record_timeliness(ds25(), W25, P).set_index("CHILD")
    assert str(rows.loc["A", "RECOMMENDATIONS_DUE"].date()) == "2025-04-28"
    assert str(rows.loc["A", "CARE_PLAN_DUE"].date()) == "2025-05-06"
    assert str(rows.loc["A", "MINUTES_DUE"].date()) == "2025-05-13"
    for c in ("MINUTES_NOT_YET_DUE", "RECOMMENDATIONS_NOT_YET_DUE", "CARE_PLAN_NOT_YET_DUE"):
        assert not rows[c].any()
    assert nd(review_records.summary(ds25(), W25, P)) == {
        "recommendations_on_time": (2, 4), "minutes_on_time": (1, 4), "care_plan_updated": (1, 4)}


def test_extract_date_leaves_blank_dates_not_yet_due_out():
    # extract Mon 28 Apr 2025: the recommendations' deadline exactly (blank = still late); the
    # minutes (13 May) and care plan (6 May) deadlines are after it, so blanks are not yet due;
    # B's dates are present and on time, so B counts in n and d of all three.
    p = load_params(overrides={"extract_date": "2025-04-28"})
    rows = review_records.review_record_timeliness(ds25(), W25, p).set_index("CHILD")
    assert rows["RECOMMENDATIONS_NOT_YET_DUE"].to_dict() == {"A": False, "B": False, "C": False, "D": False}
    assert rows["MINUTES_NOT_YET_DUE"].to_dict() == {"A": True, "B": False, "C": True, "D": True}
    assert rows["CARE_PLAN_NOT_YET_DUE"].to_dict() == {"A": True, "B": False, "C": True, "D": True}
    assert rows["MINUTES_ON_TIME"].to_dict() == {"A": False, "B": True, "C": False, "D": False}
    s = review_records.summary(ds25(), W25, p)
    assert list(s) == ["report_timing", "minutes_on_time", "recommendations_on_time", "care_plan_updated"]
    assert nd(s) == {"recommendations_on_time": (2, 4), "minutes_on_time": (1, 1),
                     "care_plan_updated": (1, 1)}
    assert s["minutes_on_time"]["pct"] == 100.0
    # report timing has no deadline: every review stays in its d
    assert {v["d"] for v in s["report_timing"].values()} == {4}


def test_extract_date_on_the_deadline_is_still_late():
    # Tue 6 May 2025 = the care plan's 10th working day (over the 5 May bank holiday)
    s = review_records.summary(ds25(), W25, load_params(overrides={"extract_date": "2025-05-06"}))
    assert nd(s) == {"recommendations_on_time": (2, 4), "minutes_on_time": (1, 1),
                     "care_plan_updated": (1, 4)}
    # Mon 12 May: the minutes are due on Tue 13 May only because of three bank holidays
    s = review_records.summary(ds25(), W25, load_params(overrides={"extract_date": "2025-05-12"}))
    assert nd(s)["minutes_on_time"] == (1, 1)
    s = review_records.summary(ds25(), W25, load_params(overrides={"extract_date": "2025-05-13"}))
    assert nd(s) == {"recommendations_on_time": (2, 4), "minutes_on_time": (1, 4),
                     "care_plan_updated": (1, 4)}


def test_extract_date_as_date_or_timestamp():
    import datetime as dt

    import pandas as pd

    want = nd(review_records.summary(ds25(), W25, load_params(overrides={"extract_date": "2025-04-28"})))
    for v in (dt.date(2025, 4, 28), pd.Timestamp("2025-04-28")):
        # straight into the metric, not through load_params
        assert nd(review_records.summary(ds25(), W25, {**P, "extract_date": v})) == want

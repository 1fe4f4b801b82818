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

"""Dip-sample cohorts: the case frame at a date and the cohort filters, worked by hand."""
import pandas as pd
import pytest

from iro_audit.errors import ParameterError
from iro_audit.sampling import band_of_age, case_frame, cohort
from iro_audit.testing import make_dataset

AS_AT = "2026-03-31"


def _ds():
    return make_dataset(
        header=[("A", "2015-06-01"), ("B", "2020-03-31"), ("C", "2008-03-03"), ("D", "2025-09-01"),
                ("E", "2012-01-01"), ("F", "2014-01-01")],
        episodes=[
            ("A", "2024-01-31", "S", "V2", "U4", None, None),          # s20 since 31/01/2024
            ("B", "2023-05-01", "S", "C2", "P1", None, None),          # placed with parents
            ("C", "2022-01-01", "S", "V2", "U1", "2025-06-01", "X1"),  # s20, then a care order
            ("C", "2025-06-01", "L", "C2", "U1", None, None),
            ("D", "2025-10-01", "S", "C1", "U4", None, None),
            ("E", "2020-01-01", "S", "C2", "U4", "2023-01-01", "E11"),  # left care: not in
            ("F", "2026-01-01", "S", "V3", "H5", None, None),          # short break: not in
        ],
        iros=[("I1", "North", 1.0, "IRO"), ("I2", "South", 0.5, "IRO")],
        iro_allocations=[
            ("A", "I1", "2024-02-01", None),
            ("B", "I1", "2023-05-01", "2026-03-31"),   # ends on as_at: still covers it
            ("B", "I2", "2026-03-31", None),           # also covers it and starts later: wins
            ("C", "I1", "2022-01-01", "2025-01-01"),   # ended
            ("C", "I2", "2025-01-02", None),
        ],
    )


def test_case_frame_one_row_per_child_looked_after():
    cf = case_frame(_ds(), AS_AT)
    assert cf["CHILD"].tolist() == ["A", "B", "C", "D"]
    assert cf.columns.tolist() == ["CHILD", "AGE", "AGE_BAND", "LS", "PLACE", "PERIOD_START",
                                   "IRO_ID", "TEAM"]
    # A born 01/06/2015 is 10 on 31/03/2026; B born 31/03/2020 turns 6 that day
    assert cf["AGE"].tolist() == [10, 6, 18, 0]
    assert cf["AGE_BAND"].tolist() == ["10-15", "5-9", "16+", "under 1"]
    assert cf["LS"].tolist() == ["V2", "C2", "C2", "C1"]  # C's episode at as_at is the C2 one
    assert cf.loc[2, "PERIOD_START"] == pd.Timestamp("2022-01-01")
    assert cf["IRO_ID"].tolist()[:3] == ["I1", "I2", "I2"]
    assert cf["TEAM"].tolist()[:3] == ["North", "South", "South"]
    assert pd.isna(cf.loc[3, "IRO_ID"]) and pd.isna(cf.loc[3, "TEAM"])


def test_case_frame_without_allocations_has_blank_iro():
    ds = _ds()
    del ds.tables["iro_allocations"]
    cf = case_frame(ds, AS_AT)
    assert cf["IRO_ID"].isna().all() and len(cf) == 4


def test_case_frame_s20_base_adds_the_run():
    cf = case_frame(_ds(), AS_AT, base="s20")
    assert cf["CHILD"].tolist() == ["A"]  # C's s20 run ended on 01/06/2025
    assert cf.loc[0, "RUN_START"] == pd.Timestamp("2024-01-31")
    # 31/01/2024 to 31/03/2026: 335 days to 31/12/2024 + 365 + 90 = 790
    assert cf.loc[0, "RUN_DAYS"] == 790
    assert case_frame(_ds(), AS_AT, base="pwp")["CHILD"].tolist() == ["B"]


def test_band_of_age_edges():
    assert band_of_age([0, 1, 4, 5, 9, 10, 15, 16, 17, None]).tolist() == [
        "under 1", "1-4", "1-4", "5-9", "5-9", "10-15", "10-15", "16+", "16+", None]


def test_cohort_filters():
    cf = case_frame(_ds(), AS_AT)
    assert cohort(cf, legal_status="c2")["CHILD"].tolist() == ["B", "C"]
    assert cohort(cf, legal_status=["V2", "C1"])["CHILD"].tolist() == ["A", "D"]
    assert cohort(cf, placement="P1")["CHILD"].tolist() == ["B"]
    assert cohort(cf, team="south")["CHILD"].tolist() == ["B", "C"]   # team names any case
    assert cohort(cf, iro="I1")["CHILD"].tolist() == ["A"]
    assert cohort(cf, age_band=["5-9", "10-15"])["CHILD"].tolist() == ["A", "B"]
    assert cohort(cf, min_age=6, max_age=10)["CHILD"].tolist() == ["A", "B"]  # both ends in
    assert cohort(cf, date_column="PERIOD_START", date_from="2023-05-01",
                  date_to="2025-10-01")["CHILD"].tolist() == ["A", "B", "D"]
    assert cohort(cf, exclude=["A", "B"])["CHILD"].tolist() == ["C", "D"]
    both = cohort(cf, legal_status="C2", team="South")
    assert both["CHILD"].tolist() == ["B", "C"]
    assert both.attrs["cohort"] == {"legal_status": "C2", "team": "South"}


def test_cohort_takes_any_frame_with_child_and_keeps_one_row_per_child():
    # an exception list with two runs for child X: the latest by START is kept
    ex = pd.DataFrame({"CHILD": ["Y", "X", "X"],
                       "START": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-06-01"]),
                       "DAYS": [100, 200, 50]})
    c = cohort(ex, date_column="START")
    assert c["CHILD"].tolist() == ["X", "Y"]
    assert c["DAYS"].tolist() == [50, 100]
    assert cohort(ex)["DAYS"].tolist() == [200, 100]  # without a date column: the first row


def test_cohort_errors_are_clear():
    ex = pd.DataFrame({"CHILD": ["Y"], "START": pd.to_datetime(["2025-01-01"])})
    with pytest.raises(ParameterError, match="'legal_status' needs a LS column"):
        cohort(ex, legal_status="V2")
    with pytest.raises(ParameterError, match="need date_column"):
        cohort(ex, date_from="2025-01-01")
    with pytest.raises(ParameterError, match="age band '11-15' is not one of"):
        cohort(pd.DataFrame({"CHILD": ["A"], "AGE": [12]}), age_band="11-15")
    with pytest.raises(ParameterError, match="CHILD column"):
        cohort(pd.DataFrame({"ID": [1]}))

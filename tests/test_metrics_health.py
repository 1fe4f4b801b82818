"""Health assessments, dental checks, IHA timeliness, refusals, OC2 fallback and PEPs (answers
worked by hand). as_at = Tue 15 Oct 2024: as_at - 6 months = 15 Apr 2024, - 12 months = 15 Oct
2023; "within the last N months" = after as_at - N months and on or before as_at."""
import pandas as pd

from iro_audit.metrics import health
from iro_audit.params import load_params
from iro_audit.testing import make_dataset
from iro_audit.window import Window

P = load_params()
W = Window.of("2024-04-01", "2024-10-15")
OPEN = lambda k, start, ls="C2": (k, start, "S", ls, "U4", None, None)  # noqa: E731


def ds(with_assessments=True, oc2=None):
    tables = dict(
        header=[("H1", "2020-10-16"), ("H2", "2019-10-15"), ("H3", "2019-10-16"),
                ("H4", "2010-01-01"), ("H5", "2010-01-01"), ("SB", "2010-01-01"),
                ("I1", "2010-01-01"), ("I2", "2010-01-01"), ("I3", "2010-01-01"), ("I4", "2010-01-01")],
        episodes=[
            OPEN("H1", "2023-10-15"),        # began on as_at - 12 months: in the cohort
            OPEN("H2", "2022-01-01"), OPEN("H3", "2022-01-01"),
            OPEN("H4", "2023-10-16"),        # a day later: not in the cohort
            OPEN("H5", "2022-01-01"),
            OPEN("SB", "2022-01-01", "V4"),  # short break
            # Periods starting Mon 3 Jun 2024: IHA due on the 20th working day, Mon 1 Jul 2024
            OPEN("I1", "2024-06-03"), OPEN("I2", "2024-06-03"), OPEN("I3", "2024-06-03"),
            OPEN("I4", "2024-06-03"),
        ],
    )
    if with_assessments:
        tables["health_assessments"] = [
            # H1 aged 3 at as_at (4 on 16 Oct): 6-month rule; RHA the day after as_at - 6 months
            ("H1", "RHA", "2024-04-16", "COMPLETED"), ("H1", "DENTAL", "2023-10-15", "COMPLETED"),
            # H2 5 on as_at: 12-month rule
            ("H2", "RHA", "2024-01-01", "COMPLETED"), ("H2", "DENTAL", "2023-10-16", "COMPLETED"),
            # H3 aged 4: 6-month rule, so a 9-month-old RHA is not up to date
            ("H3", "RHA", "2024-01-01", "COMPLETED"), ("H3", "RHA", "2024-09-01", "REFUSED"),
            ("H5", "IHA", "2024-10-01", "NOT_ATTENDED"), ("H5", "DENTAL", "2024-10-15", "COMPLETED"),
            ("H5", "DENTAL", "2024-03-31", "REFUSED"),     # the day before the window
            ("SB", "RHA", "2024-05-01", "REFUSED"),        # refusals are not filtered by period
            ("I1", "IHA", "2024-07-01", "COMPLETED"),      # on the 20th working day
            ("I2", "IHA", "2024-07-02", "COMPLETED"),      # the 21st
            ("I3", "IHA", "2024-06-10", "REFUSED"), ("I3", "IHA", "2024-06-03", "COMPLETED"),
            ("I4", "IHA", "2024-05-01", "COMPLETED"),      # before the period began
        ]
    if oc2 is not None:
        tables["oc2"] = oc2
    return make_dataset(**tables)


def test_cohort_and_under_5_rule():
    rows = health.health_status(ds(), W, P).set_index("CHILD")
    assert rows.index.tolist() == ["H1", "H2", "H3", "H5"]
    assert rows["ASSESSMENT_MONTHS"].to_dict() == {"H1": 6, "H2": 12, "H3": 6, "H5": 12}
    assert rows["ASSESSMENT_UP_TO_DATE"].to_dict() == {"H1": True, "H2": True, "H3": False, "H5": False}
    assert rows["DENTAL_UP_TO_DATE"].to_dict() == {"H1": False, "H2": True, "H3": False, "H5": True}


def test_iha_within_20_working_days():
    rows = health.iha_timeliness(ds(), W, P).set_index("CHILD")
    assert rows.index.tolist() == ["I1", "I2", "I3", "I4"]
    assert (rows["IHA_DUE"] == pd.Timestamp("2024-07-01")).all()
    assert rows["IHA_ON_TIME"].to_dict() == {"I1": True, "I2": False, "I3": True, "I4": False}
    assert pd.isna(rows.loc["I4", "IHA_DATE"])


def test_summary_with_assessments():
    s = health.health_summary(ds(), W, P)
    assert list(s) == ["assessment_up_to_date", "dental_up_to_date", "iha_on_time", "refused"]
    assert (s["assessment_up_to_date"]["n"], s["assessment_up_to_date"]["d"]) == (2, 4)
    assert (s["dental_up_to_date"]["n"], s["dental_up_to_date"]["d"]) == (2, 4)
    assert (s["iha_on_time"]["n"], s["iha_on_time"]["d"]) == (2, 4)
    assert s["refused"] == 3     # H3 1 Sep, I3 10 Jun, SB 1 May


OC2 = [
    {"CHILD": "C1", "HEALTH_ASSESSMENT": "1", "TEETH_CHECK": "0", "IMMUNISATIONS": "1"},
    {"CHILD": "C2", "HEALTH_ASSESSMENT": "0", "TEETH_CHECK": "1", "IMMUNISATIONS": None},
    {"CHILD": "C3", "HEALTH_ASSESSMENT": None, "TEETH_CHECK": "1", "IMMUNISATIONS": "1"},
]


def test_oc2_fallback_without_health_assessments():
    s = health.health_summary(ds(with_assessments=False, oc2=OC2), W, P)
    assert list(s) == ["oc2_assessment", "oc2_dental", "oc2_immunisations"]
    assert [(v["n"], v["d"]) for v in s.values()] == [(1, 3), (2, 3), (2, 3)]
    # with both, the IRO service's own table is used
    assert "assessment_up_to_date" in health.health_summary(ds(oc2=OC2), W, P)
    assert health.health_summary(ds(with_assessments=False), W, P) is None


def test_pep_ages_4_and_15_in_3_and_16_out():
    d = make_dataset(
        header=[("P4", "2020-10-15"), ("P15", "2008-10-16"), ("P3", "2020-10-16"), ("P16", "2008-10-15")],
        episodes=[OPEN(k, "2024-01-01") for k in ("P4", "P15", "P3", "P16")],
        peps=[("P4", "2024-04-16"), ("P15", "2024-04-15"), ("P3", "2024-10-01"), ("P16", "2024-10-01")],
    )
    rows = health.pep_status(d, W, P).set_index("CHILD")
    assert rows["AGE"].to_dict() == {"P15": 15, "P16": 16, "P3": 3, "P4": 4}
    assert rows["IN_COHORT"].to_dict() == {"P15": True, "P16": False, "P3": False, "P4": True}
    s = health.pep_summary(d, W, P)
    assert (s["up_to_date"]["n"], s["up_to_date"]["d"]) == (1, 2)
    assert health.pep_summary(ds(), W, P) is None


def test_vectorised_lookups_stay_within_each_child():
    from iro_audit.metrics.oversight import last_event

    d = make_dataset(
        episodes=[OPEN("K1", "2024-01-01"), OPEN("K2", "2024-06-03"), OPEN("K3", "2024-06-03")],
        health_assessments=[
            ("K1", "IHA", "2024-06-20", "COMPLETED"),    # another child's IHA, after K2's start
            ("K2", "IHA", "2024-09-01", "COMPLETED"),    # K2's own, late
            ("K3", "IHA", "2024-06-03", "NOT_ATTENDED"),
            ("ZZ", "IHA", "2024-06-04", "COMPLETED"),    # a child without a period of care
        ],
    )
    rows = health.iha_timeliness(d, W, P).set_index("CHILD")
    assert rows.loc["K2", "IHA_DATE"] == pd.Timestamp("2024-09-01") and not rows.loc["K2", "IHA_ON_TIME"]
    assert pd.isna(rows.loc["K3", "IHA_DATE"])
    last = last_event(d, "health_assessments", "ASSESSMENT_DATE", "2024-08-31", ["K2", "K1", "ZZ"])
    assert pd.isna(last[0]) and last[1] == pd.Timestamp("2024-06-20").to_datetime64() and pd.isna(last[2])


# --- extract_date: IHAs not yet due at the data extract (answers worked by hand) ---------------
# Periods starting Wed 16 Apr 2025: the 20th working day after, skipping Good Friday 18 Apr,
# Easter Monday 21 Apr and Mon 5 May 2025, is Mon 19 May 2025 (Wed 14 May without them). A period
# starting Tue 1 Apr 2025: the 20th working day after is Thu 1 May 2025 (Good Friday and Easter
# Monday skipped).
W25 = Window.of("2025-04-01", "2025-06-30")


def ds25():
    return make_dataset(
        episodes=[OPEN("J1", "2025-04-16"), OPEN("J2", "2025-04-16"), OPEN("J3", "2025-04-16"),
                  OPEN("J4", "2025-04-01")],
        health_assessments=[
            ("J1", "IHA", "2025-04-30", "COMPLETED"),   # on time, well before its deadline
            ("J3", "IHA", "2025-04-25", "REFUSED"),     # no completed IHA: blank IHA_DATE
        ],                                              # J2, J4: no IHA at all
    )


def iha_nd(extract_date):
    s = health.health_summary(ds25(), W25, load_params(overrides={"extract_date": extract_date}))
    return s["iha_on_time"]["n"], s["iha_on_time"]["d"]


def test_iha_extract_date_null_counts_blank_late():
    rows = health.iha_timeliness(ds25(), W25, P).set_index("CHILD")
    assert rows["IHA_DUE"].to_dict() == {"J1": pd.Timestamp("2025-05-19"), "J2": pd.Timestamp("2025-05-19"),
                                         "J3": pd.Timestamp("2025-05-19"), "J4": pd.Timestamp("2025-05-01")}
    assert not rows["IHA_NOT_YET_DUE"].any()
    assert iha_nd(None) == (1, 4)


def test_iha_not_yet_due_left_out_and_deadline_on_extract_is_late():
    # extract Thu 1 May 2025: J4's deadline exactly (late); J2, J3 due 19 May (not yet due);
    # J1's completed IHA counts in n and d although its deadline is after the extract
    p = load_params(overrides={"extract_date": "2025-05-01"})
    rows = health.iha_timeliness(ds25(), W25, p).set_index("CHILD")
    assert rows["IHA_NOT_YET_DUE"].to_dict() == {"J1": False, "J2": True, "J3": True, "J4": False}
    assert rows["IHA_ON_TIME"].to_dict() == {"J1": True, "J2": False, "J3": False, "J4": False}
    assert iha_nd("2025-05-01") == (1, 2)
    assert iha_nd("2025-05-16") == (1, 2)   # the bank holidays push the deadline past Fri 16 May
    assert iha_nd("2025-05-19") == (1, 4)   # on the deadline: blank is late
    assert list(health.health_summary(ds25(), W25, p)) == ["assessment_up_to_date", "dental_up_to_date",
                                                           "iha_on_time", "refused"]

"""Section 20 metrics on hand-built episodes (answers worked out by hand)."""
import pandas as pd
import pytest

from iro_audit.metrics import s20
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

T = pd.Timestamp
W = Window.of("2024-04-01", "2025-03-31")  # as_at 2025-03-31


def outcome_dataset(**extra):
    return make_dataset(episodes=[
        # A: s20 converting to an interim care order inside the window
        ("A", "2024-05-01", "S", "V2", "U4", "2024-07-01", "X1"),
        ("A", "2024-07-01", "L", "C1", "U4", None, None),
        # B: the order begins after as_at, so at as_at B is still s20 (not converted)
        ("B", "2024-06-01", "S", "V2", "U4", "2025-05-01", "X1"),
        ("B", "2025-05-01", "L", "C1", "U4", None, None),
        # C, D: s20 ceasing care, E4A and E13 (any REC counts)
        ("C", "2024-08-01", "S", "V2", "U4", "2024-10-01", "E4A"),
        ("D", "2024-08-01", "S", "V2", "U4", "2024-10-01", "E13"),
        # E: continues under J1 (not an order): counts in none of the three
        ("E", "2024-09-01", "S", "V2", "U4", "2024-11-01", "X1"),
        ("E", "2024-11-01", "L", "J1", "R5", None, None),
        # F: placement order (E1) is an order
        ("F", "2024-09-01", "S", "V2", "U4", "2024-12-01", "X1"),
        ("F", "2024-12-01", "L", "E1", "U4", None, None),
        # G: s20 since before the window: current, not an admission
        ("G", "2024-01-01", "S", "V2", "U4", None, None),
    ], **extra)


def test_outcomes_as_at():
    ds = outcome_dataset()
    out = s20.summary(ds, W, DEFAULTS)
    assert list(out) == ["admissions", "admissions_children", "admissions_under_1", "current",
                         "current_over_6m", "current_over_12m", "outcome", "consent_recorded"]
    assert out["current"] == 2 and out["current_over_6m"] == 2   # B and G
    assert out["admissions"] == 6 and out["admissions_children"] == 6
    assert out["outcome"] == {"converted_to_order": 2, "ceased_care": 2, "still_s20": 1}
    rows = s20.admissions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["OUTCOME"].to_dict() == {
        "A": "converted_to_order", "B": "still_s20", "C": "ceased_care", "D": "ceased_care",
        "E": "other", "F": "converted_to_order"}
    assert rows.loc["A", "STATUS_NOW"] == "interim care order (C1)"
    assert rows.loc["B", "STATUS_NOW"] == "still s20"
    assert rows.loc["C", "STATUS_NOW"] == "left care: returned home (E4A)"
    assert rows.loc["E", "STATUS_NOW"] == "remanded (J1)"
    assert rows.loc["D", "REC"] == "E13" and rows.loc["C", "REC"] == "E4A" and pd.isna(rows.loc["A", "REC"])
    assert rows.loc["F", "STATUS_NOW"] == "placement order (E1)"
    # days accommodated: to the run's end, or to as_at while open
    assert rows.loc["A", "DAYS_ACCOMMODATED"] == 61
    assert rows.loc["B", "DAYS_ACCOMMODATED"] == 303  # 1 Jun 2024 to 31 Mar 2025
    # no s20_agreements table: consent is null
    assert out["consent_recorded"] is None
    # only B is still s20, since 1 Jun 2024 (on or before 30 Sep 2024 = as_at - 6 months)
    assert rows["FLAGS"].to_dict() == {"A": "", "B": "over 6 months", "C": "", "D": "", "E": "",
                                       "F": ""}


def test_order_on_as_at_day_converts_and_run_ending_after_as_at_does_not():
    ds = outcome_dataset()
    # as_at the day the order for B begins: converted; the day before: still s20
    on = Window.of("2024-04-01", "2025-03-31", "2025-05-01")
    before = Window.of("2024-04-01", "2025-03-31", "2025-04-30")
    assert s20.admissions(ds, on, DEFAULTS).set_index("CHILD").loc["B", "OUTCOME"] == "converted_to_order"
    assert s20.admissions(ds, before, DEFAULTS).set_index("CHILD").loc["B", "OUTCOME"] == "still_s20"
    # an earlier as_at: A's run (1 May - 1 Jul) is still going on 30 Jun
    early = Window.of("2024-04-01", "2025-03-31", "2024-06-30")
    assert s20.admissions(ds, early, DEFAULTS).set_index("CHILD").loc["A", "OUTCOME"] == "still_s20"


def test_under_1_day_before_and_on_first_birthday():
    ds = make_dataset(
        header=[("U1", "2023-06-15"), ("U2", "2023-06-15")],
        episodes=[("U1", "2024-06-14", "S", "V2", "U4", None, None),   # day before 1st birthday
                  ("U2", "2024-06-15", "S", "V2", "U4", None, None)],  # on it
    )
    out = s20.summary(ds, W, DEFAULTS)
    assert out["admissions"] == 2 and out["admissions_under_1"] == 1
    rows = s20.admissions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["UNDER_1"].to_dict() == {"U1": True, "U2": False}
    assert rows["AGE_AT_START"].to_dict() == {"U1": 0, "U2": 1}
    assert rows.loc["U1", "FLAGS"].startswith("under 1")


@pytest.mark.parametrize("as_at, boundary", [("2024-08-31", "2024-02-29"), ("2025-08-31", "2025-02-28")])
def test_current_over_6_and_12_months_with_month_end_clipping(as_at, boundary):
    a = T(as_at)
    b = T(boundary)
    y12 = a - pd.DateOffset(years=1)          # 31 Aug the year before
    eps = [
        ("P", b, "S", "V2", "U4", None, None),                              # exactly as_at - 6m
        ("Q", b + pd.Timedelta(days=1), "S", "V2", "U4", None, None),       # a day later
        ("R", y12, "S", "V2", "U4", None, None),                            # exactly as_at - 12m
        ("S", y12 + pd.Timedelta(days=1), "S", "V2", "U4", None, None),
        ("T", a - pd.Timedelta(days=56), "S", "V2", "U4", None, None),      # 8 weeks exactly
        ("U", a - pd.Timedelta(days=55), "S", "V2", "U4", None, None),
        ("SB", a - pd.Timedelta(days=400), "S", "V3", "U4", None, None),    # short break: left out
        ("X", y12, "S", "V2", "U4", a, "E4A"),                              # left care on as_at
    ]
    eps = [(c, str(d.date()), *rest) for c, d, *rest in eps]
    ds = make_dataset(episodes=eps)
    w = Window.of(a - pd.DateOffset(months=3), a)
    out = s20.summary(ds, w, DEFAULTS)
    assert out["current"] == 6
    assert out["current_over_6m"] == 3      # P, R, S
    assert out["current_over_12m"] == 1     # R
    cur = s20.current(ds, w, DEFAULTS).set_index("CHILD")
    assert cur["DURATION_BAND"].to_dict() == {
        "P": "6-12 months", "Q": "8 weeks to 6 months", "R": "over 12 months",
        "S": "6-12 months", "T": "8 weeks to 6 months", "U": "under 8 weeks"}
    assert cur.loc["T", "DAYS"] == 56 and cur.loc["U", "DAYS"] == 55


def test_consent_on_second_working_day_after_friday_start_across_bank_holiday():
    # Friday 3 May 2024; Monday 6 May is a bank holiday: 2nd working day = Wed 8 May
    eps = [(c, "2024-05-03", "S", "V2", "U4", None, None) for c in ("C1", "C2", "C3", "C4", "C5")]
    ds = make_dataset(
        episodes=eps,
        s20_agreements=[
            ("C1", "2024-05-03", "2024-05-08"),   # 2nd working day: on time
            ("C2", "2024-05-03", "2024-05-09"),   # 3rd: late
            ("C4", "2024-05-03", "2024-05-01"),   # before the start: on time
            ("C5", "2024-05-04", "2024-05-03"),   # DECOM is not the run's start: no join
        ],
    )
    out = s20.summary(ds, W, DEFAULTS)
    assert out["consent_recorded"]["n"] == 2 and out["consent_recorded"]["d"] == 5
    rows = s20.admissions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["CONSENT_ON_TIME"].to_dict() == {"C1": True, "C2": False, "C3": False, "C4": True,
                                                 "C5": False}
    assert "consent late" in rows.loc["C2", "FLAGS"]
    assert "no consent recorded" in rows.loc["C3", "FLAGS"]
    assert "no consent recorded" in rows.loc["C5", "FLAGS"]
    assert pd.isna(rows.loc["C5", "CONSENT_DATE"])
    # still s20 at 31 Mar 2025, began 3 May 2024, agreement never reviewed
    assert rows.loc["C1", "FLAGS"] == "over 6 months; agreement not reviewed"


def test_uasc_column_from_uasc_table():
    ds = make_dataset(
        episodes=[(c, "2024-05-03", "S", "V2", "U4", None, None) for c in ("K1", "K2", "K3")],
        uasc=[("K1", None), ("K2", "2024-05-01")],   # K2 stopped being UASC before the run
    )
    rows = s20.admissions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows["UASC"].to_dict() == {"K1": True, "K2": False, "K3": False}


def test_agreement_not_reviewed_flag_and_plo_stage_carried():
    ds = make_dataset(
        episodes=[("A", "2024-05-03", "S", "V2", "U4", None, None),
                  ("B", "2024-05-03", "S", "V2", "U4", None, None)],
        s20_agreements=[
            {"CHILD": "A", "DECOM": "2024-05-03", "CONSENT_DATE": "2024-05-03",
             "AGREEMENT_REVIEWED": "2024-11-01", "PLO_STAGE": "PRE_PROCEEDINGS"},
            {"CHILD": "B", "DECOM": "2024-05-03", "CONSENT_DATE": "2024-05-03"},
        ],
    )
    rows = s20.admissions(ds, W, DEFAULTS).set_index("CHILD")
    assert rows.loc["A", "PLO_STAGE"] == "PRE_PROCEEDINGS"
    assert rows.loc["A", "AGREEMENT_REVIEWED"] == T("2024-11-01")
    assert rows.loc["A", "FLAGS"] == "over 6 months"
    assert rows.loc["B", "FLAGS"] == "over 6 months; agreement not reviewed"


# --- extract_date: consent not yet due at the data extract (answers worked by hand) ------------
# Runs starting Wed 16 Apr 2025: the 2nd working day after, skipping Good Friday 18 Apr and Easter
# Monday 21 Apr 2025, is Tue 22 Apr (Fri 18 Apr without them). A run starting Thu 10 Apr 2025:
# Mon 14 Apr.
W25 = Window.of("2025-04-01", "2025-06-30")


def consent_ds():
    return make_dataset(
        episodes=[(c, "2025-04-16", "S", "V2", "U4", None, None) for c in ("S1", "S2", "S3")]
        + [("S4", "2025-04-10", "S", "V2", "U4", None, None)],
        s20_agreements=[
            ("S1", "2025-04-16", "2025-04-17"),   # 1st working day: on time
            ("S2", "2025-04-16", None),           # agreement row, no consent date
            ("S4", "2025-04-10", None),           # due 14 Apr, no consent date
        ],                                        # S3: no agreement row
    )


def consent_nd(extract_date):
    out = s20.summary(consent_ds(), W25, {**DEFAULTS, "extract_date": extract_date})
    return out["consent_recorded"]["n"], out["consent_recorded"]["d"]


def test_consent_extract_date_null_counts_blank_late():
    rows = s20.admissions(consent_ds(), W25, DEFAULTS).set_index("CHILD")
    assert rows["CONSENT_DUE"].to_dict() == {"S1": T("2025-04-22"), "S2": T("2025-04-22"),
                                             "S3": T("2025-04-22"), "S4": T("2025-04-14")}
    assert not rows["CONSENT_NOT_YET_DUE"].any()
    assert consent_nd(None) == (1, 4)


def test_consent_not_yet_due_left_out_and_deadline_on_extract_is_late():
    # extract Easter Monday 21 Apr 2025: S2, S3 due 22 Apr (not yet due); S4 due 14 Apr (late);
    # S1's consent counts in n and d although its deadline is after the extract
    rows = s20.admissions(consent_ds(), W25, {**DEFAULTS, "extract_date": "2025-04-21"}).set_index("CHILD")
    assert rows["CONSENT_NOT_YET_DUE"].to_dict() == {"S1": False, "S2": True, "S3": True, "S4": False}
    assert rows["CONSENT_ON_TIME"].to_dict() == {"S1": True, "S2": False, "S3": False, "S4": False}
    assert "no consent recorded" in rows.loc["S2", "FLAGS"]   # the exception flags are unchanged
    assert consent_nd("2025-04-21") == (1, 2)
    assert consent_nd("2025-04-22") == (1, 4)   # on the deadline: blank is late
    # extract Mon 14 Apr = S4's deadline: S4 late; S2, S3 not yet due; S1's consent is present,
    # so it is judged as usual (on time) whatever the extract date
    assert consent_nd("2025-04-14") == (1, 2)


def test_consent_not_yet_due_needs_the_agreements_table():
    ds = make_dataset(episodes=[("S1", "2025-04-16", "S", "V2", "U4", None, None)])
    rows = s20.admissions(ds, W25, {**DEFAULTS, "extract_date": "2025-04-21"})
    assert rows["CONSENT_NOT_YET_DUE"].isna().all()
    assert s20.summary(ds, W25, {**DEFAULTS, "extract_date": "2025-04-21"})["consent_recorded"] is None

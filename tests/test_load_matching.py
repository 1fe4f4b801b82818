"""IRO records that match nothing: a data-quality row each (load/matching.py), and a "possible
mismatch" note on the child-level row that failed for want of one (metrics/_mismatch.py).
Every answer below was worked out by hand."""

import pandas as pd
import pytest

from iro_audit.load import build_dataset
from iro_audit.load.matching import target_dates, unmatched_records
from iro_audit.metrics import pwp, qc, review_records, s20
from iro_audit.params import DEFAULTS, load_params
from iro_audit.periods import care
from iro_audit.testing import make_dataset
from iro_audit.window import Window

from _loadkit import write_table as _write

W = Window.of("2025-01-01", "2025-03-31")
P = dict(DEFAULTS)


@pytest.fixture
def folder(tmp_path):
    """A: accommodated under s20 from Thu 2 Jan 2025, review Fri 31 Jan 2025.
    B: interim care order from 2 Jan 2025, home to parents (P1) from Sat 1 Feb 2025.
    Each IRO record is keyed one day off except the Q&C form F1 (on A's review date)."""
    _write(tmp_path, "header", [{"CHILD": "A", "SEX": "1", "DOB": "01/06/2015"},
                                {"CHILD": "B", "SEX": "2", "DOB": "01/06/2016"}])
    _write(tmp_path, "episodes", [
        {"CHILD": "A", "DECOM": "02/01/2025", "RNE": "S", "LS": "V2", "PLACE": "U4", "REC": "X1"},
        {"CHILD": "B", "DECOM": "02/01/2025", "RNE": "S", "LS": "C1", "PLACE": "U4",
         "DEC": "01/02/2025", "REC": "X1", "REASON_PLACE_CHANGE": "CARPL"},
        {"CHILD": "B", "DECOM": "01/02/2025", "RNE": "P", "LS": "C1", "PLACE": "P1", "REC": "X1"},
    ])
    _write(tmp_path, "reviews", [{"CHILD": "A", "REVIEW": "31/01/2025", "REVIEW_CODE": "PN1"}])
    _write(tmp_path, "review_records", [{"CHILD": "A", "REVIEW": "30/01/2025",
                                         "MINUTES_ISSUED": "03/02/2025"}])
    _write(tmp_path, "qc_forms", [{"FORM_ID": "F1", "CHILD": "A", "REVIEW": "31/01/2025"},
                                  {"FORM_ID": "F2", "CHILD": "A", "REVIEW": "01/02/2025"}])
    _write(tmp_path, "s20_agreements", [{"CHILD": "A", "DECOM": "03/01/2025",
                                         "CONSENT_DATE": "02/01/2025"}])
    _write(tmp_path, "pwp_records", [{"CHILD": "B", "PLACEMENT_START": "31/01/2025",
                                      "NOMINATED_OFFICER_APPROVAL": "30/01/2025"}])
    return tmp_path


def test_each_unmatched_record_is_a_kept_row_naming_file_row_and_the_nearest_date(folder):
    ds = build_dataset(folder)
    u = ds.problems[ds.problems["rule"] == "unmatched_record"].set_index("table")
    assert sorted(u.index) == ["pwp_records", "qc_forms", "review_records", "s20_agreements"]
    assert set(u["action"]) == {"kept"}
    rr = u.loc["review_records"]
    assert (rr["file"], rr["row"], rr["column"], rr["value"]) == ("review_records.csv", 2, "REVIEW", "30/01/2025")
    assert rr["expected"].startswith("a review of the child on this date in reviews")
    assert rr["expected"].endswith("the child's nearest review is 31/01/2025")
    f2 = u.loc["qc_forms"]                       # F1 matches A's review; only F2 (row 3) does not
    assert (f2["row"], f2["value"]) == (3, "01/02/2025")
    ag = u.loc["s20_agreements"]
    assert (ag["column"], ag["value"]) == ("DECOM", "03/01/2025")
    assert ag["expected"].endswith("nearest section 20 start is 02/01/2025")
    pr = u.loc["pwp_records"]
    assert (pr["column"], pr["value"]) == ("PLACEMENT_START", "31/01/2025")
    assert pr["expected"].endswith("nearest placed-with-parents start is 01/02/2025")
    # the records stay in their tables (kept), nothing is set aside
    assert len(ds["review_records"]) == 1 and len(ds["qc_forms"]) == 2


def test_failures_still_count_but_say_possible_mismatch(folder):
    ds = build_dataset(folder)
    params = load_params()
    rr = review_record_row = review_records.review_record_timeliness(ds, W, params).iloc[0]
    assert not rr["HAS_RECORD"] and rr["REPORT_TIMING"] == "no_report" and not rr["MINUTES_ON_TIME"]
    assert review_record_row["POSSIBLE_MISMATCH"] == "an unmatched review record of this child is dated 30/01/2025"
    assert review_records.summary(ds, W, params)["minutes_on_time"]["n"] == 0   # definition unchanged

    fc = qc.form_completion(ds, W, params).iloc[0]
    assert fc["HAS_FORM"] and pd.isna(fc["POSSIBLE_MISMATCH"])       # F1 matched: nothing to say

    adm = s20.admissions(ds, W, params).iloc[0]
    assert not adm["HAS_AGREEMENT"] and not adm["CONSENT_ON_TIME"]
    assert "no consent recorded" in adm["FLAGS"]
    assert adm["POSSIBLE_MISMATCH"] == "an unmatched s20 agreement of this child is dated 03/01/2025"
    assert s20.summary(ds, W, params)["consent_recorded"]["n"] == 0

    st = pwp.started(ds, W, params).iloc[0]
    assert (st["CHILD"], st["START"]) == ("B", pd.Timestamp("2025-02-01"))
    assert not st["HAS_RECORD"] and not st["APPROVED_BEFORE_PLACEMENT"]
    assert st["POSSIBLE_MISMATCH"] == ("an unmatched placed-with-parents record of this child is "
                                       "dated 31/01/2025")
    assert pwp.current(ds, W, params).iloc[0]["POSSIBLE_MISMATCH"] == st["POSSIBLE_MISMATCH"]


def _reviews_ds(records, forms=()):
    # A and B each have a review on Fri 31 Jan 2025 in a period of care begun 2 Dec 2024
    return make_dataset(
        episodes=[("A", "2024-12-02", "S", "C2", "U4", None, None),
                  ("B", "2024-12-02", "S", "C2", "U4", None, None)],
        reviews=[("A", "2025-01-31", "PN1"), ("B", "2025-01-31", "PN1")],
        review_records=list(records), qc_forms=list(forms))


def _flags(ds, params=P):
    rows = review_records.review_record_timeliness(ds, W, params).set_index("CHILD")
    return {k: None if pd.isna(v) else v for k, v in rows["POSSIBLE_MISMATCH"].items()}


def test_a_record_of_another_child_or_far_off_is_no_flag():
    ds = _reviews_ds([("B", "2025-01-30"),                 # B's, one day before A's review date
                      ("A", "2025-03-20")])                # A's, 48 days after
    assert _flags(ds) == {"A": None,
                          "B": "an unmatched review record of this child is dated 30/01/2025"}


def test_mismatch_days_is_the_edge_both_ways():
    ds = _reviews_ds([("A", "2025-02-07"),                 # 7 days after A's review
                      ("B", "2025-01-23")])                # 8 days before B's
    assert _flags(ds) == {"A": "an unmatched review record of this child is dated 07/02/2025", "B": None}
    assert _flags(ds, {**P, "mismatch_days": 6}) == {"A": None, "B": None}
    assert _flags(ds, {**P, "mismatch_days": 8})["B"] == "an unmatched review record of this child is dated 23/01/2025"


def test_two_near_records_are_both_named_and_a_matched_review_is_never_flagged():
    ds = _reviews_ds([("A", "2025-02-01"), ("A", "2025-01-30"), ("B", "2025-01-31"), ("B", "2025-02-01")])
    assert _flags(ds) == {"A": "unmatched review records of this child are dated 30/01/2025 and 01/02/2025",
                          "B": None}                        # B's review has its record


def test_qc_form_one_day_off():
    ds = _reviews_ds([], forms=[("F1", "A", "2025-02-01", "GOOD")])
    rows = qc.form_completion(ds, W, P).set_index("CHILD")
    assert not rows.loc["A", "HAS_FORM"]
    assert rows.loc["A", "POSSIBLE_MISMATCH"] == "an unmatched Q&C form of this child is dated 01/02/2025"
    assert pd.isna(rows.loc["B", "POSSIBLE_MISMATCH"])
    assert qc.summary(ds, W, P)["completion"]["n"] == 0


def test_mismatch_days_must_be_a_whole_number():
    from iro_audit.errors import ParameterError

    assert load_params(overrides={"mismatch_days": 0})["mismatch_days"] == 0
    for bad in (-1, 2.5, "7", True):
        with pytest.raises(ParameterError, match="mismatch_days"):
            load_params(overrides={"mismatch_days": bad})


def test_run_starts_at_load_level_are_those_of_periods():
    """E: two periods at home (a gap between them): two runs. F: one period, the second P1
    episode a change of placement within the run (not a start). G: a short-break period (V3)
    with P1: no run. H: P1 after U4 in the same period: a run starting at the P1 episode."""
    ds = make_dataset(
        episodes=[("E", "2024-01-01", "S", "C2", "P1", "2024-03-01", "E4A"),
                  ("E", "2024-06-01", "S", "C2", "P1", None, None),
                  ("F", "2024-01-01", "S", "C2", "P1", "2024-02-01", "X1"),
                  ("F", "2024-02-01", "P", "C2", "P1", None, None),
                  ("G", "2024-01-01", "S", "V3", "P1", "2024-01-03", "E8"),
                  ("H", "2024-01-01", "S", "C1", "U4", "2024-04-01", "X1"),
                  ("H", "2024-04-01", "P", "C1", "P1", None, None)],
        pwp_records=[("E", "2024-06-01", None), ("F", "2024-02-01", None), ("G", "2024-01-01", None),
                     ("H", "2024-04-01", None)])
    runs = care(ds).runs("pwp")
    from_periods = sorted(zip(runs["CHILD"], pd.to_datetime(runs["START"])))
    at_load = sorted(zip(*target_dates(ds.tables, "pwp")[["CHILD", "DATE"]].T.to_numpy()))
    assert at_load == from_periods == [("E", pd.Timestamp("2024-01-01")), ("E", pd.Timestamp("2024-06-01")),
                                       ("F", pd.Timestamp("2024-01-01")), ("H", pd.Timestamp("2024-04-01"))]
    um = unmatched_records(ds.tables)["pwp_records"]
    assert list(zip(um["CHILD"], um["DATE"])) == [("F", pd.Timestamp("2024-02-01")),
                                                   ("G", pd.Timestamp("2024-01-01"))]
    # and the metric agrees: F's run has no record, E's second run and H's run have theirs
    st = pwp.started(ds, Window.of("2024-01-01", "2024-12-31"), P).set_index(["CHILD", "START"])
    assert st["HAS_RECORD"].to_dict() == {("E", pd.Timestamp("2024-01-01")): False,
                                          ("F", pd.Timestamp("2024-01-01")): False,
                                          ("H", pd.Timestamp("2024-04-01")): True,
                                          ("E", pd.Timestamp("2024-06-01")): True}


def test_a_blank_key_date_matches_nothing():
    ds = _reviews_ds([("A", None)])
    um = unmatched_records(ds.tables)["review_records"]
    assert len(um) == 1 and pd.isna(um["DATE"].iloc[0]) and pd.isna(um["NEAREST"].iloc[0])


# --- the reports' exception lists show the note --------------------------------------------------
def _cells(block) -> list[dict]:
    """Each table of BLOCK as a list of {heading: cell} rows (the data the Styler shows)."""
    out = []
    for sty in block.tables():
        df = sty.data
        out.append([dict(zip(df.columns, r)) for r in df.itertuples(index=False)])
    return out


def _open(folder, name, suppress=False):
    from iro_audit.report.context import open_report

    return open_report(name, data_dir=str(folder), start="2025-01-01", end="2025-03-31",
                       suppress=suppress)


def test_report_lists_show_possible_mismatch(folder):
    from iro_audit.report import pwp as pwp_report, qc as qc_report, quarterly, s20 as s20_report

    rr = quarterly.missing_review_records(_open(folder, "quarterly_performance"))
    assert "1 review held in the period had no review record" in rr.text()
    row = _cells(rr)[0][0]
    assert row["Possible mismatch"] == "An unmatched review record of this child is dated 30/01/2025"
    assert "1 of these may be a mismatch rather than a missing record: a review record" in rr.text()

    consent = s20_report.consent_and_agreements(_open(folder, "s20_admissions"))
    lists = [t for t in _cells(consent) if t and "Possible mismatch" in t[0]]
    assert lists[0][0]["Possible mismatch"] == "An unmatched s20 agreement of this child is dated 03/01/2025"
    exc = _cells(s20_report.exceptions(_open(folder, "s20_admissions")))[0][0]
    assert exc["Possible mismatch"] == "An unmatched s20 agreement of this child is dated 03/01/2025"

    reg = pwp_report.regulation_checks(_open(folder, "placed_with_parents"))
    lists = [t for t in _cells(reg) if t and "Possible mismatch" in t[0]]
    assert lists[0][0]["Possible mismatch"] == ("An unmatched placed-with-parents record of this child "
                                                "is dated 31/01/2025")

    # A's review has its form F1, so the Q&C list is empty and says so
    forms = qc_report.missing_forms(_open(folder, "qc_forms"))
    assert "Every review held in the period has a Q&C form." in forms.text()


def test_a_paper_for_publication_withholds_the_list_and_suppresses_the_count(folder):
    from iro_audit.report import quarterly

    b = quarterly.missing_review_records(_open(folder, "quarterly_performance", suppress=True))
    assert "30/01/2025" not in b.text() and "c of these may be a mismatch" in b.text()

"""Each validation rule on a small hand-made file (the clean base folder with one file changed)."""
import pandas as pd
import pytest

from iro_audit.errors import DataError
from iro_audit.load import load_dataset

from _loadkit import EPISODES_HEAD, REVIEWS_HEAD, check_accounting, folder, only

T = pd.Timestamp


def test_clean_base_has_no_problems(tmp_path):
    ds = load_dataset(folder(tmp_path))
    assert ds.problems.empty
    e = ds["episodes"]
    assert list(e["CHILD"]) == ["001", "001", "002"]  # leading zeros kept
    assert e["DECOM"].tolist() == [T("2019-04-01"), T("2019-10-01"), T("2019-05-15")]
    assert ds["header"].loc[1, "DOB"] == T("2010-01-20")  # ISO date
    assert ds["header"].loc[1, "MOTHER"] == 0.0
    assert list(e["_row"]) == [2, 3, 4]
    check_accounting(ds)


def test_type_bad_date_clears_value_or_sets_row_aside_when_key(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,31/09/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15th May,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "type")
    assert p[["file", "row", "column", "value", "action"]].values.tolist() == [
        ["episodes.csv", 2, "DEC", "31/09/2019", "value cleared"],
        ["episodes.csv", 4, "DECOM", "15th May", "row set aside"],
    ]
    assert p.loc[0, "expected"] == "a date, DD/MM/YYYY or YYYY-MM-DD"
    e = ds["episodes"]
    assert list(e["_row"]) == [2, 3]
    # DEC cleared, then (as any episode left open before another) closed at the next DECOM
    assert e.loc[0, "DEC"] == T("2019-10-01")
    check_accounting(ds)


def test_type_bad_number_and_flag(tmp_path):
    d = folder(tmp_path, oc2_csv="""
CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
001,15/06/2015,twelve,,0,1.0,1,1,1,0,0,0
002,20/01/2010,12.5,,0,1,2,1,1,0,0,0
""")
    ds = load_dataset(d)
    p = only(ds.problems, "type")
    assert p[["row", "column", "value", "action"]].values.tolist() == [
        [2, "SDQ_SCORE", "twelve", "value cleared"],
        [3, "SDQ_SCORE", "12.5", "value cleared"],
        [3, "IMMUNISATIONS", "2", "value cleared"],
    ]
    oc2 = ds["oc2"]
    assert oc2["HEALTH_CHECK"].tolist() == [1.0, 1.0]  # "1.0" read as 1
    assert oc2["SDQ_SCORE"].isna().all() and pd.isna(oc2.loc[1, "IMMUNISATIONS"])


def test_code_not_in_list_clears_value_and_keeps_episode(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,c2,N1,ZZ,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "code")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[2, "PLACE", "ZZ", "value cleared"]]
    assert p.loc[0, "expected"].startswith("one of A3, A4")
    e = ds["episodes"]
    assert len(e) == 3 and pd.isna(e.loc[0, "PLACE"]) and e.loc[0, "LS"] == "C2"  # c2 upper-cased


def test_code_year_reported_but_kept(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,Z11,PR1,01/10/2019,E43,,,,
001,01/10/2019,P,C2,N1,Z1,PR1,,,CARPL,,,
002,15/05/2016,S,V2,N2,K2,PR1,20/06/2016,E45,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "code_year")
    # Z11 starts 2023-24 (DECOM year 2020); E43 ends 2015-16 (DEC year 2020); E45 starts
    # 2016-17 (DEC 20/06/2016 is in collection year 2017: valid). Z1 in 2020: valid.
    assert p[["row", "column", "value", "action"]].values.tolist() == [
        [2, "PLACE", "Z11", "kept"], [2, "REC", "E43", "kept"]]
    assert "collection year 2020" in p.loc[0, "expected"]
    e = ds["episodes"]
    assert e.loc[0, "PLACE"] == "Z11" and e.loc[0, "REC"] == "E43"
    assert e.loc[2, "REC"] == "E45"


def test_code_year_edge_first_valid_year(tmp_path):
    # E45 valid from collection year 2017: DEC 31/03/2016 is year 2016 (reported), 01/04/2016 is 2017
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2015,S,C2,N1,U1,PR1,31/03/2016,E45,,,,
002,15/05/2015,S,V2,N2,K2,PR1,01/04/2016,E45,,,,
""")
    ds = load_dataset(d)
    assert only(ds.problems, "code_year")["row"].tolist() == [2]


def test_range_sdq_over_40_cleared(tmp_path):
    d = folder(tmp_path, oc2_csv="""
CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED
001,15/06/2015,40,,0,1,1,1,1,0,0,0
002,20/01/2010,41,,0,1,1,1,1,0,0,0
""")
    ds = load_dataset(d)
    p = only(ds.problems, "range")
    assert p[["row", "column", "value", "expected", "action"]].values.tolist() == [
        [3, "SDQ_SCORE", "41", "a number from 0 to 40", "value cleared"]]
    assert ds["oc2"]["SDQ_SCORE"].tolist()[0] == 40.0 and pd.isna(ds["oc2"]["SDQ_SCORE"][1])


def test_required_blank_key_sets_aside_other_is_kept(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,,N1,U1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "required")
    assert p[["row", "column", "action"]].values.tolist() == [[2, "LS", "kept"], [4, "CHILD", "row set aside"]]
    assert len(ds["episodes"]) == 2
    check_accounting(ds)


def test_duplicate_rows_second_set_aside(tmp_path):
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,29/04/2019,PN0
001,15/06/2015,29/04/2019,PN0
002,20/01/2010,10/06/2019,PN1
""")
    ds = load_dataset(d)
    p = only(ds.problems, "duplicate")
    assert p[["row", "action"]].values.tolist() == [[3, "row set aside"]]
    assert p.loc[0, "expected"].endswith("same as row 2")
    assert only(ds.problems, "duplicate_key").empty
    assert len(ds["reviews"]) == 2
    check_accounting(ds)


def test_duplicate_key_first_row_used(tmp_path):
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,29/04/2019,PN0
002,20/01/2010,10/06/2019,PN1
001,15/06/2015,2019-04-29,PN0
""")
    ds = load_dataset(d)
    p = only(ds.problems, "duplicate_key")
    assert p[["row", "column", "action"]].values.tolist() == [[4, "CHILD+REVIEW", "row set aside"]]
    assert ds["reviews"]["_row"].tolist() == [2, 3]


def test_chronology_dec_before_decom_cleared(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,14/05/2019,E8,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "chronology")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[4, "DEC", "14/05/2019", "value cleared"]]
    assert p.loc[0, "expected"] == "a date on or after DECOM (15/05/2019)"
    assert pd.isna(ds["episodes"].loc[2, "DEC"])  # last episode: left open, still counted


def test_chronology_missing_end_cleared_allocation_set_aside(tmp_path):
    d = folder(tmp_path, missing_csv="""
CHILD,DOB,MISSING,MIS_START,MIS_END
002,20/01/2010,M,10/08/2019,09/08/2019
002,20/01/2010,A,10/09/2019,10/09/2019
""", iro_allocations_csv="""
CHILD,IRO_ID,ALLOC_START,ALLOC_END
001,I1,01/04/2019,31/03/2019
002,I1,15/05/2019,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "chronology")
    assert p[["file", "row", "column", "action"]].values.tolist() == [
        ["iro_allocations.csv", 2, "ALLOC_END", "row set aside"],
        ["missing.csv", 2, "MIS_END", "value cleared"]]
    assert ds["iro_allocations"]["CHILD"].tolist() == ["002"]
    assert pd.isna(ds["missing"].loc[0, "MIS_END"]) and ds["missing"].loc[1, "MIS_END"] == T("2019-09-10")
    check_accounting(ds)


def test_overlap_repaired_closed_at_next_decom(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,05/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "overlap")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[2, "DEC", "05/10/2019", "repaired"]]
    assert p.loc[0, "expected"] == ("a date on or before the next DECOM (01/10/2019); closed on "
                                    "01/10/2019, REC left as recorded (X1)")
    assert ds["episodes"].loc[0, "DEC"] == T("2019-10-01")


def test_overlap_edge_dec_equal_next_decom_is_fine(tmp_path):
    ds = load_dataset(folder(tmp_path))  # base: DEC 01/10/2019 == next DECOM 01/10/2019
    assert only(ds.problems, "overlap").empty


def test_before_birth_review_set_aside_episode_kept(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,14/06/2015,S,C2,N1,U1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""", reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,14/06/2015,PN0
001,15/06/2015,15/06/2015,PN0
002,20/01/2010,10/06/2019,PN1
""")
    ds = load_dataset(d)
    p = only(ds.problems, "before_birth")
    assert p[["file", "row", "column", "action"]].values.tolist() == [
        ["episodes.csv", 2, "DECOM", "kept"], ["reviews.csv", 2, "REVIEW", "row set aside"]]
    assert ds["reviews"]["_row"].tolist() == [3, 4]  # born that day: fine
    assert len(ds["episodes"]) == 3
    check_accounting(ds)


def test_pn_age_edges(tmp_path):
    # child 001 born 15/06/2015: 4th birthday 15/06/2019
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,14/06/2019,PN0
001,15/06/2015,15/06/2019,PN0
001,15/06/2015,16/06/2019,PN1
001,15/06/2015,13/06/2019,PN2
002,20/01/2010,10/06/2019,PN1
""")
    ds = load_dataset(d)
    p = only(ds.problems, "pn_age")
    assert p[["row", "value", "action"]].values.tolist() == [[3, "PN0", "value cleared"],
                                                            [5, "PN2", "value cleared"]]
    r = ds["reviews"]
    assert len(r) == 5  # the reviews still count
    assert r["REVIEW_CODE"].isna().tolist() == [False, True, False, True, False]


def test_p1_under_v2_reported_kept(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,P1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,P1,PR1,,,,,,
""")
    ds = load_dataset(d)
    p = only(ds.problems, "p1_under_v2")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[4, "PLACE", "P1", "kept"]]
    assert ds["episodes"].loc[2, "PLACE"] == "P1"


def test_child_not_in_header_kept(tmp_path):
    d = folder(tmp_path, peps_csv="""
CHILD,PEP_DATE
002,01/07/2019
999,01/07/2019
""")
    ds = load_dataset(d)
    p = only(ds.problems, "child_not_in_header")
    assert p[["file", "row", "value", "action"]].values.tolist() == [["peps.csv", 3, "999", "kept"]]
    assert len(ds["peps"]) == 2


def test_escalation_reason_against_parameter_list(tmp_path):
    text = """
ESCALATION_ID,CHILD,IRO_ID,RAISED_DATE,ESCALATION_TYPE,STAGE_REACHED,REASON,RESOLVED_DATE,OUTCOME,NOTES
E1,001,I1,01/06/2019,FORMAL,2,drift_delay,,,
E2,002,I1,01/06/2019,DISCUSSION,1,HOUSING,,,
"""
    ds = load_dataset(folder(tmp_path, escalations_csv=text))
    p = only(ds.problems, "escalation_reason")
    assert p[["row", "value", "action"]].values.tolist() == [[3, "HOUSING", "value cleared"]]
    assert ds["escalations"].loc[0, "REASON"] == "DRIFT_DELAY"
    ds2 = load_dataset(folder(tmp_path / "b", escalations_csv=text), escalation_reasons=["HOUSING"])
    assert only(ds2.problems, "escalation_reason")["row"].tolist() == [2]


def test_qc_form_items_not_extras_and_answers_checked(tmp_path):
    d = folder(tmp_path, qc_forms_csv="""
FORM_ID,CHILD,REVIEW,IRO_ID,COMPLETED_DATE,OVERALL_GRADE,COMMENTS,Q1_VIEWS,Q2_PLAN
F1,001,29/04/2019,I1,30/04/2019,GOOD,,y,NA
F2,002,10/06/2019,I1,11/06/2019,good,,MAYBE,N
""")
    ds = load_dataset(d)
    assert only(ds.problems, "extra_column").empty
    p = only(ds.problems, "code")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[3, "Q1_VIEWS", "MAYBE", "value cleared"]]
    q = ds["qc_forms"]
    assert q["Q1_VIEWS"].tolist()[0] == "Y" and q["Q2_PLAN"].tolist() == ["NA", "N"]
    assert q["OVERALL_GRADE"].tolist() == ["GOOD", "GOOD"]


def test_strict_mode_raises_with_report(tmp_path):
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,29/04/2019,PN0
001,15/06/2015,not a date,PN1
002,20/01/2010,10/06/2019,PN1
""")
    with pytest.raises(DataError) as e:
        load_dataset(d, strict=True)
    msg = str(e.value)
    assert "1 data-quality problem" in msg and "reviews.csv" in msg and "not a date" in msg
    assert "[type]" in msg

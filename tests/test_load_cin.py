"""The CIN census tables and the unit's conference records from CSV/XLSX (child-protection.md
Part 1): recognition, types, booleans, leading zeros, stitching years, and each rule of
`load/cin_rules.py` at its edge. Every case is the clean base folder plus hand-made files."""
import datetime as dt

import pandas as pd
import pytest

from iro_audit import contract
from iro_audit.cli import main
from iro_audit.load import load_dataset
from iro_audit.load.colmap import ColumnMap
from iro_audit.load.recognise import recognise

from _loadkit import FIXTURES, check_accounting, folder, only

T = pd.Timestamp

CHILDREN = "LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex,PersonDeathDate,Ethnicity"
DETAILS = ("LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,"
           "DateOfInitialCPC,ReferralNFA")
S47 = "LAchildID,CINreferralDate,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired"
PLANS = ("LAchildID,CINreferralDate,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,"
         "LatestCategoryOfAbuse,NumberOfPreviousCPP")
CP_REVIEWS = "LAchildID,CPPstartDate,CPPreviewDate"
CONFERENCES = ("CONFERENCE_ID,CHILD,CONFERENCE_DATE,CONFERENCE_TYPE,CHAIR_ID,OUTCOME,"
               "CHILD_PARTICIPATION,PARENTS_ATTENDED,QUORATE,REPORT_SHARED_DATE,MINUTES_ISSUED")
IROS = "IRO_ID,IRO_NAME,TEAM,FTE,ROLE\nI01,Chair One,Safeguarding,1,CP_CHAIR\n"

# A clean child protection side: child 0101 (born 01/03/2012) referred 03/04/2023, s47 from
# 05/04/2023, initial conference 20/04/2023 and a plan from that day, reviewed 18/07/2023;
# child 0102 unborn (expected birth date only), referred 01/11/2023. File names are neutral on
# purpose: tables are recognised by their columns.
CLEAN = dict(
    a_csv=CHILDREN + "\n0101,01/03/2012,,F,,WBRI\n0102,,2024-02-10,,,\n",
    b_csv=DETAILS + "\n0101,2023-04-03,1A,N1,,,2023-04-20,false\n0102,2023-11-01,3A,N2,2024-03-20,RC1,,0\n",
    c_csv=S47 + "\n0101,2023-04-03,2023-04-05,2023-04-26,2023-04-20,false\n",
    d_csv=PLANS + "\n0101,2023-04-03,2023-04-20,,NEG,,0\n",
    e_csv=CP_REVIEWS + "\n0101,2023-04-20,2023-07-18\n",
    f_csv=CONFERENCES + "\nC001,0101,2023-04-20,ICPC,I01,PLAN,VIEWS_SHARED,SOME,Y,2023-04-17,2023-05-02\n",
    iros_csv=IROS,
)
NAMES = {"a.csv": "cin_children", "b.csv": "cin_details", "c.csv": "s47", "d.csv": "cp_plans",
         "e.csv": "cp_reviews", "f.csv": "cp_conferences"}


def _text(df):
    """Rows as lists, blanks as None."""
    return df.astype(object).where(df.notna(), None).values.tolist()


def cin(tmp_path, **files):
    """The base folder with the clean child protection files, FILES replacing some (None: left
    out)."""
    return folder(tmp_path, **{k: v for k, v in {**CLEAN, **files}.items() if v is not None})


# --- recognition, types ----------------------------------------------------------------------


def test_clean_child_protection_files_load_with_no_problems(tmp_path):
    ds = load_dataset(cin(tmp_path))
    assert ds.problems.empty
    s = ds.load_summary.set_index("file")
    assert {f: s.loc[f, "table"] for f in NAMES} == NAMES
    for name in NAMES.values():  # the spec's spelling, whatever the file's case
        assert list(ds[name].columns[:len(contract.TABLES[name].columns)]) == list(contract.TABLES[name].column_names)
    assert ds["cin_children"]["LAchildID"].tolist() == ["0101", "0102"]  # leading zeros kept
    kids = ds["cin_children"]
    assert pd.isna(kids.loc[1, "PersonBirthDate"]) and kids.loc[1, "ExpectedPersonBirthDate"] == T("2024-02-10")
    assert ds["cp_plans"].loc[0, "CPPstartDate"] == T("2023-04-20")
    assert ds["cp_plans"].loc[0, "NumberOfPreviousCPP"] == 0.0
    assert ds["cp_conferences"].loc[0, "QUORATE"] == "Y"
    # the CIN return's year is the 31 March on or after its latest date; undated cin_children
    # takes it from the CIN files beside it, and the 903 header keeps the 903 year
    assert s.loc["b.csv", "year"] == 2024 and s.loc["a.csv", "year"] == 2024
    assert s.loc["header.csv", "year"] == 2020
    check_accounting(ds)


def test_903_tables_unchanged_by_child_protection_files_beside_them(tmp_path):
    before = load_dataset(folder(tmp_path / "x"))
    after = load_dataset(cin(tmp_path / "y"))
    assert set(before.tables) == {"header", "episodes", "reviews"}
    for t in before.tables:
        pd.testing.assert_frame_equal(before[t], after[t])
    cols = ["file", "table", "year", "rows_read", "rows_kept", "rows_set_aside", "rows_stitched"]
    b = before.load_summary[cols].reset_index(drop=True)
    a = after.load_summary[after.load_summary["table"].isin(before.tables)][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(b, a)


def test_column_names_matched_in_any_case(tmp_path):
    ds = load_dataset(cin(tmp_path, e_csv="LACHILDID, cppstartdate ,CppReviewDate\n0101,20/04/2023,18/07/2023\n"))
    assert ds.load_summary.set_index("file").loc["e.csv", "table"] == "cp_reviews"
    assert list(ds["cp_reviews"].columns[:3]) == ["LAchildID", "CPPstartDate", "CPPreviewDate"]
    assert ds["cp_reviews"].loc[0, "CPPreviewDate"] == T("2023-07-18")


def test_column_map_targets_in_any_case(tmp_path):
    d = cin(tmp_path, e_csv="Child Ref,Plan Start,Review Date\n0101,20/04/2023,18/07/2023\n")
    ds = load_dataset(d, column_map={"columns": {"Child Ref": "lachildid"},
                                     "tables": {"cp_reviews": {"Plan Start": "CPPSTARTDATE",
                                                               "Review Date": "CPPreviewDate"}}})
    assert ds["cp_reviews"][["LAchildID", "CPPstartDate"]].values.tolist() == [["0101", T("2023-04-20")]]


def test_each_table_is_recognised_from_its_own_columns_only():
    for name, table in contract.TABLES.items():
        assert recognise(list(table.column_names), ColumnMap()).table == name


@pytest.mark.parametrize("columns,table,extras", [
    # a flattened export of CINdetails with its Section47: the most specific table (8 columns)
    (DETAILS + ",S47ActualStartDate,InitialCPCtarget,ICPCnotRequired", "cin_details",
     ["S47ActualStartDate", "InitialCPCtarget", "ICPCnotRequired"]),
    # plans with a review date on each row: cp_plans (7 columns) over cp_reviews (3)
    (PLANS + ",CPPreviewDate", "cp_plans", ["CPPreviewDate"]),
    # s47 rows that carry the referral's source: still s47 (cin_details needs all 8)
    (S47 + ",ReferralSource", "s47", ["ReferralSource"]),
])
def test_most_specific_table_first(columns, table, extras):
    rec = recognise(columns.split(","), ColumnMap())
    assert rec.table == table and list(rec.extras.values()) == extras


def test_booleans_true_false_or_1_0(tmp_path):
    d = cin(tmp_path, c_csv=S47 + """
0101,2023-04-03,2023-04-05,,,true
0102,2023-04-03,2023-04-06,,,FALSE
0103,2023-04-03,2023-04-07,,,1
0104,2023-04-03,2023-04-08,,,0
0105,2023-04-03,2023-04-09,,,1.0
0106,2023-04-03,2023-04-10,,,
0107,2023-04-03,2023-04-11,,,yes
""")
    ds = load_dataset(d)
    v = ds["s47"]["ICPCnotRequired"]
    assert str(v.dtype) == "boolean"
    assert v.tolist() == [True, False, True, False, True, pd.NA, pd.NA]
    p = only(ds.problems, "type")
    assert p[["file", "row", "column", "value", "expected", "action"]].values.tolist() == [
        ["c.csv", 8, "ICPCnotRequired", "yes", "true or false (or 1 or 0)", "value cleared"]]
    assert len(ds["s47"]) == 7  # the row still counts


def test_xlsx_with_excel_booleans_dates_and_text_ids(tmp_path):
    d = cin(tmp_path, c_csv=None, d_csv=None)
    with pd.ExcelWriter(d / "cp.xlsx") as xw:
        pd.DataFrame({"lachildid": ["0101"], "CINREFERRALDATE": [dt.datetime(2023, 4, 3)],
                      "S47ActualStartDate": [dt.datetime(2023, 4, 5)], "InitialCPCtarget": [None],
                      "DateOfInitialCPC": [dt.datetime(2023, 4, 20)], "ICPCnotRequired": [True]}
                     ).to_excel(xw, sheet_name="enquiries", index=False)
        pd.DataFrame({"LAchildID": ["0101"], "CINreferralDate": ["03/04/2023"],
                      "CPPstartDate": [dt.datetime(2023, 4, 20)], "CPPendDate": [None],
                      "InitialCategoryOfAbuse": ["emo"], "LatestCategoryOfAbuse": ["MUL"],
                      "NumberOfPreviousCPP": [2]}).to_excel(xw, sheet_name="plans", index=False)
    ds = load_dataset(d)
    assert ds.problems.empty
    assert ds["s47"][["LAchildID", "DateOfInitialCPC"]].values.tolist() == [["0101", T("2023-04-20")]]
    assert ds["s47"]["ICPCnotRequired"].tolist() == [True]
    p = ds["cp_plans"]
    assert p[["InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]].values.tolist() == [
        ["EMO", "MUL", 2.0]]
    assert p.loc[0, "CINreferralDate"] == T("2023-04-03")


def test_category_outside_the_list_is_cleared(tmp_path):
    d = cin(tmp_path, d_csv=PLANS + "\n0101,2023-04-03,2023-04-20,,neg,ABC,-1\n")
    ds = load_dataset(d)
    p = ds.problems
    assert p[["file", "row", "column", "value", "rule", "action"]].values.tolist() == [
        ["d.csv", 2, "LatestCategoryOfAbuse", "ABC", "code", "value cleared"],
        ["d.csv", 2, "NumberOfPreviousCPP", "-1", "range", "value cleared"]]
    assert p.loc[0, "expected"] == "one of EMO, MUL, NEG, PHY, SAB"
    plan = ds["cp_plans"].iloc[0]
    assert plan["InitialCategoryOfAbuse"] == "NEG" and pd.isna(plan["LatestCategoryOfAbuse"])


def test_conference_codes_ids_and_blank_participation(tmp_path):
    d = cin(tmp_path, f_csv=CONFERENCES + """
0007,0101,20/04/2023,icpc,I01,plan,,ALL,yes,,
0008,0101,20/07/2023,ICP,I01,PLAN_CONTINUES,NOT_APPLICABLE,NONE,N,,
0009,0101,,RCPC,I01,,,,,,
""")
    ds = load_dataset(d)
    c = ds["cp_conferences"]
    assert _text(c[["CONFERENCE_ID", "CHILD", "CONFERENCE_TYPE", "OUTCOME", "QUORATE"]]) == [
        ["0007", "0101", "ICPC", "PLAN", "Y"], ["0008", "0101", None, "PLAN_CONTINUES", "N"]]
    assert pd.isna(c.loc[0, "CHILD_PARTICIPATION"])  # blank is not a code, and not a problem
    p = ds.problems
    assert p[["row", "column", "value", "rule", "action"]].values.tolist() == [
        [3, "CONFERENCE_TYPE", "ICP", "code", "value cleared"],
        [4, "CONFERENCE_DATE", None, "required", "row set aside"]]
    # CHILD of a conference is a CIN child: never checked against the 903 header
    assert only(p, "child_not_in_header").empty
    check_accounting(ds)


# --- stitching several years' returns ---------------------------------------------------------


def _years(tmp_path):
    """Two CIN returns in folders whose names sort the wrong way round: a_return holds 2023-24
    (collection year 2024), b_return 2022-23 (2023). The years come from the dates."""
    d = cin(tmp_path, d_csv=None, e_csv=None, a_csv=None)
    for sub, files in {
        "b_return": {
            "cp_plans.csv": PLANS + "\n0101,,2022-05-01,,PHY,,0\n0102,,2021-01-10,2022-12-01,NEG,,1\n",
            "cp_reviews.csv": CP_REVIEWS + "\n0101,2022-05-01,2022-08-01\n",
            "cin_children.csv": CHILDREN + "\n0101,2012-03-01,,M,,WBRI\n0102,2010-01-01,,F,,WBRI\n",
        },
        "a_return": {
            # the plan of 0101 ended in 2023-24: only its end date makes this the 2024 return
            "cp_plans.csv": PLANS + "\n0101,,2022-05-01,2023-06-30,PHY,EMO,0\n",
            # reviews: the same review again and a later one (the union is kept)
            "cp_reviews.csv": CP_REVIEWS + "\n0101,2022-05-01,2022-08-01\n0101,2022-05-01,2023-05-01\n",
            "cin_children.csv": CHILDREN + "\n0101,2012-03-01,,F,,WBRI\n",
        },
    }.items():
        (d / sub).mkdir()
        for name, text in files.items():
            (d / sub / name).write_text(text)
    return d


def test_later_return_wins_by_year_from_end_and_review_dates(tmp_path):
    ds = load_dataset(_years(tmp_path))
    s = ds.load_summary.set_index("file")
    assert s.loc["a_return/cp_plans.csv", "year"] == 2024 and s.loc["b_return/cp_plans.csv", "year"] == 2023
    # cp_reviews are dated by the review, not the plan's start (which would make both 2023)
    assert s.loc["a_return/cp_reviews.csv", "year"] == 2024
    assert s.loc["a_return/cin_children.csv", "year"] == 2024  # undated: its return's year
    plans = ds["cp_plans"].sort_values("LAchildID")
    assert _text(plans[["LAchildID", "CPPendDate", "LatestCategoryOfAbuse", "_file"]]) == [
        ["0101", T("2023-06-30"), "EMO", "a_return/cp_plans.csv"],
        ["0102", T("2022-12-01"), None, "b_return/cp_plans.csv"]]
    assert ds["cp_reviews"]["CPPreviewDate"].sort_values().tolist() == [T("2022-08-01"), T("2023-05-01")]
    assert ds["cin_children"].set_index("LAchildID")["Sex"].to_dict() == {"0101": "F", "0102": "F"}
    assert (s.loc["b_return/cp_plans.csv", "rows_stitched"], s.loc["b_return/cp_reviews.csv", "rows_stitched"],
            s.loc["b_return/cin_children.csv", "rows_stitched"]) == (1, 1, 1)
    check_accounting(ds)


# --- rules (load/cin_rules.py), each at its edge --------------------------------------------------


def test_plan_end_before_start_is_kept(tmp_path):
    d = cin(tmp_path, a_csv=CHILDREN + "\n0101,01/03/2012,,F,,\n0102,01/03/2012,,F,,\n",
            d_csv=PLANS + "\n0101,,2023-04-20,2023-04-19,NEG,,0\n0102,,2023-04-20,2023-04-20,NEG,,0\n",
            e_csv=None)
    ds = load_dataset(d)
    p = ds.problems
    assert p[["file", "row", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        ["d.csv", 2, "CPPendDate", "19/04/2023", "a date on or after CPPstartDate (20/04/2023)",
         "plan_end_before_start", "kept"]]
    assert ds["cp_plans"]["CPPendDate"].tolist() == [T("2023-04-19"), T("2023-04-20")]


def test_plan_review_on_the_plans_start_or_end_is_fine_a_day_outside_is_kept_and_reported(tmp_path):
    d = cin(tmp_path, d_csv=PLANS + "\n0101,,2023-04-20,2024-01-31,NEG,,0\n0102,,2023-11-20,,NEG,,0\n",
            e_csv=CP_REVIEWS + """
0101,2023-04-20,2023-04-20
0101,2023-04-20,2024-01-31
0101,2023-04-20,2024-02-01
0101,2023-04-20,2023-04-19
0102,2023-11-20,2025-06-01
0102,2023-11-20,2023-11-19
""")
    ds = load_dataset(d)
    p = only(ds.problems, "plan_review_outside_plan")
    assert p[["file", "row", "column", "value", "expected", "action"]].values.tolist() == [
        ["e.csv", 4, "CPPreviewDate", "01/02/2024",
         "a date from the plan's CPPstartDate (20/04/2023) to its CPPendDate (31/01/2024)", "kept"],
        ["e.csv", 5, "CPPreviewDate", "19/04/2023",
         "a date from the plan's CPPstartDate (20/04/2023) to its CPPendDate (31/01/2024)", "kept"],
        ["e.csv", 7, "CPPreviewDate", "19/11/2023",
         "a date from the plan's CPPstartDate (20/11/2023) on (the plan is open)", "kept"]]
    assert len(ds["cp_reviews"]) == 6  # all stay in their plan's schedule
    assert len(ds.problems) == 3


def test_plan_review_with_no_such_plan_is_set_aside(tmp_path):
    d = cin(tmp_path, e_csv=CP_REVIEWS + """
0101,2023-04-20,2023-07-18
0101,2023-04-21,2023-07-18
0999,2023-04-20,2023-07-18
""")
    ds = load_dataset(d)
    p = ds.problems
    assert p[["row", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        [3, "CPPstartDate", "21/04/2023", "the CPPstartDate of one of the child's plans in cp_plans (20/04/2023)",
         "plan_review_no_plan", "row set aside"],
        [4, "CPPstartDate", "20/04/2023", "the CPPstartDate of one of the child's plans in cp_plans "
         "(the child has none)", "plan_review_no_plan", "row set aside"]]
    assert ds["cp_reviews"]["_row"].tolist() == [2]
    check_accounting(ds)


def test_plan_reviews_without_cp_plans_are_not_judged(tmp_path):
    ds = load_dataset(cin(tmp_path, d_csv=None, e_csv=CP_REVIEWS + "\n0999,2023-04-20,2023-07-18\n"))
    assert ds.problems.empty and len(ds["cp_reviews"]) == 1


def test_initial_conference_before_the_s47_is_kept(tmp_path):
    d = cin(tmp_path, c_csv=S47 + """
0101,2023-04-03,2023-04-05,,2023-04-04,false
0101,2023-04-03,2023-05-05,,2023-05-05,false
0101,2023-04-03,2023-06-05,,,true
""")
    ds = load_dataset(d)
    p = ds.problems
    assert p[["file", "row", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        ["c.csv", 2, "DateOfInitialCPC", "04/04/2023", "a date on or after S47ActualStartDate (05/04/2023)",
         "icpc_before_s47", "kept"]]
    assert ds["s47"]["DateOfInitialCPC"].iloc[0] == T("2023-04-04")


def test_overlapping_plans_are_kept_and_name_the_earlier_plan(tmp_path):
    # A ends the day B starts (no overlap); C starts the day before B ends; D starts while C is open
    d = cin(tmp_path, e_csv=None, d_csv=PLANS + """
0101,,2023-03-01,,EMO,,3
0101,,2022-01-10,2022-06-01,NEG,,0
0101,,2022-06-01,2023-01-01,NEG,,1
0101,,2022-12-31,,PHY,,2
0102,,2022-12-31,,PHY,,0
""")
    ds = load_dataset(d)
    p = ds.problems.sort_values("row")
    assert p[["row", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        [2, "CPPstartDate", "01/03/2023", "a plan starting on or after the end of the child's earlier plan "
         "(started 31/12/2022, still open)", "plan_overlap", "kept"],
        [5, "CPPstartDate", "31/12/2022", "a plan starting on or after the end of the child's earlier plan "
         "(started 01/06/2022, ending 01/01/2023)", "plan_overlap", "kept"]]
    assert len(ds["cp_plans"]) == 5


def test_plan_or_s47_of_a_child_not_in_cin_children_is_kept(tmp_path):
    files = dict(c_csv=S47 + "\n0104,,2023-04-05,,,\n", d_csv=PLANS + "\n0101,,2023-04-20,,NEG,,0\n0103,,2023-05-01,,NEG,,0\n",
                 e_csv=None)
    ds = load_dataset(cin(tmp_path / "x", **files))
    p = ds.problems
    assert p[["file", "row", "table", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        ["c.csv", 2, "s47", "LAchildID", "0104", "a LAchildID listed in cin_children",
         "child_not_in_cin_children", "kept"],
        ["d.csv", 3, "cp_plans", "LAchildID", "0103", "a LAchildID listed in cin_children",
         "child_not_in_cin_children", "kept"]]
    # without cin_children there is nothing to check against
    assert load_dataset(cin(tmp_path / "y", a_csv=None, **files)).problems.empty


def test_birth_after_referral_is_kept_unborn_child_is_valid(tmp_path):
    d = cin(tmp_path, c_csv=None, d_csv=None, e_csv=None,
            a_csv=CHILDREN + "\n0101,01/03/2012,,F,,\n0102,,2024-02-10,,,\n0103,,,,,\n",
            b_csv=DETAILS + """
0101,2012-02-29,,,,,,
0101,2012-03-01,,,,,,
0102,2023-11-01,,,,,,
0103,2023-11-01,,,,,,
""")
    ds = load_dataset(d)
    p = ds.problems
    assert p[["file", "row", "table", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        ["b.csv", 2, "cin_details", "CINreferralDate", "29/02/2012",
         "a date on or after the child's PersonBirthDate in cin_children (01/03/2012)",
         "born_after_referral", "kept"]]
    assert len(ds["cin_details"]) == 4


def test_chair_not_in_iros_is_kept_only_when_iros_supplied(tmp_path):
    conf = CONFERENCES + "\nC001,0101,2023-04-20,ICPC,I01,PLAN,,,,,\nC002,0101,2023-07-18,RCPC,I02,,,,,,\nC003,0101,2023-09-18,RCPC,,,,,,,\n"
    ds = load_dataset(cin(tmp_path / "x", f_csv=conf))
    assert ds.problems[["row", "column", "value", "expected", "rule", "action"]].values.tolist() == [
        [3, "CHAIR_ID", "I02", "an IRO_ID listed in iros", "chair_not_in_iros", "kept"]]
    assert len(ds["cp_conferences"]) == 3
    assert load_dataset(cin(tmp_path / "y", f_csv=conf, iros_csv=None)).problems.empty


def test_strict_mode_stops_on_a_child_protection_problem(tmp_path):
    from iro_audit.errors import DataError

    with pytest.raises(DataError, match="plan_overlap"):
        load_dataset(cin(tmp_path, e_csv=None, d_csv=PLANS + "\n0101,,2022-01-10,,NEG,,0\n0101,,2022-06-01,,NEG,,0\n"),
                     strict=True)


# --- iro-audit check ----------------------------------------------------------------------------


def test_check_lists_the_child_protection_tables_with_row_counts(tmp_path, capsys):
    assert main(["check", "--data", str(cin(tmp_path)), "--strict"]) == 0
    out = capsys.readouterr().out
    assert ("Child protection (CIN census, conferences): cin_children (2), cin_details (2), s47 (1), "
            "cp_plans (1), cp_reviews (1), cp_conferences (1)") in out
    assert "Child protection plans: 1 of 1 children, CPPstartDate 20/04/2023 to 20/04/2023, open plans: 1" in out
    assert "Other tables: iros (1)" in out
    for f, t in NAMES.items():
        assert any(line.startswith(f) and t in line for line in out.splitlines())


def test_check_on_903_only_folder_has_no_child_protection_line(capsys):
    assert main(["check", "--data", str(FIXTURES / "base")]) == 0
    assert "Child protection" not in capsys.readouterr().out


def test_hand_built_tables_hold_booleans_as_the_loader_does(tmp_path):
    from iro_audit.testing import make_table

    built = make_table("s47", [{"LAchildID": "0101", "S47ActualStartDate": "2023-04-05", "ICPCnotRequired": True},
                               {"LAchildID": "0102", "S47ActualStartDate": "2023-04-06"}])
    loaded = load_dataset(cin(tmp_path))["s47"]
    assert built["ICPCnotRequired"].dtype == loaded["ICPCnotRequired"].dtype
    assert built["ICPCnotRequired"].tolist() == [True, pd.NA]

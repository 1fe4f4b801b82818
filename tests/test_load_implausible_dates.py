"""Rule implausible_date: a date before 1900 or after the extract date (today when none is
given) is a data-quality problem in every date column of every table. The row is set aside
when the date places it (DECOM, REVIEW ...) or ends a span (DEC ...); any other date is
cleared. Dates far outside pandas' nanosecond range (year 0204, 9999) never raise anywhere."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from iro_audit import metrics, periods
from iro_audit.contract import TABLES
from iro_audit.dataset import Dataset
from iro_audit.errors import ParameterError
from iro_audit.load import load_dataset
from iro_audit.metrics import s20
from iro_audit.params import DEFAULTS
from iro_audit.window import Window

from _loadkit import EPISODES_HEAD, REVIEWS_HEAD, check_accounting, folder, only

T = pd.Timestamp
EXTRACT = "2026-03-31"
WINDOW = Window(T("2025-04-01"), T("2026-03-31"), T("2026-03-31"))


def test_decom_in_year_0204_sets_the_row_aside_and_every_metric_still_runs(tmp_path):
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,01/02/0204,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["file", "row", "column", "value", "action"]].values.tolist() == [
        ["episodes.csv", 4, "DECOM", "01/02/0204", "row set aside"]]
    assert p.loc[0, "expected"] == "a date from 01/01/1900 to the extract date (31/03/2026)"
    assert ds["episodes"]["CHILD"].tolist() == ["001", "001"]
    check_accounting(ds)
    out = metrics.compute_all(ds, WINDOW)  # OutOfBoundsDatetime before the rule
    assert out["reviews"] is not None


def test_dec_in_2042_is_not_believed(tmp_path):
    # 002 went home on 01/05/2024, typed 2042: believed, 002 would be "under s20 for over 12
    # months" on 31/03/2026. Clearing DEC would leave the episode open (the same wrong answer),
    # so the row is set aside.
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,01/10/2019,X1,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,01/05/2042,E4A,,,,
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[4, "DEC", "01/05/2042", "row set aside"]]
    assert "002" not in set(ds["episodes"]["CHILD"])
    assert "002" not in set(s20.current(ds, WINDOW, DEFAULTS)["CHILD"])


def test_the_edges_1900_and_the_extract_date_itself_are_plausible(tmp_path):
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,29/04/2019,PN0
001,15/06/2015,31/03/2026,PN1
001,15/06/2015,01/04/2026,PN1
002,01/01/1900,10/06/2019,PN1
002,31/12/1899,11/06/2019,PN1
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    # REVIEW the day after the extract: set aside; DOB of the review row 31/12/1899: an
    # optional date, cleared (the review still counts)
    assert p[["row", "column", "value", "action"]].values.tolist() == [
        [4, "REVIEW", "01/04/2026", "row set aside"], [6, "DOB", "31/12/1899", "value cleared"]]
    r = ds["reviews"]
    assert r["REVIEW"].tolist() == [T("2019-04-29"), T("2026-03-31"), T("2019-06-10"), T("2019-06-11")]
    assert r["DOB"].tolist()[2] == T("1900-01-01") and pd.isna(r["DOB"].tolist()[3])


def test_header_dob_is_cleared_not_the_child(tmp_path):
    # a child's DOB typed 2105: cleared, as an unreadable DOB would be; the child stays in
    # header (setting the row aside would lose SEX and make every other row "not in header")
    d = folder(tmp_path, header_csv="""
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
001,1,15/06/2105,WBRI,A123456789012,,
002,2,2010-01-20,WBRI,,1,01/01/1899
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["row", "column", "value", "action"]].values.tolist() == [
        [2, "DOB", "15/06/2105", "value cleared"], [3, "MC_DOB", "01/01/1899", "value cleared"]]
    h = ds["header"]
    assert h["CHILD"].tolist() == ["001", "002"] and h["DOB"].isna().tolist() == [True, False]
    assert only(ds.problems, "child_not_in_header").empty


def test_no_extract_date_means_today(tmp_path):
    d = folder(tmp_path, missing_csv="""
CHILD,DOB,MISSING,MIS_START,MIS_END
001,15/06/2015,M,01/01/2019,31/12/9999
""")
    ds = load_dataset(d)
    p = only(ds.problems, "implausible_date")
    today = dt.date.today().strftime("%d/%m/%Y")
    assert p[["column", "value", "action"]].values.tolist() == [["MIS_END", "31/12/9999", "row set aside"]]
    assert p.loc[0, "expected"] == f"a date from 01/01/1900 to today ({today}: no extract date was given)"
    assert "missing" in ds.empty_tables  # its only row set aside: see test_load_empty_tables.py


def test_an_optional_date_is_cleared_and_the_row_kept(tmp_path):
    d = folder(tmp_path, review_records_csv="""
CHILD,REVIEW,IRO_ID,REPORT_RECEIVED,RECOMMENDATIONS_ISSUED,MINUTES_ISSUED,CARE_PLAN_UPDATED
001,20/10/2019,IRO1,15/10/2019,25/10/2019,02/11/2091,
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["column", "value", "action"]].values.tolist() == [["MINUTES_ISSUED", "02/11/2091", "value cleared"]]
    rr = ds["review_records"]
    assert len(rr) == 1 and pd.isna(rr.loc[0, "MINUTES_ISSUED"]) and rr.loc[0, "REPORT_RECEIVED"] == T("2019-10-15")


def test_duc_may_be_the_18th_birthday_after_the_extract(tmp_path):
    # DUC (UASC status ceased) is the child's 18th birthday: up to 18 years after the extract
    d = folder(tmp_path, uasc_csv="""
CHILD,SEX,DOB,DUC
001,1,15/06/2015,15/06/2033
002,2,20/01/2010,01/04/2044
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[3, "DUC", "01/04/2044", "row set aside"]]
    assert p.loc[0, "expected"] == "a date from 01/01/1900 to 18 years after the extract date (31/03/2026)"
    assert ds["uasc"]["CHILD"].tolist() == ["001"]


def test_extract_date_forms_and_a_bad_one(tmp_path):
    d = folder(tmp_path)
    for form in ("2019-05-20", dt.date(2019, 5, 20), T("2019-05-20")):
        ds = load_dataset(d, extract_date=form)
        # 001's second review (20/10/2019) and 002's (10/06/2019) are after 20/05/2019; so is
        # 001's second episode (DECOM 01/10/2019) and the first one's DEC
        p = only(ds.problems, "implausible_date")
        assert sorted(p["value"]) == ["01/10/2019", "01/10/2019", "10/06/2019", "20/10/2019"], form
    for bad in ("31/03/2026", "next week", "1850-01-01"):
        with pytest.raises(ParameterError, match="extract_date"):
            load_dataset(d, extract_date=bad)


def _every_date(value: str) -> dict[str, str]:
    """One file per table, one row, every date column VALUE and the rest plausible."""
    files = {}
    ok = {"id": "001", "code": None, "text": "x", "int": "1", "float": "1", "flag": "0", "yn": "Y",
          "bool": "0"}
    for name, t in TABLES.items():
        if name in ("header", "episodes", "reviews"):
            continue
        row = []
        for c in t.columns:
            if c.kind == "date":
                row.append(value)
            elif c.kind == "code":
                row.append(sorted(c.codes.codes)[0] if c.codes else "OTHER")
            else:
                row.append(ok[c.kind])
        files[f"{name}_csv"] = ",".join(t.column_names) + "\n" + ",".join(row) + "\n"
    return files


@pytest.mark.parametrize("value", ["01/02/0204", "31/12/9999", "0001-01-01"])
def test_dates_far_outside_pandas_range_never_raise(tmp_path, value):
    files = _every_date(value)
    d = folder(tmp_path, **files, episodes_csv=EPISODES_HEAD + f"""
001,01/04/2019,S,C2,N1,U1,PR1,{value},,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,{value},S,V2,N2,K2,PR1,,,,,,
""", reviews_csv=REVIEWS_HEAD + f"""
001,{value},29/04/2019,PN0
001,15/06/2015,{value},PN1
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    # every date column of every table that holds one is reported, and none survives
    reported = set(zip(p["table"], p["column"]))
    for name, t in TABLES.items():
        for c in t.date_columns():
            if name == "header" or name not in ds.tables:
                continue
            assert (name, c) in reported, (name, c)
    for name, df in ds.tables.items():
        for c in TABLES[name].date_columns():
            v = df[c].dropna()
            assert ((v >= T("1900-01-01")) & (v <= T(EXTRACT) + pd.DateOffset(years=18))).all()
    check_accounting(ds)
    care = periods.care(ds)
    assert care.periods["CHILD"].tolist() == ["001"]
    metrics.compute_all(ds, WINDOW)


def test_periods_never_raise_on_a_dataset_built_in_memory():
    # a Dataset not from the loader may hold microsecond dates pandas cannot make nanoseconds:
    # the episode and review are set aside with a problem row instead of an OutOfBoundsDatetime.
    # The rule is periods' own date_out_of_range (1678-2261, the years days can be counted in),
    # not the loader's implausible_date (1900 to the extract date), which never ran here.
    us = "datetime64[us]"
    ep = pd.DataFrame({"CHILD": ["A", "B"], "DECOM": np.array(["2020-01-01", "0204-02-01"], dtype=us),
                       "RNE": ["S", "S"], "LS": ["C2", "C2"], "PLACE": ["U1", "U1"],
                       "DEC": np.array(["NaT", "NaT"], dtype=us), "REC": [None, None],
                       "_file": "e.csv", "_row": [2, 3]})
    rv = pd.DataFrame({"CHILD": ["A"], "REVIEW": np.array(["9999-01-01"], dtype=us),
                       "REVIEW_CODE": ["PN1"], "_file": "r.csv", "_row": [2]})
    hd = pd.DataFrame({"CHILD": ["A", "B"], "DOB": np.array(["2010-01-01", "2010-01-01"], dtype=us)})
    ds = Dataset(tables={"episodes": ep, "reviews": rv, "header": hd})
    care = periods.care(ds)
    assert care.periods["CHILD"].tolist() == ["A"] and care.reviews.empty
    assert care.problems[["file", "row", "column", "rule", "action"]].values.tolist() == [
        ["e.csv", 3, "DECOM", "date_out_of_range", "row set aside"],
        ["r.csv", 2, "REVIEW", "date_out_of_range", "row set aside"]]


def test_an_unborn_childs_expected_birth_and_an_icpc_target_may_lie_ahead(tmp_path):
    # an unborn child's ExpectedPersonBirthDate and an s47's InitialCPCtarget (15 working days
    # after its start) may fall after the extract, by up to a year
    d = folder(tmp_path, cin_children_csv="""
LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex,PersonDeathDate,Ethnicity
001,,2026-08-01,F,,WBRI
002,,2027-04-01,M,,WBRI
""", s47_csv="""
LAchildID,CINreferralDate,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired
001,2026-03-20,2026-03-25,2026-04-16,,false
""")
    ds = load_dataset(d, extract_date=EXTRACT)
    p = only(ds.problems, "implausible_date")
    assert p[["file", "row", "column", "value"]].values.tolist() == [
        ["cin_children.csv", 3, "ExpectedPersonBirthDate", "2027-04-01"]]
    assert ds["s47"].loc[0, "InitialCPCtarget"] == T("2026-04-16")
    assert ds["cin_children"]["LAchildID"].tolist() == ["001", "002"]

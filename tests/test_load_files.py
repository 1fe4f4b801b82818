"""Reading files: encodings, line endings, XLSX, unusable files, recognition, column maps."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from iro_audit.errors import DataError, ParameterError
from iro_audit.load import load_column_map, load_dataset

from _loadkit import FIXTURES, check_accounting, folder, only

T = pd.Timestamp
ROOT = Path(__file__).resolve().parents[1]


def test_bom_crlf_and_no_final_newline(tmp_path):
    d = folder(tmp_path, header_csv=None)
    (d / "header.csv").write_bytes(
        b"\xef\xbb\xbfCHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n001,1,15/06/2015,WBRI,,,\r\n"
        b"002,2,20/01/2010,WBRI,,1.0,")  # BOM, CRLF, MOTHER "1.0", no final newline
    ds = load_dataset(d)
    assert ds.problems.empty
    h = ds["header"]
    assert h["CHILD"].tolist() == ["001", "002"]
    assert h["MOTHER"].isna().tolist() == [True, False] and h.loc[1, "MOTHER"] == 1.0
    assert h.loc[1, "DOB"] == T("2010-01-20")


def test_column_names_trimmed_case_insensitive_and_cells_trimmed(tmp_path):
    d = folder(tmp_path, reviews_csv=""" child , Dob,REVIEW,review_code
 001 ,15/06/2015, 29/04/2019 ,pn0
002,20/01/2010,10/06/2019,PN1
""")
    ds = load_dataset(d)
    assert ds.problems.empty
    r = ds["reviews"]
    assert r["CHILD"].tolist() == ["001", "002"] and r["REVIEW_CODE"].tolist() == ["PN0", "PN1"]
    assert r.loc[0, "REVIEW"] == T("2019-04-29")


def test_empty_and_non_csv_files_set_aside_with_message(tmp_path):
    d = folder(tmp_path, notes_txt="hello")
    (d / "empty.csv").write_bytes(b"")
    (d / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    ds = load_dataset(d)
    p = ds.problems
    assert set(p["rule"]) == {"file_unreadable"} and set(p["action"]) == {"file set aside"}
    msgs = dict(zip(p["file"], p["expected"]))
    assert msgs["empty.csv"] == "empty.csv is empty (0 bytes)"
    assert "is not a CSV, XLSX or XML file (.pdf)" in msgs["report.pdf"]
    assert "is not a CSV, XLSX or XML file (.txt)" in msgs["notes.txt"]
    assert len(ds["episodes"]) == 3  # the rest loads


def test_header_only_file_is_an_empty_table(tmp_path):
    ds = load_dataset(folder(tmp_path, peps_csv="CHILD,PEP_DATE\n"))
    assert "peps" in ds.tables and len(ds["peps"]) == 0 and ds.empty_tables == ("peps",)
    assert not ds.has("peps")  # supplied empty: its metrics are off, not zero
    assert ds.problems[["file", "table", "rule", "action"]].values.tolist() == [
        ["peps.csv", "peps", "empty_table", "kept"]]  # tests/test_load_empty_tables.py
    assert str(ds["peps"]["PEP_DATE"].dtype).startswith("datetime64")


def test_unrecognised_file_did_you_mean(tmp_path):
    d = folder(tmp_path, missing_csv="CHILD,DOB,MISSING,MIS_STRAT,MIS_END\n001,15/06/2015,M,01/01/2019,\n")
    ds = load_dataset(d)
    p = only(ds.problems, "file_unrecognised")
    assert p["file"].tolist() == ["missing.csv"] and p.loc[0, "action"] == "file set aside"
    msg = p.loc[0, "expected"]
    assert "nearest to 'missing'" in msg and "MIS_START (did you mean 'MIS_STRAT'?)" in msg
    assert not ds.has("missing")
    assert ds.load_summary.set_index("file").loc["missing.csv", "rows_read"] == 1
    with pytest.raises(DataError, match="did you mean 'MIS_STRAT'"):
        load_dataset(d, strict=True)


def test_missing_required_table_is_error_in_every_mode(tmp_path):
    d = folder(tmp_path, episodes_csv=None)
    (d / "episodes.csv").write_text("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,RPC\n")
    with pytest.raises(DataError) as e:
        load_dataset(d)
    msg = str(e.value)
    assert "required table(s) episodes not found" in msg
    assert "episodes.csv matches no table" in msg and "REASON_PLACE_CHANGE" in msg


def test_file_fitting_two_tables_equally(tmp_path):
    # all columns of uasc (4) and of reviews (4): ambiguous
    d = folder(tmp_path, both_csv="CHILD,SEX,DOB,DUC,REVIEW,REVIEW_CODE\n001,1,15/06/2015,,29/04/2019,PN0\n")
    ds = load_dataset(d)
    p = only(ds.problems, "file_ambiguous")
    assert p["file"].tolist() == ["both.csv"]
    assert "reviews, uasc" in p.loc[0, "expected"] or "uasc, reviews" in p.loc[0, "expected"]


def test_most_specific_table_wins_and_extras_are_reported(tmp_path):
    # holds every header column (7) and every uasc column (4): header is not a subset match,
    # uasc is, so it's uasc... add DUC to a header file: header (7) beats uasc (4)
    d = folder(tmp_path, header_csv="""
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,DUC,Team
001,1,15/06/2015,WBRI,,,,,North
002,2,20/01/2010,WBRI,,,,,South
""")
    ds = load_dataset(d)
    p = only(ds.problems, "extra_column")
    assert p[["file", "row", "column", "action"]].values.tolist() == [
        ["header.csv", 1, "DUC", "kept"], ["header.csv", 1, "Team", "kept"]]
    assert ds["header"]["Team"].tolist() == ["North", "South"]
    assert ds.extra_columns["header"] == ["DUC", "Team"]
    assert not ds.has("uasc")


def test_columns_of_personal_details_are_never_read(tmp_path):
    # a local export carrying the child's name and address: the columns are not read at all, so
    # no report, worksheet or data-quality listing can quote them; a form item is still an item
    d = folder(tmp_path, header_csv="""
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,Child Name,SURNAME,Home_Address,NHS Number,Team
001,1,15/06/2015,WBRI,,,,Amy Example,Example,1 High St,9434765919,North
002,2,20/01/2010,WBRI,,,,Bo Sample,Sample,2 Low Rd,9434765870,South
""", qc_forms_csv="""
FORM_ID,CHILD,REVIEW,IRO_ID,COMPLETED_DATE,OVERALL_GRADE,COMMENTS,Q1_NAMED_PERSON,CHILDNAME
F1,001,01/03/2025,IRO1,05/03/2025,GOOD,,Y,Amy Example
""")
    ds = load_dataset(d)
    p = only(ds.problems, "identifying_column")
    assert sorted(p["column"]) == ["CHILDNAME", "Child Name", "Home_Address", "NHS Number", "SURNAME"]
    assert set(p["action"]) == {"column not read"} and p["value"].isna().all()
    assert list(ds["header"].columns[7:9]) == ["Team", "_file"]
    assert "Q1_NAMED_PERSON" in ds["qc_forms"].columns and "CHILDNAME" not in ds["qc_forms"].columns
    everything = ds.problems.astype(str).to_string() + "".join(
        df.astype(str).to_string() for df in ds.tables.values())
    for secret in ("Amy", "Example", "High St", "9434765919"):
        assert secret not in everything
    with pytest.raises(DataError, match="identifying_column|personal details"):
        load_dataset(d, strict=True)


def test_xlsx_sheets_dates_and_sheet_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    d = folder(tmp_path, header_csv=None, reviews_csv=None)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Header"
    ws.append(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
    ws.append(["001", 1, dt.datetime(2015, 6, 15), "WBRI", None, None, None])
    ws.append([2, 2, "20/01/2010", "WBRI", None, None, None])  # number CHILD, text date
    ws2 = wb.create_sheet("Reviews")
    ws2.append(["CHILD", "DOB", "REVIEW", "REVIEW_CODE"])
    ws2.append(["001", dt.date(2015, 6, 15), dt.datetime(2019, 4, 29), "PN0"])
    ws2.append([None, None, None, None])  # a blank row still counts in the sheet's numbering
    ws2.append(["002", dt.date(2010, 1, 20), "31/02/2019", "PN1"])
    wb.create_sheet("Empty")
    wb.save(d / "book.xlsx")
    ds = load_dataset(d)
    h = ds["header"]
    assert h["CHILD"].tolist() == ["001", "2"] and h["DOB"].tolist() == [T("2015-06-15"), T("2010-01-20")]
    assert h["_file"].tolist() == ["book.xlsx[Header]"] * 2
    p = ds.problems
    assert p[["file", "row", "column", "value", "action"]].values.tolist() == [
        ["book.xlsx[Reviews]", 4, "REVIEW", "31/02/2019", "row set aside"],
        # a number cell has no leading zeros: header says child "2", episodes.csv "002"
        ["episodes.csv", 4, "CHILD", "002", "kept"]]
    assert ds["reviews"].loc[0, "REVIEW"] == T("2019-04-29")
    check_accounting(ds)


def test_damaged_xlsx_set_aside(tmp_path):
    d = folder(tmp_path)
    (d / "broken.xlsx").write_bytes(b"not a zip")
    ds = load_dataset(d)
    p = only(ds.problems, "file_unreadable")
    assert p["file"].tolist() == ["broken.xlsx"] and "cannot be opened as an XLSX workbook" in p.loc[0, "expected"]


def test_non_utf8_file_read_as_cp1252_and_reported(tmp_path):
    d = folder(tmp_path)
    (d / "iros.csv").write_bytes("IRO_ID,IRO_NAME,TEAM,FTE,ROLE\nI1,Zo\xeb Smith,North,1,IRO\n".encode("cp1252"))
    ds = load_dataset(d)
    assert ds["iros"].loc[0, "IRO_NAME"] == "Zo\u00eb Smith"
    assert only(ds.problems, "encoding")["action"].tolist() == ["kept"]


def test_column_map_liquidlogic_style_export():
    cmap = ROOT / "parameters" / "column_maps" / "liquidlogic_style.yaml"
    ds = load_dataset(FIXTURES / "liquidlogic", column_map=cmap)
    assert set(ds.tables) == {"header", "episodes", "reviews", "iro_allocations"}
    e = ds["episodes"]
    assert e["CHILD"].tolist() == ["0042", "0042", "0043"]
    assert e.loc[0, "DEC"] == T("2021-02-12") and e.loc[1, "PLACE"] == "U5"
    # "Start Date" means DECOM in episodes and ALLOC_START in allocations (per-table entries)
    assert ds["iro_allocations"]["ALLOC_START"].tolist() == [T("2020-09-05"), T("2021-07-01")]
    assert ds["reviews"]["REVIEW_CODE"].tolist() == ["PN1", "PN6"]
    assert ds.problems[["file", "column", "rule"]].values.tolist() == [["Children.csv", "Team", "extra_column"]]
    # without the map nothing is recognised and the required tables are missing
    with pytest.raises(DataError, match="required table"):
        load_dataset(FIXTURES / "liquidlogic")


def test_column_map_errors():
    with pytest.raises(ParameterError, match="did you mean DECOM"):
        load_column_map({"tables": {"episodes": {"Start": "DECOMM"}}})
    with pytest.raises(ParameterError, match="unknown table 'episode'"):
        load_column_map({"tables": {"episode": {"Start": "DECOM"}}})
    with pytest.raises(ParameterError, match="unknown key"):
        load_column_map({"column": {}})
    m = load_column_map({"columns": {" person id ": "child"}})
    assert m.for_table("header") == {"PERSON ID": "CHILD"}


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_dataset(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="holds no files"):
        load_dataset(tmp_path / "empty")


def test_blank_lines_keep_row_numbers_and_spaces_are_trimmed(tmp_path):
    d = folder(tmp_path, reviews_csv=None)
    (d / "reviews.csv").write_text(
        "CHILD,DOB,REVIEW,REVIEW_CODE\n"
        "001,15/06/2015,29/04/2019,PN0\n"
        "\n"                                    # row 3: a blank line is not a row
        ",,,\n"                                 # row 4: nor is a line of empty cells
        "002 , 20/01/2010 ,\t10/06/2019, pn1 \n"  # row 5: spaces and a tab around values
        "   ,20/01/2010,11/06/2019,PN1\n")      # row 6: a CHILD of spaces is blank
    ds = load_dataset(d)
    r = ds["reviews"]
    assert r["_row"].tolist() == [2, 5]
    assert r["CHILD"].tolist() == ["001", "002"] and r["REVIEW_CODE"].tolist() == ["PN0", "PN1"]
    assert r.loc[1, "REVIEW"] == T("2019-06-10")
    assert ds.problems[["row", "column", "rule", "action"]].values.tolist() == [
        [6, "CHILD", "required", "row set aside"]]
    assert ds.load_summary.set_index("file").loc["reviews.csv", "rows_read"] == 3
    check_accounting(ds)


def test_spreadsheet_numbers_in_ids_and_codes(tmp_path):
    # a CSV that went through Excel: "1.0" for SEX, "2.0" for an id-like code, "001.0" kept as
    # an identifier without the ".0"
    d = folder(tmp_path, header_csv="""
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
001.0,1.0,15/06/2015,WBRI,,,
002,2,20/01/2010,WBRI,,0.0,
""")
    ds = load_dataset(d)
    h = ds["header"]
    assert h["CHILD"].tolist() == ["001", "002"] and h["SEX"].tolist() == ["1", "2"]
    assert h.loc[1, "MOTHER"] == 0.0 and ds.problems.empty


def test_dtypes_follow_the_contract(tmp_path):
    from iro_audit import contract

    d = folder(tmp_path, header_csv="""
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,Team
001,1,15/06/2015,WBRI,,,,North
002,2,20/01/2010,WBRI,,1,,
""")
    ds = load_dataset(d)
    for name, df in ds.tables.items():
        for c in contract.TABLES[name].columns:
            dtype = str(df[c.name].dtype)
            if c.kind == "date":
                assert dtype.startswith("datetime64"), (name, c.name, dtype)
            elif c.kind in ("int", "float", "flag"):
                assert dtype == "float64", (name, c.name, dtype)
            else:
                assert dtype == "str", (name, c.name, dtype)
        assert str(df["_file"].dtype) == "str" and str(df["_row"].dtype) == "int64"
    assert str(ds["header"]["Team"].dtype) == "str" and ds["header"]["Team"].isna().tolist() == [False, True]

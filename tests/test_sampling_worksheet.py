"""Audit worksheet: layout, a filled-in round trip with hand-worked findings, and each kind of
bad worksheet with its message."""
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from iro_audit.errors import DataError
from iro_audit.sampling import (findings, findings_tables, format_findings, make_manifest,
                                parse_questions, read_worksheet, select, write_worksheet)

QS = parse_questions({
    "id": "demo", "title": "Demo audit",
    "questions": [
        {"id": "Q1", "theme": "T1", "text": "First?", "answers": ["Y", "N", "NA"]},
        {"id": "Q2", "theme": "T1", "text": "Second?", "answers": ["Y", "N", "NA"]},
        {"id": "Q3", "theme": "T2", "text": "Third?", "answers": ["Y", "N", "NA"]},
        {"id": "GRADE", "theme": "Overall", "text": "Grade",
         "answers": ["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"]},
    ]})

# Answers for the cases in the order drawn (SEQ 1..5)
FILLED = [
    ("Y", "Y", "N", "GOOD"),
    ("Y", "N", "NA", "GOOD"),
    ("N", "Y", "Y", "INADEQUATE"),
    ("y", "NA", "Y", None),          # lower case accepted; grade left blank
    ("Y", "Y", "Y", "OUTSTANDING"),
]


@pytest.fixture
def made(tmp_path):
    frame = pd.DataFrame({"CHILD": ["K1", "K2", "K3", "K4", "K5", "K6", "K7"],
                          "TEAM": ["North"] * 4 + ["South"] * 3,
                          "START": pd.to_datetime(["2025-01-0%d" % i for i in range(1, 8)]),
                          "CHILD_NAME": ["must", "not", "be", "written", "x", "y", "z"]})
    sample = select(frame, 5, seed=11)
    manifest = make_manifest(sample, questions=QS, seed=11, population=7, requested=5,
                             data_fingerprint="f00d", as_at="2026-03-31", created_by="tester")
    path = write_worksheet(sample, manifest, QS, tmp_path / "audit.xlsx")
    return sample, manifest, path


def _fill(path, rows=FILLED, notes=None):
    wb = load_workbook(path)
    ws = wb["Audit"]
    for i, answers in enumerate(rows, start=2):
        for j, a in enumerate(answers, start=5):  # A SEQ, B CHILD, C TEAM, D START, E.. questions
            ws.cell(row=i, column=j, value=a)
    for i, note in (notes or {}).items():
        ws.cell(row=i, column=9, value=note)
    wb.save(path)
    return wb


def test_worksheet_layout(made):
    sample, manifest, path = made
    wb = load_workbook(path)
    ws = wb["Audit"]
    header = [c.value for c in ws[1]]
    assert header == ["SEQ", "CHILD", "TEAM", "START", "Q1", "Q2", "Q3", "GRADE", "NOTES",
                      "ACTION", "OWNER", "DUE"]
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == sample["CHILD"].tolist()
    assert ws["D2"].number_format == "DD/MM/YYYY"
    # protected sheet: header and facts locked, answers and notes unlocked
    assert ws.protection.sheet
    assert ws["E1"].protection.locked and ws["C2"].protection.locked
    assert not ws["E2"].protection.locked and not ws["I6"].protection.locked
    # one drop-down per question, over the case rows
    dvs = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert dvs == {"E2:E6": '"Y,N,NA"', "F2:F6": '"Y,N,NA"', "G2:G6": '"Y,N,NA"',
                   "H2:H6": '"OUTSTANDING,GOOD,REQUIRES_IMPROVEMENT,INADEQUATE"'}
    # hidden sheet holding the manifest id and question ids
    meta = wb["_sample"]
    assert meta.sheet_state == "hidden" and meta.protection.sheet
    values = {r[0]: r[1:] for r in meta.iter_rows(values_only=True)}
    assert values["manifest_id"][0] == manifest["manifest_id"]
    assert list(values["question_ids"]) == ["Q1", "Q2", "Q3", "GRADE"]
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    assert about["Seed"] == 11 and about["Cases sampled"] == 5 and about["Cases in the cohort"] == 7
    assert wb.sheetnames == ["Audit", "Questions", "About", "_sample"]
    # no names anywhere in the workbook
    for sheet in wb.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert "written" not in row and "CHILD_NAME" not in row


def test_round_trip_findings_by_hand(made):
    sample, manifest, path = made
    _fill(path, notes={4: "no record of the plan"})
    answers = read_worksheet(path, manifest, QS)
    assert answers["CHILD"].tolist() == sample["CHILD"].tolist()
    assert answers["Q1"].tolist() == ["Y", "Y", "N", "Y", "Y"]
    assert pd.isna(answers.loc[3, "GRADE"])
    f = findings(answers, QS, manifest)
    q = {r["id"]: r for r in f["questions"]}
    # Q1: Y 4, N 1 -> 4/5 = 80.0%; Wilson by hand: centre (0.8 + z^2/10)/(1 + z^2/5) ...
    z = 1.959964
    denom = 1 + z * z / 5
    centre = (0.8 + z * z / 10) / denom
    half = z * math.sqrt(0.8 * 0.2 / 5 + z * z / 100) / denom
    assert q["Q1"]["rate"] == {"n": 4, "d": 5, "pct": 80.0,
                               "ci95": [round(100 * (centre - half), 1), round(100 * (centre + half), 1)]}
    assert q["Q1"]["rate"]["ci95"] == [37.6, 96.4]
    assert (q["Q2"]["Y"], q["Q2"]["N"], q["Q2"]["NA"], q["Q2"]["blank"]) == (3, 1, 1, 0)
    assert q["Q2"]["rate"]["pct"] == 75.0 and q["Q3"]["rate"]["d"] == 4   # NA left out
    assert q["GRADE"]["grades"] == {"OUTSTANDING": 1, "GOOD": 2, "REQUIRES_IMPROVEMENT": 0,
                                    "INADEQUATE": 1}
    assert q["GRADE"]["blank"] == 1
    themes = {t["theme"]: t["rate"] for t in f["themes"]}
    assert themes["T1"]["n"] == 7 and themes["T1"]["d"] == 9 and themes["T1"]["pct"] == 77.8
    assert themes["T2"]["pct"] == 75.0 and "Overall" not in themes
    kids = sample["CHILD"].tolist()
    assert [(c["CHILD"], c["questions"], c["ROW"]) for c in f["follow_up"]] == [
        (kids[0], ["Q3"], 2), (kids[1], ["Q2"], 3), (kids[2], ["Q1"], 4)]
    assert f["follow_up"][2]["notes"] == "no record of the plan"
    assert f["cases"] == 5 and f["complete"] == 4
    tables = findings_tables(f)
    assert tables["questions"]["PCT"].tolist() == [80.0, 75.0, 75.0]
    assert len(tables["follow_up"]) == 3 and tables["grades"]["COUNT"].sum() == 4
    text = format_findings(f)
    assert "Q1: 4/5 = 80.0% (37.6% to 96.4%)" in text


def test_unanswered_worksheet_reads_back_empty(made):
    sample, manifest, path = made
    f = findings(read_worksheet(path, manifest, QS), QS, manifest)
    assert f["cases"] == 5 and f["complete"] == 0 and f["follow_up"] == []
    assert all(r["rate"]["d"] == 0 and r["rate"]["pct"] is None for r in f["questions"] if "rate" in r)


def _edit(path, fn):
    wb = load_workbook(path)
    fn(wb["Audit"])
    wb.save(path)


def test_answer_outside_the_list(made):
    sample, manifest, path = made
    _fill(path)
    _edit(path, lambda ws: ws.__setitem__("E5", "Maybe"))
    with pytest.raises(DataError, match=r"row 5, cell E5: 'Maybe' is not one of Y, N, NA"):
        read_worksheet(path, manifest, QS)


def test_case_not_in_the_sample(made):
    sample, manifest, path = made
    _edit(path, lambda ws: ws.__setitem__("B3", "ZZZ"))
    with pytest.raises(DataError, match=r"row 3, cell B3: child 'ZZZ' is not in the sample"):
        read_worksheet(path, manifest, QS)


def test_case_twice_and_case_missing(made):
    sample, manifest, path = made
    first = sample["CHILD"].iloc[0]
    _edit(path, lambda ws: ws.__setitem__("B4", first))
    with pytest.raises(DataError) as e:
        read_worksheet(path, manifest, QS)
    assert f"row 4, cell B4: child '{first}' is on the worksheet twice (also row 2)" in str(e.value)
    assert f"1 sampled case(s) are not on the worksheet: {sample['CHILD'].iloc[2]}" in str(e.value)


def test_changed_question_column(made):
    sample, manifest, path = made
    _edit(path, lambda ws: ws.__setitem__("F1", "Q2_NEW"))
    with pytest.raises(DataError, match=r"row 1, cell F1: question column 'Q2' is missing "
                                        r"\(found 'Q2_NEW'\)"):
        read_worksheet(path, manifest, QS)


def test_missing_question_column(made):
    sample, manifest, path = made
    _edit(path, lambda ws: ws.delete_cols(6))  # Q2 gone; Q3 and GRADE shift left
    with pytest.raises(DataError) as e:
        read_worksheet(path, manifest, QS)
    msg = str(e.value)
    assert "row 1, cell F1: question column 'Q2' is missing (found 'Q3')" in msg
    assert "row 1, cell F1: question column 'Q3' has moved (expected in G1)" in msg


def test_worksheet_of_another_sample(made, tmp_path):
    sample, manifest, path = made
    other = dict(manifest, manifest_id="0123456789abcdef")
    with pytest.raises(DataError, match="made for sample .* but the manifest is for sample 0123456789abcdef"):
        read_worksheet(path, other, QS)


def test_question_set_changed_since_the_draw(made):
    sample, manifest, path = made
    changed = parse_questions({"id": "demo", "title": "Demo audit", "questions": [
        {"id": "Q1", "theme": "T1", "text": "First, reworded?", "answers": ["Y", "N", "NA"]}]})
    with pytest.raises(DataError, match="has changed since the sample was drawn"):
        read_worksheet(path, manifest, changed)


def test_answer_on_a_row_without_a_child(made):
    sample, manifest, path = made
    _edit(path, lambda ws: ws.__setitem__("E8", "Y"))
    with pytest.raises(DataError, match=r"row 8, cell E8: an answer on a row without a child ID"):
        read_worksheet(path, manifest, QS)


def test_not_a_workbook(tmp_path, made):
    sample, manifest, _ = made
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(DataError, match="cannot be read as an XLSX workbook"):
        read_worksheet(bad, manifest, QS)


def test_draw_from_an_exception_list_writes_its_columns_but_never_identifying_ones(tmp_path):
    from iro_audit.metrics import s20
    from iro_audit.params import load_params
    from iro_audit.sampling import draw, load_questions
    from iro_audit.testing import make_dataset
    from iro_audit.window import Window

    ds = make_dataset(
        header=[("A", "2015-06-01"), ("B", "2020-01-10"), ("C", "2008-03-03")],
        episodes=[("A", "2024-01-31", "S", "V2", "U4", None, None),
                  ("B", "2023-05-01", "S", "V2", "P1", None, None),
                  ("C", "2022-01-01", "S", "V2", "U1", None, None)])
    current = s20.current(ds, Window.of("2025-04-01", "2026-03-31"), load_params())
    assert "DOB" in current.columns
    qs = load_questions("s20")
    d1 = draw(ds, qs, "2026-03-31", n=2, seed=3, frame=current, out_dir=tmp_path / "a")
    d2 = draw(ds, qs, "2026-03-31", n=2, seed=3, frame=current.iloc[::-1], out_dir=tmp_path / "b")
    assert d1.manifest["ids"] == d2.manifest["ids"]
    assert (tmp_path / "a" / "s20_2026-03-31_seed3.manifest.json").exists()
    header = [c.value for c in load_workbook(d1.worksheet_path)["Audit"][1]]
    assert "DOB" not in header and "START" in header and "DAYS" in header
    answers = read_worksheet(d1.worksheet_path, d1.manifest, qs)
    assert answers["CHILD"].tolist() == d1.manifest["ids"]


def test_actions_need_an_owner_a_date_and_an_n(made):
    """Columns: I NOTES, J ACTION, K OWNER, L DUE. FILLED rows 2-4 have an N (row 2: Q3, row 3:
    Q2, row 4: Q1); row 5 has none."""
    _, manifest, path = made
    wb = _fill(path)
    ws = wb["Audit"]
    ws["J2"], ws["K2"], ws["L2"] = "Find consent", "TM North", "31/01/2027"   # fine
    ws["J3"], ws["L3"] = "Plan", "not a date"          # no owner, date not a date
    ws["K4"] = "TM South"                              # an owner but no action
    ws["J5"], ws["K5"], ws["L5"] = "Why?", "TM", "01/02/2027"   # no N on row 5
    wb.save(path)
    with pytest.raises(DataError) as e:
        read_worksheet(path, manifest, QS)
    msg = str(e.value)
    assert "audit.xlsx: 4 problems" in msg
    assert "row 3, cell L3: due date 'not a date' is not a date (use DD/MM/YYYY)" in msg
    assert "row 3, cell K3: the action has no owner" in msg
    assert "row 4, cell K4: an owner is given but there is no action" in msg
    assert "row 5, cell J5: an action on a case with no N answer" in msg
    ws["K3"], ws["L3"], ws["K4"] = "TM", "2027-02-28", None
    ws["J5"] = ws["K5"] = ws["L5"] = None
    wb.save(path)
    a = read_worksheet(path, manifest, QS)
    assert a[["ACTION", "OWNER", "DUE"]].iloc[:2].values.tolist() == [
        ["Find consent", "TM North", "2027-01-31"], ["Plan", "TM", "2027-02-28"]]


def test_a_worksheet_made_before_the_action_columns_still_reads(made):
    """An older worksheet: no ACTION/OWNER/DUE columns and no role, auditor or extra rows on
    the hidden sheet. It reads as before, with the action columns blank."""
    _, manifest, path = made
    wb = _fill(path)
    wb["Audit"].delete_cols(10, 3)
    meta = wb["_sample"]
    for r in range(meta.max_row, 0, -1):
        if meta.cell(row=r, column=1).value in ("role", "auditor", "extra"):
            meta.delete_rows(r)
    wb.save(path)
    a = read_worksheet(path, manifest, QS)
    assert a["Q1"].tolist() == ["Y", "Y", "N", "Y", "Y"] and a["ACTION"].isna().all()
    assert a.attrs["role"] == "audit" and a.attrs["auditor"] is None

"""`iro-audit sample`: size, draw (twice, same seed -> same file contents) and findings."""
import json

from openpyxl import load_workbook

from iro_audit.cli import main


def _data(folder):
    folder.mkdir()
    h = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    e = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"]
    r = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    a = ["CHILD,IRO_ID,ALLOC_START,ALLOC_END"]
    for i in range(30):
        c = f"C{i:03d}"
        h.append(f"{c},1,01/06/{2008 + i % 15},WBRI,,,")
        ls = "V2" if i % 3 == 0 else "C2"   # C000, C003, ... C027: ten children under s20
        e.append(f"{c},01/0{1 + i % 9}/2024,S,{ls},N1,U4,PR1,,,,,,")
        r.append(f"{c},01/06/{2008 + i % 15},01/03/2025,PN1")
        a.append(f"{c},{'I1' if i % 2 else 'I2'},01/01/2024,")
    for name, rows in (("header", h), ("episodes", e), ("reviews", r), ("iro_allocations", a)):
        (folder / f"{name}.csv").write_text("\n".join(rows) + "\n")
    (folder / "iros.csv").write_text("IRO_ID,IRO_NAME,TEAM,FTE,ROLE\nI1,Ann,North,1,IRO\nI2,Bob,South,1,IRO\n")
    return folder


def test_size(capsys):
    assert main(["sample", "size", "--population", "400", "--margin", "0.05", "--p", "0.7"]) == 0
    assert capsys.readouterr().out.startswith("sample 179 of 400 cases")
    assert main(["sample", "size", "--population", "400", "--n", "20"]) == 0
    assert "+/- 21.4% at 95% confidence" in capsys.readouterr().out
    assert main(["sample", "size", "--population", "400", "--n", "401"]) == 2
    assert "larger than the population" in capsys.readouterr().err


def test_draw_twice_then_findings(tmp_path, capsys):
    data = _data(tmp_path / "data")
    args = ["sample", "draw", "--data", str(data), "--as-at", "2026-03-31", "--tool", "s20",
            "--n", "6", "--seed", "4521", "--strata", "TEAM"]
    assert main(args + ["--out", str(tmp_path / "one")]) == 0
    out = capsys.readouterr().out
    assert "cohort of 10 case(s)" in out and "drew 6" in out
    assert main(args + ["--out", str(tmp_path / "two")]) == 0
    name = "s20_2026-03-31_seed4521"
    m1 = json.loads((tmp_path / "one" / f"{name}.manifest.json").read_text())
    m2 = json.loads((tmp_path / "two" / f"{name}.manifest.json").read_text())
    assert json.dumps(m1["ids"]) == json.dumps(m2["ids"])
    assert m1["manifest_id"] == m2["manifest_id"]
    assert set(m1["ids"]) <= {f"C{i:03d}" for i in range(0, 30, 3)}
    # I1 (North) has the odd children: C003 C009 C015 C021 C027; I2 (South) the even ones
    assert m1["allocations"] == {"North": 3, "South": 3}
    assert m1["cohort"] == {"base": "s20"} and m1["target_margin"] is None and m1["strata"] == "TEAM" and m1["data_fingerprint"]

    # fill in: every answer Y except CONSENT_RECORDED = N for the first case
    ws_path = tmp_path / "one" / f"{name}.xlsx"
    wb = load_workbook(ws_path)
    ws = wb["Audit"]
    header = [c.value for c in ws[1]]
    first_q = header.index("CONSENT_RECORDED") + 1
    for row in range(2, 8):
        for col in range(first_q, first_q + 13):
            ws.cell(row=row, column=col, value="Y")
        ws.cell(row=row, column=first_q + 13, value="GOOD")
    ws.cell(row=2, column=first_q, value="N")
    wb.save(ws_path)
    capsys.readouterr()
    assert main(["sample", "findings", "--worksheet", str(ws_path), "--manifest",
                 str(tmp_path / "one" / f"{name}.manifest.json"), "--json"]) == 0
    f = json.loads(capsys.readouterr().out)
    q = {r["id"]: r for r in f["questions"]}
    assert q["CONSENT_RECORDED"]["rate"]["n"] == 5 and q["CONSENT_RECORDED"]["rate"]["d"] == 6
    assert q["OVERALL_GRADE"]["grades"]["GOOD"] == 6
    assert [c["CHILD"] for c in f["follow_up"]] == [m1["ids"][0]]
    # a bad answer: message with row and cell, exit 2
    ws.cell(row=3, column=first_q, value="Maybe")
    wb.save(ws_path)
    assert main(["sample", "findings", "--worksheet", str(ws_path), "--manifest",
                 str(tmp_path / "one" / f"{name}.manifest.json")]) == 2
    err = capsys.readouterr().err
    from openpyxl.utils import get_column_letter
    assert f"row 3, cell {get_column_letter(first_q)}3: 'Maybe' is not one of Y, N, NA" in err


def test_draw_with_unknown_tool(tmp_path, capsys):
    data = _data(tmp_path / "data")
    assert main(["sample", "draw", "--data", str(data), "--as-at", "2026-03-31", "--tool", "nope",
                 "--seed", "1", "--out", str(tmp_path / "o")]) == 2
    assert "no audit tool 'nope'" in capsys.readouterr().err


def test_draw_size_from_margin_and_filters(tmp_path, capsys):
    data = _data(tmp_path / "data")
    # looked-after cohort, team South (I2: the 15 even children), size for +/- 20%:
    # 3.8416 x 15 x 0.25 / (0.04 x 15 + 0.9604) = 14.406 / 1.5604 = 9.23 -> 10
    assert main(["sample", "draw", "--data", str(data), "--as-at", "2026-03-31",
                 "--tool", "qc_moderation", "--margin", "0.2", "--team", "South", "--seed", "9",
                 "--out", str(tmp_path / "o")]) == 0
    m = json.loads((tmp_path / "o" / "qc_moderation_2026-03-31_seed9.manifest.json").read_text())
    assert m["population"] == 15 and m["requested"] == m["achieved"] == 10
    assert m["target_margin"] == 0.2
    assert m["cohort"] == {"base": "looked_after", "team": ["South"]}
    assert all(int(c[1:]) % 2 == 0 for c in m["ids"])


def test_draw_from_an_empty_cohort(tmp_path, capsys):
    data = _data(tmp_path / "data")
    assert main(["sample", "draw", "--data", str(data), "--as-at", "2026-03-31", "--tool", "pwp",
                 "--seed", "1", "--out", str(tmp_path / "o")]) == 2
    assert "no cases to sample: the cohort (pwp at 2026-03-31) is empty" in capsys.readouterr().err


def test_draw_with_age_and_date_filters(tmp_path):
    data = _data(tmp_path / "data")
    # DECOM 01/0(1 + i % 9)/2024: PERIOD_START in March 2024 to May 2024 is i % 9 in 2..4;
    # aged 10 to 15 on 31/03/2026 (born 01/06/(2008 + i % 15)): 2010..2015 -> i % 15 in 2..7
    assert main(["sample", "draw", "--data", str(data), "--as-at", "2026-03-31",
                 "--tool", "qc_moderation", "--n", "1", "--seed", "1",
                 "--date-column", "PERIOD_START", "--date-from", "2024-03-01",
                 "--date-to", "2024-05-01", "--min-age", "10", "--max-age", "15",
                 "--out", str(tmp_path / "o")]) == 0
    m = json.loads((tmp_path / "o" / "qc_moderation_2026-03-31_seed1.manifest.json").read_text())
    expected = [i for i in range(30) if 2 <= i % 9 <= 4 and 2 <= i % 15 <= 7]
    assert m["population"] == len(expected)
    assert int(m["ids"][0][1:]) in expected
    assert m["cohort"]["date_from"] == "2024-03-01" and m["cohort"]["min_age"] == 10

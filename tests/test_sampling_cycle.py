"""The audit cycle from the command line: draw shared among auditors, returns with progress,
moderation with kappa and disagreements, actions by owner, and each bad return named by file,
row and cell."""
import json

import pytest
from openpyxl import load_workbook

from iro_audit.cli import main

AS_AT = "2026-03-31"


def _data(folder):
    """30 children; ten under s20 (C000, C003, ... C027). IRO I1 (North) holds the odd-numbered
    children (C003, C009, C015, C021, C027 of the s20 ten), I2 (South) the even ones."""
    folder.mkdir()
    h = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    e = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"]
    r = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    a = ["CHILD,IRO_ID,ALLOC_START,ALLOC_END"]
    for i in range(30):
        c = f"C{i:03d}"
        h.append(f"{c},1,01/06/{2008 + i % 15},WBRI,,,")
        ls = "V2" if i % 3 == 0 else "C2"
        e.append(f"{c},01/0{1 + i % 9}/2024,S,{ls},N1,U4,PR1,,,,,,")
        r.append(f"{c},01/06/{2008 + i % 15},01/03/2025,PN1")
        a.append(f"{c},{'I1' if i % 2 else 'I2'},01/01/2024,")
    for name, rows in (("header", h), ("episodes", e), ("reviews", r), ("iro_allocations", a)):
        (folder / f"{name}.csv").write_text("\n".join(rows) + "\n")
    (folder / "iros.csv").write_text("IRO_ID,IRO_NAME,TEAM,FTE,ROLE\nI1,Ann,North,1,IRO\nI2,Bob,South,1,IRO\n")
    return folder


I1_CHILDREN = {"C003", "C009", "C015", "C021", "C027"}
I2_CHILDREN = {"C000", "C006", "C012", "C018", "C024"}


def _fill(path, answers_for, extra=None):
    """Answer every question of every row with answers_for(child, qid); EXTRA: {(child,
    column): value} for NOTES / ACTION / OWNER / DUE."""
    wb = load_workbook(path)
    ws = wb["Audit"]
    head = [c.value for c in ws[1]]
    qids = [c for c in head if c in _QIDS]
    for r in range(2, ws.max_row + 1):
        child = ws.cell(row=r, column=2).value
        for q in qids:
            ws.cell(row=r, column=head.index(q) + 1, value=answers_for(child, q))
        for (c, col), v in (extra or {}).items():
            if c == child:
                ws.cell(row=r, column=head.index(col) + 1, value=v)
    wb.save(path)
    return [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]


_QIDS = set()


@pytest.fixture
def drawn(tmp_path, capsys):
    from iro_audit.sampling import load_questions

    _QIDS.update(load_questions("s20").ids)
    data = _data(tmp_path / "data")
    (tmp_path / "auditors.csv").write_text("AUDITOR,IRO_ID,TEAM\nA1,I1,North\nA2,I2,South\nTM,,\n")
    out = tmp_path / "out"
    assert main(["sample", "draw", "--data", str(data), "--as-at", AS_AT, "--tool", "s20",
                 "--n", "6", "--seed", "4521", "--auditors", str(tmp_path / "auditors.csv"),
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    stem = "s20_2026-03-31_seed4521"
    m = json.loads((out / f"{stem}.manifest.json").read_text())
    return {"tmp": tmp_path, "data": data, "out": out, "stem": stem, "manifest": m, "text": text}


def test_draw_shares_cases_by_the_rules(drawn):
    m = drawn["manifest"]
    cases = m["auditors"]["cases"]
    assert sorted(cases) == sorted(m["ids"]) and m["auditors"]["loads"] == {"A1": 2, "A2": 2, "TM": 2}
    assert not any(cases[c] == "A1" for c in I1_CHILDREN if c in cases)
    assert not any(cases[c] == "A2" for c in I2_CHILDREN if c in cases)
    assert m["worksheets"] == {a: f"{drawn['stem']}_{a}.xlsx" for a in ("A1", "A2", "TM")}
    for a in ("A1", "A2", "TM"):
        wb = load_workbook(drawn["out"] / m["worksheets"][a])
        on = [r[1] for r in wb["Audit"].iter_rows(min_row=2, values_only=True)]
        assert on == [c for c in m["ids"] if cases[c] == a]
    assert "shared among auditors (loads): A1 2, A2 2, TM 2" in drawn["text"]


def test_impossible_share_names_the_cases(tmp_path, capsys):
    data = _data(tmp_path / "data")
    (tmp_path / "a.csv").write_text("AUDITOR,IRO_ID,TEAM\nA1,I1,North\n")
    rc = main(["sample", "draw", "--data", str(data), "--as-at", AS_AT, "--tool", "s20", "--n", "10",
               "--seed", "1", "--auditors", str(tmp_path / "a.csv"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "5 case(s) cannot be given to any auditor" in err
    assert "C003, C009, C015, C021, C027" in err


def _yes(child, q):
    return "GOOD" if q == "OVERALL_GRADE" else "Y"


def test_cycle_returns_moderation_actions(drawn, capsys):
    out, m, stem = drawn["out"], drawn["manifest"], drawn["stem"]
    cases = m["auditors"]["cases"]
    a1 = [c for c in m["ids"] if cases[c] == "A1"]
    # A1: first case CONSENT_RECORDED = N with an action due 30/11/2026 (overdue on 1/12/2026)
    _fill(out / m["worksheets"]["A1"],
          lambda c, q: "N" if (c == a1[0] and q == "CONSENT_RECORDED") else _yes(c, q),
          {(a1[0], "ACTION"): "Find the signed consent", (a1[0], "OWNER"): "SW Lead",
           (a1[0], "DUE"): "30/11/2026"})
    _fill(out / m["worksheets"]["A2"], _yes)
    returned = [str(out / m["worksheets"][a]) for a in ("A1", "A2")]
    # moderation: half of the 4 cases returned by A1 and A2 (TM is the moderator)
    assert main(["sample", "moderate", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--share", "0.5", "--moderator", "TM", "--seed", "3", "--worksheet", *returned]) == 0
    text = capsys.readouterr().out
    assert "moderation: 2 of 4 audited case(s) for TM" in text
    m2 = json.loads((out / f"{stem}.manifest.json").read_text())
    assert m2["manifest_id"] == m["manifest_id"]
    mod_ids = m2["moderation"]["ids"]
    assert len(mod_ids) == 2 and all(cases[c] in ("A1", "A2") for c in mod_ids)
    # the moderator agrees everywhere (A1's N included) except NO_DRIFT on the first moderated case
    _fill(out / m2["moderation"]["worksheet"],
          lambda c, q: "N" if (c == mod_ids[0] and q == "NO_DRIFT")
          or (c == a1[0] and q == "CONSENT_RECORDED") else _yes(c, q))
    save = drawn["tmp"] / "findings.json"
    tracker = drawn["tmp"] / "actions.xlsx"
    assert main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--worksheet", *returned, str(out / m2["moderation"]["worksheet"]),
                 "--report-date", "2026-12-01", "--save", str(save),
                 "--actions-xlsx", str(tracker)]) == 0
    text = capsys.readouterr().out
    assert "TM: 2 shared, 0 returned, 0 complete, 2 outstanding (not returned)" in text
    assert "all: 6 shared, 4 returned, 4 complete, 2 outstanding; worksheets 2 of 3" in text
    f = json.loads(save.read_text())
    assert set(f) >= {"questions", "themes", "progress", "moderation", "actions", "comparison"}
    # 2 cases x 14 questions = 28 pairs, one disagreement: agreement 27/28
    assert f["moderation"]["overall"]["n"] == 28 and f["moderation"]["overall"]["agree"] == 27
    assert f["moderation"]["disagreements"] == [
        {"CHILD": mod_ids[0], "SEQ": m["ids"].index(mod_ids[0]) + 1, "AUDITOR": cases[mod_ids[0]],
         "QUESTION": "NO_DRIFT", "AUDIT": "Y", "MODERATION": "N"}]
    nd = next(q for q in f["moderation"]["questions"] if q["id"] == "NO_DRIFT")
    # NO_DRIFT: audit Y, Y; moderator N, Y -> po 1/2; audit always Y so pe = 1/2 x 1 = 1/2 ->
    # kappa (0.5 - 0.5) / 0.5 = 0
    assert nd["agree"] == 1 and nd["kappa"] == 0.0
    assert f["actions"] == [{"OWNER": "SW Lead", "DUE": "2026-11-30", "OVERDUE": True,
                             "CHILD": a1[0], "SEQ": m["ids"].index(a1[0]) + 1, "AUDITOR": "A1",
                             "FILE": m["worksheets"]["A1"], "ROW": 2,
                             "QUESTIONS_N": ["CONSENT_RECORDED"],
                             "ACTION": "Find the signed consent"}]
    assert f["actions_by_owner"] == [{"owner": "SW Lead", "actions": 1, "overdue": 1}]
    rows = list(load_workbook(tracker)["Actions"].iter_rows(values_only=True))
    assert rows[0][:4] == ("OWNER", "DUE", "OVERDUE", "CHILD") and rows[1][0] == "SW Lead"
    assert rows[1][2] == "OVERDUE" and rows[1][3] == a1[0] and len(rows) == 2
    # the tracker given among the worksheets is passed over, and said to be
    assert main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--worksheet", *returned, str(tracker), "--json"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert files[-1] == {"file": "actions.xlsx", "role": "action tracker (not a worksheet: not read)",
                         "auditor": None, "cases": 0}

    # re-audit against itself: every question unchanged
    assert main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--worksheet", *returned, "--report-date", "2026-12-01", "--previous", str(save),
                 "--json"]) == 0
    g = json.loads(capsys.readouterr().out)
    assert g["comparison"]["questions_added"] == [] and g["moderation"] is None
    assert all(r["difference"] == 0 for r in g["comparison"]["questions"])
    # ... or from the previous manifest and its worksheets
    assert main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--worksheet", *returned, "--previous-manifest", str(out / f"{stem}.manifest.json"),
                 "--previous-worksheet", *returned, "--json"]) == 0
    h = json.loads(capsys.readouterr().out)
    assert h["comparison"]["questions"] == g["comparison"]["questions"]

    # a moderation sheet for a case whose audit has not come back
    other = next(a for a in ("A1", "A2") if cases[mod_ids[0]] != a)
    assert main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
                 "--worksheet", str(out / m["worksheets"][other]),
                 str(out / m2["moderation"]["worksheet"])]) == 2
    err = capsys.readouterr().err
    assert (f"{m2['moderation']['worksheet']}: row 2, cell B2: child '{mod_ids[0]}' is moderated "
            f"but has not been audited") in err


def test_bad_returns_name_file_row_and_cell(drawn, capsys):
    out, m, stem = drawn["out"], drawn["manifest"], drawn["stem"]
    cases = m["auditors"]["cases"]
    a2 = [c for c in m["ids"] if cases[c] == "A2"]
    # an action without an owner (A2's second case, row 3)
    _fill(out / m["worksheets"]["A2"],
          lambda c, q: "N" if (c == a2[1] and q == "NO_DRIFT") else _yes(c, q),
          {(a2[1], "ACTION"): "Plan for permanence", (a2[1], "DUE"): "31/01/2027"})
    # a worksheet from another sample (seed 99)
    assert main(["sample", "draw", "--data", str(drawn["data"]), "--as-at", AS_AT, "--tool", "s20",
                 "--n", "6", "--seed", "99", "--out", str(out / "other")]) == 0
    capsys.readouterr()
    other = out / "other" / "s20_2026-03-31_seed99.xlsx"
    rc = main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
               "--worksheet", str(out / m["worksheets"]["A2"]), str(other)])
    err = capsys.readouterr().err
    assert rc == 2
    # SEQ, CHILD, 9 facts, 14 questions, NOTES (Z), ACTION (AA), OWNER (AB), DUE (AC)
    assert f"{m['worksheets']['A2']}: row 3, cell AB3: the action has no owner" in err
    assert ("s20_2026-03-31_seed99.xlsx: sheet _sample, row 1, cell B1: this worksheet was made "
            "for sample") in err and "(a worksheet from another sample)" in err
    # the moderation worksheet before any moderation was drawn is named too; a moderation
    # sheet listing a case outside the moderation sample names the row and cell
    # seed 4521 draws four children of I1 and two of I2; A1 (IRO I1) audits the two I2 children,
    # so every case A1 did not audit is one of their own children as IRO: nothing to moderate
    assert sorted(c for c in m["ids"] if c in I1_CHILDREN) == sorted(
        c for c in m["ids"] if cases[c] != "A1") and len(m["ids"]) == 6
    assert m["auditors"]["iros"] == {c: ["I1" if c in I1_CHILDREN else "I2"] for c in m["ids"]}
    manifest_path = str(out / f"{stem}.manifest.json")
    assert main(["sample", "moderate", "--manifest", manifest_path, "--share", "0.2",
                 "--moderator", "A1", "--seed", "1"]) == 2
    assert ("the moderator A1 audited 2 of them and is or was the IRO for 4 (a moderator never "
            "moderates their own)") in capsys.readouterr().err
    # TM (no IRO) audited 2: 4 eligible, ceil(0.2 x 4) = 1
    assert main(["sample", "moderate", "--manifest", manifest_path, "--share", "0.2",
                 "--moderator", "TM", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    assert "moderation: 1 of 4 audited case(s) for TM (share 0.2, seed 1; 2 of the moderator's own left out)" in text
    m2 = json.loads((out / f"{stem}.manifest.json").read_text())
    assert cases[m2["moderation"]["ids"][0]] != "TM"
    mod = out / m2["moderation"]["worksheet"]
    wb = load_workbook(mod)
    wb["Audit"]["B2"] = next(c for c in m["ids"] if c not in m2["moderation"]["ids"])
    wb.save(mod)
    rc = main(["sample", "findings", "--manifest", str(out / f"{stem}.manifest.json"),
               "--worksheet", str(mod)])
    err = capsys.readouterr().err
    assert rc == 2 and f"{mod.name}: row 2, cell B2: child" in err
    assert "is not in the moderation sample" in err

"""`iro-audit metrics` with the CIN census tables and conference records in the data folder: the
`cp` group in JSON and as a table. Child 0101: s47 from Wed 5 Apr 2023, initial conference and
plan Thu 20 Apr 2023 (the 9th working day: Good Friday 7 Apr and Easter Monday 10 Apr not
counted), review 18 Jul 2023 (due 20 Jul); conference C001 report shared Mon 17 Apr (the 2nd
working day before is Tue 18 Apr), minutes Tue 2 May (the 7th working day: Mon 1 May a bank
holiday)."""
import json

from iro_audit.cli import main

from _loadkit import folder

FILES = dict(
    a_csv="LAchildID,PersonBirthDate,ExpectedPersonBirthDate,Sex,PersonDeathDate,Ethnicity\n"
          "0101,01/03/2012,,F,,WBRI\n",
    c_csv="LAchildID,CINreferralDate,S47ActualStartDate,InitialCPCtarget,DateOfInitialCPC,ICPCnotRequired\n"
          "0101,2023-04-03,2023-04-05,2023-04-26,2023-04-20,false\n",
    d_csv="LAchildID,CINreferralDate,CPPstartDate,CPPendDate,InitialCategoryOfAbuse,"
          "LatestCategoryOfAbuse,NumberOfPreviousCPP\n0101,2023-04-03,2023-04-20,,NEG,,\n",
    e_csv="LAchildID,CPPstartDate,CPPreviewDate\n0101,2023-04-20,2023-07-18\n",
    f_csv="CONFERENCE_ID,CHILD,CONFERENCE_DATE,CONFERENCE_TYPE,CHAIR_ID,OUTCOME,CHILD_PARTICIPATION,"
          "PARENTS_ATTENDED,QUORATE,REPORT_SHARED_DATE,MINUTES_ISSUED\n"
          "C001,0101,2023-04-20,ICPC,I01,PLAN,VIEWS_SHARED,SOME,Y,2023-04-17,2023-05-02\n",
)
ARGS = ["--start", "2023-04-01", "--end", "2024-03-31"]


def test_cp_group_in_json_and_table(tmp_path, capsys):
    data = folder(tmp_path, **FILES)
    assert main(["metrics", "--data", str(data), *ARGS]) == 0
    res = json.loads(capsys.readouterr().out)["cp"]
    assert res["s47_started"] == 1 and res["icpc_held"] == 1
    assert res["icpc_within_15wd"]["n"] == 1 and res["icpc_to_plan"]["n"] == 1
    assert res["plans_started"] == 1 and res["children_on_plan"] == 1
    assert res["by_category"] == {"NEG": 1}
    assert res["second_or_subsequent"]["n"] == 0          # blank NumberOfPreviousCPP is 0
    assert res["teenagers_on_plan"] == 0                  # 12 on 31 Mar 2024
    assert res["reviews_on_time"]["n"] == 1
    assert res["reviews_overdue"] == 1                    # next due 18 Jan 2024
    assert res["conferences"]["report_shared_2wd"]["n"] == 1
    assert res["conferences"]["minutes_within_15wd"]["n"] == 1
    assert res["by_chair"] == [{"CHAIR_ID": "I01", "children": 1}]
    assert main(["metrics", "--data", str(data), *ARGS, "--format", "table"]) == 0
    lines = {ln.split()[0]: ln for ln in capsys.readouterr().out.splitlines()[1:]}
    assert lines["cp.by_chair.I01"].split(None, 1)[1] == "1 children"
    assert lines["cp.icpc_within_15wd"].split(None, 1)[1].startswith("100.0% (1/1")

"""The dip_sample and dip_sample_findings notebooks, run through the real runner on a small
synthetic authority: the worksheet and manifest are written, the draw is reproducible from its
seed, the findings summary agrees with `sampling.findings`, and the HTML carries no code."""
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iro_audit import sampling
from iro_audit.report import dip_sample as dip
from iro_audit.runner import check_parameters, notebook_parameters, run_report

from test_runner import assert_offline_without_code

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PARAMS = ROOT / "parameters"


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    from iro_audit import synth

    d = tmp_path_factory.mktemp("authority") / "data"
    synth.generate(d, children=150, years=3, seed=2)
    return d


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return tmp_path_factory.mktemp("runs")


def _run(notebook, out, name, **overrides):
    result, _ = run_report(notebook, PARAMS / f"{notebook}.yaml", overrides=overrides, out=out,
                           name=name, notebooks_dir=NOTEBOOKS)
    return result, Path(result.out_dir)


@pytest.fixture(scope="module")
def drawn(authority, runs):
    """Three draws of 10 s20 cases stratified by team: seed 4521 twice, then seed 99."""
    out = {}
    for name, seed in (("a", 4521), ("b", 4521), ("c", 99)):
        out[name] = _run("dip_sample", runs, name, data_dir=str(authority), sample_size=10,
                         seed=seed, strata="TEAM")
    return out


def _manifest(run_dir: Path) -> tuple[Path, Path, dict]:
    ms = sorted(run_dir.glob("*.manifest.json"))
    xs = sorted(run_dir.glob("*.xlsx"))
    assert len(ms) == 1 and len(xs) == 1, (ms, xs)
    return xs[0], ms[0], json.loads(ms[0].read_text())


# -- the parameter files ----------------------------------------------------------------------

def test_parameter_files_name_only_parameters_of_their_notebooks(tmp_path):
    from iro_audit.runner import load_parameter_file

    for name in ("dip_sample", "dip_sample_findings"):
        path = PARAMS / f"{name}.yaml"
        pf = load_parameter_file(path)
        assert pf.notebook == name
        # data_dir must exist for the check; point it at an empty folder
        params = dict(pf.params)
        if "data_dir" in params:
            params["data_dir"] = str(tmp_path)
        checked = check_parameters(NOTEBOOKS / f"{name}.ipynb", [(str(path), params)])
        assert set(checked) <= set(notebook_parameters(NOTEBOOKS / f"{name}.ipynb"))
    declared = notebook_parameters(NOTEBOOKS / "dip_sample.ipynb")
    for key in ("data_dir", "start", "end", "as_at", "suppress", "summary_path", "tool",
                "legal_status", "placement", "team", "iro", "age_band", "min_age", "max_age",
                "date_from", "date_to", "margin", "sample_size", "p", "seed", "strata",
                "allocation", "out_dir"):
        assert key in declared, key
    assert declared["margin"] == 0.05 and declared["sample_size"] is None
    assert declared["data_dir"] is None          # the session's folder, else the demo authority
    f = notebook_parameters(NOTEBOOKS / "dip_sample_findings.ipynb")
    assert dip.is_demo_path(NOTEBOOKS / f["worksheet"])


# -- dip_sample ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_dip_sample_writes_worksheet_and_manifest_of_the_requested_size(drawn, authority):
    result, run_dir = drawn["a"]
    assert result.ok, result.error
    xlsx, mpath, m = _manifest(run_dir)
    assert xlsx.name == "s20_2026-03-31_seed4521.xlsx"
    assert len(m["ids"]) == 10 and m["achieved"] == 10 and m["seed"] == 4521
    assert m["strata"] == "TEAM" and sum(m["allocations"].values()) == 10
    # the cohort is every child in an s20 run on 31 March 2026
    from iro_audit.load import load_dataset

    frame = sampling.case_frame(load_dataset(str(authority)), "2026-03-31", "s20")
    assert m["population"] == len(frame) and set(m["ids"]) <= set(frame["CHILD"])
    # the worksheet lists exactly the manifest's children, in the order drawn
    ws = load_workbook(xlsx)["Audit"]
    head = [c.value for c in ws[1]]
    ids = [r[head.index("CHILD")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert ids == m["ids"]
    # the JSON summary says the same
    summary = json.loads((run_dir / "dip_sample.json").read_text())["dip_sample"]
    assert summary["ids"] == m["ids"] and summary["manifest_id"] == m["manifest_id"]
    assert summary["worksheet"] == str(xlsx) and summary["population"] == m["population"]


@pytest.mark.slow
def test_same_seed_draws_the_same_cases_and_another_seed_does_not(drawn):
    _, _, a = _manifest(drawn["a"][1])
    _, _, b = _manifest(drawn["b"][1])
    _, _, c = _manifest(drawn["c"][1])
    assert a["ids"] == b["ids"] and a["manifest_id"] == b["manifest_id"]
    assert c["ids"] != a["ids"] and len(c["ids"]) == 10


@pytest.mark.slow
def test_dip_sample_html_shows_the_draw_without_code(drawn):
    _, run_dir = drawn["a"]
    _, _, m = _manifest(run_dir)
    html = (run_dir / "dip_sample.html").read_text()
    assert_offline_without_code(html)
    assert "draw_sample" not in html and "display(" not in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert m["manifest_id"] in text and "seed 4521" in text
    assert f"{m['population']} cases meet this definition" in text
    # achieved margin of a chosen size, with the finite population correction
    pts = f"{100 * sampling.margin_for(10, m['population']):.1f}"
    assert f"\u00b1{pts} percentage points" in html
    for child in m["ids"]:
        assert child in text
    assert "iro-audit sample draw" in text and "--seed 4521" in text


def _redraw(summary: dict, folder: Path) -> dict:
    """Run the report's `iro-audit sample draw` command into FOLDER; the manifest it writes."""
    import shlex

    from iro_audit.cli import main

    argv = shlex.split(summary["redraw_command"])
    assert argv[:3] == ["iro-audit", "sample", "draw"] and argv[-1] == "FOLDER"
    assert main(argv[1:-1] + [str(folder)]) == 0
    return json.loads(next(folder.glob("*.manifest.json")).read_text())


@pytest.mark.slow
def test_the_command_the_report_gives_draws_the_same_sample(drawn, tmp_path, capsys):
    _, run_dir = drawn["a"]
    _, _, m = _manifest(run_dir)
    summary = json.loads((run_dir / "dip_sample.json").read_text())["dip_sample"]
    again = _redraw(summary, tmp_path)
    assert again["ids"] == m["ids"] and again["manifest_id"] == m["manifest_id"]


@pytest.mark.slow
def test_dip_sample_sized_from_a_margin(authority, runs, tmp_path):
    result, run_dir = _run("dip_sample", runs, "margin", data_dir=str(authority), margin=0.1,
                           seed=7, tool="qc_moderation", age_band=["10-15", "16+"])
    assert result.ok, result.error
    xlsx, _, m = _manifest(run_dir)
    assert xlsx.name.startswith("qc_moderation_")
    assert m["cohort"]["age_band"] == ["10-15", "16+"]
    assert m["achieved"] == sampling.size_for(m["population"], 0.1) == len(m["ids"])
    assert m["target_margin"] == 0.1
    summary = json.loads((run_dir / "dip_sample.json").read_text())["dip_sample"]
    again = _redraw(summary, tmp_path)
    assert again["manifest_id"] == m["manifest_id"] and again["ids"] == m["ids"]


# -- dip_sample_findings -----------------------------------------------------------------------

ANSWERS = {  # the first yes/no question answered by hand for the 10 cases: 6 Y, 3 N, 1 NA
    "CONSENT_RECORDED": ["Y", "Y", "N", "Y", "NA", "Y", "N", "Y", "N", "Y"],
}


def _complete(xlsx: Path, dest: Path, qs) -> Path:
    """Fill in a copy of the worksheet like an auditor: every question Y, but the answers above
    and a grade of GOOD; case 2 has a note."""
    shutil.copy(xlsx, dest)
    wb = load_workbook(dest)
    ws = wb["Audit"]
    head = [c.value for c in ws[1]]
    for i, r in enumerate(range(2, ws.max_row + 1)):
        for q in qs.questions:
            v = ANSWERS.get(q.id, ["Y"] * 10)[i] if q.yes_no else "GOOD"
            ws.cell(row=r, column=head.index(q.id) + 1, value=v)
    ws.cell(row=4, column=head.index("NOTES") + 1, value="Consent form not on file")
    wb.save(dest)
    return dest


@pytest.mark.slow
def test_findings_summary_matches_sampling_findings_and_html_has_no_code(drawn, runs):
    xlsx, mpath, m = _manifest(drawn["a"][1])
    qs = sampling.load_questions("s20")
    done = _complete(xlsx, runs / "completed.xlsx", qs)
    result, run_dir = _run("dip_sample_findings", runs, "findings", worksheet=str(done),
                           manifest=str(mpath))
    assert result.ok, result.error
    summary = json.loads((run_dir / "dip_sample_findings.json").read_text())["dip_sample_findings"]
    expected = sampling.findings(sampling.read_worksheet(done, m, qs), qs, m)
    assert summary["questions"] == expected["questions"]
    assert summary["themes"] == expected["themes"]
    assert summary["follow_up"] == expected["follow_up"]
    assert summary["manifest_id"] == m["manifest_id"] and summary["demonstration"] is False
    first = next(q for q in summary["questions"] if q["id"] == "CONSENT_RECORDED")
    assert first["rate"]["n"] == 6 and first["rate"]["d"] == 9 and first["NA"] == 1
    assert first["rate"]["pct"] == 66.7
    assert [c["CHILD"] for c in summary["follow_up"]] == [m["ids"][2], m["ids"][6], m["ids"][8]]
    html = (run_dir / "dip_sample_findings.html").read_text()
    assert_offline_without_code(html)
    assert "open_findings" not in html and "DEMONSTRATION" not in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert "66.7%" in text and "Consent form not on file" in text
    assert "data:image/png;base64," in html          # the bar chart with interval whiskers


@pytest.mark.slow
def test_findings_with_suppression_list_no_child_and_hide_rates_on_small_counts(drawn, runs):
    xlsx, mpath, m = _manifest(drawn["a"][1])
    done = _complete(xlsx, runs / "completed_sup.xlsx", sampling.load_questions("s20"))
    result, run_dir = _run("dip_sample_findings", runs, "suppressed", worksheet=str(done),
                           manifest=str(mpath), suppress=True)
    assert result.ok, result.error
    text = re.sub(r"<[^>]+>", " ", (run_dir / "dip_sample_findings.html").read_text())
    assert not any(child in text for child in m["ids"])
    # Consent recorded: 6 Y, 3 N -> its 66.7% would give the 3 away; the pooled Consent theme
    # (26 of 29) likewise; questions with 10 Y and 0 N keep their 100.0%
    assert "66.7%" not in text and "89.7%" not in text and "100.0%" in text
    assert "Consent form not on file" not in text


@pytest.mark.slow
def test_findings_of_a_worksheet_with_a_bad_answer_fail_naming_the_cell(drawn, runs):
    xlsx, mpath, _ = _manifest(drawn["a"][1])
    bad = runs / "bad.xlsx"
    shutil.copy(xlsx, bad)
    wb = load_workbook(bad)
    ws = wb["Audit"]
    col = [c.value for c in ws[1]].index("CONSENT_RECORDED") + 1
    ws.cell(row=3, column=col, value="Maybe")
    wb.save(bad)
    result, _ = _run("dip_sample_findings", runs, "bad", worksheet=str(bad), manifest=str(mpath))
    assert not result.ok
    letter = ws.cell(row=3, column=col).column_letter
    assert f"cell {letter}3" in result.error and "'Maybe' is not one of Y, N, NA" in result.error


@pytest.mark.slow
def test_findings_default_makes_a_labelled_demonstration_worksheet(authority, runs, tmp_path):
    demo = tmp_path / "outputs" / "dip_samples" / "demo"
    result, run_dir = _run("dip_sample_findings", runs, "demo", data_dir=str(authority),
                           worksheet=str(demo / "s20_demo_completed.xlsx"))   # manifest found
    assert result.ok, result.error
    assert (demo / "s20_demo_completed.xlsx").is_file()
    assert (demo / "s20_demo_completed.manifest.json").is_file()
    assert dip.is_demo_worksheet(demo / "s20_demo_completed.xlsx")
    html = (run_dir / "dip_sample_findings.html").read_text()
    assert dip.DEMO_TEXT in html
    summary = json.loads((run_dir / "dip_sample_findings.json").read_text())["dip_sample_findings"]
    assert summary["demonstration"] is True and summary["cases"] == 20


# -- the demonstration answers -------------------------------------------------------------------

def test_demo_answers_are_seeded_allowed_and_marked(tmp_path):
    import pandas as pd

    qs = sampling.load_questions("s20")
    frame = pd.DataFrame({"CHILD": [f"C{i:02d}" for i in range(12)], "AGE": list(range(12))})
    sample = sampling.select(frame, 12, seed=1)
    m = sampling.make_manifest(sample, questions=qs, seed=1, population=12, requested=12)
    paths = []
    for k in range(2):
        p = sampling.write_worksheet(sample, m, qs, tmp_path / f"w{k}.xlsx")
        dip.fill_demo_answers(p, qs, seed=5)
        paths.append(p)
    a, b = (sampling.read_worksheet(p, m, qs) for p in paths)   # every answer allowed
    assert a[qs.ids].equals(b[qs.ids])
    assert a[qs.ids].notna().to_numpy().mean() > 0.9
    assert dip.is_demo_worksheet(paths[0])
    plain = sampling.write_worksheet(sample, m, qs, tmp_path / "plain.xlsx")
    assert not dip.is_demo_worksheet(plain)


def test_the_manifest_of_a_worksheet_is_found_by_its_sample_id(tmp_path):
    import pandas as pd

    from iro_audit.errors import ParameterError

    qs = sampling.load_questions("pwp")
    frame = pd.DataFrame({"CHILD": [f"C{i:02d}" for i in range(8)]})
    made = {}
    for seed in (1, 2):
        sample = sampling.select(frame, 4, seed=seed)
        m = sampling.make_manifest(sample, questions=qs, seed=seed, population=8, requested=4)
        made[seed] = sampling.save_manifest(m, tmp_path / f"pwp_seed{seed}.manifest.json")
        sampling.write_worksheet(sample, m, qs, tmp_path / f"pwp_seed{seed}.xlsx")
    shutil.copy(tmp_path / "pwp_seed2.xlsx", tmp_path / "renamed by the auditor.xlsx")
    assert dip.find_manifest(tmp_path / "renamed by the auditor.xlsx") == made[2]
    assert dip.find_manifest(tmp_path / "pwp_seed1.xlsx") == made[1]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(tmp_path / "pwp_seed1.xlsx", elsewhere / "w.xlsx")
    with pytest.raises(ParameterError, match="give the manifest parameter"):
        dip.find_manifest(elsewhere / "w.xlsx")


def test_out_dir_defaults_beside_the_report(tmp_path):
    assert dip.sample_out_dir("x/y", tmp_path / "r.json") == Path("x/y")
    assert dip.sample_out_dir(None, tmp_path / "run" / "r.json") == (tmp_path / "run").resolve()
    assert dip.sample_out_dir(None, None) == Path("../outputs/dip_samples")


# -- the audit cycle in the notebooks --------------------------------------------------------------

@pytest.mark.slow
def test_dip_sample_shares_cases_among_auditors(authority, runs, tmp_path):
    import pandas as pd

    iros = pd.read_excel(authority / "iros.xlsx", dtype=str).sort_values("IRO_ID")
    first = iros.iloc[0]
    auditors = tmp_path / "auditors.csv"
    auditors.write_text(f"AUDITOR,IRO_ID,TEAM\n{first['IRO_ID']},{first['IRO_ID']},{first['TEAM']}\n"
                        "TM1,,\n")
    result, run_dir = _run("dip_sample", runs, "shared", data_dir=str(authority), sample_size=10,
                           seed=4521, auditors=str(auditors))
    assert result.ok, result.error
    m = json.loads(next(run_dir.glob("*.manifest.json")).read_text())
    assert m["auditors"]["loads"] == {first["IRO_ID"]: 5, "TM1": 5}
    assert sorted(p.name for p in run_dir.glob("*.xlsx")) == sorted(m["worksheets"].values())
    text = re.sub(r"<[^>]+>", " ", (run_dir / "dip_sample.html").read_text())
    assert "Who audits which case" in text and "Worksheet for TM1 (5 cases)" in text


@pytest.mark.slow
def test_findings_demo_cycle_two_auditors_moderator_actions_and_comparison(authority, runs, tmp_path):
    demo = tmp_path / "outputs" / "dip_samples" / "demo" / "s20_cycle"
    result, run_dir = _run("dip_sample_findings", runs, "cycle", data_dir=str(authority),
                           worksheet=str(demo), report_date="2026-12-01")
    assert result.ok, result.error
    files = sorted(p.name for p in demo.glob("*.xlsx"))
    assert len(files) == 3 and sum("_moderation_QA-DEMO" in f for f in files) == 1
    assert all(dip.is_demo_worksheet(demo / f) for f in files)
    s = json.loads((run_dir / "dip_sample_findings.json").read_text())["dip_sample_findings"]
    assert s["demonstration"] is True and s["cases"] == 20
    assert s["progress"]["total"] == {"allocated": 20, "returned": 20, "complete": s["complete"],
                                      "outstanding": 20 - s["complete"], "worksheets_returned": 2,
                                      "worksheets_expected": 2}
    md = s["moderation"]
    assert md["moderator"] == "QA-DEMO" and md["cases"] == 5        # ceil(0.25 x 20)
    assert md["overall"]["n"] - md["overall"]["agree"] == len(md["disagreements"])
    assert s["actions"] and all(a["OWNER"] and a["DUE"] for a in s["actions"])
    assert s["comparison"] is None
    html = (run_dir / "dip_sample_findings.html").read_text()
    assert dip.DEMO_TEXT in html
    text = re.sub(r"<[^>]+>", " ", html)
    assert "Worksheets returned, by auditor" in text and "Agreement between auditors and the moderator" in text
    assert "Actions by owner" in text and (run_dir / "s20_2026-03-31_seed4521_actions.xlsx").is_file()
    # the same audit again, compared with the first run's summary: nothing changed
    result, run2 = _run("dip_sample_findings", runs, "cycle_again", data_dir=str(authority),
                        worksheet=str(demo), previous=str(run_dir / "dip_sample_findings.json"))
    assert result.ok, result.error
    c = json.loads((run2 / "dip_sample_findings.json").read_text())["dip_sample_findings"]["comparison"]
    assert c["questions"] and all(r["difference"] in (0.0, None) for r in c["questions"])
    assert "Change since the last audit, question by question" in (run2 / "dip_sample_findings.html").read_text()

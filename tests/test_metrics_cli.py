"""`iro-audit metrics` and `metrics.compute_all` end to end on small hand-written folders."""
import json
from pathlib import Path

import pytest

from iro_audit import metrics
from iro_audit.cli import main

from _loadkit import peer, write_table as write


@pytest.fixture
def folder(tmp_path):
    # A: in care from Mon 4 Mar 2024 (1st review due Wed 3 Apr 2024, Easter crossed): review on
    #    3 Apr on time, then 2nd due 3 Jul: review 4 Jul late.
    # B: in care from Mon 2 Dec 2024 (1st due 2 Jan 2025): no review by as_at 31 Mar 2025: overdue.
    write(tmp_path, "header", [{"CHILD": "A", "SEX": "1", "DOB": "01/06/2015"},
                               {"CHILD": "B", "SEX": "2", "DOB": "01/06/2012"}])
    write(tmp_path, "episodes", [
        {"CHILD": "A", "DECOM": "04/03/2024", "RNE": "S", "LS": "C2", "PLACE": "U4"},
        {"CHILD": "B", "DECOM": "02/12/2024", "RNE": "S", "LS": "V2", "PLACE": "U4"},
    ])
    write(tmp_path, "reviews", [
        {"CHILD": "A", "REVIEW": "03/04/2024", "REVIEW_CODE": "PN1"},
        {"CHILD": "A", "REVIEW": "04/07/2024", "REVIEW_CODE": "PN7"},
    ])
    return tmp_path


def run(capsys, *argv):
    rc = main(["metrics", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_json_output(folder, capsys):
    rc, out, err = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31")
    assert rc == 0
    res = json.loads(out)
    assert list(res) == list(metrics.GROUP_NAMES)
    assert res["reviews"]["held"] == 2
    assert res["reviews"]["on_time"] == {"n": 1, "d": 2, "pct": 50.0, "ci95": [9.5, 90.5]}
    assert res["reviews"]["overdue"] == 2   # A: 3rd due 4 Jan 2025; B: 1st due 2 Jan 2025
    assert res["participation"]["PN7"]["n"] == 1
    for group in ("review_records", "midway", "visits", "caseload", "health", "pep", "escalations", "qc",
                  "cp"):
        assert res[group] is None, group
    assert res["entering"]["occasions"] == 1     # B, 2 Dec 2024
    assert err == ""                              # no data-quality problems


def test_as_at_and_table_format(folder, capsys):
    rc, out, _ = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31",
                     "--as-at", "2025-01-02", "--format", "table")
    assert rc == 0
    lines = {ln.split()[0]: ln for ln in out.splitlines()[1:]}
    assert lines["reviews.on_time"].split(None, 1)[1] == "50.0% (1/2, 95% CI 9.5-90.5)"
    # as at 2 Jan 2025: B's 1st review is due that day (not yet overdue); A's was due 4 Jan
    assert lines["reviews.overdue"].split()[1] == "0"
    assert "not available" in lines["review_records"]
    assert "not available" in lines["cp"]             # no CIN census tables


def test_params_file_changes_the_schedule(folder, capsys, tmp_path_factory):
    p = tmp_path_factory.mktemp("p") / "m.yaml"
    p.write_text("first_review_working_days: 19\n")
    _, out, _ = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31",
                    "--params", str(p))
    assert json.loads(out)["reviews"]["on_time"]["n"] == 0   # 3 Apr is now a day late
    p.write_text("first_review_workdays: 19\n")
    rc, _, err = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31",
                     "--params", str(p))
    assert rc == 2 and "first_review_working_days" in err and "Traceback" not in err


def test_default_parameter_file_holds_every_default():
    from iro_audit.params import DEFAULTS, load_params
    import yaml

    path = Path(__file__).resolve().parents[1] / "parameters" / "metrics.yaml"
    assert yaml.safe_load(path.read_text()) == DEFAULTS
    assert load_params(path) == DEFAULTS


def test_data_quality_count_on_stderr_and_strict(folder, capsys):
    write(folder, "reviews", [
        {"CHILD": "A", "REVIEW": "03/04/2024", "REVIEW_CODE": "PN1"},
        {"CHILD": "A", "REVIEW": "31/02/2024", "REVIEW_CODE": "PN1"},   # not a date
    ])
    rc, out, err = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31")
    assert rc == 0 and json.loads(out)["reviews"]["held"] == 1
    assert len(err.strip().splitlines()) == 1
    assert "1 data-quality problem" in err and "iro-audit check" in err
    rc, out, err = run(capsys, "--data", str(folder), "--start", "2024-04-01", "--end", "2025-03-31",
                       "--strict")
    assert rc == 2 and out == "" and "Traceback" not in err


def test_bad_dates_are_a_clear_error(folder, capsys):
    rc, _, err = run(capsys, "--data", str(folder), "--start", "2024-13-01", "--end", "2025-03-31")
    assert rc == 2 and "start" in err and "Traceback" not in err
    rc, _, err = run(capsys, "--data", str(folder), "--start", "2025-04-01", "--end", "2025-03-31")
    assert rc == 2 and "before start" in err


def test_every_group_is_wired():
    assert list(metrics.GROUPS) == list(metrics.GROUP_NAMES)
    assert metrics.GROUP_NAMES == (
        "reviews", "participation", "review_records", "midway", "visits", "caseload", "health",
        "pep", "stability", "entering", "ceased", "uasc", "s20", "pwp", "adoption", "missing",
        "escalations", "qc", "cp")


def test_peer_903_data_gives_903_metrics_and_nulls(capsys):
    rc, out, err = run(capsys, "--data", str(peer()), "--start", "2017-04-01", "--end", "2018-03-31")
    assert rc == 0
    res = json.loads(out)
    assert res["reviews"]["held"] > 0 and res["participation"]["PN1"]["d"] == res["reviews"]["held"]
    assert set(res["health"]) == {"oc2_assessment", "oc2_dental", "oc2_immunisations"}
    for group in ("review_records", "midway", "visits", "caseload", "pep", "escalations", "qc", "cp"):
        assert res[group] is None
    assert res["s20"]["consent_recorded"] is None
    assert "iro-audit check" in err

"""`iro-audit check`: summary, report, --strict exit status, --problems-csv, no tracebacks."""
import subprocess
import sys

import pandas as pd

from iro_audit.cli import main

from _loadkit import FIXTURES, REVIEWS_HEAD, folder


def _bad(tmp_path):
    return folder(tmp_path, reviews_csv=REVIEWS_HEAD + """
001,15/06/2015,29/04/2019,PN0
001,15/06/2015,31/02/2019,PN1
002,20/01/2010,10/06/2019,PN1
""")


def test_check_prints_summary_and_report(tmp_path, capsys):
    d = _bad(tmp_path)
    out_csv = tmp_path / "problems.csv"
    rc = main(["check", "--data", str(d), "--problems-csv", str(out_csv)])
    out = capsys.readouterr().out
    assert rc == 0
    assert "reviews.csv" in out and "episodes" in out and "fingerprint" in out
    assert "Children (header): 2" in out
    assert "Episodes: 3 of 2 children, DECOM 01/04/2019 to 01/10/2019" in out
    assert "[type]" in out and "31/02/2019" in out
    p = pd.read_csv(out_csv, dtype=str)
    assert p[["file", "row", "column", "rule", "action"]].values.tolist() == [
        ["reviews.csv", "3", "REVIEW", "type", "row set aside"]]


def test_check_strict_exits_2_with_message(tmp_path, capsys):
    rc = main(["check", "--data", str(_bad(tmp_path)), "--strict"])
    err = capsys.readouterr().err
    assert rc == 2 and "--strict: 1 data-quality problem(s)" in err


def test_check_strict_clean_data_exits_0(capsys):
    assert main(["check", "--data", str(FIXTURES / "base"), "--strict"]) == 0
    assert "No data-quality problems." in capsys.readouterr().out


def test_check_strict_subprocess_no_traceback(tmp_path):
    d = _bad(tmp_path)
    r = subprocess.run([sys.executable, "-m", "iro_audit", "check", "--data", str(d), "--strict"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "data-quality problem" in r.stderr


def test_check_missing_required_table_and_bad_map_no_traceback(tmp_path):
    d = folder(tmp_path, reviews_csv=None)
    r = subprocess.run([sys.executable, "-m", "iro_audit", "check", "--data", str(d)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "required table(s) reviews not found" in r.stderr
    bad_map = tmp_path / "map.yaml"
    bad_map.write_text("columns: [oops\n")
    r = subprocess.run([sys.executable, "-m", "iro_audit", "check", "--data", str(FIXTURES / "base"),
                        "--column-map", str(bad_map)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "not valid YAML" in r.stderr

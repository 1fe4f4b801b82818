"""`iro-audit synth --format xml`: the synthetic authority as a case-management export (903 XML
per year, IRO tables as XLSX) loads into exactly the tables, and the metrics, of its CSV form."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from iro_audit import contract
from iro_audit.cli import main
from iro_audit.load import load_dataset
from iro_audit.synth import is_own_file

from _loadkit import check_accounting

ARGS = ["--children", "80", "--years", "3", "--seed", "4", "--quiet"]


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    base = tmp_path_factory.mktemp("forms")
    assert main(["synth", "--out", str(base / "csv"), *ARGS]) == 0
    assert main(["synth", "--out", str(base / "xml"), "--format", "xml", *ARGS]) == 0
    return base / "csv", base / "xml"


def test_xml_form_files(forms):
    _, x = forms
    names = sorted(p.name for p in x.iterdir())
    assert [n for n in names if n.endswith(".xml")] == [
        "cin_census_2024.xml", "cin_census_2025.xml", "cin_census_2026.xml",
        "ssda903_2024.xml", "ssda903_2025.xml", "ssda903_2026.xml"]
    assert not any(n.endswith(".csv") for n in names)
    assert "review_records.xlsx" in names and "iros.xlsx" in names and "cp_conferences.xlsx" in names
    assert (x / "cin_census_2026.xml").read_text().startswith("<?xml version='1.0' encoding='utf-8'?>\n<Message>")
    assert (x / "ssda903_2026.xml").read_text()[:60].startswith("<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>")


def test_csv_and_xml_forms_give_identical_tables(forms):
    c, x = load_dataset(forms[0]), load_dataset(forms[1])
    assert set(c.tables) == set(x.tables) == set(contract.TABLES)
    for t in c.tables:
        assert len(c[t]) > 0, t
        pd.testing.assert_frame_equal(c[t].drop(columns=["_file", "_row"]),
                                      x[t].drop(columns=["_file", "_row"]), obj=t)
    assert len(x.problems) == len(c.problems) == 0
    check_accounting(x)


def test_csv_and_xml_forms_give_identical_metrics_json(forms, capsys):
    out = []
    for d in forms:
        assert main(["metrics", "--data", str(d), "--start", "2025-04-01", "--end", "2026-03-31"]) == 0
        out.append(json.loads(capsys.readouterr().out))
    assert out[0] == out[1]
    assert out[0]["reviews"]["held"] > 0
    assert out[0]["cp"]["plans_started"] > 0 and out[0]["cp"]["conferences"]["by_type"]["RCPC"] > 0


def test_switching_form_replaces_the_other_forms_files(forms, tmp_path):
    d = tmp_path / "la"
    assert main(["synth", "--out", str(d), "--format", "xml", *ARGS]) == 0
    assert main(["synth", "--out", str(d), *ARGS]) == 0  # back to CSV: no XML or extra XLSX left
    names = [p.name for p in d.iterdir()]
    assert all(is_own_file(n) for n in names) and not any(n.endswith(".xml") for n in names)
    assert main(["synth", "--out", str(d), "--format", "xml", *ARGS]) == 0
    assert not any(n.endswith(".csv") for n in (p.name for p in d.iterdir()))

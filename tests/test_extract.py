"""A data folder that describes itself (`extract.yaml`) and synthetic data that say what they are.

The consent case is test_metrics_s20's, worked by hand there: four section 20 runs; with no
extract date consent is recorded in time for 1 of 4; with the extract taken Easter Monday
21 Apr 2025 two runs (deadline Tue 22 Apr, no consent yet) are not yet due: 1 of 2; with the
extract on 22 Apr (the deadline itself) blank is late again: 1 of 4."""
import datetime as dt
import json
from pathlib import Path

import pytest

from iro_audit.cli import main
from iro_audit.errors import DataError
from iro_audit.load import load_dataset
from iro_audit.load.extract import (SYNTHETIC_COLUMN, folder_says_synthetic, read_extract_metadata,
                                    write_extract_metadata)
from iro_audit.params import effective_extract_date, load_params, with_extract_date

from _loadkit import write_table as write


def consent_folder(folder: Path, header_extra: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    kids = ("S1", "S2", "S3", "S4")
    write(folder, "header", [{"CHILD": c, "SEX": "1", "DOB": "01/01/2010"} for c in kids],
          header_extra)
    write(folder, "episodes", [{"CHILD": c, "DECOM": "16/04/2025", "RNE": "S", "LS": "V2",
                                "PLACE": "U4"} for c in ("S1", "S2", "S3")]
          + [{"CHILD": "S4", "DECOM": "10/04/2025", "RNE": "S", "LS": "V2", "PLACE": "U4"}])
    write(folder, "reviews", [{"CHILD": "S1", "REVIEW": "18/04/2025", "REVIEW_CODE": "PN1"}])  # before the extract date
    write(folder, "s20_agreements", [{"CHILD": "S1", "DECOM": "2025-04-16", "CONSENT_DATE": "2025-04-17"},
                                     {"CHILD": "S2", "DECOM": "2025-04-16"},
                                     {"CHILD": "S4", "DECOM": "2025-04-10"}])
    return folder


def consent_nd(capsys, folder, *extra):
    assert main(["metrics", "--data", str(folder), "--start", "2025-04-01", "--end", "2025-06-30",
                 *extra]) == 0
    got = json.loads(capsys.readouterr().out)["s20"]["consent_recorded"]
    return got["n"], got["d"]


# -- reading extract.yaml -----------------------------------------------------------------------

def test_no_extract_yaml_gives_an_empty_extract_and_loads_as_before(tmp_path):
    ds = load_dataset(consent_folder(tmp_path / "data"))
    assert ds.extract.file is None and ds.extract.extract_date is None
    assert ds.synthetic is False
    assert sorted(f.path for f in ds.files) == ["episodes.csv", "header.csv", "reviews.csv",
                                                  "s20_agreements.csv"]


def test_extract_yaml_is_metadata_not_a_table(tmp_path):
    folder = consent_folder(tmp_path / "data")
    (folder / "extract.yaml").write_text("extract_date: 2025-04-21\nauthority: Anyshire\n"
                                         "source: Mosaic\nnotes: after the March cleanse\n")
    ds = load_dataset(folder)
    assert ds.extract.extract_date == dt.date(2025, 4, 21)
    assert (ds.extract.authority, ds.extract.source, ds.extract.notes) == (
        "Anyshire", "Mosaic", "after the March cleanse")
    assert ds.synthetic is False                      # a real system named as the source
    assert "extract.yaml" not in [f.path for f in ds.files]
    assert len(ds.problems) == 0                      # not set aside as a file that is no table
    # another YAML file is no metadata: set aside as before
    (folder / "notes.yaml").write_text("a: 1\n")
    ds = load_dataset(folder)
    assert list(ds.problems["file"]) == ["notes.yaml"]
    assert list(ds.problems["action"]) == ["file set aside"]


@pytest.mark.parametrize("text, key", [
    ("extract_date: 2025-04-21\nextract_dat: 2025-04-21\n", "unknown key 'extract_dat'"),
    ("source: Mosaic\nauthor: me\n", "unknown key 'author'"),
    ("extract_date: 21/04/2025\n", "extract_date '21/04/2025' is not a date"),
    ("extract_date: 2025-02-30\n", "extract_date '2025-02-30' is not a date"),
    ("extract_date: 2025-04-21 10:30:00\n", "extract_date '2025-04-21 10:30:00' is not a date"),
    ("- 2025-04-21\n", "expected key: value lines"),
])
def test_a_bad_extract_yaml_is_an_error_naming_file_and_key(tmp_path, text, key):
    folder = consent_folder(tmp_path / "data")
    (folder / "extract.yaml").write_text(text)
    with pytest.raises(DataError) as e:
        read_extract_metadata(folder)
    assert str(folder / "extract.yaml") in str(e.value) and key in str(e.value)
    with pytest.raises(DataError, match="extract.yaml"):
        load_dataset(folder)


def test_check_prints_the_extract_and_refuses_a_bad_one(tmp_path, capsys):
    folder = consent_folder(tmp_path / "data")
    (folder / "extract.yaml").write_text("extract_date: 2025-04-21\nauthority: Anyshire\n")
    assert main(["check", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Extract date: 2025-04-21" in out and "Authority: Anyshire" in out
    assert "SYNTHETIC" not in out
    (folder / "extract.yaml").write_text("extract_date: soon\n")
    assert main(["check", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "extract.yaml: extract_date 'soon' is not a date" in err and "Traceback" not in err


def test_write_then_read_round_trip(tmp_path):
    write_extract_metadata(tmp_path, extract_date="2026-03-31", authority="A: B", source="synthetic",
                           notes="two\nlines")
    ex = read_extract_metadata(tmp_path)
    assert (ex.extract_date, ex.authority, ex.source, ex.notes) == (
        dt.date(2026, 3, 31), "A: B", "synthetic", "two\nlines")


# -- the extract date in the figures ------------------------------------------------------------

def test_metrics_take_the_extract_date_from_extract_yaml_unless_a_parameter_gives_one(tmp_path, capsys):
    folder = consent_folder(tmp_path / "data")
    assert consent_nd(capsys, folder) == (1, 4)                   # no extract.yaml: as today
    (folder / "extract.yaml").write_text("extract_date: 2025-04-21\n")
    assert consent_nd(capsys, folder) == (1, 2)                   # extract.yaml applies
    params = tmp_path / "metrics.yaml"
    params.write_text("extract_date: 2025-04-22\n")
    assert consent_nd(capsys, folder, "--params", str(params)) == (1, 4)   # the parameter wins
    params.write_text("extract_date: null\n")                     # null = not given
    assert consent_nd(capsys, folder, "--params", str(params)) == (1, 2)


def test_effective_extract_date_precedence(tmp_path):
    folder = consent_folder(tmp_path / "data")
    (folder / "extract.yaml").write_text("extract_date: 2025-04-21\n")
    ds = load_dataset(folder)
    assert effective_extract_date(ds, load_params()) == dt.date(2025, 4, 21)
    given = load_params(overrides={"extract_date": "2025-04-22"})
    assert effective_extract_date(ds, given) == dt.date(2025, 4, 22)
    plain = load_dataset(consent_folder(tmp_path / "plain"))
    assert effective_extract_date(plain, load_params()) is None
    p = load_params()
    assert with_extract_date(p, ds)["extract_date"] == dt.date(2025, 4, 21)
    assert p["extract_date"] is None                               # a copy: PARAMS untouched


def test_open_report_uses_extract_yaml_whatever_the_folder_and_the_parameter_wins(tmp_path):
    from iro_audit.report.context import open_report

    folder = consent_folder(tmp_path / "anywhere")
    ctx = open_report("s20_admissions", data_dir=str(folder), start="2025-04-01", end="2025-06-30")
    assert ctx.params["extract_date"] is None and ctx.extract_date_source is None
    (folder / "extract.yaml").write_text("extract_date: 2025-04-21\n")
    ctx = open_report("s20_admissions", data_dir=str(folder), start="2025-04-01", end="2025-06-30")
    assert ctx.params["extract_date"] == dt.date(2025, 4, 21)
    assert ctx.group("s20")["consent_recorded"]["d"] == 2
    facts = ctx.provenance().data["facts"]
    assert "extract_date = 2025-04-21 (from the data folder's extract.yaml)" in facts["Metric parameters"]
    assert facts["Data extract"] == "extract.yaml: extracted 21 April 2025"
    ctx = open_report("s20_admissions", data_dir=str(folder), start="2025-04-01", end="2025-06-30",
                      extract_date="2025-04-22")
    assert ctx.params["extract_date"] == dt.date(2025, 4, 22)
    assert ctx.group("s20")["consent_recorded"]["d"] == 4


def test_synth_writes_extract_yaml_and_its_date_applies_anywhere(tmp_path, capsys):
    from iro_audit import synth

    folder = tmp_path / "la_extract_2026"          # not called outputs/demo/data
    assert main(["synth", "--out", str(folder), "--children", "30", "--years", "1", "--seed", "2",
                 "--end", "2025-09-30", "--quiet"]) == 0
    ex = read_extract_metadata(folder)
    assert ex.extract_date == dt.date(2025, 9, 30) and ex.source == "synthetic"
    assert ex.authority == "Synthetic authority (no real children)"
    assert synth.is_own_file("extract.yaml")       # a rerun replaces it
    assert main(["synth", "--out", str(folder), "--children", "30", "--years", "1", "--seed", "2",
                 "--quiet"]) == 0
    assert read_extract_metadata(folder).extract_date == dt.date.fromisoformat(synth.DEFAULT_END)
    capsys.readouterr()
    assert main(["check", "--data", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC DATA" in out and f"Extract date: {synth.DEFAULT_END}" in out


# -- synthetic data say what they are ----------------------------------------------------------

def test_the_marker_column_makes_a_folder_synthetic_without_extract_yaml(tmp_path):
    folder = consent_folder(tmp_path / "data", header_extra={SYNTHETIC_COLUMN: "Y"})
    ds = load_dataset(folder)
    assert ds.synthetic is True and ds.extract.marked_files == ["header.csv"]
    assert SYNTHETIC_COLUMN not in ds["header"].columns          # the marker, not data
    assert "header" not in ds.extra_columns and len(ds.problems) == 0
    assert folder_says_synthetic(folder) is True
    # a SYNTHETIC column left blank marks nothing (and is still not data)
    plain = consent_folder(tmp_path / "plain", header_extra={SYNTHETIC_COLUMN: ""})
    ds = load_dataset(plain)
    assert ds.synthetic is False and ds.extract.marked_files == []


def test_a_real_looking_folder_is_not_synthetic_whatever_its_name(tmp_path):
    folder = consent_folder(tmp_path / "outputs" / "demo" / "data")   # the demo's folder name
    assert load_dataset(folder).synthetic is False
    assert folder_says_synthetic(folder) is False
    (folder / "extract.yaml").write_text("source: synthetic\n")
    assert load_dataset(folder).synthetic is True and folder_says_synthetic(folder) is True


def test_synthetic_authority_is_marked_both_ways(tmp_path):
    from iro_audit import synth

    folder = tmp_path / "extract_2026-03-31"
    synth.generate(folder, children=20, years=2, seed=3)
    ds = load_dataset(folder)
    assert ds.extract.source == "synthetic"
    assert ds.extract.marked_files == ["header_2025.csv", "header_2026.csv"]
    (folder / "extract.yaml").unlink()                 # copied without its extract.yaml
    ds = load_dataset(folder)
    assert ds.extract.file is None and ds.synthetic is True

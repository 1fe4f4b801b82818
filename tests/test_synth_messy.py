"""The messy synthetic authority (`iro-audit synth --messy`): hand-worked figures and
data-quality rows on a small extract carrying a real extract's mess.

The ground truth is in tests/fixtures/messy/ (one row per figure or data-quality row, each
with why it is what it is: see iro_audit/synth/messy.py for the children). A figure whose value
is `null` is a group the data cannot give (None, never 0). A row whose `needs` column names a
helper's branch depends on a fix being made there and is an expected failure (xfail, not
strict) until that branch is merged: then blank the `needs` cell (none is waiting now).

The folder is loaded as every command and report loads it (`build_dataset`) and the figures use
its extract.yaml's extract date (31/03/2026), as a report would.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pandas as pd
import pytest

from iro_audit.synth import messy as synth_messy
from iro_audit.cli import main
from iro_audit.load import build_dataset
from iro_audit.metrics import compute_all
from iro_audit.params import load_params, with_extract_date
from iro_audit.banner import SYNTHETIC_TEXT
from iro_audit.report.quality import all_problems
from iro_audit.suppression import SUPPRESSED
from iro_audit.window import Window

sys.path.insert(0, str(Path(__file__).parent))
from _reportkit import REPORTS, run_report_code  # noqa: E402
from test_differencing import small_counts_shown  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "messy"
YEAR = Window.of("2025-04-01", "2026-03-31")
QUARTER = Window.of("2026-01-01", "2026-03-31")


def _rows(name):
    return pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False).to_dict("records")


def _params(rows, ident):
    out = []
    for r in rows:
        marks = [pytest.mark.xfail(reason=f"needs {r['needs']} branch", strict=False)] if r["needs"] else []
        out.append(pytest.param(r, id=ident(r), marks=marks))
    return out


FIGURES = _rows("expected_figures.csv")
PROBLEMS = _rows("expected_problems.csv")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("messy")
    synth_messy.generate_messy(out)
    return out


@pytest.fixture(scope="module")
def ds(folder):
    return build_dataset(folder)


@pytest.fixture(scope="module")
def figures(ds):
    return compute_all(ds, YEAR, with_extract_date(load_params(), ds))


def _get(d, path):
    for part in path.split("."):
        d = d[part]
    return d


# -- the files ------------------------------------------------------------------------------

def test_cli_writes_the_same_files_every_time(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["synth", "--out", str(a), "--messy"]) == 0
    synth_messy.generate_messy(b)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert "peps.csv" in names and (a / "peps.csv").stat().st_size == 0
    for n in names:
        assert hashlib.sha256((a / n).read_bytes()).digest() == hashlib.sha256((b / n).read_bytes()).digest(), n
    # the messy cells are in the files as a real extract would hold them
    ep26 = (a / "episodes_2026.csv").read_text().splitlines()
    assert ep26[8].startswith("M07,01/02/0204,") and ",01/05/2042," in ep26[9]
    assert (a / "midway_reviews.csv").read_text() == "CHILD,IRO_ID,MIDWAY_DATE\n"
    assert "Post Code" in (a / "iro_visits.csv").read_text().splitlines()[0]


def test_the_folder_says_it_is_synthetic_and_when_it_was_extracted(ds):
    # extract.yaml: reports on it carry the synthetic banner; dates after 31/03/2026 are
    # implausible and deadlines after it "not yet due"
    assert ds.synthetic and ds.extract.source == "synthetic"
    assert ds.extract.extract_date.isoformat() == "2026-03-31"
    assert ds.extract.authority == "Messy synthetic authority (no real children)"
    assert with_extract_date(load_params(), ds)["extract_date"].isoformat() == "2026-03-31"


def test_the_episode_left_open_is_missing_from_the_later_return(folder):
    # the stitching case as designed: M06's V2 episode is open in 2025 and absent in 2026
    e25 = pd.read_csv(folder / "episodes_2025.csv", dtype=str, keep_default_na=False)
    e26 = pd.read_csv(folder / "episodes_2026.csv", dtype=str, keep_default_na=False)
    m06 = e25[e25["CHILD"] == "M06"]
    assert m06[["DECOM", "LS", "DEC"]].values.tolist() == [["13/01/2025", "V2", ""]]
    assert e26.loc[e26["CHILD"] == "M06", ["DECOM", "RNE", "LS"]].values.tolist() == [["16/06/2025", "L", "C2"]]


def test_check_strict_stops_on_the_messy_authority(folder, capsys):
    # the empty peps.csv alone is a problem (file set aside), so --strict exits 2
    assert main(["check", "--data", str(folder)]) == 0
    assert main(["check", "--data", str(folder), "--strict"]) == 2
    out = capsys.readouterr()
    assert "peps.csv" in out.out and "file_unreadable" in out.err


# -- figures --------------------------------------------------------------------------------

@pytest.mark.parametrize("row", _params(FIGURES, lambda r: r["figure"]))
def test_hand_worked_figure(figures, row):
    want = None if row["value"] == "null" else int(row["value"])
    assert _get(figures, row["figure"]) == want, row["why"]


# -- data-quality rows ----------------------------------------------------------------------

def _matches(p, row) -> bool:
    def ok(want, got):
        if want == "*":
            return True
        if want == "":
            return got is None or (not isinstance(got, str) and pd.isna(got))
        if got is None or (not isinstance(got, str) and pd.isna(got)):
            return False
        return str(got) in want.split("|")
    return (p["file"] == row["file"] and ok(row["row"], None if pd.isna(p["row"]) else int(p["row"]))
            and ok(row["column"], p["column"]) and ok(row["rule"], p["rule"])
            and ok(row["action"], p["action"]))


@pytest.fixture(scope="module")
def problems(ds):
    return all_problems(ds).to_dict("records")


@pytest.mark.parametrize("row", _params(PROBLEMS, lambda r: f"{r['file']}:{r['row']}:{r['column']}"))
def test_expected_data_quality_row(problems, row):
    assert any(_matches(p, row) for p in problems), row["why"]


def test_no_data_quality_row_beyond_the_designed_ones(problems):
    extra = [p for p in problems if not any(_matches(p, r) for r in PROBLEMS)]
    assert extra == []


def test_personal_values_are_never_read(ds, problems):
    cells = set()
    for df in ds.tables.values():
        for c in df.columns:
            cells |= set(df[c].dropna().astype(str))
    cells |= {str(v) for p in problems for v in p.values() if v is not None}
    assert not cells & set(synth_messy.FAKE_PERSONAL_VALUES)


def test_implausible_dates_never_reach_the_tables(ds):
    # the limit is extract.yaml's extract date (31/03/2026), not today
    for name, df in ds.tables.items():
        for c in df.columns:
            if pd.api.types.is_datetime64_any_dtype(df[c]):
                s = df[c].dropna()
                assert ((s >= pd.Timestamp("1900-01-01")) & (s <= pd.Timestamp("2026-03-31"))).all(), (name, c)
    # the collection year of the 2026 return is 2026, not the 2043 of its DEC typed 2042 (the
    # row holding it is set aside)
    year = ds.load_summary.set_index("file")["year"]
    assert year["episodes_2026.csv"] == 2026


def test_the_open_episode_is_closed_with_x1_and_the_period_continues(ds):
    from iro_audit.periods import care

    ep = ds["episodes"]
    m06 = ep[ep["CHILD"] == "M06"].sort_values("DECOM")
    assert m06["DEC"].iloc[0] == pd.Timestamp("2025-06-16") and m06["REC"].iloc[0] == "X1"
    per = care(ds).periods
    assert per.loc[per["CHILD"] == "M06", "START"].tolist() == [pd.Timestamp("2025-01-13")]


# -- nothing raises -------------------------------------------------------------------------

@pytest.mark.parametrize("window", [YEAR, QUARTER], ids=["year", "quarter"])
def test_compute_all_runs_on_the_messy_authority(ds, window):
    out = compute_all(ds, window, with_extract_date(load_params(), ds))
    # Jan-Mar 2026: M01 11/02, M02 04/03, M03 19/01, M07 26/01, M09 12/01, M10 10/02, M11 26/02
    # (M08 19/02 is set aside with M08's only episode, whose DEC was typed 2042)
    assert out["reviews"]["held"] == (23 if window == YEAR else 7)


@pytest.mark.parametrize("suppress", [False, True], ids=["open", "suppressed"])
@pytest.mark.parametrize("report", REPORTS)
def test_every_report_section_runs_on_the_messy_authority(folder, tmp_path, report, suppress):
    if report == "dip_sample" and suppress:
        pytest.skip("a dip-sample plan is never suppressed (test_a_dip_sample_plan_is_never_a_suppressed_paper)")
    shown = run_report_code(report, data_dir=str(folder), suppress=suppress,
                            summary_path=str(tmp_path / "summary.json"), out_dir=str(tmp_path / "dip"))
    assert len(shown) >= 5  # provenance, the sections, data quality, summary
    assert SYNTHETIC_TEXT in shown[0]  # extract.yaml says source: synthetic: the banner opens it
    if report != "dip_sample":
        assert (tmp_path / "summary.json").exists()


@pytest.mark.parametrize("report", [r for r in REPORTS if r != "dip_sample"])
def test_no_table_of_a_suppressed_report_shows_a_count_from_1_to_5(folder, tmp_path, report):
    # every count here is small (1 to 5), so suppression has work on every page; the check is
    # test_differencing's (a whole cell, or n, d or d - n of "(n of d)")
    from iro_audit.report.blocks import Block

    shown = run_report_code(report, render=False, data_dir=str(folder), suppress=True,
                            summary_path=str(tmp_path / "summary.json"), out_dir=str(tmp_path / "dip"))
    tables = Block(*[x for x in shown if x is not None]).tables()
    assert any((sty.data == SUPPRESSED).any().any() for sty in tables), report  # it had work
    small = [(sty.caption, c) for sty in tables for v in sty.data.to_numpy().ravel()
             for c in small_counts_shown(str(v))]
    assert small == [], report


def test_a_dip_sample_plan_is_never_a_suppressed_paper(folder, tmp_path):
    # the plan names the children to audit and is sized from the cohort's exact count (here 1):
    # it refuses suppress: true with a message saying what to publish instead
    from iro_audit.errors import ParameterError

    with pytest.raises(ParameterError, match="internal working paper.*dip_sample_findings"):
        run_report_code("dip_sample", render=False, data_dir=str(folder), suppress=True,
                        summary_path=str(tmp_path / "summary.json"), out_dir=str(tmp_path / "dip"))


def test_no_report_shows_a_personal_value(folder, tmp_path):
    # the data-quality section lists values when suppression is off: a forename read as a
    # qc form item would show there
    for report in ("annual_report", "qc_forms"):
        html = "\n".join(run_report_code(report, data_dir=str(folder), summary_path=str(tmp_path / "s.json")))
        shown = [v for v in synth_messy.FAKE_PERSONAL_VALUES if f">{v}<" in html or f"'{v}'" in html]
        assert shown == [], report

"""No silent zero: a file recognised as a table that holds no data rows, or whose every row is
set aside, is a data-quality row of its own (rule empty_table; --strict stops on it), the
Dataset records the tables supplied empty (``ds.empty_tables``), and a report says so in words
rather than showing a 0."""
import shutil

import pandas as pd
import pytest

from iro_audit import metrics
from iro_audit.cli import main
from iro_audit.contract import TABLES
from iro_audit.errors import DataError
from iro_audit.load import load_dataset
from iro_audit.window import Window

from _loadkit import FIXTURES, REVIEWS_HEAD, check_accounting, folder, only

T = pd.Timestamp
W = Window(T("2019-04-01"), T("2020-03-31"), T("2020-03-31"))


def header_only(table: str) -> str:
    return ",".join(TABLES[table].column_names) + "\n"


@pytest.mark.parametrize("table", ["header", "episodes", "reviews"])
def test_required_table_supplied_empty_loads_and_is_reported(tmp_path, table):
    ds = load_dataset(folder(tmp_path, **{f"{table}_csv": header_only(table)}))
    assert ds.empty_tables == (table,)
    p = only(ds.problems, "empty_table")
    assert p[["file", "table", "column", "value", "action"]].values.tolist() == [
        [f"{table}.csv", table, None, None, "kept"]]
    assert pd.isna(p.loc[0, "row"])
    assert p.loc[0, "expected"] == f"data rows (the file has only its header row); the {table} table is empty"
    assert ds.has(table) and len(ds[table]) == 0  # required: still present, so nothing raises
    metrics.compute_all(ds, W)
    with pytest.raises(DataError, match="empty_table"):
        load_dataset(folder(tmp_path / "s", **{f"{table}_csv": header_only(table)}), strict=True)


def test_required_table_missing_altogether_still_raises(tmp_path):
    with pytest.raises(DataError, match="required table"):
        load_dataset(folder(tmp_path, reviews_csv=None))


def test_optional_table_supplied_empty_switches_its_metrics_off_not_to_zero(tmp_path):
    ds = load_dataset(folder(tmp_path, escalations_csv=header_only("escalations"),
                             iro_visits_csv=header_only("iro_visits")))
    assert ds.empty_tables == ("iro_visits", "escalations")  # contract order
    assert sorted(only(ds.problems, "empty_table")["file"]) == ["escalations.csv", "iro_visits.csv"]
    assert not ds.has("escalations") and ds.supplied_empty("escalations")
    out = metrics.compute_all(ds, W)
    assert out["escalations"] is None and out["visits"] is None  # null, never a silent 0
    assert out["reviews"]["held"] == 3


def test_every_row_set_aside_is_an_empty_table(tmp_path):
    d = folder(tmp_path, peps_csv="CHILD,PEP_DATE\n001,someday\n002,\n")
    ds = load_dataset(d)
    p = only(ds.problems, "empty_table")
    assert p[["file", "expected"]].values.tolist() == [
        ["peps.csv", "usable rows (all 2 rows were set aside); the peps table is empty"]]
    assert ds.empty_tables == ("peps",)
    check_accounting(ds)


def test_a_table_emptied_by_a_dataset_rule(tmp_path):
    # every review dated before the child's birth: set aside after stitching (before_birth)
    d = folder(tmp_path, reviews_csv=REVIEWS_HEAD + "\n001,15/06/2015,14/06/2015,PN0\n")
    ds = load_dataset(d)
    assert ds.empty_tables == ("reviews",)
    assert only(ds.problems, "empty_table")["expected"].tolist() == [
        "usable rows (all 1 rows were set aside); the reviews table is empty"]


def test_one_empty_year_of_a_required_table_is_reported_but_the_table_is_not_empty(tmp_path):
    d = tmp_path / "d"
    shutil.copytree(FIXTURES / "multi_year", d)
    (d / "2020" / "reviews.csv").write_text(REVIEWS_HEAD + "\n")
    ds = load_dataset(d)
    p = only(ds.problems, "empty_table")
    assert p[["file", "expected"]].values.tolist() == [
        ["2020/reviews.csv", "data rows (the file has only its header row)"]]
    assert ds.empty_tables == () and len(ds["reviews"]) == 2


def test_one_empty_year_of_an_optional_table_is_not(tmp_path):
    # a year with no care leavers (or adoptions) is real: only an empty table is a problem
    d = folder(tmp_path, oc3_2019_csv="CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n001,15/06/2015,YES,F2,S\n",
               oc3_2020_csv="CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n")
    ds = load_dataset(d)
    assert only(ds.problems, "empty_table").empty and ds.has("oc3")


def test_check_command_says_so_and_strict_exits_2(tmp_path, capsys):
    d = folder(tmp_path, episodes_csv=header_only("episodes"))
    assert main(["check", "--data", str(d)]) == 0
    out = capsys.readouterr().out
    assert "SUPPLIED BUT EMPTY (no usable rows; see empty_table below): episodes" in out
    assert "[empty_table]" in out
    assert main(["check", "--data", str(d), "--strict"]) == 2


def test_reports_say_it_in_words(tmp_path):
    from iro_audit.report import escalations, quarterly
    from iro_audit.report.context import open_report
    from iro_audit.report.quality import data_quality_section

    d = folder(tmp_path, escalations_csv=header_only("escalations"),
               iro_visits_csv=header_only("iro_visits"))
    ctx = open_report("escalations", data_dir=str(d), start="2019-04-01", end="2020-03-31")
    words = "was supplied but held no usable rows"
    assert words in "".join(escalations.headline(ctx).parts)
    assert words in "".join(quarterly.not_visited(ctx).parts)
    dq = "".join(p for p in data_quality_section(ctx).parts if isinstance(p, str))
    assert "Supplied but held no usable rows: the iro_visits table (iro_visits.csv); " \
           "the escalations table (escalations.csv)" in dq
    card = "".join(p for p in quarterly.scorecard(ctx).parts if isinstance(p, str))
    assert "not supplied or held no usable rows (iro_visits, escalations): " in card
    prov = ctx.provenance()
    assert prov.data["facts"]["Tables supplied but empty"].startswith("iro_visits, escalations: ")
    assert "escalations" not in prov.data["facts"]["Tables not supplied"]


def test_a_required_table_empty_is_named_at_the_top_of_a_report(tmp_path):
    from iro_audit.report.context import open_report

    d = folder(tmp_path, reviews_csv=header_only("reviews"))
    ctx = open_report("quarterly_performance", data_dir=str(d), start="2019-04-01", end="2020-03-31")
    first = ctx.provenance().parts[0]
    assert isinstance(first, str) and "Supplied but held no usable rows: the reviews table (reviews.csv)" in first

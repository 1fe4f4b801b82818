"""Report helpers: formatting, suppression in tables, provenance, data-quality section, monthly
grouping, scorecard and the JSON summary. Expected values are worked out by hand."""
import getpass
import json

import numpy as np
import pandas as pd
import pytest

from iro_audit import __version__
from iro_audit.dataset import SourceFile
from iro_audit.report import charts, common, format as fmt, scorecard
from iro_audit.report.context import ReportContext
from iro_audit.report.quality import data_quality_section, problem_summary
from iro_audit.testing import make_dataset
from iro_audit.window import Window
from iro_audit.params import load_params


# -- single values -----------------------------------------------------------------------------

def test_dates_read_as_people_write_them():
    assert fmt.fmt_date("2023-03-03") == "3 Mar 2023"
    assert fmt.fmt_date(pd.Timestamp("2026-03-31"), long=True) == "31 March 2026"
    assert fmt.fmt_date(pd.NaT) == ""
    assert fmt.fmt_date(None) == ""
    assert fmt.words_date("2026-03-31") == "Tuesday 31 March 2026"
    assert fmt.fmt_month("2025-11-14") == "Nov 2025"


def test_percentages_one_decimal_rounded_half_up():
    assert fmt.fmt_pct(88.05) == "88.1%"   # banker's rounding would give 88.0
    assert fmt.fmt_pct(2.25) == "2.3%"
    assert fmt.fmt_pct(100) == "100.0%"
    assert fmt.fmt_pct(None) == "–"
    assert fmt.fmt_pct(float("nan")) == "–"


def test_counts_and_suppression_of_a_single_value():
    assert fmt.fmt_count(1234) == "1,234"
    assert [fmt.fmt_count(n, suppress=True) for n in (0, 1, 5, 6)] == ["0", "c", "c", "6"]
    assert fmt.fmt_count(3, suppress=False) == "3"
    assert fmt.plural(1, "child", "children") == "1 child"
    assert fmt.plural(30, "child", "children") == "30 children"
    assert fmt.plural(4, "child", "children", suppress=True) == "c children"


def test_proportion_in_words():
    p = {"n": 85, "d": 92, "pct": 92.4, "ci95": [85.1, 96.3]}
    assert fmt.fmt_prop(p) == "92.4% (85 of 92)"
    assert fmt.fmt_prop({"n": 3, "d": 40, "pct": 7.5, "ci95": [2.6, 19.9]}, suppress=True) == "c (c of 40)"
    assert fmt.fmt_prop({"n": 0, "d": 0, "pct": None, "ci95": None}) == "none in the period"
    assert fmt.fmt_prop(None) == "not available"


# -- tables --------------------------------------------------------------------------------------

def test_table_formats_dates_booleans_codes_and_headings_without_index():
    df = pd.DataFrame({"CHILD": ["0101", "0102"],
                       "START": pd.to_datetime(["2025-04-03", "2026-01-31"]),
                       "UNDER_1": [True, False],
                       "LS_NOW": ["V2", "C2"],
                       "DAYS": np.array([12, 1500], dtype="int64")})
    sty = fmt.table(df, numbers=["DAYS"])
    shown = sty.data
    assert list(shown.columns) == ["Child ID", "Start date", "Under 1", "Legal status now", "Days so far"]
    assert list(shown["Start date"]) == ["3 Apr 2025", "31 Jan 2026"]
    assert list(shown["Under 1"]) == ["Yes", "No"]
    assert list(shown["Legal status now"]) == ["Section 20 (V2)", "Full care order (C2)"]
    assert list(shown["Days so far"]) == ["12", "1,500"]
    assert sty.hide_index_ == [True]
    html = sty.to_html()
    assert "<script" not in html and "3 Apr 2025" in html


def test_suppression_in_a_table_with_a_total_row_hides_a_second_cell_and_the_percentages():
    # A = 3 is hidden (1-5); with the Total shown, A could be worked out as 33 - 10 - 20, so the
    # next smallest cell (B = 10) is hidden too, and so are the percentages of both.
    df = pd.DataFrame({"Band": ["A", "B", "C", "Total"], "Number": [3, 10, 20, 33],
                       "Percentage": [9.1, 30.3, 60.6, 100.0]})
    shown = fmt.table(df, suppress=True).data
    assert list(shown["Number"]) == ["c", "c", "20", "33"]
    assert list(shown["Percentage"]) == ["c", "c", "60.6%", "100.0%"]
    # the same table unsuppressed shows everything
    assert list(fmt.table(df).data["Number"]) == ["3", "10", "20", "33"]


def test_suppression_leaves_zero_and_large_counts():
    df = pd.DataFrame({"Reason": ["X", "Y"], "Number": [0, 12]})
    assert list(fmt.table(df, suppress=True).data["Number"]) == ["0", "12"]


def test_counts_frame_orders_codes_and_adds_total():
    df = fmt.counts_frame({"PN7": 1, "PN1": 3}, kind="CODE", label="How", order=["PN1", "PN7"])
    assert list(df["How"]) == ["Attended and spoke for self (PN1)",
                               "Did not attend and no views conveyed (PN7)", "Total"]
    assert list(df["Number"]) == [3, 1, 4]
    assert list(df["Percentage"]) == [75.0, 25.0, 100.0]


def test_compare_counts_suppresses_each_period_with_secondary_cells():
    sty = common.compare_counts({"A": 2, "B": 8, "C": 9}, {"A": 10, "B": 12, "C": 14}, None,
                                "Reason", suppress=True, this_label="2025/26", prev_label="2024/25")
    shown = sty.data
    # most frequent first: C, B, A. This year A=2 is hidden, then B=8 (the next smallest)
    # because the total is shown; last year nothing is small
    assert list(shown["Reason"]) == ["C", "B", "A", "Total"]
    assert list(shown["2025/26"]) == ["9", "c", "c", "19"]
    assert list(shown["2025/26 %"]) == ["47.4%", "c", "c", "100.0%"]
    assert list(shown["2024/25"]) == ["14", "12", "10", "36"]


def test_child_lists_are_withheld_when_suppressing():
    class Ctx:
        suppress = True
    rows = pd.DataFrame({"CHILD": ["1", "2", "3"], "DAYS": [1, 2, 3]})
    out = common.child_list(Ctx(), rows, ["CHILD", "DAYS"], "Overdue", "none")
    assert isinstance(out, str) and "withheld" in out and "c row(s)" in out
    Ctx.suppress = False
    assert list(common.child_list(Ctx(), rows, ["CHILD", "DAYS"], "Overdue", "none").data["Child ID"]) == ["1", "2", "3"]


# -- monthly grouping and SPC -------------------------------------------------------------------

def test_monthly_counts_group_by_month_of_the_event_date_with_zero_months():
    rows = pd.DataFrame({"D": pd.to_datetime(["2024-01-05", "2024-01-31", "2024-03-01", "2024-03-31",
                                              None, "2023-12-31"]),
                         "F": [True, False, True, True, True, True],
                         "T": ["FORMAL", "DISCUSSION", "FORMAL", None, "FORMAL", "FORMAL"]})
    m = charts.monthly_counts(rows, "D", "2024-01-01", "2024-04-30")
    assert list(m["MONTH"]) == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]))
    assert list(m["n"]) == [2, 0, 2, 0]      # Dec 2023 is before the first month; blank date left out
    assert list(charts.monthly_counts(rows, "D", "2024-01-01", "2024-04-30", flag="F")["n"]) == [1, 0, 2, 0]
    by = charts.monthly_counts(rows, "D", "2024-01-01", "2024-04-30", by="T")
    assert list(by["FORMAL"]) == [1, 0, 1, 0] and list(by["UNKNOWN"]) == [0, 0, 1, 0]


def test_monthly_proportion():
    rows = pd.DataFrame({"D": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-01-21", "2024-03-01"]),
                         "F": [True, False, True, True]})
    m = charts.monthly_proportion(rows, "D", "F", "2024-01-01", "2024-03-31")
    assert list(m["n"]) == [2, 0, 1] and list(m["d"]) == [3, 0, 1]
    assert m["pct"].iloc[0] == pytest.approx(200 / 3)
    assert np.isnan(m["pct"].iloc[1]) and m["pct"].iloc[2] == 100.0


def test_xmr_chart_marks_the_special_cause_month_and_titles_the_latest_month():
    months = pd.date_range("2024-01-01", periods=13, freq="MS")
    # mean 174/13 = 13.4, mean moving range 60/12 = 5, upper limit 13.4 + 2.66 x 5 = 26.7:
    # the last month (30) is outside; the others alternate about the mean (no run, no trend)
    vals = [10, 14] * 6 + [30]
    series = pd.DataFrame({"MONTH": months, "n": vals})
    ch = charts.xmr_chart(series, "n", what="children entering care", higher_is_better=None)
    assert ch.title.startswith("Children entering care: 30 in Jan 2025 (special cause)")
    assert list(ch.data["SPECIAL"])[-1] and not any(list(ch.data["SPECIAL"])[:-1])
    assert ch.data["REASON"].iloc[-1] == "outside the process limits"
    assert ch.data["UCL"].iloc[0] == pytest.approx(174 / 13 + 2.66 * 5)
    assert ch.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'alt="Children entering care' in ch._repr_html_()
    # with small counts and suppression on, the chart is not drawn
    small = pd.DataFrame({"MONTH": months, "n": [3] * 13})
    assert "chart not shown" in charts.xmr_chart(small, "n", what="x", suppress=True)


# -- scorecard ------------------------------------------------------------------------------------

def test_rag_against_target_both_directions():
    assert scorecard.rag(95.0, 95, "higher") == "Green"
    assert scorecard.rag(90.0, 95, "higher") == "Amber"      # 5 points short: still amber
    assert scorecard.rag(89.9, 95, "higher") == "Red"
    assert scorecard.rag(12.0, 10, "lower") == "Amber"
    assert scorecard.rag(16.0, 10, "lower") == "Red"
    assert scorecard.rag(1, 0, "lower", kind="count") == "Red"
    assert scorecard.rag(50.0, None, "higher") == ""


def test_scorecard_rows_with_change_and_significance():
    cur = {"reviews": {"held": 92, "on_time": {"n": 85, "d": 92, "pct": 92.4, "ci95": [85.1, 96.3]},
                       "overdue": 0}}
    prev = {"reviews": {"held": 81, "on_time": {"n": 73, "d": 81, "pct": 90.1, "ci95": [81.7, 94.9]},
                        "overdue": 2}}
    f = scorecard.scorecard_frame(cur, prev, load_params(), None).set_index("KEY")
    assert f.loc["reviews.held", "This period"] == "92"
    assert f.loc["reviews.held", "Change"] == "up 11"
    row = f.loc["reviews.on_time"]
    assert row["This period"] == "92.4% (85 of 92)"
    assert row["Target"] == "at least 95.0%"
    assert row["RAG"] == "Amber"
    assert row["Change"] == "up 2.3 points"
    assert row["Significance"].startswith("Not significant (p = ")
    assert f.loc["reviews.overdue", "Change"] == "down 2"
    assert "participation.PN1" not in f.index      # a group not given is left out


def test_scorecard_suppresses_small_numbers():
    cur = {"s20": {"admissions": 3, "consent_recorded": {"n": 4, "d": 9, "pct": 44.4, "ci95": [18.9, 73.3]}}}
    prev = {"s20": {"admissions": 12, "consent_recorded": {"n": 9, "d": 12, "pct": 75.0, "ci95": [46.8, 91.1]}}}
    f = scorecard.scorecard_frame(cur, prev, load_params(), None, suppress=True).set_index("KEY")
    assert f.loc["s20.admissions", "This period"] == "c"
    assert f.loc["s20.admissions", "Change"] == "c"
    assert f.loc["s20.consent_recorded", "This period"] == "c (c of 9)"
    assert f.loc["s20.consent_recorded", "Change"] == "c"


def test_targets_reject_unknown_keys():
    from iro_audit.errors import ParameterError

    assert scorecard.load_targets({"reviews.on_time": 90})["reviews.on_time"] == 90
    with pytest.raises(ParameterError, match="reviews.on_time"):
        scorecard.load_targets({"reviews.ontime": 90})


# -- provenance, data quality, summary ---------------------------------------------------------

def _ctx(tmp_path, problems=None, suppress=False):
    ds = make_dataset(header=[("A", "2015-06-01")],
                      episodes=[("A", "2024-01-31", "S", "V2", "U4", None, None)],
                      reviews=[("A", "2024-02-28", "PN1")])
    ds.files = [SourceFile(str(tmp_path / "header.csv"), "header", 1, "a" * 64),
                SourceFile(str(tmp_path / "episodes.csv"), "episodes", 1, "b" * 64)]
    if problems is not None:
        ds.problems = problems
    return ReportContext("quarterly_performance", ds, Window.of("2025-04-01", "2026-03-31"),
                         load_params(), suppress=suppress, data_dir=tmp_path,
                         summary_path=tmp_path / "out" / "summary.json")


def test_provenance_block_says_what_when_who_and_from_which_files(tmp_path):
    b = _ctx(tmp_path).provenance()
    facts = b.data["facts"]
    assert facts["Report"] == "IRO service quarterly performance"
    assert facts["Period covered"] == "1 April 2025 to 31 March 2026 (both days included)"
    assert facts["Position as at"] == "Tuesday 31 March 2026"
    assert facts["Compared with"] == "the previous year: 1 April 2024 to 31 March 2025"
    assert facts["Data folder"] == str(tmp_path)
    assert facts["Run by"] == getpass.getuser()
    assert facts["iro-audit version"] == __version__
    assert facts["Data fingerprint"] == _ctx(tmp_path).ds.fingerprint()
    files = b.data["files"]
    assert list(files["FILE"]) == ["header.csv", "episodes.csv"]
    assert list(files["SHA"]) == ["a" * 16, "b" * 16]
    text = b.text()
    assert "Run on" in text and "UTC" in text and "bbbbbbbbbbbbbbbb" in text


def test_data_quality_section_lists_every_rule_and_row(tmp_path):
    probs = pd.DataFrame([
        {"file": "episodes.csv", "row": 4, "table": "episodes", "column": "LS", "value": "X9",
         "expected": "one of C1, C2", "rule": "code", "action": "row set aside"},
        {"file": "episodes.csv", "row": 7, "table": "episodes", "column": "LS", "value": "Q",
         "expected": "one of C1, C2", "rule": "code", "action": "row set aside"},
        {"file": "reviews.csv", "row": 2, "table": "reviews", "column": "REVIEW_CODE", "value": "PN0",
         "expected": "PN1-PN7 for a child aged 4 or over", "rule": "participation code for age",
         "action": "value cleared"},
    ])
    s = problem_summary(probs)
    assert list(zip(s["rule"], s["file"], s["rows"])) == [("code", "episodes.csv", 2),
                                                          ("participation code for age", "reviews.csv", 1)]
    b = data_quality_section(_ctx(tmp_path, probs))
    text = b.text()
    assert "3 finding(s): 2 row(s) set aside, 1 value(s) treated as blank" in text
    for rule in ("Value is not in the column's code list (code): 2 row(s)",
                 "participation code for age: 1 row(s)"):
        assert rule in text
    assert "X9" in text and "Q" in text and "PN0" in text
    listing = b.data["rows"]
    assert list(listing["row"]) == [4, 7, 2]


def test_suppressed_data_quality_section_counts_rows_but_quotes_no_value(tmp_path):
    probs = pd.DataFrame([
        {"file": "header.csv", "row": 9, "table": "header", "column": "CHILD", "value": "CH77001",
         "expected": "one row per child", "rule": "duplicate_key", "action": "row set aside"}])
    text = data_quality_section(_ctx(tmp_path, probs, suppress=True)).text()
    # one finding is a count from 1 to 5: suppressed like any other count in the paper
    assert "c finding(s): c row(s) set aside" in text and "header.csv" in text
    assert "CH77001" not in text and "iro-audit check --data" in text


def test_data_quality_section_when_clean(tmp_path):
    assert "nothing to set aside" in data_quality_section(_ctx(tmp_path)).text()


def test_summary_json_holds_exactly_the_recorded_groups(tmp_path):
    ctx = _ctx(tmp_path)
    ctx.record("s20", {"admissions": 3, "consent_recorded": None})
    ctx.record("reviews", {"held": 1})
    ctx.save_summary()
    assert json.loads((tmp_path / "out" / "summary.json").read_text()) == {
        "s20": {"admissions": 3, "consent_recorded": None}, "reviews": {"held": 1}}


def test_scorecard_secondary_suppression_within_shares_of_one_total():
    # 100 reviews: PN1 60, PN6 37, PN7 3. PN7 (3) is hidden; it could be worked out as
    # 100 - 60 - 37, so the next smallest share (PN6, 37) is hidden too.
    def p(n):
        return {"n": n, "d": 100, "pct": float(n), "ci95": [0.0, 100.0]}
    cur = {"participation": {"PN1": p(60), "PN6": p(37), "PN7": p(3)}}
    f = scorecard.scorecard_frame(cur, cur, load_params(), None, suppress=True).set_index("KEY")
    assert f.loc["participation.PN7", "This period"] == "c (c of 100)"
    assert f.loc["participation.PN6", "This period"] == "c (c of 100)"
    assert f.loc["participation.PN1", "This period"] == "60.0% (60 of 100)"


def test_caseload_per_fte_hidden_with_its_count():
    df = pd.DataFrame({"IRO_ID": ["A", "B"], "CHILDREN": [5, 60], "PER_FTE": [5.0, 60.0]})
    shown = fmt.table(df, suppress=True, counts=["CHILDREN"], hide_with={"PER_FTE": "CHILDREN"}).data
    assert list(shown["Children"]) == ["c", "60"]
    assert list(shown["Children per FTE"]) == ["c", "60.0"]


def test_period_labels_for_column_headings(tmp_path):
    ctx = _ctx(tmp_path)
    assert ctx.period_label() == "2025/26"
    assert ctx.period_label(ctx.previous) == "2024/25"
    assert ctx.period_label(Window.of("2026-01-01", "2026-03-31")) == "Jan to Mar 2026"
    assert ctx.period_label(Window.of("2025-11-01", "2026-02-28")) == "Nov 2025 to Feb 2026"
    assert ctx.period_label(Window.of("2026-02-03", "2026-03-31")) == "3 Feb 2026 to 31 Mar 2026"


def test_no_summary_path_writes_nothing_and_shows_nothing(tmp_path):
    ctx = _ctx(tmp_path)
    ctx.summary_path = None
    b = ctx.save_summary()
    assert b.text().strip() == "" and not (tmp_path / "out").exists()


def test_significance_words_never_show_p_0_05_both_ways():
    from iro_audit.report.scorecard import significance_words

    assert significance_words(0.0498) == "Significant (p = 0.0498)"
    assert significance_words(0.0503) == "Not significant (p = 0.0503)"
    assert significance_words(0.2) == "Not significant (p = 0.20)"
    assert significance_words(0.0042) == "Significant (p = 0.004)"
    assert significance_words(0.0004) == "Significant (p < 0.001)"
    assert significance_words(None) == "–"


def test_percent_axis_ticks_are_even_steps_labelled_exactly():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from iro_audit.report.charts import percent_axis

    for lo, hi in ((81.0, 100.5), (0.0, 18.6), (44.0, 99.0), (89.2, 90.9)):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [lo, hi])
        percent_axis(ax.yaxis)
        fig.canvas.draw()
        ticks = [t for t in ax.get_yticks() if lo - 5 <= t <= hi + 5]
        steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:])}
        assert len(steps) == 1, (lo, hi, ticks)
        step = steps.pop()
        assert any(abs(step - m * 10 ** k) < 1e-6 for m in (1, 2, 5) for k in (-1, 0, 1)), step
        labels = [t.get_text() for t in ax.get_yticklabels()]
        for t, text in zip(ax.get_yticks(), labels):
            assert float(text.rstrip("%")) == pytest.approx(t), (t, text)
        plt.close(fig)


def test_caseloads_name_no_iro_in_a_paper_for_publication(tmp_path):
    from test_metrics_oversight import W, caseload_ds

    from iro_audit.report.quarterly import caseloads

    def text(suppress):
        ctx = ReportContext("quarterly_performance", caseload_ds(), W, load_params(),
                            suppress=suppress, data_dir=tmp_path)
        return caseloads(ctx).text()

    internal, published = text(False), text(True)
    assert "I1" in internal and "I2" in internal
    assert "I1" not in published and "I2" not in published and "I3" not in published
    assert "not listed in a paper for publication" in published


def test_s20_report_calls_consent_not_yet_due_and_lists_only_late_consent(tmp_path):
    # the hand-built runs of test_metrics_s20 (extract Easter Monday 21 Apr 2025): S2 and S3 are
    # not yet due (deadline Tue 22 Apr), S4 is late (deadline Mon 14 Apr), S1 on time
    from test_metrics_s20 import W25, consent_ds

    from iro_audit.report.s20 import admissions_table, consent_and_agreements

    ctx = ReportContext("s20_admissions", consent_ds(), W25,
                        load_params(overrides={"extract_date": "2025-04-21"}), data_dir=tmp_path)
    flags = admissions_table(ctx).text()
    assert flags.count("Consent not yet due") == 2 and "No consent recorded" in flags   # S4
    text = consent_and_agreements(ctx).text()
    listed = text[text.find("without consent recorded in time"):]
    assert "S4" in listed and "S2" not in listed and "S3" not in listed and "S1" not in listed

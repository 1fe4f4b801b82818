"""Suppressed papers, hand-built cases: a statistic beside a hidden figure is hidden with it
(issue 14, finding 7), and a table with totals hides a second cell (finding 8)."""
import pandas as pd
import pytest

from iro_audit.params import load_params
from iro_audit.report import common, scorecard
from iro_audit.report.context import ReportContext
from iro_audit.suppression import Disclosure
from iro_audit.testing import make_dataset
from iro_audit.window import Window


def prop(n, d):
    return {"n": n, "d": d, "pct": 100 * n / d, "ci95": [1.0, 30.0]}


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_a_p_value_beside_a_hidden_figure_is_hidden(n):
    # Last period 8 of 40; this period 1..5 of 40. Shown as "c" with a p-value of 0.03 to 0.36
    # beside it, the p-value gave the number away: now the change, its significance and the
    # interval are hidden with it.
    row = common.compare_proportions([("Visited", prop(n, 40), prop(8, 40))], True,
                                     "2025/26", "2024/25").data.iloc[0]
    assert row["2025/26"] == "c (c of 40)"
    assert row["2024/25"] == "20.0% (8 of 40)"
    assert (row["Change"], row["Significance"], row["95% interval"]) == ("c", "c", "c")
    # with suppression off the same row shows the test
    shown = common.compare_proportions([("Visited", prop(n, 40), prop(8, 40))], False,
                                       "2025/26", "2024/25").data.iloc[0]
    assert shown["Significance"].startswith(("Significant (p", "Not significant (p"))


def test_a_small_complement_hides_the_proportion_and_its_change():
    # 38 of 40 gives away the 2 not visited; 6 of 40 not visited last period is shown
    row = common.compare_proportions([("Visited", prop(38, 40), prop(34, 40))], True,
                                     "2025/26", "2024/25").data.iloc[0]
    assert row["2025/26"] == "c (c of 40)" and row["2024/25"] == "85.0% (34 of 40)"
    assert (row["Change"], row["Significance"]) == ("c", "c")


def test_a_hidden_previous_figure_hides_the_change_but_not_this_periods_interval():
    row = common.compare_proportions([("Visited", prop(8, 40), prop(3, 40))], True,
                                     "2025/26", "2024/25").data.iloc[0]
    assert row["2024/25"] == "c (c of 40)"
    assert (row["Change"], row["Significance"]) == ("c", "c")
    assert row["95% interval"] == "1.0% to 30.0%"


def test_compare_figures_hides_a_count_change_beside_a_hidden_count():
    rows = common.compare_figures([("Formal escalations", 4, 12), ("Discussions", 30, 20)], True,
                                  "2025/26", "2024/25").data
    assert list(rows.iloc[0][["2025/26", "2024/25", "Change"]]) == ["c", "12", "c"]
    assert list(rows.iloc[1][["2025/26", "2024/25", "Change"]]) == ["30", "20", "up 10"]


def test_scorecard_hides_rag_change_and_p_value_with_the_figure():
    cur = {"reviews": {"on_time": prop(3, 40)}, "caseload": {"iros_over_70_per_fte": 2}}
    prev = {"reviews": {"on_time": prop(8, 40)}, "caseload": {"iros_over_70_per_fte": 7}}
    f = scorecard.scorecard_frame(cur, prev, load_params(), None, Disclosure()).set_index("KEY")
    r = f.loc["reviews.on_time"]
    assert r["This period"] == "c (c of 40)"
    assert (r["RAG"], r["Change"], r["Significance"], r["P"]) == ("c", "c", "c", None)
    c = f.loc["caseload.iros_over_70_per_fte"]          # target 0: a RAG would say "above 0"
    assert (c["This period"], c["RAG"], c["Change"]) == ("c", "c", "c")
    # not suppressed: the same rows are rated and tested
    g = scorecard.scorecard_frame(cur, prev, load_params(), None, False).set_index("KEY")
    assert g.loc["reviews.on_time", "RAG"] == "Red" and g.loc["reviews.on_time", "P"] is not None
    # and the tables the paper shows carry "c" in the RAG column
    tables = scorecard.scorecard_tables(f.reset_index(), "2025/26", "2024/25")
    assert "c" in list(tables[0].data["RAG"])


def _escalations_ctx(suppress=True):
    """North: 3 discussions and 20 formal escalations; South: 10 and 15. Every one resolved
    in 5 days."""
    rows, n = [], 0
    for team, iro, disc, formal in (("North", "N1", 3, 20), ("South", "S1", 10, 15)):
        for kind, count in (("DISCUSSION", disc), ("FORMAL", formal)):
            for i in range(count):
                n += 1
                day = pd.Timestamp("2025-05-01") + pd.Timedelta(days=n)
                rows.append({"ESCALATION_ID": f"E{n}", "CHILD": f"C{n}", "IRO_ID": iro,
                             "RAISED_DATE": f"{day:%Y-%m-%d}", "ESCALATION_TYPE": kind,
                             "STAGE_REACHED": "1", "REASON": "DRIFT_DELAY",
                             "RESOLVED_DATE": f"{day + pd.Timedelta(days=5):%Y-%m-%d}"})
    ds = make_dataset(escalations=rows, iros=[("N1", "North", 1.0, "IRO"), ("S1", "South", 1.0, "IRO")])
    return ReportContext("escalations", ds, Window.of("2025-04-01", "2026-03-31"), load_params(),
                         suppress=suppress)


def test_team_table_with_one_hidden_discussion_count_hides_a_second_cell():
    from iro_audit.report import escalations

    team = escalations.by_team_and_iro(_escalations_ctx()).tables()[0].data
    # North's 3 discussions are hidden. Beside All (23) its 20 formal would give them away, so
    # they go; then South's discussions (10) and formal (15), as the Total row (13, 35) would
    # give the North figures away. Four unknowns, three sums: none can be worked out.
    assert list(team["Team"]) == ["South", "North", "Total"]
    assert list(team["Discussions"]) == ["c", "c", "13"]
    assert list(team["Formal"]) == ["c", "c", "35"]
    assert list(team["All"]) == ["25", "23", "48"]
    # resolved in time is part of formal (20 of 20 would say formal >= 20): hidden with it,
    # and so is the share that would give those due away
    assert list(team["Formal resolved in time"]) == ["c", "c", "35"]
    assert list(team["Formal resolved in time %"]) == ["c", "c", "100.0%"]
    unsuppressed = escalations.by_team_and_iro(_escalations_ctx(False)).tables()[0].data
    assert list(unsuppressed.loc[unsuppressed["Team"] == "North", "Discussions"]) == ["3"]
    # resolved in time counts formal escalations only, though the discussions were resolved too
    assert list(unsuppressed["Formal resolved in time"]) == ["15", "20", "35"]


def test_the_headline_and_the_team_table_of_one_paper_agree():
    from iro_audit.report import escalations

    ctx = _escalations_ctx()
    head = escalations.headline(ctx).tables()[0].data
    assert list(head.iloc[0][["2025/26", "Change"]]) == ["13", "up 13"]
    team = escalations.by_team_and_iro(ctx).tables()[0].data
    assert team["Discussions"].iat[-1] == "13" and team["Formal"].iat[-1] == "35"


def test_a_chart_beside_a_table_with_a_hidden_cell_is_withheld():
    from iro_audit.report import charts, format as fmt

    df = pd.DataFrame({"Reason": ["A", "B", "C", "Total"], "Number": [3, 10, 20, 33]})
    sty = fmt.table(df, suppress=True)          # 3 hidden, then 10 as the second cell
    assert list(sty.data["Number"]) == ["c", "c", "20", "33"]
    bars = df.iloc[:-1].assign(Number=lambda d: d["Number"].astype("int64"))
    # a bar of 10 would show the second cell the table hid
    assert "chart not shown" in charts.bar_chart(bars[bars["Number"] > 5], "Reason", "Number",
                                                 "Reasons", suppress=True, beside=sty)
    assert isinstance(charts.bar_chart(bars[bars["Number"] > 5], "Reason", "Number", "Reasons",
                                       suppress=True), charts.Chart)


def test_data_quality_counts_are_suppressed_with_their_totals(tmp_path):
    from iro_audit.report.quality import data_quality_section

    def rows(n, file, rule, action):
        return [{"file": file, "row": i + 2, "table": "episodes", "column": "LS", "value": "X",
                 "expected": "a code", "rule": rule, "action": action} for i in range(n)]
    probs = pd.DataFrame(rows(7, "episodes_2025.csv", "code", "value cleared")
                         + rows(2, "episodes_2026.csv", "code", "value cleared")
                         + rows(1, "reviews_2026.csv", "type", "row set aside"))
    ds = make_dataset(header=[("A", "2015-06-01")])
    ds.problems = probs

    def section(suppress):
        ctx = ReportContext("quarterly_performance", ds, Window.of("2025-04-01", "2026-03-31"),
                            load_params(), suppress=suppress, data_dir=tmp_path)
        return data_quality_section(ctx)
    b = section(True)
    shown = b.tables()[0].data
    # 2 and 1 are hidden; the total 10 stays, as two cells are hidden in its column
    assert list(shown["Rows"]) == ["7", "c", "c", "10"]
    text = " ".join(b.text().split())
    # the totals by action add up to the total: 1 set aside is hidden, so 9 cleared goes too
    assert "10 finding(s): c row(s) set aside, c value(s) treated as blank, 0 kept" in text
    assert list(section(False).tables()[0].data["Rows"]) == ["7", "2", "1", "10"]

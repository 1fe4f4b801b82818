"""The differencing test: in a suppressed paper no hidden value can be worked out from any
other figure of the same paper. Every report's section builders (the calls its notebook
makes) run in memory on a small synthetic authority, where small cells occur, and every table
of each paper is checked: no visible count from 1 to 5 (alone, or as n, d or d - n of "n of d");
in each line with a declared total (a table's total row or column, a proportion's n + (d - n)
= d, a line of the paper between tables) none or at least two cells hidden, and a shown total
never equal to the shown cells' sum; no interval, change, p-value or RAG beside a hidden
figure; and the sentences say no count from 1 to 5."""
import re

import pandas as pd
import pytest

from iro_audit.report.blocks import Block
from iro_audit.suppression import SUPPRESSED

START, END = "2025-04-01", "2026-03-31"
STATS = ("Change", "Significance")


def _spoil(path, column, value, rows):
    """Write VALUE into COLUMN of the data rows numbered ROWS (0 = first data row) of a CSV."""
    import csv

    with open(path, newline="") as f:
        table = list(csv.reader(f))
    j = table[0].index(column)
    for i in rows:
        table[1 + i][j] = value
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(table)


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """About 40 children over 3 years, with data-quality findings of 7, 2 and 1 rows."""
    from iro_audit import synth

    d = tmp_path_factory.mktemp("few") / "data"
    synth.generate(str(d), children=40, years=3, seed=3)
    _spoil(d / "episodes_2025.csv", "PLACE", "ZZ", range(10, 17))
    _spoil(d / "episodes_2026.csv", "LS", "X9", [4, 5])
    _spoil(d / "reviews_2026.csv", "DOB", "31/02/2026", [2])
    return d


def _paper(name, data_dir, calls, start=START, end=END):
    """The context and every block of report NAME, built as its notebook builds them."""
    from iro_audit import report

    ctx = report.open_report(name, str(data_dir), start, end, suppress=True)
    blocks = [ctx.provenance()] + [f(ctx) for f in calls] + [report.data_quality_section(ctx)]
    return ctx, blocks


def _calls(name):
    from iro_audit.report import annual, cp, dashboard, escalations, pwp, qc, quarterly, s20, voice

    return {
        "s20_admissions": [s20.headline, s20.admissions_table, s20.current_cohort_by_band,
                           s20.outcomes, s20.under_ones, s20.consent_and_agreements,
                           s20.monthly_admissions, s20.exceptions],
        "placed_with_parents": [pwp.headline, pwp.cohort_by_status_and_duration,
                                pwp.regulation_checks, pwp.discharge_activity, pwp.dip_sample],
        "qc_forms": [qc.headline, qc.grades, qc.item_compliance, qc.by_iro_and_team,
                     qc.comment_themes, qc.moderation_sample],
        "escalations": [escalations.headline, escalations.over_time,
                        escalations.by_reason_and_stage, escalations.by_team_and_iro,
                        escalations.resolution, escalations.repeated],
        "voice_of_the_child": [voice.participation_table, voice.participation_trend,
                               voice.visits, voice.midway, voice.no_voice],
        "quarterly_performance": [quarterly.scorecard, quarterly.spc_charts,
                                  quarterly.overdue_reviews, quarterly.not_visited,
                                  quarterly.s20_over_6_months, quarterly.pwp_over_12_months,
                                  quarterly.caseloads],
        "annual_report": [annual.at_a_glance, annual.reviews, annual.participation,
                          annual.report_timing, annual.review_records, annual.oversight,
                          annual.caseloads, annual.qc, annual.escalations, annual.health,
                          annual.stability, annual.entering_and_ceasing, annual.s20_and_pwp,
                          annual.uasc, annual.adoption, annual.missing],
        "qa_dashboard": [dashboard.tiles, dashboard.panels, dashboard.about],
        "cp_conferences": [cp.headline, cp.initial_conferences, cp.plans, cp.cohorts,
                           cp.review_conferences, cp.participation, cp.records, cp.chairs],
    }[name]


REPORTS = ("s20_admissions", "placed_with_parents", "qc_forms", "escalations",
           "voice_of_the_child", "quarterly_performance", "annual_report", "qa_dashboard",
           "cp_conferences")

# -- the checks (each returns a list of findings; empty = nothing given away) -----------------

SMALL = range(1, 6)
NUMBER = r"\d[\d,]*"


def _int(text):
    return int(text.replace(",", ""))


def small_counts_shown(cell: str) -> list:
    """Counts 1-5 a cell shows: the whole cell, or n, d or d - n of "(n of d)"."""
    out = []
    if re.fullmatch(NUMBER, cell) and _int(cell) in SMALL:
        out.append(cell)
    for n, d in re.findall(rf"({NUMBER}|c) of ({NUMBER}|c)\)", cell):
        vals = [_int(v) for v in (n, d) if v != SUPPRESSED]
        if n != SUPPRESSED and d != SUPPRESSED:
            vals.append(_int(d) - _int(n))
        out += [f"{cell} ({v})" for v in vals if v in SMALL]
    return out


def _is_hidden(cell: str) -> bool:
    return cell == SUPPRESSED or cell.startswith(f"{SUPPRESSED} (")


def stats_beside_hidden(shown: pd.DataFrame) -> list:
    """Rows where a figure is hidden but its interval, change, p-value or RAG is shown."""
    out = []
    cols = list(shown.columns)
    for _, r in shown.iterrows():
        cells = [str(v) for v in r.values]
        hidden_any = any(_is_hidden(c) for c, h in zip(cells, cols) if h not in STATS)
        for j, h in enumerate(cols):
            v = cells[j]
            if h in STATS and hidden_any and v not in (SUPPRESSED, "–", ""):
                out.append((h, v, cells[0]))
            # an interval and a RAG rating are of the figure this period (the first figure)
            if h in ("95% interval", "RAG") and _is_hidden(cells[1]) and v not in (SUPPRESSED, "–", ""):
                out.append((h, v, cells[0]))
    return out


def lines_giving_away(facts) -> list:
    """Lines of a table with exactly one hidden cell, or with a hidden cell and a shown total
    equal to the shown cells' sum."""
    out = []
    hid = lambda c: bool(facts.hidden.at[facts.hidden.index[c[0]], c[1]])  # noqa: E731
    val = lambda c: float(facts.values.at[facts.values.index[c[0]], c[1]] or 0)  # noqa: E731
    for parts, total in facts.lines:
        hidden = [c for c in parts + [total] if hid(c)]
        if len(hidden) == 1:
            out.append(("one hidden", hidden[0], [val(c) for c in parts], val(total)))
        elif hidden and not hid(total) and val(total) == sum(val(c) for c in parts if not hid(c)):
            out.append(("total equals the shown cells", total))
    return out


def paper_lines_giving_away(paper) -> list:
    """Lines between the paper's figures, all printed, with exactly one of them hidden."""
    out = []
    for parts, total in paper.lines:
        ks = list(parts) + [total]
        if all(k in paper.printed for k in ks):
            if sum(paper.printed[k][1] for k in ks) == 1:
                out.append((total, parts))
    return out


SENTENCE = re.compile(r"(?<![\d.,%])\b([1-5])\s+(?:of\s+)?(child|children|review|reviews|admission|"
                      r"admissions|escalation|escalations|formal|discussion|discussions|IRO|IROs|"
                      r"finding|findings|row|rows|case|cases|value|values|file|files|form|forms|"
                      r"placement|placements|babies|baby|comment|comments)\b")


def small_counts_in_words(text: str) -> list:
    return SENTENCE.findall(text) + [m for m in re.findall(rf"\(({NUMBER}) of ({NUMBER})\)", text)
                                     if _int(m[0]) in SMALL or _int(m[1]) in SMALL
                                     or _int(m[1]) - _int(m[0]) in SMALL]


def everything_given_away(ctx, blocks) -> dict:
    found = {"small": [], "stats": [], "lines": [], "paper": [], "words": []}
    whole = Block(*blocks)
    for sty in whole.tables():
        shown = sty.data
        cap = sty.caption or ""
        for v in shown.to_numpy().ravel():
            found["small"] += [(cap, s) for s in small_counts_shown(str(v))]
        found["stats"] += [(cap, s) for s in stats_beside_hidden(shown)]
        facts = getattr(sty, "iro_facts", None)
        if facts is not None:
            found["lines"] += [(cap, s) for s in lines_giving_away(facts)]
    found["paper"] = paper_lines_giving_away(ctx.paper)
    import re as _re

    text = _re.sub(r"<table.*?</table>", " ", whole._repr_html_(), flags=_re.S)
    text = _re.sub(r"<[^>]+>", " ", text)
    found["words"] = small_counts_in_words(" ".join(text.split()))
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("name", REPORTS)
def test_no_hidden_value_can_be_worked_out_from_the_paper(authority, name):
    ctx, blocks = _paper(name, authority, _calls(name))
    assert everything_given_away(ctx, blocks) == {}
    quality = blocks[-1].tables()[0].data
    assert list(quality["Rows"]) == ["7", "c", "c", "10"]   # 2 and 1 hidden; the total is 10
    # and suppression did something: a small authority has small cells
    assert any(h for h in (ctx.paper.printed[k][1] for k in ctx.paper.printed)) or any(
        (sty.data == SUPPRESSED).any().any() for sty in Block(*blocks).tables())


@pytest.fixture(scope="module")
def larger(tmp_path_factory):
    """About 200 children: a cohort placed with parents of 12, 7 of them on a full care order
    and 5 on an interim order, so the headline's figures border a hidden row of the table."""
    from iro_audit import synth

    d = tmp_path_factory.mktemp("larger") / "data"
    synth.generate(str(d), children=200, years=3, seed=4)
    return d


@pytest.mark.parametrize("name", ["placed_with_parents", "s20_admissions"])
def test_the_headline_cannot_give_away_a_hidden_row_of_a_later_table(larger, name):
    ctx, blocks = _paper(name, larger, _calls(name))
    assert everything_given_away(ctx, blocks) == {}

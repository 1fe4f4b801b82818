"""The previous period a window is compared with: as many whole months before a whole-month
window, otherwise the same number of days immediately before (worked out by hand)."""
import pandas as pd
import pytest

from iro_audit.window import Window

T = pd.Timestamp


@pytest.mark.parametrize("start, end, prev_start, prev_end", [
    ("2026-01-01", "2026-03-31", "2025-10-01", "2025-12-31"),   # a quarter: the quarter before
    ("2026-03-01", "2026-03-31", "2026-02-01", "2026-02-28"),   # March: all of February (28 days)
    ("2024-03-01", "2024-03-31", "2024-02-01", "2024-02-29"),   # leap year: February has 29 days
    ("2025-04-01", "2026-03-31", "2024-04-01", "2025-03-31"),   # a year April-March
])
def test_whole_months_compare_with_whole_months(start, end, prev_start, prev_end):
    p = Window.of(start, end).previous()
    assert (p.start, p.end, p.as_at) == (T(prev_start), T(prev_end), T(prev_end))


def test_a_90_day_window_is_compared_with_the_90_days_before():
    w = Window.of("2026-01-02", "2026-04-01")          # 30 + 28 + 31 + 1 = 90 days
    assert w.whole_months() is None and w.days() == 90
    p = w.previous()
    # 4-31 Oct (28) + Nov (30) + Dec (31) + 1 Jan (1) = 90 days, not 2 Sep-1 Jan (122 days)
    assert (p.start, p.end) == (T("2025-10-04"), T("2026-01-01"))
    assert p.days() == 90


def test_days_before_across_29_february():
    p = Window.of("2024-03-01", "2024-03-30").previous()   # 30 days, not a whole month
    assert (p.start, p.end) == (T("2024-01-31"), T("2024-02-29"))   # 31 Jan + 29 days of Feb
    p = Window.of("2026-03-15", "2026-03-31").previous()   # ends on a month's last day only
    assert (p.start, p.end) == (T("2026-02-26"), T("2026-03-14"))   # 3 + 14 = 17 days


def test_whole_months():
    assert Window.of("2026-01-01", "2026-03-31").whole_months() == 3
    assert Window.of("2024-02-01", "2024-02-29").whole_months() == 1
    assert Window.of("2024-02-01", "2024-02-28").whole_months() is None
    assert Window.of("2026-01-02", "2026-03-31").whole_months() is None


def test_report_words_for_the_previous_period():
    from iro_audit.report.context import ReportContext

    def words(start, end):
        return ReportContext("quarterly_performance", None, Window.of(start, end), {}).previous_words()

    assert words("2026-01-01", "2026-03-31") == "the previous quarter"
    assert words("2026-01-02", "2026-04-01") == "the previous period"   # 90 days, not a quarter
    assert words("2025-04-01", "2026-03-31") == "the previous year"

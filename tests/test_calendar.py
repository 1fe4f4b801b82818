"""Working days and month arithmetic, each edge worked out by hand from a 2023-24 calendar."""
import pandas as pd
import pytest

from iro_audit.calendar import (add_months, add_working_days, age_in_years, is_working_day,
                                within_last_months, within_working_days, working_days_between)


def test_bank_holidays_are_not_working_days():
    assert not is_working_day("2023-12-25")  # Christmas Day
    assert not is_working_day("2023-12-26")  # Boxing Day
    assert not is_working_day("2024-05-27")  # Spring bank holiday
    assert not is_working_day("2023-05-08")  # King's coronation, a one-off bank holiday
    assert is_working_day("2023-12-27")
    assert not is_working_day("2023-12-23")  # Saturday


def test_substitute_day_counts_as_holiday():
    # Christmas 2022 fell on Sunday: Tuesday 27 Dec 2022 was the substitute day.
    assert not is_working_day("2022-12-27")


def test_next_working_day_skips_christmas():
    # Friday 22 Dec 2023: 25 and 26 are bank holidays, so the 1st working day after is Wed 27.
    assert add_working_days("2023-12-22", 1) == pd.Timestamp("2023-12-27")
    # From a Saturday the 1st working day after is also Wed 27 (D not counted, weekend skipped).
    assert add_working_days("2023-12-23", 1) == pd.Timestamp("2023-12-27")


def test_twentieth_working_day():
    # Wed 31 Jan 2024: Feb 1,2 | 5-9 | 12-16 | 19-23 | 26,27,28 -> 20th is Wed 28 Feb.
    assert add_working_days("2024-01-31", 20) == pd.Timestamp("2024-02-28")
    assert within_working_days("2024-02-28", "2024-01-31", 20)
    assert not within_working_days("2024-02-29", "2024-01-31", 20)


def test_within_working_days_excludes_events_before_start():
    assert not within_working_days("2024-01-30", "2024-01-31", 20)
    assert within_working_days("2024-01-31", "2024-01-31", 20)  # same day is within


def test_vectorised_with_missing():
    s = pd.Series(pd.to_datetime(["2024-01-31", None]))
    out = add_working_days(s, 20)
    assert out.iloc[0] == pd.Timestamp("2024-02-28") and pd.isna(out.iloc[1])


def test_working_days_between_counts_after_start_up_to_end():
    # 22 Dec 2023 (Fri) to 2 Jan 2024: 27, 28, 29 Dec and 2 Jan (1 Jan is a holiday) = 4.
    assert working_days_between("2023-12-22", "2024-01-02") == 4
    assert working_days_between("2024-01-02", "2023-12-22") == 0


@pytest.mark.parametrize("d, n, expected", [
    ("2024-01-31", 1, "2024-02-29"),  # leap year
    ("2023-01-31", 1, "2023-02-28"),
    ("2024-08-31", 6, "2025-02-28"),
    ("2024-03-31", -1, "2024-02-29"),
    ("2024-05-15", 3, "2024-08-15"),
])
def test_month_end_clipping(d, n, expected):
    assert add_months(d, n) == pd.Timestamp(expected)


def test_within_last_months_boundaries():
    # as_at 31 Aug 2024, 6 months back = 29 Feb 2024: after it and on or before as_at.
    assert not within_last_months("2024-02-29", "2024-08-31", 6)
    assert within_last_months("2024-03-01", "2024-08-31", 6)
    assert within_last_months("2024-08-31", "2024-08-31", 6)
    assert not within_last_months("2024-09-01", "2024-08-31", 6)


def test_age_in_whole_years():
    assert age_in_years("2010-02-28", "2020-02-27") == 9
    assert age_in_years("2010-02-28", "2020-02-28") == 10
    assert age_in_years("2008-02-29", "2012-02-28") == 3

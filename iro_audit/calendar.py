"""Working days (England and Wales) and calendar-month arithmetic, as `metrics.md` defines them.

- A working day is Monday to Friday and not an England and Wales bank holiday (the `holidays`
  package, country GB, subdivision ENG, substitute days included).
- "Within N working days of D" means on or after D and on or before the Nth working day after D;
  D itself is not counted.
- Months are calendar months with end-of-month clipping: 31 Jan + 1 month = 28/29 Feb.

Every function takes scalars or array-likes (Series, DatetimeIndex, numpy datetime64 arrays);
array work is vectorised so a national-size set stays fast.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

FIRST_YEAR = 1990
LAST_YEAR = 2045


@lru_cache(maxsize=1)
def bank_holidays() -> np.ndarray:
    """England and Wales bank holidays (substitute days included) as datetime64[D]."""
    import holidays

    days = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


@lru_cache(maxsize=1)
def _busdaycal() -> np.busdaycalendar:
    return np.busdaycalendar(weekmask="1111100", holidays=bank_holidays())


def _to_days(d):
    """Scalar or array of dates -> (datetime64[D] array, missing mask, was_scalar)."""
    scalar = np.ndim(d) == 0 and not isinstance(d, (pd.Series, pd.Index))
    ts = pd.to_datetime(pd.Series([d]) if scalar else pd.Series(np.asarray(d) if not isinstance(d, pd.Series) else d.to_numpy()))
    missing = ts.isna().to_numpy()
    days = ts.fillna(pd.Timestamp("2000-01-03")).to_numpy().astype("datetime64[D]")
    return days, missing, scalar


def _back(days, missing, scalar, like=None):
    out = pd.to_datetime(days.astype("datetime64[ns]"))
    out = pd.Series(out).mask(pd.Series(missing))
    if scalar:
        v = out.iloc[0]
        return None if pd.isna(v) else pd.Timestamp(v)
    if isinstance(like, pd.Series):
        return pd.Series(out.to_numpy(), index=like.index, name=like.name)
    return out


def is_working_day(d):
    """Whether each date is a working day (False for a missing date)."""
    days, missing, scalar = _to_days(d)
    res = np.is_busday(days, busdaycal=_busdaycal()) & ~missing
    if scalar:
        return bool(res[0])
    return pd.Series(res, index=d.index) if isinstance(d, pd.Series) else res


def add_working_days(d, n: int):
    """The Nth working day after D (D itself not counted; n >= 1). Missing dates stay missing."""
    if n < 0:
        raise ValueError("n must be 0 or more")
    days, missing, scalar = _to_days(d)
    if n == 0:
        return _back(days, missing, scalar, d)
    # Rolling a non-working D back to the previous working day P, the Nth working day after P is
    # the Nth after D; a working D is unchanged.
    out = np.busday_offset(days, n, roll="backward", busdaycal=_busdaycal())
    return _back(out, missing, scalar, d)


def working_days_before(d, n: int):
    """The Nth working day before D, counting back from D (D itself not counted; n >= 1): the
    2nd working day before Wednesday is Monday, before Monday the Thursday before. Missing dates
    stay missing."""
    if n < 1:
        raise ValueError("n must be 1 or more")
    days, missing, scalar = _to_days(d)
    # Rolling a non-working D forward to the next working day P, the Nth working day before P is
    # the Nth before D; a working D is unchanged.
    out = np.busday_offset(days, -n, roll="forward", busdaycal=_busdaycal())
    return _back(out, missing, scalar, d)


def within_working_days(event, start, n: int):
    """Whether EVENT is on or after START and on or before the Nth working day after START.

    A missing event or start is not within."""
    deadline = add_working_days(start, n)
    ev = pd.to_datetime(event)
    st = pd.to_datetime(start)
    res = (ev >= st) & (ev <= deadline)
    if isinstance(res, (pd.Series, np.ndarray)):
        return pd.Series(res).fillna(False).astype(bool) if not isinstance(res, np.ndarray) else res
    return bool(res) if not pd.isna(res) else False


def working_days_between(start, end):
    """Working days after START up to and including END (0 when END <= START)."""
    s, ms, scalar = _to_days(start)
    e, me, _ = _to_days(end)
    # busday_count counts [s, e); we want (s, e]
    res = np.busday_count(s + 1, e + 1, busdaycal=_busdaycal())
    res = np.where(res < 0, 0, res).astype("float")
    res[ms | me] = np.nan
    if scalar:
        return None if np.isnan(res[0]) else int(res[0])
    return pd.Series(res, index=start.index) if isinstance(start, pd.Series) else res


def add_months(d, n: int):
    """D plus N calendar months, clipped to the month's end (31 Jan + 1 month = 28/29 Feb).

    Negative N goes back (31 Mar - 1 month = 28/29 Feb)."""
    offset = pd.DateOffset(months=n)
    if isinstance(d, pd.Series):
        # DateOffset(months=n) clips to month end, as the definition requires.
        return d + offset
    if isinstance(d, (pd.DatetimeIndex, np.ndarray, list)):
        return pd.DatetimeIndex(pd.to_datetime(d)) + offset
    if d is None or pd.isna(d):
        return None
    return pd.Timestamp(d) + offset


def within_last_months(event, as_at, n: int):
    """Whether EVENT is after AS_AT - N months and on or before AS_AT (missing is not within)."""
    ev = pd.to_datetime(event)
    as_at = pd.Timestamp(as_at)
    lo = add_months(as_at, -n)
    res = (ev > lo) & (ev <= as_at)
    if isinstance(res, pd.Series):
        return res.fillna(False).astype(bool)
    return bool(res) if not pd.isna(res) else False


def age_in_years(dob, on):
    """Age in whole years on a day (missing where DOB or day is missing)."""
    dob = pd.to_datetime(dob)
    on = pd.to_datetime(on)
    if isinstance(dob, pd.Series) or isinstance(on, pd.Series):
        dob_s = dob if isinstance(dob, pd.Series) else pd.Series(dob, index=on.index)
        on_s = on if isinstance(on, pd.Series) else pd.Series(on, index=dob_s.index)
        years = on_s.dt.year - dob_s.dt.year
        before_birthday = (on_s.dt.month < dob_s.dt.month) | (
            (on_s.dt.month == dob_s.dt.month) & (on_s.dt.day < dob_s.dt.day))
        return (years - before_birthday.astype("Int64")).astype("Int64")
    if pd.isna(dob) or pd.isna(on):
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))

"""The reporting window: `start` to `end`, both days included, and the `as_at` date."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .calendar import add_months
from .errors import ParameterError


def to_date(value, name: str = "date") -> pd.Timestamp:
    """An ISO date string, date or Timestamp as a midnight Timestamp; a clear error otherwise."""
    if isinstance(value, pd.Timestamp):
        return value.normalize()
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ParameterError(f"{name}: '{value}' is not a date (use YYYY-MM-DD)") from None
    if pd.isna(ts):
        raise ParameterError(f"{name}: a date is required (use YYYY-MM-DD)")
    return ts.normalize()


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp
    as_at: pd.Timestamp

    @classmethod
    def of(cls, start, end, as_at=None) -> "Window":
        s, e = to_date(start, "start"), to_date(end, "end")
        a = to_date(as_at, "as_at") if as_at is not None else e
        if e < s:
            raise ParameterError(f"end {e.date()} is before start {s.date()}")
        return cls(s, e, a)

    def contains(self, dates: pd.Series) -> pd.Series:
        """Whether each date falls in the window (start and end included; missing is not)."""
        return ((dates >= self.start) & (dates <= self.end)).fillna(False).astype(bool)

    def whole_months(self) -> int | None:
        """How many whole calendar months the window is (1 Jan to 31 Mar: 3), or None when it
        does not start on a 1st and end on a month's last day."""
        if self.start.day != 1 or (self.end + pd.Timedelta(days=1)).day != 1:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def days(self) -> int:
        """Days in the window, both ends included."""
        return (self.end - self.start).days + 1

    def previous(self) -> "Window":
        """The period of the same length just before this one (for change tests), as at its end.

        Whole calendar months are compared with as many whole months before (1 Jan-31 Mar with
        1 Oct-31 Dec; 1-31 Mar with 1-28 Feb); any other window with the same number of days
        immediately before (a 90-day window with the 90 days before it)."""
        end = self.start - pd.Timedelta(days=1)
        months = self.whole_months()
        if months is not None:
            start = add_months(self.start, -months)
        else:
            start = self.start - pd.Timedelta(days=self.days())
        return Window(start, end, end)

    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

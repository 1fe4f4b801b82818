"""The reporting window: `start` to `end`, both days included, and the `as_at` date."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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

    def previous(self) -> "Window":
        """The window of the same length in months just before this one (for change tests)."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        start = self.start - pd.DateOffset(months=months)
        end = self.start - pd.Timedelta(days=1)
        return Window(start, end, end)

    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

"""The synthetic authority: one timeline per child (periods of care) that each family of
tables is built over."""
from __future__ import annotations

import numpy as np

from .care import CareHistories
from .cp import ChildProtection
from .cp_tables import CpTables
from .common import DEFAULT_END, _cyear, _day
from .service import ServiceRecords
from .tables import Tables


class _Synth(CareHistories, ServiceRecords, ChildProtection, Tables, CpTables):
    def __init__(self, children: int, years: int, seed: int, end):
        if children < 1 or years < 1:
            from ..errors import IroAuditError

            raise IroAuditError("synth: --children and --years must be at least 1")
        self.n_target = int(children)
        self.years = int(years)
        self.seed = int(seed)
        self.rng = np.random.default_rng(seed)
        self.end = _day(end or DEFAULT_END)
        last = int(_cyear([self.end])[0])
        self.cyears = list(range(last - self.years + 1, last + 1))
        self.w0 = _day(f"{self.cyears[0] - 1}-04-01")  # window start
        self.lookback = self.w0 - 365  # activity tables start a year before the window
        self.ystart = {y: _day(f"{y - 1}-04-01") for y in self.cyears}
        self.yend = {y: min(_day(f"{y}-03-31"), self.end) for y in self.cyears}


    def build(self):
        self.build_periods()
        self.build_episodes()
        self.build_reviews()
        self.build_iros()
        self.build_activity()
        self.build_records()
        self.build_s20_pwp()
        self.build_sw()
        self.build_children()
        self.build_cp()


"""Everything a report notebook shows: house style, tables, charts, provenance, scorecard,
data-quality section, and one module of section builders per report.

A notebook opens with `ctx = report.open_report(...)`, then each cell calls one builder with
`ctx` and displays what it returns, and closes with `report.data_quality_section(ctx)` and
`ctx.save_summary()`.
"""
from __future__ import annotations

from .blocks import Block
from .charts import Chart, monthly_counts, monthly_proportion, xmr_chart
from .context import DEMO_DATA_DIR, ReportContext, open_report
from .format import fmt_count, fmt_date, fmt_pct, table
from .quality import data_quality_section

__all__ = ["Block", "Chart", "DEMO_DATA_DIR", "ReportContext", "open_report", "table",
           "fmt_count", "fmt_date", "fmt_pct", "monthly_counts", "monthly_proportion",
           "xmr_chart", "data_quality_section"]

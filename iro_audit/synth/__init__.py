"""A synthetic local authority: every table of the data contract, internally consistent.

    from iro_audit.synth import generate
    summary = generate("/tmp/la", children=500, years=5, seed=1)   # {table: rows written}

`children` is roughly the number looked after at any one time; `years` collection years end at
`end` (default 31 March 2026, fixed so that a seed always gives the same bytes).

What it writes (one folder, nothing else in it):
- SSDA903 tables as one CSV per table per collection year (``episodes_2024.csv`` ...), DD/MM/YYYY
  dates, each holding what that year's return would: episodes open at any time in the year (an
  episode still open at 31 March has blank DEC and REC), reviews held in the year, and so on. The
  first year's episodes and reviews files also carry the earlier episodes and reviews of periods
  of care open in that year, back to each period's start, so that periods, placements and the
  review schedule can be derived from the files alone.
- IRO service tables as one CSV each with ISO dates, except ``iros.xlsx`` (an Excel workbook, so
  that XLSX input is exercised).
- CIN census tables as one CSV per table per collection year (``cp_plans_2024.csv`` ...), ISO
  dates, as each year's return holds them, and ``cp_conferences.csv`` (the safeguarding unit's
  conference records); see `cp.py` for the rates and the child population (140 per child looked
  after).

Children have only IDs (CHILD, zero-padded text); no table holds a child's name. IRO names are
invented staff names.

The data say they are synthetic (`load/extract.py`): ``extract.yaml`` (extract_date = the last
day, ``source: synthetic``, authority "Synthetic authority (no real children)") and a column
``SYNTHETIC`` = ``Y`` in every ``header`` file, which the loader takes as the marker.

Everything is built with vectorised numpy over periods of care, so 100,000 children over five
years takes well under two minutes. Days are held as integer days since 1970-01-01 throughout;
working days and months come from `iro_audit.calendar`.

The package, one module per family over one timeline of each child (its periods of care):
`common` (days, draws, rates), `care` (903 care histories), `service` (IRO service records),
`cp` (child protection: CIN episodes, s47s, plans, reviews, conferences), `tables` and
`cp_tables` (the families as tables), `cin_xml` (a CIN census year as DfE XML), `writer` (files, marker, `generate`), `authority` (the
generator that mixes the families), `xml` (the case-management export, `synth --format xml`)
and `messy` (the small hand-made messy authority, `synth --messy`).
"""
from __future__ import annotations

from .authority import _Synth
from .common import DEFAULT_END, DEFAULT_QC_ITEMS, QC_FORM_FILE, _as_dt, qc_items
from .writer import _write_csv, _write_xlsx, generate, is_own_file

__all__ = ["DEFAULT_END", "DEFAULT_QC_ITEMS", "QC_FORM_FILE", "generate", "is_own_file", "qc_items"]

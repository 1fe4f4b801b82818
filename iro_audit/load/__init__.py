"""Loading: a folder of CSV/XLSX/XML files -> a validated `Dataset` with its data-quality report.

    from iro_audit.load import load_dataset, format_problems
    ds = load_dataset("data/", strict=False, column_map=None, escalation_reasons=None)
    print(format_problems(ds.problems, limit=5))

Modules, one concern each: `read` (files to raw text tables), `xml_read` (DfE XML returns,
safely: `xml_903` the SSDA903, `xml_cin` the CIN census), `colmap` (column maps),
`recognise` (which table a file is), `parse` (text to types), `policy` (what makes a row
usable; chronology pairs), `rules` (validation rules, one function each), `keys` (fast
duplicate keys), `stitch` (several years' returns), `problems` (the report), `loader` (the
pipeline).
"""
from .colmap import ColumnMap, load_column_map
from .loader import SUMMARY_COLUMNS, load_dataset
from .problems import RULES, format_problems

__all__ = ["load_dataset", "format_problems", "load_column_map", "ColumnMap", "RULES",
           "SUMMARY_COLUMNS"]

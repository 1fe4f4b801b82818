"""Loading: a folder of CSV/XLSX/XML files -> a validated `Dataset` with its data-quality report.

    from iro_audit.load import build_dataset, format_problems
    ds = build_dataset("data/", params, strict=False, column_map=None)   # params: load_params()
    print(format_problems(ds.problems, limit=5))

Modules, one concern each: `read` (files to raw text tables), `xml_read` (DfE XML returns,
safely: `xml_903` the SSDA903, `xml_cin` the CIN census), `colmap` (column maps),
`recognise` (which table a file is), `personal` (columns of personal details, never read),
`parse` (text to types), `policy` (what makes a row
usable; chronology pairs), `rules` (validation rules, one function each), `cin_rules` (the CIN
census and conference rules), `keys` (fast
duplicate keys), `stitch` (several years' returns), `problems` (the report), `loader` (the
pipeline), `matching` (IRO records that match no review, admission or placement), `build`
(`build_dataset`: the loader's keywords from the metric parameters; every command and report
loads through it).
"""
from .colmap import ColumnMap, load_column_map
from .build import build_dataset
from .loader import SUMMARY_COLUMNS, load_dataset
from .problems import RULES, format_problems

__all__ = ["build_dataset", "load_dataset", "format_problems", "load_column_map", "ColumnMap", "RULES",
           "SUMMARY_COLUMNS"]

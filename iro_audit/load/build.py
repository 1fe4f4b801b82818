"""`build_dataset`: the one way every command and report reads a data folder.

The command line (`check`, `metrics`, `sample draw`), `open_report` and the dip-sample
demonstration all call this, so the same folder with the same parameters gives the same Dataset
everywhere (a local escalation reason is not UNKNOWN in a report and known in `iro-audit
metrics`).
"""
from __future__ import annotations

from ..dataset import Dataset
from .loader import load_dataset

# The metric parameters that are also `load_dataset` keywords: the one place where the loader's
# keywords come from the parameters. tests/test_build_dataset.py checks this lists every keyword
# of `load_dataset` that names a metric parameter, so a new one cannot be left out.
PARAM_KEYWORDS = ("escalation_reasons", "extract_date")


def build_dataset(data_dir, params: dict | None = None, *, strict: bool = False,
                  column_map=None) -> Dataset:
    """Load DATA_DIR as every command and report does.

    - PARAMS: the metric parameters (`params.load_params`; None = the defaults). Those named in
      `PARAM_KEYWORDS` (the allowed escalation reasons) are passed to the loader.
    - STRICT, COLUMN_MAP: as `load_dataset` (a column map is a YAML path or a dict).
    A user mistake (no such folder, a required table missing) raises `DataError`.
    """
    keywords = {k: params[k] for k in PARAM_KEYWORDS
                if params is not None and params.get(k) is not None}
    return load_dataset(data_dir, strict=strict, column_map=column_map, **keywords)

"""Running report notebooks: parameter files, papermill execution, HTML export, index, batch,
demo.

    from iro_audit.runner import run_report, run_batch, run_demo
    result, index = run_report("s20_admissions", "parameters/s20_admissions.yaml")
    outcome = run_batch("parameters/batch/quarterly.yaml", jobs=2)   # outcome.exit_code

Each report writes `outputs/<run>/<report>.ipynb` (executed), `.html` (no code, offline) and
`.json` (the summary the notebook writes to the `summary_path` parameter the runner injects),
and the run folder gets `index.html` and `run.json`. A run folder that already holds a run is
refused unless `overwrite=True`; default folder names are unique (`rundir`).
"""
from .batch import Batch, BatchOutcome, load_batch_file, plan_batch, run_batch, run_jobs
from .demo import make_demo_data, run_demo
from .execute import DEFAULT_KERNEL, ReportJob, ReportResult, describe_error, execute_report
from .export import export_html, remote_references, strip_remote_resources
from .index import read_results, write_index
from .rundir import claim_run_dir, index_lock, new_run_dir
from .paramfile import (ParameterFile, check_parameters, find_notebook, load_parameter_file,
                        notebook_parameters, parse_cli_value)
from .single import prepare_job, run_report

__all__ = [
    "Batch", "BatchOutcome", "DEFAULT_KERNEL", "ParameterFile", "ReportJob", "ReportResult",
    "check_parameters", "claim_run_dir", "index_lock", "new_run_dir", "describe_error", "execute_report", "export_html", "find_notebook",
    "load_batch_file", "load_parameter_file", "make_demo_data", "notebook_parameters",
    "parse_cli_value", "plan_batch", "prepare_job", "read_results", "remote_references",
    "run_batch", "run_demo", "run_jobs", "run_report", "strip_remote_resources", "write_index",
]

"""`build_dataset`: the command line and the reports read a folder the same way (the metric
parameters' escalation reasons reach the loader everywhere)."""
import inspect
import json

import pytest

from iro_audit.cli import main
from iro_audit.contract import DEFAULT_ESCALATION_REASONS
from iro_audit.load import build, build_dataset, load_dataset
from iro_audit.params import DEFAULTS, load_params

from _loadkit import write_table as _write


@pytest.fixture
def folder(tmp_path):
    """One child in care; two escalations in May 2025: one with the local reason COURT_WAIT
    (listed in the parameter file, not in the contract's defaults), one with HEALTH."""
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "header", [{"CHILD": "A", "SEX": "1", "DOB": "01/06/2015"}])
    _write(data, "episodes", [{"CHILD": "A", "DECOM": "04/03/2024", "RNE": "S", "LS": "C2",
                               "PLACE": "U4"}])
    _write(data, "reviews", [{"CHILD": "A", "REVIEW": "03/04/2024", "REVIEW_CODE": "PN1"}])
    _write(data, "escalations", [
        {"ESCALATION_ID": "E1", "CHILD": "A", "RAISED_DATE": "01/05/2025",
         "ESCALATION_TYPE": "INFORMAL", "REASON": "COURT_WAIT"},
        {"ESCALATION_ID": "E2", "CHILD": "A", "RAISED_DATE": "02/05/2025",
         "ESCALATION_TYPE": "INFORMAL", "REASON": "HEALTH"},
    ])
    params = tmp_path / "metrics.yaml"
    params.write_text("escalation_reasons: [" + ", ".join(DEFAULT_ESCALATION_REASONS)
                      + ", COURT_WAIT]\n")
    return data, params


def test_metrics_command_and_report_count_a_local_reason_alike(folder, tmp_path, capsys):
    from iro_audit.report import escalations as esc_report
    from iro_audit.report.context import open_report

    data, params = folder
    assert main(["metrics", "--data", str(data), "--start", "2025-04-01", "--end", "2026-03-31",
                 "--params", str(params)]) == 0
    cli = json.loads(capsys.readouterr().out)["escalations"]["by_reason"]
    assert cli == {"COURT_WAIT": 1, "HEALTH": 1}

    summary = tmp_path / "out" / "escalations.json"
    ctx = open_report("escalations", data_dir=str(data), start="2025-04-01", end="2026-03-31",
                      metric_params=str(params), summary_path=str(summary))
    esc_report.by_reason_and_stage(ctx)
    ctx.save_summary()
    assert json.loads(summary.read_text())["escalations"]["by_reason"] == cli
    # the same folder without the parameter file: the local reason is cleared, as everywhere
    assert (build_dataset(data)["escalations"]["REASON"].isna().tolist() == [True, False])


def test_check_reads_the_parameter_files_reasons(folder, capsys):
    data, params = folder
    main(["check", "--data", str(data)])
    assert "escalation_reason" in capsys.readouterr().out
    main(["check", "--data", str(data), "--params", str(params)])
    assert "escalation_reason" not in capsys.readouterr().out


def test_every_loader_keyword_that_is_a_metric_parameter_comes_from_the_parameters():
    keywords = set(inspect.signature(load_dataset).parameters) & set(DEFAULTS)
    assert set(build.PARAM_KEYWORDS) == keywords, (
        f"load_dataset keyword(s) {keywords - set(build.PARAM_KEYWORDS)} name metric parameters: "
        "list them in load/build.py PARAM_KEYWORDS")


def test_only_build_dataset_calls_the_loader():
    from pathlib import Path

    import iro_audit

    root = Path(iro_audit.__file__).parent
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "load_dataset(" in p.read_text() and p.name not in ("loader.py", "__init__.py"))
    assert callers == ["load/build.py"]


def test_build_dataset_passes_strict_column_map_and_reasons(folder):
    data, params = folder
    ds = build_dataset(data, load_params(params))
    assert ds["escalations"]["REASON"].tolist() == ["COURT_WAIT", "HEALTH"]
    from iro_audit.errors import DataError

    with pytest.raises(DataError, match="strict mode"):
        build_dataset(data, strict=True)        # COURT_WAIT is a problem without the parameters

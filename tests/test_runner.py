"""Runner pieces that need no kernel: parameter files, HTML export, index, batch files."""
import json
import re
from pathlib import Path

import nbformat
import pytest

from iro_audit.cli import main
from iro_audit.errors import ParameterError
from iro_audit.runner import (ReportResult, check_parameters, export_html, load_batch_file,
                              load_parameter_file, notebook_parameters, plan_batch, prepare_job,
                              remote_references, strip_remote_resources, write_index)

FIXTURES = Path(__file__).parent / "fixtures" / "runner"
NOTEBOOK = FIXTURES / "fixture_report.ipynb"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder to run from, with a data folder and a metric parameter file."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "episodes.csv").write_text("CHILD,DECOM\n1,2025-01-01\n")
    (tmp_path / "metrics.yaml").write_text("minutes_working_days: 15\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def layers_of(path):
    pf = load_parameter_file(path)
    return [(str(path), pf.params)]


# --------------------------------------------------------------------------- parameter files

def test_notebook_parameters_reads_the_tagged_cell_with_literal_defaults():
    params = notebook_parameters(NOTEBOOK)
    assert list(params)[:9] == ["data_dir", "start", "end", "as_at", "suppress", "metric_params",
                                "column_map", "strict", "summary_path"]
    assert params["start"] == "2025-04-01"
    assert params["as_at"] is None and params["fail"] is False and params["sample_size"] == 10


def test_parameter_file_flat_and_nested_forms_give_the_same_parameters(project):
    flat = write(project / "flat.yaml", "notebook: fixture_report\nstart: 2025-04-01\nlabel: x\n")
    nested = write(project / "nested.yaml",
                   "notebook: fixture_report\ntitle: T\nparameters:\n  start: 2025-04-01\n  label: x\n")
    assert load_parameter_file(flat).params == load_parameter_file(nested).params == {
        "start": "2025-04-01", "label": "x"}
    assert load_parameter_file(nested).title == "T"


def test_dates_become_iso_text_and_relative_paths_absolute_from_the_current_directory(project):
    f = write(project / "p.yaml", "notebook: fixture_report\ndata_dir: data\nstart: 2025-04-01\n"
                                  "end: 2025-06-30\nmetric_params: metrics.yaml\nsuppress: true\n")
    out = check_parameters(NOTEBOOK, layers_of(f))
    assert out == {"data_dir": str(project / "data"), "start": "2025-04-01", "end": "2025-06-30",
                   "metric_params": str(project / "metrics.yaml"), "suppress": True}


def test_later_layers_override_earlier_ones(project):
    f = write(project / "p.yaml", "notebook: fixture_report\nstart: 2025-04-01\nend: 2025-06-30\n")
    out = check_parameters(NOTEBOOK, layers_of(f) + [("-p option", {"end": "2025-09-30"})])
    assert out["end"] == "2025-09-30"


def test_unknown_key_names_the_file_the_key_and_the_nearest_parameter(project):
    f = write(project / "p.yaml", "notebook: fixture_report\nstrat: 2025-04-01\n")
    with pytest.raises(ParameterError, match=r"p.yaml: unknown parameter 'strat' .*did you mean 'start'"):
        check_parameters(NOTEBOOK, layers_of(f))


@pytest.mark.parametrize("text, message", [
    ("start: 2025-02-30", r"start '2025-02-30' is not a date"),
    ("end: 31/03/2026", r"end '31/03/2026' is not a date; give an ISO date YYYY-MM-DD"),
    ("review_date: 2025-1-5", r"review_date '2025-1-5' is not a date"),
    ("start: 2025-04-01\nend: 2025-03-31", r"end 2025-03-31 is before start 2025-04-01"),
    ("start: 2026-04-01", r"end 2026-03-31 is before start 2026-04-01"),   # notebook's default end
    ("as_at: 2025-01-01", r"as_at 2025-01-01 is before start 2025-04-01"),
])
def test_bad_dates_are_refused(project, text, message):
    if "review_date" in text:      # a *_date key the notebook declares
        nb = nbformat.read(NOTEBOOK, as_version=4)
        nb.cells[1].source += "\nreview_date = None"
        nbformat.write(nb, project / "nb.ipynb")
        notebook = project / "nb.ipynb"
    else:
        notebook = NOTEBOOK
    f = write(project / "p.yaml", text + "\n")
    with pytest.raises(ParameterError, match=message):
        check_parameters(notebook, layers_of(f))


def test_missing_data_folder_and_missing_files_are_refused(project):
    f = write(project / "p.yaml", "data_dir: no_such_folder\n")
    with pytest.raises(ParameterError, match=r"data_dir no_such_folder does not exist \(looked for "
                                             + re.escape(str(project / "no_such_folder"))):
        check_parameters(NOTEBOOK, layers_of(f))
    f = write(project / "p.yaml", "data_dir: metrics.yaml\n")
    with pytest.raises(ParameterError, match="is a file, not a folder"):
        check_parameters(NOTEBOOK, layers_of(f))
    for key in ("metric_params", "column_map"):
        f = write(project / "p.yaml", f"{key}: parameters/missing.yaml\n")
        with pytest.raises(ParameterError, match=f"{key} parameters/missing.yaml does not exist"):
            check_parameters(NOTEBOOK, layers_of(f))


def test_file_like_parameters_are_resolved_as_paths_too(project):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[1].source += '\nqc_form = "../parameters/qc_form.yaml"\ntargets = None\nteam = None'
    nbformat.write(nb, project / "nb.ipynb")
    f = write(project / "p.yaml", "qc_form: forms/qc.yaml\ntargets: parameters/targets.yml\n"
                                  "team: Team A/B\n")
    out = check_parameters(project / "nb.ipynb", layers_of(f))
    assert out == {"qc_form": str(project / "forms" / "qc.yaml"),
                   "targets": str(project / "parameters" / "targets.yml"), "team": "Team A/B"}


def test_job_records_the_effective_window_with_notebook_defaults(project):
    job = prepare_job("fixture_report", None, out_dir=project / "out", notebooks_dir=FIXTURES)
    assert job.parameters == {}
    assert job.window == {"start": "2025-04-01", "end": "2026-03-31", "as_at": "2026-03-31"}
    job = prepare_job("fixture_report", None, out_dir=project / "out", notebooks_dir=FIXTURES,
                      overrides=[("-p option", {"as_at": "2025-12-31"})])
    assert job.window == {"start": "2025-04-01", "end": "2026-03-31", "as_at": "2025-12-31"}


def test_summary_path_is_for_the_runner_only(project):
    f = write(project / "p.yaml", "summary_path: x.json\n")
    with pytest.raises(ParameterError, match="summary_path is set by the runner"):
        check_parameters(NOTEBOOK, layers_of(f))


def test_parameter_file_for_another_notebook_is_refused(project):
    f = write(project / "p.yaml", "notebook: s20_admissions\n")
    with pytest.raises(ParameterError, match="is for notebook 's20_admissions', not 'fixture_report'"):
        prepare_job("fixture_report", f, out_dir=project / "out", notebooks_dir=FIXTURES)


def test_invalid_yaml_names_the_line(project):
    f = write(project / "p.yaml", "notebook: fixture_report\nstart: [2025\n")
    with pytest.raises(ParameterError, match=r"p.yaml line 3: not valid YAML"):
        load_parameter_file(f)


@pytest.mark.parametrize("text, message", [
    ("notebook: fixture_report\nstrat: 2025-04-01\n", "unknown parameter 'strat'"),
    ("notebook: fixture_report\nend: 2025-13-01\n", "end '2025-13-01' is not a date"),
    ("notebook: fixture_report\ndata_dir: nowhere\n", "data_dir nowhere does not exist"),
])
def test_cli_run_with_a_bad_parameter_file_prints_the_message_and_runs_nothing(
        project, capsys, monkeypatch, text, message):
    import iro_audit.runner.execute as execute

    def must_not_run(*a, **k):
        raise AssertionError("a notebook ran")
    monkeypatch.setattr(execute, "execute_report", must_not_run)
    monkeypatch.setattr("iro_audit.runner.single.execute_report", must_not_run)
    f = write(project / "p.yaml", text)
    code = main(["run", "-f", str(f), "--notebooks", str(FIXTURES), "--out", "out"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("iro-audit run: ") and message in err
    assert "Traceback" not in err
    assert not (project / "out").exists()


def test_cli_batch_checks_every_report_before_running_any(project, capsys, monkeypatch):
    def must_not_run(*a, **k):
        raise AssertionError("a notebook ran")
    monkeypatch.setattr("iro_audit.runner.batch.execute_report", must_not_run)
    write(project / "good.yaml", "notebook: fixture_report\ndata_dir: data\n")
    write(project / "bad.yaml", "notebook: fixture_report\ndata_dir: data\nlable: x\n")
    b = write(project / "b.yaml", "reports:\n  - good.yaml\n  - bad.yaml\n")
    code = main(["batch", str(b), "--notebooks", str(FIXTURES), "--out", "out"])
    err = capsys.readouterr().err
    assert code == 2 and "unknown parameter 'lable'" in err and "did you mean 'label'" in err
    assert not (project / "out").exists()


# --------------------------------------------------------------------------- batch files

def test_batch_file_shared_and_per_report_overrides(project):
    write(project / "p.yaml", "notebook: fixture_report\ndata_dir: data\nstart: 2024-04-01\n"
                              "end: 2024-06-30\nlabel: from-file\n")
    b = write(project / "b.yaml", "title: Pack\nparameters:\n  start: 2025-01-01\n  end: 2025-03-31\n"
                                  "reports:\n  - p.yaml\n  - file: p.yaml\n    name: other\n"
                                  "    label: mine\n  - notebook: fixture_report\n    name: bare\n"
                                  "    title: Bare one\n")
    batch = load_batch_file(b)
    assert batch.title == "Pack"
    jobs = plan_batch(batch, project / "out", overrides={"suppress": True}, notebooks_dir=FIXTURES)
    assert [j.name for j in jobs] == ["fixture_report", "other", "bare"]
    assert jobs[0].parameters == {"data_dir": str(project / "data"), "start": "2025-01-01",
                                  "end": "2025-03-31", "label": "from-file", "suppress": True}
    assert jobs[1].parameters["label"] == "mine"
    assert jobs[2].parameters == {"start": "2025-01-01", "end": "2025-03-31", "suppress": True}
    assert jobs[0].source == "p.yaml"
    # titles: the batch entry's, else the parameter file's, else the notebook's first heading
    assert [j.title for j in jobs] == ["Fixture report", "Fixture report", "Bare one"]


def test_batch_refuses_two_reports_with_one_output_name(project):
    write(project / "p.yaml", "notebook: fixture_report\n")
    b = write(project / "b.yaml", "reports:\n  - p.yaml\n  - p.yaml\n")
    with pytest.raises(ParameterError, match="both be written as 'fixture_report'; give one of them a name"):
        plan_batch(load_batch_file(b), project / "out", notebooks_dir=FIXTURES)


def test_batch_file_missing_parameter_file(project):
    b = write(project / "b.yaml", "reports:\n  - parameters/nothing.yaml\n")
    with pytest.raises(ParameterError, match="report 1: parameter file parameters/nothing.yaml does not exist"):
        plan_batch(load_batch_file(b), project / "out", notebooks_dir=FIXTURES)


def test_committed_batch_files_name_the_report_parameter_files():
    root = Path(__file__).resolve().parents[1]
    named = set()
    for name in ("quarterly", "annual", "s20_bimonthly"):
        batch = load_batch_file(root / "parameters" / "batch" / f"{name}.yaml")
        assert {"start", "end"} <= set(batch.shared)
        named |= {e.file for e in batch.entries}
    assert named == {f"parameters/{r}.yaml" for r in (
        "s20_admissions", "placed_with_parents", "qc_forms", "escalations", "voice_of_the_child",
        "quarterly_performance", "annual_report", "qa_dashboard", "cp_conferences")}


def test_batch_window_is_valid_for_every_report_notebook_that_exists():
    root = Path(__file__).resolve().parents[1]
    checked = 0
    for name in ("quarterly", "annual", "s20_bimonthly"):
        batch = load_batch_file(root / "parameters" / "batch" / f"{name}.yaml")
        for e in batch.entries:
            nb = root / "notebooks" / f"{Path(e.file).stem}.ipynb"
            if nb.is_file():
                check_parameters(nb, [(str(batch.path), batch.shared)], base_dir=root)
                checked += 1
    if not checked:
        pytest.skip("no report notebooks yet")


REPORTS = ("s20_admissions", "placed_with_parents", "qc_forms", "escalations",
           "voice_of_the_child", "quarterly_performance", "annual_report",
           "dip_sample", "dip_sample_findings")


@pytest.mark.parametrize("report", REPORTS)
def test_committed_parameter_file_checks_against_its_notebook(report, tmp_path, monkeypatch):
    """parameters/<report>.yaml names its notebook and only its parameters; its paths (other
    than data_dir, which a batch or the demo points at an extract) exist from the repo root."""
    root = Path(__file__).resolve().parents[1]
    pfile = root / "parameters" / f"{report}.yaml"
    if not pfile.is_file() or not (root / "notebooks" / f"{report}.ipynb").is_file():
        pytest.skip(f"{report} not written yet")
    monkeypatch.chdir(root)
    job = prepare_job(None, pfile.relative_to(root), out_dir=tmp_path,
                      notebooks_dir=root / "notebooks",
                      overrides=[("test", {"data_dir": str(tmp_path)})])
    assert Path(job.notebook).stem == report


# --------------------------------------------------------------------------- HTML export

INPUT_CLASSES = re.compile(r"""class="[^"]*\b(jp-InputArea|jp-InputPrompt|input_area|input_prompt|"""
                           r"""jp-OutputPrompt|output_prompt)\b""")
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def assert_offline_without_code(html: str):
    assert not INPUT_CLASSES.search(html), INPUT_CLASSES.search(html).group(0)
    text = re.sub(r"<style\b.*?</style>", "", html, flags=re.S | re.I)   # CSS comments mention Out[]
    assert "In&nbsp;[" not in text and "In [" not in text and "Out[" not in text
    assert remote_references(html) == []
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", html, flags=re.I):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", tag, flags=re.I), tag
    assert "<link" not in html.lower()


def test_export_has_no_code_no_prompts_nothing_remote_and_embedded_charts(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    code = nbformat.v4.new_code_cell("secret_code_line = 1\nsecret_code_line", execution_count=3)
    code.outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=3),
        nbformat.v4.new_output("display_data", {"image/png": PNG, "text/plain": "<Figure>"}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title\n\nSome $x^2$ maths and ```mermaid``` text."),
                code, nbformat.v4.new_code_cell("no_output_here = 2", execution_count=4)]
    nbformat.write(nb, tmp_path / "r.ipynb")
    export_html(tmp_path / "r.ipynb", tmp_path / "r.html", title="My report")
    html = (tmp_path / "r.html").read_text()
    assert "<title>My report</title>" in html and "<h1" in html
    assert "secret_code_line" not in html and "no_output_here" not in html
    assert f"data:image/png;base64,{PNG}" in html
    assert "<script" not in html.lower()          # no require.js, MathJax, widgets, mermaid
    assert_offline_without_code(html)


def test_strip_remote_resources_removes_off_machine_scripts_and_styles_only():
    html = ('<head><script src="https://cdn.example/x.js"></script>'
            "<script src='//cdn.example/y.js' defer></script>"
            '<link rel="stylesheet" href="http://fonts.example/f.css">'
            '<style>@import url("https://fonts.example/g.css"); body {}</style>'
            '<script>var local = 1;</script><a href="https://www.gov.uk">guidance</a></head>')
    out = strip_remote_resources(html)
    assert remote_references(out) == []
    assert "cdn.example" not in out and "fonts.example" not in out
    assert "<script>var local = 1;</script>" in out and 'href="https://www.gov.uk"' in out


# --------------------------------------------------------------------------- index

def test_index_links_reports_and_shows_failures_offline(tmp_path):
    ok = ReportResult(name="s20_admissions", notebook="n", status="ok", duration=12.34,
                      files={"notebook": "s20_admissions.ipynb", "html": "s20_admissions.html",
                             "summary": "s20_admissions.json"},
                      parameters={"start": "2026-02-01", "end": "2026-03-31"},
                      source="parameters/s20_admissions.yaml", out_dir=str(tmp_path))
    bad = ReportResult(name="escalations", notebook="n", status="failed", duration=75.0,
                       error="KeyError: '<ESC_ID>' (cell 4)", files={"notebook": "escalations.ipynb"},
                       out_dir=str(tmp_path))
    index = write_index(tmp_path, [ok, bad], title="Pack", merge=False)
    html = index.read_text()
    assert 'href="s20_admissions.html"' in html and 'href="s20_admissions.json"' in html
    assert 'href="escalations.ipynb"' in html and 'href="escalations.html"' not in html
    assert "KeyError: &#x27;&lt;ESC_ID&gt;&#x27; (cell 4)" in html
    assert "12.3 s" in html and "1 min 15 s" in html and "1 failed" in html
    assert "2026-02-01 to 2026-03-31" in html
    assert "<script" not in html and "http" not in html
    manifest = json.loads((tmp_path / "run.json").read_text())
    assert [r["status"] for r in manifest["reports"]] == ["ok", "failed"]


def test_index_merges_an_earlier_run_into_the_same_folder(tmp_path):
    a = ReportResult(name="a", notebook="n", status="ok", duration=1, out_dir=str(tmp_path))
    b = ReportResult(name="b", notebook="n", status="failed", duration=1, out_dir=str(tmp_path))
    write_index(tmp_path, [a, b], title="T")
    b2 = ReportResult(name="b", notebook="n", status="ok", duration=2, out_dir=str(tmp_path))
    write_index(tmp_path, [b2], title="T")
    manifest = json.loads((tmp_path / "run.json").read_text())
    assert [(r["name"], r["status"]) for r in manifest["reports"]] == [("a", "ok"), ("b", "ok")]


# --------------------------------------------------------------------------- errors

def test_execution_errors_are_summarised_in_one_line_without_colour_codes():
    from papermill.exceptions import PapermillExecutionError

    from iro_audit.runner import describe_error
    e = PapermillExecutionError(cell_index=4, exec_count=5, source="x", ename="KeyError",
                                evalue="\x1b[31m'CHILD'\x1b[0m", traceback=["..."])
    assert describe_error(e) == "KeyError: 'CHILD' (cell 5)"
    assert describe_error(RuntimeError("Kernel died")) == "RuntimeError: Kernel died"


def test_a_missing_kernel_is_a_clear_error():
    from iro_audit.errors import IroAuditError
    from iro_audit.runner.execute import check_kernel
    with pytest.raises(IroAuditError, match="no Jupyter kernel named 'no-such-kernel-x'; install one "
                                            "with `python3 -m ipykernel install"):
        check_kernel("no-such-kernel-x")

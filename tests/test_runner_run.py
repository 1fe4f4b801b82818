"""Running fixture notebooks end to end: run, batch (with a failing report), --jobs, demo."""
import json
import re
from pathlib import Path

import pytest

from iro_audit.cli import main
from iro_audit.runner import make_demo_data, read_results, run_demo

from test_runner import FIXTURES, assert_offline_without_code

pytestmark = pytest.mark.slow

FILES = ("ipynb", "html", "json")


def make_data(folder: Path, rows=(3, 2)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, n in enumerate(rows):
        lines = ["CHILD,DECOM"] + [f"C{i}{k},2025-0{k + 1}-01" for k in range(n)]
        (folder / f"table{i}.csv").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    make_data(root / "data")
    (root / "parameters").mkdir()
    (root / "parameters" / "fixture.yaml").write_text(
        "notebook: fixture_report\ntitle: Fixture report\ndata_dir: data\n"
        "start: 2025-04-01\nend: 2025-06-30\nlabel: first\n")
    (root / "parameters" / "batch.yaml").write_text(
        "title: Fixture pack\nparameters:\n  start: 2025-01-01\n  end: 2025-03-31\n"
        "reports:\n"
        "  - parameters/fixture.yaml\n"
        "  - file: parameters/fixture.yaml\n    name: broken\n    fail: true\n"
        "  - file: parameters/fixture.yaml\n    name: third\n    label: third\n")
    return root


@pytest.fixture(scope="module")
def single_run(project):
    import os
    old = os.getcwd()
    os.chdir(project)
    try:
        code = main(["run", "fixture_report", "-f", "parameters/fixture.yaml", "-p", "sample_size", "7",
                     "--notebooks", str(FIXTURES), "--out", "out", "--name", "single"])
    finally:
        os.chdir(old)
    return code, project / "out" / "single"


def run_batch_cli(project, name, jobs, capsys):
    import os
    old = os.getcwd()
    os.chdir(project)
    try:
        capsys.readouterr()
        code = main(["batch", "parameters/batch.yaml", "--jobs", str(jobs), "--notebooks",
                     str(FIXTURES), "--out", "out", "--name", name])
        captured = capsys.readouterr()
    finally:
        os.chdir(old)
    return code, project / "out" / name, captured


def test_run_writes_notebook_html_summary_and_index(single_run, project):
    code, run_dir = single_run
    assert code == 0
    for ext in FILES:
        assert (run_dir / f"fixture_report.{ext}").is_file()
    assert (run_dir / "index.html").is_file()
    summary = json.loads((run_dir / "fixture_report.json").read_text())
    # parameters reached the notebook: file values, -p override, absolute data_dir; the
    # notebook ran in its own folder
    assert summary["report"] == "first" and summary["sample_size"] == 7
    assert summary["window"] == {"start": "2025-04-01", "end": "2025-06-30", "as_at": "2025-06-30"}
    assert summary["data_dir"] == str(project / "data") and summary["rows"] == 5
    assert summary["cwd"] == str(FIXTURES.resolve())
    index = (run_dir / "index.html").read_text()
    assert 'href="fixture_report.html"' in index and '<span class="status ok">ok</span>' in index


def test_run_html_has_no_code_prompts_or_remote_scripts_and_embeds_the_chart(single_run):
    _, run_dir = single_run
    html = (run_dir / "fixture_report.html").read_text()
    assert_offline_without_code(html)
    assert re.search(r'<img[^>]+src="data:image/png;base64,', html)   # the matplotlib chart
    assert "plt.show" not in html and "summary_path" not in html      # no code
    assert "<table" in html and re.search(r"<h1[^>]*>Fixture report<", html)
    assert "<script" not in html.lower()


def test_a_second_run_into_the_same_folder_fails_and_overwrite_replaces_it(single_run, project,
                                                                          capsys):
    import os

    _, run_dir = single_run
    before = {p.name: p.read_bytes() for p in run_dir.iterdir()}
    argv = ["run", "fixture_report", "-f", "parameters/fixture.yaml", "-p", "label", "second",
            "--notebooks", str(FIXTURES), "--out", "out", "--name", "single"]
    old = os.getcwd()
    os.chdir(project)
    try:
        capsys.readouterr()
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and "is not empty" in err and "--overwrite" in err
        assert {p.name: p.read_bytes() for p in run_dir.iterdir()} == before   # untouched
        assert main(argv + ["--overwrite"]) == 0
    finally:
        os.chdir(old)
    assert json.loads((run_dir / "fixture_report.json").read_text())["report"] == "second"
    assert [r.name for r in read_results(run_dir)] == ["fixture_report"]   # replaced, not doubled
    # everything was renamed into place: no temporary file is left
    assert not [p.name for p in run_dir.iterdir() if ".partial" in p.name]


@pytest.fixture(scope="module")
def batches(project):
    """The fixture batch run with --jobs 1 and --jobs 2 (one report fails on purpose)."""
    return {}


def _batch(batches, project, jobs, capsys):
    if jobs not in batches:
        batches[jobs] = run_batch_cli(project, f"batch-j{jobs}", jobs, capsys)
    return batches[jobs]


def test_a_failing_report_does_not_stop_the_others_and_the_batch_exits_1(batches, project, capsys):
    code, run_dir, captured = _batch(batches, project, 1, capsys)
    assert code == 1
    for name in ("fixture_report", "third"):
        for ext in FILES:
            assert (run_dir / f"{name}.{ext}").is_file()
    # the failed one is kept: its partly executed notebook (with the error) and its page
    assert (run_dir / "broken.ipynb").is_file() and (run_dir / "broken.html").is_file()
    assert not (run_dir / "broken.json").exists()
    nb = json.loads((run_dir / "broken.ipynb").read_text())
    assert any(o.get("ename") == "ValueError" for c in nb["cells"] for o in c.get("outputs", []))
    index = (run_dir / "index.html").read_text()
    assert index.count('<span class="status ok">ok</span>') == 2
    assert index.count('<span class="status failed">failed</span>') == 1
    assert "ValueError: deliberate failure in first (cell 5)" in index
    # console: the error summarised, no traceback; progress bar on stderr
    assert "broken: ValueError: deliberate failure in first" in captured.out
    assert "2 of 3 reports ok; 1 failed" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert "3/3" in captured.err
    # shared batch parameters won over the parameter file, per-report ones over both
    third = json.loads((run_dir / "third.json").read_text())
    assert third["report"] == "third" and third["window"]["start"] == "2025-01-01"


def test_jobs_2_gives_the_same_outputs_as_jobs_1(batches, project, capsys):
    _, one, _ = _batch(batches, project, 1, capsys)
    code, two, _ = _batch(batches, project, 2, capsys)
    assert code == 1
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in two.iterdir())
    for name in ("fixture_report", "third"):
        assert json.loads((one / f"{name}.json").read_text()) == json.loads((two / f"{name}.json").read_text())

    def essentials(run_dir):
        return [(r.name, r.status, r.error, sorted(r.files), r.parameters["start"])
                for r in read_results(run_dir)]
    assert essentials(one) == essentials(two)
    assert [r.name for r in read_results(two)] == ["fixture_report", "broken", "third"]


def test_demo_makes_data_runs_the_packs_that_exist_and_writes_one_index(tmp_path, capsys):
    batch_dir = tmp_path / "parameters" / "batch"
    batch_dir.mkdir(parents=True)
    (tmp_path / "parameters" / "fixture_report.yaml").write_text("notebook: fixture_report\n")
    (batch_dir / "quarterly.yaml").write_text(
        "title: Quarterly\nstart: 2026-01-01\nend: 2026-03-31\n"
        "reports:\n  - parameters/fixture_report.yaml\n  - parameters/not_written_yet.yaml\n")
    (batch_dir / "annual.yaml").write_text(
        "title: Annual\nreports:\n  - file: parameters/fixture_report.yaml\n    label: annual\n")
    calls = []

    def generate(out_dir, children, years, seed):
        calls.append((children, years, seed))
        make_data(Path(out_dir), rows=(4,))

    out = tmp_path / "demo"
    outcome = run_demo(out, children=20, jobs=2, notebooks_dir=FIXTURES, batch_dir=batch_dir,
                       generate=generate, progress=False)
    assert calls == [(20, 5, 1)]
    assert (out / "data" / "table0.csv").is_file() and not (out / "data.partial").exists()
    assert outcome.exit_code == 0 and len(outcome.results) == 2
    for pack in ("quarterly", "annual"):
        assert (out / pack / "index.html").is_file()
        summary = json.loads((out / pack / "fixture_report.json").read_text())
        assert summary["data_dir"] == str(out / "data") and summary["rows"] == 4
    assert json.loads((out / "quarterly" / "fixture_report.json").read_text())["window"]["end"] == "2026-03-31"
    assert json.loads((out / "annual" / "fixture_report.json").read_text())["report"] == "annual"
    top = (out / "index.html").read_text()
    assert 'href="quarterly/fixture_report.html"' in top and 'href="annual/fixture_report.html"' in top
    assert "<h2>Quarterly</h2>" in top and "<h2>Annual</h2>" in top
    assert "not_written_yet" in capsys.readouterr().err
    # data already there: not made again
    assert make_demo_data(out / "data", children=20, generate=generate) is False
    assert len(calls) == 1
    # a second demo into the same folder is refused, and runs with overwrite (data reused)
    from iro_audit.errors import ParameterError

    with pytest.raises(ParameterError, match="is not empty"):
        run_demo(out, children=20, jobs=1, notebooks_dir=FIXTURES, batch_dir=batch_dir,
                 generate=generate, progress=False)
    again = run_demo(out, children=20, jobs=1, notebooks_dir=FIXTURES, batch_dir=batch_dir,
                     generate=generate, progress=False, overwrite=True)
    assert again.exit_code == 0 and len(calls) == 1

"""Run folders: a second run into a folder that holds one is refused (--overwrite to write over
it), default names never collide, index updates are locked, files are written atomically.
Nothing here runs a notebook (tests/test_runner_run.py runs them)."""
import datetime as dt
import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from iro_audit.atomic import replacing, write_text_atomic
from iro_audit.cli import main
from iro_audit.errors import ParameterError
from iro_audit.runner import ReportResult, read_results, write_index
from iro_audit.runner.rundir import MARKER, claim_run_dir, new_run_dir

from test_runner import FIXTURES

NOON = dt.datetime(2026, 12, 1, 12, 0, 0)


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "episodes.csv").write_text("CHILD,DECOM\n1,2025-01-01\n")
    (tmp_path / "p.yaml").write_text("notebook: fixture_report\ndata_dir: data\n")
    (tmp_path / "b.yaml").write_text("reports:\n  - p.yaml\n")
    monkeypatch.chdir(tmp_path)

    def must_not_run(*a, **k):
        raise AssertionError("a notebook ran")
    monkeypatch.setattr("iro_audit.runner.single.execute_report", must_not_run)
    monkeypatch.setattr("iro_audit.runner.batch.execute_report", must_not_run)
    return tmp_path


def earlier_run(folder: Path) -> dict:
    folder.mkdir(parents=True)
    files = {"fixture_report.html": "<p>first run</p>", "fixture_report.json": '{"a": 1}',
             "index.html": "<p>index of the first run</p>"}
    for name, text in files.items():
        (folder / name).write_text(text)
    return files


@pytest.mark.parametrize("argv", [
    ["run", "-f", "p.yaml", "--notebooks", str(FIXTURES), "--out", "out", "--name", "first"],
    ["batch", "b.yaml", "--notebooks", str(FIXTURES), "--out", "out", "--name", "first"],
])
def test_a_second_run_into_a_folder_is_refused_and_the_first_left_intact(project, capsys, argv):
    files = earlier_run(project / "out" / "first")
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert f"the run folder {Path('out') / 'first'} is not empty" in err
    assert "fixture_report.html" in err and "--overwrite" in err and "Traceback" not in err
    assert {p.name: p.read_text() for p in (project / "out" / "first").iterdir()} == files


def test_demo_into_a_folder_holding_an_earlier_demo_is_refused(project, capsys):
    (project / "parameters" / "batch").mkdir(parents=True)
    (project / "parameters" / "batch" / "quarterly.yaml").write_text(
        "reports:\n  - notebook: fixture_report\n")
    (project / "demo" / "data").mkdir(parents=True)          # data alone: the demo reuses it
    claim_run_dir(project / "demo", ignore={"data"})
    (project / "demo" / "index.html").write_text("<p>first demo</p>")
    code = main(["demo", "--out", "demo", "--notebooks", str(FIXTURES)])
    err = capsys.readouterr().err
    assert code == 2 and "is not empty" in err and "--overwrite" in err
    assert (project / "demo" / "index.html").read_text() == "<p>first demo</p>"


def test_claim_refuses_what_holds_anything_and_overwrite_allows_it(tmp_path):
    run = tmp_path / "run"
    assert claim_run_dir(run) == run and (run / MARKER).is_file()   # a new folder
    with pytest.raises(ParameterError, match="is not empty"):
        claim_run_dir(run)                                          # only the marker: a run
    assert claim_run_dir(run, overwrite=True) == run
    empty = tmp_path / "made-by-hand"
    empty.mkdir()
    assert claim_run_dir(empty) == empty                            # an empty folder is fine
    demo = tmp_path / "demo"
    (demo / "data").mkdir(parents=True)
    assert claim_run_dir(demo, ignore={"data"}) == demo
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ParameterError, match="is a file"):
        claim_run_dir(tmp_path / "afile")


def test_of_two_claims_on_one_empty_folder_at_once_exactly_one_wins(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    outcomes = []
    barrier = threading.Barrier(8)

    def claim():
        barrier.wait()
        try:
            claim_run_dir(run)
            outcomes.append("claimed")
        except ParameterError:
            outcomes.append("refused")
    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["claimed"] + ["refused"] * 7


def test_default_names_made_back_to_back_differ(tmp_path):
    a = new_run_dir(tmp_path, "quarterly", now=NOON)
    b = new_run_dir(tmp_path, "quarterly", now=NOON)
    assert a.name == "quarterly-20261201-120000"
    assert b.name == "quarterly-20261201-120000-2"
    assert a.is_dir() and b.is_dir()
    # and with the clock: two names made now, back to back
    assert new_run_dir(tmp_path, "x") != new_run_dir(tmp_path, "x")


def test_default_names_made_at_once_in_threads_never_collide(tmp_path):
    got = []
    barrier = threading.Barrier(10)

    def make():
        barrier.wait()
        got.append(new_run_dir(tmp_path, "s20", now=NOON).name)
    threads = [threading.Thread(target=make) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(got)) == 10
    assert sorted(got, key=len)[0] == "s20-20261201-120000"


# -- the index lock ----------------------------------------------------------------------------

def _result(name: str, run_dir: Path) -> ReportResult:
    return ReportResult(name=name, notebook="n.ipynb", status="ok", duration=1.0,
                        files={"html": f"{name}.html"}, out_dir=str(run_dir))


def _write_one(run_dir: str, name: str, start) -> None:
    start.wait()
    write_index(run_dir, [_result(name, Path(run_dir))], title="Shared folder")


def test_index_updates_from_several_processes_keep_every_entry(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    names = [f"batch{i}" for i in range(6)]
    procs = [ctx.Process(target=_write_one, args=(str(tmp_path), n, start)) for n in names]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert sorted(r.name for r in read_results(tmp_path)) == names
    index = (tmp_path / "index.html").read_text()
    assert all(f'href="{n}.html"' in index for n in names)


def test_index_updates_from_threads_keep_every_entry(tmp_path):
    names = [f"r{i}" for i in range(12)]
    start = threading.Event()
    threads = [threading.Thread(target=_write_one, args=(str(tmp_path), n, start)) for n in names]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join()
    assert sorted(r.name for r in read_results(tmp_path)) == sorted(names)
    # no temporary file left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index.lock", "index.html", "run.json"]


# -- atomic writes -----------------------------------------------------------------------------

def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    p = tmp_path / "run.json"
    write_text_atomic(p, json.dumps({"reports": [1]}))
    with pytest.raises(RuntimeError):
        with replacing(p) as tmp:
            tmp.write_text('{"repo')            # half written, then the writer dies
            raise RuntimeError("crash")
    assert json.loads(p.read_text()) == {"reports": [1]}     # the old file, whole
    assert sorted(q.name for q in tmp_path.iterdir()) == ["run.json"]
    with pytest.raises(RuntimeError):
        with replacing(tmp_path / "nb.ipynb", keep_on_error=True) as tmp:
            tmp.write_text("partly executed")
            raise RuntimeError("cell failed")
    assert (tmp_path / "nb.ipynb").read_text() == "partly executed"   # kept, under its name

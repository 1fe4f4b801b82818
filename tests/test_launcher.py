"""The launcher behind notebooks/start_here.ipynb (`runner.launcher`) and the data folder a
notebook opens when its data_dir is None (`report.data_folder`)."""
import datetime as dt
from pathlib import Path

import pytest

from iro_audit.errors import ParameterError
from iro_audit.report import dip_sample as dip
from iro_audit.report.data_folder import DATA_ENV, default_data_dir, project_root
from iro_audit.runner import launcher, notebook_parameters
from iro_audit.runner.batch import load_batch_file

from _labkit import ROOT, make_project

NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project layout without data; the session folder unset; the current folder notebooks/."""
    monkeypatch.delenv(DATA_ENV, raising=False)
    root = make_project(tmp_path / "project", demo=False)
    monkeypatch.chdir(root / "notebooks")
    return root


# -- the data folder a notebook opens by default ---------------------------------------------

def test_default_is_the_demo_folder_of_the_project_from_its_root_or_from_notebooks(project, monkeypatch):
    assert default_data_dir() == project / "outputs" / "demo" / "data"      # from notebooks/
    monkeypatch.chdir(project)
    assert default_data_dir() == project / "outputs" / "demo" / "data"      # from the root


def test_session_folder_wins_over_the_demo_and_a_given_folder_wins_over_both(project, monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "extract"))
    assert default_data_dir() == tmp_path / "extract"
    assert default_data_dir(None) == tmp_path / "extract"
    assert default_data_dir("../elsewhere") == Path("../elsewhere")
    monkeypatch.setenv(DATA_ENV, "  ")                      # blank = not set
    assert default_data_dir() == project / "outputs" / "demo" / "data"


def test_outside_any_project_the_package_checkout_is_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert project_root() == ROOT


def test_every_notebook_defaults_data_dir_to_none_and_its_relative_defaults_resolve_from_notebooks():
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        if nb.stem == "start_here":
            continue
        params = notebook_parameters(nb)
        assert params["data_dir"] is None, nb.name
        for key, value in params.items():
            if isinstance(value, str) and value.startswith(("../", "./")):
                target = (NOTEBOOKS / value).resolve()
                # an existing file, or the demonstration worksheet made on first use
                assert target.is_file() or dip.is_demo_path(target), (nb.name, key, value)
                assert target.is_relative_to(ROOT), (nb.name, key, value)


# -- the job table ---------------------------------------------------------------------------

def test_every_notebook_serves_a_job_and_each_pack_lists_its_batch_files_notebooks():
    jobs = launcher.jobs(ROOT)
    served = {nb for nbs in jobs["NOTEBOOKS"] for nb in nbs}
    assert served == {p.stem for p in NOTEBOOKS.glob("*.ipynb")} - {"start_here"}
    packs = jobs[jobs["KIND"] == "pack"].set_index("RUN_AS")["NOTEBOOKS"].to_dict()
    # parameters/batch/quarterly.yaml and annual.yaml, read by hand
    assert packs == {"quarterly": ["qa_dashboard", "quarterly_performance", "placed_with_parents",
                                   "qc_forms", "cp_conferences"],
                     "annual": ["annual_report", "voice_of_the_child", "escalations",
                                "cp_conferences"]}
    for name in jobs["RUN_AS"]:
        assert launcher.plan_launch(name, root=ROOT).name == name


def test_job_table_links_notebooks_from_the_launchers_folder(project):
    html = launcher.job_table(project)._repr_html_()
    assert '<a href="s20_admissions.ipynb">s20_admissions</a>' in html
    assert '<code>report = "quarterly"</code> (pack of 5 reports)' in html


# -- planning a run ----------------------------------------------------------------------------

def test_a_pack_runs_its_batch_file_with_only_what_was_typed(project):
    launch = launcher.plan_launch("quarterly", "2026-01-01", "2026-03-31", root=project)
    assert launch.kind == "pack"
    assert launch.file == project / "parameters" / "batch" / "quarterly.yaml"
    assert launch.overrides == {"start": "2026-01-01", "end": "2026-03-31"}
    assert load_batch_file(launch.file).title == "Quarterly report pack"


def test_a_report_runs_with_its_parameter_file_and_dates_as_iso_text(project):
    launch = launcher.plan_launch("s20_admissions", dt.date(2026, 2, 1), dt.date(2026, 3, 31),
                                  suppress=False, root=project)
    assert launch.kind == "report" and launch.name == "s20_admissions"
    assert launch.file == project / "parameters" / "s20_admissions.yaml"
    assert launch.overrides == {"start": "2026-02-01", "end": "2026-03-31", "suppress": False}
    with pytest.raises(ParameterError, match="is a date and time"):
        launcher.plan_launch("s20_admissions", dt.datetime(2026, 2, 1, 9, 30), root=project)


def test_the_session_folder_is_passed_to_every_report_and_a_typed_folder_wins(project, monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "extract"))
    assert launcher.plan_launch("annual", root=project).overrides == {"data_dir": str(tmp_path / "extract")}
    (project / "data" / "april").mkdir(parents=True)
    # typed from the project folder (as JupyterLab's Copy Path gives it), from notebooks/
    launch = launcher.plan_launch("escalations", data_dir="data/april", root=project)
    assert launch.overrides == {"data_dir": str(project / "data" / "april")}
    launch = launcher.plan_launch("escalations", data_dir="../data/april", root=project)
    assert launch.overrides == {"data_dir": str(project / "data" / "april")}


def test_other_parameters_pass_through_and_a_report_without_a_parameter_file_uses_its_defaults(project):
    (project / "parameters" / "voice_of_the_child.yaml").unlink()
    launch = launcher.plan_launch("voice_of_the_child", trend_quarters=4, seed=None, root=project)
    assert launch.file is None and launch.overrides == {"trend_quarters": 4}


def test_an_unknown_name_lists_the_reports_and_packs(project):
    with pytest.raises(ParameterError, match=r"no report or pack called 'quartely'; choose one of "
                                             r"annual, annual_report, .*quarterly, .*s20_bimonthly"):
        launcher.plan_launch("quartely", root=project)


# -- what a finished run shows ---------------------------------------------------------------

def test_a_finished_run_links_its_papers_from_the_notebooks_folder_and_shows_a_failure(project):
    run = project / "outputs" / "quarterly-20261201-101500"
    ok = launcher.Paper("Quarterly", True, run / "quarterly_performance.html",
                        run / "quarterly_performance.ipynb")
    bad = launcher.Paper("QC forms", False, None, run / "qc_forms.ipynb", "KeyError: 'X' (cell 4)")
    done = launcher.Launched(launcher.Launch("pack", "quarterly", None), run, run / "index.html",
                             [ok, bad], link_base=project / "notebooks")
    html = done._repr_html_()
    assert not done.ok and "1 of 2 reports made" in html
    assert 'href="../outputs/quarterly-20261201-101500/quarterly_performance.html"' in html
    assert 'href="../outputs/quarterly-20261201-101500/index.html"' in html
    assert "QC forms: <b>failed</b>: <code>KeyError: &#x27;X&#x27; (cell 4)</code>" in html
    assert done.paths["papers"] == [run / "quarterly_performance.html", None]


def test_the_session_note_names_the_folder_notebooks_open_and_which_data_papers_use(project, monkeypatch, tmp_path):
    note = launcher.about_session(project)
    assert note.data["data_dir"] == project / "outputs" / "demo" / "data"
    assert "each report's parameter file" in note.text()
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "extract"))
    note = launcher.about_session(project)
    assert note.data["data_dir"] == tmp_path / "extract" and "Papers made below use it too" in note.text()

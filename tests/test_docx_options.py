"""Asking for Word papers: `formats:` and `docx_template:` in parameter and batch files,
`--docx` / `--docx-template` on the command line, the index's link (no kernel needed)."""
from pathlib import Path

import pytest
from docx import Document

from iro_audit.cli import main
from iro_audit.errors import ParameterError
from iro_audit.runner import ReportResult, load_batch_file, plan_batch, prepare_job, write_index
from iro_audit.runner.paramfile import check_formats, paper_options

from test_runner import FIXTURES, project, write  # noqa: F401  (fixture)


@pytest.mark.parametrize("given, formats", [
    (["html", "docx"], ("html", "docx")),
    ("docx", ("html", "docx")),          # the HTML is always written: the Word paper is made from it
    (["html"], ("html",)),
    (["DOCX", "docx"], ("html", "docx")),
])
def test_formats_always_include_the_html_page(given, formats):
    assert check_formats(given, "p.yaml") == formats


@pytest.mark.parametrize("given, message", [
    (["html", "pdf"], r"p.yaml: formats: 'pdf' is not a format iro-audit writes \(html, docx\)"),
    ([], r"p.yaml: formats must be a list"),
    ({"docx": True}, r"p.yaml: formats must be a list"),
])
def test_unknown_formats_are_refused_by_name(given, message):
    with pytest.raises(ParameterError, match=message):
        check_formats(given, "p.yaml")


def test_later_layers_win_and_the_command_line_adds_the_word_paper():
    file, batch = ("p.yaml", {"formats": ["html", "docx"]}), ("b.yaml", {"formats": ["html"]})
    assert paper_options([file]) == (("html", "docx"), None)
    assert paper_options([file, batch]) == (("html",), None)
    assert paper_options([file, batch], docx=True) == (("html", "docx"), None)


def test_a_template_is_checked_and_read_from_the_current_directory(project):  # noqa: F811
    Document().save(project / "council.docx")
    layer = ("p.yaml", {"formats": ["html", "docx"], "docx_template": "council.docx"})
    assert paper_options([layer]) == (("html", "docx"), str(project / "council.docx"))
    # a template without the Word paper is not used (nor checked)
    assert paper_options([("p.yaml", {"docx_template": "missing.docx"})]) == (("html",), None)
    with pytest.raises(ParameterError, match=r"p.yaml: Word template missing.docx does not exist"):
        paper_options([("p.yaml", {"formats": "docx", "docx_template": "missing.docx"})])
    # --docx-template implies --docx
    assert paper_options([], docx_template="council.docx") == (("html", "docx"),
                                                              str(project / "council.docx"))


def test_a_parameter_file_asks_for_the_word_paper_without_it_being_a_notebook_parameter(project):  # noqa: F811
    f = write(project / "p.yaml", "notebook: fixture_report\nformats: [html, docx]\nstart: 2025-04-01\n")
    job = prepare_job(None, f, out_dir=project / "out", notebooks_dir=FIXTURES)
    assert job.formats == ("html", "docx") and job.docx_template is None
    assert "formats" not in job.parameters
    bad = write(project / "bad.yaml", "notebook: fixture_report\nformats: [html, pdf]\n")
    with pytest.raises(ParameterError, match=r"bad.yaml: formats: 'pdf' is not a format"):
        prepare_job(None, bad, out_dir=project / "out", notebooks_dir=FIXTURES)


def test_batch_file_formats_for_every_report_and_one_report_s_own(project):  # noqa: F811
    write(project / "p.yaml", "notebook: fixture_report\n")
    b = write(project / "b.yaml", "title: Pack\nformats: [html, docx]\nreports:\n  - p.yaml\n"
                                  "  - file: p.yaml\n    name: html_only\n    formats: [html]\n")
    batch = load_batch_file(b)
    assert batch.shared == {}                     # formats is not a shared notebook parameter
    jobs = plan_batch(batch, project / "out", notebooks_dir=FIXTURES)
    assert [j.formats for j in jobs] == [("html", "docx"), ("html",)]
    jobs = plan_batch(batch, project / "out", notebooks_dir=FIXTURES, docx=True)
    assert [j.formats for j in jobs] == [("html", "docx"), ("html", "docx")]
    write(project / "bad.yaml", "formats: [word]\nreports:\n  - p.yaml\n")
    with pytest.raises(ParameterError, match=r"bad.yaml: formats: 'word' is not a format"):
        load_batch_file(project / "bad.yaml")


def test_cli_refuses_a_missing_template_before_anything_runs(project, capsys):  # noqa: F811
    f = write(project / "p.yaml", "notebook: fixture_report\n")
    code = main(["run", "-f", str(f), "--notebooks", str(FIXTURES), "--out", "out",
                 "--docx-template", "nope.docx"])
    assert code == 2
    assert "--docx-template: Word template nope.docx does not exist" in capsys.readouterr().err
    assert not (project / "out").exists()


def test_index_links_the_word_paper_when_there_is_one(tmp_path):
    with_docx = ReportResult(name="a", notebook="n", status="ok", duration=1, out_dir=str(tmp_path),
                             files={"html": "a.html", "docx": "a.docx"})
    without = ReportResult(name="b", notebook="n", status="ok", duration=1, out_dir=str(tmp_path),
                           files={"html": "b.html"})
    html = write_index(tmp_path, [with_docx, without], title="Pack", merge=False).read_text()
    assert '<a href="a.docx">Word</a>' in html
    assert 'href="b.docx"' not in html

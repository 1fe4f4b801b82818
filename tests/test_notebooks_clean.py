"""scripts/check_notebooks_clean.py: committed notebooks carry no outputs or execution counts."""
import importlib.util
import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_notebooks_clean",
                                              ROOT / "scripts" / "check_notebooks_clean.py")
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def notebook(path: Path, outputs: bool, count) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1\nx", execution_count=count)
    if outputs:
        cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                               execution_count=count)]
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), cell]
    nbformat.write(nb, path)
    return path


def test_the_committed_notebooks_are_clean(capsys):
    assert check.main([]) == 0, capsys.readouterr().err
    assert check.main([str(ROOT / "tests" / "fixtures" / "runner")]) == 0


def test_a_notebook_with_outputs_fails_and_says_where(tmp_path, capsys):
    notebook(tmp_path / "dirty.ipynb", outputs=True, count=3)
    assert check.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "dirty.ipynb: cell 2 has 1 output(s)" in err
    assert "dirty.ipynb: cell 2 has execution count 3" in err


def test_an_execution_count_alone_fails(tmp_path, capsys):
    notebook(tmp_path / "counted.ipynb", outputs=False, count=1)
    assert check.main([str(tmp_path / "counted.ipynb")]) == 1
    assert "cell 2 has execution count 1" in capsys.readouterr().err


def test_fix_clears_them(tmp_path, capsys):
    path = notebook(tmp_path / "dirty.ipynb", outputs=True, count=3)
    assert check.main(["--fix", str(tmp_path)]) == 0
    cell = json.loads(path.read_text())["cells"][1]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert check.main([str(tmp_path)]) == 0

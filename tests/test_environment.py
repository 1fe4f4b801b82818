"""environment.yml (conda-forge) and pyproject.toml must list the same dependencies."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge", "nodefaults"]
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted, f"only in environment.yml: {conda - wanted}; only in pyproject: {wanted - conda}"
    pip_part = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert pip_part and "-e ." in pip_part[0]["pip"], "environment.yml must pip-install the package"


def test_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    py = {_name(r): r.replace(" ", "")[len(_name(r)):] for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    for d in env["dependencies"]:
        if isinstance(d, str) and _name(d) in py:
            assert d.replace(" ", "")[len(_name(d)):] == py[_name(d)], d


def _floor(req: str) -> tuple[int, ...]:
    m = re.search(r">=\s*([\d.]+)", req)
    assert m, f"{req}: no >= floor"
    return tuple(int(x) for x in m.group(1).split("."))


def test_python_and_pandas_floors_are_those_tested():
    """pandas 3 is the floor the suite runs on (pandas 2.2 turns blanks into "nan"), and pandas 3
    needs Python 3.11: both files and the package's own check say so."""
    import iro_audit

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    pandas_req = next(r for r in project["dependencies"] if _name(r) == "pandas")
    assert _floor(pandas_req) == (3, 0) == iro_audit.PANDAS_FLOOR
    assert _floor(conda["pandas"]) == (3, 0)
    assert _floor(project["requires-python"]) == (3, 11) == _floor(conda["python"])
    assert "Python 3.11 or newer" in (ROOT / "README.md").read_text()


def test_older_pandas_stops_with_a_clear_message():
    import pytest

    import iro_audit

    with pytest.raises(ImportError, match=r"needs pandas 3\.0 or newer; this environment has pandas 2\.2\.3"):
        iro_audit._check_pandas("2.2.3")
    iro_audit._check_pandas("3.0.0rc1")   # the floor itself passes
    iro_audit._check_pandas("3.1.1")

"""Parameter files: reading them and checking them against a notebook before anything runs.

A parameter file is YAML naming the notebook and giving values for (some of) its parameters::

    notebook: s20_admissions
    data_dir: data/extract-2026-05          # relative paths: see below
    start: 2026-03-01
    end: 2026-04-30
    metric_params: parameters/metrics.yaml

The parameters may also sit under a `parameters:` mapping (both forms can be mixed; `title:` and
`description:` are free text for people). Two more keys say which papers to write rather than
what goes in them (`PAPER_KEYS`): `formats: [html, docx]` (the HTML page is always written; `docx`
adds a Word paper built from it, `runner/word.py`) and `docx_template: FILE.docx` (the Word
template whose styles the Word paper takes; a path read like the others). Every key must be a name assigned in the notebook's
cell tagged `parameters`; anything else is a `ParameterError`, so a typo never silently falls
back to a default.

Checks (each a `ParameterError` naming the file and the key; nothing runs):
- unknown key; `summary_path` (the runner sets it);
- `start`, `end`, `as_at` and every key ending in `_date`: an ISO date `YYYY-MM-DD` (or null);
  `end` not before `start`, `as_at` not before `start`;
- `data_dir` must be an existing folder; `metric_params` and `column_map` existing files.

Paths. A relative path given in a parameter file, a batch file or on the command line is read
from the CURRENT DIRECTORY (where `iro-audit` is run; normally the repository root, as in
`iro-audit run s20_admissions -f parameters/s20_admissions.yaml`) and reaches the notebook as an
absolute path, because the notebook itself runs with its own folder (`notebooks/`) as its
working directory. Path keys are `data_dir`, `metric_params`, `column_map`, any key ending in
`_dir`, `_path` or `_file`, any value ending in a file extension (.yaml .yml .csv .xlsx .xls
.json .txt) and any parameter whose notebook default starts with `../` or `./` (such as
`qc_form = "../parameters/qc_form.yaml"`). A notebook's own default is left alone (it is
relative to `notebooks/`, where the notebook runs).
"""
from __future__ import annotations

import ast
import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from ..errors import ParameterError

#: Keys of a parameter file (or batch file) saying which papers to write.
PAPER_KEYS = ("formats", "docx_template")
#: Keys of a parameter file that are about the file, not notebook parameters.
FILE_KEYS = ("notebook", "title", "description", "parameters") + PAPER_KEYS
#: The papers a report can be written as (HTML always; the Word paper is made from it).
FORMATS = ("html", "docx")
DATE_KEYS = ("start", "end", "as_at")
PATH_KEYS = ("data_dir", "metric_params", "column_map")
PATH_SUFFIXES = ("_dir", "_path", "_file")
#: Path keys that must name an existing folder / file when given.
MUST_BE_DIR = ("data_dir",)
MUST_BE_FILE = ("metric_params", "column_map")
#: Set by the runner, never by the user.
RUNNER_KEYS = ("summary_path",)

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad one (2026-02-30) gets our message."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str):
    return yaml.load(text, Loader=_Loader)


def is_date_key(key: str) -> bool:
    return key in DATE_KEYS or key.endswith("_date")


FILE_EXTENSIONS = (".yaml", ".yml", ".csv", ".xlsx", ".xls", ".json", ".txt")


def is_path_key(key: str, value=None, default=None) -> bool:
    """A path: a named key, a key ending in _dir/_path/_file, a value naming a file by its
    extension (`qc_form: parameters/qc_form.yaml`), or a notebook default that is a relative
    path (`"../parameters/qc_form.yaml"`)."""
    if key in PATH_KEYS or key.endswith(PATH_SUFFIXES):
        return True
    if isinstance(value, str) and value.lower().endswith(FILE_EXTENSIONS):
        return True
    return isinstance(default, str) and default.startswith(("../", "./"))


# --------------------------------------------------------------------------- notebooks

def notebook_parameters(notebook: str | Path) -> dict:
    """Names and default values of the notebook's `parameters` cell, in order.

    The cell holds literals only (docs/interfaces.md); a default that is not a literal is
    returned as its source text.
    """
    notebook = Path(notebook)
    try:
        nb = nbformat.read(notebook, as_version=4)
    except FileNotFoundError:
        raise ParameterError(f"notebook {notebook} does not exist") from None
    except Exception as e:  # unreadable JSON
        raise ParameterError(f"notebook {notebook} cannot be read: {e}") from None
    cells = [c for c in nb.cells
             if c.cell_type == "code" and "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ParameterError(f"notebook {notebook} has no cell tagged 'parameters'")
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as e:
        raise ParameterError(f"notebook {notebook}: the parameters cell is not valid Python: {e}") from None
    params: dict = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Name):
                try:
                    params[t.id] = ast.literal_eval(value)
                except ValueError:
                    params[t.id] = ast.get_source_segment(cells[0].source, value)
    return params


def notebook_title(notebook: str | Path) -> str | None:
    """The notebook's title: metadata `title`, else its first markdown `# heading`."""
    try:
        nb = nbformat.read(Path(notebook), as_version=4)
    except Exception:
        return None
    if nb.metadata.get("title"):
        return str(nb.metadata["title"])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip() or None
    return None


def find_notebook(name: str | Path, notebooks_dir: str | Path) -> Path:
    """NAME as given (`s20_admissions`, `s20_admissions.ipynb` or a path) -> the notebook file."""
    p = Path(name)
    candidates = []
    if p.suffix == ".ipynb" and (p.is_absolute() or p.parent != Path(".")):
        candidates.append(p)
    stem = p.name[:-len(".ipynb")] if p.name.endswith(".ipynb") else p.name
    candidates.append(Path(notebooks_dir) / f"{stem}.ipynb")
    for c in candidates:
        if c.is_file():
            return c.resolve()
    available = sorted(q.stem for q in Path(notebooks_dir).glob("*.ipynb")) if Path(notebooks_dir).is_dir() else []
    hint = f"; notebooks there: {', '.join(available)}" if available else ""
    raise ParameterError(f"no notebook '{name}' in {notebooks_dir}{hint}")


# --------------------------------------------------------------------------- files

def read_yaml(path: str | Path, what: str = "parameter file") -> dict:
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"{what} {path} does not exist")
    try:
        data = load_yaml_text(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise ParameterError(f"{path}{where}: not valid YAML ({problem})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: a {what} must be a YAML mapping of key: value")
    return data


@dataclass
class ParameterFile:
    path: Path | None
    notebook: str | None
    params: dict = field(default_factory=dict)
    title: str | None = None
    paper: dict = field(default_factory=dict)     # formats / docx_template as written


def check_formats(value, source: str) -> tuple:
    """`formats:` as given (a list such as [html, docx], or one name) -> the formats to write,
    HTML always first. Anything else is a ParameterError naming SOURCE and the value."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ParameterError(f"{source}: formats must be a list of formats, e.g. "
                             f"formats: [html, docx] (iro-audit writes {', '.join(FORMATS)})")
    out = ["html"]
    for item in items:
        name = item.strip().lower() if isinstance(item, str) else item
        if name not in FORMATS:
            raise ParameterError(f"{source}: formats: {item!r} is not a format iro-audit writes "
                                 f"({', '.join(FORMATS)})")
        if name not in out:
            out.append(name)
    return tuple(out)


def paper_options(layers: list[tuple[str, dict]], *, docx: bool = False,
                  docx_template: str | Path | None = None,
                  base_dir: str | Path | None = None) -> tuple[tuple, str | None]:
    """(formats, docx template) for one report from LAYERS of {formats, docx_template} (a
    parameter file, a batch's shared keys, its entry's; later wins), then the command line:
    DOCX adds the Word paper, DOCX_TEMPLATE (which implies DOCX) wins over any file's. The
    template is checked (it exists and opens as a Word document); relative paths are read
    from BASE_DIR (default: the current directory)."""
    from .word import check_template

    base = Path(base_dir) if base_dir is not None else Path.cwd()
    formats, template, t_source = ("html",), None, None
    for source, mapping in layers:
        mapping = mapping or {}
        if mapping.get("formats") is not None:
            formats = check_formats(mapping["formats"], source)
        if mapping.get("docx_template") is not None:
            template, t_source = mapping["docx_template"], source
            if not isinstance(template, str):
                raise ParameterError(f"{source}: docx_template must be the path of a .docx file, "
                                     f"not {template!r}")
    if docx_template is not None:
        template, t_source, docx = docx_template, "--docx-template", True
    if docx and "docx" not in formats:
        formats = formats + ("docx",)
    if template is None or "docx" not in formats:
        return formats, None
    p = Path(str(template)).expanduser()
    p = (p if p.is_absolute() else base / p).resolve()
    check_template(p, t_source, given=str(template))
    return formats, str(p)


def split_parameters(data: dict, source: str) -> tuple[dict, dict]:
    """(file keys, parameters) of a mapping that may hold a `parameters:` sub-mapping."""
    meta = {k: data[k] for k in FILE_KEYS if k in data and k != "parameters"}
    params = {k: v for k, v in data.items() if k not in FILE_KEYS}
    nested = data.get("parameters")
    if nested is not None:
        if not isinstance(nested, dict):
            raise ParameterError(f"{source}: 'parameters' must be a mapping of name: value")
        for k, v in nested.items():
            if k in params:
                raise ParameterError(f"{source}: '{k}' is given twice (top level and under parameters)")
            params[k] = v
    return meta, params


def load_parameter_file(path: str | Path) -> ParameterFile:
    data = read_yaml(path)
    meta, params = split_parameters(data, str(path))
    notebook = meta.get("notebook")
    if notebook is not None and not isinstance(notebook, str):
        raise ParameterError(f"{path}: 'notebook' must be a notebook name such as s20_admissions")
    paper = {k: meta[k] for k in PAPER_KEYS if k in meta}
    if paper.get("formats") is not None:
        check_formats(paper["formats"], str(path))
    return ParameterFile(Path(path), notebook, params, meta.get("title"), paper)


# --------------------------------------------------------------------------- checking

def _as_date(key, value, source) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        raise ParameterError(f"{source}: {key} {value} is a date and time; give a date YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ParameterError(f"{source}: {key} {value!r} is not a date; give an ISO date YYYY-MM-DD "
                         f"(e.g. 2026-03-31)")


def _jsonable(key, value, source):
    try:
        json.dumps(value)
    except TypeError:
        raise ParameterError(f"{source}: {key} {value!r} is not a plain value "
                             "(string, number, true/false, null, list or mapping)") from None
    return value


def check_parameters(notebook: str | Path, layers: list[tuple[str, dict]], *,
                     base_dir: str | Path | None = None, declared: dict | None = None) -> dict:
    """Check and normalise the parameters for NOTEBOOK.

    LAYERS is a list of (source label, mapping), later layers overriding earlier ones (e.g. the
    parameter file, then batch overrides, then `-p` options); the label names where a bad value
    came from in the error message. Returns the parameters to pass to papermill: only the keys
    given in some layer (the notebook's defaults stay in the notebook), dates as ISO strings,
    paths absolute. BASE_DIR (default: the current directory) anchors relative paths.
    """
    notebook = Path(notebook)
    declared = notebook_parameters(notebook) if declared is None else declared
    base = Path(base_dir) if base_dir is not None else Path.cwd()
    merged: dict = {}
    origin: dict = {}
    for source, mapping in layers:
        for key, value in (mapping or {}).items():
            if not isinstance(key, str):
                raise ParameterError(f"{source}: parameter name {key!r} is not a name")
            if key in RUNNER_KEYS:
                raise ParameterError(f"{source}: {key} is set by the runner; leave it out")
            if key not in declared:
                close = difflib.get_close_matches(key, list(declared), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ParameterError(
                    f"{source}: unknown parameter '{key}' (not in the parameters cell of "
                    f"{notebook.name}: {', '.join(k for k in declared if k not in RUNNER_KEYS)}){hint}")
            merged[key] = value
            origin[key] = source

    out: dict = {}
    for key, value in merged.items():
        src = origin[key]
        if is_date_key(key):
            out[key] = _as_date(key, value, src)
        elif value is not None and is_path_key(key, value, declared.get(key)):
            if not isinstance(value, (str, Path)):
                raise ParameterError(f"{src}: {key} must be a path, not {value!r}")
            p = Path(str(value)).expanduser()
            p = (p if p.is_absolute() else base / p).resolve()
            if key in MUST_BE_DIR and not p.is_dir():
                what = "is a file, not a folder" if p.exists() else "does not exist"
                hint = ("; point it at the data extract (-p data_dir PATH) or make the synthetic "
                        "one with `iro-audit demo`" if key == "data_dir" else "")
                raise ParameterError(f"{src}: {key} {value} {what} (looked for {p}; relative "
                                     f"paths are read from the current directory, {base}){hint}")
            if key in MUST_BE_FILE and not p.is_file():
                raise ParameterError(f"{src}: {key} {value} does not exist (looked for {p}; "
                                     f"relative paths are read from the current directory, {base})")
            out[key] = str(p)
        else:
            out[key] = _jsonable(key, value, src)

    # Window order, using the notebook's defaults for what was not given.
    def effective(k):
        if k in out:
            return out[k], origin[k]
        d = declared.get(k)
        return (d if isinstance(d, str) and _ISO.match(d) else None), f"{notebook.name} (default)"

    (start, s_src), (end, e_src), (as_at, a_src) = effective("start"), effective("end"), effective("as_at")
    if start and end and end < start:
        src = e_src if "end" in out else s_src
        raise ParameterError(f"{src}: end {end} is before start {start}")
    if start and as_at and as_at < start:
        src = a_src if "as_at" in out else s_src
        raise ParameterError(f"{src}: as_at {as_at} is before start {start}")
    return out


def parse_cli_value(text: str):
    """A `-p key value` value, read as YAML: `true` -> True, `30` -> 30, `null` -> None (dates stay text)."""
    try:
        return load_yaml_text(text)
    except Exception:
        return text

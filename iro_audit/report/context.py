"""`open_report`: load the data for a report, set the house style, and say what the report covers.

The `ReportContext` it returns carries the dataset, window and parameters every section
builder needs, caches metric rows and summaries, and records the figures the report shows so
`save_summary` can write them as JSON (keys exactly as `metrics.md` names them).
"""
from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
from pathlib import Path

import pandas as pd

from .. import __version__
from ..atomic import write_text_atomic
from ..banner import synthetic_banner_html
from ..errors import ParameterError
from ..params import DEFAULTS, load_params
from ..window import Window
from . import style
from .blocks import Block, details, esc, note
from .data_folder import default_data_dir
from .format import fmt_count, fmt_date, table, words_date

DEMO_DATA_DIR = "../outputs/demo/data"

REPORT_TITLES = {
    "s20_admissions": "Section 20 admissions check",
    "placed_with_parents": "Children placed with parents",
    "qc_forms": "Quality and Compliance forms",
    "escalations": "IRO escalations and challenge",
    "voice_of_the_child": "The voice of the child in reviews",
    "quarterly_performance": "IRO service quarterly performance",
    "qa_dashboard": "IRO quality and assurance dashboard",
    "annual_report": "IRO annual report data pack",
    "cp_conferences": "Child protection plans and conferences",
    "dip_sample": "Dip sample",
    "dip_sample_findings": "Dip sample findings",
}

PREVIOUS_WORDS = {3: "the previous quarter", 12: "the previous year", 1: "the previous month"}


def _is_demo_path(path: Path) -> bool:
    parts = path.resolve().parts
    return len(parts) >= 3 and parts[-3:] == ("outputs", "demo", "data")


def ensure_demo_data(data_dir) -> bool:
    """Make the synthetic demo authority in DATA_DIR if it is the demo folder and missing.
    Returns whether it was made."""
    p = Path(data_dir)
    if p.exists() and any(p.iterdir()):
        return False
    if not _is_demo_path(p):
        return False
    from .. import synth  # the synthetic authority (a layer below report in practice: data only)

    p.mkdir(parents=True, exist_ok=True)
    synth.generate(str(p))
    return True


def months_in(window: Window) -> int:
    return (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1


class ReportContext:
    """Everything a section builder needs; see `open_report`."""

    def __init__(self, name, ds, window, params, suppress=False, data_dir="", summary_path=None,
                 metric_params=None, column_map=None, strict=False, made_demo=False):
        self.name = name
        self.title = REPORT_TITLES.get(name, name.replace("_", " ").capitalize())
        self.ds = ds
        self.window = window
        self.params = params
        self.suppress = bool(suppress)
        self.data_dir = str(data_dir)
        self.summary_path = summary_path
        self.metric_params = metric_params
        self.column_map = column_map
        self.strict = strict
        self.made_demo = made_demo
        self.extract_date_source = None   # where extract_date came from (open_report sets it)
        self._synthetic = None            # set for a context without data (dip-sample findings)
        self.run_by = _user()
        self.run_at = _dt.datetime.now(_dt.timezone.utc)
        self.figures: dict = {}
        self._cache: dict = {}
        from ..suppression import Disclosure

        # what this paper has printed, so no table undoes another's suppression
        self.paper = Disclosure(on=self.suppress)

    @property
    def synthetic(self) -> bool:
        """Whether the report is made from synthetic data (the data say so: `ds.synthetic`)."""
        if self._synthetic is not None:
            return bool(self._synthetic)
        return bool(getattr(self.ds, "synthetic", False))

    @synthetic.setter
    def synthetic(self, value: bool) -> None:
        self._synthetic = bool(value)

    # -- windows ----------------------------------------------------------------------------
    @property
    def previous(self) -> Window:
        """The period of the same length just before this one (as at its own end)."""
        return self.window.previous()

    def period_label(self, window: Window | None = None) -> str:
        """A short column heading for a window: "2025/26" for an April-March year,
        "Jan to Mar 2026" for whole months, else "1 Jan 2026 to 15 Feb 2026"."""
        w = window or self.window
        whole = w.start.day == 1 and (w.end + pd.Timedelta(days=1)).day == 1
        if whole and w.start.month == 4 and months_in(w) == 12:
            return f"{w.start:%Y}/{w.end:%y}"
        if whole:
            if w.start.year == w.end.year:
                return (f"{w.start:%b %Y}" if w.start.month == w.end.month
                        else f"{w.start:%b} to {w.end:%b %Y}")
            return f"{w.start:%b %Y} to {w.end:%b %Y}"
        return w.label()

    def key(self, base: str, window: Window | None = None) -> str:
        """The paper's key of figure BASE (a metrics.md dotted key) for the report's window or
        WINDOW, e.g. "escalations.formal@2025/26" (`suppression.Disclosure`)."""
        from ..suppression import figure_key

        return figure_key(base, self.period_label(window))

    def previous_words(self) -> str:
        """"the previous quarter" / "year" / "month" for a window of 3 / 12 / 1 whole months."""
        return PREVIOUS_WORDS.get(self.window.whole_months(), "the previous period")

    def wider(self, months: int = 24) -> Window:
        """A window of MONTHS whole months ending at this window's end (for monthly SPC series),
        starting no earlier than this window's start when that is earlier."""
        end = self.window.end
        start = (end.to_period("M") - (months - 1)).to_timestamp()
        start = min(start, self.window.start)
        return Window(start, end, self.window.as_at)

    # -- metrics ------------------------------------------------------------------------------
    def rows(self, module: str, func: str, window: Window | None = None) -> pd.DataFrame:
        """Rows from `iro_audit.metrics.<MODULE>.<FUNC>(ds, window, params)` (cached)."""
        import importlib

        w = window or self.window
        key = ("rows", module, func, w)
        if key not in self._cache:
            mod = importlib.import_module(f"iro_audit.metrics.{module}")
            self._cache[key] = getattr(mod, func)(self.ds, w, self.params)
        return self._cache[key]

    def has_rows(self, module: str, func: str) -> bool:
        import importlib

        try:
            mod = importlib.import_module(f"iro_audit.metrics.{module}")
        except ModuleNotFoundError:
            return False
        return hasattr(mod, func)

    def group(self, name: str, window: Window | None = None, record: bool = True):
        """Summary of metric group NAME (as `metrics.md` keys it) for the report's window, or
        for WINDOW. The report's own figures are recorded for the JSON summary."""
        w = window or self.window
        key = ("group", name, w)
        if key not in self._cache:
            from .. import metrics

            groups = getattr(metrics, "GROUPS", None)
            if groups is not None and name in groups:
                self._cache[key] = groups[name](self.ds, w, self.params)
            else:
                self._cache[key] = self.all_metrics(w).get(name)
        value = self._cache[key]
        if record and window is None:
            self.record(name, value)
        return value

    def all_metrics(self, window: Window | None = None) -> dict:
        """`metrics.compute_all` for the report's window or WINDOW (cached)."""
        w = window or self.window
        key = ("all", w)
        if key not in self._cache:
            from .. import metrics

            self._cache[key] = metrics.compute_all(self.ds, w, self.params)
        return self._cache[key]

    # -- the JSON summary ---------------------------------------------------------------------
    def record(self, group: str, value) -> None:
        """Keep VALUE as the report's figure for metrics.md group GROUP."""
        self.figures[group] = value

    def save_summary(self, path=None) -> Block:
        """Write the recorded figures as JSON to PATH (default: the summary_path parameter),
        with `"synthetic": true` when the data are synthetic (under a temporary name, then
        renamed: a reader never sees half a file); returns a one-line note for the report
        (empty when no path was given)."""
        path = path or self.summary_path
        if not path:
            return Block()
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        figures = dict(self.figures, synthetic=True) if self.synthetic else self.figures
        write_text_atomic(p, json.dumps(figures, indent=2, default=_json_default))
        return Block(f'<p style="color:#555;font-size:0.9em;">The figures in this report were '
                     f'also saved as JSON: {esc(p.name)}.</p>', data={"path": str(p)})

    # -- display ------------------------------------------------------------------------------
    def provenance(self) -> Block:
        return provenance_block(self)

    def _repr_html_(self) -> str:
        return self.provenance()._repr_html_()

    def __repr__(self) -> str:
        return f"<{self.title}: {self.window.label()}, data {self.data_dir}>"


def _json_default(o):
    if isinstance(o, (pd.Timestamp, _dt.date)):
        return o.isoformat()[:10]
    if hasattr(o, "item"):
        return o.item()
    return str(o)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def _resolve(path):
    """A parameter path as given, or relative to the project root when run from notebooks/."""
    if path is None:
        return None
    p = Path(path)
    if p.exists() or p.is_absolute():
        return p
    alt = Path("..") / p
    return alt if alt.exists() else p


def open_report(name: str, data_dir: str | None = None, start: str = "2025-04-01",
                end: str = "2026-03-31", as_at=None, suppress: bool = False,
                metric_params=None, column_map=None, strict: bool = False,
                summary_path=None, extract_date=None) -> ReportContext:
    """Load DATA_DIR for report NAME over START..END (as at AS_AT, default END).

    EXTRACT_DATE (the day the data were extracted; wins over the metric parameter file's,
    which wins over the data folder's extract.yaml): a deadline after it with nothing recorded
    yet is "not yet due", not late.

    DATA_DIR None: the session's folder (`iro-audit lab --data`), else the demo authority
    (`data_folder.default_data_dir`). When DATA_DIR is the demo folder and missing, the synthetic
    demo authority is made there first. Display the returned context to show the opening
    provenance block.
    """
    style.apply_style()
    window = Window.of(start, end, as_at)
    data_dir = default_data_dir(data_dir)
    made = ensure_demo_data(data_dir)
    d = Path(data_dir)
    if not d.exists():
        alt = _resolve(data_dir)
        if alt is None or not alt.exists():
            raise ParameterError(f"data folder not found: {data_dir} (looked in {Path.cwd()})")
        d = alt
    mp = _resolve(metric_params)
    cm = _resolve(column_map)
    params = load_params(mp)
    from ..params import parse_extract_date, with_extract_date

    if extract_date is not None:
        params["extract_date"] = parse_extract_date(extract_date, where="report parameter extract_date")
        source = "the report's extract_date parameter"
    else:
        source = f"metric parameters {mp}" if mp is not None else None
    from ..load import build_dataset
    from ..load.extract import EXTRACT_FILE

    ds = build_dataset(d, params, strict=strict, column_map=cm)
    if params.get("extract_date") is None and ds.extract.extract_date is not None:
        source = f"the data folder's {EXTRACT_FILE}"
    params = with_extract_date(params, ds)    # a parameter wins over extract.yaml
    ctx = ReportContext(name, ds, window, params, suppress, d.resolve(), summary_path,
                        str(mp) if mp is not None else None, str(cm) if cm is not None else None,
                        strict, made)
    ctx.extract_date_source = source if params.get("extract_date") is not None else None
    return ctx


def provenance_block(ctx: ReportContext) -> Block:
    """What the report covers, from which data, run by whom and when, with which version."""
    w = ctx.window
    ds = ctx.ds
    changed = {k: v for k, v in ctx.params.items() if DEFAULTS.get(k) != v}
    src = getattr(ctx, "extract_date_source", None)
    words = ", ".join(f"{k} = {v}" + (f" (from {src})" if k == "extract_date" and src else "")
                      for k, v in changed.items())
    if ctx.metric_params:
        mp = f"{ctx.metric_params}" + (f" (changed from the defaults: {words})" if changed
                                       else " (all at their defaults)")
    elif changed:
        mp = f"defaults from metrics.md, except {words}"
    else:
        mp = "defaults from metrics.md"
    empty = list(getattr(ds, "empty_tables", ()) or ())
    present = [t for t in ds.tables if ds.has(t) and t not in empty]
    from ..contract import TABLES

    absent = [t for t in TABLES if not ds.has(t) and t not in empty]
    from .quality import DQ_TOTAL, all_problems

    probs = all_problems(ds)
    n_prob = len(probs) if probs is not None else 0
    facts = [
        ("Report", ctx.title),
        ("Period covered", f"{fmt_date(w.start, long=True)} to {fmt_date(w.end, long=True)} "
                           "(both days included)"),
        ("Position as at", words_date(w.as_at)),
        ("Compared with", f"{ctx.previous_words()}: {fmt_date(ctx.previous.start, long=True)} to "
                          f"{fmt_date(ctx.previous.end, long=True)}"),
        ("Data folder", str(ctx.data_dir) + (" (synthetic demo authority, made for this run)"
                                             if ctx.made_demo else "")),
        ("Data fingerprint", ds.fingerprint()),
        ("Data extract", extract_words(ds)),
        ("Run by", ctx.run_by),
        ("Run on", f"{ctx.run_at.day} {ctx.run_at:%B %Y at %H:%M} UTC"),
        ("iro-audit version", __version__),
        ("Metric parameters", mp),
        ("Small numbers", "suppressed: counts from 1 to 5, and percentages of them, show as c, "
                          "with a second figure wherever a total in the paper would give one "
                          "away, and no interval, change, p-value or RAG beside a c; "
                          "child-level lists are withheld" if ctx.suppress else
                          "shown in full (internal paper: not for publication)"),
        ("Strict data checks", "on" if ctx.strict else "off (unusable rows are set aside and listed "
                                                       "at the end)"),
        ("Tables supplied", ", ".join(present) or "none"),
        ("Tables not supplied", (", ".join(absent) + ": sections needing them are left out")
         if absent else "none"),
        *([("Tables supplied but empty", ", ".join(empty) + ": the file(s) held no usable rows, "
            "so figures needing them are left out or read 0 because of the file, not because "
            "nothing happened")] if empty else []),
        ("Data-quality findings", f"{fmt_count(n_prob, ctx.paper, DQ_TOTAL)} (listed in the last section)"),
    ]
    if ctx.synthetic:
        facts.insert(0, ("Synthetic data", "yes: no real children (the data say so: "
                                           + synthetic_reason(ds) + ")"))
    facts_df = pd.DataFrame(facts, columns=["Item", "Detail"])
    parts = [table(facts_df, header=False, nowrap=["Item"]).set_properties(
        subset=["Item"], **{"font-weight": "bold"})]
    files = pd.DataFrame([{"FILE": _rel(f.path, ctx.data_dir), "TABLE": f.table or "not used",
                           "ROWS": int(f.rows), "SHA": f.sha256[:16]} for f in ds.files],
                         columns=["FILE", "TABLE", "ROWS", "SHA"])
    if len(files):
        files["ROWS"] = files["ROWS"].astype("int64")
    parts.append(details(
        f"Data files read: {len(files)} (open for each file's rows and SHA-256 fingerprint)",
        table(files, labels={"FILE": "File", "TABLE": "Table", "ROWS": "Rows",
                             "SHA": "Fingerprint (SHA-256, first 16 characters)"},
              # a file of 1 to 5 rows can be 1 to 5 children (e.g. a year's adoptions)
              suppress=ctx.suppress, counts=["ROWS"], total_row=False, codes=False)))
    from .quality import empty_tables_words

    if empty:
        parts.insert(0, note(empty_tables_words(ds)))
    if ctx.made_demo:
        parts.append(note("No data folder was found, so a synthetic demo authority was made. "
                          "None of these children is real."))
    tail = parts[1:]                     # after the facts table (dip samples reuse these)
    if ctx.synthetic:
        parts.insert(0, synthetic_banner_html())
    return Block(*parts, data={"facts": dict(facts), "files": files, "tail": tail,
                               "synthetic": ctx.synthetic})


def extract_words(ds) -> str:
    """The data folder's extract.yaml in words, for the provenance block."""
    from ..load.extract import EXTRACT_FILE

    ex = getattr(ds, "extract", None)
    if ex is None or ex.file is None:
        return f"no {EXTRACT_FILE} in the data folder"
    bits = [f"extracted {fmt_date(ex.extract_date, long=True)}" if ex.extract_date
            else "extract date not given"]
    bits += [v for v in (ex.authority,) if v]
    bits += [f"from {ex.source}" for _ in (1,) if ex.source]
    text = f"{EXTRACT_FILE}: " + "; ".join(bits)
    return text + (f". Notes: {ex.notes}" if ex.notes else "")


def synthetic_reason(ds) -> str:
    from ..load.extract import EXTRACT_FILE

    ex = ds.extract
    why = []
    if (ex.source or "").strip().lower() == "synthetic":
        why.append(f"{EXTRACT_FILE} says source: synthetic")
    if ex.marked_files:
        why.append(f"{len(ex.marked_files)} file(s) carry the synthetic marker column")
    return "; ".join(why) or "marked synthetic"


def _rel(path, base) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(base).resolve()))
    except ValueError:
        return str(path)

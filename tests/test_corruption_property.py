"""Property test: random corruptions of the synthetic authority never make the toolkit raise,
and every row they change is either read as written or named in the data-quality table.

A 40-child, two-year synthetic authority is written once. Each round copies it, corrupts a few
cells or rows of its CSV files with seeded numpy randomness (one kind of corruption per round:
unreadable dates, implausible years, bad codes, changed or blank keys, blank cells, blank end
dates, dropped rows, duplicated rows, two columns' values swapped, columns reordered), then
loads it and computes every figure over a year (and, in the first round of each kind, over a
quarter, and the report sections of the quarterly, annual and s20 notebooks). Each corrupted
cell's row must hold the value as written (parsed by the contract: a code upper-cased ...) or
the data-quality table (`report.quality.all_problems`) must name its file and row; a value
that cannot be used as written (an unreadable date, a code outside its list), a duplicated row
and an implausible year must always be named.

Corruptions go into the latest return of each table (an earlier return's row may rightly be
replaced by the later return's copy of it, which is stitching, not a problem).
"""
from __future__ import annotations

import csv
import datetime as dt
import shutil
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iro_audit import contract
from iro_audit.load import load_dataset
from iro_audit.metrics import compute_all
from iro_audit.params import load_params
from iro_audit.report.context import ReportContext
from iro_audit.report.quality import all_problems
from iro_audit.synth import generate
from iro_audit.window import Window

sys.path.insert(0, str(Path(__file__).parent))
from _reportkit import run_report_code  # noqa: E402

ROUNDS = 3  # per kind: 10 kinds, 30 rounds
YEAR = Window.of("2025-04-01", "2026-03-31")
QUARTER = Window.of("2026-01-01", "2026-03-31")
REPORTS = ("quarterly_performance", "annual_report", "s20_admissions")
END_DATES = {("episodes", "DEC"), ("sw_episodes", "SW_DEC")}  # an open spell is closed at the next start

BAD_DATES = ("31/02/2025", "2025-13-01", "12/31/2025", "yesterday", "99/99/9999")
IMPLAUSIBLE_YEARS = (204, 1066, 1899, 2042)
BAD_CODES = ("ZZ", "X9", "??", "N/A")


@dataclass
class Change:
    file: str
    row: int  # spreadsheet row (header = 1)
    table: str
    column: str | None  # None: the whole row (a duplicate)
    written: str | None
    must_report: bool = False


# -- the files --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth40")
    generate(out, children=40, years=2, seed=3)
    return out


def _table_of(name: str) -> str:
    stem = name[:-4]
    return stem[:-5] if stem[-5:-4] == "_" and stem[-4:].isdigit() else stem


def _latest_files(folder: Path) -> dict[str, str]:
    """table -> its latest CSV file (the file a corruption goes into)."""
    out: dict[str, str] = {}
    for p in sorted(folder.glob("*.csv")):
        t = _table_of(p.name)
        if t in contract.TABLES:
            out[t] = p.name  # sorted: the later year wins
    return out


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


# -- corruptions ------------------------------------------------------------------------------

def _cells(files, data, rng, want):
    """A random (file, data row index, column index) whose column passes WANT(table, column)
    and whose cell is not blank; None when there is none."""
    options = []
    for table, name in files.items():
        rows = data[name]
        if len(rows) < 2:
            continue
        for j, col in enumerate(rows[0]):
            if col in contract.TABLES[table].column_names and want(table, contract.TABLES[table].column(col)):
                options.append((name, table, j))
    if not options:
        return None
    for _ in range(50):
        name, table, j = options[rng.integers(len(options))]
        i = int(rng.integers(1, len(data[name])))
        if data[name][i][j].strip():
            return name, table, i, j
    return None


def _set(data, changes, name, table, i, j, value, must_report=False):
    data[name][i][j] = value
    changes.append(Change(name, i + 1, table, data[name][0][j], value, must_report))


def corrupt(kind: str, files: dict, data: dict, rng) -> list[Change]:
    changes: list[Change] = []
    for _ in range(int(rng.integers(1, 4))):
        if kind == "bad_date":
            c = _cells(files, data, rng, lambda t, col: col.kind == "date")
            if c:
                _set(data, changes, *c, BAD_DATES[rng.integers(len(BAD_DATES))])
        elif kind == "implausible_year":
            c = _cells(files, data, rng, lambda t, col: col.kind == "date")
            if c:
                name, table, i, j = c
                day = pd.Timestamp(_parse_date(data[name][i][j]))
                y = IMPLAUSIBLE_YEARS[rng.integers(len(IMPLAUSIBLE_YEARS))]
                _set(data, changes, *c, f"{day.day:02d}/{day.month:02d}/{y:04d}", must_report=True)
        elif kind == "bad_code":
            c = _cells(files, data, rng, lambda t, col: col.kind in ("code", "yn", "flag"))
            if c:
                name, table, i, j = c
                v = data[name][i][j]
                choice = BAD_CODES[rng.integers(len(BAD_CODES))] if rng.random() < 0.7 else f" {v.lower()} "
                _set(data, changes, *c, choice)
        elif kind == "bad_key":
            c = _cells(files, data, rng, lambda t, col: col.kind == "id" and col.name in contract.TABLES[t].key)
            if c:
                name, table, i, j = c
                other = data[name][int(rng.integers(1, len(data[name])))][j]
                choice = ("", other, f"X{rng.integers(10 ** 6)}", f" {data[name][i][j]} ")[rng.integers(4)]
                _set(data, changes, *c, choice)
        elif kind == "blank_cell":
            c = _cells(files, data, rng, lambda t, col: (t, col.name) not in END_DATES)
            if c:
                _set(data, changes, *c, "")
        elif kind == "blank_end_date":
            c = _cells(files, data, rng, lambda t, col: (t, col.name) in END_DATES)
            if c:
                _set(data, changes, *c, "")
        elif kind == "drop_row":
            name = list(files.values())[rng.integers(len(files))]
            if len(data[name]) > 1:
                del data[name][int(rng.integers(1, len(data[name])))]
        elif kind == "duplicate_row":
            table, name = list(files.items())[rng.integers(len(files))]
            if len(data[name]) > 1:
                data[name].append(list(data[name][int(rng.integers(1, len(data[name])))]))
                changes.append(Change(name, len(data[name]), table, None, None, must_report=True))
        elif kind == "swap_columns":
            table, name = list(files.items())[rng.integers(len(files))]
            rows = data[name]
            cols = [j for j, c in enumerate(rows[0]) if c in contract.TABLES[table].column_names
                    and (table, c) not in END_DATES]
            if len(rows) < 2 or len(cols) < 2:
                continue
            a, b = rng.choice(cols, size=2, replace=False)
            for i in range(1, len(rows)):
                va, vb = rows[i][a], rows[i][b]
                if va != vb:
                    _set(data, changes, name, table, i, a, vb)
                    _set(data, changes, name, table, i, b, va)
        elif kind == "reorder_columns":
            # the same columns in another order: nothing may change (tables go by column name)
            table, name = list(files.items())[rng.integers(len(files))]
            rows = data[name]
            perm = rng.permutation(len(rows[0]))
            data[name] = rows = [[r[j] for j in perm] for r in rows]
            for _ in range(min(5, len(rows) - 1)):
                i = int(rng.integers(1, len(rows)))
                for j, col in enumerate(rows[0]):
                    if col in contract.TABLES[table].column_names:
                        changes.append(Change(name, i + 1, table, col, rows[i][j]))
        else:
            raise ValueError(kind)
    return changes


# -- what a written value should load as -------------------------------------------------------

def _parse_date(text: str):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            pass
    return None


def intended(table: str, column: str, written: str):
    """The value a cell written as WRITTEN should load as by the contract (None: blank or
    unusable, so the row must be named in the data-quality table unless it loads blank)."""
    col = contract.TABLES[table].column(column)
    t = written.strip()
    if not t:
        return None
    if col.kind == "date":
        d = _parse_date(t)
        return pd.Timestamp(d) if d is not None else None
    if col.kind in ("int", "float", "flag"):
        try:
            x = float(t)
        except ValueError:
            return None
        if col.kind == "flag":
            return x if x in (0.0, 1.0) else None
        if col.range and not (col.range[0] <= x <= col.range[1]):
            return None
        return x
    if col.kind == "code":
        u = t.upper()
        allowed = col.codes.codes if col.codes is not None else contract.DEFAULT_ESCALATION_REASONS
        return u if u in allowed else None
    if col.kind == "yn":
        return t.upper() if t.upper() in ("Y", "N") else None
    return t


def _same(loaded, want) -> bool:
    if want is None:
        return loaded is None or (not isinstance(loaded, str) and pd.isna(loaded))
    if loaded is None or (not isinstance(loaded, str) and pd.isna(loaded)):
        return False
    if isinstance(want, pd.Timestamp):
        return pd.Timestamp(loaded) == want
    if isinstance(want, float):
        return float(loaded) == want
    return str(loaded) == want


def unreported(ds, changes: list[Change]) -> list[str]:
    """The changes neither loaded as written nor named (file and row) in the data-quality table.
    A value that cannot be used as written (an unreadable date, a code outside its list) must
    be named even though its cell loads blank: a silent blank is what this test is against."""
    probs = all_problems(ds)
    named = set(zip(probs["file"], pd.array(probs["row"], dtype="Int64").fillna(-1).astype(int)))
    out = []
    for ch in changes:
        if (ch.file, ch.row) in named:
            continue
        want = intended(ch.table, ch.column, ch.written) if ch.column else None
        if ch.must_report or (want is None and (ch.written or "").strip()):
            # a duplicate, an implausible year, or a value that cannot be used as written
            out.append(f"{ch.file} row {ch.row} {ch.column or '(whole row)'} = {ch.written!r}: not named")
            continue
        df = ds.get(ch.table)
        hit = df[(df["_file"] == ch.file) & (df["_row"] == ch.row)] if df is not None else []
        if len(hit) == 0:
            out.append(f"{ch.file} row {ch.row}: not loaded and not named")
            continue
        got = hit[ch.column].iloc[0]
        if not _same(got, want):
            out.append(f"{ch.file} row {ch.row} {ch.column} written {ch.written!r}: loaded {got!r}, "
                       f"expected {want!r}, and not named")
    return out


# -- rounds -------------------------------------------------------------------------------------

KINDS = ("bad_date", "implausible_year", "bad_code", "bad_key", "blank_cell", "blank_end_date",
         "drop_row", "duplicate_row", "swap_columns", "reorder_columns")
# kinds whose "named in the data-quality table" depends on a fix another branch is making
# (none now: an implausible year in any date column of any table is rule implausible_date, and
# a blank DEC or SW_DEC before the child's next start is rule closed_at_next_start, repaired)
PENDING: dict[str, str] = {}


@dataclass
class Round:
    kind: str
    seed: int
    changes: list
    ds: object = None
    crash: str | None = None


_RUNS: dict[str, list[Round]] = {}


@pytest.fixture
def no_png(monkeypatch):
    """Charts are drawn but not rasterised (speed; the data never reach the PNG step)."""
    from iro_audit.report import charts

    def render(fig, title, alt=None, data=None):
        charts.plt.close(fig)
        return charts.Chart(b"", title, alt or title, data)

    monkeypatch.setattr(charts, "render", render)


def rounds(kind: str, clean: Path, tmp: Path) -> list[Round]:
    if kind in _RUNS:
        return _RUNS[kind]
    out = []
    params = load_params()
    for k in range(ROUNDS):
        seed = 1000 * (KINDS.index(kind) + 1) + k
        rng = np.random.default_rng(seed)
        folder = tmp / f"{kind}_{k}"
        shutil.copytree(clean, folder)
        files = _latest_files(folder)
        data = {name: _read(folder / name) for name in files.values()}
        changes = corrupt(kind, files, data, rng)
        for name, rows in data.items():
            _write(folder / name, rows)
        r = Round(kind, seed, changes)
        step = "load_dataset"
        try:
            r.ds = load_dataset(folder)
            for w in (YEAR, QUARTER) if k == 0 else (YEAR,):
                step = f"compute_all {w.start.date()}..{w.end.date()}"
                compute_all(r.ds, w, params)
            if k == 0:
                for name in REPORTS:
                    step = f"report {name}"
                    ctx = ReportContext(name, r.ds, YEAR, dict(params), summary_path=str(folder / "s.json"))
                    run_report_code(name, ctx=ctx)
        except Exception as e:
            r.crash = f"{step}: {_where(e)}"
        out.append(r)
    _RUNS[kind] = out
    return out


def _where(e: BaseException) -> str:
    """The exception and the toolkit's own frames of its traceback (where to look)."""
    frames = [f for f in traceback.extract_tb(e.__traceback__) if "iro_audit" in f.filename
              or f.filename.endswith(".ipynb]") or ".ipynb[" in f.filename]
    lines = [f"  {f.filename.split('iro_audit/')[-1]}:{f.lineno} in {f.name}: {f.line}" for f in frames[-6:]]
    return f"{type(e).__name__}: {e}\n" + "\n".join(lines)


def _describe(r: Round) -> str:
    shown = "; ".join(f"{c.file}:{c.row}:{c.column}={c.written!r}" for c in r.changes[:8])
    return f"{r.kind} seed {r.seed} ({len(r.changes)} changes: {shown})"


# kinds that make the toolkit raise until another branch is merged (none now: the loader sets
# aside or clears a date outside 1900..the extract date, so no year 0204 reaches a metric)
CRASHES: dict[str, str] = {}


@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.xfail(reason=CRASHES[k], strict=False))
                                  if k in CRASHES else k for k in KINDS])
def test_corruption_never_makes_the_toolkit_raise(kind, clean, tmp_path_factory, no_png):
    for r in rounds(kind, clean, tmp_path_factory.mktemp(kind)):
        assert r.crash is None, f"{_describe(r)}\n{r.crash}"


@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.xfail(reason=PENDING[k], strict=False))
                                  if k in PENDING else k for k in KINDS])
def test_every_changed_row_is_loaded_as_written_or_named(kind, clean, tmp_path_factory, no_png):
    for r in rounds(kind, clean, tmp_path_factory.mktemp(kind)):
        if r.ds is None:
            pytest.skip(f"{_describe(r)} raised (see the test above)")
        assert r.changes or kind == "drop_row", f"{_describe(r)}: nothing was corrupted"
        missed = unreported(r.ds, r.changes)
        assert not missed, _describe(r) + "\n" + "\n".join(missed)


def test_intended_values_follow_the_contract():
    # the oracle itself, on cells whose loaded value is known from the contract
    assert intended("episodes", "DECOM", "01/02/2024") == pd.Timestamp("2024-02-01")
    assert intended("episodes", "DECOM", "2024-02-01") == pd.Timestamp("2024-02-01")
    assert intended("episodes", "DECOM", "31/02/2025") is None
    assert intended("episodes", "LS", " c2 ") == "C2"
    assert intended("episodes", "LS", "ZZ") is None
    assert intended("oc2", "SDQ_SCORE", "41") is None and intended("oc2", "SDQ_SCORE", "40") == 40.0
    assert intended("escalations", "REASON", "drift_delay") == "DRIFT_DELAY"
    assert intended("header", "CHILD", " 0012 ") == "0012"
    assert intended("header", "CHILD", "  ") is None


def test_the_check_catches_what_it_is_for(clean):
    # the oracle on the clean authority: an open episode's blank DEC said to have been written
    # "yesterday" (a silently cleared value), a loaded row said to differ, and a duplicate that
    # no data-quality row names are all caught; the row as written passes
    ds = load_dataset(clean)
    ep = ds["episodes"]
    latest = sorted(ep["_file"].unique())[-1]
    open_ep = ep[(ep["_file"] == latest) & ep["DEC"].isna()].iloc[0]
    row, child = int(open_ep["_row"]), open_ep["CHILD"]
    assert unreported(ds, [Change(latest, row, "episodes", "DEC", "")]) == []
    assert unreported(ds, [Change(latest, row, "episodes", "CHILD", f" {child} ")]) == []
    assert len(unreported(ds, [Change(latest, row, "episodes", "DEC", "yesterday")])) == 1
    assert len(unreported(ds, [Change(latest, row, "episodes", "CHILD", "SOMEONE_ELSE")])) == 1
    assert len(unreported(ds, [Change(latest, 10 ** 6, "episodes", None, None, must_report=True)])) == 1

"""Run folders: one run per folder unless asked (`--overwrite`), unique default names, and a
lock round the folder's index.

- `claim_run_dir(run_dir, overwrite)`: a folder that already holds anything is refused (a
  second run would overwrite the first one's reports) unless OVERWRITE. The claim is atomic: a
  hidden marker file `.iro-audit-run` is created with O_EXCL, so of two runs started at once
  into one empty folder exactly one goes ahead.
- `new_run_dir(out, stem)`: the default run folder `OUT/<stem>-<YYYYMMDD-HHMMSS>`, or with
  `-2`, `-3` ... when that exists already (made with `mkdir`, which is atomic): two runs started
  in the same second, even in two processes, never share a folder.
- `index_lock(run_dir)`: an exclusive file lock (`fcntl.flock`; `msvcrt.locking` on Windows) on
  `.index.lock` while run.json and index.html are read and rewritten, so two runs finishing at
  once into one folder both appear in its index.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from ..errors import ParameterError

MARKER = ".iro-audit-run"
LOCK = ".index.lock"
#: How many `-N` suffixes to try before giving up (a folder with thousands of runs a second).
MAX_COUNTER = 1000


def timestamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def _write_marker(run_dir: Path) -> None:
    fd = os.open(run_dir / MARKER, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"claimed by process {os.getpid()} at {dt.datetime.now().isoformat(timespec='seconds')}\n")


def _refuse(run_dir: Path, held: list[str], option: str) -> ParameterError:
    shown = ", ".join(held[:4]) + (" ..." if len(held) > 4 else "")
    return ParameterError(
        f"the run folder {run_dir} is not empty (it holds {shown}): another run is there, and "
        f"this one would overwrite its reports. Choose another --name or --out, or give "
        f"{option} to write over it")


def claim_run_dir(run_dir: str | Path, overwrite: bool = False, *, ignore=(),
                  option: str = "--overwrite") -> Path:
    """Make RUN_DIR this run's folder, or raise ParameterError when it is not empty (entries
    named in IGNORE aside, e.g. the demo's data folder) and OVERWRITE is not given."""
    run_dir = Path(run_dir)
    if run_dir.exists() and not run_dir.is_dir():
        raise ParameterError(f"the run folder {run_dir} is a file, not a folder")
    run_dir.mkdir(parents=True, exist_ok=True)
    if overwrite:
        with contextlib.suppress(FileExistsError):
            _write_marker(run_dir)
        return run_dir
    held = sorted(p.name for p in run_dir.iterdir() if p.name not in ignore)
    if held:
        raise _refuse(run_dir, held, option)
    try:
        _write_marker(run_dir)
    except FileExistsError:          # another run claimed it a moment ago
        raise _refuse(run_dir, [MARKER], option) from None
    return run_dir


def new_run_dir(out: str | Path, stem: str, now: dt.datetime | None = None) -> Path:
    """A new, claimed run folder OUT/<STEM>-<timestamp>[-N] that no other run has."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = f"{stem}-{timestamp(now)}"
    for k in range(1, MAX_COUNTER + 1):
        run_dir = out / (base if k == 1 else f"{base}-{k}")
        try:
            run_dir.mkdir()
        except FileExistsError:
            continue
        _write_marker(run_dir)
        return run_dir
    raise ParameterError(f"could not find a free run folder name {base}-N in {out}; give --name")


@contextlib.contextmanager
def index_lock(run_dir: str | Path):
    """Hold an exclusive lock on RUN_DIR's index while the block runs (blocks until free)."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    with open(run_dir / LOCK, "a+b") as f:
        if os.name == "nt":                     # pragma: no cover - Windows
            import msvcrt

            f.seek(0)
            while True:
                try:
                    msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:                 # LK_LOCK gives up after ten seconds: try again
                    continue
            try:
                yield
            finally:
                f.seek(0)
                msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

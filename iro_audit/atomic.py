"""Atomic file writes: a file is written under a temporary name in its own folder and renamed
into place (`os.replace`, atomic on one file system), so a reader (a browser, another run, a
crash half-way) sees the old file or the whole new one, never half of one.

    write_text_atomic(path, text)
    with replacing(path) as tmp:      # anything that writes a file by name (papermill ...)
        write_into(tmp)
"""
from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path


def temp_name(path: str | Path) -> Path:
    """A temporary name beside PATH, hidden and unique to this call, keeping PATH's extension
    (`report.ipynb` -> `.report.<hex>.partial.ipynb`: papermill wants `.ipynb`)."""
    path = Path(path)
    return path.with_name(f".{path.stem}.{uuid.uuid4().hex[:12]}.partial{path.suffix}")


@contextlib.contextmanager
def replacing(path: str | Path, *, keep_on_error: bool = False):
    """Yield a temporary path beside PATH; when the block ends, rename it onto PATH. On an
    error the temporary file is removed, or with KEEP_ON_ERROR renamed onto PATH (e.g. a
    partly executed notebook worth keeping), and the error goes on."""
    path = Path(path)
    tmp = temp_name(path)
    try:
        yield tmp
    except BaseException:
        if keep_on_error and tmp.exists():
            os.replace(tmp, path)
        else:
            tmp.unlink(missing_ok=True)
        raise
    if tmp.exists():
        os.replace(tmp, path)


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write TEXT to PATH atomically (temporary name, flushed to disk, then renamed)."""
    path = Path(path)
    with replacing(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    return path

"""The sample manifest: a JSON file saved beside the worksheet that says exactly how the
sample was drawn, so anyone can draw it again and check they get the same children.

Everything but ``created_at`` / ``created_by`` is deterministic: the same data, cohort,
size, seed and question set give the same ``manifest_id`` and the same ``ids``, byte for byte.
"""
from __future__ import annotations

import getpass
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import DataError
from ..window import to_date
from .size import margin_for

REQUIRED_KEYS = ("manifest_id", "tool", "questions_hash", "question_ids", "ids", "seed")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers)
        return "unknown"


def make_manifest(sample, *, questions, seed: int, population: int, requested: int,
                  cohort: dict | None = None, data_fingerprint: str = "", as_at=None,
                  strata: str | None = None, allocation: str | None = None, p: float = 0.5,
                  confidence: float = 0.95, target_margin: float | None = None,
                  created_by: str | None = None,
                  created_at: str | None = None, data_source: str = "",
                  data_extract: dict | None = None, auditors: dict | None = None) -> dict:
    """The manifest of SAMPLE (the frame `select` returned) drawn with these parameters.
    AUDITORS, when the cases were shared among auditors: ``{seed, not_own_team,
    lookback_months, auditors: [{AUDITOR, IRO_ID, TEAM}], cases: {CHILD: AUDITOR}, loads,
    iros: {CHILD: [IRO_IDs now or in the 12 months before]}}``
    (part of the manifest id; a manifest without it is a single-worksheet sample).
    DATA_EXTRACT (the data folder's extract.yaml, `Extract.as_dict()`) is recorded with
    `synthetic` (true when the cases come from synthetic data) outside the manifest id."""
    ids = [str(c) for c in sample["CHILD"]]
    alloc = None
    if strata is not None and "STRATUM" in sample.columns:
        counts = sample["STRATUM"].astype(str).value_counts()
        alloc = {k: int(counts[k]) for k in sorted(counts.index)}
    body = {
        "tool": questions.id,
        "tool_title": questions.title,
        "questions_hash": questions.hash(),
        "question_ids": questions.ids,
        "data_fingerprint": data_fingerprint,
        "as_at": None if as_at is None else to_date(as_at, "as_at").date().isoformat(),
        "cohort": cohort if cohort is not None else dict(sample.attrs.get("cohort", {})),
        "population": int(population),
        "requested": int(requested),
        "target_margin": target_margin,
        "achieved": len(ids),
        "margin": round(margin_for(len(ids), population, p, confidence), 4) if ids else None,
        "p": p,
        "confidence": confidence,
        "seed": int(seed),
        "strata": strata,
        "allocation": allocation if strata is not None else None,
        "allocations": alloc,
        "ids": ids,
    }
    if auditors is not None:
        body["auditors"] = auditors
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    manifest = {"manifest_id": digest[:16], **body,
                "package_version": __version__, "numpy_version": np.__version__,
                "data_source": data_source,
                "data_extract": data_extract,
                "synthetic": bool(data_extract and data_extract.get("synthetic")),
                "created_at": created_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                "created_by": created_by if created_by is not None else _user()}
    return manifest


def manifest_json(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def save_manifest(manifest: dict, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(manifest_json(manifest), encoding="utf-8")
    return path


def load_manifest(path) -> dict:
    path = Path(path)
    if not path.exists():
        raise DataError(f"manifest {path} does not exist")
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataError(f"manifest {path} is not valid JSON ({e})") from None
    if not isinstance(m, dict):
        raise DataError(f"manifest {path} is not a sample manifest")
    missing = [k for k in REQUIRED_KEYS if k not in m]
    if missing:
        raise DataError(f"manifest {path} is not a sample manifest (missing {', '.join(missing)})")
    return m

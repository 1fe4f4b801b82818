"""Fast duplicate detection on a table key: each key column becomes integer codes (CHILD text
hashed once, dates as days), combined into one int64 per row, so `duplicated` hashes integers
instead of strings."""
from __future__ import annotations

import numpy as np
import pandas as pd

_LIMIT = 2 ** 62


def _codes(s: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(s):
        v = s.to_numpy().astype("datetime64[D]").astype(np.int64)
        nat = s.isna().to_numpy()
        if nat.all():
            return np.full(len(s), -1, dtype=np.int64)
        v = v - v[~nat].min()
        v[nat] = -1
        return v
    values = s.to_numpy(dtype=object) if s.dtype == "str" else s  # object arrays hash quicker
    return pd.factorize(values, use_na_sentinel=True)[0].astype(np.int64)


def duplicated(frame: pd.DataFrame, keep="first", codes: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Like ``frame.duplicated(keep=keep)`` (missing values compare equal); CODES may hold
    ready-made integer codes for some columns (e.g. CHILD)."""
    if len(frame) == 0:
        return np.zeros(0, dtype=bool)
    combined = None
    span = 1
    for c in frame.columns:
        a = codes[c] if codes and c in codes else _codes(frame[c])
        a = a.astype(np.int64) + 1  # missing (-1) -> 0
        width = int(a.max()) + 1
        if combined is None:
            combined, span = a, width
            continue
        if span * width >= _LIMIT:  # too many combinations for one int64: let pandas do it
            return frame.duplicated(keep=keep).to_numpy()
        combined = combined * width + a
        span *= width
    srt = np.sort(combined)  # usually no key repeats: one sort shows it, no hash table needed
    if not (srt[1:] == srt[:-1]).any():
        return np.zeros(len(combined), dtype=bool)
    return pd.Series(combined).duplicated(keep=keep).to_numpy()

"""Every metric of `metrics.md` (and `cp` of `child-protection.md`), one module per theme.

`GROUPS` maps each top-level group of `metrics.md`, in its order, to the function giving that
group's value `(ds, window, params) -> dict | None` (None when the group's table is absent).
A module serving several groups names its functions `<group>_summary` (e.g.
`oversight.midway_summary`, `journeys.entering_summary`); otherwise the group's module is named
after it and its function is `summary`.

    from iro_audit.metrics import compute_all
    result = compute_all(ds, Window.of("2025-04-01", "2026-03-31"), params)
"""
from __future__ import annotations

import importlib
import numbers

import numpy as np

# (group, module) in the order of metrics.md's top-level groups
SOURCES: tuple[tuple[str, str], ...] = (
    ("reviews", "reviews"),
    ("participation", "participation"),
    ("review_records", "review_records"),
    ("midway", "oversight"),
    ("visits", "oversight"),
    ("caseload", "oversight"),
    ("health", "health"),
    ("pep", "health"),
    ("stability", "stability"),
    ("entering", "journeys"),
    ("ceased", "journeys"),
    ("uasc", "journeys"),
    ("s20", "s20"),
    ("pwp", "pwp"),
    ("adoption", "adoption"),
    ("missing", "missing"),
    ("escalations", "escalations"),
    ("qc", "qc"),
    ("cp", "cp"),   # child-protection.md Part 2
)
GROUP_NAMES: tuple[str, ...] = tuple(g for g, _ in SOURCES)


def _import(module: str):
    """The metric module, or None when it has not been written yet (only that module missing)."""
    full = f"{__name__}.{module}"
    try:
        return importlib.import_module(full)
    except ModuleNotFoundError as e:
        if e.name == full:
            return None
        raise


def _group_function(group: str, module: str):
    mod = _import(module)
    if mod is None:
        return None
    fn = getattr(mod, f"{group}_summary", None)
    if fn is None and group == module:
        fn = getattr(mod, "summary", None)
    return fn


GROUPS: dict = {}
for _group, _module in SOURCES:
    _fn = _group_function(_group, _module)
    if _fn is not None:
        GROUPS[_group] = _fn
del _group, _module, _fn


def plain(value):
    """VALUE with numpy scalars made Python ones (so json.dumps works)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        v = float(value)
        return None if np.isnan(v) else v
    return value


def compute_all(ds, window, params=None, groups=None) -> dict:
    """The whole nested dict of `metrics.md`: every top-level group in order (None for a group
    whose table is absent, or whose module is not built). GROUPS limits it to some groups."""
    if params is None:
        from ..params import load_params

        params = load_params()
    out = {}
    for group in GROUP_NAMES:
        if groups is not None and group not in groups:
            continue
        fn = GROUPS.get(group)
        out[group] = plain(fn(ds, window, params)) if fn is not None else None
    return out

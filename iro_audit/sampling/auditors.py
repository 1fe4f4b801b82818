"""Sharing a drawn sample among several auditors.

The auditors file (CSV) has a column ``AUDITOR`` (an ID) and, for auditors who are IROs,
``IRO_ID`` (their IRO ID in the data) and ``TEAM``; other columns are ignored. `share_cases`
gives each case to one auditor, seeded, so that

- no auditor audits a child they are, or were in the last 12 months before the audit date, the
  allocated IRO for (`iro_history`);
- with ``not_own_team``, no auditor audits a case of their own team (the case's TEAM);
- loads differ by at most one case (n // k each, and n % k auditors one more).

It is a flow problem (cases -> eligible auditors -> capacities), solved with
`scipy.sparse.csgraph.maximum_flow`; the seed shuffles the order cases and auditors are
offered, so different seeds give different, equally valid, shares.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, ParameterError
from ..window import to_date

LOOKBACK_MONTHS = 12


def _clean(v) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    s = str(v).strip()
    return s or None


def read_auditors(path) -> pd.DataFrame:
    """The auditors file as ``AUDITOR, IRO_ID, TEAM`` (blank IRO_ID / TEAM: None). Errors name
    the file, row and column."""
    path = Path(path)
    if not path.exists():
        raise ParameterError(f"auditors file {path} does not exist")
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except Exception as e:  # noqa: BLE001 - pandas raises many kinds
        raise DataError(f"{path.name}: cannot be read as CSV ({e})") from None
    raw.columns = [str(c).strip().upper() for c in raw.columns]
    if "AUDITOR" not in raw.columns:
        raise DataError(f"{path.name}: row 1: there is no AUDITOR column (found "
                        f"{', '.join(raw.columns) or 'none'})")
    return auditor_frame(raw, where=path.name)


def auditor_frame(raw, where: str = "auditors") -> pd.DataFrame:
    """Validate a table (or list of dicts) of auditors; row numbers count the header as row 1."""
    df = pd.DataFrame(raw)
    for c in ("IRO_ID", "TEAM"):
        if c not in df.columns:
            df[c] = None
    out, seen = [], {}
    for i, r in enumerate(df.to_dict("records"), start=2):
        aid = _clean(r.get("AUDITOR"))
        if aid is None:
            if any(_clean(r.get(c)) for c in ("IRO_ID", "TEAM")):
                raise DataError(f"{where}: row {i}, column AUDITOR: blank (every row needs an auditor ID)")
            continue
        if aid in seen:
            raise DataError(f"{where}: row {i}, column AUDITOR: '{aid}' is listed twice (also row {seen[aid]})")
        seen[aid] = i
        out.append({"AUDITOR": aid, "IRO_ID": _clean(r.get("IRO_ID")), "TEAM": _clean(r.get("TEAM"))})
    if not out:
        raise DataError(f"{where}: no auditors listed")
    return pd.DataFrame(out, columns=["AUDITOR", "IRO_ID", "TEAM"], dtype="object")


def iro_history(ds, as_at, months: int = LOOKBACK_MONTHS) -> pd.DataFrame:
    """``CHILD, IRO_ID``: every IRO allocated to each child at any time in the MONTHS before
    AS_AT (allocation start <= as_at and end blank or >= as_at - MONTHS)."""
    empty = pd.DataFrame({"CHILD": pd.Series(dtype="object"), "IRO_ID": pd.Series(dtype="object")})
    if ds is None or not ds.has("iro_allocations"):
        return empty
    as_at = to_date(as_at, "as_at")
    since = as_at - pd.DateOffset(months=months)
    al = ds["iro_allocations"]
    start = pd.to_datetime(al["ALLOC_START"])
    end = pd.to_datetime(al["ALLOC_END"])
    keep = ((start <= as_at) & (end.isna() | (end >= since))).to_numpy()
    out = al.loc[keep, ["CHILD", "IRO_ID"]].astype(str).drop_duplicates()
    return out.reset_index(drop=True)


def recent_iros(cases: pd.DataFrame, history: pd.DataFrame | None) -> dict[str, list[str]]:
    """``{CHILD: [IRO_ID, ...]}``: each case's current IRO (CASES' IRO_ID) and every IRO in
    HISTORY (`iro_history`), sorted."""
    past = history.groupby("CHILD")["IRO_ID"].agg(set).to_dict() \
        if history is not None and len(history) else {}
    out = {}
    for r in cases.itertuples(index=False):
        iros = {str(i) for i in past.get(str(r.CHILD), set())}
        cur = _clean(getattr(r, "IRO_ID", None))
        if cur:
            iros.add(cur)
        out[str(r.CHILD)] = sorted(iros)
    return out


def _eligible(cases: pd.DataFrame, auditors: pd.DataFrame, history: pd.DataFrame,
              not_own_team: bool) -> dict[str, list[str]]:
    recent = recent_iros(cases, history)
    out = {}
    for r in cases.itertuples(index=False):
        child = str(r.CHILD)
        iros = set(recent[child])
        team = _clean(getattr(r, "TEAM", None))
        ok = []
        for a in auditors.itertuples(index=False):
            a_iro, a_team = _clean(a.IRO_ID), _clean(a.TEAM)
            if a_iro and a_iro in iros:
                continue
            if not_own_team and a_team and team and a_team.casefold() == team.casefold():
                continue
            ok.append(str(a.AUDITOR))
        out[child] = ok
    return out


def share_cases(cases: pd.DataFrame, auditors: pd.DataFrame, seed: int,
                history: pd.DataFrame | None = None, not_own_team: bool = False) -> dict[str, str]:
    """``{CHILD: AUDITOR}`` for every case in CASES (columns CHILD and, where known, IRO_ID and
    TEAM: the current IRO and their team). HISTORY: `iro_history` (``CHILD, IRO_ID``). Raises
    `ParameterError` naming the cases that cannot be placed."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    auditors = auditor_frame(auditors) if not isinstance(auditors, pd.DataFrame) else auditors
    history = history if history is not None else pd.DataFrame(columns=["CHILD", "IRO_ID"])
    ok = _eligible(cases, auditors, history, not_own_team)
    why = "they are, or were in the last 12 months, the child's IRO" + \
        (", or the case is in their own team" if not_own_team else "")
    stuck = sorted(c for c, a in ok.items() if not a)
    if stuck:
        raise ParameterError(f"{len(stuck)} case(s) cannot be given to any auditor ({why}): "
                             + ", ".join(stuck) + "; add auditors"
                             + (" or drop --not-own-team" if not_own_team else ""))
    n, k = len(ok), len(auditors)
    if n == 0:
        return {}
    rng = np.random.default_rng([int(seed), 1])
    children = [list(ok)[i] for i in rng.permutation(n)]
    names = [auditors["AUDITOR"].iloc[i] for i in rng.permutation(k)]
    base, extra = divmod(n, k)
    src, extra_node, sink = 0, n + k + 1, n + k + 2
    col = {a: n + 1 + j for j, a in enumerate(names)}
    rows, cols, caps = [], [], []

    def edge(u, v, c):
        if c > 0:
            rows.append(u), cols.append(v), caps.append(c)

    for i, child in enumerate(children, start=1):
        edge(src, i, 1)
        for a in sorted(ok[child], key=lambda a: col[a]):
            edge(i, col[a], 1)
    for a in names:
        edge(col[a], sink, base)
        edge(col[a], extra_node, 1 if extra else 0)
    edge(extra_node, sink, extra)
    g = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(n + k + 3, n + k + 3))
    res = maximum_flow(g, src, sink, method="dinic")
    flow = res.flow.tocoo()
    placed = {}
    for u, v, f in zip(flow.row, flow.col, flow.data):
        if f > 0 and 1 <= u <= n and n + 1 <= v <= n + k:
            placed[children[u - 1]] = names[v - n - 1]
    if res.flow_value < n:
        left = sorted(c for c in ok if c not in placed)
        raise ParameterError(
            f"the {n} case(s) cannot be shared among {k} auditor(s) with loads differing by at "
            f"most one ({why}); case(s) that could not be placed: {', '.join(left)}")
    return {str(c): placed[str(c)] for c in cases["CHILD"].astype(str)}


def loads(assignment: dict[str, str], auditors) -> dict[str, int]:
    """Cases per auditor, in the auditors' order (0 for one with none)."""
    names = list(auditors["AUDITOR"]) if isinstance(auditors, pd.DataFrame) else list(auditors)
    return {a: sum(1 for v in assignment.values() if v == a) for a in names}

"""Pieces several reports share: headline figure tables, child-level lists (withheld when the
paper is for publication), breakdowns beside the previous period, monthly SPC sections."""
from __future__ import annotations

import pandas as pd

from .blocks import Block, note, para
from .charts import monthly_counts, monthly_proportion, xmr_chart
from .format import SUPPRESSED, fmt_count, fmt_pct, fmt_prop, prop_hidden, table
from .labels import code_label
from .scorecard import change_p, significance_words


MISMATCH = "POSSIBLE_MISMATCH"


def with_mismatch(rows: pd.DataFrame) -> pd.DataFrame:
    """ROWS with the POSSIBLE_MISMATCH note (metrics/_mismatch.py) in sentence case, blank where
    there is none, for a child list."""
    if MISMATCH not in rows:
        return rows
    from .format import sentence

    return rows.assign(**{MISMATCH: rows[MISMATCH].map(sentence)})


def mismatch_note(ctx, rows: pd.DataFrame, what: str):
    """One sentence saying how many of ROWS (failing for want of WHAT, e.g. "a Q&C form") may be
    a keying mismatch rather than a missing record; nothing when none may be."""
    if MISMATCH not in rows:
        return Block()
    n = int(rows[MISMATCH].notna().sum())
    if n == 0:
        return Block()
    return para(f"{fmt_count(n, ctx.paper)} of these may be a mismatch rather than a missing "
                f"record: {what} of the same child dated within {ctx.params.get('mismatch_days', 7)} days "
                "matched nothing (the Possible mismatch column; each such record is listed in the "
                "data-quality section, rule unmatched_record). They still count as missing until "
                "the record's date is corrected at source.")


def _item(item, width: int):
    """An item tuple padded with None to WIDTH (the last, optional, element is its key)."""
    return tuple(item) + (None,) * (width - len(item))


def _key(key, period, d=False):
    """(figure key, denominator key) of an item's KEY for PERIOD: KEY is a metrics.md dotted
    key, or (key, denominator key) for a proportion sharing its denominator."""
    from ..suppression import figure_key

    if isinstance(key, tuple):
        return figure_key(key[0], period), figure_key(key[1], period)
    return figure_key(key, period), None


def figures_table(items: list[tuple], suppress, caption: str | None = None,
                  label: str = "Measure", value: str = "Figure", period: str | None = None):
    """A two-column table of headline figures: counts as numbers, proportions as
    "88.1% (1,234 of 1,401)"; None items are left out. An item is (name, value) or (name,
    value, key): KEY (a metrics.md dotted key, for PERIOD) ties the figure to the paper's
    other tables when SUPPRESS is the paper's `Disclosure`."""
    rows = []
    for item in items:
        name, v, key = _item(item, 3)
        if v is None:
            continue
        k, dk = _key(key, period)
        text = fmt_prop(v, suppress, k, dk) if isinstance(v, dict) else fmt_count(v, suppress, k)
        rows.append({label: name, value: text})
    return table(pd.DataFrame(rows, columns=[label, value]), caption=caption, counts=[],
                 codes=False, nowrap=[value])


def child_list(ctx, rows: pd.DataFrame, columns: list[str], caption: str, empty: str,
               labels: dict | None = None, sort: list[str] | None = None, limit: int | None = None,
               fold_over: int = 25, key: str | None = None):
    """A child-level list for action. Withheld (with a note saying how many rows) when small
    numbers are suppressed, since a paper for publication must not list children. A list longer
    than FOLD_OVER rows is folded into a closed <details> element the reader can open. KEY: the
    paper's key of the number of rows when another table prints it (`ReportContext.key`)."""
    cols = [c for c in columns if c in rows.columns]
    if rows is None or len(rows) == 0:
        return para(empty)
    if ctx.suppress:
        return note(f"{caption}: {fmt_count(len(rows), _paper(ctx), key)} row(s). The list itself is withheld "
                    "because this paper is for publication (small-number suppression is on).")
    r = rows
    if sort:
        r = r.sort_values([c for c in sort if c in r.columns], kind="mergesort")
    more = ""
    if limit and len(r) > limit:
        more = f" (first {limit} of {len(r)})"
        r = r.head(limit)
    sty = table(r[cols].copy(), caption=f"{caption}{more}", labels=labels, counts=[],
                numbers=[c for c in cols])
    if fold_over and len(r) > fold_over:
        from .blocks import details

        return details(f"{caption}: {len(r):,} listed (open to see them)", sty)
    return sty


def _paper(ctx):
    """The context's `Disclosure` (a bare context in a test may only say `suppress`)."""
    return getattr(ctx, "paper", None) or bool(getattr(ctx, "suppress", False))


def compare_counts(current: dict | None, previous: dict | None, kind: str | None, label: str,
                   suppress, this_label: str = "This period",
                   prev_label: str = "Previous period", order: list[str] | None = None,
                   caption: str | None = None, words: dict | None = None,
                   key: str | None = None, total_key: str | None = None):
    """A breakdown (counts by code) for this and the previous period, each with its share of
    the total, and a Total row; small counts suppressed (with secondary suppression). KEY names
    the paper's figures of each code ("group.by_reason" -> "group.by_reason.CODE"; a "{}" in it
    is replaced by the code) and TOTAL_KEY the total's, for each period."""
    from ..suppression import figure_key

    current, previous = dict(current or {}), dict(previous or {})
    keys = list(dict.fromkeys(list(current) + list(previous)))
    if order:
        keys = [k for k in order if k in keys] + [k for k in keys if k not in order]
    else:  # most frequent first this period (then last period), "UNKNOWN" last
        keys.sort(key=lambda k: (k == "UNKNOWN", -int(current.get(k, 0)), -int(previous.get(k, 0)), str(k)))
    t1, t0 = sum(current.values()), sum(previous.values())
    rows = []
    for k in keys:
        name = (words or {}).get(k) or (code_label(kind, k) if kind else str(k))
        a, b = int(current.get(k, 0)), int(previous.get(k, 0))
        rows.append({label: name, "CUR": a, "CUR_PCT": 100 * a / t1 if t1 else None,
                     "PREV": b, "PREV_PCT": 100 * b / t0 if t0 else None})
    rows.append({label: "Total", "CUR": int(t1), "CUR_PCT": 100.0 if t1 else None,
                 "PREV": int(t0), "PREV_PCT": 100.0 if t0 else None})
    df = pd.DataFrame(rows, columns=[label, "CUR", "CUR_PCT", "PREV", "PREV_PCT"])
    df[["CUR", "PREV"]] = df[["CUR", "PREV"]].astype("int64")
    cell_keys = {}
    for col, period in (("CUR", this_label), ("PREV", prev_label)):
        if key:
            for i, k in enumerate(keys):
                base = key.replace("{}", str(k)) if "{}" in key else f"{key}.{k}"
                cell_keys[(i, col)] = figure_key(base, period)
        if total_key:
            cell_keys[(len(keys), col)] = figure_key(total_key, period)
    return table(df, suppress=suppress, caption=caption, counts=["CUR", "PREV"],
                 pct_of={"CUR_PCT": "CUR", "PREV_PCT": "PREV"}, keys=cell_keys,
                 labels={"CUR": this_label, "CUR_PCT": f"{this_label} %",
                         "PREV": prev_label, "PREV_PCT": f"{prev_label} %"}, codes=False)


def shares_table(ctx, cur: dict, prev: dict | None, codes: list, base: str, d_base: str,
                 kind, label: str, words: dict, caption: str):
    """Counts of proportions of one denominator (participation codes, report timing) this
    year and last, with their Total; each year's shares settled together first, so this table
    and the proportions beside it hide the same figures (`suppression.Disclosure.shares`)."""
    prev = prev or {}
    for figures, w in ((cur, None), (prev, ctx.previous)):
        props = {ctx.key(f"{base}.{k}", w): figures[k]["n"] for k in codes if k in figures}
        d = next((figures[k]["d"] for k in codes if k in figures), 0)
        if props and d:
            ctx.paper.shares(props, d, ctx.key(d_base, w))
    return compare_counts({k: cur[k]["n"] for k in codes if k in cur},
                          {k: prev[k]["n"] for k in codes if k in prev}, kind, label, ctx.paper,
                          ctx.period_label(), ctx.period_label(ctx.previous), order=codes,
                          words=words, caption=caption, key=base + ".{}.n", total_key=d_base)


STAT_COLUMNS = ("95% interval", "Change", "Significance", "RAG")


def change_words(cur: dict, prev: dict):
    """(change in points in words, p-value) between two proportions."""
    p = change_p(cur["n"], cur["d"], prev["n"], prev["d"])
    diff = float(cur["pct"]) - float(prev["pct"])
    change = "no change" if abs(diff) < 0.05 else f"{'up' if diff > 0 else 'down'} {abs(diff):.1f} points"
    return change, p


def compare_proportions(items: list[tuple], suppress,
                        this_label: str = "This period", prev_label: str = "Previous period",
                        caption: str | None = None, label: str = "Measure"):
    """Proportions this and the previous period with the change and whether it is more than
    chance (stats.change_test). An item is (name, current, previous) or (name, current,
    previous, key): KEY, a metrics.md dotted key or (key, key of a shared denominator), ties
    the figures to the paper's other tables. Under suppression a proportion whose numerator,
    denominator or complement is hidden shows as "c (c of d)", and its interval, change and
    significance as "c" (they would give the number away)."""
    rows = []
    for item in items:
        name, cur, prev, key = _item(item, 4)
        if cur is None:
            continue
        kc, dkc = _key(key, this_label)
        kp, dkp = _key(key, prev_label)
        hc = any(prop_hidden(cur, suppress, kc, dkc))
        hp = any(prop_hidden(prev, suppress, kp, dkp)) if prev is not None else False

        def txt(p, k, dk):
            if p is None:
                return "–"
            if not p.get("d"):
                return "none to count"
            return fmt_prop(p, suppress, k, dk)
        change, sig = "–", "–"
        if prev is not None and cur.get("d") and prev.get("d"):
            if hc or hp:
                change = sig = SUPPRESSED
            else:
                change, p = change_words(cur, prev)
                sig = significance_words(p)
        ci = cur.get("ci95")
        rows.append({label: name, this_label: txt(cur, kc, dkc),
                     "95% interval": (SUPPRESSED if hc and ci else
                                      f"{fmt_pct(ci[0])} to {fmt_pct(ci[1])}" if ci else "–"),
                     prev_label: txt(prev, kp, dkp), "Change": change, "Significance": sig})
    df = pd.DataFrame(rows, columns=[label, this_label, "95% interval", prev_label, "Change",
                                     "Significance"])
    return table(df, caption=caption, counts=[], codes=False, nowrap=list(df.columns[1:]))


def compare_figures(items: list[tuple], suppress,
                    this_label: str = "This period", prev_label: str = "Previous period",
                    caption: str | None = None, label: str = "Measure"):
    """Counts (and proportions) this and the previous period side by side with the change;
    proportions also with their significance. An item is (name, current, previous[, key]) as
    for `compare_proportions`; a change beside a hidden count is hidden too."""
    from ..suppression import figure_key

    rows = []
    for item in items:
        name, cur, prev, key = _item(item, 4)
        if cur is None:
            continue
        if isinstance(cur, dict):
            t = compare_proportions([(name, cur, prev, key)], suppress, this_label, prev_label,
                                    label=label).data.iloc[0]
            rows.append({label: name, this_label: t[this_label], prev_label: t[prev_label],
                         "Change": t["Change"], "Significance": t["Significance"]})
            continue
        shown_cur = fmt_count(cur, suppress, figure_key(key, this_label))
        shown_prev = fmt_count(prev, suppress, figure_key(key, prev_label)) if prev is not None else "–"
        if prev is None:
            change = "–"
        elif SUPPRESSED in (shown_cur, shown_prev):
            change = SUPPRESSED
        else:
            diff = int(cur) - int(prev)
            change = "no change" if diff == 0 else f"{'up' if diff > 0 else 'down'} {abs(diff):,}"
        rows.append({label: name, this_label: shown_cur, prev_label: shown_prev,
                     "Change": change, "Significance": "–"})
    df = pd.DataFrame(rows, columns=[label, this_label, prev_label, "Change", "Significance"])
    return table(df, caption=caption, counts=[], codes=False, nowrap=list(df.columns[1:]))


def spc_proportion(ctx, module: str, func: str, date_col: str, flag: str, what: str,
                   months: int = 24, target: float | None = None, denominator: str | None = None,
                   higher_is_better: bool = True, intro: str | None = None,
                   not_yet_due: str | None = None) -> Block:
    """Monthly XmR chart of a proportion from a row function over the last MONTHS months.
    Rows flagged NOT_YET_DUE (deadline after the metric parameter `extract_date`, nothing
    recorded yet) are left out, as they are from the measure itself."""
    w = ctx.wider(months)
    rows = ctx.rows(module, func, w)
    left_out = None
    if not_yet_due:
        nyd = not_yet_due_mask(rows, not_yet_due)
        if nyd.any():
            left_out = not_yet_due_note(ctx, int(nyd.sum()))
        rows = rows[~nyd]
    series = monthly_proportion(rows, date_col, flag, w.start, w.end, denominator=denominator)
    chart = xmr_chart(series, "pct", pct=True, what=what, target=target,
                      higher_is_better=higher_is_better, suppress=ctx.suppress, n_col="n",
                      ylabel="Percentage")
    return Block(para(intro) if intro else None, chart, _spc_note(chart),
                 para(left_out) if left_out else None, data={"series": series})


def not_yet_due_mask(rows: pd.DataFrame, column: str) -> pd.Series:
    """Per row, whether the metric rows flag it not yet due (COLUMN, e.g. MINUTES_NOT_YET_DUE);
    all False when the rows lack the column."""
    if column not in rows:
        return pd.Series(False, index=rows.index)
    return rows[column].fillna(False).astype(bool)


def not_yet_due_note(ctx, n: int) -> str:
    """Says that N rows were not yet due at the extract date and are left out."""
    from .format import fmt_date, plural

    when = ctx.params.get("extract_date")
    return (f"{plural(n, 'case', 'cases', ctx.suppress)} whose deadline falls after the data "
            f"extract ({fmt_date(when)}) and with nothing recorded yet "
            f"{'is' if n == 1 else 'are'} not yet due and left out (metric parameter extract_date).")


def spc_count(ctx, module: str, func: str, date_col: str, what: str, months: int = 24,
              flag: str | None = None, higher_is_better: bool | None = None,
              intro: str | None = None) -> Block:
    """Monthly XmR chart of a count of rows from a row function over the last MONTHS months."""
    w = ctx.wider(months)
    rows = ctx.rows(module, func, w)
    series = monthly_counts(rows, date_col, w.start, w.end, flag=flag)
    chart = xmr_chart(series, "n", what=what, higher_is_better=higher_is_better,
                      suppress=ctx.suppress, ylabel="Number")
    return Block(para(intro) if intro else None, chart, _spc_note(chart), data={"series": series})


def _spc_note(chart) -> str | None:
    data = getattr(chart, "data", None)
    if data is None or "SPECIAL" not in data:
        return None
    sp = data[data["SPECIAL"]]
    if sp.empty:
        return para("No month shows special-cause variation: the ups and downs are within what "
                    "this process normally produces.")
    from .format import fmt_month

    # consecutive months flagged for the same reason read as one stretch
    stretches = []
    for m, r in zip(sp["MONTH"], sp["REASON"]):
        if stretches and stretches[-1][2] == r and (m.to_period("M") - stretches[-1][1].to_period("M")).n == 1:
            stretches[-1][1] = m
        else:
            stretches.append([m, m, r])
    items = "; ".join((fmt_month(a) if a == b else f"{fmt_month(a)} to {fmt_month(b)}") + f" ({r})"
                      for a, b, r in stretches)
    return para(f"Special-cause variation (worth looking into): {items}.")


SPC_EXPLAINER = ("How to read these charts: each point is one month. The solid grey line is the "
                 "average and the dashed lines are the process limits, the range in which the "
                 "monthly figure normally varies. A marked point is special-cause variation: a "
                 "month outside the limits, a run of 7 months on one side of the average, 7 "
                 "months rising or falling, or 2 of 3 months close to a limit. Other ups and "
                 "downs are common-cause variation and need no explanation.")

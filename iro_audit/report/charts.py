"""Charts in the house style, embedded as PNG, and the monthly series behind SPC charts.

Every chart function returns a `Chart` (PNG bytes with alt text) and closes its figure, so a
notebook never leaks figures and the HTML export carries the image inline.
"""
from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from . import style
from .blocks import esc, note
from .format import fmt_count, fmt_month, fmt_number, fmt_pct, is_small


def _pct_tick(v, _pos=None) -> str:
    return f"{v:.0f}%" if abs(v - round(v)) < 1e-9 else f"{v:.1f}%"


def percent_axis(axis) -> None:
    """Percentage ticks at even steps (1, 2, 5 or 10 points, or tenths of them), labelled
    exactly: never 82.5 shown as "82%" beside 85%."""
    axis.set_major_locator(mticker.MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(mticker.FuncFormatter(_pct_tick))


class Chart:
    """A rendered chart: PNG bytes, a title and alt text for screen readers."""

    def __init__(self, png: bytes, title: str, alt: str, data: pd.DataFrame | None = None):
        self.png = png
        self.title = title
        self.alt = alt
        self.data = data

    def _repr_html_(self) -> str:
        b64 = base64.b64encode(self.png).decode("ascii")
        return (f'<figure style="margin:0.6em 0 1.2em 0;">'
                f'<img src="data:image/png;base64,{b64}" alt="{esc(self.alt)}" '
                f'style="{self._width_css()}max-width:100%;height:auto;"/></figure>')

    def _width_css(self) -> str:
        """The width the chart has on screen (its PNG is saved at print resolution,
        `style.PRINT_DPI`, and shown at the size it has at `style.DPI`)."""
        if self.png[:8] != b"\x89PNG\r\n\x1a\n" or len(self.png) < 24:
            return ""
        pixels = int.from_bytes(self.png[16:20], "big")
        return f"width:{round(pixels * style.DPI / style.PRINT_DPI)}px;"

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return f"<chart: {self.title}>"


def render(fig, title: str, alt: str | None = None, data: pd.DataFrame | None = None) -> Chart:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return Chart(buf.getvalue(), title, alt or title, data)


def withheld(what: str) -> str:
    return note(f"{what}: chart not shown, because it would reveal numbers from 1 to 5 "
                "(small-number suppression is on for this paper). The table gives the figures.")


# ---------------------------------------------------------------------------------------------
# monthly series from child-level rows
# ---------------------------------------------------------------------------------------------

def month_starts(start, end) -> pd.DatetimeIndex:
    """First days of every calendar month touched by START..END."""
    s = pd.Timestamp(start).to_period("M").to_timestamp()
    e = pd.Timestamp(end).to_period("M").to_timestamp()
    return pd.date_range(s, e, freq="MS")


def monthly_counts(rows: pd.DataFrame, date_col: str, start, end, flag: str | None = None,
                   by: str | None = None) -> pd.DataFrame:
    """Rows counted by the month of DATE_COL (every month from START to END, zeros included).

    With FLAG, counts only rows where that column is true. With BY, one column per value.
    Returns MONTH plus `n` (or one column per BY value).
    """
    months = month_starts(start, end)
    r = rows
    if flag is not None:
        r = r[r[flag].fillna(False).astype(bool)]
    r = r[r[date_col].notna()]
    m = r[date_col].dt.to_period("M").dt.to_timestamp()
    if by is None:
        s = m.value_counts().reindex(months, fill_value=0)
        out = pd.DataFrame({"MONTH": months, "n": s.values.astype("int64")})
    else:
        t = pd.crosstab(m, r[by].astype("object").where(r[by].notna(), "UNKNOWN"))
        t = t.reindex(months, fill_value=0)
        out = t.reset_index(drop=True)
        out.columns = [str(c) for c in out.columns]
        out.insert(0, "MONTH", months)
        out = out.astype({c: "int64" for c in out.columns if c != "MONTH"})
    return out


def monthly_proportion(rows: pd.DataFrame, date_col: str, flag: str, start, end,
                       denominator: str | None = None) -> pd.DataFrame:
    """Per month of DATE_COL: d = rows (or those with DENOMINATOR true), n = those with FLAG
    true, pct = 100 n / d (NaN when d is 0). Returns MONTH, n, d, pct."""
    r = rows
    if denominator is not None:
        r = r[r[denominator].fillna(False).astype(bool)]
    d = monthly_counts(r, date_col, start, end)
    n = monthly_counts(r, date_col, start, end, flag=flag)
    out = pd.DataFrame({"MONTH": d["MONTH"], "n": n["n"], "d": d["n"]})
    out["pct"] = np.where(out["d"] > 0, 100.0 * out["n"] / out["d"].where(out["d"] > 0, 1), np.nan)
    return out


# ---------------------------------------------------------------------------------------------
# XmR (statistical process control)
# ---------------------------------------------------------------------------------------------

REASON_WORDS = {"OUTSIDE": "outside the process limits", "SHIFT": "run of 7 one side of the mean",
                "TREND": "7 rising or falling", "TWO_OF_THREE": "2 of 3 near a limit"}


def xmr(values) -> pd.DataFrame:
    """`stats.xmr` of VALUES plus REASON: the special-cause rules each point breaks, in words."""
    from ..stats import xmr as stats_xmr

    r = stats_xmr(pd.Series(list(values), dtype=float)).reset_index(drop=True)
    r["REASON"] = [", ".join(w for k, w in REASON_WORDS.items() if row[k]) for _, row in r.iterrows()]
    return r


def _sc_kind(side: str, higher_is_better: bool | None) -> str:
    if higher_is_better is None or side not in ("high", "low"):
        return ""
    return "improvement" if (side == "high") == bool(higher_is_better) else "concern"


def xmr_chart(series: pd.DataFrame, value: str, title: str | None = None, ylabel: str = "",
              pct: bool = False, target: float | None = None, what: str = "",
              higher_is_better: bool | None = None, suppress: bool = False,
              n_col: str | None = None):
    """An XmR chart of SERIES[VALUE] by SERIES.MONTH: the points, the mean, the process limits,
    special-cause points marked (a different marker and colour, labelled in the legend), and
    a dotted TARGET line. The default title states the latest month and whether it is a
    special cause. Returns a Chart (or a note when suppression would be breached)."""
    s = series.dropna(subset=[value]).reset_index(drop=True)
    label = what or ylabel or value
    check = n_col or (None if pct else value)
    if suppress and check and any(is_small(v) for v in series[check]):
        return withheld(f"Monthly {label.lower()}")
    if s.empty:
        return note(f"No monthly data for {label.lower()} in this period.")
    r = xmr(s[value].tolist())
    mean, ucl, lcl = float(r["MEAN"].iloc[0]), float(r["UPL"].iloc[0]), float(r["LPL"].iloc[0])
    sp = r["SPECIAL_CAUSE"].to_numpy(dtype=bool)
    side = r["SIDE"].to_numpy()
    fmt = (lambda v: fmt_pct(v)) if pct else (lambda v: fmt_count(v))
    fmt_mean = (lambda v: fmt_pct(v)) if pct else (lambda v: fmt_number(v, 1))
    last = s.iloc[-1]
    cap = label[:1].upper() + label[1:]
    if title is None:
        sc = ""
        if sp[-1]:
            kind = _sc_kind(side[-1], higher_is_better)
            sc = f" (special cause{': ' + kind if kind else ''})"
        title = (f"{cap}: {fmt(last[value])} in {fmt_month(last['MONTH'])}{sc}; "
                 f"average {fmt_mean(mean)}")
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, style.FIG_HEIGHT))
    x = s["MONTH"]
    ax.plot(x, s[value], color=style.MAIN, marker="o",
            label="Monthly percentage" if pct else "Monthly number", zorder=3)
    for kind, marker, colour in (("improvement", "^", style.PALETTE[2]),
                                 ("concern", "v", style.PALETTE[3]),
                                 ("", "D", style.HIGHLIGHT)):
        pick = sp & np.array([_sc_kind(sd, higher_is_better) == kind for sd in side])
        if pick.any():
            ax.scatter(x[pick], s[value][pick], s=120, marker=marker, color=colour,
                       edgecolor="black", zorder=4,
                       label="Special cause" + (f": {kind}" if kind else ""))
    ax.axhline(mean, color=style.GREY, linewidth=1.5, label=f"Average {fmt_mean(mean)}")
    if not np.isnan(ucl):
        lo = max(lcl, 0.0)
        hi = min(ucl, 100.0) if pct else ucl
        ax.axhline(hi, color=style.GREY, linestyle="--", linewidth=1.2, label="Process limits")
        ax.axhline(lo, color=style.GREY, linestyle="--", linewidth=1.2)
    if target is not None:
        ax.axhline(target, color=style.TARGET, linestyle=":", linewidth=2,
                   label=f"Target {fmt_pct(target) if pct else fmt_count(target)}")
    ax.set_title(title)
    ax.set_ylabel(ylabel or cap)
    ax.set_xlabel("Month")
    if pct:
        percent_axis(ax.yaxis)
    else:
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    step = max(1, -(-len(s) // 12))  # at most 12 labelled months, counted back from the latest
    ticks = list(x)[::-1][::step][::-1]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:%b}\n{t:%Y}" for t in ticks])
    ax.set_xlim(x.iloc[0] - pd.Timedelta(days=15), x.iloc[-1] + pd.Timedelta(days=15))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    data = s.assign(MEAN=mean, UCL=ucl, LCL=lcl, SPECIAL=sp, SIDE=side,
                    REASON=r["REASON"].to_numpy())
    n_sp = int(sp.sum())
    alt = (f"{title}. Monthly {label.lower()} from {fmt_month(s['MONTH'].iloc[0])} to "
           f"{fmt_month(s['MONTH'].iloc[-1])}; average {fmt_mean(mean)}; "
           f"{n_sp} month(s) flagged as special cause.")
    return render(fig, title, alt, data)


# ---------------------------------------------------------------------------------------------
# bars and lines
# ---------------------------------------------------------------------------------------------

def bar_chart(df: pd.DataFrame, category: str, values: str | list[str], title: str,
              xlabel: str = "", pct: bool = False, suppress: bool = False,
              n_cols: list[str] | None = None, labels: dict[str, str] | None = None,
              target: float | None = None, errors: tuple[str, str] | None = None,
              beside=None):
    """Horizontal bars (one series, or several side by side with a hatch each), value labels
    at the bar ends. Returns a Chart, or a note when suppression would be breached: a count
    from 1 to 5 among N_COLS (default the values), or any "c" in BESIDE, the table of the same
    figures (a bar would show a cell the table hid as a second cell)."""
    values = [values] if isinstance(values, str) else list(values)
    checks = n_cols if n_cols is not None else ([] if pct else values)
    if suppress and any(is_small(v) for c in checks for v in df[c]):
        return withheld(title)
    if suppress and beside is not None and (beside.data == "c").any().any():
        return withheld(title)
    d = df.reset_index(drop=True)
    if d.empty:
        return note(f"{title}: nothing to chart.")
    import textwrap

    cats = [str(c) for c in d[category]]
    wrapped = [textwrap.fill(c, 38) for c in cats]
    lines = max(1, max(w.count("\n") + 1 for w in wrapped))
    n, k = len(cats), len(values)
    h = 0.8 / k
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH,
                                    max(2.2, 0.45 * n * max(1, k * 0.7, 0.75 * lines) + 1.3)))
    y = np.arange(n)
    top = float(np.nanmax(d[values].to_numpy(dtype=float))) if n else 0
    for j, col in enumerate(values):
        pos = y - 0.4 + h * (j + 0.5)
        vals = d[col].astype(float).to_numpy()
        xerr = None
        if errors is not None and k == 1:
            lo, hi = d[errors[0]].astype(float).to_numpy(), d[errors[1]].astype(float).to_numpy()
            xerr = np.vstack([np.clip(vals - lo, 0, None), np.clip(hi - vals, 0, None)])
        bars = ax.barh(pos, np.nan_to_num(vals), height=h * 0.92, color=style.PALETTE[j % 8],
                       hatch=style.HATCHES[j % 8], edgecolor="#222222", linewidth=0.6,
                       label=(labels or {}).get(col, col), xerr=xerr,
                       error_kw={"ecolor": "#222222", "capsize": 3, "elinewidth": 1.2})
        ends = vals if xerr is None else np.maximum(vals, vals + xerr[1])
        for b, v, e in zip(bars, vals, ends):
            if np.isnan(v):
                continue
            txt = fmt_pct(v) if pct else fmt_count(v)
            ax.text(e + (100 if pct else top) * 0.012, b.get_y() + b.get_height() / 2, txt,
                    va="center", ha="left", fontsize=10.5, color="#111111")
    if target is not None:
        ax.axvline(target, color=style.TARGET, linestyle=":", linewidth=2,
                   label=f"Target {fmt_pct(target) if pct else fmt_count(target)}")
    ax.set_yticks(y)
    ax.set_yticklabels(wrapped)
    ax.invert_yaxis()
    ax.set_title(textwrap.fill(title, 70))
    ax.set_xlabel(xlabel or ("Percentage" if pct else "Number"))
    ax.set_xlim(0, (100 if pct else top) * 1.15 if (top or pct) else 1)
    if pct:
        percent_axis(ax.xaxis)
    else:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.grid(axis="y", visible=False)
    if k > 1 or target is not None:
        ax.legend(loc="lower right")
    alt = title + ". " + "; ".join(
        f"{c}: " + ", ".join(f"{(labels or {}).get(v, v)} {fmt_pct(r[v]) if pct else fmt_count(r[v])}"
                             for v in values)
        for c, (_, r) in zip(cats, d.iterrows()))
    return render(fig, title, alt, d)


def line_chart(df: pd.DataFrame, x: str, series: list[str], title: str, ylabel: str,
               pct: bool = False, suppress: bool = False, labels: dict[str, str] | None = None,
               n_cols: list[str] | None = None, xlabel: str = "Month",
               xticklabels: list[str] | None = None):
    """Lines by month, each with its own marker and line style as well as colour."""
    checks = n_cols if n_cols is not None else ([] if pct else series)
    if suppress and any(is_small(v) for c in checks for v in df[c]):
        return withheld(title)
    if df.empty:
        return note(f"{title}: nothing to chart.")
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, style.FIG_HEIGHT))
    for j, col in enumerate(series):
        ax.plot(df[x], df[col], color=style.PALETTE[j % 8], marker=style.MARKERS[j % 8],
                linestyle=style.LINESTYLES[j % 4], label=(labels or {}).get(col, col))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if pct:
        percent_axis(ax.yaxis)
    else:
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    if xticklabels is not None:
        ax.set_xticks(list(df[x]))
        ax.set_xticklabels(xticklabels)
    elif pd.api.types.is_datetime64_any_dtype(df[x]):
        ax.xaxis.set_major_formatter(plt.matplotlib.dates.DateFormatter("%b\n%Y"))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    alt = f"{title}. Lines: " + ", ".join((labels or {}).get(c, c) for c in series) + "."
    return render(fig, title, alt, df)


def stacked_share_chart(df: pd.DataFrame, category: str, parts: list[str], title: str,
                        labels: dict[str, str] | None = None, suppress: bool = False):
    """One horizontal 100% bar per CATEGORY split into PARTS (counts), hatched per part."""
    if suppress and any(is_small(v) for c in parts for v in df[c]):
        return withheld(title)
    d = df.reset_index(drop=True)
    tot = d[parts].sum(axis=1).replace(0, np.nan)
    fig, ax = plt.subplots(figsize=(style.FIG_WIDTH, max(2.2, 0.55 * len(d) + 1.6)))
    left = np.zeros(len(d))
    for j, p in enumerate(parts):
        share = (100 * d[p] / tot).fillna(0).to_numpy()
        ax.barh(np.arange(len(d)), share, left=left, color=style.PALETTE[j % 8],
                hatch=style.HATCHES[j % 8], edgecolor="#222222", linewidth=0.6,
                label=(labels or {}).get(p, p))
        for i, (lft, sh) in enumerate(zip(left, share)):
            if sh >= 7:
                ax.text(lft + sh / 2, i, f"{sh:.0f}%", ha="center", va="center", fontsize=10,
                        color="black", bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                                             "ec": "none", "alpha": 0.8})
        left += share
    ax.set_yticks(np.arange(len(d)))
    ax.set_yticklabels([str(c) for c in d[category]])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    percent_axis(ax.xaxis)
    ax.set_xlabel("Share")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return render(fig, title, title, d)

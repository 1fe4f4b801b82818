"""The house style for charts: one accessible look for every report.

- Okabe-Ito colours (safe for the common colour-vision deficiencies), ordered so neighbouring
  series differ in lightness too and stay apart when printed in greyscale;
- hatches on bars and distinct markers on lines, so no meaning rests on colour alone;
- large labels, no chart junk, titles that state the finding.
"""
from __future__ import annotations

# The backend is left alone (inline in Jupyter, Agg when headless): every chart is rendered to
# PNG bytes and its figure closed before the cell ends, so nothing is shown twice.
import matplotlib.pyplot as plt
import seaborn as sns

# Okabe-Ito, reordered: dark blue, orange, bluish green, vermillion, sky blue, reddish purple,
# yellow, black (alternating dark and light so greyscale copies keep series apart)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":"]

MAIN = PALETTE[0]       # a single series
HIGHLIGHT = PALETTE[3]  # special-cause points, exceptions
GREY = "#595959"        # limits, means, targets (text-safe contrast on white)
TARGET = "#000000"

# RAG: colour plus a word and a symbol, never colour alone; pale fills keep black text readable
RAG_STYLE = {
    "Green": {"fill": "#cfe8d6", "symbol": "\u2714"},   # heavy check mark
    "Amber": {"fill": "#fbe3b8", "symbol": "\u25B2"},   # triangle
    "Red": {"fill": "#f6c6c0", "symbol": "\u2716"},     # heavy multiplication x
}

FIG_WIDTH = 9.0
FIG_HEIGHT = 4.6
DPI = 110           # on screen: a chart is shown at the size it has at this resolution
PRINT_DPI = 200     # its PNG is saved at this one, so printed and Word papers are sharp


def apply_style() -> None:
    """Set the house style for seaborn and matplotlib (called by `open_report`)."""
    sns.set_theme(style="whitegrid", context="notebook", font_scale=1.1, palette=PALETTE)
    plt.rcParams.update({
        "figure.figsize": (FIG_WIDTH, FIG_HEIGHT),
        "figure.dpi": DPI,
        "savefig.dpi": PRINT_DPI,
        "savefig.bbox": "tight",
        "savefig.facecolor": "white",
        "font.size": 12,
        "axes.titlesize": 14,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 12,
        "axes.labelsize": 12,
        "axes.labelcolor": "#111111",
        "axes.edgecolor": "#444444",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.labelsize": 11,
        "ytick.labelsize": 11,
        "xtick.color": "#111111",
        "ytick.color": "#111111",
        "legend.fontsize": 11,
        "legend.frameon": False,
        "grid.color": "#d9d9d9",
        "lines.linewidth": 2.0,
        "lines.markersize": 7,
        "hatch.color": "#222222",
        "hatch.linewidth": 0.8,
    })


apply_style()

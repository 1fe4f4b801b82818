"""Participation codes over reviews held in the window (answers worked by hand)."""
from iro_audit.metrics import participation
from iro_audit.params import load_params
from iro_audit.testing import make_dataset
from iro_audit.window import Window

P = load_params()
W = Window.of("2024-04-01", "2025-03-31")


def ds():
    return make_dataset(
        header=[("A", "2015-06-01"), ("B", "2020-06-01"), ("C", "2015-01-01"), ("D", "2015-01-01"),
                ("SB", "2015-01-01")],
        episodes=[(k, "2024-01-02", "S", "C2", "U4", None, None) for k in "ABCD"]
        + [("SB", "2024-01-02", "S", "V3", "U4", None, None)],
        reviews=[
            ("A", "2024-04-03", "PN1"),
            ("A", "2024-06-20", " pn7 "),   # trimmed and upper-cased: PN7
            ("A", "2024-12-21", None),       # blank: UNKNOWN
            ("C", "2024-05-01", "PN9"),      # not a code: UNKNOWN
            ("C", "2024-07-01", "PN3"),
            ("B", "2024-05-31", "PN0"),      # aged 3 (4th birthday 1 Jun 2024): PN0 valid
            ("B", "2024-06-01", "PN0"),      # aged 4 that day: PN0 invalid -> UNKNOWN
            ("D", "2024-08-01", ""),         # blank
            ("D", "2023-12-01", "PN1"),      # before the period: not a review
            ("SB", "2024-08-01", "PN1"),     # short break: left out
            ("A", "2024-03-31", "PN2"),      # the day before the window
        ],
    )


def test_codes_and_unknowns():
    rows = participation.review_participation(ds(), W, P)
    codes = dict(zip(zip(rows["CHILD"], rows["REVIEW"].dt.strftime("%Y-%m-%d")), rows["CODE"]))
    assert codes == {
        ("A", "2024-04-03"): "PN1", ("A", "2024-06-20"): "PN7", ("A", "2024-12-21"): "UNKNOWN",
        ("B", "2024-05-31"): "PN0", ("B", "2024-06-01"): "UNKNOWN",
        ("C", "2024-05-01"): "UNKNOWN", ("C", "2024-07-01"): "PN3",
        ("D", "2024-08-01"): "UNKNOWN",
    }
    ages = dict(zip(zip(rows["CHILD"], rows["REVIEW"].dt.strftime("%Y-%m-%d")), rows["AGE"]))
    assert ages[("B", "2024-05-31")] == 3 and ages[("B", "2024-06-01")] == 4


def test_summary_proportions_over_reviews_held():
    s = participation.summary(ds(), W, P)
    assert list(s) == ["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7", "UNKNOWN"]
    assert {k: (v["n"], v["d"]) for k, v in s.items()} == {
        "PN0": (1, 8), "PN1": (1, 8), "PN2": (0, 8), "PN3": (1, 8), "PN4": (0, 8),
        "PN5": (0, 8), "PN6": (0, 8), "PN7": (1, 8), "UNKNOWN": (4, 8)}
    assert s["UNKNOWN"]["pct"] == 50.0 and s["PN2"]["pct"] == 0.0
    assert s["PN1"]["pct"] == 12.5


def test_no_voice_lists_pn7():
    rows = participation.no_voice(ds(), W, P)
    assert rows["CHILD"].tolist() == ["A"]
    assert rows["REVIEW"].dt.strftime("%Y-%m-%d").tolist() == ["2024-06-20"]


def test_empty_window_gives_null_percentages():
    s = participation.summary(ds(), Window.of("2026-01-01", "2026-01-31"), P)
    assert s["PN1"] == {"n": 0, "d": 0, "pct": None, "ci95": None}

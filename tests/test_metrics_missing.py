"""Missing episodes on hand-built rows (answers worked out by hand)."""
from iro_audit.metrics import missing
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

W = Window.of("2024-04-01", "2025-03-31")


def test_children_over_3_counts_more_than_three_m_and_a_alike():
    ds = make_dataset(
        episodes=[("A", "2020-01-01", "S", "C2", "U4", None, None)],
        missing=[
            ("A", "M", "2024-04-01", "2024-04-02"),   # first day of the window
            ("A", "A", "2024-05-01", "2024-05-01"),
            ("A", "M", "2024-06-01", None),
            ("A", "A", "2024-07-01", "2024-07-03"),   # A: four -> more than three
            ("B", "M", "2024-03-31", "2024-04-02"),   # started before the window
            ("B", "M", "2024-05-01", "2024-05-02"),
            ("B", "A", "2024-06-01", "2024-06-02"),
            ("B", "M", "2024-07-01", "2024-07-02"),   # B: three in the window
            ("C", "M", "2025-03-31", None),           # last day
            ("D", "M", "2025-04-01", None),           # after the window
        ],
    )
    out = missing.summary(ds, W, DEFAULTS)
    assert out == {"children": 3, "episodes": 8, "children_over_3": 1}
    by = missing.missing_by_child(ds, W, DEFAULTS).set_index("CHILD")
    assert by["EPISODES"].to_dict() == {"A": 4, "B": 3, "C": 1}
    assert by.loc["A", "MISSING_M"] == 2 and by.loc["A", "AWAY_A"] == 2
    assert by["OVER_3"].to_dict() == {"A": True, "B": False, "C": False}
    ep = missing.missing_episodes(ds, W, DEFAULTS)
    assert ep.loc[ep["CHILD"] == "A", "DAYS_MISSING"].tolist()[:2] == [1, 0]


def test_no_missing_table_is_null():
    ds = make_dataset(episodes=[("A", "2020-01-01", "S", "C2", "U4", None, None)])
    assert missing.summary(ds, W, DEFAULTS) is None

"""Small-number suppression, each table worked out by hand."""
import pandas as pd
import pytest

from iro_audit.suppression import suppress_table, suppress_value, suppression_mask


def test_suppress_value():
    assert suppress_value(0) == 0          # zero is not suppressed
    assert suppress_value(1) == "c"
    assert suppress_value(5) == "c"
    assert suppress_value(5.0) == "c"
    assert suppress_value(6) == 6
    assert suppress_value(None) is None


def test_primary_only_without_totals_and_zeros_kept():
    df = pd.DataFrame({"LS": ["C1", "C2", "V2"], "boys": [0, 3, 12], "girls": [7, 5, 6]})
    out = suppress_table(df, ["boys", "girls"])
    assert out["boys"].tolist() == [0, "c", 12]
    assert out["girls"].tolist() == [7, "c", 6]
    assert out["LS"].tolist() == ["C1", "C2", "V2"]
    assert df["boys"].tolist() == [0, 3, 12]  # the input is not changed


def test_secondary_across_a_row_with_a_total():
    # Row A: 3 is hidden; total 30 would reveal it, so the next smallest (8) goes too; the 0 is
    # left (hiding a zero protects nothing). Row B has nothing small.
    df = pd.DataFrame({"team": ["A", "B"], "x": [3, 10], "y": [19, 20], "z": [8, 11],
                       "w": [0, 9], "total": [30, 50]})
    out = suppress_table(df, ["x", "y", "z", "w"], total_column="total")
    assert out.loc[0, ["x", "y", "z", "w", "total"]].tolist() == ["c", 19, "c", 0, 30]
    assert out.loc[1, ["x", "y", "z", "w", "total"]].tolist() == [10, 20, 11, 9, 50]


def test_secondary_in_both_directions_with_total_row_by_label():
    #            a    b    total
    # north      4   20     24
    # south     10   30     40
    # Total     14   50     64
    # Primary: north/a (4). Row north: hide the next smallest, north/b (20).
    # Column a: north/a hidden, the total 14 shown -> hide south/a (10).
    # Column b: north/b hidden, total shown -> hide south/b (30).
    # Row south: both hidden, total shown: two hidden, nothing more. All stable.
    df = pd.DataFrame({"area": ["north", "south", "Total"], "a": [4, 10, 14], "b": [20, 30, 50],
                       "total": [24, 40, 64]})
    out = suppress_table(df, ["a", "b"], total_row="Total", total_column="total")
    assert out["a"].tolist() == ["c", "c", 14]
    assert out["b"].tolist() == ["c", "c", 50]
    assert out["total"].tolist() == [24, 40, 64]


def test_total_row_by_position():
    df = pd.DataFrame({"area": ["north", "south", "Total"], "a": [4, 10, 14], "b": [20, 30, 50]},
                      index=["n", "s", "t"])
    # column a: 4 hidden, the total would reveal it, so 10 goes too; column b untouched
    out = suppress_table(df, ["a", "b"], total_row=-1)
    assert out["a"].tolist() == ["c", "c", 14] and out["b"].tolist() == [20, 30, 50]


def test_a_small_total_is_hidden_and_its_cells_with_it():
    # Row north: 2 and 0, total 2: both 2s are small. Column a with a total row: north/a hidden,
    # total 12 shown -> south/a (10) hidden. Then column total: north total hidden (2), so the
    # total column (22 grand) reveals it -> the next smallest row total, south (20), hidden.
    df = pd.DataFrame({"a": [2, 10, 12], "b": [0, 10, 10], "total": [2, 20, 22]},
                      index=["north", "south", "all"])
    m = suppression_mask(df, ["a", "b"], total_row="all", total_column="total")
    assert m.loc["north"].tolist() == [True, False, True]
    # row south: a hidden, total hidden -> two hidden, fine; column a: two hidden;
    # column total: north and south hidden; column b has no hidden cell.
    assert m.loc["south"].tolist() == [True, False, True]
    assert m.loc["all"].tolist() == [False, False, False]


def test_percentage_hidden_with_its_numerator():
    df = pd.DataFrame({"question": ["Q1", "Q2", "Q3"], "yes": [4, 0, 30], "pct": [40.0, 0.0, 75.0]})
    out = suppress_table(df, ["yes"], pct_columns={"pct": "yes"})
    assert out["yes"].tolist() == ["c", 0, 30]
    assert out["pct"].tolist() == ["c", 0.0, 75.0]


def test_bad_arguments_are_explained():
    df = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(ValueError, match="not in the table"):
        suppress_table(df, ["b"])
    with pytest.raises(ValueError, match="total row 'Total'"):
        suppress_table(df, ["a"], total_row="Total")

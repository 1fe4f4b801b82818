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


# -- lines, proportions and one paper's register --------------------------------------------

from iro_audit.suppression import Disclosure, hide_cells, proportion_hidden, table_lines  # noqa: E402


def test_a_proportion_hides_its_numerator_when_n_or_d_minus_n_is_small():
    assert proportion_hidden(3, 40) == (True, False)     # 3 of 40: c (c of 40)
    assert proportion_hidden(38, 40) == (True, False)    # 38 of 40 gives away the 2 who were not
    assert proportion_hidden(8, 40) == (False, False)
    assert proportion_hidden(34, 40) == (False, False)   # 6 were not: shown
    assert proportion_hidden(0, 3) == (False, True)      # "0 of c": the 3 is the small count
    assert proportion_hidden(0, 0) == (False, False)


def test_second_cell_is_the_smallest_non_zero_part_then_the_total_then_a_zero():
    line = [(["a", "b"], "t")]
    # a is hidden (say by another line); b is 0, so the total goes
    assert hide_cells({"a": 10, "b": 0, "t": 10}, line, hidden={"a"}) == {"a", "t"}
    # the total was printed elsewhere (fixed): the zero goes, so a reader cannot subtract
    assert hide_cells({"a": 10, "b": 0, "t": 10}, line, hidden={"a"}, fixed={"t"}) == {"a", "b"}
    # a non-zero part first: 3 is small, 7 < 9 is the next smallest
    assert hide_cells({"a": 3, "b": 9, "c": 7, "t": 19}, [(["a", "b", "c"], "t")]) == {"a", "c"}


def test_a_pick_that_would_strand_another_line_is_passed_over():
    # A one-team table: the team row equals the Total row, whose figures the paper printed
    # already (discussions 12 shown; formal 4 and all 16 hidden). Row 0's formal 4 is hidden;
    # hiding its discussions (12) would leave column "D" with one hidden cell beside the shown
    # total 12, so its all (16) goes instead.
    values = {(0, "D"): 12, (0, "F"): 4, (0, "A"): 16, (1, "D"): 12, (1, "F"): 4, (1, "A"): 16}
    lines = table_lines(2, ["D", "F", "A"], total_row=1, total_column="A", row_parts=["D", "F"])
    hide = hide_cells(values, lines, hidden={(1, "F"), (1, "A")},
                      fixed={(1, "D"), (1, "F"), (1, "A")})
    assert hide == {(0, "F"), (0, "A"), (1, "F"), (1, "A")}


def test_a_figure_prints_as_the_paper_printed_it_before():
    paper = Disclosure()
    # a table of 3 + 10 = 13 hides the 3 and then the 10
    hide = paper.settle({"x": 3, "y": 10, "t": 13}, [(["x", "y"], "t")], keys={"y": "y@2025/26"})
    assert hide == {"x", "y"}
    assert paper.count(10, "y@2025/26") is True     # 10 is not small, but it was hidden
    assert paper.count(10, "y@2024/25") is False    # another period is another figure
    assert Disclosure(on=False).count(3, "z") is False


def test_a_total_in_another_table_cannot_give_away_a_hidden_figure():
    # discussions 3 (hidden) and formal 40 (shown) printed first; a later table by reason has
    # a Total of all escalations, 43 = 3 + 40: it goes, and with it a second reason.
    paper = Disclosure()
    paper.relate("all", ["disc", "formal"])
    assert paper.count(3, "disc") is True
    assert paper.count(40, "formal") is False
    hide = paper.settle({"r1": 20, "r2": 23, "t": 43}, [(["r1", "r2"], "t")], keys={"t": "all"})
    assert hide == {"t", "r1"}


def test_a_later_figure_is_hidden_when_an_earlier_total_would_give_away_another():
    # the total (43) printed first; then discussions 3 (hidden): formal 40 must go too
    paper = Disclosure()
    paper.relate("all", ["disc", "formal"])
    assert paper.count(43, "all") is False
    assert paper.count(3, "disc") is True
    assert paper.count(40, "formal") is True


def test_shares_of_one_denominator_are_settled_together():
    # 100 reviews: PN1 60, PN6 37, PN7 3. PN7 is hidden, so is the next smallest, PN6; the
    # proportions printed one by one afterwards follow suit.
    paper = Disclosure()
    hidden = paper.shares({"PN1@q": 60, "PN6@q": 37, "PN7@q": 3}, 100, "reviews@q")
    assert hidden == {"PN6@q", "PN7@q"}
    assert paper.proportion(37, 100, "PN6@q", "reviews@q") == (True, False)
    assert paper.proportion(60, 100, "PN1@q", "reviews@q") == (False, False)


def test_a_figure_printed_later_is_hidden_ahead_when_shown_ones_would_give_it_away():
    # Over 6 months (11) = 6 to 12 months (2, in a table further on) + over 12 months (9).
    # The headline prints 11 first; printing 9 beside it would give the 2 away, so the 9 goes.
    paper = Disclosure()
    paper.relate("over6", ["6-12", "over12"], values={"over6": 11, "6-12": 2, "over12": 9})
    assert paper.count(11, "over6") is False
    assert paper.count(9, "over12") is True
    assert paper.hidden("6-12") is True       # recorded hidden ahead of its own table
    # without the values the register could not see it coming (the line is not complete)
    blind = Disclosure()
    blind.relate("over6", ["6-12", "over12"])
    blind.count(11, "over6")
    assert blind.count(9, "over12") is False

"""Periods of care, runs and placements on hand-built episodes (answers worked out by hand)."""
import pandas as pd

from iro_audit.periods import all_problems, care
from iro_audit.testing import make_dataset

T = pd.Timestamp


def test_chained_episodes_make_one_period():
    ds = make_dataset(episodes=[
        ("A", "2023-01-10", "S", "V2", "U4", "2023-03-01", "X1"),
        ("A", "2023-03-01", "L", "C1", "U4", "2023-06-01", "X1"),   # legal status change
        ("A", "2023-06-01", "P", "C2", "U1", None, None),            # change of carer
    ])
    c = care(ds)
    assert len(c.periods) == 1
    p = c.periods.iloc[0]
    assert p.START == T("2023-01-10") and pd.isna(p.END) and p.N_EPISODES == 3
    # placements: first episode, then the P episode; the L episode does not begin one
    assert c.placements["START"].tolist() == [T("2023-01-10"), T("2023-06-01")]
    assert c.placements["END"].iloc[0] == T("2023-06-01") and pd.isna(c.placements["END"].iloc[1])


def test_new_period_after_leaving_and_re_entering_care():
    ds = make_dataset(episodes=[
        ("A", "2022-01-01", "S", "V2", "U4", "2022-05-01", "E4A"),   # returned home
        ("A", "2022-05-01", "S", "C1", "U4", "2022-09-01", "X1"),   # same day, but REC not X1
        ("A", "2022-09-10", "P", "C1", "U5", None, None),            # gap: DECOM != previous DEC
    ])
    c = care(ds)
    assert c.periods["START"].tolist() == [T("2022-01-01"), T("2022-05-01"), T("2022-09-10")]
    assert c.periods["PERIOD_SEQ"].tolist() == [1, 2, 3]
    assert c.periods["LAST_REC"].tolist()[:2] == ["E4A", "X1"]


def test_rne_s_starts_a_period_even_when_chained():
    ds = make_dataset(episodes=[
        ("A", "2022-01-01", "S", "C2", "U4", "2022-05-01", "X1"),
        ("A", "2022-05-01", "S", "C2", "U4", None, None),
    ])
    assert len(care(ds).periods) == 2


def test_looked_after_at_uses_end_exclusive():
    ds = make_dataset(episodes=[("A", "2023-01-10", "S", "C2", "U4", "2023-05-01", "E8")])
    c = care(ds)
    assert len(c.looked_after_at("2023-01-10")) == 1   # start day counts
    assert len(c.looked_after_at("2023-04-30")) == 1
    assert len(c.looked_after_at("2023-05-01")) == 0   # ended that day
    assert len(c.looked_after_at("2023-01-09")) == 0


def test_short_break_periods_are_left_out():
    ds = make_dataset(episodes=[
        ("SB", "2023-01-10", "S", "V3", "U4", "2023-01-12", "X1"),
        ("SB", "2023-01-12", "L", "V4", "U4", None, None),
        ("MIX", "2023-01-10", "S", "V3", "U4", "2023-02-01", "X1"),
        ("MIX", "2023-02-01", "L", "V2", "U4", None, None),          # not all short breaks
    ])
    c = care(ds)
    assert c.periods.set_index("CHILD")["SHORT_BREAK"].to_dict() == {"SB": True, "MIX": False}
    assert c.looked_after_at("2023-03-01")["CHILD"].tolist() == ["MIX"]
    # the V2 episode of the mixed period is an s20 run; nothing for the short-break child
    assert c.runs("s20")["CHILD"].tolist() == ["MIX"]


def test_s20_run_converting_to_interim_care_order():
    ds = make_dataset(episodes=[
        ("A", "2023-01-10", "S", "V2", "U4", "2023-02-01", "X1"),
        ("A", "2023-02-01", "P", "V2", "U5", "2023-03-15", "X1"),   # still s20, new carer
        ("A", "2023-03-15", "L", "C1", "U5", None, None),            # interim care order
    ])
    r = care(ds).runs("s20")
    assert len(r) == 1
    run = r.iloc[0]
    assert run.START == T("2023-01-10") and run.END == T("2023-03-15")
    assert run.NEXT_LS == "C1" and run.NEXT_DECOM == T("2023-03-15")
    assert not run.LAST_IN_PERIOD


def test_two_s20_runs_in_one_period_split_by_an_order():
    ds = make_dataset(episodes=[
        ("A", "2023-01-10", "S", "V2", "U4", "2023-02-01", "X1"),
        ("A", "2023-02-01", "L", "C1", "U4", "2023-04-01", "X1"),
        ("A", "2023-04-01", "L", "V2", "U4", "2023-05-01", "E4A"),
    ])
    r = care(ds).runs("s20")
    assert r["START"].tolist() == [T("2023-01-10"), T("2023-04-01")]
    assert r["LAST_IN_PERIOD"].tolist() == [False, True]
    assert r["PERIOD_END"].iloc[1] == T("2023-05-01") and r["LAST_REC"].iloc[1] == "E4A"


def test_placed_with_parents_across_a_legal_status_change_is_one_run():
    ds = make_dataset(episodes=[
        ("A", "2022-01-01", "S", "C1", "U4", "2022-06-01", "X1"),
        ("A", "2022-06-01", "P", "C1", "P1", "2022-09-01", "X1"),
        ("A", "2022-09-01", "L", "C2", "P1", None, None),            # full order, still at home
    ])
    c = care(ds)
    r = c.runs("pwp")
    assert len(r) == 1 and r.iloc[0].START == T("2022-06-01") and pd.isna(r.iloc[0].END)
    at = c.episode_at("2023-01-01")
    assert at["LS"].tolist() == ["C2"]


def test_reviews_join_periods_and_orphans_are_data_quality_rows():
    ds = make_dataset(
        episodes=[("A", "2023-01-10", "S", "C2", "U4", "2023-05-01", "E8"),
                  ("A", "2023-05-01", "S", "C2", "U4", None, None)],
        reviews=[("A", "2023-01-05", "PN1"),   # before care: orphan
                 ("A", "2023-02-01", "PN1"),
                 ("A", "2023-02-01", "PN5"),   # duplicate date: first kept
                 ("A", "2023-05-01", "PN1")],  # on the day one ends and the next begins
    )
    c = care(ds)
    assert c.reviews["REVIEW"].tolist() == [T("2023-02-01"), T("2023-05-01")]
    assert c.reviews["REVIEW_CODE"].tolist() == ["PN1", "PN1"]
    assert c.reviews["PERIOD_START"].tolist() == [T("2023-01-10"), T("2023-05-01")]
    probs = all_problems(ds)
    assert sorted(probs["rule"]) == ["duplicate_review", "review_outside_care"]
    assert set(probs["action"]) == {"row set aside"}


def test_no_episodes_gives_empty_frames():
    c = care(make_dataset())
    assert c.periods.empty and c.runs("s20").empty and c.looked_after_at("2024-01-01").empty


def test_dates_outside_the_countable_years_are_set_aside_not_a_crash():
    # A year typed as 0204 (for 2024) or 2300 reaches periods in a Dataset the loader did not
    # check. Days are counted in datetime64[ns] (1678-2261), so such a date cannot be counted
    # from (rule date_out_of_range): A's extra episode starting in 204 is set aside; C's episode
    # ending in 2300 is set aside too, as the loader does with an implausible DEC (cleared, it
    # would make the episode look open: C would be looked after today); B's review of 205 is
    # set aside and B's DOB of 201 cleared - each a data-quality row.
    import datetime as dt
    ds = make_dataset(header=[("A", "2012-03-01"), ("B", "2014-01-01"), ("C", "2013-01-01")],
                      episodes=[("A", "2024-02-01", "S", "C2", "U4", None, None),
                                ("B", "2024-05-01", "S", "C2", "U4", None, None),
                                ("C", "2024-06-01", "S", "C2", "U4", None, None)],
                      reviews=[("A", "2024-02-20", "PN1"), ("B", "2024-05-20", "PN1")])
    ep = ds["episodes"]
    ep["DECOM"] = ep["DECOM"].astype("datetime64[us]")
    ep["DEC"] = ep["DEC"].astype("datetime64[us]")
    extra = ep.iloc[[0]].copy()
    extra["DECOM"] = pd.Series([dt.datetime(204, 2, 1)], dtype="datetime64[us]").to_numpy()
    extra["_row"] = 9
    ep = pd.concat([ep, extra], ignore_index=True)
    ep.loc[ep["CHILD"] == "C", "DEC"] = pd.Series([dt.datetime(2300, 5, 1)], dtype="datetime64[us]").to_numpy()
    ds.tables["episodes"] = ep
    rv = ds["reviews"]
    rv["REVIEW"] = rv["REVIEW"].astype("datetime64[us]")
    rv["REVIEW"] = pd.Series([dt.datetime(2024, 2, 20), dt.datetime(205, 1, 1)], dtype="datetime64[us]").to_numpy()
    ds.tables["reviews"] = rv
    hd = ds["header"]
    hd["DOB"] = pd.Series([dt.datetime(2012, 3, 1), dt.datetime(201, 1, 1), dt.datetime(2013, 1, 1)],
                          dtype="datetime64[us]").to_numpy()
    ds.tables["header"] = hd

    c = care(ds)
    # A: one period from 2024-02-01 (the 204 episode set aside); B: open, DOB blank; C: none
    assert c.periods[["CHILD", "START"]].values.tolist() == [["A", T("2024-02-01")], ["B", T("2024-05-01")]]
    assert c.periods["END"].isna().all()
    assert c.looked_after_at("2025-01-01")["CHILD"].tolist() == ["A", "B"]
    assert c.reviews["REVIEW"].tolist() == [T("2024-02-20")]
    assert pd.isna(c.periods.set_index("CHILD").loc["B", "DOB"])
    got = c.problems[["table", "column", "value", "rule", "action"]].values.tolist()
    assert sorted(got) == sorted([
        ["header", "DOB", "0201-01-01", "date_out_of_range", "value cleared"],
        ["episodes", "DECOM", "0204-02-01", "date_out_of_range", "row set aside"],
        ["episodes", "DEC", "2300-05-01", "date_out_of_range", "row set aside"],
        ["reviews", "REVIEW", "0205-01-01", "date_out_of_range", "row set aside"],
    ])
    assert c.problems.loc[c.problems["column"] == "DECOM", "row"].tolist() == [9]
    assert len(all_problems(ds)) == 4

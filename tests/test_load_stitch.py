"""Several years' returns in one folder, and the peer (real-format) SSDA903 data."""
import shutil

import pandas as pd
import pytest

from iro_audit.load import load_dataset

from _loadkit import EPISODES_HEAD, FIXTURES, check_accounting, folder, only, peer

T = pd.Timestamp


def test_multi_year_later_return_wins_and_open_episode_closed():
    ds = load_dataset(FIXTURES / "multi_year")
    # the one repair (child 003's 2018 episode closed at the next DECOM) is its own row:
    # tests/test_load_stitch_repair.py
    assert ds.problems[["file", "row", "rule", "action"]].values.tolist() == [
        ["2019/episodes.csv", 3, "closed_at_next_start", "repaired"]]
    e = ds["episodes"].sort_values(["CHILD", "DECOM"]).reset_index(drop=True)
    assert e[["CHILD", "DECOM", "DEC", "_file"]].values.tolist() == [
        # open in 2019, closed by the 2020 return (which wins)
        ["001", T("2018-06-01"), T("2020-01-15"), "2020/episodes.csv"],
        ["001", T("2020-01-15"), pd.NaT, "2020/episodes.csv"],
        # open in 2019 and absent from 2020: closed at the next episode's DECOM
        ["003", T("2018-10-10"), T("2019-12-20"), "2019/episodes.csv"],
        ["003", T("2019-12-20"), pd.NaT, "2020/episodes.csv"],
    ]
    assert e.loc[0, "REC"] == "X1" and e.loc[2, "REC"] == "X1"  # 003: REC was blank, set to X1
    r = ds["reviews"].sort_values(["CHILD", "REVIEW"]).reset_index(drop=True)
    assert r[["CHILD", "REVIEW", "REVIEW_CODE"]].values.tolist() == [
        ["001", T("2018-06-20"), "PN0"], ["001", T("2019-12-10"), "PN1"],
        ["003", T("2018-11-01"), "PN2"]]  # PN1 in 2019, PN2 in the later return
    assert len(ds["header"]) == 2
    s = ds.load_summary.set_index("file")
    assert s.loc["2019/episodes.csv", ["year", "rows_read", "rows_kept", "rows_stitched"]].tolist() == [2019, 2, 1, 1]
    assert s.loc["2020/episodes.csv", ["year", "rows_kept", "rows_stitched"]].tolist() == [2020, 3, 0]
    assert s.loc["2019/header.csv", "rows_stitched"] == 2
    assert ds.load_stats["episodes left open and closed at the next start"] == 1
    check_accounting(ds)


def test_year_order_not_name_order_decides(tmp_path):
    # the later return is named "a_..." (sorts first): its collection year still wins
    d = folder(tmp_path, episodes_csv=None)
    (d / "z_2019.csv").write_text(EPISODES_HEAD + "\n001,01/04/2018,S,C2,N1,U1,PR1,,,,,,\n002,15/05/2018,S,V2,N2,K2,PR1,,,,,,\n")
    (d / "a_2020.csv").write_text(EPISODES_HEAD + "\n001,01/04/2018,S,C2,N1,U1,PR1,01/10/2019,E4A,,,,\n")
    ds = load_dataset(d)
    e = ds["episodes"].set_index("CHILD")
    assert e.loc["001", "DEC"] == T("2019-10-01") and e.loc["001", "REC"] == "E4A"
    assert e.loc["001", "_file"] == "a_2020.csv"
    assert ds.load_summary.set_index("file").loc["z_2019.csv", "rows_stitched"] == 1
    check_accounting(ds)


def test_stitching_duplicates_are_not_problems_but_duplicates_within_a_file_are(tmp_path):
    d = tmp_path / "d"
    shutil.copytree(FIXTURES / "multi_year", d)
    p = d / "2020" / "reviews.csv"
    p.write_text(p.read_text() + "003,01/01/2008,01/11/2018,PN2\n")
    ds = load_dataset(d)
    assert ds.problems[["file", "row", "rule"]].values.tolist() == [
        ["2019/episodes.csv", 3, "closed_at_next_start"], ["2020/reviews.csv", 5, "duplicate"]]
    check_accounting(ds)


def test_peer_ssda903_data_loads_and_every_row_is_accounted_for():
    ds = load_dataset(peer())
    check_accounting(ds)
    s = ds.load_summary.set_index("file")
    assert s.loc["LICENSE", "table"] is None or pd.isna(s.loc["LICENSE", "table"])
    for f in ["episodes.csv", "header.csv", "reviews.csv", "oc2.csv", "sw_episodes.csv", "uasc.csv"]:
        assert s.loc[f, "table"] == f[:-4]
    # quirks: BOM + CRLF sw_episodes, a child not in header, MOTHER "1.0"
    sw = ds["sw_episodes"]
    assert sw["CHILD"].tolist() == ["CHILD10"] and sw.loc[0, "SW_DEC"] == T("2020-01-03")
    assert only(ds.problems, "child_not_in_header")["file"].tolist() == ["sw_episodes.csv"]
    assert (ds["header"]["MOTHER"] == 1.0).sum() == 1
    # E45-E48 in 2017-18 returns are valid in their year: none set aside, none reported
    assert only(ds.problems, "code_year").empty
    assert ds["episodes"]["REC"].isin(["E45", "E46", "E47", "E48"]).sum() == 226
    assert len(ds["episodes"]) == 5050  # overlaps are truncated, never dropped
    # V3/V4 short breaks are loaded as they are
    assert ds["episodes"]["LS"].isin(["V3", "V4"]).sum() == 803
    # after loading no episode of a child overlaps its next one
    e = ds["episodes"].sort_values(["CHILD", "DECOM"])
    nxt = e.groupby("CHILD")["DECOM"].shift(-1)
    assert not (e["DEC"] > nxt).any()
    assert not ((e["DEC"].isna()) & nxt.notna()).any()

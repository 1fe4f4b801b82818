"""An episode left open (or overlapping) before the child's next one is closed at the next DECOM
with REC X1 when REC is blank: the child stayed looked after, so no exit and re-entry is
invented. Each repair is a data-quality row with action "repaired" (rules.rule_overlap)."""
import pandas as pd

from iro_audit import periods
from iro_audit.load import format_problems, load_dataset

from _loadkit import EPISODES_HEAD, FIXTURES, check_accounting, folder, only

T = pd.Timestamp


def test_multi_year_child_003_has_one_period_and_no_invented_exit():
    # 003: s20 from 10/10/2018, open in the 2019 return and absent from 2020, where a care
    # order (RNE L) starts on 20/12/2019. One period of care from 10/10/2018, still open.
    ds = load_dataset(FIXTURES / "multi_year")
    e = ds["episodes"][ds["episodes"]["CHILD"] == "003"].sort_values("DECOM")
    assert e[["DECOM", "DEC", "LS"]].values.tolist() == [
        [T("2018-10-10"), T("2019-12-20"), "V2"], [T("2019-12-20"), pd.NaT, "C2"]]
    assert e["REC"].iloc[0] == "X1" and pd.isna(e["REC"].iloc[1])
    care = periods.care(ds)
    p = care.periods[care.periods["CHILD"] == "003"]
    assert len(p) == 1
    assert p[["START", "N_EPISODES"]].values.tolist() == [[T("2018-10-10"), 2]]
    assert pd.isna(p["END"].iloc[0])  # still looked after: no exit
    # the s20 run ends in a care order inside the same period (not "left care")
    run = care.runs("s20")
    run = run[run["CHILD"] == "003"]
    assert run[["END", "NEXT_LS", "LAST_IN_PERIOD"]].values.tolist() == [[T("2019-12-20"), "C2", False]]
    assert run["LAST_REC"].tolist() == ["X1"]


def test_multi_year_repair_row():
    ds = load_dataset(FIXTURES / "multi_year")
    p = only(ds.problems, "closed_at_next_start")
    assert p[["file", "row", "table", "column", "value", "action"]].values.tolist() == [
        ["2019/episodes.csv", 3, "episodes", "DEC", None, "repaired"]]
    assert p.loc[0, "expected"] == (
        "a DEC: left open before the child's next DECOM; closed on 20/12/2019, REC set to X1 "
        "(the child stayed looked after, so the period of care continues)")
    assert ds.load_stats["episodes left open and closed at the next start"] == 1
    assert "1 repaired" in format_problems(ds.problems)
    check_accounting(ds)  # a repaired row is kept: no row goes missing


def test_open_episode_with_a_recorded_rec_keeps_it(tmp_path):
    # 001's first episode is open but says E4A (returned home): REC is not overwritten, so the
    # period ends there and the next episode starts a new one - as recorded.
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,,E4A,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    e = ds["episodes"].sort_values(["CHILD", "DECOM"]).reset_index(drop=True)
    assert e.loc[0, "DEC"] == T("2019-10-01") and e.loc[0, "REC"] == "E4A"
    p = only(ds.problems, "closed_at_next_start")
    assert p["expected"].tolist() == [
        "a DEC: left open before the child's next DECOM; closed on 01/10/2019, REC left as "
        "recorded (E4A)"]
    assert len(periods.care(ds).periods.query("CHILD == '001'")) == 2


def test_open_episode_before_a_new_period_gets_no_x1(tmp_path):
    # the next episode says RNE S (started to be looked after): the child did leave care in
    # between, so REC stays blank (reason not recorded) rather than claiming X1
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,,,,,,
001,01/10/2019,S,C2,N1,U4,PR1,,,,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    e = ds["episodes"].sort_values(["CHILD", "DECOM"]).reset_index(drop=True)
    assert e.loc[0, "DEC"] == T("2019-10-01") and pd.isna(e.loc[0, "REC"])
    p = only(ds.problems, "closed_at_next_start")
    assert p["expected"].str.endswith("REC left blank (the next episode starts a new period of "
                                      "care: RNE S)").all()


def test_overlap_with_blank_rec_gets_x1_and_one_period(tmp_path):
    # 001's first episode runs to 05/10/2019 but the next starts 01/10/2019; REC blank
    d = folder(tmp_path, episodes_csv=EPISODES_HEAD + """
001,01/04/2019,S,C2,N1,U1,PR1,05/10/2019,,,,,
001,01/10/2019,P,C2,N1,U4,PR1,,,CARPL,,,
002,15/05/2019,S,V2,N2,K2,PR1,,,,,,
""")
    ds = load_dataset(d)
    e = ds["episodes"].sort_values(["CHILD", "DECOM"]).reset_index(drop=True)
    assert (e.loc[0, "DEC"], e.loc[0, "REC"]) == (T("2019-10-01"), "X1")
    p = only(ds.problems, "overlap")
    assert p[["row", "column", "value", "action"]].values.tolist() == [[2, "DEC", "05/10/2019", "repaired"]]
    assert p.loc[0, "expected"] == (
        "a date on or before the next DECOM (01/10/2019); closed on 01/10/2019, REC set to X1 "
        "(the child stayed looked after, so the period of care continues)")
    assert only(ds.problems, "closed_at_next_start").empty  # one row per repair, not two
    assert len(periods.care(ds).periods.query("CHILD == '001'")) == 1
    check_accounting(ds)


def test_last_open_episode_is_not_repaired(tmp_path):
    # the base folder: 001's second episode and 002's only episode are open and last: the
    # children are still looked after, nothing to repair
    ds = load_dataset(folder(tmp_path))
    assert ds.problems.empty
    assert ds["episodes"]["DEC"].isna().sum() == 2


def test_social_worker_episode_left_open_is_closed_and_reported(tmp_path):
    d = folder(tmp_path, sw_episodes_csv="""
CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON
001,15/06/2015,SW1,01/04/2019,,
001,15/06/2015,SW2,01/09/2019,,
""")
    ds = load_dataset(d)
    sw = ds["sw_episodes"].sort_values("SW_DECOM")
    assert sw["SW_DEC"].tolist()[0] == T("2019-09-01") and pd.isna(sw["SW_DEC"].tolist()[1])
    p = only(ds.problems, "closed_at_next_start")
    assert p[["file", "row", "column", "action"]].values.tolist() == [["sw_episodes.csv", 2, "SW_DEC", "repaired"]]
    assert p.loc[0, "expected"] == "a SW_DEC: left open before the child's next SW_DECOM; closed on 01/09/2019"


def test_the_data_quality_section_counts_and_names_repairs():
    from iro_audit.report.context import open_report
    from iro_audit.report.quality import data_quality_section

    ctx = open_report("quarterly_performance", data_dir=str(FIXTURES / "multi_year"),
                      start="2019-04-01", end="2020-03-31")
    block = data_quality_section(ctx)
    text = "".join(p for p in block.parts if isinstance(p, str))
    assert "0 kept for information, 1 repaired (e.g. an episode left open closed at the next" in text
    assert block.data["summary"][["rule", "action", "rows"]].values.tolist() == [
        ["closed_at_next_start", "repaired", 1]]

"""Statistics: change tests, XmR SPC, dip-sample size; each figure worked out by hand."""
import math

import numpy as np
import pandas as pd
import pytest

from iro_audit.stats import (achieved_margin, change_test, format_p, round_half_up, sample_size,
                             wilson_interval, xmr)

# ------------------------------------------------------------------ existing helpers unchanged


def test_round_half_up_and_wilson_unchanged():
    assert round_half_up(2.25, 1) == 2.3
    lo, hi = wilson_interval(5, 10)
    assert (round_half_up(100 * lo, 1), round_half_up(100 * hi, 1)) == (23.7, 76.3)
    assert wilson_interval(0, 0) is None


# ------------------------------------------------------------------ change test


def test_change_test_two_proportion_z_by_hand():
    # 189/200 = 94.5% then 176/192 = 91.67%. Pooled 365/392; smallest expected count is
    # 192 x 27 / 392 = 13.2, so the z test. se = sqrt(P(1-P)(1/200 + 1/192)).
    r = change_test(189, 200, 176, 192)
    P = 365 / 392
    se = math.sqrt(P * (1 - P) * (1 / 200 + 1 / 192))
    z = (176 / 192 - 189 / 200) / se
    assert z == pytest.approx(-1.1073, abs=1e-4)
    p = math.erfc(abs(z) / math.sqrt(2))
    assert r["test"] == "two-proportion z"
    assert r["p_value"] == pytest.approx(p, rel=1e-9)
    assert (r["pct1"], r["pct2"], r["difference"]) == (94.5, 91.7, -2.8)
    assert r["significant"] is False
    assert r["verdict"] == "down from 94.5% to 91.7%, not more than chance (p = 0.27)"


def test_change_test_significant_rise():
    # 50/100 then 80/100: pooled 0.65, se = sqrt(0.65 x 0.35 x 0.02) = 0.067454, z = 4.447
    r = change_test(50, 100, 80, 100)
    assert r["test"] == "two-proportion z"
    assert r["p_value"] == pytest.approx(math.erfc(0.3 / math.sqrt(0.65 * 0.35 * 0.02) / math.sqrt(2)))
    assert r["significant"] is True
    assert r["verdict"] == "up from 50.0% to 80.0%, more than chance (p < 0.001)"


def test_change_test_uses_fisher_when_an_expected_count_is_under_5():
    # [[1, 3], [4, 0]]: margins 4/4 and 5/3 of 8; P(k) = C(5,k) C(3,4-k) / 70 for k = 1..4 is
    # 5, 30, 30, 5 /70. Observed k = 1 (5/70); two-sided p = (5 + 5) / 70.
    r = change_test(1, 4, 4, 4)
    assert r["test"] == "Fisher's exact"
    assert r["p_value"] == pytest.approx(10 / 70)
    assert r["verdict"] == "up from 25.0% to 100.0%, not more than chance (p = 0.14)"


def test_change_test_no_denominator_and_unchanged():
    r = change_test(0, 0, 3, 4)
    assert r["p_value"] is None and r["verdict"] == "no comparison: no cases in the first window"
    r = change_test(10, 20, 20, 40)
    assert r["p_value"] == pytest.approx(1.0)
    assert r["verdict"] == "unchanged at 50.0%, not more than chance (p = 1.00)"
    # 10001/20000 = 50.005% shows as 50.0%: the same to one decimal, but not equal
    assert change_test(10000, 20000, 10001, 20000)["verdict"].startswith("little changed at 50.0%")
    with pytest.raises(ValueError):
        change_test(5, 4, 1, 2)


def test_format_p():
    assert format_p(0.2149) == "p = 0.21"
    assert format_p(0.0449) == "p = 0.04"
    assert format_p(0.0049) == "p = 0.005"
    assert format_p(0.0004) == "p < 0.001"


# ------------------------------------------------------------------ XmR

SERIES = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_xmr_matches_nhsrplotthedots_unscreened():
    # mean 35/18 = 1.944; moving ranges 1,1,1,8,9 then twelve 1s: mean 32/17 = 1.882;
    # limits 1.944 +/- 2.66 x 1.882 = 6.95 / -3.06 (NHSRplotthedots' published figures)
    r = xmr(SERIES)
    assert round(r["MEAN"].iloc[0], 2) == 1.94
    assert round(r["UPL"].iloc[0], 2) == 6.95
    assert round(r["LPL"].iloc[0], 2) == -3.06
    assert r["OUTSIDE"].tolist() == [v == 10 for v in SERIES]
    assert r["SPECIAL_CAUSE"].sum() == 1 and r["SIDE"].iloc[4] == "high"
    assert np.isnan(r["MR"].iloc[0]) and r["MR"].iloc[4] == 8


def test_xmr_matches_nhsrplotthedots_screened():
    # 3.267 x 1.882 = 6.15: the ranges 8 and 9 go, fifteen 1s remain, mean MR 1;
    # limits 1.944 +/- 2.66 = 4.60 / -0.72
    r = xmr(SERIES, screen_outliers=True)
    assert round(r["MEAN"].iloc[0], 2) == 1.94
    assert round(r["UPL"].iloc[0], 2) == 4.60
    assert round(r["LPL"].iloc[0], 2) == -0.72
    assert r["MR"].isna().sum() == 3  # the first point and the two screened ranges


def test_xmr_run_of_seven_on_one_side_flags_every_point_of_the_run():
    vals = [6, 4, 6, 4, 7, 7, 7, 7, 7, 7, 7, 3, 3, 3]  # mean 78/14 = 5.571
    r = xmr(vals)
    assert r["SHIFT"].tolist() == [False] * 4 + [True] * 7 + [False] * 3
    # six in a row is not enough
    r6 = xmr([6, 4, 6, 4, 7, 7, 7, 7, 7, 7, 3, 3, 3, 3])  # mean 74/14 = 5.29
    assert not r6["SHIFT"].any()


def test_xmr_takes_nullable_integers_and_refuses_gaps():
    assert xmr(pd.Series([1, 2, 3], dtype="Int64"))["MEAN"].iloc[0] == 2
    with pytest.raises(ValueError, match="missing values"):
        xmr(pd.Series([1, None, 3], dtype="Int64"))


def test_xmr_point_on_the_mean_breaks_a_run():
    vals = [6, 6, 6, 5, 6, 6, 6, 4, 4, 4, 4, 4]  # mean 60/12 = 5: the 5 sits on the mean
    r = xmr(vals)
    assert not r["SHIFT"].any()


def test_xmr_trend_of_seven_rising():
    vals = [5, 4, 5, 4, 5, 1, 2, 3, 4, 5, 6, 7, 4, 5]
    r = xmr(vals)
    assert r["TREND"].tolist() == [False] * 5 + [True] * 7 + [False] * 2
    # a repeated value breaks a trend
    r2 = xmr([5, 4, 5, 4, 5, 1, 2, 3, 3, 5, 6, 7, 4, 5])
    assert not r2["TREND"].any()


def test_xmr_two_of_three_beyond_two_thirds():
    # [10, 11] x 8 then 14, 12, 14, 10: mean 218/20 = 10.9; moving ranges fifteen 1s then
    # 3, 2, 2, 4: mean 26/19 = 1.368; UPL 10.9 + 2.66 x 1.368 = 14.54; two-thirds of the way
    # 10.9 + 1.7733 x 1.368 = 13.33. Both 14s lie between, with 12 (above the mean) between them.
    vals = [10, 11] * 8 + [14, 12, 14, 10]
    r = xmr(vals)
    amr = 26 / 19
    assert r["UPL"].iloc[0] == pytest.approx(10.9 + 2.66 * amr)
    assert r["NEAR_UPPER"].iloc[0] == pytest.approx(10.9 + 2 / 3 * 2.66 * amr)
    assert not r["OUTSIDE"].any()
    assert r["TWO_OF_THREE"].tolist() == [False] * 16 + [True, False, True, False]
    assert r["SIDE"].tolist()[16:] == ["high", "", "high", ""]
    # with 10 (below the mean 217/20 = 10.85) between them the three are not all on one side
    r = xmr([10, 11] * 8 + [14, 10, 14, 11])
    assert not r["TWO_OF_THREE"].any()


# ------------------------------------------------------------------ sample size


def test_sample_size_worked_examples():
    # metrics.md: N = 400, p = 0.7, A = 0.05: 3.8416 x 400 x 0.21 / (0.0025 x 400 + 3.8416 x 0.21)
    # = 322.69 / 1.8067 = 178.6 -> 179
    assert sample_size(400, p=0.7, margin=0.05) == 179
    # N = 1000, p = 0.5: 960.4 / (2.5 + 0.9604) = 277.5 -> 278
    assert sample_size(1000) == 278
    # N = 60, p = 0.5, A = 0.1: 3.8416 x 60 x 0.25 / (0.01 x 60 + 0.9604) = 57.624 / 1.5604
    # = 36.93 -> 37
    assert sample_size(60, margin=0.1) == 37
    # never more than the population
    assert sample_size(3) == 3


def test_achieved_margin_by_hand():
    # n = 20 of N = 400 at p = 0.5: 1.96 x sqrt(0.25 / 20 x 380 / 400) = 1.96 x sqrt(0.011875)
    # = 1.96 x 0.108972 = 0.21359 -> 21.4%
    m = achieved_margin(20, 400)
    assert m == pytest.approx(1.96 * math.sqrt(0.011875))
    assert round_half_up(100 * m, 1) == 21.4
    # the inverse of sample_size: 179 of 400 at p = 0.7 achieves just under 5%
    assert 0.0495 < achieved_margin(179, 400, p=0.7) <= 0.05
    assert achieved_margin(400, 400) == 0.0
    with pytest.raises(ValueError):
        achieved_margin(500, 400)
    with pytest.raises(ValueError):
        sample_size(0)

"""The dip-sample cohort of children on a child protection plan (base cp_plan, tool cp_plans):
the frame worked by hand at its band edges, and `iro-audit sample draw` stratifying it."""
import json

import pandas as pd
import pytest

from iro_audit.errors import ParameterError
from iro_audit.sampling import case_frame, draw, load_questions
from iro_audit.testing import make_dataset

AS_AT = "2026-03-31"   # as_at - 3 months = 31 Dec 2025, - 9 = 30 Jun 2025, - 18 = 30 Sep 2024


def _ds(**extra):
    return make_dataset(
        header=[("L", "2012-01-01")],
        episodes=[("L", "2025-01-01", "S", "C2", "U4", None, None)],    # looked after
        cin_children=[("A", "2010-01-01", None), ("B", "2020-06-01", None),
                      ("U", None, "2026-05-01"), ("L", "2012-01-01", None)],
        cp_plans=[
            ("A", "2026-01-01", None, "NEG", None, None),      # a day short of 3 months
            ("B", "2025-12-31", None, "PHY", "EMO", 2),        # 3 months to the day
            ("U", "2025-06-30", None, "NEG", None, None),      # 9 months to the day; unborn
            ("L", "2024-09-30", None, "MUL", None, None),      # 18 months to the day
            ("E", "2024-03-31", None, "SAB", None, None),      # 2 years; not in cin_children
            ("X", "2025-01-01", "2026-03-31", "NEG", None, None),   # ended on the audit date
        ], **extra)


def test_cp_plan_frame_one_row_per_child_on_a_plan_with_duration_bands():
    cf = case_frame(_ds(), AS_AT, base="cp_plan")
    assert cf["CHILD"].tolist() == ["A", "B", "E", "L", "U"]            # X's plan had ended
    assert cf["DURATION_BAND"].tolist() == ["under 3 months", "3-9 months", "2 years or more",
                                            "18 months to 2 years", "9-18 months"]
    assert cf["CATEGORY"].tolist() == ["NEG", "EMO", "SAB", "MUL", "NEG"]   # B: latest category
    assert cf["PLAN_DAYS"].tolist() == [89, 90, 730, 547, 274]
    assert cf["PREVIOUS_PLANS"].tolist() == [0, 2, 0, 0, 0]
    assert cf["LOOKED_AFTER"].tolist() == [False, False, False, True, False]
    # A born 1 Jan 2010 is 16; E (not in cin_children) and U (unborn) have no age
    assert cf["AGE"].tolist()[:2] == [16, 5] and cf["AGE"].isna().tolist() == [False, False, True, False, True]
    assert cf["AGE_BAND"].tolist()[:2] == ["16+", "5-9"]
    assert cf["CHAIR_ID"].isna().all()                                   # no conference records


def test_cp_plan_frame_takes_the_chair_of_the_latest_conference():
    ds = _ds(cp_conferences=[("1", "A", "2026-01-01", "ICPC", "I1"),
                             ("2", "A", "2026-03-01", "RCPC", "I2"),
                             ("3", "B", "2026-04-01", "RCPC", "I1")])     # after the audit date
    cf = case_frame(ds, AS_AT, base="cp_plan").set_index("CHILD")
    assert cf.loc["A", "CHAIR_ID"] == "I2" and pd.isna(cf.loc["B", "CHAIR_ID"])


def test_cp_plan_cohort_needs_plans():
    ds = make_dataset(header=[("L", "2012-01-01")],
                      episodes=[("L", "2025-01-01", "S", "C2", "U4", None, None)])
    with pytest.raises(ParameterError, match="cp_plans table"):
        case_frame(ds, AS_AT, base="cp_plan")


def test_draw_stratified_by_duration_band_takes_one_child_of_each_band():
    qs = load_questions("cp_plans")
    assert qs.base == "cp_plan" and "DRIFT_CONSIDERED_9M" in qs.ids
    got = draw(_ds(), qs, AS_AT, n=5, seed=3, strata="DURATION_BAND", allocation="equal")
    assert sorted(got.sample["CHILD"]) == ["A", "B", "E", "L", "U"]
    assert got.manifest["allocations"] == {b: 1 for b in sorted(got.sample["STRATUM"])}
    assert got.manifest["cohort"]["base"] == "cp_plan" and got.manifest["population"] == 5


def test_sample_draw_command_stratifies_children_on_a_plan_by_category(tmp_path, capsys):
    from _cpkit import cp_authority

    from iro_audit.cli import main

    d = tmp_path / "data"
    cp_authority(d, seed=5)       # 9 children on a plan: NEG 4, EMO 2, MUL, PHY, SAB 1 each
    code = main(["sample", "draw", "--data", str(d), "--as-at", "2026-03-31", "--tool", "cp_plans",
                 "--n", "5", "--seed", "7", "--strata", "CATEGORY", "--out", str(tmp_path / "s")])
    assert code == 0
    out = capsys.readouterr().out
    assert "cohort of 9 case(s)" in out
    manifest = json.loads(next((tmp_path / "s").glob("*.manifest.json")).read_text())
    assert sum(manifest["allocations"].values()) == 5
    assert set(manifest["allocations"]) <= {"NEG", "EMO", "MUL", "PHY", "SAB"}
    assert manifest["allocations"]["NEG"] >= 1     # the largest stratum is never left out
    assert (tmp_path / "s" / "cp_plans_2026-03-31_seed7.xlsx").is_file()

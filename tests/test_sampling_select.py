"""Seeded selection, allocation across strata, sample size, and the manifest's reproducibility."""
import json

import numpy as np
import pandas as pd
import pytest

from iro_audit.errors import ParameterError
from iro_audit.sampling import (allocate, describe_margin, describe_size, load_questions,
                                make_manifest, manifest_json, select)


def _cohort(n=40):
    teams = ["North"] * 20 + ["South"] * 12 + ["East"] * 8
    return pd.DataFrame({"CHILD": [f"C{i:03d}" for i in range(n)], "TEAM": teams[:n]})


def test_same_seed_same_children_whatever_the_input_order():
    c = _cohort()
    a = select(c, 10, seed=4521)
    b = select(c.sample(frac=1, random_state=7), 10, seed=4521)  # shuffled input
    assert a["CHILD"].tolist() == b["CHILD"].tolist()
    assert a["SEQ"].tolist() == list(range(1, 11))
    assert len(set(a["CHILD"])) == 10


def test_the_draw_is_numpy_generator_permutation_of_the_sorted_cohort():
    c = _cohort()
    expected = np.array(sorted(c["CHILD"]))[np.random.default_rng(99).permutation(40)[:5]]
    assert select(c, 5, seed=99)["CHILD"].tolist() == expected.tolist()


def test_different_seed_different_children():
    c = _cohort()
    assert select(c, 10, seed=1)["CHILD"].tolist() != select(c, 10, seed=2)["CHILD"].tolist()


def test_proportional_allocation_largest_remainder():
    # n = 15 of 20/12/8 (40): quotas 7.5, 4.5, 3.0 -> 7, 4, 3 (14); one left: North and South
    # both have remainder .5, the larger stratum (North) wins -> 8, 4, 3
    assert allocate({"North": 20, "South": 12, "East": 8}, 15) == {"East": 3, "North": 8, "South": 4}
    # n = 10: quotas 5, 3, 2 exactly
    assert allocate({"North": 20, "South": 12, "East": 8}, 10) == {"East": 2, "North": 5, "South": 3}
    # n = 7: quotas 3.5, 2.1, 1.4 -> 3, 2, 1 (6); largest remainder .5 -> North 4
    assert allocate({"North": 20, "South": 12, "East": 8}, 7) == {"East": 1, "North": 4, "South": 2}


def test_equal_allocation_and_small_strata():
    # 12 over 3 strata: 4 each
    assert allocate({"North": 20, "South": 12, "East": 8}, 12, "equal") == {"East": 4, "North": 4, "South": 4}
    # 13: 4 each and the one left to the largest stratum
    assert allocate({"North": 20, "South": 12, "East": 8}, 13, "equal") == {"East": 4, "North": 5, "South": 4}
    # 12 over 20/3/10: 4 each but the small stratum has 3, so its spare 1 goes to the largest
    assert allocate({"A": 20, "B": 3, "C": 10}, 12, "equal") == {"A": 5, "B": 3, "C": 4}


def test_stratified_selection_holds_the_allocation():
    c = _cohort()
    s = select(c, 15, seed=3, strata="TEAM")
    assert s.groupby("STRATUM").size().to_dict() == {"East": 3, "North": 8, "South": 4}
    assert (s["STRATUM"] == s["TEAM"]).all()
    # each stratum's cases are that stratum's children
    s = select(c, 12, seed=3, strata="TEAM", allocation="equal")
    assert s.groupby("STRATUM").size().to_dict() == {"East": 4, "North": 4, "South": 4}
    assert s["STRATUM"].tolist() == ["East"] * 4 + ["North"] * 4 + ["South"] * 4
    # a blank stratum is UNKNOWN
    c.loc[0, "TEAM"] = None
    assert "UNKNOWN" in set(select(c, 40, seed=3, strata="TEAM")["STRATUM"])


def test_selection_errors():
    c = _cohort()
    with pytest.raises(ParameterError, match="cohort has only 40"):
        select(c, 41, seed=1)
    with pytest.raises(ParameterError, match="sample size 0"):
        select(c, 0, seed=1)
    with pytest.raises(ParameterError, match="strata column 'AREA'"):
        select(c, 5, seed=1, strata="AREA")
    with pytest.raises(ParameterError, match="allocation 'random'"):
        select(c, 5, seed=1, strata="TEAM", allocation="random")
    with pytest.raises(ParameterError, match="twice"):
        select(pd.concat([c, c.head(1)]), 5, seed=1)


def test_manifest_same_draw_byte_identical_ids():
    qs = load_questions("s20")
    c = _cohort()

    def manifest(seed, created_by):
        s = select(c, 10, seed=seed)
        return make_manifest(s, questions=qs, seed=seed, population=40, requested=10,
                             cohort={"team": "North"}, data_fingerprint="abc123",
                             as_at="2026-03-31", created_by=created_by)

    m1, m2 = manifest(4521, "alice"), manifest(4521, "bob")
    assert json.dumps(m1["ids"]).encode() == json.dumps(m2["ids"]).encode()
    assert m1["manifest_id"] == m2["manifest_id"]
    strip = lambda m: {k: v for k, v in m.items() if k not in ("created_at", "created_by")}  # noqa: E731
    assert manifest_json(strip(m1)) == manifest_json(strip(m2))
    m3 = manifest(4522, "alice")
    assert m3["ids"] != m1["ids"] and m3["manifest_id"] != m1["manifest_id"]
    assert m1["tool"] == "s20" and m1["questions_hash"] == qs.hash()
    assert m1["population"] == 40 and m1["requested"] == m1["achieved"] == 10
    # achieved margin at p = 0.5: 1.96 sqrt(0.25/10 x 30/40) = 0.2684
    assert m1["margin"] == pytest.approx(0.2684, abs=1e-4)
    for key in ("created_at", "created_by", "package_version", "data_fingerprint", "seed", "cohort"):
        assert key in m1


def test_describe_size_and_margin():
    assert describe_size(400, 0.05, 0.7).startswith("sample 179 of 400 cases for a margin of error of +/- 5.0%")
    assert describe_margin(20, 400).startswith("a sample of 20 of 400 cases gives a margin of error of +/- 21.4%")
    with pytest.raises(ParameterError):
        describe_margin(500, 400)

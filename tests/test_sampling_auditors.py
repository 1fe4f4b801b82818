"""Sharing a sample among auditors: the constraints hold over many seeds, loads differ by at
most one, and impossible constraints name the cases that cannot be placed."""
import pandas as pd
import pytest

from iro_audit.errors import DataError, ParameterError
from iro_audit.sampling import auditor_frame, read_auditors, share_cases
from iro_audit.sampling.auditors import iro_history

# Ten cases: IRO I1 (North) holds K0-K3, I2 (North) K4-K6, I3 (South) K7-K9.
CASES = pd.DataFrame({"CHILD": [f"K{i}" for i in range(10)],
                      "IRO_ID": ["I1"] * 4 + ["I2"] * 3 + ["I3"] * 3,
                      "TEAM": ["North"] * 7 + ["South"] * 3})
AUDITORS = auditor_frame([{"AUDITOR": "A1", "IRO_ID": "I1", "TEAM": "North"},
                          {"AUDITOR": "A2", "IRO_ID": "I3", "TEAM": "South"},
                          {"AUDITOR": "TM", "IRO_ID": None, "TEAM": None}])
# K6's IRO until recently was I3 (within the 12 months): A2 must not get K6 either
HISTORY = pd.DataFrame({"CHILD": ["K6"], "IRO_ID": ["I3"]})


@pytest.mark.parametrize("not_own_team", [False, True])
def test_constraints_hold_over_many_seeds(not_own_team):
    seen = set()
    iro = dict(zip(CASES["CHILD"], CASES["IRO_ID"]))
    team = dict(zip(CASES["CHILD"], CASES["TEAM"]))
    for seed in range(100):
        got = share_cases(CASES, AUDITORS, seed, history=HISTORY, not_own_team=not_own_team)
        assert sorted(got) == sorted(CASES["CHILD"])
        loads = pd.Series(got).value_counts()
        # 10 cases over 3 auditors: 4, 3, 3 in some order
        assert sorted(loads.reindex(["A1", "A2", "TM"], fill_value=0)) == [3, 3, 4]
        for child, a in got.items():
            assert not (a == "A1" and iro[child] == "I1")
            assert not (a == "A2" and iro[child] == "I3")
            assert not (a == "A2" and child == "K6")
            if not_own_team:
                assert not (a == "A1" and team[child] == "North")
                assert not (a == "A2" and team[child] == "South")
        seen.add(tuple(sorted(got.items())))
    assert len(seen) > 5           # the seed changes the share
    assert share_cases(CASES, AUDITORS, 7, HISTORY) == share_cases(CASES, AUDITORS, 7, HISTORY)


def test_case_no_auditor_may_take_is_named():
    two = AUDITORS.iloc[:2]        # A1 (I1, North) and A2 (I3, South) only
    with pytest.raises(ParameterError) as e:
        share_cases(CASES, two, 1, history=HISTORY, not_own_team=True)
    # not own team: A1 may audit only South cases, A2 only North ones; K6 is North but was I3's
    assert "1 case(s) cannot be given to any auditor" in str(e.value) and ": K6;" in str(e.value)


def test_loads_cannot_be_balanced_names_the_cases():
    # A1 may take only the 3 South cases (not own team); A2 only the 7 North ones. Loads of 5
    # and 5 are impossible: A2 can take 5 of the North cases, A1 can take 3, 2 North cases left.
    two = AUDITORS.iloc[:2]
    with pytest.raises(ParameterError) as e:
        share_cases(CASES, two, 3, history=None, not_own_team=True)
    msg = str(e.value)
    assert "loads differing by at most one" in msg
    left = msg.split("could not be placed: ")[1].split(", ")
    assert len(left) == 2 and all(c in {f"K{i}" for i in range(7)} for c in left)


def test_auditors_file_errors_name_row_and_column(tmp_path):
    p = tmp_path / "auditors.csv"
    p.write_text("AUDITOR,IRO_ID,TEAM\nA1,I1,North\n,I2,South\n")
    with pytest.raises(DataError, match=r"auditors.csv: row 3, column AUDITOR: blank"):
        read_auditors(p)
    p.write_text("AUDITOR,IRO_ID\nA1,I1\nA1,\n")
    with pytest.raises(DataError, match=r"row 3, column AUDITOR: 'A1' is listed twice \(also row 2\)"):
        read_auditors(p)
    p.write_text("NAME\nA1\n")
    with pytest.raises(DataError, match="no AUDITOR column"):
        read_auditors(p)


class _DS:
    def __init__(self, al):
        self.al = al

    def has(self, name):
        return name == "iro_allocations"

    def __getitem__(self, name):
        return self.al


def test_iro_history_twelve_months_edge():
    al = pd.DataFrame({"CHILD": ["K1", "K2", "K3"], "IRO_ID": ["I1", "I1", "I1"],
                       "ALLOC_START": pd.to_datetime(["2024-01-01", "2024-01-01", "2026-04-01"]),
                       "ALLOC_END": pd.to_datetime(["2025-03-31", "2025-03-30", None])})
    # audit date 2026-03-31: 12 months back is 2025-03-31. K1 ended that day (in), K2 the day
    # before (out); K3 starts after the audit date (out).
    got = iro_history(_DS(al), "2026-03-31")
    assert list(got["CHILD"]) == ["K1"]

"""Cohen's kappa with its 95% interval, worked by hand; and the re-audit comparison against
scipy's exact test on the same table."""

import pytest
from scipy.stats import fisher_exact

from iro_audit.errors import ParameterError
from iro_audit.sampling import compare
from iro_audit.stats import cohen_kappa


def test_kappa_worked_example():
    """Two raters (auditor, moderator) over 20 cases, answers Y / N:

                      moderator Y   moderator N   total
        auditor Y          9             3          12
        auditor N          2             6           8
        total             11             9          20

    po = (9 + 6) / 20 = 0.75
    pe = (12/20)(11/20) + (8/20)(9/20) = 0.33 + 0.18 = 0.51
    kappa = (0.75 - 0.51) / (1 - 0.51) = 0.24 / 0.49 = 0.489796
    SE (Cohen 1960) = sqrt(po (1 - po) / (n (1 - pe)^2)) = sqrt(0.1875 / (20 x 0.2401))
       = sqrt(0.1875 / 4.802) = sqrt(0.03904623) = 0.1976012
    95% interval = 0.4897959 -/+ 1.959964 x 0.1976012 = 0.4897959 -/+ 0.3872913
       = 0.102505 to 0.877087
    """
    first = ["Y"] * 9 + ["Y"] * 3 + ["N"] * 2 + ["N"] * 6
    second = ["Y"] * 9 + ["N"] * 3 + ["Y"] * 2 + ["N"] * 6
    k = cohen_kappa(first, second, categories=["Y", "N"])
    assert k["n"] == 20 and k["agree"] == 15 and k["table"] == [[9, 3], [2, 6]]
    assert k["po"] == pytest.approx(0.75) and k["pe"] == pytest.approx(0.51)
    assert k["kappa"] == pytest.approx(0.489796, abs=1e-6)
    assert k["se"] == pytest.approx(0.197601, abs=1e-6)
    assert k["ci95"][0] == pytest.approx(0.102505, abs=1e-6)
    assert k["ci95"][1] == pytest.approx(0.877087, abs=1e-6)


def test_kappa_edges():
    # a missing answer on either side leaves the pair out
    k = cohen_kappa(["Y", "N", None, "Y"], ["Y", "N", "Y", float("nan")])
    assert k["n"] == 2 and k["kappa"] == pytest.approx(1.0)
    # perfect agreement: po = 1 so SE = 0 and the interval is the point, never above 1
    assert k["ci95"] == (1.0, 1.0)
    # one answer throughout from both: pe = 1, kappa not defined (agreement still reported)
    k = cohen_kappa(["Y"] * 5, ["Y"] * 5)
    assert k["po"] == 1.0 and k["kappa"] is None and k["ci95"] is None
    # 2 cases, 1 agreement, Y Y / N Y: po 0.5, pe = 1 x 0.5 = 0.5, kappa 0; the interval is
    # 0 -/+ 1.96 sqrt(0.25 / (2 x 0.25)) = -/+ 1.386, cut to -1 and 1
    k = cohen_kappa(["Y", "Y"], ["N", "Y"])
    assert k["kappa"] == 0.0 and k["ci95"] == (-1.0, 1.0)
    with pytest.raises(ValueError, match="MAYBE is not one of Y, N"):
        cohen_kappa(["Y"], ["MAYBE"], categories=["Y", "N"])


def _f(tool, rows):
    return {"tool": tool, "manifest_id": "m", "as_at": "2025-03-31", "cases": 10,
            "questions": [{"id": q, "theme": t, "text": "", "Y": y, "N": n, "NA": 0, "blank": 0,
                           "rate": {}} for q, t, y, n in rows]}


def test_reaudit_matches_scipy_exact_test():
    before = _f("s20", [("Q1", "T1", 4, 6), ("Q2", "T1", 10, 0), ("Q_OLD", "T2", 5, 5)])
    after = _f("s20", [("Q1", "T1", 9, 1), ("Q2", "T1", 10, 0), ("Q_NEW", "T2", 1, 1)])
    c = compare(after, before)
    assert c["questions_added"] == ["Q_NEW"] and c["questions_removed"] == ["Q_OLD"]
    assert [r["id"] for r in c["questions"]] == ["Q1", "Q2"]
    q1 = c["questions"][0]
    # Q1 40% (4/10) -> 90% (9/10): expected No in each audit 7 x 10 / 20 = 3.5 < 5 -> exact test
    assert q1["test"] == "Fisher's exact" and q1["difference"] == 50.0
    assert q1["p_value"] == pytest.approx(fisher_exact([[4, 6], [9, 1]])[1])
    assert q1["p_value"] == pytest.approx(0.0573, abs=1e-4) and not q1["significant"]
    # theme T1 over the questions in both (Q1, Q2): 14/20 -> 19/20; expected No 6 x 20 / 40 = 3
    t1 = c["themes"][0]
    assert t1["theme"] == "T1" and t1["before"] == {"n": 14, "d": 20} and t1["after"] == {"n": 19, "d": 20}
    assert t1["p_value"] == pytest.approx(fisher_exact([[14, 6], [19, 1]])[1])
    assert [t["theme"] for t in c["themes"]] == ["T1"]      # T2 has no question in both
    with pytest.raises(ParameterError, match="only audits with the same tool compare"):
        compare(after, _f("pwp", []))

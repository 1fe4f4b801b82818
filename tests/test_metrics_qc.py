"""Quality and Compliance forms on hand-built rows (answers worked out by hand)."""
from iro_audit.metrics import qc
from iro_audit.params import DEFAULTS
from iro_audit.testing import make_dataset
from iro_audit.window import Window

W = Window.of("2024-04-01", "2025-03-31")


def form(fid, child, review, grade, q1, q2, q3, **more):
    return {"FORM_ID": fid, "CHILD": child, "REVIEW": review, "OVERALL_GRADE": grade,
            "Q1": q1, "Q2": q2, "Q3": q3, "COMMENTS": "fine", **more}


def dataset(with_forms=True):
    tables = dict(
        episodes=[("A", "2024-01-01", "S", "C2", "U4", None, None),
                  ("B", "2024-01-01", "S", "C2", "U4", None, None),
                  ("SB", "2024-01-01", "S", "V3", "U4", None, None)],       # short breaks
        reviews=[("A", "2024-03-01", "PN1"),    # before the window
                 ("A", "2024-05-01", "PN1"), ("A", "2024-08-01", "PN1"),
                 ("B", "2024-06-01", "PN1"),
                 ("SB", "2024-06-01", "PN1")],   # in a short-break period: not a review held
    )
    if with_forms:
        tables["qc_forms"] = [
            form("F1", "A", "2024-05-01", "GOOD", "Y", "na", "N"),
            form("F2", "B", "2024-06-01", "INADEQUATE", "N", "Y", None),
            form("F3", "A", "2024-03-01", "GOOD", "Y", "Y", "Y"),      # review outside the window
            form("F4", "SB", "2024-06-01", "GOOD", "Y", "Y", "Y"),     # short-break review
            form("F5", "A", "2024-08-02", "OUTSTANDING", "Y", "Y", "Y"),  # no review that day
        ]
    return make_dataset(**tables)


def test_completion_grades_and_items_with_na_left_out():
    ds = dataset()
    out = qc.summary(ds, W, DEFAULTS)
    assert list(out) == ["completion", "by_grade", "items"]
    assert (out["completion"]["n"], out["completion"]["d"]) == (2, 3)
    assert out["by_grade"] == {"GOOD": 1, "INADEQUATE": 1}
    assert list(out["items"]) == ["Q1", "Q2", "Q3"]   # contract columns (COMMENTS ...) are not items
    assert (out["items"]["Q1"]["n"], out["items"]["Q1"]["d"]) == (1, 2)
    assert (out["items"]["Q2"]["n"], out["items"]["Q2"]["d"]) == (1, 1)   # NA left out of d
    assert (out["items"]["Q3"]["n"], out["items"]["Q3"]["d"]) == (0, 1)   # blank left out of d
    assert out["items"]["Q2"]["pct"] == 100.0
    comp = qc.form_completion(ds, W, DEFAULTS)
    assert comp["HAS_FORM"].tolist() == [True, False, True]   # A 1 May, A 1 Aug, B 1 Jun
    answers = qc.item_answers(ds, W, DEFAULTS)
    assert sorted(answers["FORM_ID"].unique()) == ["F1", "F2"]
    assert answers.loc[(answers["FORM_ID"] == "F1") & (answers["ITEM"] == "Q2"), "ANSWER"].tolist() == ["NA"]


def test_no_qc_forms_table_is_null():
    assert qc.summary(dataset(with_forms=False), W, DEFAULTS) is None

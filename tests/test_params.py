"""Metric parameters: the `extract_date` parameter (default null) and its checks."""
import datetime as dt

import pandas as pd
import pytest

from iro_audit.errors import ParameterError
from iro_audit.params import DEFAULTS, extract_date, load_params, not_yet_due


def test_extract_date_defaults_to_null():
    assert DEFAULTS["extract_date"] is None
    assert load_params()["extract_date"] is None
    assert extract_date(load_params()) is None
    assert extract_date({}) is None     # a hand-made params dict without the key


@pytest.mark.parametrize("text", ["extract_date: 2026-03-31", "extract_date: '2026-03-31'"])
def test_extract_date_from_yaml_date_or_iso_string(tmp_path, text):
    f = tmp_path / "m.yaml"
    f.write_text(text + "\n")
    p = load_params(f)
    assert p["extract_date"] == dt.date(2026, 3, 31)
    assert extract_date(p) == pd.Timestamp("2026-03-31")


@pytest.mark.parametrize("value", [dt.date(2026, 3, 31), pd.Timestamp("2026-03-31"),
                                   pd.Timestamp("2026-03-31 14:30"), "2026-03-31"])
def test_extract_date_overrides(value):
    assert load_params(overrides={"extract_date": value})["extract_date"] == dt.date(2026, 3, 31)


@pytest.mark.parametrize("bad", ["31/13/2025", "soon", "2025-13-31", "", 20250331, True])
def test_bad_extract_date_is_a_parameter_error(tmp_path, bad):
    f = tmp_path / "m.yaml"
    f.write_text(f"extract_date: {bad!r}\n" if isinstance(bad, str) else f"extract_date: {bad}\n")
    with pytest.raises(ParameterError, match="extract_date") as e:
        load_params(f)
    assert str(bad) in str(e.value) and str(f) in str(e.value)
    with pytest.raises(ParameterError, match="extract_date"):
        load_params(overrides={"extract_date": bad})


def test_bad_extract_date_given_straight_to_a_metric_is_an_error():
    with pytest.raises(ParameterError, match="'soon'"):
        not_yet_due(pd.Series([pd.NaT]), pd.Series([pd.Timestamp("2025-05-01")]), {"extract_date": "soon"})


def test_not_yet_due_rule():
    ev = pd.Series([None, None, None, "2025-04-20"], dtype="datetime64[ns]")
    due = pd.Series(pd.to_datetime(["2025-04-30", "2025-05-01", "2025-05-02", "2025-05-02"]))
    assert not_yet_due(ev, due, {"extract_date": "2025-05-01"}).tolist() == [False, False, True, False]
    assert not_yet_due(ev, due, {"extract_date": None}).tolist() == [False] * 4


# --- child protection parameters (child-protection.md) ----------------------------------------


def test_child_protection_defaults():
    p = load_params()
    assert (p["cin_child_id_is_903_child"], p["icpc_working_days"], p["cp_first_review_months"],
            p["cp_later_review_months"], p["cp_report_shared_working_days"],
            p["cp_minutes_working_days"]) == (True, 15, 3, 6, 2, 15)


def test_child_protection_values_from_yaml(tmp_path):
    f = tmp_path / "m.yaml"
    f.write_text("cin_child_id_is_903_child: false\nicpc_working_days: 10\ncp_first_review_months: 1\n")
    p = load_params(f)
    assert (p["cin_child_id_is_903_child"], p["icpc_working_days"], p["cp_first_review_months"]) == (False, 10, 1)


@pytest.mark.parametrize("key,bad", [
    ("cin_child_id_is_903_child", "yes please"), ("cin_child_id_is_903_child", 1),
    ("icpc_working_days", 0), ("icpc_working_days", -3), ("cp_first_review_months", 2.5),
    ("cp_later_review_months", "six"), ("cp_report_shared_working_days", True),
    ("cp_minutes_working_days", None)])
def test_bad_child_protection_parameter_is_an_error(tmp_path, key, bad):
    f = tmp_path / "m.yaml"
    f.write_text(f"{key}: {bad!r}\n" if isinstance(bad, str) else
                 f"{key}: {'null' if bad is None else str(bad).lower() if isinstance(bad, bool) else bad}\n")
    with pytest.raises(ParameterError, match=key) as e:
        load_params(f)
    assert str(f) in str(e.value)
    with pytest.raises(ParameterError, match=key):
        load_params(overrides={key: bad})

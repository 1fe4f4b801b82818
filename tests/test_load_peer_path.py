"""Peer data is found beside the repository (CI clones the repo and puts shared/ next to it),
never by an absolute path, and a peer-data test fails rather than skips under CI=true."""
import re
from pathlib import Path

import pytest

import _loadkit
from _loadkit import peer

TESTS = Path(__file__).resolve().parent


def test_shared_is_found_from_the_repository_root():
    assert _loadkit.SHARED == TESTS.parent.parent / "shared"
    assert _loadkit.PEER == TESTS.parent.parent / "shared" / "peer-data" / "ssda903-fake"


def test_no_test_points_at_an_absolute_shared_path():
    pattern = re.compile(r"""["']/work/|Path\(["']/""")
    offenders = [p.name for p in TESTS.glob("*.py") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_missing_peer_data_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        peer(tmp_path / "absent")


def test_missing_peer_data_skips_outside_ci(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="beside the repository"):
        peer(tmp_path / "absent")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        peer(tmp_path / "absent")


def test_present_peer_data_is_returned(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert peer(tmp_path) == tmp_path

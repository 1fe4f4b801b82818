"""The quality and assurance dashboard through the real runner: the quarterly pack
(parameters/batch/quarterly.yaml) on a small synthetic authority. Every link of the dashboard
page resolves (the file is in the run folder and the #anchor is an id in it), the page fetches
nothing, its JSON summary holds `compute_all`'s figures, and the index puts it first."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from iro_audit.cli import main
from iro_audit.runner import read_results

from test_runner import assert_offline_without_code

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
START, END = "2026-01-01", "2026-03-31"


class Links(HTMLParser):
    """Every <a href> and every id of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"])


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    import os

    from iro_audit import synth

    work = tmp_path_factory.mktemp("dashrun")
    data = work / "data"
    synth.generate(str(data), children=80, years=3, seed=5)
    old = os.getcwd()
    os.chdir(ROOT)          # the batch names parameter files from the repository root
    try:
        code = main(["batch", "parameters/batch/quarterly.yaml", "--jobs", "2", "--no-progress",
                     "-p", "data_dir", str(data), "-p", "start", START, "-p", "end", END,
                     "--out", str(work / "out"), "--name", "q"])
    finally:
        os.chdir(old)
    return code, work / "out" / "q", data


def test_the_pack_runs_with_the_dashboard_first_in_its_index(run):
    code, run_dir, _ = run
    results = read_results(run_dir)
    assert code == 0, {r.name: r.error for r in results if not r.ok}
    assert {r.name for r in results} == {"qa_dashboard", "quarterly_performance",
                                         "placed_with_parents", "qc_forms", "cp_conferences"}
    index = (run_dir / "index.html").read_text()
    box = re.search(r'<p class="dashboards">(.*?)</p>', index, re.S)
    assert box and 'href="qa_dashboard.html"' in box.group(1)
    first = re.search(r'<tr class="ok-row"><td><a href="([^"]+)"', index).group(1)
    assert first == "qa_dashboard.html"


def test_every_link_of_the_dashboard_resolves_in_the_run_folder(run):
    _, run_dir, _ = run
    page = parse(run_dir / "qa_dashboard.html")
    outward = [h for h in page.hrefs if not h.startswith("#")]
    assert len(outward) >= 14 + 4          # a link per tile and per panel
    checked = set()
    for href in page.hrefs:
        assert not re.match(r"[a-z]+:", href), href          # relative, no scheme
        file, _, anchor = href.partition("#")
        target = run_dir / file if file else run_dir / "qa_dashboard.html"
        assert target.is_file(), href
        assert target.resolve().parent == run_dir.resolve(), href
        if anchor:
            assert unquote(anchor) in parse(target).ids or anchor in parse(target).ids, href
        checked.add(file)
    # the tiles lead into each report of the pack
    assert {"quarterly_performance.html", "placed_with_parents.html", "qc_forms.html"} <= checked


def test_the_dashboard_opens_offline(run):
    _, run_dir, _ = run
    html = (run_dir / "qa_dashboard.html").read_text()
    assert_offline_without_code(html)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:", html, re.I)
    assert "Traceback" not in html and "<svg" in html


def test_the_dashboards_json_holds_compute_all_for_its_window(run):
    from iro_audit.load import build_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params, with_extract_date
    from iro_audit.report.dashboard import TILES
    from iro_audit.report.scorecard import get_path
    from iro_audit.window import Window

    _, run_dir, data = run
    ds = build_dataset(data)
    want = json.loads(json.dumps(compute_all(ds, Window.of(START, END),
                                             with_extract_date(load_params(), ds)), default=str))
    got = json.loads((run_dir / "qa_dashboard.json").read_text())
    assert [t["key"] for t in got["dashboard"]] == [t.key for t in TILES]
    for t in got["dashboard"]:
        assert t["value"] == get_path(want, t["key"]), t["key"]
        if t["hidden"]:
            assert t["sparkline"] == [] and t["rag"] in ("", "c")
        else:
            assert len(t["sparkline"]) == 13 and t["sparkline"][-1]["month"] == "Mar 2026"
    for g in ("reviews", "midway", "visits", "qc", "escalations", "pwp", "s20"):
        assert got[g] == want[g], g

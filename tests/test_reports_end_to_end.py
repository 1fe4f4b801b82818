"""Every report notebook, through the real runner (`iro-audit batch`), on a small synthetic
authority with suppression on: each runs top to bottom, its JSON summary equals
`iro-audit metrics` for the groups it reports, its HTML carries no code, no prompts, nothing
from the internet and no child ID, and small numbers are shown as "c".

(The runner's own tests use fixture notebooks; the dip-sample notebooks have their own
end-to-end tests in test_dip_sample_notebooks.py.)"""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iro_audit.cli import main
from iro_audit.runner import read_results

from test_runner import assert_offline_without_code

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ("s20_admissions", "placed_with_parents", "qc_forms", "escalations",
           "voice_of_the_child", "quarterly_performance", "annual_report", "qa_dashboard",
           "cp_conferences")
START, END = "2025-04-01", "2026-03-31"


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    from iro_audit import synth

    d = tmp_path_factory.mktemp("e2e") / "data"
    synth.generate(str(d), children=150, years=3, seed=3)
    return d


@pytest.fixture(scope="module")
def pack(authority, tmp_path_factory):
    """Every report in one batch, suppressed, two at a time."""
    import os

    work = tmp_path_factory.mktemp("pack")
    batch = work / "all.yaml"
    batch.write_text(
        "title: Every report\nparameters:\n"
        f"  start: {START}\n  end: {END}\n  data_dir: {authority}\n  suppress: true\n"
        "reports:\n" + "".join(f"  - parameters/{r}.yaml\n" for r in REPORTS))
    old = os.getcwd()
    os.chdir(ROOT)          # the batch names parameter files from the repository root
    try:
        code = main(["batch", str(batch), "--jobs", "2", "--out", str(work / "out"), "--name", "all"])
    finally:
        os.chdir(old)
    return code, work / "out" / "all"


@pytest.fixture(scope="module")
def expected(authority):
    from iro_audit.load import load_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params, with_extract_date
    from iro_audit.window import Window

    ds = load_dataset(str(authority))
    # what `iro-audit metrics` computes: the extract date from the folder's extract.yaml
    params = with_extract_date(load_params(), ds)
    assert params["extract_date"] is not None
    want = json.loads(json.dumps(compute_all(ds, Window.of(START, END), params), default=str))
    children = sorted(set(ds["header"]["CHILD"].dropna().astype(str)))
    return want, children


def test_every_report_runs_and_the_batch_exits_0(pack):
    code, run_dir = pack
    results = {r.name: r for r in read_results(run_dir)}
    failed = {n: r.error for n, r in results.items() if r.status != "ok"}
    assert not failed, failed
    assert code == 0
    assert sorted(results) == sorted(REPORTS)
    index = (run_dir / "index.html").read_text()
    assert index.count('<span class="status ok">ok</span>') == len(REPORTS)


@pytest.mark.parametrize("report", REPORTS)
def test_summary_equals_the_metrics_command(pack, expected, report):
    from iro_audit.metrics import GROUP_NAMES

    _, run_dir = pack
    want, _ = expected
    got = json.loads((run_dir / f"{report}.json").read_text())
    groups = [k for k in got if k in GROUP_NAMES]
    assert groups, f"{report}.json holds no metric group: {sorted(got)}"
    for g in groups:
        assert got[g] == want[g], g


@pytest.mark.parametrize("report", REPORTS)
def test_html_is_offline_without_code_or_child_ids_and_suppresses(pack, expected, report):
    _, run_dir = pack
    _, children = expected
    html = (run_dir / f"{report}.html").read_text()
    assert_offline_without_code(html)
    assert "Traceback" not in html
    nb = json.loads((run_dir / f"{report}.ipynb").read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    warnings = [o["text"] for o in outputs if o.get("name") == "stderr"]
    assert not warnings, f"{report} printed warnings into the paper: {warnings[:2]}"
    # a child ID as the whole of a cell or a word of text
    leaked = [c for c in children if re.search(rf"[>\s(]{re.escape(c)}[<\s),.]", html)]
    assert not leaked, f"child IDs in a suppressed paper: {leaked[:5]}"
    # suppression is on: the paper says so
    assert "withheld" in html or "suppress" in html.lower()


def test_extract_date_given_on_the_command_line_reaches_the_figures(authority, tmp_path):
    """`-p extract_date` on `iro-audit run`: the summary equals the metrics with that parameter,
    and differs from the plain definition (the synthetic extract ends on 31 March 2026)."""
    import os

    from iro_audit.load import load_dataset
    from iro_audit.metrics import compute_all
    from iro_audit.params import load_params
    from iro_audit.window import Window

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["run", "quarterly_performance", "-f", "parameters/quarterly_performance.yaml",
                     "-p", "data_dir", str(authority), "-p", "start", "2026-01-01", "-p", "end", END,
                     "-p", "extract_date", "2026-03-31", "--out", str(tmp_path), "--name", "x"])
    finally:
        os.chdir(old)
    assert code == 0
    got = json.loads((tmp_path / "x" / "quarterly_performance.json").read_text())
    ds = load_dataset(str(authority))
    w = Window.of("2026-01-01", END)
    with_extract = json.loads(json.dumps(compute_all(ds, w, load_params(overrides={"extract_date": "2026-03-31"})),
                                         default=str))
    plain = json.loads(json.dumps(compute_all(ds, w, load_params()), default=str))
    minutes = got["review_records"]["minutes_on_time"]
    assert minutes == with_extract["review_records"]["minutes_on_time"]
    assert minutes["d"] < plain["review_records"]["minutes_on_time"]["d"]
    html = (tmp_path / "x" / "quarterly_performance.html").read_text()
    assert "extract_date = 2026-03-31 (from the report&#x27;s extract_date parameter)" in html \
        or "extract_date = 2026-03-31 (from the report's extract_date parameter)" in html


@pytest.mark.parametrize("report", REPORTS)
def test_every_page_from_the_synthetic_authority_opens_with_the_banner(pack, report):
    """The authority's folder is called data/, not demo: the data say they are synthetic."""
    from iro_audit.banner import BANNER_CLASS

    _, run_dir = pack
    html = (run_dir / f"{report}.html").read_text()
    body = html[re.search(r"<body[^>]*>", html).end():]
    assert body.lstrip().startswith(f'<div class="{BANNER_CLASS}"'), body[:300]
    assert json.loads((run_dir / f"{report}.json").read_text())["synthetic"] is True
    index = (run_dir / "index.html").read_text()
    assert index.find(BANNER_CLASS) != -1 and index.find(BANNER_CLASS) < index.find("<h1>")
    assert "Every report here was made from synthetic data" in index


def test_a_real_looking_extract_gives_pages_without_the_banner(authority, tmp_path):
    """The same files without extract.yaml and without the marker column: no banner anywhere."""
    import os
    import shutil

    import pandas as pd

    from iro_audit.banner import BANNER_CLASS, SYNTHETIC_TEXT

    real = tmp_path / "extract_2026-03-31"
    shutil.copytree(authority, real)
    (real / "extract.yaml").unlink()
    for f in real.glob("header_*.csv"):
        pd.read_csv(f, dtype=str, keep_default_na=False).drop(columns="SYNTHETIC").to_csv(f, index=False)
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["run", "s20_admissions", "-f", "parameters/s20_admissions.yaml",
                     "-p", "data_dir", str(real), "--out", str(tmp_path / "out"), "--name", "r"])
    finally:
        os.chdir(old)
    assert code == 0
    html = (tmp_path / "out" / "r" / "s20_admissions.html").read_text()
    assert BANNER_CLASS not in html and SYNTHETIC_TEXT not in html
    assert "synthetic" not in json.loads((tmp_path / "out" / "r" / "s20_admissions.json").read_text())
    assert BANNER_CLASS not in (tmp_path / "out" / "r" / "index.html").read_text()


class Tables(HTMLParser):
    """Every <table>: its caption, header cells and body rows (cell texts)."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self._t, self._row, self._cell, self._in_caption = [], None, None, None, False
    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._t = {"caption": "", "header": [], "rows": []}
        elif self._t is None:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
    def handle_endtag(self, tag):
        if self._t is None:
            return
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(("th" if tag == "th" else "td", " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if all(k == "th" for k, _ in self._row) and not self._t["rows"]:
                self._t["header"] = [v for _, v in self._row]
            else:
                self._t["rows"].append([v for _, v in self._row])
            self._row = None
        elif tag == "table":
            self.tables.append(self._t); self._t = None
    def handle_data(self, data):
        if self._in_caption and self._t is not None:
            self._t["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def small_cells(html: str) -> list:
    """(caption, column, value, row) of every table cell reading exactly 1 to 5."""
    p = Tables()
    p.feed(html)
    out = []
    for t in p.tables:
        for r in t["rows"]:
            for h, v in zip(t["header"] or [""] * len(r), r):
                if re.fullmatch(r"[1-5]", v):
                    out.append((t["caption"].strip(), h, v, r[:3]))
    return out


def test_the_table_reader_finds_small_numbers():
    html = ("<table><caption>Cap</caption><tr><th>Team</th><th>Children</th></tr>"
            "<tr><td>North</td><td>3</td></tr><tr><td>South</td><td>c</td></tr>"
            "<tr><td>East</td><td>12</td></tr></table>")
    assert small_cells(html) == [("Cap", "Children", "3", ["North", "3"])]


@pytest.mark.parametrize("report", REPORTS)
def test_suppressed_paper_shows_no_count_from_1_to_5_in_any_table(pack, report):
    _, run_dir = pack
    html = (run_dir / f"{report}.html").read_text()
    assert small_cells(html) == []
    assert re.search(r"<td[^>]*>\s*c\s*</td>", html), "nothing was suppressed: is suppression on?"


@pytest.mark.parametrize("report", REPORTS)
def test_suppressed_paper_shows_no_statistic_beside_a_hidden_figure(pack, report):
    """In the HTML the reader gets: no change, p-value, interval or RAG beside a "c"
    (the in-memory differencing test, test_differencing.py, checks every line too)."""
    import pandas as pd

    from test_differencing import stats_beside_hidden

    _, run_dir = pack
    p = Tables()
    p.feed((run_dir / f"{report}.html").read_text())
    found = []
    for t in p.tables:
        if not t["header"] or not t["rows"]:
            continue
        rows = [r for r in t["rows"] if len(r) == len(t["header"])]
        shown = pd.DataFrame(rows, columns=t["header"])
        found += [(t["caption"].strip(), s) for s in stats_beside_hidden(shown)]
    assert found == []

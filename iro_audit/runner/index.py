"""`index.html` of a run folder: every report, ok or failed, its duration, its error, links to the
HTML page, the Word paper (when one was written), the executed notebook and the JSON summary. Plain HTML with inline CSS: it opens
offline, from the file system, and links only to files beside it.

`run.json` beside it records the same results (machine readable); running another report into
an existing run folder (`--overwrite`) adds to it instead of forgetting the reports already
there. Both files are rewritten under the folder's index lock (`rundir.index_lock`) and renamed
into place, so two runs finishing at once both appear and a reader never sees half a page.
When any report was made from synthetic data the index opens with the "synthetic data" banner.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from html import escape
from pathlib import Path

from .. import __version__
from ..atomic import write_text_atomic
from ..banner import synthetic_banner_html
from .execute import ReportResult
from .rundir import index_lock

MANIFEST = "run.json"
INDEX = "index.html"
# Reports that give the whole service at a glance: listed first in their group, and linked
# from the top of the index (the quality and assurance dashboard).
DASHBOARDS = ("qa_dashboard",)

CSS = """
body { font-family: Arial, Helvetica, sans-serif; margin: 2em auto; max-width: 1100px;
       color: #1b1b1b; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; }
p.meta { color: #555; margin-top: 0; }
p.counts { font-size: 1.05em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45em .6em; border-bottom: 1px solid #ccc; }
th { background: #f0f0f0; }
td.num { text-align: right; white-space: nowrap; }
.status { font-weight: bold; padding: .1em .5em; border-radius: 3px; white-space: nowrap; }
.ok { background: #dff0d8; color: #1d5e1d; }
.failed { background: #f8d7da; color: #8a1c24; }
tr.failed-row td { background: #fff6f6; }
.error { font-family: Consolas, Menlo, monospace; font-size: .9em; color: #8a1c24;
         white-space: pre-wrap; }
.warn { color: #7a5a00; font-size: .9em; }
.files a { margin-right: .8em; }
footer { margin-top: 2em; color: #777; font-size: .85em; }
.dashboards { border: 2px solid #1f4e79; border-radius: 4px; background: #f3f7fb;
              padding: .6em 1em; margin: 1em 0; font-size: 1.1em; }
.dashboards a { font-weight: bold; }
"""


def is_dashboard(result: ReportResult) -> bool:
    """Whether RESULT is a dashboard (by its report name or notebook)."""
    return (result.name in DASHBOARDS
            or Path(str(result.notebook or "")).stem in DASHBOARDS)


def dashboards_first(results: list[ReportResult]) -> list[ReportResult]:
    """RESULTS with the dashboards first (the others in their order)."""
    return sorted(results, key=lambda r: not is_dashboard(r))


def _dashboard_links(results: list[ReportResult], index_dir: Path) -> str:
    """A box at the top linking every dashboard page of the run (none: "")."""
    links = []
    for r in results:
        href = _href(r, "html", index_dir) if is_dashboard(r) and r.ok else None
        if href:
            where = f" ({escape(str(r.group))})" if r.group and len(results) > 1 else ""
            links.append(f'<a href="{escape(href)}">{escape(r.title or r.name)}</a>{where}')
    if not links:
        return ""
    return ('<p class="dashboards">Start here: ' + " &middot; ".join(links)
            + " &ndash; every headline measure on one page, linked to the reports below.</p>\n")


def read_manifest(run_dir: str | Path) -> dict:
    p = Path(run_dir) / MANIFEST
    if not p.is_file():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except ValueError:
        return {}


def read_results(run_dir: str | Path) -> list[ReportResult]:
    return [ReportResult.from_dict(d) for d in read_manifest(run_dir).get("reports", [])]


def _fmt_duration(seconds: float) -> str:
    seconds = float(seconds or 0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s"


def _window(params: dict) -> str:
    start, end, as_at = params.get("start"), params.get("end"), params.get("as_at")
    if not (start or end or as_at):
        return "notebook defaults"
    text = f"{start or '…'} to {end or '…'}"
    if as_at and as_at != end:
        text += f", as at {as_at}"
    return text


def _href(result: ReportResult, key: str, index_dir: Path) -> str | None:
    name = result.files.get(key)
    if not name:
        return None
    target = Path(result.out_dir or index_dir) / name
    return Path(os.path.relpath(target, index_dir)).as_posix()


def _row(r: ReportResult, index_dir: Path) -> str:
    html_href = _href(r, "html", index_dir)
    title = escape(r.title or r.name)
    name_cell = f'<a href="{escape(html_href)}">{title}</a>' if html_href else title
    if r.title and r.title != r.name:
        name_cell += f'<br><span class="meta">{escape(r.name)}</span>'
    links = []
    for key, label in (("html", "report"), ("docx", "Word"), ("notebook", "notebook"),
                       ("summary", "JSON summary")):
        href = _href(r, key, index_dir)
        if href:
            links.append(f'<a href="{escape(href)}">{label}</a>')
    notes = []
    if r.error:
        notes.append(f'<div class="error">{escape(r.error)}</div>')
    for w in r.warnings or []:
        notes.append(f'<div class="warn">{escape(w)}</div>')
    source = escape(r.source) if r.source else "&ndash;"
    cls = "ok" if r.ok else "failed"
    return (f'<tr class="{cls}-row"><td>{name_cell}</td>'
            f'<td><span class="status {cls}">{"ok" if r.ok else "failed"}</span></td>'
            f'<td class="num">{_fmt_duration(r.duration)}</td>'
            f'<td>{escape(_window(r.window or r.parameters or {}))}</td>'
            f'<td>{source}</td>'
            f'<td class="files">{" ".join(links) or "&ndash;"}</td>'
            f'<td>{"".join(notes)}</td></tr>')


def render_index(results: list[ReportResult], title: str, index_dir: Path,
                 subtitle: str | None = None) -> str:
    n_ok = sum(r.ok for r in results)
    n_failed = len(results) - n_ok
    counts = f"{len(results)} report{'s' if len(results) != 1 else ''}: {n_ok} ok"
    if n_failed:
        counts += f', <span class="status failed">{n_failed} failed</span>'
    total = sum(float(r.duration or 0) for r in results)
    head = ("<tr><th>Report</th><th>Status</th><th>Time</th><th>Window</th>"
            "<th>Parameter file</th><th>Files</th><th>Error</th></tr>")
    groups: dict = {}
    for r in dashboards_first(results):
        groups.setdefault(r.group, []).append(r)
    sections = []
    for group, rows in groups.items():
        heading = f"<h2>{escape(str(group))}</h2>\n" if group is not None and len(groups) > 0 else ""
        body = "\n".join(_row(r, index_dir) for r in rows)
        sections.append(f"{heading}<table>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>")
    made = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    n_synth = sum(bool(getattr(r, "synthetic", False)) for r in results)
    banner = ""
    if n_synth:
        which = "every report here was" if n_synth == len(results) else \
            f"{n_synth} of the {len(results)} reports here were"
        banner = synthetic_banner_html(f"{which[0].upper()}{which[1:]} made from synthetic data "
                                       "(the iro-audit demonstration authority). None of these "
                                       "children is real.") + "\n"
    sub = f"{escape(subtitle)} &middot; " if subtitle else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
{banner}<h1>{escape(title)}</h1>
<p class="meta">{sub}made {made} by iro-audit {escape(__version__)}</p>
<p class="counts">{counts} &middot; total report time {_fmt_duration(total)}</p>
{_dashboard_links(results, index_dir)}{chr(10).join(sections)}
<footer>These reports hold information about children in care: keep them within the service
unless small numbers have been suppressed for the paper they go into.</footer>
</body>
</html>
"""


def write_index(index_dir: str | Path, results: list[ReportResult], title: str,
                subtitle: str | None = None, merge: bool = True) -> Path:
    """Write INDEX_DIR/index.html and run.json for RESULTS.

    With MERGE, reports already recorded in INDEX_DIR/run.json (from an earlier `run` into the
    same folder) are kept unless a result of the same name and group replaces them; the read and
    the rewrite hold the folder's index lock.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    results = list(results)
    with index_lock(index_dir):
        if merge:
            new = {(r.group, r.name) for r in results}
            older = [r for r in read_results(index_dir) if (r.group, r.name) not in new]
            results = older + results
        manifest = {
            "title": title,
            "made": dt.datetime.now().isoformat(timespec="seconds"),
            "iro_audit_version": __version__,
            "reports": [r.to_dict() for r in results],
        }
        write_text_atomic(index_dir / MANIFEST, json.dumps(manifest, indent=2, default=str))
        path = write_text_atomic(index_dir / INDEX, render_index(results, title, index_dir, subtitle))
    return path

"""After the audit (`notebooks/dip_sample_findings.ipynb`): `open_findings(...)` reads the
completed worksheet(s) back against the manifest and question set (`sampling.read_returns`,
which names the file, row and cell of any problem) and works out the findings; the builders here
show answer rates with Wilson intervals, themes, grades, the cases to follow up and what was
left blank."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ... import __version__
from ...banner import synthetic_banner_html
from ...errors import ParameterError
from ..blocks import Block, bullets, esc, para
from ..charts import bar_chart
from ..common import child_list
from ..format import fmt_count, fmt_pct, plural, table, words_date
from ._common import (BASE_WORDS, DEMO_TEXT, _facts_table, _pts, _q_words, _sentence, _sha256,
                      _when)
from .demo import is_demo_path, is_demo_worksheet, make_demo_cycle, make_demo_worksheet


@dataclass
class Findings:
    """The returned worksheets read back, and their findings."""

    ctx: object                    # a ReportContext without data (suppression, JSON summary)
    worksheet: Path                # the worksheet, or the folder of returned worksheets
    manifest_path: Path
    manifest: dict
    questions: object
    answers: pd.DataFrame          # audit answers of every returned worksheet (AUDITOR, FILE)
    result: dict                   # `sampling.cycle_findings`
    tables: dict
    demo: bool
    made_demo: bool
    sha256: str                    # of the worksheet (of the first, when several)
    files: list = field(default_factory=list)   # the worksheets read
    returns: object = None         # `sampling.Returns`


def worksheet_sample_id(path) -> str | None:
    """The sample id (manifest id) a worksheet was made for, from its hidden sheet."""
    from openpyxl import load_workbook

    from ...sampling.worksheet import META_SHEET

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read_worksheet reports an unreadable file properly
        return None
    try:
        if META_SHEET not in wb.sheetnames:
            return None
        for row in wb[META_SHEET].iter_rows(values_only=True):
            if row and row[0] == "manifest_id":
                return str(row[1])
        return None
    finally:
        wb.close()


def _manifest_ids(folder: Path) -> dict[Path, str]:
    import json

    out = {}
    for p in sorted(folder.glob("*.manifest.json")):
        try:
            out[p] = json.loads(p.read_text(encoding="utf-8")).get("manifest_id")
        except (ValueError, OSError, AttributeError):
            continue
    return out


def find_manifest(worksheet) -> Path:
    """The manifest of WORKSHEET when none is named: the ``*.manifest.json`` in the same folder
    whose sample id is the one the worksheet was made for. For a folder of returned
    worksheets: the one manifest in it."""
    worksheet = Path(worksheet)
    if worksheet.is_dir():
        found = list(_manifest_ids(worksheet))
        if len(found) == 1:
            return found[0]
        raise ParameterError(f"{len(found)} .manifest.json files in {worksheet}: give the manifest "
                             "parameter (the .manifest.json of the sample)")
    want = worksheet_sample_id(worksheet)
    found = [p for p, mid in _manifest_ids(worksheet.parent).items()
             if want is not None and mid == want]
    if len(found) == 1:
        return found[0]
    raise ParameterError(
        f"no manifest given for {worksheet.name}, and "
        + ("the worksheet does not say which sample it was made for" if want is None else
           f"no single .manifest.json of sample {want} is beside it in {worksheet.parent}")
        + "; give the manifest parameter (the .manifest.json written with the worksheet)")


def returned_worksheets(folder, manifest: dict) -> list[Path]:
    """The worksheets in FOLDER made for MANIFEST's sample (its auditors' and the moderation
    one), by name."""
    want = manifest["manifest_id"]
    return [p for p in sorted(Path(folder).glob("*.xlsx"))
            if not p.name.startswith(("~$", ".")) and worksheet_sample_id(p) == want]


def open_findings(worksheet, manifest=None, tool=None, data_dir=None,
                  as_at=None, suppress: bool = False, summary_path=None, previous=None,
                  report_date=None) -> Findings:
    """Read the returned worksheets back and work out the findings (`sampling.cycle_findings`).

    WORKSHEET: one completed worksheet, or a folder holding the returned worksheets of a sample
    (each auditor's and the moderation one: every .xlsx made for the sample is read). MANIFEST:
    default the manifest of its sample in the same folder. TOOL: default the manifest's.
    PREVIOUS: the findings JSON of the last audit with the same tool, to compare with.
    REPORT_DATE: actions due before it are overdue (default today). When WORKSHEET is in the
    demonstration folder (outputs/dip_samples/demo/) and missing, the demonstration is made
    first from the demo authority in DATA_DIR (None: see `data_folder.default_data_dir`): a
    folder gets the whole cycle (two auditors and a moderator, `make_demo_cycle`), an .xlsx a
    single worksheet. Records the findings for the JSON summary."""
    import datetime as dt

    from ... import sampling
    from .. import style
    from ..context import ReportContext
    from ..data_folder import default_data_dir

    style.apply_style()
    data_dir = default_data_dir(data_dir)
    worksheet = Path(worksheet)
    made = False
    if not worksheet.exists() and is_demo_path(worksheet):
        if worksheet.suffix.lower() == ".xlsx":
            make_demo_worksheet(worksheet, Path(manifest) if manifest else
                                worksheet.with_name(worksheet.stem + ".manifest.json"), data_dir,
                                as_at=as_at or "2026-03-31")
        else:
            make_demo_cycle(worksheet, data_dir, as_at=as_at or "2026-03-31")
        made = True
    if not worksheet.exists():
        raise ParameterError(f"worksheet {worksheet} does not exist")
    manifest_path = Path(manifest) if manifest else find_manifest(worksheet)
    m = sampling.load_manifest(manifest_path)
    qs = sampling.load_questions(tool or m["tool"])
    paths = returned_worksheets(worksheet, m) if worksheet.is_dir() else [worksheet]
    if not paths:
        raise ParameterError(f"no worksheet of sample {m['manifest_id']} in {worksheet}")
    prev = sampling.load_previous(previous) if previous else None
    day = pd.Timestamp(report_date).date().isoformat() if report_date else dt.date.today().isoformat()
    ret = sampling.read_returns(paths, m, qs)
    result = sampling.cycle_findings(ret, qs, m, day, prev)
    ctx = ReportContext("dip_sample_findings", None, None, {}, suppress=suppress,
                        data_dir=str(data_dir), summary_path=summary_path)
    ctx.title = f"Dip sample findings: {qs.title}"
    demo = any(is_demo_worksheet(p) for p in paths)
    # invented answers, or cases drawn from synthetic data: the findings page says so
    ctx.synthetic = demo or bool(m.get("synthetic"))
    ctx.record("dip_sample_findings", {**result, "demonstration": demo,
                                       "worksheet": str(worksheet.resolve()),
                                       "worksheet_sha256": _sha256(paths[0]),
                                       "worksheets": {p.name: _sha256(p) for p in paths},
                                       "manifest": str(manifest_path.resolve()),
                                       "previous": str(Path(previous).resolve()) if previous else None,
                                       "as_at": m.get("as_at"), "population": m.get("population"),
                                       "seed": m.get("seed")})
    return Findings(ctx, worksheet, manifest_path, m, qs, ret.answers, result,
                    sampling.findings_tables(result), demo, made, _sha256(paths[0]),
                    files=paths, returns=ret)


def findings_about(fd: Findings) -> Block:
    """What was audited: the worksheet and its sample, who ran the report and when."""
    m, qs, ctx = fd.manifest, fd.questions, fd.ctx
    cohort = m.get("cohort") or {}
    filt = ", ".join(f"{k.replace('_', ' ')} {', '.join(map(str, v)) if isinstance(v, list) else v}"
                     for k, v in cohort.items() if k != "base")
    facts = [("Report", ctx.title),
             ("Audit tool", f"{qs.title} ({qs.id}, version {qs.version or 'not given'}): "
                            f"{len(qs.questions)} questions; question set unchanged since the sample "
                            f"was drawn (hash {m['questions_hash']})"),
             ("Worksheet" if len(fd.files) == 1 else "Worksheets returned",
              "; ".join(f"{p.name} (SHA-256 {_sha256(p)[:16]})" for p in fd.files)),
             ("Manifest", f"{fd.manifest_path.name}: sample {m['manifest_id']}"),
             ("Folder", str(fd.files[0].resolve().parent)),
             ("Cases as at (the audit date)", words_date(m["as_at"]) if m.get("as_at") else "not recorded"),
             ("Cohort", _sentence(BASE_WORDS.get(cohort.get("base"), str(cohort.get("base", ""))))
              + (f"; {filt}" if filt else "")),
             ("Sample", f"{m['achieved']} of {m['population']} cases, seed {m['seed']}"
                        + (f", stratified by {m['strata']}" if m.get("strata") else "")
                        + (f"; margin of error {_pts(m['margin'])} at 95% confidence"
                           if m.get("margin") is not None else "")),
             ("Drawn", f"{_when(m.get('created_at'))} by {m.get('created_by', '')}, from data "
                       f"with fingerprint {m.get('data_fingerprint', '')}"),
             *([("Shared among", ", ".join(f"{a['AUDITOR']} ({k})" for a, k in zip(
                 m["auditors"]["auditors"], m["auditors"]["loads"].values()))
                 + (" (no auditor has a case of their own team)" if m["auditors"]["not_own_team"]
                    else "") + "; no auditor has a child they are, or were in the 12 months "
                 "before, the IRO for")] if m.get("auditors") else []),
             *([("Moderation", f"{len(m['moderation']['ids'])} case(s) drawn for "
                 f"{m['moderation']['moderator']} (share {m['moderation']['share']:g}, seed "
                 f"{m['moderation']['seed']})")] if m.get("moderation") else []),
             ("Actions overdue at", words_date(fd.result["report_date"])),
             ("Run by", ctx.run_by),
             ("Run on", f"{ctx.run_at.day} {ctx.run_at:%B %Y at %H:%M} UTC"),
             ("iro-audit version", __version__),
             ("Small numbers", "suppressed: counts from 1 to 5 show as c; the list of cases is "
                               "withheld" if ctx.suppress else
                               "shown in full (internal paper: not for publication)")]
    parts = [synthetic_banner_html()] if ctx.synthetic else []
    if fd.demo:
        parts.append('<div class="iro-note" style="border:3px solid #D55E00;background:#fbe3b8;'
                     'padding:0.6em 0.9em;margin:0.6em 0;font-weight:bold;font-size:1.1em;">'
                     f'{esc(DEMO_TEXT)}. This worksheet was drawn from the synthetic demo '
                     'authority and its answers are seeded random values: no case was read and '
                     'none of these findings is real.</div>')
    parts.append(_facts_table(facts))
    parts.append(para("Each worksheet was checked against its manifest and question set before "
                      "anything was counted: every question column is present and in place, "
                      "every answer is one the drop-down allows, every case on it is in the "
                      "sample (or the auditor's share of it), and every action has an owner and "
                      "a due date."))
    return Block(*parts, data={"facts": dict(facts), "demo": fd.demo})


def findings_headline(fd: Findings) -> Block:
    """The findings in a few sentences."""
    f, sup = fd.result, fd.ctx.suppress
    q = fd.tables["questions"]
    answered = q[q["Y"] + q["N"] > 0]
    lines = [f"{plural(f['cases'], 'case was', 'cases were', sup)} audited; "
             f"{fmt_count(f['complete'], sup)} had every question answered."]
    if len(answered):
        lo = answered.sort_values(["PCT", "QUESTION"]).iloc[0]
        hi = answered.sort_values(["PCT", "QUESTION"], ascending=[False, True]).iloc[0]
        ties = [_q_words(x) for x in answered.loc[answered["PCT"] == hi["PCT"], "QUESTION"]]
        lines.append(f"Lowest: {_q_words(lo['QUESTION'])}, met in {fmt_pct(lo['PCT'])} of the "
                     f"cases where it applied ({int(lo['Y'])} of {int(lo['Y'] + lo['N'])}).")
        if len(ties) > 1:
            lines.append(f"Highest: {fmt_pct(hi['PCT'])} met, for {len(ties)} questions ("
                         + ", ".join(ties) + ").")
        else:
            lines.append(f"Highest: {_q_words(hi['QUESTION'])}, met in {fmt_pct(hi['PCT'])} "
                         f"({int(hi['Y'])} of {int(hi['Y'] + hi['N'])}).")
    lines.append(f"{plural(len(f['follow_up']), 'case has', 'cases have', sup)} at least one "
                 "standard not met and should be followed up.")
    return Block(bullets(lines) if not sup else para(" ".join(lines[:1] + lines[-1:])),
                 data={"lines": lines})


def _hide_small_rates(df: pd.DataFrame, suppress: bool) -> pd.DataFrame:
    """Under suppression a rate (as text in MET) and its interval show as c when its Yes or No
    count is from 1 to 5 (the rate and the number answered would give that count away)."""
    from ..format import SUPPRESSED, is_small

    if not suppress:
        return df
    out = df.copy()
    small = [is_small(y) or is_small(n) for y, n in zip(out["Y"], out["N"])]
    out["MET"] = [SUPPRESSED if sm else fmt_pct(v) for sm, v in zip(small, out["PCT"])]
    out["INTERVAL"] = [SUPPRESSED if sm else v for sm, v in zip(small, out["INTERVAL"])]
    return out


def question_rates(fd: Findings) -> Block:
    """Answer rates per yes/no question with Wilson 95% intervals: table and bar chart."""
    q = fd.tables["questions"].copy()
    sup = fd.ctx.suppress
    if q.empty:
        return Block(para("The question set has no yes/no questions."))
    q["ANSWERED"] = (q["Y"] + q["N"]).astype("int64")
    q["INTERVAL"] = [f"{fmt_pct(a)} to {fmt_pct(b)}" if pd.notna(a) else "–"
                     for a, b in zip(q["CI_LOW"], q["CI_HIGH"])]
    cols = ["QUESTION", "THEME", "TEXT", "Y", "N", "NA", "BLANK", "ANSWERED", "PCT", "INTERVAL"]
    if sup:   # only what cannot reveal a count from 1 to 5: see _hide_small_rates
        cols = ["QUESTION", "THEME", "TEXT", "ANSWERED", "MET", "INTERVAL"]
    shown = _hide_small_rates(q, sup)[cols].copy()
    shown["QUESTION"] = shown["QUESTION"].map(_q_words)
    for c in ("Y", "N", "NA", "BLANK"):
        if c in shown:
            shown[c] = shown[c].astype("int64")
    sty = table(shown, caption="Standards met, question by question",
                counts=[c for c in ("Y", "N", "NA", "BLANK", "ANSWERED") if c in shown],
                pct_of={"PCT": "ANSWERED"},
                labels={"QUESTION": "Question", "THEME": "Theme", "TEXT": "Question in full",
                        "Y": "Yes", "N": "No", "NA": "Does not apply", "BLANK": "Left blank",
                        "ANSWERED": "Answered yes or no", "PCT": "Met %", "MET": "Met %",
                        "INTERVAL": "95% interval"},
                codes=False, nowrap=["INTERVAL", "QUESTION", "MET"])
    ch = q.assign(LABEL=q["QUESTION"].map(_q_words))
    ch = ch[ch["ANSWERED"] > 0]
    parts = [para("Met % is the share answered Yes of the cases where the question applied "
                  "(Yes or No); Does not apply and blanks are left out. The 95% interval "
                  "(Wilson) is the range the figure for the whole cohort very likely lies in: "
                  "with samples this small it is wide, so a difference of a few points between "
                  "questions means little."
                  + (" Small-number suppression is on: the answer counts are not shown, and a "
                     "rate resting on 1 to 5 Yes or No answers shows as c." if sup else "")), sty]
    if len(ch):
        lo = ch.sort_values(["PCT", "QUESTION"]).iloc[0]
        parts.append(bar_chart(ch, "LABEL", "PCT",
                               "Standards met, question by question" if sup else
                               f"Lowest: {lo['LABEL']} ({fmt_pct(lo['PCT'])} met)",
                               xlabel="Cases meeting the standard (bars: 95% interval)", pct=True,
                               suppress=sup, n_cols=["Y", "N"] if sup else None,
                               errors=("CI_LOW", "CI_HIGH")))
    return Block(*parts, data={"questions": q})


def theme_rates(fd: Findings) -> Block:
    """Rates per theme: the yes/no answers of a theme's questions pooled."""
    t = fd.tables["themes"].copy()
    sup = fd.ctx.suppress
    if t.empty:
        return Block(para("No theme has yes/no answers."))
    qids = {r["theme"]: ", ".join(_q_words(x) for x in r["questions"]) for r in fd.result["themes"]}
    t["QUESTIONS"] = t["THEME"].map(qids)
    t["INTERVAL"] = [f"{fmt_pct(a)} to {fmt_pct(b)}" if pd.notna(a) else "–"
                     for a, b in zip(t["CI_LOW"], t["CI_HIGH"])]
    t["Y"] = t["Y"].astype("int64")
    t["ANSWERED"] = t["ANSWERED"].astype("int64")
    t["N"] = (t["ANSWERED"] - t["Y"]).astype("int64")
    cols = ["THEME", "QUESTIONS", "ANSWERED", "MET", "INTERVAL"] if sup else \
        ["THEME", "QUESTIONS", "Y", "ANSWERED", "PCT", "INTERVAL"]
    sty = table(_hide_small_rates(t, sup)[cols], caption="Standards met, by theme",
                counts=[c for c in ("Y", "ANSWERED") if c in cols], pct_of={"PCT": "ANSWERED"},
                labels={"THEME": "Theme", "QUESTIONS": "Questions", "Y": "Answers Yes",
                        "ANSWERED": "Answers Yes or No", "PCT": "Met %", "MET": "Met %",
                        "INTERVAL": "95% interval"}, codes=False, nowrap=["INTERVAL", "MET"])
    parts = [para("Each theme pools the Yes and No answers of its questions across all cases. "
                  "A case counts once per question, so the interval is a guide only."), sty]
    ch = t[t["ANSWERED"] > 0]
    if len(ch) > 1:
        lo = ch.sort_values(["PCT", "THEME"]).iloc[0]
        title = "Standards met, by theme" if sup else \
            f"Weakest theme: {lo['THEME']} ({fmt_pct(lo['PCT'])} met)"
        parts.append(bar_chart(ch, "THEME", "PCT", title,
                               xlabel="Answers meeting the standard (bars: 95% interval)",
                               pct=True, suppress=sup, n_cols=["Y", "N"] if sup else None,
                               errors=("CI_LOW", "CI_HIGH")))
    return Block(*parts, data={"themes": t})


def grades(fd: Findings) -> Block:
    """The distribution of each graded question (e.g. the auditor's overall grade)."""
    g = fd.tables["grades"]
    sup = fd.ctx.suppress
    if g.empty:
        return Block(para("The question set has no graded questions."))
    parts = []
    for qid, part in g.groupby("QUESTION", sort=False):
        total = int(part["COUNT"].sum())
        blank = next(r["blank"] for r in fd.result["questions"] if r["id"] == qid)
        df = pd.DataFrame({"Grade": [_q_words(x) for x in part["GRADE"]],
                           "Cases": part["COUNT"].astype("int64").to_numpy(),
                           "Share %": [100 * c / total if total else None for c in part["COUNT"]]})
        df = pd.concat([df, pd.DataFrame([{"Grade": "Total", "Cases": total,
                                           "Share %": 100.0 if total else None}])],
                       ignore_index=True)
        df["Cases"] = df["Cases"].astype("int64")
        text = fd.questions.question(qid).text
        parts.append(table(df, suppress=sup, caption=f"{_q_words(qid)}: {text}", counts=["Cases"]))
        if blank:
            parts.append(para(f"{plural(blank, 'case was', 'cases were', sup)} left without a grade "
                              "and are not in the table."))
        if total:
            top = df.iloc[:-1].sort_values("Cases", ascending=False).iloc[0]
            parts.append(bar_chart(df.iloc[:-1], "Grade", "Cases",
                                   f"{_q_words(qid)}: grades given" if sup else
                                   f"{_q_words(qid)}: most often {top['Grade'].lower()} "
                                   f"({top['Cases']} of {total})",
                                   xlabel="Cases", suppress=sup))
    return Block(*parts, data={"grades": g})


def follow_up(fd: Findings) -> Block:
    """The cases with any standard not met (N), in the order drawn, with the auditor's notes."""
    fu = fd.tables["follow_up"].copy()
    if len(fu):
        fu["QUESTIONS_N"] = [", ".join(_q_words(x) for x in r["questions"])
                             for r in fd.result["follow_up"]]
    lead = para("Every case with at least one question answered No, for the manager to take up "
                "with the team (the row is the worksheet row, to find the case's answers).")
    lst = child_list(fd.ctx, fu, ["SEQ", "CHILD", "ROW", "QUESTIONS_N", "NOTES"],
                     "Cases to follow up", "No case had a standard not met.",
                     labels={"SEQ": "Order drawn", "ROW": "Worksheet row",
                             "QUESTIONS_N": "Standards not met", "NOTES": "Auditor's notes"},
                     fold_over=60)
    return Block(lead, lst, data={"follow_up": fu})


def completeness(fd: Findings) -> Block:
    """The closing data-quality section of the findings: what was left blank."""
    f, sup = fd.result, fd.ctx.suppress
    a = fd.answers
    qids = fd.questions.ids
    blanks = pd.DataFrame({"QUESTION": [_q_words(q) for q in qids],
                           "BLANK": [int(a[q].isna().sum()) for q in qids]})
    blanks = blanks[blanks["BLANK"] > 0]
    inc = a[a[qids].isna().any(axis=1)]
    parts = [para("The worksheet passed every check when it was read back (columns, answers, "
                  "cases), so no answer was changed or set aside.")]
    if f["complete"] == f["cases"]:
        parts.append(para(f"Every one of the {f['cases']} cases has every question answered."))
    else:
        parts.append(para(f"{plural(f['cases'] - f['complete'], 'case has', 'cases have', sup)} at "
                          "least one question left blank. Blanks are left out of the rates above, "
                          "which therefore rest on fewer cases; finish the worksheet and run this "
                          "report again for the full picture."))
        parts.append(table(blanks.assign(BLANK=blanks["BLANK"].astype("int64")), suppress=sup,
                           caption="Questions left blank", counts=["BLANK"],
                           labels={"QUESTION": "Question", "BLANK": "Cases left blank"}, codes=False))
        inc_rows = pd.DataFrame({"SEQ": inc["SEQ"], "CHILD": inc["CHILD"], "ROW": inc["ROW"],
                                 "MISSING": [", ".join(_q_words(q) for q in qids if pd.isna(r[q]))
                                             for _, r in inc.iterrows()]})
        parts.append(child_list(fd.ctx, inc_rows, ["SEQ", "CHILD", "ROW", "MISSING"],
                                "Cases with a question left blank", "",
                                labels={"SEQ": "Order drawn", "ROW": "Worksheet row",
                                        "MISSING": "Left blank"}))
    return Block(*parts, data={"blanks": blanks})


def save_summary(fd: Findings) -> Block | None:
    return fd.ctx.save_summary()


def progress_section(fd: Findings) -> Block:
    """Which worksheets have come back: per auditor the cases shared to them, returned,
    complete and outstanding; and the moderation worksheet."""
    pr = fd.result["progress"]
    rows = pd.DataFrame([{"AUDITOR": r["auditor"], "WORKSHEET": r["worksheet"] or "not returned",
                          "ALLOCATED": r["allocated"], "RETURNED": r["returned"],
                          "COMPLETE": r["complete"], "OUTSTANDING": r["outstanding"]}
                         for r in pr["auditors"]])
    t = pr["total"]
    rows = pd.concat([rows, pd.DataFrame([{"AUDITOR": "All", "WORKSHEET": f"{t['worksheets_returned']} "
                                           f"of {t['worksheets_expected']} returned",
                                           **{k.upper(): t[k] for k in ("allocated", "returned",
                                                                       "complete", "outstanding")}}])],
                     ignore_index=True)
    for c in ("ALLOCATED", "RETURNED", "COMPLETE", "OUTSTANDING"):
        rows[c] = rows[c].astype("int64")
    lead = (f"{t['complete']} of {t['allocated']} cases have been audited in full"
            + (f"; {t['outstanding']} are outstanding. The findings below describe only the cases "
               "that have come back." if t["outstanding"] else ": the audit is complete."))
    parts = [para(lead),
             table(rows, caption="Worksheets returned, by auditor", counts=["ALLOCATED", "RETURNED",
                                                                           "COMPLETE", "OUTSTANDING"],
                   labels={"AUDITOR": "Auditor", "WORKSHEET": "Worksheet", "ALLOCATED": "Cases shared",
                           "RETURNED": "Cases returned", "COMPLETE": "Every question answered",
                           "OUTSTANDING": "Outstanding"}, codes=False)]
    md = pr["moderation"]
    if md:
        parts.append(para(f"Moderation: {md['cases']} case(s) were drawn for {md['moderator']}; "
                          f"{md['returned']} have come back, {md['complete']} with every question "
                          "answered."))
    return Block(*parts, data={"progress": rows})

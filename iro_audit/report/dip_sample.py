"""Sections of the two dip-sample reports.

`notebooks/dip_sample.ipynb` (before the audit): `draw_sample(ctx, ...)` defines the cohort,
works out the sample size, draws the seeded selection and writes the audit worksheet (XLSX) and
its manifest (JSON) with `iro_audit.sampling.draw`; the other builders show what was done and
how to draw the same sample again.

`notebooks/dip_sample_findings.ipynb` (after the audit): `open_findings(...)` reads the completed
worksheet back against its manifest and question set (`sampling.read_worksheet`, which names
the row and cell of any problem) and works out the findings (`sampling.findings`); the other
builders show answer rates with Wilson intervals, themes, grades and the cases to follow up.
`make_demo_worksheet` draws a sample on the demo authority and fills it with seeded answers so
the findings report can be seen before any real audit; such a worksheet says so on its About
sheet and the report labels it as a demonstration.
"""
from __future__ import annotations

import hashlib
import math
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..banner import synthetic_banner_html
from ..errors import ParameterError
from .blocks import Block, bullets, esc, note, para
from .charts import bar_chart
from .common import child_list
from .format import fmt_count, fmt_date, fmt_pct, plural, table, words_date
from .labels import code_label

DEFAULT_OUT_DIR = "../outputs/dip_samples"
MARGINS = (0.10, 0.075, 0.05, 0.03)
SMALL_SAMPLES = (10, 15, 20, 30, 50)
BASE_WORDS = {
    "looked_after": "children looked after (short breaks left out)",
    "s20": "children accommodated under section 20 (legal status V2)",
    "pwp": "children in care placed with their parents (placement P1)",
    "cp_plan": "children on a child protection plan",
}
DATE_COLUMN = {"looked_after": "PERIOD_START", "s20": "RUN_START", "pwp": "RUN_START",
               "cp_plan": "PLAN_START"}
LIST_COLUMNS = ["SEQ", "CHILD", "STRATUM", "AGE", "AGE_BAND", "LS", "PLACE", "PERIOD_START",
                "RUN_START", "RUN_DAYS", "IRO_ID", "TEAM"]
LABELS = {"SEQ": "Order drawn", "STRATUM": "Stratum", "AGE": "Age at audit date",
          "AGE_BAND": "Age band", "RUN_START": "In this arrangement since",
          "RUN_DAYS": "Days in this arrangement"}
SHARED = {"s20": "LS", "pwp": "PLACE"}   # a column every case of the base shares (V2, P1)
STRATA_WORDS = {"TEAM": "team", "LS": "legal status", "PLACE": "placement", "IRO_ID": "IRO",
                "AGE_BAND": "age band"}
DEMO_MARK = "DEMONSTRATION"
DEMO_TEXT = "DEMONSTRATION: answers filled in automatically"


def _pts(margin) -> str:
    """A margin as "+/- 5.0 percentage points"."""
    return f"\u00b1{fmt_pct(100 * float(margin))[:-1]} percentage points"


def _list_words(values, kind: str | None = None) -> str:
    vals = values if isinstance(values, (list, tuple)) else [values]
    words = [code_label(kind, str(v).strip().upper()) if kind else str(v) for v in vals]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _facts_table(facts: list[tuple[str, object]]):
    df = pd.DataFrame([(k, "" if v is None else str(v)) for k, v in facts], columns=["Item", "Detail"])
    return table(df, header=False, codes=False).set_properties(subset=["Item"], **{"font-weight": "bold"})


def _pre(text: str) -> str:
    """A command for the reader to copy, in a grey box."""
    return ('<pre style="white-space:pre-wrap;background:#f2f2f2;border:1px solid #ccc;'
            f'padding:0.5em 0.7em;font-size:0.9em;">{esc(text)}</pre>')


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(stamp) -> str:
    """An ISO time stamp as "23 November 2026 at 20:00 UTC" (as given when it is not one)."""
    try:
        t = pd.Timestamp(stamp)
    except (ValueError, TypeError):
        return str(stamp or "")
    if pd.isna(t):
        return ""
    if t.tzinfo is not None:
        t = t.tz_convert("UTC")
    return f"{t.day} {t:%B %Y at %H:%M} UTC"


def _sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


# =============================================================================================
# before the audit: dip_sample
# =============================================================================================

@dataclass
class Plan:
    """A drawn dip sample and everything the report says about it."""

    questions: object
    filters: dict
    base: str
    as_at: pd.Timestamp
    frame: pd.DataFrame            # every case of the base at the audit date
    cohort: pd.DataFrame           # the cases meeting the filters
    sample: pd.DataFrame
    manifest: dict
    worksheet_path: Path
    manifest_path: Path
    margin: float | None           # the margin asked for (None when a size was given)
    sample_size: int | None        # the size asked for (None when worked out from MARGIN)
    p: float
    seed: int
    strata: str | None
    allocation: str
    breakdown: str                 # the column the cohort is shown by
    notes: list = field(default_factory=list)

    @property
    def population(self) -> int:
        return int(self.manifest["population"])

    @property
    def n(self) -> int:
        return int(self.manifest["achieved"])


def sample_out_dir(out_dir=None, summary_path=None) -> Path:
    """Where the worksheet and manifest go: OUT_DIR when given, else the folder the report's
    JSON summary goes to (the run folder the runner made), else ../outputs/dip_samples."""
    if out_dir:
        return Path(out_dir)
    if summary_path:
        return Path(summary_path).resolve().parent
    return Path(DEFAULT_OUT_DIR)


def draw_sample(ctx, tool: str = "s20", legal_status=None, placement=None, team=None, iro=None,
                age_band=None, min_age=None, max_age=None, date_column=None, date_from=None,
                date_to=None, exclude=None, margin: float | None = 0.05,
                sample_size: int | None = None, p: float = 0.5, seed: int = 0,
                strata: str | None = None, allocation: str = "proportional",
                out_dir=None) -> Plan:
    """Define the cohort, size the sample, draw it and write the worksheet and manifest.

    SAMPLE_SIZE, when given, is the number drawn (all the cohort when it is smaller) and the
    margin it achieves is reported; otherwise the size comes from MARGIN and P. DATE_FROM /
    DATE_TO bound DATE_COLUMN (default: the start of the s20 or placed-with-parents run, or of
    the period of care). Records the sample for the JSON summary."""
    from .. import sampling

    qs = sampling.load_questions(tool)
    as_at = ctx.window.as_at
    if sample_size is None and margin is None:
        margin = 0.05
    if (date_from is not None or date_to is not None) and date_column is None:
        date_column = DATE_COLUMN[qs.base]
    filters = {k: v for k, v in (("legal_status", legal_status), ("placement", placement),
                                 ("team", team), ("iro", iro), ("age_band", age_band),
                                 ("min_age", min_age), ("max_age", max_age),
                                 ("date_column", date_column), ("date_from", date_from),
                                 ("date_to", date_to), ("exclude", exclude)) if v is not None}
    frame = sampling.case_frame(ctx.ds, as_at, qs.base)
    cohort = sampling.cohort(frame, **filters)
    notes = []
    n = None
    if sample_size is not None:
        if isinstance(sample_size, bool) or int(sample_size) != sample_size or sample_size < 1:
            raise ParameterError(f"sample_size {sample_size} must be a whole number of 1 or more")
        n = int(sample_size)
        if 0 < len(cohort) < n:
            notes.append(f"{n} cases were asked for but only {len(cohort)} meet the cohort "
                         f"definition, so all {len(cohort)} are audited (a census: the findings "
                         "describe the whole cohort, with no sampling error).")
            n = len(cohort)
    out = sample_out_dir(out_dir, ctx.summary_path)
    drawn = sampling.draw(ctx.ds, qs, as_at=as_at.date().isoformat(), n=n, seed=seed, strata=strata,
                          allocation=allocation, margin=None if n is not None else margin, p=p,
                          out_dir=out, frame=None, created_by=ctx.run_by, **filters)
    breakdown = strata or ("AGE_BAND" if "AGE_BAND" in cohort.columns else "CHILD")
    plan = Plan(qs, filters, qs.base, pd.Timestamp(as_at), frame, drawn.cohort, drawn.sample,
                drawn.manifest, drawn.worksheet_path, drawn.manifest_path,
                None if n is not None else margin, int(sample_size) if sample_size is not None else None,
                p, int(seed), strata, allocation, breakdown, notes)
    m = drawn.manifest
    ctx.title = f"Dip sample: {qs.title}"
    ctx.record("dip_sample", {
        "tool": qs.id, "tool_title": qs.title, "manifest_id": m["manifest_id"],
        "as_at": m["as_at"], "cohort": m["cohort"], "population": m["population"],
        "requested": m["requested"], "sample_size": m["achieved"],
        "target_margin": m["target_margin"], "margin": m["margin"], "p": p,
        "seed": m["seed"], "strata": strata, "allocation": m["allocation"],
        "allocations": m["allocations"], "ids": m["ids"],
        "data_fingerprint": m["data_fingerprint"], "questions_hash": m["questions_hash"],
        "worksheet": str(drawn.worksheet_path), "manifest": str(drawn.manifest_path),
        "redraw_command": redraw_command(ctx, plan)})
    return plan


def cohort_words(plan: Plan) -> str:
    """The cohort definition in a sentence."""
    f = plan.filters
    parts = []
    if "legal_status" in f:
        parts.append(f"with legal status {_list_words(f['legal_status'], 'LS')}")
    if "placement" in f:
        parts.append(f"placed in {_list_words(f['placement'], 'PLACE')}")
    if "team" in f:
        parts.append(f"whose IRO is in the {_list_words(f['team'])} team"
                     + ("s" if isinstance(f["team"], (list, tuple)) and len(f["team"]) > 1 else ""))
    if "iro" in f:
        parts.append(f"whose IRO is {_list_words(f['iro'])}")
    if "age_band" in f:
        parts.append(f"in the age band {_list_words(f['age_band'])}")
    if "min_age" in f and "max_age" in f:
        parts.append(f"aged {f['min_age']} to {f['max_age']}")
    elif "min_age" in f:
        parts.append(f"aged {f['min_age']} or over")
    elif "max_age" in f:
        parts.append(f"aged {f['max_age']} or under")
    if "date_from" in f or "date_to" in f:
        what = {"RUN_START": "whose current arrangement began",
                "PERIOD_START": "whose current period of care began"}.get(
            f.get("date_column"), f"with {f.get('date_column')}")
        if "date_from" in f and "date_to" in f:
            parts.append(f"{what} between {fmt_date(f['date_from'], long=True)} and "
                         f"{fmt_date(f['date_to'], long=True)}")
        elif "date_from" in f:
            parts.append(f"{what} on or after {fmt_date(f['date_from'], long=True)}")
        else:
            parts.append(f"{what} on or before {fmt_date(f['date_to'], long=True)}")
    text = f"All {BASE_WORDS[plan.base]} on {fmt_date(plan.as_at, long=True)}"
    if parts:
        text += ", " + ", ".join(parts)
    if "exclude" in f:
        ex = f["exclude"] if isinstance(f["exclude"], (list, tuple)) else [f["exclude"]]
        text += f"; leaving out {plural(len(ex), 'child', 'children')} named in the parameters"
    return text + "."


def about(ctx, plan: Plan) -> Block:
    """The opening block: what was sampled, from which data, by whom and when."""
    from .context import provenance_block

    pb = provenance_block(ctx)
    base = pb.data["facts"]
    drop = {"Report", "Period covered", "Compared with", "Position as at", "Metric parameters"}
    qs = plan.questions
    facts = [("Report", ctx.title),
             ("Audit tool", f"{qs.title} ({qs.id}, version {qs.version or 'not given'}): "
                            f"{len(qs.questions)} questions"),
             ("Cases as at (the audit date)", words_date(plan.as_at)),
             ("Sample", f"{plan.n} of {plan.population} cases, seed {plan.seed}; sample "
                        f"{plan.manifest['manifest_id']}")]
    facts += [(k, v) for k, v in base.items() if k not in drop]
    parts = [synthetic_banner_html()] if ctx.synthetic else []
    parts += [_facts_table(facts)] + pb.data["tail"]
    return Block(*parts, data={"facts": dict(facts), "synthetic": ctx.synthetic})


def cohort_section(ctx, plan: Plan) -> Block:
    """The cohort definition and its size, by the strata column (or by age band)."""
    col = plan.breakdown
    sup = ctx.suppress
    lead = para(cohort_words(plan))
    size = para(f"{plural(plan.population, 'case meets', 'cases meet', sup)} this definition"
                + (f", out of {fmt_count(len(plan.frame), sup)} "
                   f"{BASE_WORDS[plan.base].split(' (')[0]} on that date."
                   if len(plan.frame) != plan.population else "."))
    parts = [lead, size]
    data = {"population": plan.population}
    if col in plan.cohort.columns and col != "CHILD":
        from ..sampling.select import strata_of

        st = strata_of(plan.cohort, col)
        counts = st.value_counts()
        order = _order(col, list(counts.index))
        kind = col if col in ("LS", "PLACE") else None
        what = STRATA_WORDS.get(col, col.replace("_", " ").lower())
        head = what[:1].upper() + what[1:]
        rows = [{head: code_label(kind, k) if kind and k != "UNKNOWN" else ("Not recorded" if k == "UNKNOWN" else k),
                 "Cases": int(counts[k]), "Share %": 100 * counts[k] / len(st)} for k in order]
        df = pd.DataFrame(rows + [{head: "Total", "Cases": int(len(st)), "Share %": 100.0}])
        df["Cases"] = df["Cases"].astype("int64")
        parts.append(table(df, suppress=sup, caption=f"The cohort by {what}", counts=["Cases"]))
        top = df.iloc[:-1].sort_values("Cases", ascending=False).iloc[0]
        if len(df) > 3:   # three or more groups (a chart of two says no more than the table)
            parts.append(bar_chart(df.iloc[:-1], head, "Cases",
                                   f"{len(st)} cases in the cohort; the largest group: {top[head]} "
                                   f"({fmt_count(top['Cases'], sup)} cases)",
                                   xlabel="Cases", suppress=sup))
        data["by"] = df
        if plan.strata is None:
            parts.append(para("The sample is not stratified: every case in the cohort had the "
                              "same chance of being drawn."))
    return Block(*parts, data=data)


def _order(column: str, values: list) -> list:
    """Strata in reading order: age bands youngest first, others by name, unknown last."""
    if column == "AGE_BAND":
        from ..sampling import AGE_BANDS

        bands = [b[0] for b in AGE_BANDS]
        return [b for b in bands if b in values] + sorted((k for k in values if k not in bands), key=str)
    return sorted(values, key=lambda k: (k == "UNKNOWN", str(k)))


def _size_without_fpc(margin: float, p: float) -> int:
    from ..stats import z_for

    z = z_for(0.95)
    return math.ceil(round(z * z * p * (1 - p) / (margin * margin), 9))


def size_section(ctx, plan: Plan) -> Block:
    """The sample size for the chosen margin of error with the finite population correction,
    the margin the drawn size achieves, and the sizes other margins would need."""
    from ..sampling import margin_for, size_for

    N, n, p = plan.population, plan.n, plan.p
    achieved = plan.manifest["margin"]
    margins = sorted(set(MARGINS) | ({plan.margin} if plan.margin else set()), reverse=True)
    rows = []
    for a in margins:
        need = size_for(N, a, p)
        rows.append({"Margin of error (95% confidence)": _pts(a), "Cases to audit": need,
                     "Share of the cohort %": 100 * need / N,
                     "Cases needed from a very large cohort": _size_without_fpc(a, p),
                     "Chosen": "\u2190 this sample" if (plan.margin is not None and abs(a - plan.margin) < 1e-12) else ""})
    df = pd.DataFrame(rows)
    df["Cases to audit"] = df["Cases to audit"].astype("int64")
    df["Cases needed from a very large cohort"] = df["Cases needed from a very large cohort"].astype("int64")
    if n == N:
        lead = para(f"All {N} cases in the cohort are audited (a census), so the findings describe "
                    "the whole cohort and there is no sampling error"
                    + (f": a margin of error of {_pts(plan.margin)} from a cohort this small needs "
                       "every case." if plan.margin is not None else "."))
    elif plan.margin is not None:
        lead = para(f"For a margin of error of {_pts(plan.margin)} at 95% confidence, {n} of the "
                    f"{N} cases need auditing. With that sample, if (say) 70% of the audited cases "
                    f"meet a standard, the true figure across all {N} cases is very likely to lie "
                    f"within about {_pts(achieved)} of 70%.")
    else:
        need = size_for(N, 0.05, p)
        lead = para(f"A sample of {n} was chosen. Out of a cohort of {N}, it gives a margin of "
                    f"error of {_pts(achieved)} at 95% confidence; a margin of {_pts(0.05)} would "
                    f"need {need} cases.")
    how = para(f"The sizes use the finite population correction: because the cohort is only {N} "
               f"cases, fewer are needed than from a very large one (the last column). They assume "
               f"the proportion meeting a standard is about {p:g}"
               + (", the cautious choice that gives the largest sample." if p == 0.5 else
                  " (set by the p parameter; 0.5 is the cautious choice)."))
    shown = df if plan.margin is not None else df.drop(columns="Chosen")
    sty = table(shown, caption=f"Cases to audit out of {N} for each margin of error",
                counts=["Cases to audit", "Cases needed from a very large cohort"],
                pct_of={"Share of the cohort %": "Cases to audit"}, codes=False,
                nowrap=["Margin of error (95% confidence)", "Chosen"])
    sizes = [k for k in SMALL_SAMPLES if k < N]
    small = pd.DataFrame({"Cases audited": sizes,
                          "Margin of error (95% confidence)": [_pts(margin_for(k, N, p)) for k in sizes]})
    small_tbl = table(small.astype({"Cases audited": "int64"}), caption=f"The margin of error smaller samples "
                      f"of the {N} cases give", counts=["Cases audited"], codes=False,
                      nowrap=["Margin of error (95% confidence)"]) if sizes else None
    parts = [lead] + [note(t) for t in plan.notes]
    if n >= 40 and n > N / 2:
        parts.append(note(f"{n} cases is a large audit ({fmt_pct(100 * n / N)} of the cohort): "
                          f"a margin of {_pts(plan.margin or 0.05)} from a cohort this size needs most "
                          "of it. A smaller dip sample gives a rougher but still useful picture (see "
                          "the second table); set sample_size (for example 20) to draw one."))
    parts += [sty, how, small_tbl]
    return Block(*parts, data={"sizes": df, "small": small, "n": n, "population": N, "margin": achieved,
                               "margin_for_n": margin_for(n, N, p)})


def selection_section(ctx, plan: Plan) -> Block:
    """The seeded selection (IDs only) with its allocation per stratum."""
    sup = ctx.suppress
    s = plan.sample
    if plan.strata:
        what = STRATA_WORDS.get(plan.strata, plan.strata)
        alloc_words = ("in proportion to each stratum's size" if plan.allocation == "proportional"
                       else "the same number from each stratum where it has enough cases")
        lead = para(f"{n_of(plan)} drawn at random with seed {plan.seed}, stratified by {what} "
                    f"({alloc_words}). Cases are listed in the order they were drawn.")
        from ..sampling.select import strata_of

        pop = strata_of(plan.cohort, plan.strata).value_counts()
        alloc = plan.manifest.get("allocations") or {}
        kind = plan.strata if plan.strata in ("LS", "PLACE") else None
        head = what[:1].upper() + what[1:]
        rows = [{head: code_label(kind, k) if kind and k != "UNKNOWN" else k,
                 "In the cohort": int(pop.get(k, 0)), "Sampled": int(alloc.get(k, 0)),
                 "Share sampled %": 100 * alloc.get(k, 0) / pop[k] if pop.get(k, 0) else None}
                for k in _order(plan.strata, list(pop.index))]
        rows.append({head: "Total", "In the cohort": plan.population, "Sampled": plan.n,
                     "Share sampled %": 100 * plan.n / plan.population})
        adf = pd.DataFrame(rows)
        adf[["In the cohort", "Sampled"]] = adf[["In the cohort", "Sampled"]].astype("int64")
        alloc_tbl = table(adf, suppress=sup, caption=f"Cases sampled from each {what}",
                          counts=["In the cohort", "Sampled"],
                          pct_of={"Share sampled %": "Sampled"}, codes=False)
    else:
        lead = para(f"{n_of(plan)} drawn at random with seed {plan.seed}. Cases are listed in "
                    "the order they were drawn.")
        alloc_tbl, adf = None, None
    # the stratum is shown once: as its own column when it is one of the listed facts
    cols = [c for c in LIST_COLUMNS if c in s.columns
            and (c != "STRATUM" or (plan.strata and plan.strata not in LIST_COLUMNS))
            and c != SHARED.get(plan.base)]
    lst = child_list(ctx, s, cols, f"The {plan.n} cases to audit (child IDs only: no names)",
                     "No case was drawn.", labels=LABELS, fold_over=200)
    return Block(lead, alloc_tbl, lst, data={"sample": s, "allocations": adf})


def n_of(plan: Plan) -> str:
    if plan.n == plan.population:
        return f"All {plan.n} cases in the cohort are audited; their order was"
    return f"{plan.n} of the {plan.population} cases were"


def files_section(ctx, plan: Plan) -> Block:
    """Where the worksheet and manifest were written, and what to do next."""
    m = plan.manifest
    facts = [("Audit worksheet (XLSX)", plan.worksheet_path.name),
             ("Sample manifest (JSON)", plan.manifest_path.name),
             ("Folder", str(plan.worksheet_path.resolve().parent)),
             ("Sample id", m["manifest_id"])]
    steps = bullets([
        "Open the worksheet. The Audit sheet has one row per case, in the order drawn, with the "
        "case's facts filled in, and one column per question with a drop-down of its answers "
        "(Y, N or NA, or a grade). The Questions sheet gives each question in full; the About "
        "sheet says how the sample was drawn.",
        "Answer every question for every case; answer N where a standard is not met (the case "
        "is then listed for follow-up) and NA where the question does not apply. Use NOTES for "
        "anything the auditor wants to say.",
        "Do not add, remove, rename or reorder columns or cases, and keep the manifest beside "
        "the worksheet: the completed worksheet is read back against it, and any changed "
        "question, answer outside the drop-down or case not in the sample is reported with "
        "its row and cell.",
        "When the audit is done, run the findings report on the completed worksheet with the "
        "command below (from the project folder).",
    ])
    cmd = (f"iro-audit run dip_sample_findings -f parameters/dip_sample_findings.yaml \\\n"
           f"    -p worksheet {shlex.quote(str(plan.worksheet_path))} \\\n"
           f"    -p manifest {shlex.quote(str(plan.manifest_path))}")
    return Block(_facts_table(facts), "<p><b>Next steps</b></p>", steps, _pre(cmd),
                 data={"worksheet": str(plan.worksheet_path), "manifest": str(plan.manifest_path)})


def redraw_command(ctx, plan: Plan, out: str = "FOLDER") -> str:
    """The `iro-audit sample draw` command that draws the same sample (same manifest id)."""
    m = plan.manifest
    f = plan.filters
    args = ["iro-audit", "sample", "draw", "--data", str(ctx.data_dir), "--as-at", m["as_at"],
            "--tool", plan.questions.id]
    if m.get("target_margin") is not None:       # sized from a margin: say so, as the manifest does
        args += ["--margin", f"{m['target_margin']:g}"]
    else:
        args += ["--n", str(m["achieved"])]
    if plan.p != 0.5:
        args += ["--p", f"{plan.p:g}"]
    args += ["--seed", str(m["seed"])]
    if plan.strata:
        args += ["--strata", plan.strata, "--allocation", plan.allocation]
    for key, opt in (("legal_status", "--legal-status"), ("placement", "--placement"),
                     ("team", "--team"), ("iro", "--iro"), ("age_band", "--age-band"),
                     ("exclude", "--exclude")):
        if key in f:
            vals = f[key] if isinstance(f[key], (list, tuple)) else [f[key]]
            args += [opt] + [str(v) for v in vals]
    for key, opt in (("min_age", "--min-age"), ("max_age", "--max-age"),
                     ("date_column", "--date-column"), ("date_from", "--date-from"),
                     ("date_to", "--date-to")):
        if key in f:
            args += [opt, str(f[key])]
    if ctx.column_map:
        args += ["--column-map", str(ctx.column_map)]
    args += ["--out", out]
    return " ".join(shlex.quote(a) for a in args)


def redraw_section(ctx, plan: Plan) -> Block:
    """How to draw exactly the same sample again: seed, fingerprint, the command."""
    m = plan.manifest
    facts = [("Seed", m["seed"]), ("Audit date", fmt_date(m["as_at"], long=True)),
             ("Data fingerprint", m["data_fingerprint"]),
             ("Question set", f"{plan.questions.id}, hash {m['questions_hash']}"),
             ("Cohort", cohort_words(plan)),
             ("Sample size", f"{m['achieved']}" + (f" (from a margin of {_pts(m['target_margin'])})"
                                                   if m.get("target_margin") else " (chosen)")),
             ("Stratified by", f"{STRATA_WORDS.get(plan.strata, plan.strata)} (column {plan.strata}, "
                               f"{m['allocation']} allocation)" if plan.strata else "not stratified"),
             ("Sample id", m["manifest_id"])]
    cmd = redraw_command(ctx, plan)
    lead = para("Drawing again from the same data files (the same fingerprint), with the same "
                "audit date, cohort, size, stratification and seed, gives the same cases in the "
                "same order, and the same sample id. Anyone checking the audit can do so with "
                "this report's parameter file or with the command below.")
    return Block(lead, _facts_table(facts), "<p>The same draw from the command line:</p>", _pre(cmd),
                 data={"command": cmd})


# =============================================================================================
# after the audit: dip_sample_findings
# =============================================================================================

def is_demo_path(path) -> bool:
    """A path in the demonstration folder outputs/dip_samples/demo/."""
    parts = Path(path).resolve().parts
    return len(parts) >= 4 and parts[-4:-1] == ("outputs", "dip_samples", "demo")


def is_demo_worksheet(path) -> bool:
    """Whether the worksheet was filled in automatically (its About sheet says so)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read_worksheet reports an unreadable file properly
        return False
    try:
        if "About" not in wb.sheetnames:
            return False
        return any(r and r[0] == DEMO_MARK for r in wb["About"].iter_rows(values_only=True))
    finally:
        wb.close()


def fill_demo_answers(path, questions, seed: int = 1, blank_rate: float = 0.02) -> Path:
    """Fill the answer cells of the worksheet at PATH with seeded, plausible answers, mark it as
    a demonstration on its About sheet, and save it in place.

    Each yes/no question gets its own rate of Y (between 82% and 99%), about 8% NA and the rest
    N; graded questions mostly GOOD or REQUIRES_IMPROVEMENT; about BLANK_RATE of cells are left
    blank. Cases with an N get a note saying the answers are not real."""
    from openpyxl import load_workbook

    from ..sampling.worksheet import ABOUT_SHEET, AUDIT_SHEET, NOTES

    rng = np.random.default_rng(int(seed))
    wb = load_workbook(path)
    ws = wb[AUDIT_SHEET]
    header = [c.value for c in ws[1]]
    col = {name: j for j, name in enumerate(header, start=1) if name}
    rates = {q.id: float(rng.uniform(0.82, 0.99)) for q in questions.questions}
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=col["CHILD"]).value in (None, ""):
            continue
        any_n = False
        for q in questions.questions:
            if rng.random() < blank_rate:
                continue
            if q.yes_no:
                u = rng.random()
                if u < 0.08 and "NA" in q.answers:
                    ans = "NA"
                else:
                    ans = "Y" if rng.random() < rates[q.id] else "N"
                    any_n |= ans == "N"
            else:
                k = len(q.answers)
                w = np.array([0.12, 0.45, 0.33, 0.10][:k] + [0.1] * max(0, k - 4))
                ans = q.answers[int(rng.choice(k, p=w / w.sum()))]
            ws.cell(row=r, column=col[q.id], value=ans)
        if any_n and NOTES in col:
            ws.cell(row=r, column=col[NOTES], value="Demonstration: not a real case.")
    about = wb[ABOUT_SHEET]
    about.append([DEMO_MARK, "Answers filled in automatically with seeded random values to show "
                             f"the findings report (seed {seed}). They describe no real case."])
    wb.save(path)
    return Path(path)


def make_demo_worksheet(worksheet, manifest, data_dir=None, tool: str = "s20",
                        as_at="2026-03-31", n: int = 20, seed: int = 4521,
                        answer_seed: int = 7) -> tuple[Path, Path]:
    """A completed demonstration worksheet at WORKSHEET with its manifest at MANIFEST: a sample
    of N drawn with SEED from the demo authority in DATA_DIR (made first if missing; None: see
    `data_folder.default_data_dir`), answered by `fill_demo_answers`. Returns (worksheet,
    manifest)."""
    from .. import sampling
    from ..load import build_dataset
    from .context import ensure_demo_data
    from .data_folder import default_data_dir

    data_dir = default_data_dir(data_dir)
    ensure_demo_data(data_dir)
    if not Path(data_dir).is_dir():
        raise ParameterError(f"data folder not found: {data_dir} (needed to make the "
                             "demonstration worksheet)")
    ds = build_dataset(data_dir)     # the demo authority: default parameters
    qs = sampling.load_questions(tool)
    frame = sampling.case_frame(ds, as_at, qs.base)
    drawn = sampling.draw(ds, qs, as_at=as_at, n=min(n, len(frame)), seed=seed,
                          created_by="iro-audit demonstration")
    manifest = sampling.save_manifest(drawn.manifest, manifest)
    worksheet = sampling.write_worksheet(drawn.sample, drawn.manifest, qs, worksheet)
    fill_demo_answers(worksheet, qs, seed=answer_seed)
    return Path(worksheet), Path(manifest)


@dataclass
class Findings:
    """A completed worksheet read back, and its findings."""

    ctx: object                    # a ReportContext without data (suppression, JSON summary)
    worksheet: Path
    manifest_path: Path
    manifest: dict
    questions: object
    answers: pd.DataFrame
    result: dict
    tables: dict
    demo: bool
    made_demo: bool
    sha256: str


def worksheet_sample_id(path) -> str | None:
    """The sample id (manifest id) a worksheet was made for, from its hidden sheet."""
    from openpyxl import load_workbook

    from ..sampling.worksheet import META_SHEET

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


def find_manifest(worksheet) -> Path:
    """The manifest of WORKSHEET when none is named: the ``*.manifest.json`` in the same folder
    whose sample id is the one the worksheet was made for."""
    import json

    worksheet = Path(worksheet)
    want = worksheet_sample_id(worksheet)
    found = []
    for p in sorted(worksheet.parent.glob("*.manifest.json")):
        try:
            mid = json.loads(p.read_text(encoding="utf-8")).get("manifest_id")
        except (ValueError, OSError, AttributeError):
            continue
        if want is not None and mid == want:
            found.append(p)
    if len(found) == 1:
        return found[0]
    raise ParameterError(
        f"no manifest given for {worksheet.name}, and "
        + ("the worksheet does not say which sample it was made for" if want is None else
           f"no single .manifest.json of sample {want} is beside it in {worksheet.parent}")
        + "; give the manifest parameter (the .manifest.json written with the worksheet)")


def open_findings(worksheet, manifest=None, tool=None, data_dir=None,
                  as_at=None, suppress: bool = False, summary_path=None) -> Findings:
    """Read the completed WORKSHEET back against MANIFEST (default: the manifest of its sample
    in the same folder) and its question set (TOOL, default the manifest's) and work out the
    findings. When WORKSHEET is in the demonstration folder
    (outputs/dip_samples/demo/) and missing, a demonstration worksheet is made first from the
    demo authority in DATA_DIR (None: see `data_folder.default_data_dir`). Records the findings
    for the JSON summary."""
    from .. import sampling
    from . import style
    from .context import ReportContext
    from .data_folder import default_data_dir

    style.apply_style()
    data_dir = default_data_dir(data_dir)
    worksheet = Path(worksheet)
    made = False
    if not worksheet.exists() and is_demo_path(worksheet):
        make_demo_worksheet(worksheet, Path(manifest) if manifest else
                            worksheet.with_name(worksheet.stem + ".manifest.json"), data_dir,
                            as_at=as_at or "2026-03-31")
        made = True
    if not worksheet.exists():
        raise ParameterError(f"worksheet {worksheet} does not exist")
    manifest_path = Path(manifest) if manifest else find_manifest(worksheet)
    m = sampling.load_manifest(manifest_path)
    qs = sampling.load_questions(tool or m["tool"])
    answers = sampling.read_worksheet(worksheet, m, qs)
    result = sampling.findings(answers, qs, m)
    ctx = ReportContext("dip_sample_findings", None, None, {}, suppress=suppress,
                        data_dir=str(data_dir), summary_path=summary_path)
    ctx.title = f"Dip sample findings: {qs.title}"
    demo = is_demo_worksheet(worksheet)
    # invented answers, or cases drawn from synthetic data: the findings page says so
    ctx.synthetic = demo or bool(m.get("synthetic"))
    ctx.record("dip_sample_findings", {**result, "demonstration": demo,
                                       "worksheet": str(worksheet.resolve()),
                                       "worksheet_sha256": _sha256(worksheet),
                                       "manifest": str(manifest_path.resolve()),
                                       "as_at": m.get("as_at"), "population": m.get("population"),
                                       "seed": m.get("seed")})
    return Findings(ctx, worksheet, manifest_path, m, qs, answers, result,
                    sampling.findings_tables(result), demo, made, _sha256(worksheet))


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
             ("Worksheet", f"{fd.worksheet.name} (SHA-256 {fd.sha256[:16]})"),
             ("Manifest", f"{fd.manifest_path.name}: sample {m['manifest_id']}"),
             ("Folder", str(fd.worksheet.resolve().parent)),
             ("Cases as at (the audit date)", words_date(m["as_at"]) if m.get("as_at") else "not recorded"),
             ("Cohort", _sentence(BASE_WORDS.get(cohort.get("base"), str(cohort.get("base", ""))))
              + (f"; {filt}" if filt else "")),
             ("Sample", f"{m['achieved']} of {m['population']} cases, seed {m['seed']}"
                        + (f", stratified by {m['strata']}" if m.get("strata") else "")
                        + (f"; margin of error {_pts(m['margin'])} at 95% confidence"
                           if m.get("margin") is not None else "")),
             ("Drawn", f"{_when(m.get('created_at'))} by {m.get('created_by', '')}, from data "
                       f"with fingerprint {m.get('data_fingerprint', '')}"),
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
    parts.append(para("The worksheet was checked against its manifest and question set before "
                      "anything was counted: every question column is present and in place, "
                      "every answer is one the drop-down allows, and every case on it is in the "
                      "sample."))
    return Block(*parts, data={"facts": dict(facts), "demo": fd.demo})


ACRONYMS = {"pr": "PR", "iro": "IRO", "iros": "IROs", "pep": "PEP", "qc": "Q&C", "smart": "SMART",
            "uasc": "UASC", "s20": "s20", "na": "NA"}


def _q_words(qid: str) -> str:
    """A question or answer id in words: OTHER_PR_HOLDERS -> "Other PR holders"."""
    words = [ACRONYMS.get(w, w) for w in str(qid).replace("_", " ").strip().lower().split()]
    t = " ".join(words)
    return t[:1].upper() + t[1:]


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
    from .format import SUPPRESSED, is_small

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


__all__ = ["Plan", "Findings", "draw_sample", "about", "cohort_section", "size_section",
           "selection_section", "files_section", "redraw_section", "sample_out_dir",
           "cohort_words", "open_findings", "findings_about", "findings_headline",
           "question_rates", "theme_rates", "grades", "follow_up", "completeness",
           "make_demo_worksheet", "fill_demo_answers", "is_demo_worksheet", "is_demo_path",
           "find_manifest", "worksheet_sample_id",
           "save_summary", "DEMO_TEXT"]

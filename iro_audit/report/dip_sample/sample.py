"""Before the audit (`notebooks/dip_sample.ipynb`): `draw_sample(ctx, ...)` defines the cohort,
works out the sample size, draws the seeded selection and writes the audit worksheet(s) (XLSX)
and the manifest (JSON) with `iro_audit.sampling.draw`; the other builders show what was done
and how to draw the same sample again."""
from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...banner import synthetic_banner_html
from ...errors import ParameterError
from ..blocks import Block, bullets, note, para
from ..charts import bar_chart
from ..common import child_list
from ..format import fmt_count, fmt_date, fmt_pct, plural, table, words_date
from ._common import (BASE_WORDS, DATE_COLUMN, DEFAULT_OUT_DIR, LABELS, LIST_COLUMNS, MARGINS,
                      SHARED, SMALL_SAMPLES, STRATA_WORDS, _facts_table, _list_words, _pre,
                      _pts)
from ..labels import code_label

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
    worksheet_path: Path | None    # the worksheet (None when shared among auditors)
    manifest_path: Path
    margin: float | None           # the margin asked for (None when a size was given)
    sample_size: int | None        # the size asked for (None when worked out from MARGIN)
    p: float
    seed: int
    strata: str | None
    allocation: str
    breakdown: str                 # the column the cohort is shown by
    notes: list = field(default_factory=list)
    worksheets: dict | None = None # {AUDITOR: path} when shared among auditors

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
                out_dir=None, auditors=None, not_own_team: bool = False) -> Plan:
    """Define the cohort, size the sample, draw it and write the worksheet and manifest.

    SAMPLE_SIZE, when given, is the number drawn (all the cohort when it is smaller) and the
    margin it achieves is reported; otherwise the size comes from MARGIN and P. DATE_FROM /
    DATE_TO bound DATE_COLUMN (default: the start of the s20 or placed-with-parents run, or of
    the period of care). AUDITORS (a CSV: AUDITOR, and IRO_ID, TEAM for IROs) shares the cases
    among them, one worksheet each (see `sampling.auditors`); NOT_OWN_TEAM keeps every auditor
    off their own team's cases. Records the sample for the JSON summary.

    A sample plan is an internal working paper (it names the children to audit and sizes the
    sample from the cohort's exact count), so it is never a paper for publication: with
    ``suppress`` on it stops with a `ParameterError`; the findings are what may be published."""
    from ... import sampling

    if ctx.suppress:
        raise ParameterError(
            "dip_sample: suppress is true, but a dip-sample plan is an internal working paper: it "
            "names the children to audit and is sized from the cohort's exact count, so small "
            "numbers cannot be hidden in it. Run it with suppress: false and keep it within the "
            "service; a paper for publication is the findings report (dip_sample_findings).")

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
                          out_dir=out, frame=None, created_by=ctx.run_by, auditors=auditors,
                          not_own_team=not_own_team, **filters)
    breakdown = strata or ("AGE_BAND" if "AGE_BAND" in cohort.columns else "CHILD")
    plan = Plan(qs, filters, qs.base, pd.Timestamp(as_at), frame, drawn.cohort, drawn.sample,
                drawn.manifest, drawn.worksheet_path, drawn.manifest_path,
                None if n is not None else margin, int(sample_size) if sample_size is not None else None,
                p, int(seed), strata, allocation, breakdown, notes, drawn.worksheets)
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
        "worksheet": str(drawn.worksheet_path) if drawn.worksheet_path else None,
        "worksheets": {a: str(p) for a, p in (drawn.worksheets or {}).items()},
        "auditors": m.get("auditors"), "manifest": str(drawn.manifest_path),
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
    from ..context import provenance_block

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
        from ...sampling.select import strata_of

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
        from ...sampling import AGE_BANDS

        bands = [b[0] for b in AGE_BANDS]
        return [b for b in bands if b in values] + sorted((k for k in values if k not in bands), key=str)
    return sorted(values, key=lambda k: (k == "UNKNOWN", str(k)))


def _size_without_fpc(margin: float, p: float) -> int:
    from ...stats import z_for

    z = z_for(0.95)
    return math.ceil(round(z * z * p * (1 - p) / (margin * margin), 9))


def size_section(ctx, plan: Plan) -> Block:
    """The sample size for the chosen margin of error with the finite population correction,
    the margin the drawn size achieves, and the sizes other margins would need."""
    from ...sampling import margin_for, size_for

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
        from ...sampling.select import strata_of

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
    """Where the worksheet(s) and manifest were written, who has which, and what to do next."""
    m = plan.manifest
    shared = plan.worksheets is not None
    folder = plan.manifest_path.resolve().parent
    facts = ([("Audit worksheet (XLSX)", plan.worksheet_path.name)] if not shared else
             [(f"Worksheet for {a} ({m['auditors']['loads'][a]} cases)", p.name)
              for a, p in plan.worksheets.items()])
    facts += [("Sample manifest (JSON)", plan.manifest_path.name), ("Folder", str(folder)),
              ("Sample id", m["manifest_id"])]
    parts = [_facts_table(facts)]
    if shared:
        sh = m["auditors"]
        parts.append(para(
            f"The {plan.n} cases were shared among {len(sh['auditors'])} auditors at random (seed "
            f"{sh['seed']}), with loads differing by at most one case. No auditor has a child "
            "they are, or were in the 12 months before the audit date, the IRO for"
            + (", nor a case of their own team" if sh["not_own_team"] else "") + "."))
        who = pd.DataFrame({"SEQ": range(1, len(m["ids"]) + 1), "CHILD": m["ids"],
                            "AUDITOR": [sh["cases"][c] for c in m["ids"]]})
        parts.append(child_list(ctx, who, ["SEQ", "CHILD", "AUDITOR"], "Who audits which case", "",
                                labels={"SEQ": "Order drawn", "AUDITOR": "Auditor"}))
    steps = bullets([
        "Open the worksheet" + (" (each auditor has their own)" if shared else "") + ". The Audit "
        "sheet has one row per case, in the order drawn, with the case's facts filled in, and one "
        "column per question with a drop-down of its answers (Y, N or NA, or a grade). The "
        "Questions sheet gives each question in full; the About sheet says how the sample was drawn.",
        "Answer every question for every case; answer N where a standard is not met (the case "
        "is then listed for follow-up) and NA where the question does not apply. Use NOTES for "
        "anything the auditor wants to say, and ACTION, OWNER and DUE for what must be done about "
        "a standard not met, who will do it and by when.",
        "Do not add, remove, rename or reorder columns or cases, and keep the manifest beside "
        "the worksheet: the completed worksheet is read back against it, and any changed "
        "question, answer outside the drop-down or case not in the sample is reported with "
        "its row and cell.",
        "To moderate, a manager draws a share of the audited cases (never their own) with "
        "`iro-audit sample moderate --manifest ... --share 0.2 --moderator ID --seed N`.",
        "Put the returned worksheets in the folder above and run the findings report on it "
        "with the command below (from the project folder); it shows progress until all are back.",
    ])
    target = folder if shared else plan.worksheet_path
    cmd = (f"iro-audit run dip_sample_findings -f parameters/dip_sample_findings.yaml \\\n"
           f"    -p worksheet {shlex.quote(str(target))} \\\n"
           f"    -p manifest {shlex.quote(str(plan.manifest_path))}")
    return Block(*parts, "<p><b>Next steps</b></p>", steps, _pre(cmd),
                 data={"worksheet": str(plan.worksheet_path) if plan.worksheet_path else None,
                       "worksheets": {a: str(p) for a, p in (plan.worksheets or {}).items()},
                       "manifest": str(plan.manifest_path)})


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
    if m.get("auditors"):
        args += ["--auditors", "AUDITORS.csv"] + (["--not-own-team"] if m["auditors"]["not_own_team"] else [])
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


"""Build small hand-written datasets for tests and worked examples.

    ds = make_dataset(
        header=[("A", "2015-06-01")],                      # CHILD, DOB (+ SEX ...)
        episodes=[("A", "2024-01-31", "S", "V2", "U4", None, None)],
        reviews=[("A", "2024-02-28", "PN1")],
    )

Tuples follow the column order of `TUPLE_COLUMNS` (or pass dicts with any contract columns).
Dates are ISO strings; missing contract columns are blank.
"""
from __future__ import annotations

import pandas as pd

from .contract import TABLES
from .dataset import Dataset

TUPLE_COLUMNS = {
    "header": ["CHILD", "DOB", "SEX"],
    "episodes": ["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"],
    "reviews": ["CHILD", "REVIEW", "REVIEW_CODE"],
    "uasc": ["CHILD", "DUC"],
    "missing": ["CHILD", "MISSING", "MIS_START", "MIS_END"],
    "iros": ["IRO_ID", "TEAM", "FTE", "ROLE"],
    "iro_allocations": ["CHILD", "IRO_ID", "ALLOC_START", "ALLOC_END"],
    "review_records": ["CHILD", "REVIEW", "REPORT_RECEIVED", "RECOMMENDATIONS_ISSUED",
                       "MINUTES_ISSUED", "CARE_PLAN_UPDATED"],
    "midway_reviews": ["CHILD", "MIDWAY_DATE"],
    "iro_visits": ["CHILD", "VISIT_DATE", "VISIT_MODE"],
    "health_assessments": ["CHILD", "ASSESSMENT_TYPE", "ASSESSMENT_DATE", "STATUS"],
    "peps": ["CHILD", "PEP_DATE"],
    "s20_agreements": ["CHILD", "DECOM", "CONSENT_DATE"],
    "pwp_records": ["CHILD", "PLACEMENT_START", "NOMINATED_OFFICER_APPROVAL"],
    "escalations": ["ESCALATION_ID", "CHILD", "RAISED_DATE", "ESCALATION_TYPE", "STAGE_REACHED",
                    "REASON", "RESOLVED_DATE"],
    "ad1": ["CHILD", "DATE_MATCH"],
    "qc_forms": ["FORM_ID", "CHILD", "REVIEW", "OVERALL_GRADE"],
    # child protection (child-protection.md): DfE spelling
    "cin_children": ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate"],
    "s47": ["LAchildID", "S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"],
    "cp_plans": ["LAchildID", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
                 "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "cp_reviews": ["LAchildID", "CPPstartDate", "CPPreviewDate"],
    "cp_conferences": ["CONFERENCE_ID", "CHILD", "CONFERENCE_DATE", "CONFERENCE_TYPE", "CHAIR_ID",
                       "CHILD_PARTICIPATION", "PARENTS_ATTENDED", "QUORATE", "REPORT_SHARED_DATE",
                       "MINUTES_ISSUED"],
}


def make_table(name: str, rows) -> pd.DataFrame:
    """A parsed contract table from tuples (in TUPLE_COLUMNS order) or dicts."""
    table = TABLES[name]
    if rows and not isinstance(rows[0], dict):
        cols = TUPLE_COLUMNS[name]
        rows = [dict(zip(cols, r)) for r in rows]
    df = pd.DataFrame(list(rows))
    for c in table.columns:
        if c.name not in df.columns:
            df[c.name] = None
    for c in table.columns:
        if c.kind == "date":
            df[c.name] = pd.to_datetime(df[c.name]).astype("datetime64[ns]")
        elif c.kind in ("int", "float"):
            df[c.name] = pd.to_numeric(df[c.name]).astype(float)
        elif c.kind == "bool":  # as the loader holds them: True / False / <NA>
            df[c.name] = df[c.name].astype("boolean")
        else:
            df[c.name] = df[c.name].astype("object").where(df[c.name].notna(), None)
    df["_file"] = f"{name}.csv"
    df["_row"] = range(2, len(df) + 2)
    return df


def make_dataset(**tables) -> Dataset:
    """A Dataset from hand-written rows; header, episodes and reviews default to empty."""
    for required in ("header", "episodes", "reviews"):
        tables.setdefault(required, [])
    parsed = {name: make_table(name, rows) for name, rows in tables.items()}
    if not len(parsed["header"]) and len(parsed["episodes"]):
        # children without a header row get a DOB far enough back not to matter
        kids = parsed["episodes"]["CHILD"].drop_duplicates()
        parsed["header"] = make_table("header", [(k, "2010-01-01") for k in kids])
    return Dataset(tables=parsed, source="hand-built")

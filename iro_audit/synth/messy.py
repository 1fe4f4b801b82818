"""A small, deliberately messy synthetic authority: 13 children, every row chosen by hand.

`iro-audit synth --messy` writes it. Unlike `synth.generate` (a large random authority whose
data are clean), every episode, review and record here was written out one by one so that the
figures a report shows can be worked out by hand (`tests/fixtures/messy/`), and each child
carries one kind of mess a real extract has:

| child | what is messy | what should happen |
|---|---|---|
| M01 | nothing: the clean comparison | counted as it stands |
| M02 | review_records row keyed 11/09/2025, its 903 review is 10/09/2025 | unmatched record |
| M03 | qc_forms row keyed 22/07/2025, the review is 21/07/2025 | unmatched record |
| M04 | s20_agreements DECOM 03/06/2025, the admission is 02/06/2025 | unmatched record |
| M05 | pwp_records PLACEMENT_START 15/07/2025, the P1 episode starts 14/07/2025 | unmatched record |
| M06 | 2025 return leaves a V2 episode open; the 2026 return holds only the C2 episode that followed | closed at the C2 start with REC X1: one period |
| M07 | the 2026 return types DECOM 01/02/2024 as 01/02/0204 | implausible date: row set aside |
| M08 | DEC 01/05/2042 (its only episode) | implausible date: row set aside (a cleared DEC would leave the episode open), so M08 has no period of care and its three reviews are set aside as outside care |
| M09 | an s20 admission under 1, consent on time; second review 3 days late | counted |
| M10 | s20 converted to a care order; consent late | counted |
| M11 | placed with parents, approved before placement | counted |
| M12 | ceased care (special guardianship) | counted |
| M13 | review overdue at 31/03/2026 | counted |

Also: the optional midway_reviews table is a header with no rows, peps.csv is an empty file,
and several IRO exports carry personal-details columns under odd headers (``Post Code``,
``E-mail``, ``PhoneNumber``, ``Tel``, ``Date of Birth``, ``ChildSurname``, ``Forename1``,
``Contact number``) holding fake values such as "Jane Testname": they must never be read.
All counts are small (1 to 5), so small-number suppression has work to do.

An extract.yaml says the data are synthetic (`source: synthetic`, so every report carries the
synthetic banner) and extracted on 31/03/2026 (the loader's limit for implausible dates and the
metrics' "not yet due" date).

The data are fixed: the same files every time (no randomness, so no seed).
"""
from __future__ import annotations

import csv
from pathlib import Path

from ..load.extract import SYNTHETIC_SOURCE, write_extract_metadata

END = "2026-03-31"  # last day of the data (the 2025-26 return) and the extract date
AUTHORITY = "Messy synthetic authority (no real children)"

# Fake personal details written under odd headers. None may ever appear in a Dataset, a
# data-quality table or a report (tests look for each of them).
FAKE_PERSONAL_VALUES = ("Jane Testname", "Testname", "Jane", "jane.testname@example.org",
                        "07700 900123", "01632 960001", "AB1 2CD", "Lee Testperson", "Testperson", "Lee")


def d(iso: str | None) -> str:
    """ISO date -> the 903's DD/MM/YYYY (blank stays blank)."""
    if not iso:
        return ""
    y, m, day = iso.split("-")
    return f"{day}/{m}/{y}"


# CHILD, SEX, DOB
CHILDREN = {
    "M01": ("1", "2014-06-10"), "M02": ("2", "2012-01-20"), "M03": ("1", "2016-11-02"),
    "M04": ("2", "2010-05-05"), "M05": ("1", "2013-08-15"), "M06": ("2", "2011-02-03"),
    "M07": ("1", "2009-09-09"), "M08": ("2", "2008-12-01"), "M09": ("1", "2025-08-10"),
    "M10": ("2", "2019-03-03"), "M11": ("1", "2017-04-04"), "M12": ("2", "2012-12-12"),
    "M13": ("1", "2015-07-07"),
}
HEADER_2025 = ("M01", "M02", "M03", "M05", "M06", "M07", "M12", "M13")
HEADER_2026 = tuple(CHILDREN)

# Episodes: CHILD, DECOM, RNE, LS, PLACE, DEC, REC (dates as written in the file, DD/MM/YYYY
# from ISO, or the raw text when it starts with "raw:").
EPISODES_2025 = [
    ("M01", "2023-05-10", "S", "C2", "U4", None, None),          # row 2
    ("M02", "2022-09-01", "S", "C2", "U1", None, None),          # row 3
    ("M03", "2024-10-07", "S", "C2", "U4", None, None),          # row 4
    ("M05", "2024-07-01", "S", "C2", "U4", None, None),          # row 5
    ("M06", "2025-01-13", "S", "V2", "U4", None, None),          # row 6: left open (stitched)
    ("M07", "2024-02-01", "S", "C2", "K2", None, None),          # row 7
    ("M12", "2024-05-20", "S", "C2", "U4", None, None),          # row 8
    ("M13", "2024-04-08", "S", "C2", "U4", None, None),          # row 9
]
EPISODES_2026 = [
    ("M01", "2023-05-10", "S", "C2", "U4", None, None),          # row 2
    ("M02", "2022-09-01", "S", "C2", "U1", None, None),          # row 3
    ("M03", "2024-10-07", "S", "C2", "U4", None, None),          # row 4
    ("M04", "2025-06-02", "S", "V2", "U4", "2025-10-06", "E4A"),  # row 5
    ("M05", "2024-07-01", "S", "C2", "U4", "2025-07-14", "X1"),  # row 6
    ("M05", "2025-07-14", "P", "C2", "P1", None, None),          # row 7
    ("M06", "2025-06-16", "L", "C2", "U4", None, None),          # row 8: the V2 episode is missing
    ("M07", "raw:01/02/0204", "S", "C2", "K2", None, None),      # row 9: 2024 typed as 0204
    ("M08", "2025-05-01", "S", "C1", "U5", "raw:01/05/2042", None),  # row 10: DEC in 2042
    ("M09", "2025-09-15", "S", "V2", "U4", None, None),          # row 11
    ("M10", "2025-04-22", "S", "V2", "U4", "2025-08-04", "X1"),  # row 12
    ("M10", "2025-08-04", "L", "C2", "U4", None, None),          # row 13
    ("M11", "2025-11-03", "S", "C1", "P1", None, None),          # row 14
    ("M12", "2024-05-20", "S", "C2", "U4", "2025-11-28", "E45"),  # row 15
    ("M13", "2024-04-08", "S", "C2", "U4", None, None),          # row 16
]

# Reviews: CHILD, REVIEW, REVIEW_CODE
REVIEWS_2025 = [
    ("M01", "2024-08-29", "PN1"), ("M01", "2025-02-26", "PN1"),
    ("M02", "2024-09-13", "PN1"), ("M02", "2025-03-12", "PN1"),
    ("M03", "2024-10-30", "PN1"), ("M03", "2025-01-27", "PN1"),
    ("M05", "2024-07-25", "PN1"), ("M05", "2024-10-21", "PN6"),
    ("M06", "2025-02-05", "PN1"),
    ("M07", "2024-08-05", "PN5"), ("M07", "2025-01-30", "PN5"),
    ("M12", "2024-06-12", "PN1"), ("M12", "2024-09-10", "PN1"), ("M12", "2025-03-05", "PN1"),
    ("M13", "2024-05-01", "PN1"), ("M13", "2024-07-30", "PN1"), ("M13", "2025-01-29", "PN1"),
]
REVIEWS_2026 = [
    ("M01", "2025-08-20", "PN1"), ("M01", "2026-02-11", "PN1"),
    ("M02", "2025-09-10", "PN6"), ("M02", "2026-03-04", "PN6"),
    ("M03", "2025-07-21", "PN1"), ("M03", "2026-01-19", "PN1"),
    ("M04", "2025-06-26", "PN7"), ("M04", "2025-09-22", "PN7"),
    ("M05", "2025-04-14", "PN1"), ("M05", "2025-10-13", "PN1"),
    ("M06", "2025-04-30", "PN1"), ("M06", "2025-10-20", "PN1"),
    ("M07", "2025-07-28", "PN5"), ("M07", "2026-01-26", "PN5"),
    ("M08", "2025-05-22", "PN7"), ("M08", "2025-08-28", "PN7"), ("M08", "2026-02-19", "PN6"),
    ("M09", "2025-10-09", "PN0"), ("M09", "2026-01-12", "PN0"),
    ("M10", "2025-05-16", "PN1"), ("M10", "2025-08-14", "PN1"), ("M10", "2026-02-10", "PN1"),
    ("M11", "2025-11-27", "PN1"), ("M11", "2026-02-26", "PN1"),
    ("M12", "2025-09-01", "PN1"),
    ("M13", "2025-07-25", "PN1"),
]

IROS = [("I1", "Iro Alder", "North", "1.0", "IRO"), ("I2", "Iro Birch", "South", "0.5", "IRO")]

# iro_allocations with four personal-details columns an export might add
ALLOCATIONS_EXTRA = ("Date of Birth", "ChildSurname", "Forename1", "Contact number")
ALLOCATIONS = [  # CHILD, IRO_ID, ALLOC_START, ALLOC_END
    ("M01", "I1", "2023-05-10", None), ("M02", "I1", "2022-09-01", None),
    ("M03", "I2", "2024-10-07", None), ("M04", "I2", "2025-06-02", "2025-10-06"),
    ("M05", "I1", "2024-07-01", None), ("M06", "I2", "2025-01-13", None),
    ("M07", "I1", "2024-02-01", None), ("M08", "I2", "2025-05-01", None),
    ("M09", "I1", "2025-09-15", None), ("M10", "I2", "2025-04-22", None),
    ("M11", "I1", "2025-11-03", None), ("M12", "I2", "2024-05-20", "2025-11-28"),
    ("M13", "I1", "2024-04-08", None),
]

# review_records: CHILD, REVIEW, IRO_ID, REPORT_RECEIVED, RECOMMENDATIONS_ISSUED,
# MINUTES_ISSUED, CARE_PLAN_UPDATED; two contact-number columns beside them.
RECORDS_EXTRA = ("PhoneNumber", "Tel")
REVIEW_RECORDS = [
    ("M01", "2025-08-20", "I1", "2025-08-13", "2025-08-22", "2025-09-03", "2025-08-29"),  # row 2
    ("M01", "2026-02-11", "I1", "2026-02-04", "2026-02-13", "2026-02-20", "2026-02-18"),  # row 3
    ("M02", "2025-09-11", "I1", "2025-09-05", "2025-09-12", "2025-09-19", "2025-09-19"),  # row 4: one day off
    ("M02", "2026-03-04", "I1", "2026-02-27", "2026-03-06", "2026-03-18", "2026-03-13"),  # row 5
    ("M03", "2025-07-21", "I2", "2025-07-18", "2025-07-23", "2025-08-01", "2025-07-30"),  # row 6
    ("M03", "2026-01-19", "I2", "2026-01-19", "2026-01-23", "2026-02-20", "2026-01-30"),  # row 7: minutes late
    ("M04", "2025-06-26", "I2", None, "2025-06-30", "2025-07-10", "2025-07-03"),           # row 8
]

# qc_forms: FORM_ID, CHILD, REVIEW, IRO_ID, COMPLETED_DATE, OVERALL_GRADE, COMMENTS, two items,
# and a forename column.
QC_ITEMS = ("QC_CARE_PLAN_CURRENT", "QC_CHILD_CONSULTED")
QC_EXTRA = ("Forename1",)
QC_FORMS = [
    ("F1", "M01", "2025-08-20", "I1", "2025-08-21", "GOOD", "Plan on track", "Y", "Y"),         # row 2
    ("F2", "M01", "2026-02-11", "I1", "2026-02-12", "GOOD", "Plan on track", "Y", "Y"),         # row 3
    ("F3", "M02", "2026-03-04", "I1", "2026-03-05", "REQUIRES_IMPROVEMENT", "Report late", "N", "Y"),  # row 4
    ("F4", "M03", "2025-07-22", "I2", "2025-07-23", "GOOD", "", "Y", "NA"),                     # row 5: one day off
    ("F5", "M03", "2026-01-19", "I2", "2026-01-20", "OUTSTANDING", "", "Y", "Y"),               # row 6
    ("F6", "M10", "2025-05-16", "I2", "2025-05-16", "GOOD", "", "Y", "Y"),                      # row 7
]

# s20_agreements: CHILD, DECOM, CONSENT_DATE, CONSENT_GIVEN_BY, CAPACITY_CONSIDERED,
# AGREEMENT_REVIEWED, PLO_STAGE, PLAN
S20_AGREEMENTS = [
    ("M04", "2025-06-03", "2025-06-02", "MOTHER", "Y", "2025-08-01", "NONE", "RETURN_HOME"),     # row 2: one day off
    ("M06", "2025-01-13", "2025-01-13", "MOTHER", "Y", "2025-04-10", "PRE_PROCEEDINGS", "LONG_TERM"),  # row 3
    ("M09", "2025-09-15", "2025-09-17", "MOTHER", "Y", "", "NONE", "RETURN_HOME"),             # row 4
    ("M10", "2025-04-22", "2025-04-28", "FATHER", "N", "", "PRE_PROCEEDINGS", "LONG_TERM"),    # row 5
]

# pwp_records: CHILD, PLACEMENT_START, ASSESSMENT_COMPLETED, NOMINATED_OFFICER_APPROVAL,
# PLACEMENT_PLAN_DATE, DISCHARGE_APPLICATION
PWP_RECORDS = [
    ("M05", "2025-07-15", "2025-07-01", "2025-07-10", "2025-07-21", None),  # row 2: one day off
    ("M11", "2025-11-03", "2025-10-20", "2025-10-31", "2025-11-10", None),  # row 3
]

# iro_visits: CHILD, IRO_ID, VISIT_DATE, VISIT_MODE; a postcode and an e-mail column beside them
VISITS_EXTRA = ("Post Code", "E-mail")
VISITS = [
    ("M01", "I1", "2026-01-15", "IN_PERSON"), ("M02", "I1", "2025-08-01", "VIRTUAL"),
    ("M09", "I1", "2026-03-02", "IN_PERSON"),
]

# escalations: ESCALATION_ID, CHILD, IRO_ID, RAISED_DATE, ESCALATION_TYPE, STAGE_REACHED, REASON,
# RESOLVED_DATE, OUTCOME, NOTES
ESCALATIONS = [
    ("E1", "M08", "I2", "2025-09-01", "FORMAL", "1", "DRIFT_DELAY", "2025-09-19", "Resolved", ""),
    ("E2", "M13", "I1", "2026-02-02", "DISCUSSION", "", "NO_PRE_MEETING_REPORT", "", "", ""),
]


def _date_cell(v) -> str:
    if v is None:
        return ""
    return v[4:] if v.startswith("raw:") else d(v)


def _write(path: Path, columns, rows) -> int:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
    return len(rows)


def _personal(i: int) -> tuple[str, ...]:
    """The fake personal values of the I-th row (alternating two fake people)."""
    return (("Jane Testname", "jane.testname@example.org", "07700 900123", "AB1 2CD")
            if i % 2 == 0 else
            ("Lee Testperson", "jane.testname@example.org", "01632 960001", "AB1 2CD"))


def tables() -> dict[str, tuple[list[str], list[list[str]]]]:
    """File name -> (columns, rows as written). Row N of a list is spreadsheet row N + 2."""
    out = {}
    for year, kids in ((2025, HEADER_2025), (2026, HEADER_2026)):
        out[f"header_{year}.csv"] = (
            ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
            [[c, CHILDREN[c][0], d(CHILDREN[c][1]), "WBRI", "", "", ""] for c in kids])
    ep_cols = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
               "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"]
    for year, eps in ((2025, EPISODES_2025), (2026, EPISODES_2026)):
        rows = []
        for child, decom, rne, ls, place, dec, rec in eps:
            provider = "" if place == "P1" else "PR1"
            rows.append([child, _date_cell(decom), rne, ls, "N1", place, provider, _date_cell(dec),
                         rec or "", "", "", "", ""])
        out[f"episodes_{year}.csv"] = (ep_cols, rows)
    for year, revs in ((2025, REVIEWS_2025), (2026, REVIEWS_2026)):
        out[f"reviews_{year}.csv"] = (["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
                                      [[c, d(CHILDREN[c][1]), d(r), code] for c, r, code in revs])
    out["iros.csv"] = (["IRO_ID", "IRO_NAME", "TEAM", "FTE", "ROLE"], [list(r) for r in IROS])
    out["iro_allocations.csv"] = (
        ["CHILD", "IRO_ID", "ALLOC_START", "ALLOC_END", *ALLOCATIONS_EXTRA],
        [[c, i, d(s), d(e), d(CHILDREN[c][1]), _personal(k)[0].split()[1],
          _personal(k)[0].split()[0], _personal(k)[2]]
         for k, (c, i, s, e) in enumerate(ALLOCATIONS)])
    out["review_records.csv"] = (
        ["CHILD", "REVIEW", "IRO_ID", "REPORT_RECEIVED", "RECOMMENDATIONS_ISSUED", "MINUTES_ISSUED",
         "CARE_PLAN_UPDATED", *RECORDS_EXTRA],
        [[c, d(r), i, *(d(x) for x in dates), _personal(k)[2], _personal(k + 1)[2]]
         for k, (c, r, i, *dates) in enumerate(REVIEW_RECORDS)])
    out["qc_forms.csv"] = (
        ["FORM_ID", "CHILD", "REVIEW", "IRO_ID", "COMPLETED_DATE", "OVERALL_GRADE", "COMMENTS",
         *QC_ITEMS, *QC_EXTRA],
        [[f, c, d(r), i, d(done), g, note, *items, _personal(k)[0].split()[0]]
         for k, (f, c, r, i, done, g, note, *items) in enumerate(QC_FORMS)])
    out["s20_agreements.csv"] = (
        ["CHILD", "DECOM", "CONSENT_DATE", "CONSENT_GIVEN_BY", "CAPACITY_CONSIDERED",
         "AGREEMENT_REVIEWED", "PLO_STAGE", "PLAN"],
        [[c, d(dc), d(cd), by, cap, d(rv), plo, plan] for c, dc, cd, by, cap, rv, plo, plan in S20_AGREEMENTS])
    out["pwp_records.csv"] = (
        ["CHILD", "PLACEMENT_START", "ASSESSMENT_COMPLETED", "NOMINATED_OFFICER_APPROVAL",
         "PLACEMENT_PLAN_DATE", "DISCHARGE_APPLICATION"],
        [[c, *(d(x) for x in dates)] for c, *dates in PWP_RECORDS])
    out["iro_visits.csv"] = (
        ["CHILD", "IRO_ID", "VISIT_DATE", "VISIT_MODE", *VISITS_EXTRA],
        [[c, i, d(v), mode, _personal(k)[3], _personal(k)[1]] for k, (c, i, v, mode) in enumerate(VISITS)])
    out["escalations.csv"] = (
        ["ESCALATION_ID", "CHILD", "IRO_ID", "RAISED_DATE", "ESCALATION_TYPE", "STAGE_REACHED",
         "REASON", "RESOLVED_DATE", "OUTCOME", "NOTES"],
        [[e, c, i, d(r), t, s, why, d(res), outc, notes]
         for e, c, i, r, t, s, why, res, outc, notes in ESCALATIONS])
    # an optional table exported with its header and no rows
    out["midway_reviews.csv"] = (["CHILD", "IRO_ID", "MIDWAY_DATE"], [])
    return out


EMPTY_FILES = ("peps.csv",)  # written with no bytes at all


def generate_messy(out_dir) -> dict[str, int]:
    """Write the messy authority into OUT_DIR; return data rows written per file.

    Files of an earlier `synth` run in OUT_DIR are replaced; nothing else is touched."""
    from .writer import is_own_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.iterdir()):
        if old.is_file() and is_own_file(old.name):
            old.unlink()
    summary = {}
    for name, (columns, rows) in tables().items():
        summary[name] = _write(out / name, columns, rows)
    for name in EMPTY_FILES:
        (out / name).write_bytes(b"")
        summary[name] = 0
    write_extract_metadata(out, extract_date=END, source=SYNTHETIC_SOURCE, authority=AUTHORITY,
                           notes="Made by iro-audit synth --messy: 13 hand-made children, each "
                                 "with one kind of mess. No real child is described.")
    return summary

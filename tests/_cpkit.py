"""A small synthetic authority with a hand-made children in need census beside it, for the
child protection report's tests (until the synthetic authority has CIN data of its own).

`cp_authority(folder, seed=5)` makes `synth.generate(folder, children=40, years=2)` (leaving
out any CIN files of its own) and adds five CSVs (cin_children, s47, cp_plans, cp_reviews,
cp_conferences) of a dozen children:
CP01..CP10, LA1 (a 903 child looked after on 31 March 2026: on a plan, so double-protected),
LA2 (another looked-after child, whose plan ended) and NL1 (a 903 child not looked after then,
on a plan). The figures they give for 1 Apr 2025 - 31 Mar 2026 were worked out by hand
(2025 bank holidays: 5 May, 26 May, 25 Aug; 2025-26 calendar) and are in `EXPECTED`.
"""
from __future__ import annotations

import csv
from pathlib import Path

START, END = "2025-04-01", "2026-03-31"

CIN_CHILDREN = ["LAchildID", "PersonBirthDate", "ExpectedPersonBirthDate", "Sex", "PersonDeathDate",
                "Ethnicity"]
S47 = ["LAchildID", "CINreferralDate", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
       "ICPCnotRequired"]
PLANS = ["LAchildID", "CINreferralDate", "CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse",
         "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]
REVIEWS = ["LAchildID", "CPPstartDate", "CPPreviewDate"]
CONFERENCES = ["CONFERENCE_ID", "CHILD", "CONFERENCE_DATE", "CONFERENCE_TYPE", "CHAIR_ID", "OUTCOME",
               "CHILD_PARTICIPATION", "PARENTS_ATTENDED", "QUORATE", "REPORT_SHARED_DATE",
               "MINUTES_ISSUED"]


def _prop(n, d):
    from iro_audit.metrics._common import proportion

    return proportion(n, d)


# worked out by hand from the rows below (see the comments there)
EXPECTED = {
    "s47_started": 7,                        # CP01-05, CP07, CP08 (CP06 began in March 2025)
    "icpc_held": 6,                          # CP01-06
    "icpc_within_15wd": _prop(4, 6),         # CP01 (15th working day), CP03, CP04, CP06
    "icpc_to_plan": _prop(5, 6),             # all but CP04 (plan began the day after)
    "plans_started": 8,                      # CP01-06, LA1, NL1
    "plans_ended": 2,                        # CP03, LA2
    "children_on_plan": 9,
    "by_category": {"EMO": 2, "MUL": 1, "NEG": 4, "PHY": 1, "SAB": 1},
    "second_or_subsequent": _prop(2, 8),     # CP05 (earlier plan), CP06 (NumberOfPreviousCPP 1)
    "repeat_within_2y": _prop(1, 8),         # CP05
    "ended_after_2y": _prop(1, 2),           # LA2
    "ended_within_3m": _prop(1, 2),          # CP03
    "open_over_9m": 6,                       # CP01, CP02, CP06, CP09, CP10, LA1 (on the edge)
    "open_over_18m": 2,                      # CP09, CP10
    "open_over_2y": 1,                       # CP09
    "teenagers_on_plan": 2,                  # CP01 (16), CP02 (13 on the as-at date)
    "looked_after_on_plan": 1,               # LA1 (LA2's plan ended; NL1 is not looked after)
    "reviews_on_time": _prop(7, 10),         # late: CP01 10 Feb 2026, CP06, NL1
    "reviews_overdue": 5,                    # CP02, CP05, CP06, CP09, LA1
    "conferences": {
        "by_type": {"ICPC": 5, "PRE_BIRTH": 1, "RCPC": 5},
        "child_participation": {"ADVOCATE_ONLY": 1, "ATTENDED_ADVOCATE": 1, "ATTENDED_SPOKE": 1,
                                "NOT_APPLICABLE": 1, "NO_VIEWS": 2, "VIEWS_SHARED": 4},
        "child_views_conveyed": _prop(7, 9),
        "parents_attended": _prop(8, 10),
        "quorate": _prop(9, 10),
        "report_shared_2wd": _prop(9, 11),   # late: 2 (6 May for 7 May), 4 (blank)
        "minutes_within_15wd": _prop(9, 11),  # late: 2, 4 (blank, due before the extract)
    },
    "by_chair": None,                        # filled in by cp_authority: chairs A 3, B 4
}


def _write(path: Path, columns, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        for r in rows:
            w.writerow([("" if v is None else v) for v in r])


def pick_903_children(folder) -> tuple[list[str], str, list[str]]:
    """(two children looked after on END, one 903 child who is not, two IROs) of FOLDER."""
    import pandas as pd

    from iro_audit import periods
    from iro_audit.load import load_dataset

    ds = load_dataset(str(folder))
    la = sorted(periods.care(ds).looked_after_at(pd.Timestamp(END))["CHILD"].astype(str).unique())
    every = sorted(ds["header"]["CHILD"].astype(str).unique())
    not_la = [c for c in every if c not in set(la)]
    iros = sorted(ds["iros"]["IRO_ID"].astype(str).unique())
    return la[:2], not_la[0], iros[:2]


def add_cin(folder, la: list[str], nl: str, chairs: list[str]) -> None:
    """Write the five hand-made CIN/conference CSVs into FOLDER (LA: two looked-after 903 IDs,
    NL: a 903 ID not looked after at END, CHAIRS: two IRO IDs, chairs A and B)."""
    d = Path(folder)
    la1, la2 = la
    a, b = chairs
    _write(d / "cin_children.csv", CIN_CHILDREN, [
        ("CP01", "2010-01-01", None, "1", None, "WBRI"),     # 16: a teenager
        ("CP02", "2013-03-31", None, "2", None, "WBRI"),     # 13 on 31 Mar 2026: a teenager
        ("CP03", "2015-05-05", None, "1", None, "WBRI"),
        ("CP04", None, "2026-05-01", None, None, None),      # unborn: never a teenager
        ("CP05", "2019-02-02", None, "2", None, "MWBC"),
        ("CP06", "2017-07-07", None, "1", None, "WBRI"),
        ("CP07", "2012-01-01", None, "2", None, "WBRI"),
        ("CP08", "2020-01-01", None, "1", None, "WBRI"),
        ("CP09", "2016-06-06", None, "2", None, "ABAN"),
        ("CP10", "2013-04-01", None, "1", None, "WBRI"),     # 12 on 31 Mar 2026: not a teenager
        (la1, "2015-01-01", None, "1", None, "WBRI"),
        (la2, "2014-01-01", None, "2", None, "WBRI"),
        (nl, "2016-01-01", None, "1", None, "WBRI"),
    ])
    _write(d / "s47.csv", S47, [
        ("CP01", None, "2025-04-10", None, "2025-05-06", "false"),  # 15th working day: in time
        ("CP02", None, "2025-04-10", None, "2025-05-07", "false"),  # 16th: late
        ("CP03", None, "2025-06-02", None, "2025-06-20", "false"),  # 14th
        ("CP04", None, "2025-09-01", None, "2025-09-15", "false"),  # 10th
        ("CP05", None, "2025-11-03", None, "2025-12-01", "false"),  # 20th: late
        ("CP06", None, "2025-03-20", None, "2025-04-02", "false"),  # began before the window
        ("CP07", None, "2026-03-25", None, None, "false"),          # conference not yet held
        ("CP08", None, "2025-07-01", None, None, "true"),           # no conference needed
    ])
    _write(d / "cp_plans.csv", PLANS, [
        ("CP01", None, "2025-05-06", None, "NEG", None, None),
        ("CP02", None, "2025-05-07", None, "PHY", "EMO", None),      # latest category EMO
        ("CP03", None, "2025-06-20", "2025-08-01", "NEG", None, None),  # ended within 3 months
        ("CP04", None, "2025-09-16", None, "NEG", None, None),       # a day after the conference
        ("CP05", None, "2023-01-10", "2024-06-01", "NEG", None, None),
        ("CP05", None, "2025-12-01", None, "SAB", None, None),       # repeat within 2 years
        ("CP06", None, "2025-04-02", None, "MUL", None, "1"),        # second (from the return)
        ("CP09", None, "2023-01-01", None, "NEG", None, None),       # open over 2 years
        ("CP10", None, "2024-09-01", None, "EMO", None, None),       # open over 18 months
        (la1, None, "2025-06-30", None, "NEG", None, None),          # 9 months to the day
        (la2, None, "2024-01-15", "2026-02-01", "PHY", None, None),  # ended after 2 years
        (nl, None, "2025-10-01", None, "PHY", None, None),
    ])
    _write(d / "cp_reviews.csv", REVIEWS, [
        ("CP01", "2025-05-06", "2025-08-06"),   # due 6 Aug: in time; next due 6 Feb 2026
        ("CP01", "2025-05-06", "2026-02-10"),   # late; next due 10 Aug 2026
        ("CP02", "2025-05-07", "2025-08-01"),   # in time; next due 1 Feb 2026: overdue
        ("CP04", "2025-09-16", "2025-12-16"),   # due 16 Dec: in time
        ("CP06", "2025-04-02", "2025-07-10"),   # due 2 Jul: late; next due 10 Jan 2026: overdue
        ("CP09", "2023-01-01", "2025-03-28"),   # before the window
        ("CP09", "2023-01-01", "2025-09-26"),   # due 28 Sep: in time; next due 26 Mar: overdue
        ("CP10", "2024-09-01", "2024-12-01"),
        ("CP10", "2024-09-01", "2025-06-01"),   # in time
        ("CP10", "2024-09-01", "2025-12-01"),   # in time; next due 1 Jun 2026
        (la1, "2025-06-30", "2025-09-29"),      # due 30 Sep: in time; next due 29 Mar: overdue
        (nl, "2025-10-01", "2026-01-05"),       # due 1 Jan: late
        # CP05 (plan 1 Dec 2025): first review due 1 Mar 2026, none: overdue
    ])
    _write(d / "cp_conferences.csv", CONFERENCES, [
        # report due: the 2nd working day before; minutes due: the 15th working day after
        ("1", "CP01", "2025-05-06", "ICPC", a, "PLAN", "VIEWS_SHARED", "ALL", "Y", "2025-05-01", "2025-05-20"),
        ("2", "CP02", "2025-05-07", "ICPC", a, "PLAN", "ATTENDED_SPOKE", "SOME", "Y", "2025-05-06", "2025-06-20"),
        ("3", "CP04", "2025-09-16", "PRE_BIRTH", b, "PLAN", "NOT_APPLICABLE", "NONE", "Y", "2025-09-12", "2025-10-01"),
        ("4", "CP05", "2025-12-01", "ICPC", b, "PLAN", "NO_VIEWS", "ALL", "N", None, None),
        ("5", "CP01", "2026-02-10", "RCPC", b, "PLAN_CONTINUES", None, None, None, "2026-02-06", "2026-02-12"),
        ("6", "CP09", "2025-09-26", "RCPC", a, "PLAN_CONTINUES", "ADVOCATE_ONLY", "ALL", "Y", "2025-09-24", "2025-10-01"),
        ("7", la1, "2025-06-30", "ICPC", a, "PLAN", "VIEWS_SHARED", "ALL", "Y", "2025-06-26", "2025-07-07"),
        ("8", la1, "2025-09-29", "RCPC", b, "PLAN_CONTINUES", "VIEWS_SHARED", "ALL", "Y", "2025-09-25", "2025-10-06"),
        ("9", "CP10", "2025-12-01", "RCPC", b, "PLAN_CONTINUES", "ATTENDED_ADVOCATE", "SOME", "Y", "2025-11-27", "2025-12-22"),
        # LA1's two conferences on one date: ID 10 is the later (as a number), chair A
        ("10", la1, "2025-09-29", "RCPC", a, "PLAN_CONTINUES", "VIEWS_SHARED", "ALL", "Y", "2025-09-25", "2025-10-06"),
        ("11", "CP03", "2025-06-20", "ICPC", a, "PLAN", "NO_VIEWS", "NONE", "Y", "2025-06-18", "2025-07-01"),
    ])


def cp_authority(folder, seed: int = 5) -> dict:
    """Make the small authority with the hand-made CIN tables in FOLDER; returns the expected
    `cp` group (EXPECTED with by_chair filled in) and the IDs used."""
    from iro_audit import synth

    synth.generate(str(folder), children=40, years=2, seed=seed)
    for pattern in ("cin*", "s47*", "cp_*"):     # any CIN census the synthetic authority wrote
        for f in Path(folder).glob(pattern):
            f.unlink()
    la, nl, chairs = pick_903_children(folder)
    add_cin(folder, la, nl, chairs)
    want = dict(EXPECTED)
    a, b = chairs
    want["by_chair"] = sorted([{"CHAIR_ID": a, "children": 3}, {"CHAIR_ID": b, "children": 4}],
                              key=lambda r: r["CHAIR_ID"])
    return {"cp": want, "la": la, "nl": nl, "chairs": chairs,
            "cin_ids": ["CP%02d" % i for i in range(1, 11)] + la + [nl]}

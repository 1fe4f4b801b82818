"""The child protection family as tables: the CIN census tables a collection year at a time (as
that year's return holds them) and the unit's conference records (mixed into `authority._Synth`).

A year's return holds every CIN episode open at some time in the year, with its s47 enquiries
and plans that began by 31 March and their review conferences held by then; a date after 31
March (a plan's end, an episode's closure, an initial conference) is blank, and the later return
that holds it wins when the years are stitched. Children unborn at 31 March carry only
ExpectedPersonBirthDate. Rows are in the order of the DfE XML (child, episode, s47 / plan,
review), so the CSV and XML forms load into the same tables.
"""
from __future__ import annotations

import numpy as np

from .common import NA, _fmt_dates
from .writer import _frame

TF = np.array(["false", "true"], dtype=object)


class CpTables:
    """CIN census tables per collection year and the conference records."""

    def _cin_year_tables(self):
        """(table, year, DataFrame) for each CIN census table and collection year."""
        K, EP, S, PL, CR = self.K, self.EP, self.S47, self.PL, self.CR
        iso = lambda d: _fmt_dates(d, "iso")  # noqa: E731
        rank = np.empty(len(K["id"]), np.int64)
        rank[np.argsort(K["id"].astype(str), kind="stable")] = np.arange(len(K["id"]))
        e_rank = rank[EP["kid"]]
        ep_order = np.lexsort((EP["ref"], e_rank))
        for y in self.cyears:
            ys, ye = self.ystart[y], self.yend[y]
            blank_after = lambda d: np.where(d > ye, NA, d)  # noqa: E731
            m = (EP["ref"] <= ye) & ((EP["close"] == NA) | (EP["close"] >= ys))
            e = ep_order[m[ep_order]]
            pos = np.full(len(EP["ref"]), -1)
            pos[e] = np.arange(len(e))
            kids = EP["kid"][e]
            k = kids[np.r_[True, kids[1:] != kids[:-1]]] if len(kids) else kids
            dob = K["dob"][k]
            yield "cin_children", y, _frame({
                "LAchildID": K["id"][k], "PersonBirthDate": iso(np.where(dob > ye, NA, dob)),
                "ExpectedPersonBirthDate": iso(np.where(dob > ye, dob, NA)),
                "Sex": K["sex"][k], "PersonDeathDate": np.full(len(k), "", dtype=object),
                "Ethnicity": K["eth"][k]})
            close = blank_after(EP["close"][e])
            yield "cin_details", y, _frame({
                "LAchildID": K["id"][kids], "CINreferralDate": iso(EP["ref"][e]),
                "ReferralSource": EP["source"][e], "PrimaryNeedCode": EP["need"][e],
                "CINclosureDate": iso(close),
                "ReasonForClosure": np.where(close == NA, "", EP["reason"][e]),
                "DateOfInitialCPC": iso(blank_after(EP["icpc"][e])), "ReferralNFA": TF[EP["nfa"][e].astype(int)]})
            s = np.flatnonzero((pos[S["ep"]] >= 0) & (S["start"] <= ye))
            s = s[np.lexsort((S["start"][s], pos[S["ep"][s]]))]
            icpc = blank_after(S["icpc"][s])
            yield "s47", y, _frame({
                "LAchildID": K["id"][EP["kid"][S["ep"][s]]], "CINreferralDate": iso(EP["ref"][S["ep"][s]]),
                "S47ActualStartDate": iso(S["start"][s]), "InitialCPCtarget": iso(S["target"][s]),
                "DateOfInitialCPC": iso(icpc), "ICPCnotRequired": TF[S["notreq"][s].astype(int)]})
            p = np.flatnonzero((pos[PL["ep"]] >= 0) & (PL["start"] <= ye))
            p = p[np.lexsort((PL["start"][p], pos[PL["ep"][p]]))]
            yield "cp_plans", y, _frame({
                "LAchildID": K["id"][EP["kid"][PL["ep"][p]]], "CINreferralDate": iso(EP["ref"][PL["ep"][p]]),
                "CPPstartDate": iso(PL["start"][p]), "CPPendDate": iso(blank_after(PL["end"][p])),
                "InitialCategoryOfAbuse": PL["init"][p],
                "LatestCategoryOfAbuse": PL["latest"][p], "NumberOfPreviousCPP": PL["nprev"][p].astype(str)})
            ppos = np.full(len(PL["ep"]), -1)
            ppos[p] = np.arange(len(p))
            r = np.flatnonzero((ppos[CR["plan"]] >= 0) & (CR["day"] <= ye))
            r = r[np.lexsort((CR["day"][r], ppos[CR["plan"][r]]))]
            rp = CR["plan"][r]
            yield "cp_reviews", y, _frame({"LAchildID": K["id"][EP["kid"][PL["ep"][rp]]],
                                           "CPPstartDate": iso(PL["start"][rp]), "CPPreviewDate": iso(CR["day"][r])})

    def _cp_conference_table(self):
        """The unit's conference records, one row per conference, in date order."""
        F, K = self.CONF, self.K
        iso = lambda d: _fmt_dates(d, "iso")  # noqa: E731
        return _frame({
            "CONFERENCE_ID": np.array([f"CPC{i + 1:06d}" for i in range(len(F["day"]))], dtype=object),
            "CHILD": K["id"][F["kid"]], "CONFERENCE_DATE": iso(F["day"]), "CONFERENCE_TYPE": F["type"],
            "CHAIR_ID": self.I["id"][F["chair"]], "OUTCOME": F["outcome"],
            "CHILD_PARTICIPATION": F["part"], "PARENTS_ATTENDED": F["parents"], "QUORATE": F["quorate"],
            "REPORT_SHARED_DATE": iso(F["report"]), "MINUTES_ISSUED": iso(F["minutes"])})

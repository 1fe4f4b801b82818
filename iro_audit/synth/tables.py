"""The built authority as tables: the SSDA903 tables a collection year at a time and the IRO
service tables (mixed into `authority._Synth`)."""
from __future__ import annotations

import numpy as np

from .common import NA, _add_months, _age, _day, _fmt_dates, _ids, _member, _pick, _uniq, _ymd
from .writer import _frame


class Tables:
    """The synthetic authority's tables, built from its care histories and records."""

    def _year_tables(self):
        """(table, year, DataFrame) for each SSDA903 table and collection year, a year at a time."""
        P, E, R, C = self.P, self.E, self.R, self.C
        rng = self.rng
        ckid = P["child"]
        first_year = self.cyears[0]
        dmy = lambda d: _fmt_dates(d, "dmy")  # noqa: E731
        e_child = ckid[E["pid"]]
        e_decom = dmy(E["decom"])
        e_dec = dmy(E["dec"])
        pl = E["pj"]
        PL = self.placements
        e_prov, e_post, e_urn = PL["provider"][pl], PL["post"][pl], PL["urn"][pl]
        e_cin = P["cin"][E["pid"]]
        r_child = ckid[R["pid"]]
        r_day = dmy(R["day"])
        first_pids = None
        # care leavers (OC3): left care aged 17 or over
        left = (~P["short_break"]) & (P["end"] <= self.end) & (_age(P["dob"], P["end"]) >= 17)
        leavers = _uniq(ckid[left])
        # adoption facts per adopted period
        adopted = np.flatnonzero(np.isin(P["rec"], ("E11", "E12")) & (P["end"] <= self.end))
        e1_day = np.full(len(P["start"]), NA)
        e1 = E["ls"] == "E1"
        first_e1 = e1 & ~np.r_[False, (E["pid"][1:] == E["pid"][:-1]) & e1[:-1]]
        e1_day[E["pid"][first_e1]] = E["decom"][first_e1]
        adopt_p = np.flatnonzero(e1_day != NA)
        decision = e1_day[adopt_p] - rng.integers(20, 150, len(adopt_p))
        decision_by = np.full(len(P["start"]), NA)
        decision_by[adopt_p] = decision
        foster = np.isin(PL["code"], ("A6",))
        a6 = np.zeros(len(P["start"]), bool)
        a6[PL["pid"][foster]] = True
        nb = _pick(rng, ("1", "2"), (0.2, 0.8), len(P["start"]))
        sexa = np.where(nb == "1", _pick(rng, ("M", "F"), (0.2, 0.8), len(nb)),
                        _pick(rng, ("MF", "MM", "FF"), (0.84, 0.08, 0.08), len(nb)))
        lsa = np.where(nb == "1", "L2", _pick(rng, ("L0", "L11", "L12", "L4"), (0.7, 0.1, 0.1, 0.1), len(nb)))
        prev_perm = _pick(rng, ("Z1", "P1", "P2", "P3", "P4"), (0.88, 0.02, 0.05, 0.02, 0.03), len(P["start"]))
        perm_year = _ymd(P["start"])[0] - rng.integers(1, 10, len(P["start"]))
        uasc_kids = np.flatnonzero(C["uasc"])
        # oc2 values per (period, year) are drawn per row below
        for y in self.cyears:
            ys, ye = self.ystart[y], self.yend[y]
            # episodes
            m = (E["decom"] <= ye) & ((E["dec"] == NA) | (E["dec"] >= ys))
            if y == first_year:
                first_pids = _uniq(E["pid"][m])
                m = _member(E["pid"], first_pids) & (E["decom"] <= ye)
            i = np.flatnonzero(m)
            still = (E["dec"][i] == NA) | (E["dec"][i] > ye)
            yield "episodes", y, _frame({
                "CHILD": C["id"][e_child[i]], "DECOM": e_decom[i], "RNE": E["rne"][i], "LS": E["ls"][i],
                "CIN": e_cin[i], "PLACE": E["place"][i], "PLACE_PROVIDER": e_prov[i],
                "DEC": np.where(still, "", e_dec[i]), "REC": np.where(still, "", E["rec"][i]),
                "REASON_PLACE_CHANGE": np.where(still, "", E["rpc"][i]),
                "HOME_POST": C["home"][e_child[i]], "PL_POST": e_post[i], "URN": e_urn[i]})
            kids = [e_child[i]]
            in_year_pids = _uniq(E["pid"][i])
            # reviews
            m = (R["day"] >= ys) & (R["day"] <= ye)
            if y == first_year:
                m |= _member(R["pid"], first_pids) & (R["day"] < ys)
            i = np.flatnonzero(m)
            yield "reviews", y, _frame({"CHILD": C["id"][r_child[i]], "DOB": dmy(C["dob"][r_child[i]]),
                                              "REVIEW": r_day[i], "REVIEW_CODE": R["code"][i]})
            kids.append(r_child[i])
            # uasc
            in_year_kids = _uniq(ckid[in_year_pids])
            u = in_year_kids[_member(in_year_kids, uasc_kids)]
            yield "uasc", y, _frame({"CHILD": C["id"][u], "SEX": C["sex"][u], "DOB": dmy(C["dob"][u]),
                                           "DUC": dmy(_add_months(C["dob"][u], 216))})
            # oc2: looked after continuously for 12 months at 31 March
            yr_ago = _add_months(np.array([ye]), -12)[0]
            p = np.flatnonzero(~P["short_break"] & (P["start"] <= yr_ago) & (P["end"] > ye))
            kid = ckid[p]
            age = _age(C["dob"][kid], np.full(len(kid), ye))
            n = len(p)
            sdq_due = (age >= 4) & (age <= 16)
            has = sdq_due & (rng.random(n) < 0.82)
            score = np.clip(np.round(rng.normal(14, 6.5, n)), 0, 40).astype(int)
            subst = (age >= 10) & (rng.random(n) < 0.05)

            def flag(p_yes, cond=None):
                v = np.where(rng.random(n) < p_yes, "1", "0").astype(object)
                if cond is not None:
                    v[~cond] = ""
                return v

            yield "oc2", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                "SDQ_SCORE": np.where(has, score.astype(str), ""),
                "SDQ_REASON": np.where(has, "", np.where(sdq_due, _pick(rng, ("SDQ2", "SDQ3", "SDQ4", "SDQ5"),
                                                                         (0.3, 0.3, 0.2, 0.2), n), "SDQ1")),
                "CONVICTED": flag(0.03, age >= 10), "HEALTH_CHECK": flag(0.9), "IMMUNISATIONS": flag(0.86),
                "TEETH_CHECK": flag(0.85), "HEALTH_ASSESSMENT": flag(0.91),
                "SUBSTANCE_MISUSE": np.where(subst, "1", "0"),
                "INTERVENTION_RECEIVED": np.where(subst, flag(0.7), ""),
                "INTERVENTION_OFFERED": np.where(subst, flag(0.85), "")})
            kids.append(kid)
            # oc3: care leavers with their 19th, 20th or 21st birthday in the year
            lv = leavers
            rows = []
            for age_ in (19, 20, 21):
                b = _add_months(C["dob"][lv], 12 * age_)
                rows.append(lv[(b >= ys) & (b <= ye)])
            lv = np.sort(np.concatenate(rows))
            n = len(lv)
            yield "oc3", y, _frame({
                "CHILD": C["id"][lv], "DOB": dmy(C["dob"][lv]),
                "IN_TOUCH": _pick(rng, ("YES", "NO", "REFU", "NREQ", "RHOM"), (0.86, 0.05, 0.04, 0.02, 0.03), n),
                "ACTIV": _pick(rng, ("F1", "P1", "F2", "P2", "F4", "P4", "G4", "G5", "G6"),
                               (0.08, 0.02, 0.2, 0.05, 0.15, 0.05, 0.3, 0.1, 0.05), n),
                "ACCOM": _pick(rng, ("B1", "C1", "D1", "E1", "G1", "H1", "K1", "R1", "S1", "T1", "U1", "V2", "Z1"),
                               (0.1, 0.05, 0.1, 0.03, 0.05, 0.05, 0.05, 0.03, 0.3, 0.1, 0.04, 0.05, 0.05), n)})
            kids.append(lv)
            # ad1: adopted in the year
            a = adopted[(P["end"][adopted] >= ys) & (P["end"][adopted] <= ye)]
            kid = ckid[a]
            yield "ad1", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "DATE_INT": dmy(decision_by[a]),
                "DATE_MATCH": dmy(P["start"][a] + P["match"][a]), "FOSTER_CARE": np.where(a6[a], "1", "0"),
                "NB_ADOPTR": nb[a], "SEX_ADOPTR": sexa[a], "LS_ADOPTR": lsa[a]})
            kids.append(kid)
            # placed for adoption: decisions in force during the year
            d = adopt_p
            ceased = np.where(np.isin(P["rec"][d], ("E11", "E12")) & (P["end"][d] <= self.end), P["end"][d], NA)
            ceased = np.where(ceased > ye, NA, ceased)
            m = (decision_by[d] <= ye) & ((ceased == NA) | (ceased >= ys))
            d, ceased = d[m], ceased[m]
            kid = ckid[d]
            yield "placed_for_adoption", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "DATE_PLACED": dmy(decision_by[d]),
                "DATE_PLACED_CEASED": dmy(ceased), "REASON_PLACED_CEASED": np.where(ceased == NA, "", "RD1")})
            kids.append(kid)
            # previous permanence: children starting a period in the year
            p = np.flatnonzero(~P["short_break"] & (P["start"] >= ys) & (P["start"] <= ye))
            o = np.argsort(ckid[p], kind="stable")  # one row per child: the first entry
            p = p[o][np.r_[True, ckid[p][o][1:] != ckid[p][o][:-1]]] if len(p) else p
            kid = ckid[p]
            pp = prev_perm[p]
            has = pp != "Z1"
            dp = np.where(rng.random(len(p)) < 0.5, [f"zz/zz/{v}" for v in perm_year[p]],
                          dmy(_day(f"{y - 1}-01-01") - 365 * (y - perm_year[p]) + rng.integers(0, 365, len(p))))
            yield "previous_permanence", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]), "PREV_PERM": pp,
                "LA_PERM": np.where(has, _pick(rng, ("L1", "L2", "L3"), (0.6, 0.3, 0.1), len(p)), ""),
                "DATE_PERM": np.where(has, dp, "")})
            kids.append(kid)
            # missing
            M = self.missing
            i = np.flatnonzero((M["day"] >= ys) & (M["day"] <= ye))
            kid = ckid[M["pid"][i]]
            mend = np.where(M["end"][i] > ye, NA, M["end"][i])
            yield "missing", y, _frame({"CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                                              "MISSING": M["code"][i], "MIS_START": dmy(M["day"][i]),
                                              "MIS_END": dmy(mend)})
            kids.append(kid)
            # social worker episodes open in the year
            S = self.sw
            i = np.flatnonzero((S["start"] <= ye) & ((S["end"] == NA) | (S["end"] >= ys)))
            kid = ckid[S["pid"][i]]
            still = (S["end"][i] == NA) | (S["end"][i] > ye)
            yield "sw_episodes", y, _frame({
                "CHILD": C["id"][kid], "DOB": dmy(C["dob"][kid]),
                "SW_ID": _ids("SW", S["sw"][i], 5),
                "SW_DECOM": dmy(S["start"][i]), "SW_DEC": np.where(still, "", dmy(S["end"][i])),
                "SW_REASON": np.where(still, "", S["reason"][i])})
            kids.append(kid)
            # header: every child in any of this year's tables
            h = _uniq(np.concatenate(kids))
            age = _age(C["dob"][h], np.full(len(h), ye))
            is_mother = (C["mc_dob"][h] != NA) & (C["mc_dob"][h] <= ye)
            girl12 = (C["sex"][h] == "2") & (age >= 12)
            yield "header", y, _frame({
                "CHILD": C["id"][h], "SEX": C["sex"][h], "DOB": dmy(C["dob"][h]), "ETHNIC": C["ethnic"][h],
                "UPN": C["upn"][h], "MOTHER": np.where(girl12, np.where(is_mother, "1", "0"), ""),
                "MC_DOB": np.where(girl12 & is_mother, dmy(C["mc_dob"][h]), "")})

    def _iro_tables(self):
        P, R, C, I = self.P, self.R, self.C, self.I
        iso = lambda d: _fmt_dates(d, "iso")  # noqa: E731
        cid = C["id"][P["child"]]  # per period
        yield "iros", _frame({"IRO_ID": I["id"], "IRO_NAME": I["name"], "TEAM": I["team"],
                                    "FTE": I["fte"], "ROLE": I["role"]})
        A = self.A
        yield "iro_allocations", _frame({"CHILD": cid[A["pid"]], "IRO_ID": I["id"][A["iro"]],
                                               "ALLOC_START": iso(A["start"]), "ALLOC_END": iso(A["end"])})
        rec = self.records
        yield "review_records", _frame({
            "CHILD": cid[R["pid"]], "REVIEW": iso(R["day"]), "IRO_ID": I["id"][rec["iro"]],
            "REPORT_RECEIVED": iso(rec["report"]), "RECOMMENDATIONS_ISSUED": iso(rec["recs"]),
            "MINUTES_ISSUED": iso(rec["minutes"]), "CARE_PLAN_UPDATED": iso(rec["care_plan"])})
        M = self.midway
        o = np.lexsort((M["day"], P["child"][M["pid"]]))
        yield "midway_reviews", _frame({"CHILD": cid[M["pid"][o]],
                                              "IRO_ID": I["id"][self.iro_at(M["pid"][o], M["day"][o])],
                                              "MIDWAY_DATE": iso(M["day"][o])})
        V = self.visits
        yield "iro_visits", _frame({"CHILD": cid[V["pid"]], "IRO_ID": I["id"][self.iro_at(V["pid"], V["day"])],
                                          "VISIT_DATE": iso(V["day"]), "VISIT_MODE": V["mode"]})
        X = self.esc
        yield "escalations", _frame({
            "ESCALATION_ID": _ids("ESC", np.arange(1, len(X["pid"]) + 1), 6),
            "CHILD": cid[X["pid"]], "IRO_ID": I["id"][X["iro"]], "RAISED_DATE": iso(X["day"]),
            "ESCALATION_TYPE": X["type"], "STAGE_REACHED": X["stage"], "REASON": X["reason"],
            "RESOLVED_DATE": iso(X["resolved"]), "OUTCOME": X["outcome"], "NOTES": X["notes"]})
        Q = self.qc
        f = Q["idx"]
        qc = _frame({
            "FORM_ID": _ids("QC", np.arange(1, len(f) + 1), 7),
            "CHILD": cid[R["pid"][f]], "REVIEW": iso(R["day"][f]), "IRO_ID": I["id"][rec["iro"][f]],
            "COMPLETED_DATE": iso(Q["done"]), "OVERALL_GRADE": Q["grade"], "COMMENTS": Q["comments"]})
        for item, ans in Q["answers"].items():
            qc[item] = ans
        yield "qc_forms", qc
        H = self.health
        yield "health_assessments", _frame({"CHILD": cid[H["pid"]], "ASSESSMENT_TYPE": H["type"],
                                                  "ASSESSMENT_DATE": iso(H["day"]), "STATUS": H["status"]})
        yield "peps", _frame({"CHILD": cid[self.peps["pid"]], "PEP_DATE": iso(self.peps["day"])})
        S = self.s20
        yield "s20_agreements", _frame({
            "CHILD": cid[S["pid"]], "DECOM": iso(S["decom"]), "CONSENT_DATE": iso(S["consent"]),
            "CONSENT_GIVEN_BY": S["by"], "CAPACITY_CONSIDERED": S["cap"], "AGREEMENT_REVIEWED": iso(S["reviewed"]),
            "PLO_STAGE": S["plo"], "PLAN": S["plan"]})
        W = self.pwp
        yield "pwp_records", _frame({
            "CHILD": cid[W["pid"]], "PLACEMENT_START": iso(W["start"]), "ASSESSMENT_COMPLETED": iso(W["assess"]),
            "NOMINATED_OFFICER_APPROVAL": iso(W["approval"]), "PLACEMENT_PLAN_DATE": iso(W["plan"]),
            "DISCHARGE_APPLICATION": iso(W["disch"])})

"""IRO service records: the IROs and their allocations, activity between reviews (visits,
midway reviews, escalations, health, PEPs, missing), review records and QC forms, s20 and
placed-with-parents records, social workers (mixed into `authority._Synth`)."""
from __future__ import annotations

import numpy as np

from ..contract import DEFAULT_ESCALATION_REASONS
from .common import (NA, PATHWAYS, _add_months, _age, _asof, _awd, _cyear, _key, _pick,
                     _uniform_int, qc_items)


IRO_FIRST = ("Alex", "Bernadette", "Carys", "Deepa", "Eamon", "Farah", "Gareth", "Helen", "Imran",
             "Joanne", "Kwame", "Lorna", "Marcus", "Nadia", "Owen", "Priya", "Rachel", "Simon",
             "Tariq", "Una", "Vikram", "Wendy", "Yusuf", "Zara")
IRO_LAST = ("Ashworth", "Bramley", "Castell", "Dunmore", "Ellison", "Fairbrother", "Greaves",
            "Holroyd", "Ibbotson", "Jessop", "Kirkham", "Lindley", "Mottram", "Naylor",
            "Oldroyd", "Pickersgill", "Quarmby", "Rushworth", "Sugden", "Thackray", "Utley",
            "Varley", "Whiteley", "Yeadon")
TEAMS = ("North", "South", "East", "West", "Central", "Valley")

ESC_REASON_P = (0.32, 0.12, 0.08, 0.10, 0.07, 0.08, 0.07, 0.05, 0.04, 0.04, 0.03)
ESC_NOTES = {
    "DRIFT_DELAY": "Drift in the care plan; timescales agreed with the team manager.",
    "NO_PRE_MEETING_REPORT": "No pre-meeting report before the review.",
    "ORDER_DISCHARGE_DELAY": "Application to discharge the order not yet made.",
    "ASSESSMENT_DELAY": "Assessment not completed within the agreed timescale.",
    "LIFE_STORY": "Life story work not started.",
    "CARE_PLAN_QUALITY": "Care plan out of date and does not reflect current needs.",
    "PLACEMENT": "Concerns about the suitability of the placement.",
    "HEALTH": "Health assessment overdue; referral chased.",
    "EDUCATION": "No school place; PEP targets not met.",
    "FAMILY_TIME": "Family time arrangements not in line with the plan.",
    "OTHER": "Recommendation from the last review not progressed.",
}
ESC_OUTCOMES = ("Resolved: plan agreed with team manager", "Resolved: actions completed",
                "Resolved: timescales agreed", "Resolved by service manager")
QC_COMMENTS = {
    "OUTSTANDING": ("Child's voice clear throughout; plan progressing well.",
                    "Strong permanence planning and good family time arrangements."),
    "GOOD": ("Plan on track; health and education needs met.",
             "Good evidence of the child's views; minor gaps in recording.",
             "Placement stable; life story work under way."),
    "REQUIRES_IMPROVEMENT": ("Care plan needs updating; drift in permanence planning.",
                             "Pre-meeting report late; health assessment overdue.",
                             "Child's views not gathered before the review."),
    "INADEQUATE": ("Significant drift and delay; escalation raised.",
                   "No up to date care plan and no pre-meeting report."),
}
QC_GRADES = (("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"), (0.08, 0.55, 0.30, 0.07))
QC_Y_BY_GRADE = {"OUTSTANDING": 0.97, "GOOD": 0.9, "REQUIRES_IMPROVEMENT": 0.72, "INADEQUATE": 0.45}
QC_THEME_EASE = {"PLANNING": 1.0, "VOICE": 0.97, "HEALTH": 0.95, "EDUCATION": 0.97,
                 "PERMANENCE": 0.9, "OVERSIGHT": 0.88}



class ServiceRecords:
    """The IRO service's own records of the synthetic authority."""

    # ----- IROs and allocations ---------------------------------------------------------------

    def build_iros(self):
        rng = self.rng
        P = self.P
        n_slots = max(3, int(round(self.n_target / 45)))
        fte = _pick(rng, (1.0, 0.9, 0.8, 0.6), (0.55, 0.1, 0.2, 0.15), n_slots)
        role = np.full(n_slots, "IRO", dtype=object)
        r = rng.permutation(n_slots)
        n_h = max(1, n_slots // 6)
        role[r[:n_h]] = "HYBRID"
        role[r[n_h:n_h + max(1, n_slots // 12)]] = "CP_CHAIR"
        n_f = max(1, n_slots // 10)
        role[r[n_h + max(1, n_slots // 12):n_h + max(1, n_slots // 12) + n_f]] = "FOSTERING_IRO"
        n_teams = max(2, n_slots // 6)
        team_names = [TEAMS[i % len(TEAMS)] + ("" if i < len(TEAMS) else f" {i // len(TEAMS) + 1}")
                      for i in range(n_teams)]
        team = np.array(team_names, dtype=object)[np.arange(n_slots) % n_teams]
        weight = fte * np.exp(rng.normal(0, 0.15, n_slots))
        weight = weight * np.select([role == "HYBRID", role == "CP_CHAIR", role == "FOSTERING_IRO"],
                                    [0.55, 0.3, 0.04], 1.0)
        weight = weight / weight.sum()
        # turnover: some posts change hands during the window
        change = np.where(rng.random(n_slots) < 0.3,
                          _uniform_int(rng, np.full(n_slots, self.w0 + 60), self.end - 60), NA)
        n_iros = n_slots + (change != NA).sum()
        holder0 = np.arange(n_slots)
        holder1 = np.full(n_slots, -1)
        holder1[change != NA] = n_slots + np.arange((change != NA).sum())
        names = set()
        iro_name = []
        for i in range(n_iros):
            while True:
                nm = f"{IRO_FIRST[rng.integers(len(IRO_FIRST))]} {IRO_LAST[rng.integers(len(IRO_LAST))]}"
                if nm not in names or len(names) >= len(IRO_FIRST) * len(IRO_LAST):
                    break
            names.add(nm)
            iro_name.append(nm)
        iro_slot = np.r_[holder0, np.flatnonzero(change != NA)]
        iro_fte = fte[iro_slot].copy()
        new = np.arange(n_iros) >= n_slots
        # a successor mostly takes the post at its hours
        iro_fte[new] = np.where(rng.random(new.sum()) < 0.8, iro_fte[new], np.maximum(iro_fte[new] - 0.2, 0.6))
        self.I = dict(id=np.array([f"IRO{i + 1:04d}" for i in range(n_iros)], dtype=object),
                      name=np.array(iro_name, dtype=object), team=team[iro_slot],
                      fte=iro_fte, role=role[iro_slot])
        # allocations: a post at the period's start, occasional reallocation, split at turnover
        apid, aday = self._change_days(0.12)
        slot = rng.choice(n_slots, size=len(apid), p=weight)
        same = np.r_[False, (apid[1:] == apid[:-1]) & (slot[1:] == slot[:-1])]
        apid, aday, slot = apid[~same], aday[~same], slot[~same]
        aend = np.where(np.r_[apid[1:] == apid[:-1], False], np.r_[aday[1:], 0], P["end"][apid])
        # split where the post changes hands
        c = change[slot]
        split = (c != NA) & (c > aday) & (c < aend)
        si = np.flatnonzero(split)
        apid = np.concatenate([apid, apid[si]])
        aday = np.concatenate([aday, c[si]])
        slot = np.concatenate([slot, slot[si]])
        o = np.lexsort((aday, apid))
        apid, aday, slot = apid[o], aday[o], slot[o]
        nxt = np.r_[apid[1:] == apid[:-1], False]
        aend = np.where(nxt, np.r_[aday[1:], 0] - 1, P["end"][apid])
        c = change[slot]
        iro = np.where((c != NA) & (aday >= c), holder1[slot], holder0[slot])
        keep = aday <= self.end
        self.A = dict(pid=apid[keep], start=aday[keep], end=np.where(aend[keep] > self.end, NA, aend[keep]),
                      iro=iro[keep])
        self._akey = _key(self.A["pid"], self.A["start"])

    def iro_at(self, pid, day):
        """The IRO allocated to each (period, day); the first allocation for days before it."""
        i = _asof(self._akey, _key(pid, day))
        i = np.maximum(i, 0)
        return self.A["iro"][i]

    # ----- activity between reviews -----------------------------------------------------------

    def _exposure(self, lo=None):
        """Non-short-break periods clipped to [lo, end date]: (pid, a, b) with b > a."""
        P = self.P
        lo = self.lookback if lo is None else lo
        idx = np.flatnonzero(~P["short_break"])
        a = np.maximum(P["start"][idx], lo)
        b = np.minimum(P["end"][idx], self.end + 1)
        ok = b > a
        return idx[ok], a[ok], b[ok]

    def _poisson_dates(self, rate_per_year, lo=None, weight=None):
        rng = self.rng
        pid, a, b = self._exposure(lo)
        lam = rate_per_year / 365.25 * (b - a) * (1 if weight is None else weight[pid])
        k = rng.poisson(lam)
        p = np.repeat(pid, k)
        aa, bb = np.repeat(a, k), np.repeat(b, k)
        day = aa + np.floor(rng.random(len(p)) * (bb - aa)).astype(np.int64)
        o = np.lexsort((day, p))
        p, day = p[o], day[o]
        u = np.ones(len(p), bool)
        u[1:] = (p[1:] != p[:-1]) | (day[1:] != day[:-1])
        return p[u], day[u]

    def build_activity(self):
        rng = self.rng
        P, R = self.P, self.R
        # midway reviews: ~80% of gaps between reviews have one near the middle
        has_next = R["next"] != NA
        gap = np.where(has_next, R["next"] - R["day"], _add_months(R["day"], 6) - R["day"])
        mid = R["day"] + gap // 2 + rng.integers(-20, 21, len(gap))
        ok = (rng.random(len(gap)) < 0.82) & (gap > 45) & (mid >= self.lookback) & (mid <= self.end)
        ok &= mid < P["end"][R["pid"]]
        mp, md = R["pid"][ok], mid[ok]
        self.midway = dict(pid=mp, day=md)
        # IRO visits
        vp, vd = self._poisson_dates(1.25)
        self.visits = dict(pid=vp, day=vd, mode=_pick(rng, ("IN_PERSON", "VIRTUAL"), (0.75, 0.25), len(vp)))
        # escalations: some children attract repeated escalations
        prop = rng.gamma(0.5, 2.0, len(P["start"]))
        dp, dd = self._poisson_dates(0.30, lo=self.w0, weight=prop)
        fp, fd = self._poisson_dates(0.18, lo=self.w0, weight=prop)
        self.esc = self._escalations(np.r_[dp, fp], np.r_[dd, fd],
                                     np.r_[np.zeros(len(dp), bool), np.ones(len(fp), bool)])
        # health assessments
        self.health = self._health()
        # personal education plans for school-age children
        self.peps = self._peps()
        # missing episodes
        self.missing = self._missing()

    def _escalations(self, pid, day, formal):
        rng = self.rng
        o = np.lexsort((pid, day))
        pid, day, formal = pid[o], day[o], formal[o]
        n = len(pid)
        stage = np.where(formal, _pick(rng, ("1", "2", "3", "CAFCASS"), (0.70, 0.22, 0.065, 0.015), n), "")
        reason = _pick(rng, DEFAULT_ESCALATION_REASONS, ESC_REASON_P, n)
        k = rng.random(n)
        wd = np.where(k < 0.62, rng.integers(1, 21, n), np.where(k < 0.9, rng.integers(21, 80, n), -1))
        wd = np.where(formal, wd, np.where(k < 0.8, rng.integers(1, 11, n), -1))
        resolved = _awd(day, wd)
        resolved = np.where(resolved > self.end, NA, resolved)
        outcome = np.where(resolved != NA, _pick(rng, ESC_OUTCOMES, (0.35, 0.3, 0.25, 0.1), n),
                           "Ongoing")
        notes = np.array([ESC_NOTES[r] for r in reason], dtype=object)
        return dict(pid=pid, day=day, type=np.where(formal, "FORMAL", "DISCUSSION"), stage=stage,
                    reason=reason, resolved=resolved, outcome=outcome, notes=notes,
                    iro=self.iro_at(pid, day))

    def _recurring(self, pid, first, until, gap_lo, gap_hi, skip=0.0):
        """Dates from FIRST every GAP_LO..GAP_HI days (arrays per pid) while before UNTIL."""
        rng = self.rng
        out_p, out_d = [], []
        d = first
        hi = np.broadcast_to(gap_hi, until.shape) if np.ndim(gap_hi) == 0 else gap_hi
        lo = np.broadcast_to(gap_lo, until.shape) if np.ndim(gap_lo) == 0 else gap_lo
        idx = np.arange(len(pid))
        while len(idx):
            ok = d < until[idx]
            idx, d = idx[ok], d[ok]
            keep = rng.random(len(idx)) >= skip
            out_p.append(idx[keep])
            out_d.append(d[keep])
            d = d + _uniform_int(rng, lo[idx], hi[idx])
        return np.concatenate(out_p) if out_p else np.array([], int), \
            np.concatenate(out_d) if out_d else np.array([], int)

    def _health(self):
        rng = self.rng
        P = self.P
        idx = np.flatnonzero(~P["short_break"] & (P["end"] - P["start"] > 20))
        start, end, dob = P["start"][idx], np.minimum(P["end"][idx], self.end + 1), P["dob"][idx]
        k = rng.random(len(idx))
        wd = np.where(k < 0.68, rng.integers(5, 21, len(idx)), rng.integers(21, 61, len(idx)))
        iha = _awd(start, wd)
        rows = []
        ok = iha < end
        rows.append((idx[ok], iha[ok], np.full(ok.sum(), 0)))
        # reviews of health: 6-monthly under 5, yearly after
        under5 = _age(dob, iha) < 5
        gap_lo = np.where(under5, 150, 300)
        gap_hi = np.where(under5, 190, 380)
        j, d = self._recurring(idx, iha + _uniform_int(rng, gap_lo, gap_hi), end, gap_lo, gap_hi)
        rows.append((idx[j], d, np.full(len(j), 1)))
        first_dental = np.maximum(start + rng.integers(20, 120, len(idx)), dob + 365)
        j, d = self._recurring(idx, first_dental, end, 270, 400, skip=0.04)
        rows.append((idx[j], d, np.full(len(j), 2)))
        pid = np.concatenate([r[0] for r in rows])
        day = np.concatenate([r[1] for r in rows])
        typ = np.concatenate([r[2] for r in rows])
        keep = (day >= self.lookback) & (day <= self.end)
        pid, day, typ = pid[keep], day[keep], typ[keep]
        age = _age(P["dob"][pid], day)
        k = rng.random(len(pid))
        refuse = np.where(age >= 12, 0.05, 0.005)
        status = np.where(k < refuse, "REFUSED", np.where(k < refuse + 0.03, "NOT_ATTENDED", "COMPLETED"))
        o = np.lexsort((day, typ, pid))
        names = np.array(["IHA", "RHA", "DENTAL"], dtype=object)
        return dict(pid=pid[o], day=day[o], type=names[typ[o]], status=status[o])

    def _peps(self):
        rng = self.rng
        P = self.P
        idx = np.flatnonzero(~P["short_break"])
        dob = P["dob"][idx]
        first = np.maximum(P["start"][idx] + rng.integers(10, 45, len(idx)),
                           _add_months(dob, 48) + rng.integers(0, 60, len(idx)))
        until = np.minimum(np.minimum(P["end"][idx], self.end + 1), _add_months(dob, 216))
        j, d = self._recurring(idx, first, until, 95, 135, skip=0.03)
        keep = (d >= self.lookback) & (d <= self.end)
        return dict(pid=idx[j][keep], day=d[keep])

    def _missing(self):
        rng = self.rng
        P = self.P
        pid, a, _ = self._exposure(lo=self.w0)
        age = _age(P["dob"][pid], a)
        prone = rng.random(len(pid)) < np.where(age >= 12, 0.3, np.where(age >= 9, 0.05, 0.0))
        w = np.zeros(len(P["start"]))
        w[pid[prone]] = rng.gamma(1.2, 4.0 / 1.2, prone.sum())
        mp, md = self._poisson_dates(1.0, lo=self.w0, weight=w)
        dur = np.where(rng.random(len(mp)) < 0.7, rng.integers(0, 2, len(mp)), rng.integers(1, 6, len(mp)))
        mend = np.minimum(md + dur, P["end"][mp])
        mend = np.where(mend > self.end, NA, mend)
        return dict(pid=mp, day=md, end=mend, code=_pick(rng, ("M", "A"), (0.8, 0.2), len(mp)))

    # ----- review records, forms, s20 and placed-with-parents records -------------------------

    def _offset_wd(self, day, wd):
        """DAY plus WD working days (WD >= 1), NA where WD < 1 or the result is after the end."""
        out = _awd(day, wd)
        return np.where(out > self.end, NA, out)

    def build_records(self):
        rng = self.rng
        R = self.R
        n = len(R["pid"])
        day = R["day"]
        # pre-meeting report (Rotherham 2022/23: 24.3% 5+ days before, 29.6% 1-4, 17.6% same day,
        # 28.1% after, 0.4% none)
        k = _pick(rng, (0, 1, 2, 3, 4), (0.243, 0.296, 0.176, 0.281, 0.004), n)
        before = np.select([k == 0, k == 1, k == 2, k == 3],
                           [rng.integers(5, 22, n), rng.integers(1, 5, n), np.zeros(n, int),
                            -rng.integers(1, 16, n)], 0)
        report = np.where(k == 4, NA, day - before)
        report = np.where(report > self.end, NA, report)

        def issued(p_in, lim, p_blank):
            u = rng.random(n)
            wd = np.where(u < p_in, rng.integers(1, lim + 1, n),
                          np.where(u < 1 - p_blank, rng.integers(lim + 1, lim + 26, n), 0))
            return self._offset_wd(day, wd)

        self.records = dict(report=report, recs=issued(0.86, 5, 0.02), minutes=issued(0.80, 15, 0.03),
                            care_plan=issued(0.74, 10, 0.07), iro=self.iro_at(R["pid"], day))
        # Quality and Compliance forms for most reviews
        items = qc_items()
        has = rng.random(n) < np.clip(0.80 + 0.02 * (_cyear(day) - self.cyears[0]), 0, 0.92)
        done = day + np.where(rng.random(n) < 0.8, rng.integers(0, 6, n), rng.integers(6, 21, n))
        has &= done <= self.end
        f = np.flatnonzero(has)
        gi = rng.choice(4, size=len(f), p=np.array(QC_GRADES[1]) / sum(QC_GRADES[1]))
        grade = np.array(QC_GRADES[0], dtype=object)[gi]
        py = np.array([QC_Y_BY_GRADE[g] for g in QC_GRADES[0]])[gi]
        age = R["age"][f]
        answers = {}
        for item, theme in items:
            p = np.clip(py * QC_THEME_EASE.get(theme, 0.95), 0, 1)
            ans = np.where(rng.random(len(f)) < p, "Y", "N").astype(object)
            na = rng.random(len(f)) < 0.02
            if theme in ("VOICE", "EDUCATION"):
                na |= age < 4
            if item == "QC_DENTAL_CHECK_CURRENT":
                na |= age < 1
            if theme == "PERMANENCE":
                na |= (R["k"][f] == 0) & (rng.random(len(f)) < 0.7)
            ans[na] = "NA"
            answers[item] = ans
        comments = np.empty(len(f), dtype=object)
        for g, texts in QC_COMMENTS.items():
            s = np.flatnonzero(grade == g)
            comments[s] = np.array(texts, dtype=object)[rng.integers(0, len(texts), len(s))]
        self.qc = dict(idx=f, done=done[f], grade=grade, comments=comments, answers=answers)

    def _runs(self, mask):
        """Start rows of maximal runs of consecutive episodes (one period) where MASK holds."""
        E = self.E
        prev_same = np.r_[False, (E["pid"][1:] == E["pid"][:-1]) & mask[:-1]]
        return np.flatnonzero(mask & ~prev_same)

    def build_s20_pwp(self):
        rng = self.rng
        P, E = self.P, self.E
        # section 20 agreements, one per s20 run
        r = self._runs(E["ls"] == "V2")
        pid, decom = E["pid"][r], E["decom"][r]
        n = len(r)
        k = rng.random(n)
        wd = np.where(k < 0.55, 0, np.where(k < 0.88, rng.integers(1, 3, n), np.where(k < 0.96, rng.integers(3, 15, n), -1)))
        consent = np.where(wd == 0, decom - rng.integers(0, 3, n), self._offset_wd(decom, wd))
        consent = np.where((wd < 0) | (consent > self.end), NA, consent)
        age = _age(P["dob"][pid], decom)
        uasc = P["path"][pid] == PATHWAYS.index("UASC")
        by = _pick(rng, ("MOTHER", "FATHER", "BOTH_PARENTS", "PERSON_WITH_PR"), (0.55, 0.1, 0.3, 0.05), n)
        by = np.where(age >= 16, "YOUNG_PERSON", by)
        by = np.where(uasc & (age < 16), "NO_PERSON_WITH_PR_IN_UK", by)
        cap = np.where(rng.random(n) < 0.85, "Y", "N")
        reviewed = decom + rng.integers(30, 200, n)
        path = P["path"][pid]
        # the run ends when the status changes or the period ends
        v2 = E["ls"] == "V2"
        last_in_run = v2 & ~np.r_[(E["pid"][1:] == E["pid"][:-1]) & v2[1:], False]
        run_end = np.where(E["dec"][last_in_run] == NA, self.end + 1, E["dec"][last_in_run])
        reviewed = np.where((rng.random(n) < 0.7) & (reviewed < run_end) & (reviewed <= self.end), reviewed, NA)
        plo = np.where(path == PATHWAYS.index("S20_ORDER"),
                       _pick(rng, ("PRE_PROCEEDINGS", "PROCEEDINGS_ISSUED", "NONE"), (0.5, 0.3, 0.2), n),
                       np.where(path == PATHWAYS.index("ADOPT"), "PROCEEDINGS_ISSUED",
                                np.where(rng.random(n) < 0.15, "PRE_PROCEEDINGS", "NONE")))
        plan = np.select([path == PATHWAYS.index("S20_HOME"), path == PATHWAYS.index("S20_ORDER"),
                          path == PATHWAYS.index("ADOPT"), uasc],
                         ["Return home", "Assessment; proceedings planned", "Proceedings issued",
                          "Care until 18; pathway planning"], "Long-term care")
        self.s20 = dict(pid=pid, decom=decom, consent=consent, by=by, cap=cap, reviewed=reviewed,
                        plo=plo, plan=plan)
        # placed-with-parents records, one per run of P1 episodes
        r = self._runs(E["place"] == "P1")
        pid, st = E["pid"][r], E["decom"][r]
        n = len(r)
        k = rng.random(n)
        before = rng.integers(0, 30, n)
        approval = np.where(k < 0.82, st - before, np.where(k < 0.96, st + rng.integers(1, 40, n), NA))
        approval = np.where(approval > self.end, NA, approval)
        assess = np.where(rng.random(n) < 0.9, st - rng.integers(5, 90, n), NA)
        plan_d = np.where(rng.random(n) < 0.9, self._offset_wd(st, rng.integers(1, 11, n)), NA)
        last_p1 = (E["place"] == "P1") & ~np.r_[(E["pid"][1:] == E["pid"][:-1]) & (E["place"][1:] == "P1"), False]
        p1_end = np.where(E["dec"][last_p1] == NA, self.end + 1, E["dec"][last_p1])
        disch = st + rng.integers(240, 600, n)
        disch = np.where((rng.random(n) < 0.5) & (disch < p1_end) & (disch <= self.end), disch, NA)
        self.pwp = dict(pid=pid, start=st, assess=assess, approval=approval, plan=plan_d, disch=disch)

    def _change_days(self, per_year: float):
        """(period row, day) of each non-short-break period's start and of changes within it at
        PER_YEAR a year (an IRO reallocated, a new social worker), sorted, one per day."""
        rng, P = self.rng, self.P
        idx = np.flatnonzero(~P["short_break"])
        start, hor = P["start"][idx], np.minimum(P["end"][idx], self.end + 1)
        k = rng.poisson(per_year / 365.25 * (hor - start))
        p = np.repeat(idx, k)
        d = P["start"][p] + 1 + np.floor(rng.random(len(p)) * np.maximum(
            np.minimum(P["end"][p], self.end + 1) - P["start"][p] - 1, 1)).astype(np.int64)
        pid = np.concatenate([idx, p])
        day = np.concatenate([start, d])
        o = np.lexsort((day, pid))
        pid, day = pid[o], day[o]
        u = np.ones(len(pid), bool)
        u[1:] = (pid[1:] != pid[:-1]) | (day[1:] != day[:-1])
        return pid[u], day[u]

    def build_sw(self):
        rng = self.rng
        P = self.P
        pid, day = self._change_days(0.8)
        nxt = np.r_[pid[1:] == pid[:-1], False]
        sw_end = np.where(nxt, np.r_[day[1:], 0], P["end"][pid])
        keep = (day <= self.end) & (sw_end >= self.w0)
        pid, day, sw_end = pid[keep], day[keep], sw_end[keep]
        sw_end = np.where(sw_end > self.end, NA, sw_end)
        pool = max(5, self.n_target // 12)
        reason = np.where(sw_end == NA, "", _pick(rng, ("MANAGE", "FITLEFT", "ORGRE", "ORGLEFT", "OTHERS", "CHILDLEFT"),
                                                  (0.25, 0.2, 0.2, 0.2, 0.1, 0.05), len(pid)))
        # the period's last social worker episode ends because the child left care
        last = ~np.r_[pid[1:] == pid[:-1], False]
        reason = np.where(last & (sw_end != NA), "CHILDLEFT", reason)
        self.sw = dict(pid=pid, start=day, end=sw_end, sw=rng.integers(1, pool + 1, len(pid)), reason=reason)

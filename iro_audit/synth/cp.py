"""Child protection: CIN episodes, section 47 enquiries, child protection plans, their review
conferences and the safeguarding unit's conference records, over the same timeline as the 903
care histories (mixed into `authority._Synth`).

The authority's child population is POPULATION_PER_LOOKED_AFTER times the looked-after count
(500 looked after -> 70,000 children, about 70 per 10,000, England's rate). Rates (DfE
Characteristics of children in need; Working Together 2023):

- plans start at about 50 per 10,000 children a year outside care (plus the children who come
  into care from a plan) and last a median of about 8 months, ending at a review conference,
  so that about 40-45 per 10,000 are on a plan at any time (~300 for 500 looked after);
- of the children who enter care (not remanded or unaccompanied, aged over 3 months), 45% were
  on a plan, which ends at or within a month after entry; one in eight of those stays on the
  plan for 1-7 months while looked after (double-protected);
- initial conferences: 80% within 15 working days of the s47 start, the rest 16-35 days; 85% of
  initial conferences make a plan; 55% of s47 enquiries need no conference (ICPCnotRequired);
- repeat plans: a fifth of children whose plan ended are referred again and put on a second
  plan (NumberOfPreviousCPP 1); 7% of first plans in the data had a plan before it;
- 5% of plans come from another authority (a TRANSFER_IN conference, no s47 here);
- pre-birth conferences for unborn children: only children still unborn at the extract date
  (ExpectedPersonBirthDate, no PersonBirthDate); a child born after a pre-birth referral would be
  a `born_after_referral` data-quality row, so the synthetic authority has none of those;
- review conferences: the first within 3 months of the plan's start, later ones within 6 months
  of the previous one, 92% on time.

Drawn from their own random stream (seed, 47) after everything else, so the 903 and IRO files of
a seed are the same bytes as before this family existed.
"""
from __future__ import annotations

import numpy as np

from .common import ETHNIC, NA, PATHWAYS, _add_months, _age, _awd, _lognormal, _pick, _uniform_int

POPULATION_PER_LOOKED_AFTER = 140  # children in the authority per child looked after
COMMUNITY_PLAN_STARTS = 34 / 10_000  # plans a year per child, outside those entering care
ENTRY_FROM_PLAN = 0.45  # children entering care who were on a plan
DOUBLE_PROTECTED = 0.125  # of those: the plan goes on while looked after
ICPC_ON_TIME = 0.80
ICPC_TO_PLAN = 0.85
ICPC_NOT_REQUIRED = 0.55  # of s47 enquiries
REPEAT_PLAN = 0.20
PREVIOUS_BEFORE_DATA = 0.07
TRANSFER_IN = 0.05
REVIEW_ON_TIME = 0.92
CATEGORY = (("NEG", "EMO", "PHY", "SAB", "MUL"), (0.50, 0.37, 0.07, 0.04, 0.02))
AGE_BANDS = ((30, 365), (365, 5 * 365), (5 * 365, 10 * 365), (10 * 365, 16 * 365), (16 * 365, 17 * 365))
AGE_P = (0.10, 0.28, 0.30, 0.28, 0.04)
SOURCES = (("1A", "1B", "1C", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C",
            "5D", "6", "7", "8", "9", "10"),
           (2, 1, 1, 2, 1, 11, 4, 2, 2, 1, 1, 6, 19, 8, 5, 3, 2, 4, 9, 12, 4))
# conference records
PARTICIPATION_4_11 = (("ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY", "NO_VIEWS"),
                      (0.05, 0.05, 0.55, 0.15, 0.20))
PARTICIPATION_12 = (("ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY", "NO_VIEWS"),
                    (0.30, 0.15, 0.30, 0.10, 0.15))
PARENTS = (("ALL", "SOME", "NONE"), (0.55, 0.32, 0.13))


class ChildProtection:
    """CIN episodes, s47 enquiries, plans, plan reviews and conference records."""

    def build_cp(self):
        rng = self.cp_rng = np.random.default_rng([self.seed, 47])
        self.population = int(self.n_target * POPULATION_PER_LOOKED_AFTER)
        self.t0 = self.w0 - 3 * 365  # plans open in the first year began up to three years before
        # children: (id text, dob day, sex, ethnicity, is a 903 child)
        self._kid = dict(id=[], dob=[], sex=[], eth=[])
        self._ep = {k: [] for k in ("kid", "ref", "close", "nfa", "icpc")}
        self._s47 = {k: [] for k in ("ep", "start", "icpc", "notreq")}
        self._plan = {k: [] for k in ("ep", "start", "end", "nprev", "how", "late_end")}
        self._settled, self._rev_plan, self._rev_day = 0, [], []
        self._linked_plans(rng)
        self._community_plans(rng)
        self._settle(rng)
        self._repeats(rng)
        self._settle(rng)
        self._other_enquiries(rng)
        self._unborn(rng)
        self._settle(rng)
        self._finish(rng)

    # ----- children, episodes ----------------------------------------------------------------

    def _new_kids(self, rng, dob, ids=None, sex=None, eth=None):
        n = len(dob)
        base = sum(len(a) for a in self._kid["dob"])
        if ids is None:
            width = max(7, len(str(self.n_children * 20)))
            ids = np.array([f"{10 ** (width - 1) + base + i + 1}" for i in range(n)], dtype=object)
        self._kid["id"].append(np.asarray(ids, dtype=object))
        self._kid["dob"].append(np.asarray(dob, dtype=np.int64))
        self._kid["sex"].append(sex if sex is not None else _pick(rng, ("M", "F"), (0.5, 0.5), n))
        self._kid["eth"].append(eth if eth is not None else _pick(rng, *ETHNIC, n))
        return base + np.arange(n)

    def _add(self, table, **cols):
        d = getattr(self, "_" + table)
        base = sum(len(a) for a in d[next(iter(d))])
        for k, v in cols.items():
            d[k].append(np.asarray(v))
        return base + np.arange(len(next(iter(cols.values()))))

    def _s47_to_icpc(self, rng, start, on_time=None):
        n = len(start)
        on = rng.random(n) < ICPC_ON_TIME if on_time is None else on_time
        wd = np.where(on, rng.integers(5, 16, n), rng.integers(16, 36, n))
        return _awd(start, wd)

    def _plan_span(self, rng, start, n_prev, how, ep, target=None, fixed_end=None):
        """Plans starting on START: ending at the first review conference on or after START +
        TARGET days (worked out by `_settle`), or on FIXED_END (NA: open at the extract date)."""
        n = len(start)
        end = np.full(n, NA) if fixed_end is None else np.where(fixed_end > self.end, NA, fixed_end)
        self._add("plan", ep=ep, start=start, end=end, nprev=n_prev, how=how,
                  late_end=target if target is not None else np.full(n, NA))

    # ----- the families of plans --------------------------------------------------------------

    def _linked_plans(self, rng):
        """Children who come into care from a plan (903 children, their own IDs)."""
        P, C = self.P, self.C
        ok = (~P["short_break"] & ~np.isin(P["path"], (PATHWAYS.index("UASC"), PATHWAYS.index("REMAND")))
              & (P["start"] >= self.t0) & (P["start"] <= self.end)
              & (P["start"] - P["dob"] >= 100) & (_age(P["dob"], P["start"]) < 17))
        p = np.flatnonzero(ok)
        p = p[np.lexsort((P["start"][p], P["child"][p]))]
        p = p[np.r_[True, P["child"][p][1:] != P["child"][p][:-1]]] if len(p) else p  # first entry
        p = p[rng.random(len(p)) < ENTRY_FROM_PLAN]
        n = len(p)
        entry, dob = P["start"][p], P["dob"][p]
        before = np.minimum(_lognormal(rng, 150, 0.7, n).astype(np.int64) + 14, entry - dob - 80)
        s47 = entry - before - rng.integers(7, 30, n)
        icpc = np.minimum(self._s47_to_icpc(rng, s47), entry)
        ref = s47 - rng.integers(0, 8, n)
        stays = rng.random(n) < DOUBLE_PROTECTED
        end = entry + np.where(stays, rng.integers(30, 215, n), rng.integers(0, 31, n))
        close = np.maximum(P["end"][p], end) + 30
        close = np.where(close <= self.end, close, NA)
        kid = C["id"][P["child"][p]]
        k = self._new_kids(rng, dob, ids=kid, sex=np.where(C["sex"][P["child"][p]] == "1", "M", "F"),
                           eth=C["ethnic"][P["child"][p]])
        ep = self._add("ep", kid=k, ref=ref, close=close, nfa=np.zeros(n, bool), icpc=icpc)
        self._add("s47", ep=ep, start=s47, icpc=icpc, notreq=np.zeros(n, bool))
        self._plan_span(rng, icpc, (rng.random(n) < PREVIOUS_BEFORE_DATA).astype(int),
                        np.full(n, "LINKED"), ep, fixed_end=end)

    def _community_plans(self, rng):
        """Children outside care put on a plan, a fifth of them again after the first ended."""
        years = (self.end - self.t0) / 365.25
        n = rng.poisson(COMMUNITY_PLAN_STARTS * self.population * years)
        ref = _uniform_int(rng, np.full(n, self.t0), self.end)
        band = rng.choice(len(AGE_BANDS), n, p=AGE_P)
        lo, hi = np.array(AGE_BANDS)[band].T
        dob = ref - _uniform_int(rng, lo, hi - 1)
        kid = self._new_kids(rng, dob)
        self._plans_for(rng, kid, ref, (rng.random(n) < PREVIOUS_BEFORE_DATA).astype(int))

    def _plans_for(self, rng, kid, ref, n_prev):
        n = len(kid)
        transfer = rng.random(n) < TRANSFER_IN
        s47 = ref + rng.integers(0, 8, n)
        icpc = self._s47_to_icpc(rng, s47)
        start = np.where(transfer, ref + rng.integers(5, 20, n), icpc)
        ok = start <= self.end
        kid, ref, n_prev, transfer, s47, icpc, start = (a[ok] for a in (kid, ref, n_prev, transfer, s47, icpc, start))
        n = len(kid)
        target = _lognormal(rng, 200, 0.6, n).astype(np.int64)
        ep = self._add("ep", kid=kid, ref=ref, close=np.full(n, NA), nfa=np.zeros(n, bool),
                       icpc=np.where(transfer, NA, icpc))
        s = ~transfer
        self._add("s47", ep=ep[s], start=s47[s], icpc=icpc[s], notreq=np.zeros(s.sum(), bool))
        self._plan_span(rng, start, n_prev, np.where(transfer, "TRANSFER_IN", "ICPC"), ep, target=target)

    def _other_enquiries(self, rng):
        """s47 enquiries without a plan (no conference needed, or a conference and no plan), and
        referrals with no further action."""
        n_icpc_plans = sum(int(np.isin(h, ("ICPC", "LINKED")).sum()) for h in self._plan["how"])
        n_no_plan = rng.poisson(n_icpc_plans * (1 - ICPC_TO_PLAN) / ICPC_TO_PLAN)
        n_icpc = n_icpc_plans + n_no_plan
        n_notreq = rng.poisson(n_icpc * ICPC_NOT_REQUIRED / (1 - ICPC_NOT_REQUIRED))
        n_nfa = rng.poisson(n_icpc)
        for n, kind in ((n_no_plan, "no_plan"), (n_notreq, "notreq"), (n_nfa, "nfa")):
            ref = _uniform_int(rng, np.full(n, self.t0), self.end)
            band = rng.choice(len(AGE_BANDS), n, p=AGE_P)
            lo, hi = np.array(AGE_BANDS)[band].T
            kid = self._new_kids(rng, ref - _uniform_int(rng, lo, hi - 1))
            s47 = ref + rng.integers(0, 8, n)
            if kind == "nfa":
                close = ref + rng.integers(0, 4, n)
                self._add("ep", kid=kid, ref=ref, close=np.where(close > self.end, NA, close),
                          nfa=np.ones(n, bool), icpc=np.full(n, NA))
                continue
            icpc = self._s47_to_icpc(rng, s47) if kind == "no_plan" else np.full(n, NA)
            close = (icpc if kind == "no_plan" else s47) + rng.integers(15, 90, n)
            icpc = np.where(icpc > self.end, NA, icpc)
            ep = self._add("ep", kid=kid, ref=ref, close=np.where(close > self.end, NA, close),
                           nfa=np.zeros(n, bool), icpc=icpc)
            self._add("s47", ep=ep, start=s47, icpc=icpc, notreq=np.full(n, kind == "notreq"))

    def _unborn(self, rng):
        """Pre-birth conferences of children still unborn at the extract date."""
        per_year = sum(int((h == "ICPC").sum()) for h in self._plan["how"]) / ((self.end - self.t0) / 365.25)
        n = max(2, rng.poisson(per_year * 0.06 / 3))
        s47 = self.end - rng.integers(25, 90, n)
        icpc = self._s47_to_icpc(rng, s47, on_time=np.ones(n, bool))
        kid = self._new_kids(rng, self.end + rng.integers(10, 120, n))
        ref = s47 - rng.integers(0, 6, n)
        ep = self._add("ep", kid=kid, ref=ref, close=np.full(n, NA), nfa=np.zeros(n, bool), icpc=icpc)
        self._add("s47", ep=ep, start=s47, icpc=icpc, notreq=np.zeros(n, bool))
        self._plan_span(rng, icpc, np.zeros(n, int), np.full(n, "PRE_BIRTH"), ep)

    # ----- reviews, ends, repeats -------------------------------------------------------------

    def _reviews(self, rng, start, end, target):
        """Review conferences of plans (ending at the first on or after START + TARGET when END
        is NA and TARGET is not); returns (plan index, day) and the plans' ends."""
        n = len(start)
        end = end.copy()
        live = np.arange(n)
        due = _add_months(start, 3)
        out_p, out_d = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        first = True
        while len(live):
            m = len(live)
            late = rng.random(m) >= REVIEW_ON_TIME
            held = np.where(late, due + rng.integers(1, 25, m), due - rng.integers(0, 15 if first else 30, m))
            fixed = end[live] != NA
            stop = np.where(fixed, held > end[live], False) | (held > self.end)
            ends_here = ~stop & ~fixed & (target[live] != NA) & (held >= start[live] + target[live])
            keep = ~stop
            out_p.append(live[keep])
            out_d.append(held[keep])
            end[live[ends_here]] = held[ends_here]
            go = keep & ~ends_here
            live, due = live[go], _add_months(held[go], 6)
            first = False
        return np.concatenate(out_p), np.concatenate(out_d), end

    def _cat(self, table):
        return {k: np.concatenate(v) for k, v in getattr(self, "_" + table).items()}

    def _settle(self, rng):
        """Review conferences and ends of the plans added since the last call; the episodes of
        plans outside care close 2-17 weeks after the plan ends."""
        PL = self._cat("plan")
        new = np.arange(self._settled, len(PL["ep"]))
        rp, rd, end = self._reviews(rng, PL["start"][new], PL["end"][new], PL["late_end"][new])
        self._rev_plan.append(new[rp])
        self._rev_day.append(rd)
        PL["end"][new] = end
        EP = self._cat("ep")
        out = new[PL["how"][new] != "LINKED"]
        c = PL["end"][out] + rng.integers(14, 120, len(out))
        EP["close"][PL["ep"][out]] = np.where((PL["end"][out] == NA) | (c > self.end), NA, c)
        self._plan = {k: [v] for k, v in PL.items()}
        self._ep = {k: [v] for k, v in EP.items()}
        self._settled = len(PL["ep"])

    def _repeats(self, rng):
        """A fifth of the children whose first plan (outside care) ended come back to a plan."""
        PL, EP = self._cat("plan"), self._cat("ep")
        close = EP["close"][PL["ep"]]
        again = np.flatnonzero((PL["how"] != "LINKED") & (PL["nprev"] == 0) & (close != NA)
                               & (rng.random(len(close)) < REPEAT_PLAN))
        ref = close[again] + 30 + _lognormal(rng, 300, 0.8, len(again)).astype(np.int64)
        keep = ref <= self.end
        self._plans_for(rng, EP["kid"][PL["ep"][again[keep]]], ref[keep], np.ones(keep.sum(), int))

    def _finish(self, rng):
        K, EP, S, PL = self._cat("kid"), self._cat("ep"), self._cat("s47"), self._cat("plan")
        n = len(PL["ep"])
        PL["init"] = _pick(rng, *CATEGORY, n)
        PL["latest"] = np.where(rng.random(n) < 0.1, _pick(rng, *CATEGORY, n), PL["init"])
        m = len(EP["ref"])
        EP["source"] = _pick(rng, *SOURCES, m)
        protect = np.zeros(m, bool)
        protect[S["ep"]] = True
        EP["need"] = np.where(protect, "N1", _pick(rng, ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"),
                                                   (20, 8, 4, 37, 6, 2, 1, 6, 16), m))
        EP["reason"] = _pick(rng, ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8"),
                             (5, 2, 10, 5, 10, 5, 40, 23), m)
        S["target"] = _awd(S["start"], np.full(len(S["start"]), 15))
        # only what some year's return holds: episodes open in the first year or later
        self.cp_in_census = (EP["ref"] <= self.end) & ((EP["close"] == NA) | (EP["close"] >= self.w0))
        self.K, self.EP, self.S47, self.PL = K, EP, S, PL
        rp, rd = np.concatenate(self._rev_plan), np.concatenate(self._rev_day)
        o = np.lexsort((rd, rp))
        self.CR = dict(plan=rp[o], day=rd[o])
        self._conferences(rng)

    def _conferences(self, rng):
        """The unit's conference records: each initial, transfer-in and review conference."""
        K, EP, S, PL, CR = self.K, self.EP, self.S47, self.PL, self.CR
        chairs = np.flatnonzero(np.isin(self.I["role"], ("CP_CHAIR", "HYBRID")))
        plan_of_ep = np.full(len(EP["ref"]), -1)
        plan_of_ep[PL["ep"]] = np.arange(len(PL["ep"]))
        plan_chair = chairs[rng.integers(0, len(chairs), len(PL["ep"]))]
        # initial conferences (pre-birth for an unborn child)
        i = np.flatnonzero(S["icpc"] != NA)
        i = i[self.cp_in_census[S["ep"][i]]]
        kid = EP["kid"][S["ep"][i]]
        p = plan_of_ep[S["ep"][i]]
        made = (p >= 0) & (PL["start"][np.maximum(p, 0)] == S["icpc"][i])
        ctype = np.where(K["dob"][kid] > S["icpc"][i], "PRE_BIRTH", "ICPC")
        parts = [(kid, S["icpc"][i], ctype, np.where(made, "PLAN", "NO_PLAN"),
                  np.where(made, plan_chair[np.maximum(p, 0)], chairs[rng.integers(0, len(chairs), len(i))]))]
        t = np.flatnonzero((PL["how"] == "TRANSFER_IN") & self.cp_in_census[PL["ep"]])
        parts.append((EP["kid"][PL["ep"][t]], PL["start"][t], np.full(len(t), "TRANSFER_IN"),
                      np.full(len(t), "PLAN"), plan_chair[t]))
        rp = CR["plan"][self.cp_in_census[PL["ep"][CR["plan"]]]]
        rday = CR["day"][self.cp_in_census[PL["ep"][CR["plan"]]]]
        same = rng.random(len(rp)) < 0.85
        parts.append((EP["kid"][PL["ep"][rp]], rday, np.full(len(rp), "RCPC"),
                      np.where(rday == PL["end"][rp], "PLAN_ENDS", "PLAN_CONTINUES"),
                      np.where(same, plan_chair[rp], chairs[rng.integers(0, len(chairs), len(rp))])))
        kid, day, ctype, outcome, chair = (np.concatenate(x) for x in zip(*parts))
        o = np.lexsort((kid, day))
        kid, day, ctype, outcome, chair = kid[o], day[o], ctype[o], outcome[o], chair[o]
        n = len(day)
        age = np.where(K["dob"][kid] > day, -1, _age(K["dob"][kid], day))
        part = np.where(age >= 12, _pick(rng, *PARTICIPATION_12, n), _pick(rng, *PARTICIPATION_4_11, n))
        part = np.where(age < 4, "NOT_APPLICABLE", part)
        wd_report = np.where(rng.random(n) < 0.78, rng.integers(2, 6, n), rng.integers(0, 2, n))
        report = self._back_wd(day, wd_report)
        wd_min = np.where(rng.random(n) < 0.86, rng.integers(3, 16, n), rng.integers(16, 30, n))
        minutes = _awd(day, wd_min)
        self.CONF = dict(kid=kid, day=day, type=ctype, outcome=outcome, chair=chair, part=part,
                         parents=_pick(rng, *PARENTS, n),
                         quorate=np.where(rng.random(n) < 0.96, "Y", "N"),
                         report=np.where(rng.random(n) < 0.04, NA, report),
                         minutes=np.where(minutes > self.end, NA, minutes))

    @staticmethod
    def _back_wd(days, n):
        """The Nth working day before each day (N = 0: the day itself)."""
        days = np.asarray(days, dtype=np.int64)
        out = days.copy()
        for k in range(1, int(n.max()) + 1 if len(n) else 1):
            m = n >= k
            step = out[m] - 1
            wk = (step + 3) % 7  # 0 Monday (1970-01-01 was a Thursday)
            step = np.where(wk == 6, step - 2, np.where(wk == 5, step - 1, step))
            out[m] = step
        return out

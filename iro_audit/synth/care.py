"""903 care histories: periods of care, placements and episodes, looked-after reviews and the
children themselves (mixed into `authority._Synth`)."""
from __future__ import annotations

import numpy as np

from ..contract import PLACE, REC
from .common import (ENTRY_AGE_BANDS, ENTRY_AGE_P, ETHNIC, ETHNIC_UASC, KEY, NA, PATHWAYS,
                     PATHWAY_P, PLACE_BANDS, PLACE_UASC, PN_CODES, PN_P, PROVIDER,
                     REASON_PLACE_CHANGE, REC_AT_18, REGISTERED, SGO, _add_months, _age, _asof,
                     _awd, _cyear, _ids, _key, _lognormal, _member, _pick, _postcodes,
                     _uniform_int, _uniq, _ymd)


class CareHistories:
    """Periods of care, episodes, reviews and children of the synthetic authority."""

    # ----- periods of care --------------------------------------------------------------------

    def _draw_entries(self, n, start, age_band=None):
        """Age, DOB and pathway for N entries starting on START (array)."""
        rng = self.rng
        band = rng.choice(5, size=n, p=ENTRY_AGE_P) if age_band is None else age_band
        lo = np.array([b[0] for b in ENTRY_AGE_BANDS])[band] * 365.25
        hi = np.array([b[1] for b in ENTRY_AGE_BANDS])[band] * 365.25 - 1
        u = rng.random(n)
        u = np.where(band == 0, u ** 2, u)  # babies mostly enter in their first weeks
        age = (lo + u * (hi - lo)).astype(np.int64)
        dob = start - age
        # no 29 February birthdays: keeps month arithmetic and ages in step
        _, m, d = _ymd(dob)
        dob = np.where((m == 2) & (d == 29), dob - 1, dob)
        cum = np.cumsum(np.array(PATHWAY_P), axis=1)
        cum = cum / cum[:, -1:]
        path = (rng.random(n)[:, None] > cum[band]).sum(axis=1)
        return dob, path

    def _legal(self, start, dob, path):
        """Legal status segments, intended end and REC for each period.

        Returns (seg_pid, seg_day, seg_ls), end, rec, special = dict of special placements."""
        rng = self.rng
        n = len(start)
        inf = np.int64(10 ** 7)
        ls = np.full((n, 4), "", dtype="<U2")
        at = np.full((n, 4), inf, dtype=np.int64)  # offset days from the start
        dur = np.zeros(n, dtype=np.int64)
        rec = np.full(n, "E8", dtype="<U3")
        a_place = np.full(n, -1, dtype=np.int64)  # offset of the adoptive placement
        p1_at = np.full(n, -1, dtype=np.int64)  # offset of the placement with parents
        match = np.full(n, -1, dtype=np.int64)  # offset of the adoption match
        ls[:, 0] = "V2"
        at[:, 0] = 0

        def sel(name):
            return np.flatnonzero(path == PATHWAYS.index(name))

        i = sel("S20_HOME")
        dur[i] = np.clip(_lognormal(rng, 60, 1.2, len(i)), 2, 1000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E4B", "E13", "E8", "E41", "E3", "E16"),
                       (0.55, 0.10, 0.15, 0.12, 0.03, 0.03, 0.02), len(i))

        i = sel("S20_LONG")
        dur[i] = np.clip(_lognormal(rng, 900, 0.8, len(i)), 30, 6000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E13", "E8", "E5", "E3"), (0.3, 0.25, 0.25, 0.1, 0.1), len(i))

        i = sel("UASC")
        dur[i] = inf
        k = rng.random(len(i))
        e15 = i[k < 0.05]
        dur[e15] = _uniform_int(rng, np.full(len(e15), 30), 200)
        rec[e15] = "E15"
        e3 = i[(k >= 0.05) & (k < 0.10)]
        dur[e3] = _uniform_int(rng, np.full(len(e3), 10), 90)
        rec[e3] = "E3"

        def order_tail(idx, c1_at):
            """C1 from C1_AT, then C2; most stay long, some leave during proceedings."""
            t = c1_at + _uniform_int(rng, np.full(len(idx), 120), 400)
            ls[idx, 2], at[idx, 2] = "C2", t
            dur[idx] = t + np.clip(_lognormal(rng, 1400, 0.9, len(idx)), 30, 8000).astype(np.int64)
            rec[idx] = _pick(rng, SGO + ("E41", "E4A", "E8", "E13", "E3"),
                             (0.12, 0.12, 0.06, 0.05, 0.10, 0.25, 0.15, 0.10, 0.05), len(idx))
            early = idx[rng.random(len(idx)) < 0.10]  # leaves during proceedings
            dur[early] = c1_at[np.searchsorted(idx, early)] + _uniform_int(
                rng, np.full(len(early), 30), t[np.searchsorted(idx, early)] - c1_at[np.searchsorted(idx, early)] - 1)
            rec[early] = _pick(rng, ("E4A", "E41", "E45"), (0.5, 0.3, 0.2), len(early))

        i = sel("S20_ORDER")
        c1 = _uniform_int(rng, np.full(len(i), 14), 180)
        ls[i, 1], at[i, 1] = "C1", c1
        order_tail(i, c1)

        i = sel("ORDER")
        k = rng.random(len(i))
        ls[i, 0] = np.where(k < 0.12, "L1", np.where(k < 0.25, "L2", "C1"))
        c1 = np.where(k < 0.12, _uniform_int(rng, np.ones(len(i)), 3),
                      np.where(k < 0.25, _uniform_int(rng, np.full(len(i), 3), 8), 0))
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        order_tail(i, c1)

        i = sel("ADOPT")
        k = rng.random(len(i))
        first = np.where(k < 0.2, "V2", np.where(k < 0.25, "L2", "C1"))
        ls[i, 0] = first
        c1 = np.where(k < 0.2, _uniform_int(rng, np.full(len(i), 14), 90),
                      np.where(k < 0.25, _uniform_int(rng, np.full(len(i), 3), 8), 0))
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        e1 = c1 + _uniform_int(rng, np.full(len(i), 150), 380)
        ls[i, 2], at[i, 2] = "E1", e1
        m = e1 + np.clip(_lognormal(rng, 72, 0.6, len(i)), 20, 700).astype(np.int64)
        pl = m + _uniform_int(rng, np.full(len(i), 7), 45)
        dur[i] = pl + _uniform_int(rng, np.full(len(i), 70), 300)
        rec[i] = np.where(rng.random(len(i)) < 0.7, "E11", "E12")
        matched = rng.random(len(i)) >= 0.08
        match[i] = np.where(matched, m, -1)
        a_place[i] = np.where(matched, pl, -1)
        um = i[~matched]  # plan changed: no adoptive match
        dur[um] = e1[~matched] + np.clip(_lognormal(rng, 1000, 0.8, len(um)), 60, 8000).astype(np.int64)
        rec[um] = _pick(rng, ("E45", "E46", "E8"), (0.4, 0.3, 0.3), len(um))

        i = sel("PWP")
        k = rng.random(len(i))
        ls[i, 0] = np.where(k < 0.1, "L2", "C1")
        c1 = np.where(k < 0.1, _uniform_int(rng, np.full(len(i), 3), 8), 0)
        ls[i, 1] = np.where(c1 > 0, "C1", "")
        at[i, 1] = np.where(c1 > 0, c1, inf)
        t = c1 + _uniform_int(rng, np.full(len(i), 150), 400)
        ls[i, 2], at[i, 2] = "C2", t
        tp = np.where(rng.random(len(i)) < 0.3, c1, c1 + _uniform_int(rng, np.full(len(i), 20), 300))
        p1_at[i] = tp
        dur[i] = tp + np.clip(_lognormal(rng, 420, 0.6, len(i)), 40, 4000).astype(np.int64)
        rec[i] = _pick(rng, ("E4A", "E41", "E45", "E13", "E8"), (0.4, 0.25, 0.15, 0.1, 0.1), len(i))

        i = sel("REMAND")
        j1 = rng.random(len(i)) < 0.7
        ls[i, 0] = np.where(j1, "J1", "J2")
        dur[i] = np.where(j1, _uniform_int(rng, np.full(len(i), 7), 120), _uniform_int(rng, np.ones(len(i)), 3))
        rec[i] = _pick(rng, ("E14", "E9", "E4A"), (0.7, 0.2, 0.1), len(i))

        # cap at the 18th birthday
        b18 = _add_months(dob, 216)
        end = start + np.minimum(dur, inf)
        capped = end >= b18
        end = np.where(capped, b18, end)
        rec = np.where(capped, _pick(rng, *REC_AT_18, n), rec)
        length = end - start
        # drop segments at or after the end; keep the first
        at = np.where(at < length[:, None], at, inf)
        at[:, 0] = 0
        ls = np.where(at < inf, ls, "")
        a_place = np.where((a_place > 0) & (a_place < length), a_place, -1)
        match = np.where(a_place > 0, match, -1)
        p1_at = np.where((p1_at >= 0) & (p1_at < length), p1_at, -1)
        # an adoption needs the adoptive placement
        adopted = np.isin(rec, ("E11", "E12"))
        rec = np.where(adopted & (a_place < 0), "E8", rec)
        return ls, at, end, rec, a_place, match, p1_at

    def build_periods(self):
        rng = self.rng
        n = self.n_target
        t0 = self.w0 - int(18 * 365.25) - 30
        # mean period length, to set the entry rate for N looked after at once
        cal_n = 20000
        cs = np.full(cal_n, self.w0, dtype=np.int64)
        cdob, cpath = self._draw_entries(cal_n, cs)
        _, _, cend, *_ = self._legal(cs, cdob, cpath)
        mean_len = float(np.mean(cend - cs))
        rate = n / mean_len * 1.0
        total = rng.poisson(rate * (self.end - t0))
        start = np.sort(rng.integers(t0, self.end + 1, size=total)).astype(np.int64)
        dob, path = self._draw_entries(total, start)
        ls, at, end, rec, a_place, match, p1_at = self._legal(start, dob, path)
        keep = end >= self.w0
        P = dict(child=np.arange(keep.sum(), dtype=np.int64), start=start[keep], dob=dob[keep],
                 path=path[keep], ls=ls[keep], at=at[keep], end=end[keep], rec=rec[keep],
                 a_place=a_place[keep], match=match[keep], p1_at=p1_at[keep])
        n_children = len(P["child"])
        # re-entries: some children who went home come back
        back = np.isin(P["rec"], ("E4A", "E4B", "E13", "E8", "E41")) & (P["end"] < self.end)
        back &= _age(P["dob"], P["end"]) < 17
        back &= rng.random(len(back)) < 0.14
        bi = np.flatnonzero(back)
        rstart = P["end"][bi] + _uniform_int(rng, np.full(len(bi), 30), 730)
        ok = (rstart <= self.end) & (_age(P["dob"][bi], rstart) < 17)
        bi, rstart = bi[ok], rstart[ok]
        rdob = P["dob"][bi]
        agey = _age(rdob, rstart)
        band = np.searchsorted([1, 5, 10, 16], agey, side="right")
        _, rpath = self._draw_entries(len(bi), rstart, age_band=band)
        rpath = np.where(rpath == PATHWAYS.index("UASC"), PATHWAYS.index("S20_HOME"), rpath)
        rls, rat, rend, rrec, ra, rm, rp = self._legal(rstart, rdob, rpath)
        for k, v in dict(child=P["child"][bi], start=rstart, dob=rdob, path=rpath, ls=rls, at=rat,
                         end=rend, rec=rrec, a_place=ra, match=rm, p1_at=rp).items():
            P[k] = np.concatenate([P[k], v])
        order = np.lexsort((P["start"], P["child"]))
        P = {k: v[order] for k, v in P.items()}
        P["short_break"] = np.zeros(len(P["start"]), dtype=bool)
        self.P = P
        self.n_children = n_children
        self._short_breaks()

    def _short_breaks(self):
        """A small share of disabled children on agreed series of short breaks (V3/V4): each stay a
        one-episode period."""
        rng = self.rng
        P = self.P
        k = max(1, round(0.03 * self.n_target))
        first = self.lookback
        dob = _uniform_int(rng, np.full(k, first - 16 * 365), first - 5 * 365)
        _, m, d = _ymd(dob)
        dob = np.where((m == 2) & (d == 29), dob - 1, dob)
        gap = _uniform_int(rng, np.full(k, 21), 60)
        n_stays = ((self.end - first) // gap + 1).astype(np.int64)
        child = np.repeat(np.arange(self.n_children, self.n_children + k), n_stays)
        j = np.arange(len(child)) - np.repeat(np.cumsum(n_stays) - n_stays, n_stays)
        s = np.repeat(first, len(child)) + j * np.repeat(gap, n_stays) + rng.integers(0, 10, len(child))
        length = rng.integers(2, 6, len(child))
        cdob = np.repeat(dob, n_stays)
        keep = (s + length < self.end) & (s + length < _add_months(cdob, 216)) & (s > cdob)
        child, s, length, cdob = child[keep], s[keep], length[keep], cdob[keep]
        code = np.repeat(np.where(rng.random(k) < 0.7, "V3", "V4"), n_stays)[keep]
        n = len(s)
        ls = np.full((n, 4), "", dtype="<U2")
        ls[:, 0] = code
        at = np.full((n, 4), 10 ** 7, dtype=np.int64)
        at[:, 0] = 0
        add = dict(child=child, start=s, dob=cdob, path=np.full(n, -1), ls=ls, at=at, end=s + length,
                   rec=np.full(n, "E4A", dtype="<U3"), a_place=np.full(n, -1), match=np.full(n, -1),
                   p1_at=np.full(n, -1), short_break=np.ones(n, dtype=bool))
        for key, v in add.items():
            P[key] = np.concatenate([P[key], v])
        self.n_children += k

    # ----- placements and episodes ------------------------------------------------------------

    def build_episodes(self):
        rng = self.rng
        P = self.P
        n = len(P["start"])
        pid = np.arange(n)
        start, end, dob, path = P["start"], P["end"], P["dob"], P["path"]
        sb = P["short_break"]
        # legal status rows
        m = P["ls"] != ""
        lpid = np.repeat(pid, m.sum(axis=1))
        lday = start[lpid] + P["at"][m]
        lcode = P["ls"][m]
        # placement moves before any special placement
        special = np.where(P["a_place"] > 0, P["a_place"], np.where(P["p1_at"] >= 0, P["p1_at"], end - start))
        free_len = np.maximum(special, 0)
        agey = _age(dob, start)
        move_rate = np.where(agey >= 12, 0.9, np.where(agey >= 5, 0.45, 0.35)) / 365.25
        move_rate = np.where(sb | (path == PATHWAYS.index("REMAND")), 0, move_rate)
        nm = np.minimum(rng.poisson(move_rate * free_len), 10)
        mpid = np.repeat(pid, nm)
        # moves come mostly early in a period: children who stay settle
        mday = start[mpid] + 1 + np.floor(rng.random(len(mpid)) ** 1.8 * np.maximum(free_len[mpid] - 1, 1)).astype(np.int64)
        # some legal status changes bring a move the same day (RNE B)
        lc = lday > start[lpid]
        bsel = lc & (rng.random(len(lday)) < 0.15) & (lday < start[lpid] + free_len[lpid])
        pl_pid = np.concatenate([pid, mpid, lpid[bsel]])
        pl_day = np.concatenate([start, mday, lday[bsel]])
        pl_kind = np.concatenate([np.zeros(n, int), np.zeros(len(mpid), int), np.zeros(bsel.sum(), int)])
        # special placements: adoptive (A5 new carer, A6 current foster carer) and with parents
        ai = np.flatnonzero(P["a_place"] > 0)
        pi = np.flatnonzero(P["p1_at"] >= 0)
        pl_pid = np.concatenate([pl_pid, ai, pi])
        pl_day = np.concatenate([pl_day, start[ai] + P["a_place"][ai], start[pi] + P["p1_at"][pi]])
        pl_kind = np.concatenate([pl_kind, np.ones(len(ai), int), np.full(len(pi), 2)])
        # one placement per (period, day): the special one wins
        o = np.lexsort((-pl_kind, pl_day, pl_pid))
        pl_pid, pl_day, pl_kind = pl_pid[o], pl_day[o], pl_kind[o]
        first = np.ones(len(pl_pid), bool)
        first[1:] = (pl_pid[1:] != pl_pid[:-1]) | (pl_day[1:] != pl_day[:-1])
        pl_pid, pl_day, pl_kind = pl_pid[first], pl_day[first], pl_kind[first]
        # placement codes by age at placement start
        q = len(pl_pid)
        page = _age(dob[pl_pid], pl_day)
        pband = np.searchsorted([5, 12, 16], page, side="right")
        code = np.full(q, "U6", dtype="<U3")
        for b, (codes, p) in enumerate(PLACE_BANDS):
            s = np.flatnonzero(pband == b)
            code[s] = _pick(rng, codes, p, len(s))
        code = np.where((code == "R3") & (page >= 1), "U6", code)
        ppath = path[pl_pid]
        s = np.flatnonzero(ppath == PATHWAYS.index("UASC"))
        code[s] = _pick(rng, *PLACE_UASC, len(s))
        s = np.flatnonzero(ppath == PATHWAYS.index("REMAND"))
        j1 = P["ls"][pl_pid[s], 0] == "J1"
        code[s] = np.where(j1, _pick(rng, ("R5", "K1", "U6"), (0.4, 0.3, 0.3), len(s)),
                           _pick(rng, ("U6", "K2"), (0.5, 0.5), len(s)))
        s = np.flatnonzero(sb[pl_pid])
        code[s] = _pick(rng, ("K2", "U6"), (0.6, 0.4), len(s))
        carer = np.ones(q, dtype=bool)
        s = np.flatnonzero(pl_kind == 1)
        a6 = rng.random(len(s)) < 0.3
        code[s] = np.where(a6, "A6", _pick(rng, ("A5", "A3", "A4"), (0.9, 0.05, 0.05), len(s)))
        carer[s] = ~a6
        code[pl_kind == 2] = "P1"
        # placement ends
        nxt_same = np.r_[pl_pid[1:] == pl_pid[:-1], False]
        pend = np.where(nxt_same, np.r_[pl_day[1:], 0], end[pl_pid])
        # a short-term foster placement that lasts becomes long-term with the same carer (RNE T)
        lasting = np.isin(code, ("U6", "U3")) & (pend - pl_day > 400) & (rng.random(q) < 0.35)
        ti = np.flatnonzero(lasting)
        tday = pl_day[ti] + _uniform_int(rng, np.full(len(ti), 120), np.minimum(540, pend[ti] - pl_day[ti] - 30))
        tcode = np.where(code[ti] == "U6", "U4", "U1")
        pl_pid = np.concatenate([pl_pid, pl_pid[ti]])
        pl_day = np.concatenate([pl_day, tday])
        code = np.concatenate([code, tcode])
        carer = np.concatenate([carer, np.zeros(len(ti), bool)])
        o = np.lexsort((pl_day, pl_pid))
        pl_pid, pl_day, code, carer = pl_pid[o], pl_day[o], code[o], carer[o]
        keepu = np.ones(len(pl_pid), bool)
        keepu[1:] = (pl_pid[1:] != pl_pid[:-1]) | (pl_day[1:] != pl_day[:-1])
        pl_pid, pl_day, code, carer = pl_pid[keepu], pl_day[keepu], code[keepu], carer[keepu]
        nxt_same = np.r_[pl_pid[1:] == pl_pid[:-1], False]
        pend = np.where(nxt_same, np.r_[pl_day[1:], 0], end[pl_pid])
        # codes valid in every collection year the placement's episodes are reported in
        y0 = _cyear(pl_day)
        y1 = _cyear(np.minimum(pend, self.end))
        code = self._valid_place(code, y0, y1)
        self.placements = dict(pid=pl_pid, day=pl_day, code=code, end=pend)

        # episodes: every day on which legal status or placement changes
        bk = _uniq(np.concatenate([_key(lpid, lday), _key(pl_pid, pl_day)]))
        epid = bk // KEY
        eday = bk % KEY
        lkey = _key(lpid, lday)
        pkey = _key(pl_pid, pl_day)
        li = _asof(lkey, bk)
        pj = _asof(pkey, bk)
        e_ls = lcode[li]
        e_place = code[pj]
        ls_change = _member(bk, lkey)
        pl_change = _member(bk, pkey)
        e_carer = carer[pj]
        is_first = eday == start[epid]
        rne = np.where(ls_change & pl_change, np.where(e_carer, "B", "U"),
                       np.where(ls_change, "L", np.where(e_carer, "P", "T")))
        rne = np.where(is_first, "S", rne)
        last = np.r_[epid[1:] != epid[:-1], True]
        dec = np.where(last, end[epid], np.r_[eday[1:], 0])
        rec = np.where(last, P["rec"][epid], "X1")
        # staying put at 18 needs a foster carer
        rec = np.where((rec == "E17") & ~np.isin(e_place, ("U1", "U2", "U3", "U4", "U5", "U6")), "E5", rec)
        # special guardianship: E43/E44 before the E45-E48 split (codes valid in the year of DEC)
        sgo = np.flatnonzero(np.isin(rec, SGO))
        if len(sgo):
            cy = _cyear(dec[sgo])
            old = np.array([not REC.valid(str(c), int(y)) for c, y in zip(rec[sgo], cy)], dtype=bool)
            rec[sgo[old]] = np.where(np.isin(rec[sgo[old]], ("E45", "E47")), "E43", "E44")
        nxt_rne = np.concatenate([rne[1:], np.array(["S"])])
        moved = ~last & np.isin(nxt_rne, ("P", "B", "T", "U"))
        rpc = np.where(moved, _pick(rng, *REASON_PLACE_CHANGE, len(bk)), "")
        # keep only what had begun by the end date
        keep = eday <= self.end
        E = dict(pid=epid[keep], decom=eday[keep], rne=rne[keep], ls=e_ls[keep], place=e_place[keep],
                 dec=dec[keep], rec=rec[keep], rpc=rpc[keep], pj=pj[keep])
        open_ = E["dec"] > self.end
        E["dec"] = np.where(open_, NA, E["dec"])
        E["rec"] = np.where(open_, "", E["rec"])
        E["rpc"] = np.where(open_, "", E["rpc"])
        self.E = E
        # the REC actually written on each period's last episode (E17 fix-up)
        lastrow = np.r_[E["pid"][1:] != E["pid"][:-1], True]
        P["rec"] = P["rec"].copy()
        P["rec"][E["pid"][lastrow]] = np.where(E["rec"][lastrow] == "", P["rec"][E["pid"][lastrow]],
                                               E["rec"][lastrow])

    @staticmethod
    def _valid_place(code, y0, y1):
        out = code.copy()
        for c in ("Z", "Z1", "K3", "H5"):
            s = np.flatnonzero(code == c)
            if not len(s):
                continue
            if c == "H5":  # registered supported accommodation replaces much of H5 from 2024
                post = np.array([PLACE.valid("K3", int(a)) for a in y0[s]])
                flip = post & (np.arange(len(s)) % 5 < 3)
                out[s[flip]] = "K3"
                continue
            for i in s:
                a, b = int(y0[i]), int(y1[i])
                if c == "Z":
                    cands = [z for z in ("Z11", "Z12", "Z13", "Z14", "Z1")
                             if PLACE.valid(z, a) and PLACE.valid(z, b)]
                    out[i] = cands[i % len(cands) if cands[0] != "Z1" else 0] if cands else "U4"
                elif not (PLACE.valid(c, a) and PLACE.valid(c, b)):
                    out[i] = "U4"
        # K3 chosen above must be valid across the whole span too
        s = np.flatnonzero(out == "K3")
        for i in s:
            if not (PLACE.valid("K3", int(y0[i])) and PLACE.valid("K3", int(y1[i]))):
                out[i] = "H5"
        return out

    # ----- reviews ----------------------------------------------------------------------------

    def _p_late(self, days):
        """Share of reviews held late, drifting up a little over the years."""
        y = _cyear(days)
        return np.clip(0.075 + 0.004 * (y - self.cyears[0]), 0.03, 0.15)

    def build_reviews(self):
        rng = self.rng
        P = self.P
        start, end = P["start"], P["end"]
        horizon = self.end + 400
        cur = np.flatnonzero(~P["short_break"])
        due = _awd(start[cur], 20)
        out_pid, out_day, out_due, out_k = [], [], [], []
        k = 0
        while len(cur):
            late = rng.random(len(cur)) < self._p_late(due)
            late_by = np.minimum(1 + rng.geometric(1 / 12, len(cur)), 90)
            if k == 0:
                held = _uniform_int(rng, start[cur] + 7, due)
            else:
                early = np.minimum(rng.exponential(9, len(cur)), 60).astype(np.int64)
                held = due - early
                # an additional review (a placement move, a change of plan) well before it is due
                extra = rng.random(len(cur)) < 0.42
                held = np.where(extra, prev + ((due - prev) * rng.uniform(0.3, 0.6, len(cur))).astype(np.int64), held)
            held = np.where(late, due + late_by, held)
            ok = (held < end[cur]) & (held <= horizon)
            cur, held, due = cur[ok], held[ok], due[ok]
            out_pid.append(cur)
            out_day.append(held)
            out_due.append(due)
            out_k.append(np.full(len(cur), k))
            prev = held
            due = _add_months(held, 3 if k == 0 else 6)
            k += 1
        pid = np.concatenate(out_pid)
        day = np.concatenate(out_day)
        o = np.lexsort((day, pid))
        R = dict(pid=pid[o], day=day[o], due=np.concatenate(out_due)[o], k=np.concatenate(out_k)[o])
        # next review of the same period (for midway reviews), before cutting at the end date
        same = np.r_[R["pid"][1:] == R["pid"][:-1], False]
        R["next"] = np.where(same, np.r_[R["day"][1:], 0], NA)
        keep = R["day"] <= self.end
        R = {k: v[keep] for k, v in R.items()}
        n = len(R["pid"])
        age = _age(P["dob"][R["pid"]], R["day"])
        code = _pick(rng, PN_CODES, PN_P, n)
        R["code"] = np.where(age < 4, "PN0", code)
        R["age"] = age
        self.R = R


    # ----- children ---------------------------------------------------------------------------

    def build_children(self):
        rng = self.rng
        P = self.P
        n = self.n_children
        dob = np.zeros(n, dtype=np.int64)
        dob[P["child"]] = P["dob"]
        uasc = np.zeros(n, dtype=bool)
        uasc[P["child"][P["path"] == PATHWAYS.index("UASC")]] = True
        sex = np.where(rng.random(n) < np.where(uasc, 0.93, 0.54), "1", "2")
        ethnic = _pick(rng, *ETHNIC, n).astype(object)
        ethnic[uasc] = _pick(rng, *ETHNIC_UASC, uasc.sum())
        width = max(7, len(str(n * 20)))
        ids = np.cumsum(rng.integers(1, 20, n)) + 10 ** (width - 2)
        ids = rng.permutation(ids)
        cid = _ids("", ids, width)
        upn = _ids("Z", rng.integers(0, 10 ** 12, n), 12)
        upn[uasc] = "UN2"
        home = _postcodes(rng, n)
        mother = (sex == "2") & (rng.random(n) < 0.03)
        mc_dob = np.where(mother, dob + _uniform_int(rng, np.full(n, int(15 * 365.25)), int(17.8 * 365.25)), NA)
        self.C = dict(dob=dob, uasc=uasc, sex=sex, ethnic=ethnic, id=cid, upn=upn, home=home,
                      mc_dob=mc_dob)
        # period-level
        m = len(P["start"])
        cin = _pick(rng, ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"),
                    (0.64, 0.03, 0.03, 0.08, 0.14, 0.02, 0.005, 0.055), m)
        cin = np.where(P["path"] == PATHWAYS.index("UASC"), "N8", cin)
        cin = np.where(P["short_break"], "N2", cin)
        cin = np.where(P["path"] == PATHWAYS.index("REMAND"), "N6", cin)
        P["cin"] = cin
        # placement-level
        PL = self.placements
        q = len(PL["pid"])
        prov = np.full(q, "PR4", dtype=object)
        for code, (opts, p) in PROVIDER.items():
            s = np.flatnonzero(PL["code"] == code)
            prov[s] = _pick(rng, opts, p, len(s))
        PL["provider"] = prov
        PL["post"] = _postcodes(rng, q)
        PL["post"][PL["code"] == "P1"] = self.C["home"][P["child"][PL["pid"][PL["code"] == "P1"]]]
        urn = _ids("SC", rng.integers(0, 10 ** 6, q), 6)
        PL["urn"] = np.where(np.isin(PL["code"], REGISTERED), urn, "XXXXXXX").astype(object)

"""Benchmark: every metric (`metrics.compute_all`) on a loaded synthetic authority.

    python3 benchmarks/bench_metrics.py                       # default authority, 500 children
    python3 benchmarks/bench_metrics.py --children 100000     # national size
    python3 benchmarks/bench_metrics.py --data DIR            # any folder
    python3 benchmarks/bench_metrics.py --cp-plans 0          # leave out the child protection set

Generates the synthetic set into benchmarks/_data/synth_<children>_<years>_<seed>/ if it is not
there yet (`iro_audit.synth.generate`; the folder is shared with bench_load.py and gitignored),
loads it (not timed against the target), then times the shared derivation (periods of care,
`periods.care`) and each group of `compute_all` for the April-March year ending on the 31 March
on or after the last DECOM, printing seconds per group and the total.
Targets: under 3 s for the default authority, under 60 s for 100,000 children.

The synthetic authority has no CIN census tables yet, so the child protection group (`cp`) is
timed on a national-size set built here in memory (`synthetic_cp_tables`: by default 100,000
plans with their review conferences and conference records, 300,000 s47 enquiries; some
children share the 903 set's IDs so `cp.looked_after_on_plan` has work to do), separately from
the total above. Target: under 10 s.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CP_TARGET = 10.0


def synthetic_cp_tables(n_plans: int, n_s47: int, end, children_903=(), seed: int = 1) -> dict:
    """A national-size child protection set (cin_children, s47, cp_plans, cp_reviews,
    cp_conferences) typed as the loader holds it, over the five years to END, built with numpy
    (no loop over rows). Plans of one child may overlap (the loader would report that; the
    metrics take it as it comes)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    end = pd.Timestamp(end)
    first = end - pd.Timedelta(days=5 * 365)
    span = (end - first).days

    def days(offsets):
        return (first + pd.to_timedelta(offsets, unit="D")).astype("datetime64[ns]")

    n_children = max(n_s47 // 2, n_plans)
    ids = np.array([f"CIN{i:07d}" for i in range(n_children)], dtype=object)
    known = np.asarray(list(children_903)[: n_children // 10], dtype=object)
    ids[: len(known)] = known   # some children are also in the 903 set

    def frame(name, cols):
        df = pd.DataFrame(cols)
        df["_file"] = f"{name}.csv"
        df["_row"] = np.arange(2, len(df) + 2)
        return df

    born = days(rng.integers(-17 * 365, span, n_children))
    unborn = rng.random(n_children) < 0.02
    children = frame("cin_children", {
        "LAchildID": ids,
        "PersonBirthDate": pd.Series(born).mask(unborn),
        "ExpectedPersonBirthDate": pd.Series(born).where(unborn),
        "Sex": rng.choice(np.array(["M", "F"], dtype=object), n_children),
        "PersonDeathDate": pd.Series(pd.NaT, index=range(n_children), dtype="datetime64[ns]"),
        "Ethnicity": np.full(n_children, "WBRI", dtype=object)})

    s_child = rng.integers(0, n_children, n_s47)
    s_start = rng.integers(0, span, n_s47)
    held = rng.random(n_s47) < 0.4
    s47 = frame("s47", {
        "LAchildID": ids[s_child],
        "CINreferralDate": days(s_start - rng.integers(0, 20, n_s47)),
        "S47ActualStartDate": days(s_start),
        "InitialCPCtarget": days(s_start + 21),
        "DateOfInitialCPC": pd.Series(days(s_start + rng.integers(5, 30, n_s47))).where(held),
        "ICPCnotRequired": pd.array(~held, dtype="boolean")}
    ).drop_duplicates(["LAchildID", "S47ActualStartDate"]).reset_index(drop=True)

    p_child = rng.integers(0, n_children, n_plans)
    p_start = rng.integers(0, span, n_plans)
    p_len = rng.exponential(300, n_plans).astype(np.int64) + 1
    p_end = p_start + p_len
    open_ = p_end > span
    cats = np.array(["NEG", "PHY", "SAB", "EMO", "MUL"], dtype=object)
    previous = rng.choice(np.array([0, 1, 2, np.nan]), n_plans, p=[0.6, 0.2, 0.05, 0.15])
    plans = frame("cp_plans", {
        "LAchildID": ids[p_child],
        "CINreferralDate": days(p_start - rng.integers(20, 60, n_plans)),
        "CPPstartDate": days(p_start),
        "CPPendDate": pd.Series(days(np.minimum(p_end, span))).mask(open_),
        "InitialCategoryOfAbuse": rng.choice(cats, n_plans),
        "LatestCategoryOfAbuse": pd.Series(rng.choice(cats, n_plans)).where(rng.random(n_plans) < 0.5),
        "NumberOfPreviousCPP": previous}
    ).drop_duplicates(["LAchildID", "CPPstartDate"]).reset_index(drop=True)

    # reviews: the first about 3 months in, then about every 6 months while the plan lasts
    ps = ((plans["CPPstartDate"] - first).dt.days).to_numpy()
    pe = np.where(plans["CPPendDate"].isna(), span,
                  (plans["CPPendDate"] - first).dt.days.fillna(span).to_numpy())
    n_rev = np.clip((pe - ps - 85) // 180 + 1, 0, None).astype(np.int64)
    which = np.repeat(np.arange(len(plans)), n_rev)
    nth = np.arange(len(which)) - np.repeat(np.cumsum(n_rev) - n_rev, n_rev)
    r_day = ps[which] + 85 + 180 * nth + rng.integers(-5, 15, len(which))
    reviews = frame("cp_reviews", {
        "LAchildID": plans["LAchildID"].to_numpy()[which],
        "CPPstartDate": plans["CPPstartDate"].to_numpy()[which],
        "CPPreviewDate": days(r_day)}
    ).drop_duplicates(["LAchildID", "CPPstartDate", "CPPreviewDate"]).reset_index(drop=True)

    # conference records: an initial conference per plan, a review conference per review
    c_child = np.concatenate([plans["LAchildID"].to_numpy(), reviews["LAchildID"].to_numpy()])
    c_date = np.concatenate([plans["CPPstartDate"].to_numpy(), reviews["CPPreviewDate"].to_numpy()])
    n_c = len(c_child)
    c_day = pd.Series(c_date)
    parts = np.array(["ATTENDED_SPOKE", "ATTENDED_ADVOCATE", "VIEWS_SHARED", "ADVOCATE_ONLY",
                      "NO_VIEWS", "NOT_APPLICABLE", None], dtype=object)
    conferences = frame("cp_conferences", {
        "CONFERENCE_ID": np.array([f"CF{i:07d}" for i in range(n_c)], dtype=object),
        "CHILD": c_child,
        "CONFERENCE_DATE": c_date,
        "CONFERENCE_TYPE": np.where(np.arange(n_c) < len(plans), "ICPC", "RCPC").astype(object),
        "CHAIR_ID": np.array([f"I{i:02d}" for i in rng.integers(0, 40, n_c)], dtype=object),
        "OUTCOME": np.full(n_c, "PLAN", dtype=object),
        "CHILD_PARTICIPATION": rng.choice(parts, n_c),
        "PARENTS_ATTENDED": rng.choice(np.array(["ALL", "SOME", "NONE", None], dtype=object), n_c),
        "QUORATE": rng.choice(np.array(["Y", "N", None], dtype=object), n_c, p=[0.9, 0.05, 0.05]),
        "REPORT_SHARED_DATE": (c_day - pd.to_timedelta(rng.integers(-1, 6, n_c), unit="D")).to_numpy(),
        "MINUTES_ISSUED": (c_day + pd.to_timedelta(rng.integers(0, 25, n_c), unit="D")).to_numpy()})
    return {"cin_children": children, "s47": s47, "cp_plans": plans, "cp_reviews": reviews,
            "cp_conferences": conferences}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--children", type=int, default=500)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", help="an existing folder to use instead of generating one")
    ap.add_argument("--start", help="window start (default: the April-March year ending on the 31 March on or after the last DECOM)")
    ap.add_argument("--end")
    ap.add_argument("--reuse-load", action="store_true",
                    help="keep the loaded Dataset as a pickle beside the data (benchmarks/_data, gitignored) "
                         "and reuse it next time: for profiling metrics without reloading")
    ap.add_argument("--target", type=float, help="seconds (default 3, or 60 from 10,000 children)")
    ap.add_argument("--cp-plans", type=int, default=100_000,
                    help="child protection plans in the in-memory CIN set timed for `cp` (0: none)")
    ap.add_argument("--cp-s47", type=int, default=300_000, help="s47 enquiries in that set")
    args = ap.parse_args(argv)

    if args.data:
        data = Path(args.data)
    else:
        data = HERE / "_data" / f"synth_{args.children}_{args.years}_{args.seed}"
        if not data.exists():
            from iro_audit.synth import generate

            t = time.perf_counter()
            generate(data, children=args.children, years=args.years, seed=args.seed)
            print(f"generated {data} in {time.perf_counter() - t:.1f} s")

    import pandas as pd

    from iro_audit import metrics
    from iro_audit.load import build_dataset
    from iro_audit.params import load_params
    from iro_audit.periods import care
    from iro_audit.window import Window

    t = time.perf_counter()
    cached = data.with_name(data.name + ".loaded.pkl")
    if args.reuse_load and cached.exists():
        import pickle

        with open(cached, "rb") as f:
            ds = pickle.load(f)
        print(f"unpickled {cached} in {time.perf_counter() - t:.1f} s (not counted)")
    else:
        ds = build_dataset(data)
        print(f"loaded {data} in {time.perf_counter() - t:.1f} s (not counted)")
        if args.reuse_load:
            import pickle

            with open(cached, "wb") as f:
                pickle.dump(ds, f, protocol=pickle.HIGHEST_PROTOCOL)
    ds.__dict__.pop("_derived", None)   # time the derivation of periods too
    if args.start and args.end:
        window = Window.of(args.start, args.end)
    else:
        last = pd.Timestamp(ds["episodes"]["DECOM"].max())
        end_year = last.year if last.month <= 3 else last.year + 1   # the 31 March on or after it
        window = Window.of(f"{end_year - 1}-04-01", f"{end_year}-03-31")
    params = load_params()
    print(f"window {window.label()}; {ds['episodes']['CHILD'].nunique():,} children, "
          f"{len(ds['episodes']):,} episodes, {len(ds['reviews']):,} reviews")

    timings = []
    t0 = time.perf_counter()
    t = time.perf_counter()
    c = care(ds)
    timings.append(("periods (care)", time.perf_counter() - t))
    t = time.perf_counter()
    c.runs("s20"), c.runs("pwp")
    timings.append(("runs (s20, pwp)", time.perf_counter() - t))
    result = {}
    for group in metrics.GROUP_NAMES:
        if group == "cp" and args.cp_plans:
            continue   # timed below on the national-size CIN set
        t = time.perf_counter()
        result.update(metrics.compute_all(ds, window, params, groups=[group]))
        timings.append((group, time.perf_counter() - t))
    total = time.perf_counter() - t0
    for name, secs in timings:
        print(f"  {name:<18} {secs:7.3f} s")
    print(f"  {'total':<18} {total:7.3f} s")
    target = args.target or (60.0 if args.children >= 10_000 and not args.data else 3.0)
    ok = total < target
    print(f"target (< {target:g} s):", "met" if ok else "NOT met")
    held = result["reviews"]["held"] if result.get("reviews") else None
    print(f"(reviews held: {held})")

    if args.cp_plans:
        t = time.perf_counter()
        cin = synthetic_cp_tables(args.cp_plans, args.cp_s47, window.end,
                                  children_903=ds["header"]["CHILD"].unique(), seed=args.seed)
        ds.tables.update(cin)
        print(f"built a child protection set in {time.perf_counter() - t:.1f} s (not counted): "
              + ", ".join(f"{len(df):,} {name}" for name, df in cin.items()))
        t = time.perf_counter()
        cp = metrics.compute_all(ds, window, params, groups=["cp"])["cp"]
        secs = time.perf_counter() - t
        cp_ok = secs < CP_TARGET
        print(f"  {'cp':<18} {secs:7.3f} s  target (< {CP_TARGET:g} s):", "met" if cp_ok else "NOT met")
        print(f"(plans started: {cp['plans_started']:,}, children on a plan: {cp['children_on_plan']:,}, "
              f"review conferences on time: {cp['reviews_on_time']['pct']}%)")
        ok = ok and cp_ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

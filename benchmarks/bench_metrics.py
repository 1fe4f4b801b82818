"""Benchmark: every metric (`metrics.compute_all`) on a loaded synthetic authority.

    python3 benchmarks/bench_metrics.py                       # default authority, 500 children
    python3 benchmarks/bench_metrics.py --children 100000     # national size
    python3 benchmarks/bench_metrics.py --data DIR            # any folder

Generates the synthetic set into benchmarks/_data/synth_<children>_<years>_<seed>/ if it is not
there yet (`iro_audit.synth.generate`; the folder is shared with bench_load.py and gitignored),
loads it (not timed against the target), then times the shared derivation (periods of care,
`periods.care`) and each group of `compute_all` for the April-March year ending on the 31 March
on or after the last DECOM, printing seconds per group and the total.
Targets: under 3 s for the default authority, under 60 s for 100,000 children.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
    from iro_audit.load import load_dataset
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
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

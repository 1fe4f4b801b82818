"""Benchmark: load and validate a national-size synthetic authority.

    python3 benchmarks/bench_load.py [--children 100000] [--years 5] [--seed 1] [--data DIR]
                                     [--form csv|xml] [--only-903] [--repeat N]

Generates the synthetic set into benchmarks/_data/synth_<children>_<years>_<seed>/ if it is not
there yet (`iro_audit.synth.generate`), then times `load_dataset` on it and prints rows read,
rows/s, seconds and peak RSS (resource.getrusage; Linux reports KiB). Target: under 30 s and
4 GiB on a 2-core machine for 100,000 children over 5 years.

Measured (23/11/2026 20:51, this 2-core machine shared with other jobs, load average < 1):
synth 100,000 children x 5 years (17.1 million rows, 898 MiB, 66 files): 26.6-33.0 s over
five runs, median 29.8 (CPU = wall; the spread is the machine), peak RSS 2.6 GiB, 520,000-640,000 rows/s.
About a third is pandas' C CSV parser making Python strings (no pyarrow here); most of the rest
is hashing: distinct values for parsing, integer keys for duplicates and stitching. Worker
processes were tried and cost more CPU moving frames between processes than they saved.

``--form xml`` loads the same synthetic 903 return as DfE XML, one file per collection year
(`iro_audit.synth.xml`, 903 only: the IRO tables would be XLSX, whose reading is not the point);
``--only-903`` loads only the 903 CSV files, the fair comparison for it; ``--compare-xml``
loads the two in turn and prints the XML/CSV ratio. Figures: benchmarks/README.md.

``--replicate-peer N`` instead builds a big folder by replicating the peer SSDA903 data N times
(new CHILD ids per copy) - useful when the synthetic generator is unavailable.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER = Path("/work/shared/peer-data/ssda903-fake")


def _peak_rss_mib() -> float:
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def replicate_peer(out: Path, copies: int) -> None:
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    for f in sorted(PEER.glob("*.csv")):
        df = pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        parts = []
        for k in range(copies):
            c = df.copy()
            c["CHILD"] = c["CHILD"] + f"_{k:04d}"
            parts.append(c)
        pd.concat(parts).to_csv(out / f.name, index=False)


def compare_xml(args) -> int:
    """The 903 return as CSV files and as DfE XML (same synthetic data), loaded in turn so that
    other load on the machine falls on both alike."""
    import statistics

    from iro_audit.contract import TABLES_903
    from iro_audit.load import load_dataset
    from iro_audit.synth import generate
    from iro_audit.synth.xml import generate_xml

    tag = f"{args.children}_{args.years}_{args.seed}"
    csv_all, xml = HERE / "_data" / f"synth_{tag}", HERE / "_data" / f"synthxml_{tag}"
    if not csv_all.exists():
        generate(csv_all, children=args.children, years=args.years, seed=args.seed)
    if not xml.exists():
        generate_xml(xml, children=args.children, years=args.years, seed=args.seed, iro=False)
    csv = HERE / "_data" / f"synth_{tag}_903"
    csv.mkdir(exist_ok=True)
    for p in csv_all.iterdir():
        if p.stem.rsplit("_", 1)[0] in TABLES_903 and not (csv / p.name).exists():
            (csv / p.name).symlink_to(p)
    times = {"csv": [], "xml": []}
    for _ in range(max(1, args.repeat)):
        for form, d in (("csv", csv), ("xml", xml)):
            t, c = time.perf_counter(), time.process_time()
            load_dataset(d)
            times[form].append((time.perf_counter() - t, time.process_time() - c))
    med = {f: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for f, v in times.items()}
    for f, (w, c) in med.items():
        print(f"{f}: median {w:.2f} s wall, {c:.2f} s CPU over {len(times[f])} loads")
    ratio_w, ratio_c = med["xml"][0] / med["csv"][0], med["xml"][1] / med["csv"][1]
    print(f"XML / CSV: {ratio_w:.2f} wall, {ratio_c:.2f} CPU (target <= 1.5)")
    return 0 if ratio_c <= 1.5 else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--children", type=int, default=100_000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", help="an existing folder to load instead of generating one")
    ap.add_argument("--replicate-peer", type=int, metavar="N", help="replicate the peer data N times")
    ap.add_argument("--form", choices=("csv", "xml"), default="csv",
                    help="the 903 return as CSV files (default) or as DfE XML (903 only)")
    ap.add_argument("--only-903", action="store_true", help="CSV: load only the 903 files")
    ap.add_argument("--repeat", type=int, default=1, help="load N times, report each and the median")
    ap.add_argument("--target", type=float, default=30.0, help="seconds target (default 30)")
    ap.add_argument("--compare-xml", action="store_true",
                    help="load the 903 CSV files and the same return as XML in turn (--repeat "
                         "pairs) and print the medians and the XML/CSV ratio")
    args = ap.parse_args(argv)
    if args.compare_xml:
        return compare_xml(args)

    if args.data:
        data = Path(args.data)
    elif args.replicate_peer:
        data = HERE / "_data" / f"peer_x{args.replicate_peer}"
        if not data.exists():
            t = time.perf_counter()
            replicate_peer(data, args.replicate_peer)
            print(f"replicated peer data x{args.replicate_peer} in {time.perf_counter() - t:.1f} s")
    elif args.form == "xml":
        data = HERE / "_data" / f"synthxml_{args.children}_{args.years}_{args.seed}"
        if not data.exists():
            from iro_audit.synth.xml import generate_xml

            t = time.perf_counter()
            generate_xml(data, children=args.children, years=args.years, seed=args.seed, iro=False)
            print(f"generated {data} in {time.perf_counter() - t:.1f} s")
    else:
        data = HERE / "_data" / f"synth_{args.children}_{args.years}_{args.seed}"
        if not data.exists():
            from iro_audit.synth import generate

            t = time.perf_counter()
            generate(data, children=args.children, years=args.years, seed=args.seed)
            print(f"generated {data} in {time.perf_counter() - t:.1f} s")
        if args.only_903:
            from iro_audit.contract import TABLES_903

            only = data.with_name(data.name + "_903")
            only.mkdir(exist_ok=True)
            for p in data.iterdir():
                if p.stem.rsplit("_", 1)[0] in TABLES_903 and not (only / p.name).exists():
                    (only / p.name).symlink_to(p)
            data = only
    rss_before = _peak_rss_mib()

    from iro_audit.load import load_dataset

    times = []
    for _ in range(max(1, args.repeat)):
        t, c = time.perf_counter(), time.process_time()
        ds = load_dataset(data)
        secs, cpu = time.perf_counter() - t, time.process_time() - c
        times.append(secs)
        if args.repeat > 1:
            print(f"run {len(times)}: {secs:.2f} s wall, {cpu:.2f} s CPU")
    secs = sorted(times)[len(times) // 2]
    rows = int(ds.load_summary["rows_read"].sum())
    size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
    print(f"data:        {data} ({size / 2**20:.0f} MiB, {len(ds.load_summary)} files)")
    print(f"rows read:   {rows:,}")
    print(f"problems:    {len(ds.problems):,}")
    print(f"seconds:     {secs:.1f} wall, {cpu:.1f} CPU (other load on the machine shows as wall > CPU)")
    print(f"rows/s:      {rows / secs:,.0f}")
    print(f"peak RSS:    {_peak_rss_mib():,.0f} MiB (before loading: {rss_before:,.0f} MiB)")
    ok = secs < args.target and _peak_rss_mib() < 4096
    print(f"target (< {args.target:g} s, < 4 GiB):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

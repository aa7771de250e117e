"""The sparse (scipy, in-process) and Spark engines on growing order histories.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_spark.py [--scales 1,10,100])

Reads the full UCI Online Retail file from ../shared/data when present, else the
bundled extract; scale-ups resample its baskets with replacement (seed 0), so a
10x history has ten times the orders with the real basket sizes and product mix.
For each scale it prints the sparse engine's time and peak memory (a child
process, so the peak is its own), and Spark's time in local mode on this
machine's cores, reading the baskets from a CSV file as a cluster would read
them from shared storage (session start-up shown apart), with the stored
pairs checked equal. ``SPARK_MAX_SCALE`` (default 10) bounds the Spark runs.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from recommendations import mining  # noqa: E402
from shop.importer.cleaning import clean_rows  # noqa: E402
from shop.importer.reading import read_rows  # noqa: E402

FULL = REPO.parent / "shared" / "data" / "online_retail.csv.gz"
SAMPLE = REPO / "data" / "online_retail_2011q1.csv.gz"
RULES = {"min_count": 3, "top_n": 20, "max_basket_items": 100}


def real_baskets():
    source = FULL if FULL.exists() else SAMPLE
    clean = clean_rows(read_rows(source))
    invoices, codes = {}, {}
    baskets = np.array([invoices.setdefault(s.invoice, len(invoices)) for s in clean.sales])
    items = np.array([codes.setdefault(s.code, len(codes)) for s in clean.sales])
    return source.name, baskets.astype(np.int64), items.astype(np.int64)


def scale_up(baskets, items, factor, seed=0):
    """``factor`` times as many baskets, drawn with replacement from the real ones."""
    if factor == 1:
        return baskets, items
    order = np.argsort(baskets, kind="stable")
    baskets, items = baskets[order], items[order]
    starts = np.r_[0, np.flatnonzero(np.diff(baskets)) + 1]
    lengths = np.diff(np.r_[starts, baskets.size])
    chosen = np.random.default_rng(seed).integers(0, starts.size, starts.size * factor)
    new_lengths = lengths[chosen]
    new_ids = np.repeat(np.arange(chosen.size, dtype=np.int64), new_lengths)
    offsets = np.repeat(starts[chosen] - np.r_[0, np.cumsum(new_lengths)[:-1]], new_lengths)
    return new_ids, items[np.arange(new_ids.size) + offsets]


def write_csv(path, baskets, items):
    with open(path, "w") as handle:
        handle.write("basket,item\n")
        for start in range(0, baskets.size, 1_000_000):
            block = np.column_stack([baskets[start:start + 1_000_000],
                                     items[start:start + 1_000_000]])
            np.savetxt(handle, block, fmt="%d", delimiter=",")


def sparse_child(path):
    """Run in a child process: the sparse engine on the CSV, its time and peak memory."""
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64)
    started = time.perf_counter()
    mined = mining.mine_complements(data[:, 0], data[:, 1], **RULES)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(path + ".sparse.npy", np.column_stack([mined.product, mined.complement,
                                                   mined.baskets]))
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "pairs": len(mined)}))


def spark_run(session, path):
    from pyspark.sql.types import LongType, StructField, StructType

    from recommendations import spark

    schema = StructType([StructField("basket", LongType(), False),
                         StructField("item", LongType(), False)])
    started = time.perf_counter()
    frame = session.read.csv(path, header=True, schema=schema)
    mined = spark.mine_complements(frame, **RULES)
    return time.perf_counter() - started, mined


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return sparse_child(args.child)
    spark_max = int(os.environ.get("SPARK_MAX_SCALE", "10"))
    name, baskets, items = real_baskets()
    print(f"Data: {name}, {np.unique(baskets).size:,} baskets, {items.size:,} lines; "
          f"{os.cpu_count()} cores; rules {RULES}")
    session = None
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    print(f"{'scale':>5} {'lines':>11} {'sparse s':>9} {'sparse MB':>10} "
          f"{'spark s':>8} {'spark/sparse':>12}  pairs")
    for factor in [int(f) for f in args.scales.split(",")]:
        scaled = scale_up(baskets, items, factor)
        path = str(work / f"x{factor}.csv")
        write_csv(path, *scaled)
        child = subprocess.run([sys.executable, __file__, "--child", path], check=True,
                               capture_output=True, text=True)
        sparse = json.loads(child.stdout.strip().splitlines()[-1])
        spark_cell, ratio, check = "-", "-", ""
        if factor <= spark_max:
            if session is None:
                from recommendations import spark

                started = time.perf_counter()
                session = spark.session("local[*]", "bench", driver_memory=os.environ.get(
                    "SPARK_DRIVER_MEMORY", "12g"), partitions=200)
                print(f"      (Spark session start-up: {time.perf_counter() - started:.1f} s, "
                      "not counted below)")
            seconds, mined = spark_run(session, path)
            expected = np.load(path + ".sparse.npy")
            found = np.column_stack([mined.product, mined.complement, mined.baskets])
            check = "equal" if np.array_equal(found, expected) else "DIFFERENT"
            spark_cell, ratio = f"{seconds:8.1f}", f"{seconds / sparse['seconds']:11.1f}x"
        print(f"{factor:>4}x {scaled[0].size:>11,} {sparse['seconds']:9.1f} "
              f"{sparse['peak_mb']:10.0f} {spark_cell:>8} {ratio:>12}  "
              f"{sparse['pairs']:,} {check}", flush=True)
        for leftover in work.glob(f"x{factor}.csv*"):
            leftover.unlink()
    if session is not None:
        session.stop()


if __name__ == "__main__":
    main()

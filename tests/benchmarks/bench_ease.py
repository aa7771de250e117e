"""EASE's cost as the catalogue grows: time and peak memory at 5k, 10k and 20k products.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_ease.py [--sizes 5000 10000])

EASE inverts a dense item x item matrix: memory grows with the square of the
catalogue and time with its cube, so above some size a shop must fall back to
the sparse weighted cosine. Each size runs in a process of its own (so its peak
memory is its own) on synthetic baskets shaped like the Online Retail file's:
item popularity drawn from a Zipf-like law, 20 baskets per product on average,
basket sizes geometric with mean 8 (seed 0). Prints, per size, the time of the
Gram matrix and its inverse (``ease_weights``), of the top-20 selection
(``mine_matrix_ease``), and the process's peak resident memory, beside the
sparse cosine miner on the same baskets.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from recommendations import mining  # noqa: E402


def baskets(n_items, seed=0):
    rng = np.random.default_rng(seed)
    n_baskets = n_items * 20 // 8
    sizes = np.minimum(rng.geometric(1 / 8, size=n_baskets), 100)
    weights = 1.0 / np.arange(1, n_items + 1) ** 0.8
    weights /= weights.sum()
    items = rng.choice(n_items, size=int(sizes.sum()), p=weights)
    return np.repeat(np.arange(n_baskets), sizes), items


def one(n_items):
    basket_ids, item_ids = baskets(n_items)
    data = mining.build_basket_matrix(basket_ids, item_ids, max_basket_items=10**6)
    started = time.perf_counter()
    mining.mine_matrix(data, min_count=1, top_n=20)
    cosine = time.perf_counter() - started
    started = time.perf_counter()
    mining.ease_weights(data, lam=1.0)
    inverse = time.perf_counter() - started
    started = time.perf_counter()
    mining.mine_matrix_ease(data, lam=1.0, top_n=20, min_count=1)
    with_selection = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"items": len(data.items), "lines": len(item_ids), "cosine_s": cosine,
            "ease_s": inverse, "ease_top20_s": with_selection, "peak_mb": peak_mb}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 10000, 20000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    print("EASE (dense inverse) against the sparse cosine miner, synthetic baskets, seed 0")
    print(f"{'products':>9} {'order lines':>12} {'cosine top-20':>14} {'EASE inverse':>13} "
          f"{'EASE top-20':>12} {'peak memory':>12}")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['items']:>9,} {r['lines']:>12,} {r['cosine_s']:>12.1f} s "
              f"{r['ease_s']:>11.1f} s {r['ease_top20_s']:>10.1f} s {r['peak_mb']:>9,.0f} MB",
              flush=True)


if __name__ == "__main__":
    main()

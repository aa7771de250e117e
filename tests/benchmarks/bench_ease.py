"""The models' cost as the catalogue grows: time and peak memory at 5k, 10k and 20k products.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_ease.py [--sizes 5000 10000])

Dense EASE inverts an item x item matrix: memory grows with the square of the
catalogue and time with its cube. The shipped neighbourhood EASE solves one
small system per product, and the weighted cosine (the fallback) multiplies
sparse matrices. Each (size, model) runs in a process of its own, so its peak
memory is its own, on synthetic baskets shaped like the Online Retail file's:
item popularity drawn from a Zipf-like law, 20 baskets per product on average,
basket sizes geometric with mean 8 (seed 0). Dense EASE runs up to 20k
products; the others also at 50k, where the fallback threshold
``RECOMMENDATIONS_MODEL_MAX_PRODUCTS`` sits.
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

from recommendations import ease, mining  # noqa: E402

MODELS = {
    "cosine": lambda data: mining.mine_matrix(data, min_count=3, top_n=20),
    "neighbourhood": lambda data: ease.mine_matrix_neighbourhood(
        data, lam=ease.DEFAULT_RIDGE, neighbours=ease.DEFAULT_NEIGHBOURS, top_n=20,
        min_count=3),
    "dense": lambda data: ease.ease_weights(data, lam=1.0),
}
DENSE_UP_TO = 20_000


def baskets(n_items, seed=0):
    rng = np.random.default_rng(seed)
    n_baskets = n_items * 20 // 8
    sizes = np.minimum(rng.geometric(1 / 8, size=n_baskets), 100)
    weights = 1.0 / np.arange(1, n_items + 1) ** 0.8
    weights /= weights.sum()
    items = rng.choice(n_items, size=int(sizes.sum()), p=weights)
    return np.repeat(np.arange(n_baskets), sizes), items


def one(n_items, model):
    basket_ids, item_ids = baskets(n_items)
    data = mining.build_basket_matrix(basket_ids, item_ids)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    MODELS[model](data)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"items": len(data.items), "lines": len(item_ids), "seconds": seconds,
            "peak_mb": peak_mb, "before_mb": before_mb}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 10000, 20000, 50000])
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1])))
        return
    print("Mining cost per model, synthetic baskets (seed 0): seconds / peak memory of the "
          "process (its baskets alone: the 'data' column)")
    print(f"{'products':>9} {'order lines':>12} {'data':>8} {'weighted cosine':>18} "
          f"{'neighbourhood EASE':>20} {'dense EASE inverse':>20}")
    for size in args.sizes:
        cells, shape = [], None
        for model in MODELS:
            if model == "dense" and size > DENSE_UP_TO:
                cells.append(f"{'not run':>20}")
                continue
            out = subprocess.run([sys.executable, __file__, "--one", str(size), model],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            shape = shape or r
            cells.append(f"{r['seconds']:>7.1f} s {r['peak_mb']:>7,.0f} MB")
        print(f"{shape['items']:>9,} {shape['lines']:>12,} {shape['before_mb']:>5,.0f} MB "
              f"{cells[0]:>18} {cells[1]:>20} {cells[2]:>20}", flush=True)


if __name__ == "__main__":
    main()

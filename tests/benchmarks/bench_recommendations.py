"""Mining speed against mlxtend, and mine_recommendations end to end.

    make bench   (or: .venv/bin/python tests/benchmarks/bench_recommendations.py)

Reads the full UCI Online Retail file from ../shared/data when present, else
the bundled extract. Baskets are the importer's clean sales grouped by
invoice, as in the evaluation protocol. Prints:

1. our mining vs mlxtend ``fpgrowth(max_len=2)`` + ``association_rules`` at
   minimum support 0.002, both producing every pair (checked equal), and the
   ratio (target: at least 50x);
2. mining every pair bought together at least 3 times, top-N per product, with
   the shop's settings: the weighted cosine (target: at most 2 s) and the shipped
   neighbourhood EASE beside it;
3. ``manage.py mine_recommendations`` on a database holding the whole imported
   file (target: at most 15 s), in a throwaway SQLite database.
"""

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from recommendations import mining, ranking  # noqa: E402
from shop.importer.cleaning import clean_rows  # noqa: E402
from shop.importer.reading import read_rows  # noqa: E402

FULL = REPO.parent / "shared" / "data" / "online_retail.csv.gz"
SAMPLE = REPO / "data" / "online_retail_2011q1.csv.gz"


def best_of(runs, fn):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main():
    source = FULL if FULL.exists() else SAMPLE
    print(f"Data: {source.name}")
    clean = clean_rows(read_rows(source))
    invoices, codes = {}, {}
    baskets = np.array([invoices.setdefault(s.invoice, len(invoices)) for s in clean.sales])
    items = np.array([codes.setdefault(s.code, len(codes)) for s in clean.sales])
    print(f"{len(invoices):,} baskets, {len(codes):,} products, {len(items):,} lines")

    # 1. Against mlxtend, same baskets (no size cap), same minimum support.
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth

    data = mining.build_basket_matrix(baskets, items, max_basket_items=10**9)
    min_count = math.ceil(0.002 * data.n_baskets)
    ours_time, ours = best_of(3, lambda: mining.mine_complements(
        baskets, items, min_count=min_count, top_n=None, max_basket_items=10**9))
    frame = pd.DataFrame(data.matrix.toarray().astype(bool), columns=data.items)

    def mlxtend():
        frequent = fpgrowth(frame, min_support=0.002, max_len=2, use_colnames=True)
        return association_rules(frequent, metric="support", min_threshold=0.002,
                                 num_itemsets=data.n_baskets)

    theirs_time, rules = best_of(1, mlxtend)
    theirs_pairs = {(next(iter(a)), next(iter(c)))
                    for a, c in zip(rules.antecedents, rules.consequents, strict=True)}
    ours_pairs = set(zip(ours.product.tolist(), ours.complement.tolist(), strict=True))
    print(f"min support 0.002 (>= {min_count} baskets): ours {ours_time:.3f} s, "
          f"mlxtend {theirs_time:.2f} s, ratio {theirs_time / ours_time:.0f}x "
          f"(target >= 50x); pairs {len(ours_pairs):,} vs {len(theirs_pairs):,}, "
          f"identical: {ours_pairs == theirs_pairs}")

    # 2. The shop's own mining: support 3, top-N, size cap.
    top_time, top = best_of(3, lambda: mining.mine_complements(baskets, items, min_count=3))
    print(f"weighted cosine, pairs bought together >= 3 times, top-{mining.DEFAULT_TOP_N} "
          f"per product: {top_time:.3f} s (target <= 2 s), {len(top):,} pairs stored")
    model_time, model = best_of(3, lambda: ranking.mine(baskets, items, min_count=3))
    print(f"{model.model}, same rules: {model_time:.3f} s "
          f"({model_time / top_time:.1f}x the cosine), {len(model.complements):,} pairs stored")

    # 3. The command end to end on an imported database.
    work = Path(tempfile.mkdtemp(prefix="bench-mine-"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
           "WHOOSH_INDEX": str(work / "index")}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, check=True).stdout

    manage("migrate", "--noinput", "-v0")
    manage("import_online_retail", str(source))
    started = time.perf_counter()
    out = manage("mine_recommendations")
    wall = time.perf_counter() - started
    reported = re.search(r"in ([\d.]+)s", out).group(1)
    print(f"mine_recommendations: {wall:.1f} s wall incl. Django start-up, "
          f"{reported} s inside the command (target <= 15 s): {out.strip()}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

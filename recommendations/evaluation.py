"""Offline evaluation of "complete your order" on a temporal split.

The protocol is fixed so figures compare across runs and with published
baselines:

* a basket is one order's (invoice's) set of distinct products;
* training: baskets dated up to and including the cut-off day; test: later
  baskets (up to ``test_until`` when given: a validation window that ends before
  the test period, for choosing a model without looking at the test), less
  products unseen in training, kept with at least 2 products;
* one hidden product per test basket, drawn with ``numpy.random.default_rng(0)``
  in basket order from the basket's products sorted by id (or, with
  ``all_items``, every product hidden in turn);
* a candidate's score is the sum of its pair scores with the basket's remaining
  products; products still in the basket are excluded; lists shorter than 10
  are filled by training popularity (most baskets first);
* hit-rate@10, MRR@10 and catalogue coverage (distinct products in any top-10
  list / training products) per method.

Pure numpy/scipy; the command loads baskets and prints the table.
"""

import csv
import gzip
import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import scipy.sparse as sp

from . import ease, mining, ranking

K = 10
COSINE_ROW = "item-item cosine"
BM25_ROW = "implicit BM25Recommender"
EASE_ROW = "EASE, dense, plain, lambda=25"
# Dense EASE's inverse is left out of the table above this many products (memory
# grows with the square of the catalogue: 10,000 products take about 3 GB).
DENSE_EASE_MAX_ITEMS = 10_000


@dataclass(frozen=True)
class Split:
    items: np.ndarray  # column -> product key
    train: sp.csr_matrix  # training basket x item, binary
    remaining: sp.csr_matrix  # case x item: what is left in the basket
    hidden: np.ndarray  # case -> hidden column
    train_basket_keys: list  # (basket key, [product keys]) for mining as the shop does
    test_baskets: int

    @property
    def popularity(self):
        return np.asarray(self.train.sum(axis=0)).ravel()


@dataclass(frozen=True)
class Result:
    method: str
    hit_rate: float
    mrr: float
    coverage: float
    cases: int


class EvaluationError(ValueError):
    pass


class BasketFileError(ValueError):
    """A basket file that cannot be read; the message names the file or the line."""


def read_basket_csv(path):
    """Baskets from a CSV (or .csv.gz) with the columns ``order,date,product`` and one
    row per order line: ``[(date, order, [products])]``. The default reader of
    ``evaluate_recommendations --file``; a shop with another export format sets
    ``RECOMMENDATIONS_BASKET_FILE_READER`` to its own reader."""
    opener = gzip.open if str(path).endswith(".gz") else open
    baskets, placed = {}, {}
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle)
            missing = {"order", "date", "product"} - set(rows.fieldnames or ())
            if missing:
                raise BasketFileError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for number, row in enumerate(rows, start=2):
                try:
                    day = date.fromisoformat(row["date"][:10])
                except (TypeError, ValueError):
                    raise BasketFileError(f"{path} line {number}: {row['date']!r} is not a "
                                          "date (YYYY-MM-DD)") from None
                baskets.setdefault(row["order"], []).append(row["product"])
                placed.setdefault(row["order"], day)
    except FileNotFoundError:
        raise BasketFileError(f"{path}: no such file") from None
    return [(placed[key], key, products) for key, products in baskets.items()]


def split_baskets(baskets, train_until, all_items=False, seed=0, test_until=None):
    """``baskets``: iterable of (date, basket key, product keys), any order."""
    if test_until is not None and test_until <= train_until:
        raise EvaluationError(f"the test window must end after the training: "
                              f"{test_until} is not after {train_until}")
    ordered = sorted(baskets, key=lambda b: (b[0], str(b[1])))
    train = [(key, sorted(set(products))) for day, key, products in ordered
             if day <= train_until]
    if not train:
        raise EvaluationError(f"no baskets dated on or before {train_until}: empty training set")
    items = np.array(sorted({p for _, products in train for p in products}))
    column = {p: i for i, p in enumerate(items.tolist())}
    train_matrix = _binary([[column[p] for p in products] for _, products in train], len(items))
    rng = np.random.default_rng(seed)
    rest, hidden, test_count = [], [], 0
    for day, _key, products in ordered:
        if day <= train_until or (test_until is not None and day > test_until):
            continue
        known = sorted(column[p] for p in set(products) if p in column)
        if len(known) < 2:
            continue
        test_count += 1
        positions = range(len(known)) if all_items else [int(rng.integers(len(known)))]
        for position in positions:
            hidden.append(known[position])
            rest.append(known[:position] + known[position + 1:])
    if not hidden:
        window = f"after {train_until}" + (f" up to {test_until}" if test_until else "")
        raise EvaluationError(f"no test baskets {window} with 2 known products")
    return Split(items, train_matrix, _binary(rest, len(items)), np.array(hidden),
                 train, test_count)


def _binary(rows, width):
    lengths = [len(r) for r in rows]
    return sp.csr_matrix(
        (np.ones(sum(lengths)), (np.repeat(np.arange(len(rows)), lengths),
                                 np.fromiter((c for r in rows for c in r), dtype=np.int64))),
        shape=(len(rows), width),
    )


def top_k(scores, remaining, popularity, k=K):
    """Top ``k`` columns per row: positive scores first, then by popularity; a catalogue
    with fewer than ``k`` candidates leaves the rest of the row at -1 (no product)."""
    by_popularity = np.argsort(-popularity, kind="stable")
    lists = np.full((scores.shape[0], k), -1, dtype=np.int64)
    for row in range(scores.shape[0]):
        values = scores[row]
        exclude = set(remaining.indices[remaining.indptr[row]:remaining.indptr[row + 1]].tolist())
        positive = np.flatnonzero(values > 0)
        if positive.size:
            order = np.lexsort((positive, -popularity[positive], -values[positive]))
            ranked = [c for c in positive[order].tolist() if c not in exclude][:k]
        else:
            ranked = []
        if len(ranked) < k:
            chosen = set(ranked)
            for c in by_popularity.tolist():
                if c not in exclude and c not in chosen:
                    ranked.append(c)
                    chosen.add(c)
                    if len(ranked) == k:
                        break
        lists[row, :len(ranked)] = ranked
    return lists


def measure(method, lists, hidden, n_items):
    hits = lists == hidden[:, None]
    found = hits.any(axis=1)
    ranks = hits.argmax(axis=1) + 1
    return Result(
        method=method,
        hit_rate=float(found.mean()),
        mrr=float(np.where(found, 1.0 / ranks, 0.0).mean()),
        coverage=len(np.setdiff1d(np.unique(lists), [-1])) / n_items,
        cases=len(hidden),
    )


def evaluate_matrix(method, split, item_scores, batch=2000):
    """Score candidates as ``remaining @ item_scores`` and measure the top 10."""
    lists = []
    popularity = split.popularity
    for start in range(0, split.remaining.shape[0], batch):
        part = split.remaining[start:start + batch]
        scores = part @ item_scores
        scores = scores.toarray() if sp.issparse(scores) else np.asarray(scores)
        lists.append(top_k(scores, part, popularity))
    return measure(method, np.vstack(lists), split.hidden, len(split.items))


def ours(split, min_count, top_n, max_basket_items, **model):
    """The storefront's scoring: the pairs a rebuild stores (``ranking.mine`` with
    ``model``'s settings), summed over the basket; with the model that made them (a
    catalogue too large for the one asked for falls back, as a rebuild does)."""
    baskets, products = _pairs(split)
    mined = ranking.mine(baskets, products, min_count=min_count, top_n=top_n,
                         max_basket_items=max_basket_items, **model)
    return mining.score_matrix(mined.complements, np.arange(len(split.items))), mined.model


def _pairs(split):
    """The training baskets as parallel (basket, column) arrays."""
    column = {p: i for i, p in enumerate(split.items.tolist())}
    lengths = [len(products) for _, products in split.train_basket_keys]
    baskets = np.repeat(np.arange(len(lengths)), lengths)
    products = np.fromiter((column[p] for _, ps in split.train_basket_keys for p in ps),
                           dtype=np.int64)
    return baskets, products


def dense_ease(split, lam, weighted):
    """EASE's dense weights over every training basket (no size limit, nothing cut)."""
    data = mining.build_basket_matrix(*_pairs(split), max_basket_items=np.iinfo(np.int64).max)
    weights = np.zeros((len(split.items), len(split.items)))
    weights[np.ix_(data.items, data.items)] = ease.ease_weights(data, lam=lam, weighted=weighted)
    return weights


def cosine(split):
    """Item-item cosine similarity over the training basket matrix."""
    X = split.train
    co = (X.T @ X).tocsr()
    co.setdiag(0)
    co.eliminate_zeros()
    norm = 1.0 / np.sqrt(np.maximum(split.popularity, 1))
    return sp.diags(norm) @ co @ sp.diags(norm)


def popularity_only(split):
    n = len(split.items)
    return sp.csr_matrix((n, n))


def evaluate_bm25(split, neighbours=100):
    """implicit's BM25Recommender (default K1, B), through its own recommend()."""
    from implicit.nearest_neighbours import BM25Recommender
    from threadpoolctl import threadpool_limits

    model = BM25Recommender(K=neighbours)
    with threadpool_limits(1, "blas"), warnings.catch_warnings():
        warnings.filterwarnings("ignore", module="implicit")  # its own CSR/COO notices
        model.fit(split.train.tocsr().astype(np.float32), show_progress=False)
        remaining = split.remaining.tocsr().astype(np.float32)
        ids, scores = model.recommend(np.arange(remaining.shape[0]), remaining, N=K,
                                      filter_already_liked_items=True, recalculate_user=True)
    popularity = split.popularity
    by_popularity = np.argsort(-popularity, kind="stable").tolist()
    lists = np.empty((len(ids), K), dtype=np.int64)
    for row, (found, score) in enumerate(zip(ids, scores, strict=True)):
        ranked = [int(c) for c, s in zip(found, score, strict=True) if c >= 0 and s > 0]
        exclude = set(remaining.indices[remaining.indptr[row]:remaining.indptr[row + 1]].tolist())
        for c in by_popularity:
            if len(ranked) == K:
                break
            if c not in exclude and c not in ranked:
                ranked.append(c)
        lists[row, :len(ranked)] = ranked
    return measure(f"{BM25_ROW} (K={neighbours})", lists, split.hidden,
                   len(split.items))


def evaluate_all(split, min_count, top_n, max_basket_items, **model):
    """Every row of the README's tables: the shipped model first, then the baselines."""
    rules = {"min_count": min_count, "top_n": top_n, "max_basket_items": max_basket_items}
    stored, shipped = ours(split, **rules, **model)
    rows = [evaluate_matrix(f"this recommender ({shipped})", split, stored)]
    if shipped != ranking.COSINE:
        rows.append(evaluate_matrix(f"weighted cosine, top-{top_n} (the fallback)", split,
                                    ours(split, **rules, model=ranking.COSINE)[0]))
    rows += [
        evaluate_matrix("popularity", split, popularity_only(split)),
        evaluate_matrix(COSINE_ROW, split, cosine(split)),
        evaluate_bm25(split),
    ]
    if len(split.items) <= DENSE_EASE_MAX_ITEMS:
        rows += [
            evaluate_matrix(EASE_ROW, split, dense_ease(split, lam=25.0, weighted=False)),
            evaluate_matrix("EASE, dense, 1/size-weighted, lambda=1", split,
                            dense_ease(split, lam=1.0, weighted=True)),
        ]
    return rows

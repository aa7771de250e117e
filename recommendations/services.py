"""Rebuild the mined pairs from all orders, or count one order in."""

import logging
import time
from datetime import timedelta

import numpy as np
from django.db import connection, transaction
from django.db.models import F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Sqrt
from django.utils import timezone
from oscar.core.loading import get_model

from . import cached, conf, loaders, ranking
from .models import MiningRun, ProductBasketCount, ProductComplement

logger = logging.getLogger(__name__)
Product = get_model("catalogue", "Product")


ENGINES = ("sparse", "spark")


def rebuild(since=None, progress=None, engine="sparse"):
    """Mine every order (placed on or after ``since``) and replace the stored pairs.

    The swap is one transaction: the storefront sees the old pairs or the new
    ones, never half of each. Operator pins and blocks live in their own table
    and are untouched. ``engine``: "sparse" (scipy in this process) or "spark"
    (the same pairs and scores, computed by ``RECOMMENDATIONS_SPARK_MASTER``).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    started = timezone.now()
    clock = time.perf_counter()
    step = progress or (lambda label: None)
    step("Reading orders")
    newest = loaders.newest_order_id()  # before reading: what committed by now is read
    order_ids, product_ids = loaders.load_order_baskets(since)
    step("Mining pairs")
    rules = {"min_count": conf.get("MIN_SUPPORT"), "top_n": conf.get("TOP_N"),
             "max_basket_items": conf.get("MAX_BASKET_ITEMS")}
    if engine == "spark":
        from . import spark

        session = spark.session(conf.get("SPARK_MASTER"),
                                driver_memory=conf.get("SPARK_DRIVER_MEMORY"),
                                partitions=conf.get("SPARK_SHUFFLE_PARTITIONS"))
        mined = ranking.Mined(
            spark.mine_complements(spark.baskets_frame(session, order_ids, product_ids),
                                   **rules),
            ranking.COSINE, "the Spark engine computes the weighted cosine")
    else:
        mined = ranking.mine(order_ids, product_ids, model=conf.get("MODEL"),
                             ridge=conf.get("RIDGE"), neighbours=conf.get("NEIGHBOURS"),
                             max_products=conf.get("MODEL_MAX_PRODUCTS"), **rules)
    found = mined.complements
    step("Storing pairs")
    with transaction.atomic():
        _lock_counts()
        existing = set(Product.objects.filter(pk__in=found.items.tolist())
                       .values_list("pk", flat=True))
        ProductComplement.objects.all().delete()
        ProductBasketCount.objects.all().delete()
        ProductBasketCount.objects.bulk_create(
            [ProductBasketCount(product_id=item, baskets=count)
             for item, count in zip(found.items.tolist(), found.item_baskets.tolist(),
                                    strict=True)
             if item in existing],
            batch_size=5000,
        )
        pairs = [
            ProductComplement(product_id=p, complement_id=c, baskets=b, weight=w, score=s)
            for p, c, b, w, s in zip(
                found.product.tolist(), found.complement.tolist(), found.baskets.tolist(),
                found.weight.tolist(), found.score.tolist(), strict=True)
            if p in existing and c in existing
        ]
        ProductComplement.objects.bulk_create(pairs, batch_size=5000)
        missed = _count_in_missed(order_ids, newest, started, since,
                                  rescores=mined.model == ranking.COSINE)
        run = MiningRun.objects.create(
            started_at=started, finished_at=timezone.now(), since=since,
            orders=found.n_baskets + len(missed), products=len(existing),
            pairs=ProductComplement.objects.count() if missed else len(pairs),
            seconds=time.perf_counter() - clock, engine=engine,
            model=mined.model, model_reason=mined.reason,
            last_order_id=max([newest or 0, int(order_ids.max(initial=0)), *missed]) or None,
        )
        cached.forget_all()
    return run


def record_order(order_id):
    """Count one placed order into the pairs, in place (no rebuild).

    Each count is an atomic upsert or ``F()`` update, so concurrent orders
    never lose an increment, and the evidence (orders together) is current at
    once. How the ranking follows depends on the model of the latest rebuild:
    the weighted cosine is recomputed in place for every stored pair touching
    the order's products (a pair outside a product's top-N starts counting
    from this order); the neighbourhood EASE is a regression over all orders,
    so its scores move at the next rebuild (hourly, ``shop.operations``) and a
    pair new since then waits for it, unshown (score 0). An order the latest
    rebuild already counted is skipped, so a worker that runs late never
    counts an order twice.
    """
    products = loaders.order_products(order_id)
    with transaction.atomic():
        _lock_counts()
        latest = MiningRun.objects.order_by("-pk").first()  # read after the lock
        if latest is not None and order_id <= (latest.last_order_id or 0):
            return 0
        pairs = _count_in(products, rescores=latest is None or latest.model == ranking.COSINE)
        if pairs is None:
            return 0
        if latest is not None:
            MiningRun.objects.filter(pk=latest.pk).update(orders_added=F("orders_added") + 1)
        else:
            MiningRun.objects.create(started_at=timezone.now(), orders_added=1)
        cached.forget_all()
    return pairs


def _lock_counts():
    """Serialise counting an order in with a rebuild's swap (PostgreSQL: a row lock on
    the latest run; SQLite writes one at a time anyway)."""
    list(MiningRun.objects.select_for_update().order_by("-pk")
         .values_list("pk", flat=True)[:1])


def _count_in_missed(mined, newest, started, since, rescores):
    """Count in, once, the orders the rebuild's read missed; their ids.

    Those are the orders placed while it mined (newer than ``newest``) and any
    placed just before that were not yet committed when read (recent, not in
    ``mined``). The worker may have counted them into the pairs just replaced;
    the run's ``last_order_id`` then tells it to skip them.
    """
    candidates = loaders.orders_from(newest, started - timedelta(hours=1), since)
    missed = [int(o) for o in candidates[~np.isin(candidates, mined)]]
    return [order_id for order_id in missed
            if _count_in(loaders.order_products(order_id), rescores) is not None]


def _count_in(products, rescores):
    """Add one order's ``products`` to the counts, and rescore its pairs when
    ``rescores`` (the cosine); the pairs added, or None for an order not counted
    (empty, or a wholesale one past MAX_BASKET_ITEMS)."""
    if not products or len(products) > conf.get("MAX_BASKET_ITEMS"):
        return None
    share = 1.0 / len(products)
    pairs = [(p, c, share) for p in products for c in products if p != c]
    _upsert(ProductBasketCount, ["product_id"], [(p,) for p in products],
            increment={"baskets": 1})
    if pairs:
        _upsert(ProductComplement, ["product_id", "complement_id"], pairs,
                increment={"baskets": 1}, add=["weight"], extra={"score": 0.0})
        if rescores:
            rescore(products)
    return len(pairs)


def rescore(products):
    """Recompute the score of every stored pair touching ``products``."""
    counts = ProductBasketCount.objects.values("baskets")
    n_product = Cast(Subquery(counts.filter(product=OuterRef("product"))[:1]), FloatField())
    n_complement = Cast(Subquery(counts.filter(product=OuterRef("complement"))[:1]),
                        FloatField())
    ProductComplement.objects.filter(
        Q(product__in=products) | Q(complement__in=products)
    ).update(score=F("weight") / Sqrt(n_product * n_complement))


def _upsert(model, keys, rows, increment=None, add=(), extra=None):
    """INSERT rows, or on a key conflict add to the stored counts, in one statement.

    Portable ``INSERT … ON CONFLICT … DO UPDATE`` (SQLite 3.24+, PostgreSQL):
    the increment happens in the database, so two orders at once both count.
    """
    increment = increment or {}
    extra = extra or {}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = (list(keys) + list(add) + list(increment) + list(extra))
    values = [row + tuple(increment.values()) + tuple(extra.values()) for row in rows]
    updates = [f"{quote(c)} = {table}.{quote(c)} + {v}" for c, v in increment.items()]
    updates += [f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in add]
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {', '.join(updates)}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)

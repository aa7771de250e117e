"""The miner on Apache Spark, for order histories one machine cannot hold.

The same pairs and scores as ``mining.mine_complements`` (the basket-weighted
cosine, its ``min_count``, ``top_n`` and ``max_basket_items`` and its tie
order), computed with Spark's DataFrame API: a self-join of the baskets on
their id instead of ``X.T @ X``. The result comes back as ``mining.Complements``,
so storing it is the same code.

PySpark is an optional dependency (``requirements-spark.txt``); nothing here
imports it until a Spark session is asked for. ``RECOMMENDATIONS_SPARK_MASTER``
(default ``local[*]``: every core of this machine) points at a cluster, e.g.
``spark://host:7077`` or ``yarn``.
"""

import numpy as np

from . import mining


def session(master, app_name="recommendations", driver_memory="2g", partitions=8):
    """A Spark session for mining (``getOrCreate``: an active one is reused, and its
    settings with it). In local mode the driver does the work: ``driver_memory`` is
    its Java heap, ``partitions`` the pieces each shuffle is cut into (more for more
    orders, so each piece fits the heap)."""
    from pyspark.sql import SparkSession

    return (SparkSession.builder.master(master).appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", driver_memory)
            .config("spark.sql.shuffle.partitions", str(partitions))
            .getOrCreate())


def baskets_frame(spark, basket_ids, item_ids, chunk=500_000):
    """A DataFrame ``(basket, item)`` from two id arrays (the ORM loader's output).

    On a cluster, read the same two columns from shared storage instead
    (``spark.read.parquet``) and pass that frame to ``mine_complements``.
    """
    from pyspark.sql.types import LongType, StructField, StructType

    schema = StructType([StructField("basket", LongType(), False),
                         StructField("item", LongType(), False)])
    basket_ids, item_ids = np.asarray(basket_ids), np.asarray(item_ids)
    frames = [spark.createDataFrame(
        list(zip(basket_ids[i:i + chunk].tolist(), item_ids[i:i + chunk].tolist(),
                 strict=True)), schema) for i in range(0, max(len(basket_ids), 1), chunk)]
    frame = frames[0]
    for more in frames[1:]:
        frame = frame.unionAll(more)
    return frame


def mine_complements(frame, min_count=mining.DEFAULT_MIN_COUNT, top_n=mining.DEFAULT_TOP_N,
                     max_basket_items=mining.DEFAULT_MAX_BASKET_ITEMS):
    """``mining.mine_complements`` over a ``(basket, item)`` DataFrame."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    lines = frame.select("basket", "item").distinct()
    sizes = lines.groupBy("basket").agg(F.count("*").alias("size"))
    kept = (lines.join(sizes.where(F.col("size") <= max_basket_items), "basket")
            .cache())
    item_baskets = kept.groupBy("item").agg(F.count("*").alias("n"))
    a, b = kept.alias("a"), kept.alias("b")
    pairs = (a.join(b, F.col("a.basket") == F.col("b.basket"))
             .where(F.col("a.item") != F.col("b.item"))
             .groupBy(F.col("a.item").alias("product"), F.col("b.item").alias("complement"))
             .agg(F.count("*").alias("baskets"),
                  F.sum(F.lit(1.0) / F.col("a.size")).alias("weight"))
             .where(F.col("baskets") >= min_count))
    n_i, n_j = item_baskets.alias("i"), item_baskets.alias("j")
    scored = (pairs.join(n_i, F.col("product") == F.col("i.item"))
              .join(n_j, F.col("complement") == F.col("j.item"))
              .select("product", "complement", "baskets", "weight",
                      (F.col("weight") / F.sqrt(F.col("i.n").cast("double")
                                                * F.col("j.n").cast("double"))).alias("score")))
    if top_n is not None:
        # Best first; ties go to more baskets, then the lower id (as mining does).
        rank = Window.partitionBy("product").orderBy(
            F.round("score", mining.TIE_DECIMALS).desc(), F.col("baskets").desc(),
            F.col("complement").asc())
        scored = scored.withColumn("rank", F.row_number().over(rank)).where(
            F.col("rank") <= top_n)
    rows = scored.orderBy("product", F.round("score", mining.TIE_DECIMALS).desc(),
                          F.col("baskets").desc(), "complement").collect()
    counts = sorted((row["item"], row["n"]) for row in item_baskets.collect())
    n_baskets = kept.select("basket").distinct().count()
    kept.unpersist()

    def column(name, dtype):
        return np.array([row[name] for row in rows], dtype=dtype)

    return mining.Complements(
        product=column("product", np.int64), complement=column("complement", np.int64),
        baskets=column("baskets", np.int64), weight=column("weight", np.float64),
        score=column("score", np.float64),
        items=np.array([item for item, _ in counts], dtype=np.int64),
        item_baskets=np.array([n for _, n in counts], dtype=np.int64),
        n_baskets=n_baskets)

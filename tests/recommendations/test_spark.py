"""``mine_recommendations --engine spark`` finds what the in-process miner finds."""

import csv
import gzip

import numpy as np
import pytest

from recommendations import mining, spark
from tests.conftest import BUNDLED_EXTRACT

pytestmark = pytest.mark.postgres_pass


def bundled_baskets():
    """(invoice, stock code) of every sale in the bundled extract, as int ids."""
    invoices, codes = [], []
    with gzip.open(BUNDLED_EXTRACT, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["InvoiceNo"].startswith("C") or float(row["Quantity"]) <= 0:
                continue
            invoices.append(row["InvoiceNo"])
            codes.append(row["StockCode"].upper())
    return (np.unique(invoices, return_inverse=True)[1].astype(np.int64),
            np.unique(codes, return_inverse=True)[1].astype(np.int64))


@pytest.fixture(scope="module")
def session():
    found = spark.session("local[2]", "recommendations-test")
    yield found
    found.stop()


def test_spark_and_the_sparse_engine_store_the_same_top_n(session):
    baskets, items = bundled_baskets()
    expected = mining.mine_complements(baskets, items, min_count=3, top_n=20,
                                       max_basket_items=100)
    found = spark.mine_complements(spark.baskets_frame(session, baskets, items),
                                   min_count=3, top_n=20, max_basket_items=100)
    assert len(expected) > 10_000  # a real test: thousands of pairs
    assert found.n_baskets == expected.n_baskets
    np.testing.assert_array_equal(found.items, expected.items)
    np.testing.assert_array_equal(found.item_baskets, expected.item_baskets)
    # The same pairs in the same order (per product, best first), with their evidence.
    np.testing.assert_array_equal(found.product, expected.product)
    np.testing.assert_array_equal(found.complement, expected.complement)
    np.testing.assert_array_equal(found.baskets, expected.baskets)
    np.testing.assert_allclose(found.weight, expected.weight, rtol=1e-12)
    np.testing.assert_allclose(found.score, expected.score, rtol=1e-12)


def test_spark_keeps_the_miners_rules_on_a_small_case(session):
    # Basket 9 is wholesale (over the limit), basket 4 holds one product twice.
    baskets = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, *([9] * 5)]
    items = [1, 2, 3, 1, 2, 1, 2, 3, 5, 5, 1, 2, 3, 4, 5]
    for top_n in (None, 1):
        expected = mining.mine_complements(baskets, items, min_count=2, top_n=top_n,
                                           max_basket_items=4)
        found = spark.mine_complements(spark.baskets_frame(session, baskets, items),
                                       min_count=2, top_n=top_n, max_basket_items=4)
        pairs = [sorted(zip(m.product.tolist(), m.complement.tolist(), m.baskets.tolist(),
                            m.score.round(12).tolist(), strict=True))
                 for m in (found, expected)]
        assert pairs[0] == pairs[1]
        # (1, 2): weight 1/3 + 1/2 + 1/3 over sqrt(3 * 3); (1, 3): 2/3 over sqrt(3 * 2).
        strong, weak = round(7 / 18, 12), round(2 / 3 / 6 ** 0.5, 12)
        assert pairs[0] == ([(1, 2, 3, strong), (2, 1, 3, strong), (3, 1, 2, weak)] if top_n
                            else [(1, 2, 3, strong), (1, 3, 2, weak), (2, 1, 3, strong),
                                  (2, 3, 2, weak), (3, 1, 2, weak), (3, 2, 2, weak)])


@pytest.mark.django_db
def test_the_command_stores_the_same_pairs_with_either_engine(session, capsys, settings):
    settings.RECOMMENDATIONS_MODEL = "weighted-cosine"  # what the Spark engine computes
    from django.core.management import call_command

    from recommendations.models import MiningRun, ProductComplement
    from tests.factories import make_product, place_order

    lamp, bulb, shade, mug = (make_product(t) for t in ("Lamp", "Bulb", "Shade", "Mug"))
    for products in [(lamp, bulb)] * 3 + [(lamp, bulb, shade)] * 3 + [(mug, shade)] * 4:
        place_order(*products)

    def stored():
        return list(ProductComplement.objects.order_by("product", "-score", "complement")
                    .values_list("product", "complement", "baskets", "score"))

    call_command("mine_recommendations", "--engine", "sparse")
    sparse = stored()
    call_command("mine_recommendations", "--engine", "spark")
    assert len(sparse) == 8
    assert [row[:3] for row in stored()] == [row[:3] for row in sparse]
    np.testing.assert_allclose([row[3] for row in stored()], [row[3] for row in sparse],
                               rtol=1e-12)
    run = MiningRun.objects.latest()
    assert (run.engine, run.model) == ("spark", "weighted-cosine")
    assert "(spark; the Spark engine computes the weighted cosine)" in capsys.readouterr().out

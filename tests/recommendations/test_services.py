"""Rebuild, incremental counting, pins and blocks, against the real database."""

import logging

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from recommendations import services
from recommendations.models import (
    ComplementOverride,
    MiningRun,
    ProductBasketCount,
    ProductComplement,
)
from tests.factories import make_product, place_order

Order = get_model("order", "Order")
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    """Six products; lamps go with bulbs and shades, mugs with tea."""
    names = ["lamp", "bulb", "shade", "mug", "tea", "sock"]
    return {name: make_product(name.title()) for name in names}


def place(shop, *names):
    return place_order(*(shop[n] for n in names))


def stored_pairs(min_baskets=1):
    return {
        (p.product_id, p.complement_id): (p.baskets, round(p.weight, 9), round(p.score, 9))
        for p in ProductComplement.objects.filter(baskets__gte=min_baskets)
    }


def lamp_shop_orders(shop):
    for _ in range(3):
        place(shop, "lamp", "bulb")
    place(shop, "lamp", "shade", "bulb")
    place(shop, "mug", "tea")
    return [("lamp", "bulb")] * 3 + [("lamp", "shade", "bulb"), ("mug", "tea")]


def ridge_coefficient(baskets, predictor, target, lam, neighbours):
    """The model's score for ``predictor -> target``, worked out by brute force: a
    ridge regression of ``target`` on the products bought with it (all of them here,
    fewer than ``neighbours``), each order weighted 1/its size."""
    names = sorted({n for b in baskets for n in b})
    X = np.array([[n in b for n in names] for b in baskets], dtype=float)
    w = 1.0 / X.sum(axis=1)
    j = names.index(target)
    others = [i for i, n in enumerate(names) if i != j and (X[:, i] * X[:, j]).any()]
    assert len(others) <= neighbours
    A = X[:, others]
    b = np.linalg.solve(A.T @ (w[:, None] * A) + lam * np.eye(len(others)),
                        A.T @ (w * X[:, j]))
    return b[others.index(names.index(predictor))]


def test_rebuild_stores_evidence_and_run_statistics(shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 2
    baskets = lamp_shop_orders(shop)

    run = services.rebuild()

    pair = ProductComplement.objects.get(product=shop["lamp"], complement=shop["bulb"])
    assert pair.baskets == 4
    assert pair.weight == pytest.approx(3 / 2 + 1 / 3)
    assert pair.score == pytest.approx(ridge_coefficient(baskets, "lamp", "bulb", 0.25, 30))
    assert not ProductComplement.objects.filter(complement=shop["tea"]).exists()  # 1 < 2
    assert ProductBasketCount.objects.get(product=shop["lamp"]).baskets == 4
    assert (run.orders, run.pairs, run.products) == (5, 2, 5)
    assert (run.model, run.model_reason) == ("neighbourhood-ease",
                                             "neighbourhood EASE on 5 products")
    assert MiningRun.objects.latest() == run


def test_the_cosine_fallback_stores_its_own_score_and_says_why(shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 2
    settings.RECOMMENDATIONS_MODEL_MAX_PRODUCTS = 4
    lamp_shop_orders(shop)

    run = services.rebuild()

    pair = ProductComplement.objects.get(product=shop["lamp"], complement=shop["bulb"])
    assert pair.score == pytest.approx(pair.weight / (4 * 4) ** 0.5)
    assert run.model == "weighted-cosine"
    assert run.model_reason == ("fell back to the weighted cosine: 5 products is above "
                                "RECOMMENDATIONS_MODEL_MAX_PRODUCTS (4)")


def test_under_the_model_an_order_updates_the_evidence_and_the_rebuild_the_scores(
        shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    lamp_shop_orders(shop)
    services.rebuild()
    before = stored_pairs()

    services.record_order(place(shop, "lamp", "bulb", "sock").pk)

    after = stored_pairs()
    lamp_bulb = (shop["lamp"].pk, shop["bulb"].pk)
    assert after[lamp_bulb][0] == before[lamp_bulb][0] + 1
    assert after[lamp_bulb][1] == pytest.approx(before[lamp_bulb][1] + 1 / 3)
    assert after[lamp_bulb][2] == before[lamp_bulb][2]  # the score waits for the rebuild
    assert after[(shop["lamp"].pk, shop["sock"].pk)] == (1, round(1 / 3, 9), 0.0)
    services.rebuild()
    assert stored_pairs()[(shop["lamp"].pk, shop["sock"].pk)][2] > 0


def test_a_rebuild_replaces_pairs_but_keeps_pins_and_blocks(shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    place(shop, "lamp", "bulb")
    services.rebuild()
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["sock"],
                                      action=ComplementOverride.PIN)
    ComplementOverride.objects.create(product=shop["lamp"], complement=shop["bulb"],
                                      action=ComplementOverride.BLOCK)
    Order.objects.all().delete()
    place(shop, "lamp", "shade")

    services.rebuild()

    assert set(stored_pairs()) == {(shop["lamp"].pk, shop["shade"].pk),
                                   (shop["shade"].pk, shop["lamp"].pk)}
    assert set(ComplementOverride.objects.values_list("complement__title", "action")) == {
        ("Sock", "pin"), ("Bulb", "block")}


def test_incremental_counts_after_orders_equal_a_full_rebuild(
        shop, settings, django_capture_on_commit_callbacks):
    """Under the cosine, which is rescored in place (and before any rebuild)."""
    settings.RECOMMENDATIONS_MODEL = "weighted-cosine"
    settings.RECOMMENDATIONS_MIN_SUPPORT = 2
    settings.RECOMMENDATIONS_TOP_N = 100
    baskets = [("lamp", "bulb"), ("lamp", "bulb", "shade"), ("mug", "tea"), ("lamp",),
               ("lamp", "shade"), ("mug", "tea", "lamp"), ("bulb", "shade", "lamp", "sock")]
    for basket in baskets:
        with django_capture_on_commit_callbacks(execute=True):
            place(shop, *basket)
    incremental = stored_pairs(min_baskets=2)
    counts = dict(ProductBasketCount.objects.values_list("product", "baskets"))
    assert MiningRun.objects.get().orders_added == len(baskets)

    services.rebuild()

    assert stored_pairs() == incremental
    assert dict(ProductBasketCount.objects.values_list("product", "baskets")) == counts
    assert len(incremental) >= 6


def test_counts_are_added_in_the_database(shop):
    """Two orders of the same pair both land: the upsert adds, Python never reads-then-writes."""
    first, second = place(shop, "lamp", "bulb"), place(shop, "lamp", "bulb")
    services.record_order(first.pk)
    services.record_order(second.pk)
    pair = ProductComplement.objects.get(product=shop["lamp"], complement=shop["bulb"])
    assert (pair.baskets, pair.weight) == (2, 1.0)


def test_a_late_worker_never_counts_an_order_the_rebuild_counted(shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    settings.RECOMMENDATIONS_TOP_N = 100
    mined = place(shop, "lamp", "bulb")
    during = {}

    def meanwhile(step):
        """A shopper orders while the miner works; the worker counts it in at once."""
        if step == "Storing pairs":
            during["order"] = place(shop, "lamp", "bulb", "shade")
            services.record_order(during["order"].pk)

    run = services.rebuild(progress=meanwhile)
    after_rebuild = stored_pairs()
    # Both orders counted once: the one mined, the one placed while mining.
    assert after_rebuild[(shop["lamp"].pk, shop["bulb"].pk)][0] == 2
    assert after_rebuild[(shop["lamp"].pk, shop["shade"].pk)][0] == 1
    assert (run.orders, run.last_order_id) == (2, during["order"].pk)
    # Their tasks, run late (a worker that was down), change nothing.
    assert services.record_order(mined.pk) == 0
    assert services.record_order(during["order"].pk) == 0
    assert stored_pairs() == after_rebuild
    # A newer order still counts.
    assert services.record_order(place(shop, "lamp", "bulb").pk) == 2
    assert stored_pairs()[(shop["lamp"].pk, shop["bulb"].pk)][0] == 3
    assert MiningRun.objects.latest().orders_added == 1


def test_an_order_placed_while_mining_an_empty_shop_counts_once(shop, settings):
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    during = {}

    def meanwhile(step):
        if step == "Storing pairs":
            during["order"] = place(shop, "mug", "tea")
            services.record_order(during["order"].pk)  # the worker, at once

    run = services.rebuild(progress=meanwhile)
    assert services.record_order(during["order"].pk) == 0  # and again, late
    assert stored_pairs()[(shop["mug"].pk, shop["tea"].pk)][0] == 1
    assert (run.orders, run.last_order_id) == (1, during["order"].pk)


def test_an_order_read_before_it_committed_is_counted_by_the_rebuild(
        shop, settings, monkeypatch):
    """PostgreSQL hands out ids before commit: an older id can commit after the read.
    The read below is the real one without that order, as its snapshot would be."""
    settings.RECOMMENDATIONS_MIN_SUPPORT = 1
    late = place(shop, "lamp", "shade")
    mined = place(shop, "lamp", "bulb")
    real_load = services.loaders.load_order_baskets

    def read_without_the_late_one(since=None):
        order_ids, product_ids = real_load(since)
        keep = order_ids != late.pk
        return order_ids[keep], product_ids[keep]

    monkeypatch.setattr(services.loaders, "load_order_baskets", read_without_the_late_one)
    run = services.rebuild()
    assert run.last_order_id == mined.pk and run.orders == 2
    assert services.record_order(late.pk) == 0
    assert stored_pairs()[(shop["lamp"].pk, shop["shade"].pk)][0] == 1


def test_a_failing_update_is_logged_and_the_order_still_placed(
        shop, monkeypatch, caplog, django_capture_on_commit_callbacks):
    def explode(order_id):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services, "record_order", explode)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        order = place(shop, "lamp", "bulb")
    assert Order.objects.filter(pk=order.pk).exists()
    assert "Could not count order" in caplog.text
    assert "database on fire" in caplog.text


def test_wholesale_orders_are_not_counted_in(shop, settings):
    settings.RECOMMENDATIONS_MAX_BASKET_ITEMS = 2
    order = place(shop, "lamp", "bulb", "shade")
    assert services.record_order(order.pk) == 0
    assert not ProductComplement.objects.exists()


def test_mine_command_reports_counts(shop, capsys):
    place(shop, "lamp", "bulb")
    call_command("mine_recommendations")
    assert "Mined 1 orders: 2 products" in capsys.readouterr().out


@pytest.mark.parametrize("since, message", [
    ("2024-02-30", "'2024-02-30' is not a date"),
    ("2999-01-01", "--since is in the future"),
])
def test_mine_command_rejects_bad_dates(since, message):
    with pytest.raises(CommandError, match=message):
        call_command("mine_recommendations", "--since", since)

import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

from recommendations import conf, evaluation
from sales.queries import bought_lines

from ._arguments import iso_date


class Command(BaseCommand):
    help = (
        "Measure 'complete your order' on a temporal split (train up to --train-until, "
        "hide one product of each later basket) against the weighted cosine, popularity, "
        "item-item cosine, implicit's BM25Recommender and dense EASE. Uses the shop's "
        "orders, or --file read by "
        "RECOMMENDATIONS_BASKET_FILE_READER (a CSV of order, date, product by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--train-until", type=iso_date, required=True,
                            help="last day of the training baskets (YYYY-MM-DD)")
        parser.add_argument("--test-until", type=iso_date,
                            help="last day of the test baskets (a validation window that "
                                 "ends before the test period); default: every later basket")
        parser.add_argument("--file", help="baskets from a file instead of the shop's orders")
        parser.add_argument("--all-items", action="store_true",
                            help="hide every product of each test basket in turn")

    def handle(self, train_until, test_until, file, all_items, **options):
        started = time.perf_counter()
        baskets = self._file_baskets(file) if file else self._shop_baskets()
        try:
            split = evaluation.split_baskets(baskets, train_until, all_items=all_items,
                                             test_until=test_until)
        except evaluation.EvaluationError as exc:
            raise CommandError(str(exc)) from None
        results = evaluation.evaluate_all(
            split, min_count=conf.get("MIN_SUPPORT"), top_n=conf.get("TOP_N"),
            max_basket_items=conf.get("MAX_BASKET_ITEMS"), model=conf.get("MODEL"),
            ridge=conf.get("RIDGE"), neighbours=conf.get("NEIGHBOURS"),
            max_products=conf.get("MODEL_MAX_PRODUCTS"),
        )
        self.stdout.write(
            f"Training: {split.train.shape[0]:,} baskets up to {train_until}, "
            f"{len(split.items):,} products. Test: {split.test_baskets:,} baskets"
            f"{f' up to {test_until}' if test_until else ''}, "
            f"{len(split.hidden):,} cases ({'every item' if all_items else 'one item'} hidden)."
        )
        self.stdout.write(f"{'method':<46} {'hit-rate@10':>11} {'MRR@10':>8} "
                          f"{'coverage':>9} {'cases':>8}")
        for r in results:
            self.stdout.write(f"{r.method:<46} {r.hit_rate:>11.4f} {r.mrr:>8.4f} "
                              f"{r.coverage:>9.3f} {r.cases:>8,}")
        ours = results[0]
        ratios = [f"{ours.hit_rate / r.hit_rate:.3f}x {label}" for label, r in (
            (label, next((r for r in results if r.method.startswith(prefix)), None))
            for label, prefix in (("BM25", evaluation.BM25_ROW),
                                  ("cosine", evaluation.COSINE_ROW),
                                  ("EASE", evaluation.EASE_ROW)))
            if r is not None and r.hit_rate]
        if len(split.items) > evaluation.DENSE_EASE_MAX_ITEMS:
            self.stdout.write(f"Dense EASE left out: {len(split.items):,} products is above "
                              f"{evaluation.DENSE_EASE_MAX_ITEMS:,}.")
        self.stdout.write(f"hit-rate@10: {', '.join(ratios)} "
                          f"({time.perf_counter() - started:.1f}s)")

    def _shop_baskets(self):
        grouped = defaultdict(list)
        placed = {}
        for order_id, product_id, when in bought_lines().values_list(
                "order_id", "product_id", "order__date_placed").iterator(chunk_size=50_000):
            grouped[order_id].append(product_id)
            placed[order_id] = timezone.localtime(when).date()
        return [(placed[o], o, products) for o, products in grouped.items()]

    def _file_baskets(self, path):
        reader = import_string(conf.get("BASKET_FILE_READER"))
        try:
            return list(reader(path))
        except evaluation.BasketFileError as exc:
            raise CommandError(str(exc)) from None

"""Demo reviews by customers who really bought the product in the imported history.

The customers, their purchases and so the "verified purchase" badges are real
data; the scores, texts, reviewer names and dates are generated (seeded, so
every run is the same: ``review_texts``), because the data set holds no
reviews and no names. Each review is dated between its author's first purchase
of the product and now. It lives in the demo app, which a live shop does not
install.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from oscar.core.loading import get_model

from reviews import services
from sales.queries import bought_lines

from ...review_texts import review_text, reviewer_name

ProductReview = get_model("reviews", "ProductReview")
Vote = get_model("reviews", "Vote")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")
Product = get_model("catalogue", "Product")

QUESTIONS = [
    ("Is it suitable as a gift?", "Yes: many customers buy it as a present. The reviews "
     "marked \"Verified purchase\" are from customers who ordered it from us."),
    ("Can I order several?", "Yes: set the quantity in your basket. When stock runs low the "
     "page says how many are left."),
]
# An imported customer's placeholder name ("Customer 12345"): replaced by a made-up one.
PLACEHOLDER_NAMES = ("", "Customer", "Guest")


class Command(BaseCommand):
    help = __doc__.strip().splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=40,
                            help="how many best-selling products get reviews")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, products, seed, **options):
        if ProductReview.objects.exists():
            self.stdout.write("Reviews exist already; nothing seeded.")
            return
        staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
        if staff is None:
            raise CommandError("Create a staff user first: answers and replies come from one.")
        rng = random.Random(seed)
        best = list(bought_lines().filter(order__user__isnull=False)
                    .values("product").annotate(orders=Count("order", distinct=True))
                    .order_by("-orders", "product")[:products])
        made = 0
        with transaction.atomic():
            for rank, row in enumerate(best):
                made += self._review(row["product"], rank, rng, staff)
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {made} reviews by verified buyers on {len(best)} products "
            "(scores and texts generated for the demo)."))

    @staticmethod
    def _written(bought, rng):
        """A moment after the purchase (most write within a few weeks) and before now."""
        now = timezone.now()
        room = max((now - bought).total_seconds(), 60)
        delay = min(rng.uniform(2 * 86400, 30 * 86400), room * rng.uniform(0.1, 0.9))
        return bought + timedelta(seconds=delay)

    def _review(self, product_id, rank, rng, staff):
        product = Product.objects.get(pk=product_id)
        buyers = list(bought_lines().filter(product=product, order__user__isnull=False)
                      .values("order__user").annotate(first=Min("order__date_placed"))
                      .order_by("order__user"))
        rng.shuffle(buyers)
        quality = rng.choice([4.6, 4.4, 4.1, 3.6, 3.0])
        chosen = buyers[: max(2, min(len(buyers) // 4, 25 - rank // 3))]
        reviews, used = [], set()
        for buyer in chosen:
            score = max(1, min(5, round(rng.gauss(quality, 0.8))))
            title, body = review_text(score, rng, used)
            user = get_user_model().objects.get(pk=buyer["order__user"])
            if user.first_name in PLACEHOLDER_NAMES:
                user.first_name, user.last_name = reviewer_name(rng)
                user.save(update_fields=["first_name", "last_name"])
            review = ProductReview.objects.create(
                product=product, user=user, score=score, title=title, body=body,
                is_verified=services.has_bought(user, product))
            written = self._written(buyer["first"], rng)
            ProductReview.objects.filter(pk=review.pk).update(date_created=written)
            if score <= 2 and rng.random() < 0.7:
                review.merchant_reply = ("We are sorry to hear that: please get in touch and "
                                         "we will replace it.")
                review.merchant_reply_date = written + timedelta(days=1)
                review.save(update_fields=["merchant_reply", "merchant_reply_date"])
            reviews.append(review)
        voters = [b["order__user"] for b in buyers[len(chosen):len(chosen) + 30]]
        for review in reviews:
            for voter in rng.sample(voters, k=min(len(voters), rng.randint(0, 8))):
                Vote.objects.create(review=review, user_id=voter,
                                    delta=1 if rng.random() < 0.8 else -1)
        if rank < 6 and buyers:
            text, answer = QUESTIONS[rank % len(QUESTIONS)]
            question = ProductQuestion.objects.create(
                product=product, user_id=buyers[-1]["order__user"], text=text)
            ProductAnswer.objects.create(question=question, user=staff, text=answer,
                                         by_staff=True)
        return len(reviews)

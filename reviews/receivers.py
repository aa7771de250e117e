"""Keep rating summaries in step with reviews; tell staff about new questions."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_model

from . import conf, services
from .signals import question_asked

logger = logging.getLogger(__name__)
ProductReview = get_model("reviews", "ProductReview")


@receiver(post_save, sender=ProductReview, dispatch_uid="reviews.summary_on_save")
@receiver(post_delete, sender=ProductReview, dispatch_uid="reviews.summary_on_delete")
def refresh_rating_summary(sender, instance, **kwargs):
    if kwargs.get("raw") or instance.product_id is None:
        return
    services.refresh_summary(instance.product_id)


@receiver(question_asked, dispatch_uid="reviews.mail_staff_on_question")
def mail_staff_about_question(sender, question, **kwargs):
    def send():
        staff = list(get_user_model().objects.filter(is_staff=True, is_active=True)
                     .exclude(email="").values_list("email", flat=True))
        if not staff:
            return
        try:
            send_mail(
                f"New question about {question.product.get_title()}",
                f"A shopper asked:\n\n{question.text}\n\n{_where_to_answer(question)}",
                None, staff,
            )
        except Exception:
            logger.exception("Could not mail staff about question %s", question.pk)

    transaction.on_commit(send)


def _where_to_answer(question):
    """A link to the dashboard's unanswered questions; to the product in a shop
    that does not mount the reviews dashboard, so the mail still goes out."""
    try:
        return "Answer it in the dashboard: " + conf.base_url() + reverse(
            "dashboard:reviews-questions")
    except NoReverseMatch:
        return "The product: " + conf.base_url() + question.product.get_absolute_url()

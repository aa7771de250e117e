"""Keep rating summaries and the cached social proof in step with reviews, questions
and orders; tell staff about new questions."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.order.signals import (
    order_line_status_changed,
    order_placed,
    order_status_changed,
)
from oscar.core.loading import get_model

from . import cached, services
from .signals import question_asked

logger = logging.getLogger(__name__)
ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
ProductAnswer = get_model("reviews", "ProductAnswer")


@receiver(post_save, sender=ProductReview, dispatch_uid="reviews.summary_on_save")
@receiver(post_delete, sender=ProductReview, dispatch_uid="reviews.summary_on_delete")
def refresh_rating_summary(sender, instance, **kwargs):
    """A review written, edited, moderated or voted on (votes save the review)."""
    if kwargs.get("raw") or instance.product_id is None:
        return
    services.refresh_summary(instance.product_id)
    cached.forget_proof(instance.product_id)


@receiver(post_save, sender=ProductQuestion, dispatch_uid="reviews.forget_on_question_save")
@receiver(post_delete, sender=ProductQuestion, dispatch_uid="reviews.forget_on_question_delete")
def forget_after_question(sender, instance, **kwargs):
    if not kwargs.get("raw") and instance.product_id is not None:
        cached.forget_proof(instance.product_id)


@receiver(post_save, sender=ProductAnswer, dispatch_uid="reviews.forget_on_answer_save")
@receiver(post_delete, sender=ProductAnswer, dispatch_uid="reviews.forget_on_answer_delete")
def forget_after_answer(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    product_id = ProductQuestion.objects.filter(pk=instance.question_id).values_list(
        "product_id", flat=True).first()
    if product_id is not None:
        cached.forget_proof(product_id)


@receiver(order_placed, dispatch_uid="reviews.forget_purchases_on_order")
@receiver(order_status_changed, dispatch_uid="reviews.forget_purchases_on_status")
def forget_order_purchases(sender, order, **kwargs):
    """A new or cancelled order changes its products' "bought in the past month"."""
    cached.forget_purchases(order.lines.values_list("product_id", flat=True))


@receiver(order_line_status_changed, dispatch_uid="reviews.forget_purchases_on_line_status")
def forget_line_purchases(sender, line, **kwargs):
    cached.forget_purchases([line.product_id])


@receiver(question_asked, dispatch_uid="reviews.mail_staff_on_question")
def mail_staff_about_question(sender, question, **kwargs):
    """Mail goes through the task backend once the question is committed: a slow mail
    server never holds up the shopper who asked."""
    from .tasks import mail_staff_about_question as task

    question_id = question.pk
    transaction.on_commit(lambda: _enqueue(task, question_id))


def _enqueue(task, *args):
    try:
        task.enqueue(*args)
    except Exception:  # the queue is down: the question is saved, staff see it listed
        logger.exception("Could not queue %s%r", task.name, args)



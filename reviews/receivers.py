"""Keep rating summaries in step with reviews; tell staff about new questions."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from . import services
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
                f"A shopper asked:\n\n{question.text}\n\nAnswer it in the dashboard: "
                f"{settings.SHOP_BASE_URL}/dashboard/reviews/questions/",
                None, staff,
            )
        except Exception:
            logger.exception("Could not mail staff about question %s", question.pk)

    transaction.on_commit(send)

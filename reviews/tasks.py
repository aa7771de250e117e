"""Background work, through Django's task interface (django-tasks): the default
backend runs it at once; a shop with a worker queues it."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import NoReverseMatch, reverse
from django_tasks import task
from oscar.core.loading import get_model

from . import conf

logger = logging.getLogger(__name__)


@task()
def mail_staff_about_question(question_id):
    """Tell active staff a shopper asked about a product; the number of them mailed."""
    question = get_model("reviews", "ProductQuestion").objects.filter(
        pk=question_id).select_related("product").first()
    if question is None:  # deleted (spam) before the worker got to it
        return 0
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True)
                 .exclude(email="").values_list("email", flat=True))
    if staff:
        send_mail(f"New question about {question.product.get_title()}",
                  f"A shopper asked:\n\n{question.text}\n\n{_where_to_answer(question)}",
                  None, staff)
    return len(staff)


def _where_to_answer(question):
    """A link to the dashboard's unanswered questions; to the product in a shop
    that does not mount the reviews dashboard, so the mail still goes out."""
    try:
        return "Answer it in the dashboard: " + conf.base_url() + reverse(
            "dashboard:reviews-questions")
    except NoReverseMatch:
        return "The product: " + conf.base_url() + question.product.get_absolute_url()


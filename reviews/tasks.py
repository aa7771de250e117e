"""Background work, through Django's task interface (django-tasks): the default
backend runs it at once; a shop with a worker queues it."""

import logging
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task
from oscar.core.loading import get_model

from . import conf

logger = logging.getLogger(__name__)


@task()
def mail_staff_about_question(question_id):
    """Tell active staff a shopper asked about a product; the number of them mailed.

    At most once per question (claimed before sending), and at most
    ``QUESTION_MAILS_PER_DAY`` questions a day: beyond that they wait for the
    daily digest, so a flood of questions is one mail, not hundreds.
    """
    ProductQuestion = get_model("reviews", "ProductQuestion")
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    mailed_today = ProductQuestion.objects.filter(staff_mailed_at__gte=midnight).count()
    if mailed_today >= conf.get("QUESTION_MAILS_PER_DAY"):
        return 0
    question = ProductQuestion.objects.filter(pk=question_id).select_related("product").first()
    if question is None or not _claim([question_id], now):  # deleted, or told already
        return 0
    try:
        return _mail_staff(f"New question about {question.product.get_title()}",
                           f"A shopper asked:\n\n{question.text}\n\n"
                           f"{_where_to_answer(question)}")
    except Exception:
        _claim([question_id], None)  # not told: the digest picks it up
        raise


def mail_question_digest(now=None):
    """One mail to staff with every question not mailed yet; the questions listed."""
    ProductQuestion = get_model("reviews", "ProductQuestion")
    now = now or timezone.now()
    waiting = list(ProductQuestion.objects.filter(staff_mailed_at__isnull=True)
                   .select_related("product").order_by("date_created"))
    if not waiting or not _claim([q.pk for q in waiting], now):
        return 0
    listed = "\n\n".join(f"{q.product.get_title()}: {q.text}" for q in waiting)
    try:
        _mail_staff(f"{len(waiting)} new question{'s' if len(waiting) > 1 else ''} "
                    f"from shoppers", f"Shoppers asked:\n\n{listed}\n\n"
                    f"{_where_to_answer(waiting[0])}")
    except Exception:
        _claim([q.pk for q in waiting], None)
        raise
    return len(waiting)


def _claim(question_ids, when):
    """Mark questions told (``when``) or not told (None); how many changed. Claiming
    only those not told yet is what makes a second run, or a second task, send nothing."""
    questions = get_model("reviews", "ProductQuestion").objects.filter(pk__in=question_ids)
    if when is not None:
        questions = questions.filter(staff_mailed_at__isnull=True)
    return questions.update(staff_mailed_at=when)


def _mail_staff(subject, body):
    """One message per active staff member (none sees the others' addresses)."""
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True)
                 .exclude(email="").values_list("email", flat=True))
    send_mass_mail([(subject, body, None, [address]) for address in staff])
    return len(staff)


def _where_to_answer(question):
    """A link to the dashboard's unanswered questions; to the product in a shop
    that does not mount the reviews dashboard, so the mail still goes out."""
    try:
        return "Answer it in the dashboard: " + conf.base_url() + reverse(
            "dashboard:reviews-questions")
    except NoReverseMatch:
        return "The product: " + conf.base_url() + question.product.get_absolute_url()

"""Sending an issue: confirmed subscribers only, personal measured copies, and a
run after a crash or a refused mail that mails nobody twice."""

import re
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command

from funnel.models import Event, EventType
from shop.mail.models import Delivery
from shop.newsletter.sending import send_issue

pytestmark = pytest.mark.django_db


def recipients():
    return Counter(message.to[0] for message in mail.outbox)


def test_each_confirmed_subscriber_gets_one_personal_measured_copy(issue, subscribers):
    outcome = send_issue(issue)
    assert outcome.sent == 5 and send_issue(issue).sent == 0
    assert recipients() == Counter({s.email: 1 for s in subscribers})  # not waiting, not left

    first, second = mail.outbox[0], mail.outbox[1]
    assert first.subject == "Tea season is here"
    html = first.alternatives[0][0]
    assert "Blue Teapot" in html and "£24.00" in html and "Holds six cups." in html
    assert "/t/o/" in html  # the open pixel
    links = re.findall(r'href="([^"]+)"', html)
    measured = [link for link in links if "/t/c/" in link]
    assert len(measured) >= 3  # web version, the guide link, the product (title and button)
    assert all("utm_campaign=newsletter-" in link for link in measured)
    assert not any(link.startswith("/") for link in links)  # nothing relative left
    # Each copy is personal: its own tokens and its own unsubscribe link.
    assert html != second.alternatives[0][0]
    unsubscribe = first.extra_headers["List-Unsubscribe"].strip("<>")
    assert first.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in html and unsubscribe in first.body
    assert "/t/c/" in first.body  # the plain-text part's product link is measured too
    assert "Start with our guides." in first.body and "<" not in first.body.split("--")[0]

    sent = Event.objects.filter(type=EventType.EMAIL_SENT, campaign=issue.campaign)
    assert sent.count() == 5 and not sent.filter(session_id__isnull=False).exists()
    issue.refresh_from_db()
    assert issue.sent_at is not None


def test_a_crash_mid_send_then_a_rerun_mails_nobody_twice(issue, subscribers, settings):
    settings.EMAIL_BACKEND = "tests.newsletter.backends.CrashAfter"
    with pytest.raises(KeyboardInterrupt):
        send_issue(issue)
    assert len(mail.outbox) == 3  # the third went out just before the crash
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    assert statuses == {Delivery.SENT: 2, Delivery.SENDING: 1, Delivery.PENDING: 2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome = send_issue(issue)
    assert outcome.sent == 2 and outcome.interrupted == 1
    assert recipients() == Counter({s.email: 1 for s in subscribers})
    issue.refresh_from_db()
    assert issue.sent_at is not None  # nothing pending; one delivery unknown


def test_the_command_resumes_and_says_what_a_crash_left(issue, subscribers, settings):
    settings.EMAIL_BACKEND = "tests.newsletter.backends.CrashAfter"
    with pytest.raises(KeyboardInterrupt):
        call_command("send_newsletter", issue.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("send_newsletter", "--latest", stdout=out, stderr=err)
    assert "sent 2 now" in out.getvalue() and "5 sent" not in out.getvalue()
    assert "4 sent" in out.getvalue() and "1 interrupted" in out.getvalue()
    assert "were not resent" in err.getvalue()
    call_command("send_newsletter", issue.pk, "--retry-interrupted", stdout=out, stderr=err)
    assert "5 sent" in out.getvalue()
    assert sum(recipients().values()) == 6  # the one in the crash window, knowingly twice


def test_a_refused_mail_is_retried_by_the_next_run(issue, subscribers, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    outcome = send_issue(issue)  # nothing listens on port 9: connection refused
    assert outcome.failed == 5 and outcome.sent == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.PENDING}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_issue(issue).sent == 5
    assert recipients() == Counter({s.email: 1 for s in subscribers})


def test_recipients_are_fixed_at_the_first_run_and_leavers_are_skipped(issue, subscribers,
                                                                         settings):
    settings.EMAIL_BACKEND = "tests.newsletter.backends.CrashAfter"
    with pytest.raises(KeyboardInterrupt):
        send_issue(issue)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.utils import timezone

    from shop.newsletter.models import Subscriber

    Subscriber.objects.create(email="late@example.com", requested_at=timezone.now(),
                              confirmed_at=timezone.now())
    leaver = subscribers[-1]
    Subscriber.objects.filter(pk=leaver.pk).update(unsubscribed_at=timezone.now())
    outcome = send_issue(issue)
    assert outcome.skipped == {"unsubscribed": 1} and "late@example.com" not in recipients()
    assert leaver.email not in recipients()


def test_the_issue_previews_in_wagtail_and_reads_on_the_web(issue, subscribers, client,
                                                            django_user_model):
    admin = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(admin)
    listing = client.get("/cms/snippets/newsletter/newsletterissue/")
    assert b"Tea season is here" in listing.content and b"Draft" in listing.content
    edit = client.get(f"/cms/snippets/newsletter/newsletterissue/edit/{issue.pk}/")
    assert edit.status_code == 200 and b"Blue Teapot" in edit.content  # the chosen product
    preview = issue.make_preview_request(original_request=edit.wsgi_request)
    assert b"Holds six cups." in preview.content and b"Unsubscribe" in preview.content
    assert client.get(f"/newsletter/{issue.pk}/").status_code == 404  # not sent yet
    send_issue(issue)
    page = client.get(f"/newsletter/{issue.pk}/").content.decode()
    assert "Blue Teapot" in page and "Add to basket" in page


def test_staff_send_from_the_wagtail_listing_through_the_task(issue, subscribers, client,
                                                             django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "p"))
    listing = client.get("/cms/snippets/newsletter/newsletterissue/").content.decode()
    send_url = f"/cms/newsletter/{issue.pk}/send/"
    assert send_url in listing
    assert b"5 subscribers who confirmed" in client.get(send_url).content
    response = client.post(send_url, follow=True)
    assert "sent to 5 subscribers" in response.content.decode()
    assert len(mail.outbox) == 5
    assert send_url not in client.get("/cms/snippets/newsletter/newsletterissue/").content.decode()

    shopper = django_user_model.objects.create_user("sam", "sam@example.com", "p")
    client.force_login(shopper)
    assert client.post(send_url).status_code in (302, 403) and len(mail.outbox) == 5

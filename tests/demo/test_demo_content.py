"""The demo's guides and newsletter, built from imported data, with real figures."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from funnel import rollups
from funnel.loaders import rollup_rows
from funnel.report import mail_campaigns
from shop.content.models import GuidePage, GuideProduct
from shop.newsletter.models import NewsletterIssue
from tests.conftest import BUNDLED_EXTRACT

pytestmark = pytest.mark.django_db


def test_demo_guides_and_newsletter_from_the_imported_catalogue(tmp_path, capsys):
    call_command("import_online_retail", str(BUNDLED_EXTRACT), "--since", "2011-03-01",
                 "--until", "2011-03-31", "--shift-to-today")
    call_command("mine_recommendations")
    call_command("create_demo_guides")
    guides = list(GuidePage.objects.live())
    assert len(guides) >= 3
    call_command("create_demo_guides")  # idempotent
    assert GuidePage.objects.count() == len(guides)

    guide = guides[0]
    card = next(b.value for b in guide.body if b.block_type == "product_card")
    claimed = int(re.search(r"Ordered (\d+) times", card["blurb"]).group(1))
    from sales.queries import bought_lines

    assert claimed == bought_lines().filter(product=card["product"]).values(
        "order").distinct().count()  # the text's figure is the order history's
    html = Client().get(guide.url).content.decode()
    assert card["product"].get_title() in html and "Add to basket" in html
    assert GuideProduct.objects.filter(page=guide, product=card["product"]).exists()

    call_command("create_demo_newsletter", "--subscribers", "20",
                 "--mail-log", str(tmp_path / "mail.log"))
    issue = NewsletterIssue.objects.get()
    assert issue.sent_at and len(mail.outbox) == 20
    assert all(m.to[0].endswith("@example.com") for m in mail.outbox)  # reserved, not real
    assert escape(guide.title) in mail.outbox[0].alternatives[0][0]

    call_command("simulate_traffic", "--newsletter", "--seed", "3")
    opened = int(re.search(r"(\d+) opened", capsys.readouterr().out).group(1))
    rollups.build()
    from django.utils import timezone

    today = timezone.localdate()
    row = next(r for r in mail_campaigns(rollup_rows(today, today))
               if r["campaign"] == issue.campaign)
    assert row["sent"] == 20 and row["opened"] == opened > 0

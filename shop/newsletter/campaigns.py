"""The newsletter's campaigns named for the funnel report (``FUNNEL_CAMPAIGN_LABELS``)."""

from .models import NewsletterIssue

PREFIX = "newsletter-"


def labels(campaigns):
    """{"newsletter-<id>": "Newsletter: <subject>"} for the issues among ``campaigns``."""
    issues = {int(c[len(PREFIX):]): c for c in campaigns
              if c.startswith(PREFIX) and c[len(PREFIX):].isdigit()}
    found = NewsletterIssue.objects.filter(pk__in=issues).values_list("pk", "subject")
    return {issues[pk]: f"Newsletter: {subject}" for pk, subject in found}

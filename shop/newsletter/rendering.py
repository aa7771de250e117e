"""A newsletter issue as mail: rendered once, then made personal per recipient.

The body's blocks render once with ``mail=True`` (tables, links instead of
forms) from one shelf load; each recipient's copy then only differs in its
measured links, open pixel and unsubscribe link, which ``personalise`` sets
with string operations, so a large list costs no extra queries or renders.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from funnel import mail as measured
from shop.content.shelf import Shelf
from shop.mail import lists


def render_body(issue, request=None):
    context = {"mail": True, "shelf": Shelf.for_stream(issue.body, request),
               "request": request}
    return mark_safe("".join(child.render(context=context) for child in issue.body))


def render_text(issue, request=None):
    """A plain-text part: each block's own text lines (``as_text``) under the subject."""
    lines = [issue.subject, "=" * len(issue.subject), ""]
    shelf = Shelf.for_stream(issue.body, request)
    for child in issue.body:
        lines += child.block.as_text(child.value, shelf)
    return "\n".join(lines)


class Template:
    """The issue's mail, with placeholders where each recipient's copy differs."""

    def __init__(self, issue, request=None):
        self.issue = issue
        self.html = render_to_string("newsletter/mail/issue.html", {
            "issue": issue, "body": render_body(issue, request),
            "unsubscribe_url": "{{UNSUBSCRIBE_URL}}", "pixel_url": "{{PIXEL_URL}}"})
        self.text = render_to_string("newsletter/mail/issue.txt", {
            "issue": issue, "body": render_text(issue, request),
            "unsubscribe_url": "{{UNSUBSCRIBE_URL}}"})

    def personalise(self, delivery):
        """(text, html) for one recipient: measured links, pixel, own unsubscribe link."""
        issue, email = self.issue, delivery.email
        kind = issue.mail_kind
        unsubscribe = lists.unsubscribe_url(delivery)
        html = measured.measure_links(self.html, kind, issue.pk, email, issue.campaign)
        html = html.replace("{{UNSUBSCRIBE_URL}}", unsubscribe).replace(
            "{{PIXEL_URL}}", measured.pixel_url(kind, issue.pk, email, issue.campaign))
        text = measured.measure_text_links(self.text, kind, issue.pk, email, issue.campaign)
        return text.replace("{{UNSUBSCRIBE_URL}}", unsubscribe), html

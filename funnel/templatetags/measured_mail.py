"""Measured links and the open pixel in mail templates (Oscar's communication
templates included), so every mail of the shop can be measured the same way."""

from django import template

from .. import mail

register = template.Library()


@register.simple_tag
def tracked_link(url, kind, mail_id, email, campaign=None):
    """``url`` (a path or an absolute URL of this shop) through the click redirect."""
    return mail.tracked_url(kind, mail_id, email, url, campaign)


@register.simple_tag
def open_pixel(kind, mail_id, email, campaign=None):
    return mail.pixel_url(kind, mail_id, email, campaign)

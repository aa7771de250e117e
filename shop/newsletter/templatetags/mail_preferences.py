from django import template

from .. import preferences

register = template.Library()


@register.simple_tag
def unsubscribe_link(list_name, email):
    """The one-click unsubscribe link of ``list_name`` for ``email``."""
    return preferences.unsubscribe_url(list_name, email)

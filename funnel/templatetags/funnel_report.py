"""Figures as an operator reads them: grouped digits, percentages, and the change
against the previous period with its sign."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from oscar.templatetags.currency_filters import currency

register = template.Library()


@register.filter
def number(value):
    """1363 → "1,363"; None → "—"."""
    return "—" if value is None else number_format(value, 0, force_grouping=True)


@register.filter
def percent(value):
    """A share as a percentage with one decimal; None (nothing to divide by) → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


def _show(value, kind):
    if kind == "money":
        return currency(value)
    if kind == "percent":
        return f"{value * 100:.1f} pts"
    return number(value)


@register.simple_tag
def change(figure, kind="count"):
    """"+12 (+8.0%)" against the previous period, green or red; "—" without one."""
    delta = figure.get("delta")
    if delta is None:
        return mark_safe('<small class="text-muted" title="No figure for the previous '
                         'period">—</small>')
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    relative = figure.get("change")
    tone = "text-success" if delta > 0 else ("text-danger" if delta < 0 else "text-muted")
    text = f"{sign}{_show(abs(delta), kind)}"
    if relative is not None and kind != "percent":
        text += f" ({sign}{abs(relative) * 100:.1f}%)"
    return format_html('<small class="{}" title="Previous period: {}">{}</small>', tone,
                       _show(figure["previous"], kind), text)

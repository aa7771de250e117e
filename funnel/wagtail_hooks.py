"""Content page views, from Wagtail's own page-serving hook."""

from wagtail import hooks

from . import tracker
from .models import EventType


@hooks.register("before_serve_page")
def record_content_view(page, request, serve_args, serve_kwargs):
    try:
        tracker.record(EventType.CONTENT_VIEW, page_id=page.pk)
    except Exception:  # tracking never breaks a page
        tracker.logger.exception("Could not record a content view")

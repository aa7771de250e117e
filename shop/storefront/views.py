from django.views.generic import TemplateView

from . import home


class HomeView(TemplateView):
    """The shop's front page (``home``): what sells, what customers rate, what to read."""

    template_name = "storefront/home.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **home.context()}

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo shop: imported history, generated reviews, guides, a newsletter and
    simulated shoppers. Project code only: no plugin and no product app depends on it,
    and a live shop leaves it out of ``INSTALLED_APPS``."""

    name = "shop.demo"
    label = "demo"
    verbose_name = "Demo shop"

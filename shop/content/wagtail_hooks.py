"""Register the product and category choosers with the Wagtail admin."""

from wagtail import hooks

from .choosers import category_chooser_viewset, product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_product_chooser():
    return product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_category_chooser():
    return category_chooser_viewset

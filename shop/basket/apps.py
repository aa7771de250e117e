import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket app, forked for its line form alone (``forms.py``)."""

    name = "shop.basket"

import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked for its strategy alone (``strategy.py``)."""

    name = "shop.partner"

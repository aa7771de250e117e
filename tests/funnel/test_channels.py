"""Channel classification: no database."""

import pytest

from funnel.channels import classify


@pytest.mark.parametrize("utm_source, utm_medium, referrer, expected", [
    ("", "", "", ("direct", "", "")),
    ("", "", "https://www.google.co.uk/search?q=lantern", ("search", "www.google.co.uk",
                                                           "organic")),
    ("", "", "https://duckduckgo.com/", ("search", "duckduckgo.com", "organic")),
    ("", "", "https://l.facebook.com/x", ("social", "l.facebook.com", "social")),
    ("", "", "https://t.co/abc", ("social", "t.co", "social")),
    ("", "", "https://mail.google.com/mail/u/0", ("email", "mail.google.com", "email")),
    ("", "", "https://blog.example.org/post", ("referral", "blog.example.org", "referral")),
    ("", "", "http://shop.test/catalogue/", ("internal", "shop.test", "")),
    ("newsletter", "email", "", ("email", "newsletter", "email")),
    ("google", "cpc", "https://www.google.com/", ("paid", "google", "cpc")),
    ("Facebook", "Social", "", ("social", "facebook", "social")),
    ("partner", "affiliate", "", ("referral", "partner", "affiliate")),
])
def test_classify(utm_source, utm_medium, referrer, expected):
    assert classify(utm_source, utm_medium, referrer, own_hosts={"shop.test"}) == expected

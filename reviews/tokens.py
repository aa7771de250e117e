"""Signed, expiring links in review-request mails: write a review, or unsubscribe."""

from django.core import signing

from . import conf

REVIEW_SALT = "reviews.request.review"
UNSUBSCRIBE_SALT = "reviews.request.unsubscribe"


def review_token(user_id, product_id):
    return signing.dumps({"u": user_id, "p": product_id}, salt=REVIEW_SALT, compress=True)


def read_review_token(token, product_id):
    """The user id the token speaks for, if it is genuine, fresh (younger than
    ``REVIEW_LINK_MAX_AGE_DAYS``) and for this product."""
    max_age = conf.get("REVIEW_LINK_MAX_AGE_DAYS") * 24 * 60 * 60
    try:
        data = signing.loads(token, salt=REVIEW_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != product_id:
        return None
    return data.get("u")


def unsubscribe_token(review_request):
    """Names the request mail (its id), never the address."""
    return signing.dumps(review_request.pk, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The address a genuine token's request went to, else None. No expiry."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if isinstance(data, str):  # links mailed before tokens named the request
        return data
    from oscar.core.loading import get_model

    found = get_model("reviews", "ReviewRequest").objects.filter(pk=data).first() \
        if isinstance(data, int) else None
    return found.email if found else None

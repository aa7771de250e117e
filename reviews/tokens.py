"""Signed, expiring links in review-request mails: write a review, or unsubscribe."""

from django.core import signing

REVIEW_SALT = "reviews.request.review"
UNSUBSCRIBE_SALT = "reviews.request.unsubscribe"
MAX_AGE = 60 * 60 * 24 * 60  # a review link works for 60 days


def review_token(user_id, product_id):
    return signing.dumps({"u": user_id, "p": product_id}, salt=REVIEW_SALT, compress=True)


def read_review_token(token, product_id):
    """The user id the token speaks for, if it is genuine, fresh and for this product."""
    try:
        data = signing.loads(token, salt=REVIEW_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != product_id:
        return None
    return data.get("u")


def unsubscribe_token(email):
    return signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None

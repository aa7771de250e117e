"""Social proof as pure functions: no Django models, plain numbers in and out.

Every figure a shopper sees about other customers comes through here, so the
rules live in one place and ``recompute_social_proof`` can apply them again.
"""


def bayesian_average(score_sum, count, prior_mean, prior_reviews):
    """Average shrunk towards ``prior_mean`` by ``prior_reviews`` pseudo-reviews.

    Sorts "top rated" so one 5-star review does not outrank two hundred at 4.8.
    """
    if count <= 0:
        return None
    return (prior_mean * prior_reviews + score_sum) / (prior_reviews + count)


def purchase_count_text(count, minimum, days=30):
    """What a shopper reads for ``count`` distinct orders, or None if too few to show.

    Below ``minimum`` nothing is shown (one customer must not be singled out);
    then exact up to 49, then "50+", "100+", "200+" … "900+", "1K+", "2K+".
    """
    if count < max(minimum, 1):
        return None
    period = "in the past month" if days in (30, 31) else f"in the last {days} days"
    if count < 50:
        shown = str(count)
    elif count < 100:
        shown = "50+"
    elif count < 1000:
        shown = f"{count // 100 * 100}+"
    else:
        shown = f"{count // 1000}K+"
    return f"{shown} bought {period}"


def display_name(user, fallback_name=""):
    """"Ada S." from Ada Shopper: a first name and an initial, never an email."""
    if user is None:
        first, last = (fallback_name or "").strip(), ""
    else:
        first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if not first:
        return "A customer"
    initial = f" {last[0].upper()}." if last and not last.isdigit() else ""
    return f"{first}{initial}"


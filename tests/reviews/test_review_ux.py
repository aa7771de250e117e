"""Reviews and questions as shoppers and staff use them: stars to click, your own
vote and review marked as yours, how many reviews are shown, an Answer box only
for those who may answer, names in the moderation queue, statistics to sort and
download."""

import csv
import io
import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from reviews import services
from tests.factories import make_product, place_order

ProductReview = get_model("reviews", "ProductReview")
ProductQuestion = get_model("reviews", "ProductQuestion")
RatingSummary = get_model("reviews", "RatingSummary")

pytestmark = pytest.mark.django_db


def approved(product, user, score=4, title="Good"):
    return ProductReview.objects.create(product=product, user=user, score=score, title=title,
                                        body="Does what it says.",
                                        status=ProductReview.APPROVED)


def page(client, product):
    return client.get(product.get_absolute_url()).content.decode()


def review_block(html, review):
    start = html.index(f'id="review-{review.pk}"')
    return html[start:html.index("</article>", start)]


@pytest.fixture
def people(django_user_model):
    return [django_user_model.objects.create_user(f"p{i}", f"p{i}@example.com", "pw")
            for i in range(5)]


def test_the_rating_is_five_stars_to_click(client, product, customer):
    client.force_login(customer)
    html = client.get(reverse("catalogue:reviews-add", kwargs={
        "product_slug": product.slug, "product_pk": product.pk})).content.decode()
    stars = html[html.index('<fieldset class="star-input"'):]
    stars = stars[:stars.index("</fieldset>")]
    assert re.findall(r'type="radio" name="score" value="(\d)"', stars) == list("12345")
    assert re.findall(r'<span class="sr-only">([^<]+)</span>', stars)[0] == "1 star"
    assert "reviews/reviews.css" in html


def test_your_vote_is_shown_as_yours_instead_of_the_buttons(client, product, people):
    liked, disliked, untouched = (approved(product, people[i], title=f"R{i}") for i in range(3))
    voter = people[3]
    client.force_login(voter)
    for review, delta in ((liked, 1), (disliked, -1)):
        client.post(reverse("catalogue:reviews-vote", kwargs={
            "product_slug": product.slug, "product_pk": product.pk, "pk": review.pk}),
            {"delta": delta})
    html = page(client, product)
    assert "You found this helpful" in review_block(html, liked)
    assert "vote-form" not in review_block(html, liked)
    assert "You found this not helpful" in review_block(html, disliked)
    assert "vote-form" in review_block(html, untouched)
    assert "You found this" not in review_block(html, untouched)


def test_your_own_review_has_an_edit_link_and_no_vote_or_report(client, product, people):
    mine, theirs = approved(product, people[0]), approved(product, people[1])
    client.force_login(people[0])
    html = page(client, product)
    assert "Edit your review" in review_block(html, mine)
    assert "vote-form" not in review_block(html, mine) and "Report" not in review_block(
        html, mine)
    assert "Edit your review" not in review_block(html, theirs)
    assert "Write a review" not in html  # the button edits yours instead


def test_a_review_waiting_for_moderation_is_editable_and_says_so(client, product, customer):
    ProductReview.objects.create(product=product, user=customer, score=3, title="Hmm",
                                 body="Not sure yet.", status=ProductReview.FOR_MODERATION)
    client.force_login(customer)
    html = page(client, product)
    assert "Your review is waiting for our check" in html and "Edit your review" in html


def test_the_page_says_how_many_reviews_it_shows(client, product, people):
    for user in people:
        approved(product, user)
    html = page(client, product)
    assert "Showing 3 of 5 reviews" in html
    listing = client.get(reverse("catalogue:reviews-list", kwargs={
        "product_slug": product.slug, "product_pk": product.pk})).content.decode()
    assert "Showing 1–5 of 5 reviews" in listing


def test_the_answer_box_is_only_for_buyers_and_staff(client, product, people,
                                                     django_user_model):
    question = ProductQuestion.objects.create(product=product, user=people[0],
                                              text="Is it glass?")
    buyer, stranger = people[1], people[2]
    place_order(product, user=buyer)
    staff = django_user_model.objects.create_user("s", "s@example.com", "pw", is_staff=True)
    services.answer_question(question, staff, "Yes, clear glass.")  # answered ones are shown
    for user, sees in ((stranger, False), (buyer, True), (staff, True)):
        client.force_login(user)
        assert ("answer-form" in page(client, product)) is sees, user
    client.logout()
    assert "answer-form" not in page(client, product)


def test_the_moderation_queue_names_each_reviewer_and_their_verification(
        client, product, customer, django_user_model):
    nameless = django_user_model.objects.create_user("n", "nameless@example.com", "pw")
    place_order(product, user=nameless)
    client.force_login(nameless)
    client.post(reverse("catalogue:reviews-add", kwargs={
        "product_slug": product.slug, "product_pk": product.pk}),
        {"score": 4, "title": "Fine", "body": "Works as it should."})
    approved(product, customer)
    staff = django_user_model.objects.create_user("s", "s@example.com", "pw", is_staff=True,
                                                  is_superuser=True)
    client.force_login(staff)
    html = client.get(reverse("dashboard:reviews-list")).content.decode()
    assert "anonymous" not in html
    rows = {name: verified for name, verified in re.findall(
        r'href="/dashboard/users/\d+/">([^<]+)</a>.*?<td class="verified">(.*?)</td>', html, re.S)}
    assert set(rows) == {"nameless@example.com", "Ada Shopper"}
    assert "Verified" in rows["nameless@example.com"]  # bought it
    assert "Verified" not in rows["Ada Shopper"]


def test_review_statistics_sort_by_any_column_and_download_as_csv(client, people,
                                                                  django_user_model):
    lamps = [make_product(f"Lamp {c}") for c in "ABC"]
    for n, lamp in enumerate(lamps):  # A: 1 review, B: 2, C: 3, with falling scores
        for user in people[:n + 1]:
            approved(lamp, user, score=5 - n)
    staff = django_user_model.objects.create_user("s", "s@example.com", "pw", is_staff=True)
    client.force_login(staff)
    url = reverse("dashboard:reviews-stats")

    def order(sort):
        html = client.get(url, {"sort": sort}).content.decode()
        table = html[html.index('id="review-stats"'):]
        return re.findall(r">(Lamp [ABC])</a>", table)

    assert order("-reviews") == ["Lamp C", "Lamp B", "Lamp A"]
    assert order("-average") == ["Lamp A", "Lamp B", "Lamp C"]
    assert order("title") == ["Lamp A", "Lamp B", "Lamp C"]

    page = client.get(url, {"sort": "-reviews"}).content.decode()
    link = re.search(r'href="([^"]+)" id="stats-csv"', page).group(1).replace("&amp;", "&")
    assert link.startswith("?") and not link.startswith("??"), link
    response = client.get(url + link)  # the page's own link: the sorted table as CSV
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["Product"] for row in rows] == ["Lamp C", "Lamp B", "Lamp A"]
    for row in rows:
        summary = RatingSummary.objects.get(product__title=row["Product"])
        assert int(row["Reviews"]) == summary.count
        assert float(row["Average"]) == pytest.approx(summary.average)
        assert float(row["Bayesian"]) == pytest.approx(summary.bayesian)
        assert int(row[f"{round(summary.average)}★"]) == summary.count

"""Locust shoppers for any Oscar shop: only stock Oscar URLs and form fields, so the
same file measures this shop and stock Oscar side by side (``make loadtest``).

BrowseUser:   catalogue, a category, three product pages, add the last to the basket,
              the basket; every round a new visitor (cookies cleared).
CheckoutUser: a product, add it, the basket, then a guest checkout to the thank-you
              page; each "checkout: place order" success is one order placed.

No think time: the shoppers keep the server saturated, so requests/s is its capacity.
Product and category links are found once, before the clock starts.
"""

import json
import os
import random
import re
import urllib.request

from locust import HttpUser, constant, events, task

BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/124.0 Safari/537.36")
PRODUCT = re.compile(r'href="(/catalogue/[^"/?#]+_\d+/)"')
CATEGORY = re.compile(r'href="(/catalogue/category/[^"?#]+_\d+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ADD_FORM = re.compile(r'<form[^>]*id="add_to_basket_form"[^>]*action="([^"]+)"')
ORDER_NUMBER = re.compile(r"[Oo]rder number[^0-9]{0,80}(\d+)")
LINKS = {"products": [], "categories": []}


def fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "loadtest-discovery-bot"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


@events.test_start.add_listener
def discover(environment, **kwargs):
    host = environment.host.rstrip("/")
    pages = [fetch(f"{host}/catalogue/?page={n}") for n in (1, 2, 3)]
    LINKS["categories"] = sorted(set(CATEGORY.findall(pages[0])))
    pages += [fetch(host + path) for path in LINKS["categories"]]
    LINKS["products"] = sorted({path for html in pages for path in PRODUCT.findall(html)})
    if not LINKS["products"] or not LINKS["categories"]:
        raise RuntimeError(f"no products or categories on {host}/catalogue/")


@events.test_stop.add_listener
def write_summary(environment, **kwargs):
    """The final figures as JSON in $LOCUST_SUMMARY, for the runner's table."""
    path = os.environ.get("LOCUST_SUMMARY")
    if not path:
        return
    stats = environment.stats
    rows = [{"name": entry.name, "requests": entry.num_requests,
             "failures": entry.num_failures, "rps": entry.total_rps,
             "p50": entry.get_response_time_percentile(0.5),
             "p95": entry.get_response_time_percentile(0.95)}
            for entry in [*stats.entries.values(), stats.total]]
    errors = [{"name": error.name, "error": str(error.error), "count": error.occurrences}
              for error in stats.errors.values()]
    with open(path, "w") as handle:
        json.dump({"rows": rows, "errors": errors}, handle, indent=1)


class Shopper(HttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["User-Agent"] = BROWSER

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            return response.text

    def submit(self, url, data, name, lands_on):
        with self.client.post(url, data=data, name=name, catch_response=True,
                              headers={"Referer": self.host + url}) as response:
            if response.status_code == 200 and response.url.endswith("/basket/"):
                # Oscar's stock check sent the shopper back: another shopper bought the
                # last one (the demo has products with 1 or 2 in stock). The shop did
                # right; counted on a row of its own, not as a failure.
                response.success()
                self.environment.events.request.fire(
                    request_type="INFO", name="checkout: back to basket (sold out)",
                    response_time=0, response_length=0, exception=None, context={})
                return None
            if response.status_code != 200 or lands_on not in response.url:
                response.failure(f"HTTP {response.status_code} at {response.url}")
                return None
            return response.text

    def add_to_basket(self, product_html):
        form, token = ADD_FORM.search(product_html or ""), CSRF.search(product_html or "")
        if not form or not token:
            return False
        with self.client.post(form.group(1), name="basket: add", allow_redirects=False,
                              data={"csrfmiddlewaretoken": token.group(1), "quantity": 1},
                              catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"HTTP {response.status_code}")
                return False
        return True


class BrowseUser(Shopper):
    @task
    def browse(self):
        self.client.cookies.clear()
        self.page("/catalogue/", "catalogue")
        self.page(random.choice(LINKS["categories"]), "category")
        html = ""
        for url in random.sample(LINKS["products"], 3):
            html = self.page(url, "product")
        self.add_to_basket(html)
        self.page("/basket/", "basket")


class CheckoutUser(Shopper):
    @task
    def checkout(self):
        self.client.cookies.clear()
        if not self.add_to_basket(self.page(random.choice(LINKS["products"]), "product")):
            return
        self.page("/basket/", "basket")
        token = CSRF.search(self.page("/checkout/", "checkout: gateway") or "")
        if not token:
            return
        guest = random.randrange(10**9)
        html = self.submit("/checkout/", {
            "csrfmiddlewaretoken": token.group(1), "options": "anonymous",
            "username": f"load-{guest}@example.com"},
            "checkout: guest email", "/checkout/shipping-address/")
        if html is None:
            return
        html = self.submit("/checkout/shipping-address/", {
            "csrfmiddlewaretoken": CSRF.search(html).group(1), "first_name": "Load",
            "last_name": f"Test{guest}", "line1": "1 Test Street", "line4": "London",
            "postcode": "SW1A 1AA", "country": "GB"},
            "checkout: shipping address", "/checkout/payment-details/")
        if html is None:
            return
        token = CSRF.search(self.page("/checkout/preview/", "checkout: preview") or "")
        if not token:
            return
        with self.client.post("/checkout/preview/", name="checkout: place order",
                              data={"csrfmiddlewaretoken": token.group(1),
                                    "action": "place_order"},
                              headers={"Referer": self.host + "/checkout/preview/"},
                              catch_response=True) as response:
            if ("/checkout/thank-you/" not in response.url
                    or not ORDER_NUMBER.search(response.text)):
                response.failure(f"HTTP {response.status_code} at {response.url}")

/* Bundles (recommendations/partials/bundle.html): the total and the button follow
   the ticked items. The form works without this: it posts the ticked ids. */
(function () {
  "use strict";

  function label(count) {
    if (count >= 3) return "Add all " + count + " to basket";
    if (count === 2) return "Add both to basket";
    if (count === 1) return "Add to basket";
    return "Choose items to add";
  }

  function update(form) {
    var ticked = form.querySelectorAll(".bundle-check:checked");
    var cents = 0;
    ticked.forEach(function (box) {
      cents += Math.round(parseFloat(box.dataset.price) * 100);
    });
    var total = form.querySelector(".bundle-total");
    var currency = form.dataset.currency;
    if (total && currency) {
      total.textContent = new Intl.NumberFormat(document.documentElement.lang || "en-GB", {
        style: "currency", currency: currency
      }).format(cents / 100);
    }
    var button = form.querySelector(".bundle-add");
    button.textContent = label(ticked.length);
    button.disabled = ticked.length === 0;
    form.querySelectorAll(".bundle-item").forEach(function (item) {
      item.classList.toggle("bundle-unticked", !item.querySelector(".bundle-check").checked);
    });
  }

  function start() {
    document.querySelectorAll("form[data-bundle]").forEach(function (form) {
      if (form.dataset.bundleReady) return;
      form.dataset.bundleReady = "1";
      form.addEventListener("change", function () { update(form); });
      update(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

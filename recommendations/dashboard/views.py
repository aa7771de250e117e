"""Staff views: which complements each product gets, why, and the operator's say."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, ListView
from oscar.core.loading import get_model

from .. import conf, mining
from ..models import ComplementOverride, MiningRun, ProductBasketCount, ProductComplement
from .forms import OverrideForm, ProductSearchForm

Product = get_model("catalogue", "Product")


def latest_run():
    return MiningRun.objects.order_by("-pk").first()


class ProductListView(ListView):
    """Products with mined complements or overrides, most-bought first."""

    template_name = "recommendations/dashboard/product_list.html"
    context_object_name = "products"
    paginate_by = 25

    def get_queryset(self):
        self.form = ProductSearchForm(self.request.GET or None)
        minimum = conf.get("MIN_SUPPORT")
        products = Product.objects.annotate(
            complements=Count("mined_complements", filter=Q(
                mined_complements__baskets__gte=minimum, mined_complements__score__gt=0),
                distinct=True),
            overrides=Count("complement_overrides", distinct=True),
            orders=Subquery(ProductBasketCount.objects.filter(product=OuterRef("pk"))
                            .values("baskets")[:1]),
        ).filter(Q(complements__gt=0) | Q(overrides__gt=0))
        if self.form.is_valid() and self.form.cleaned_data["q"]:
            q = self.form.cleaned_data["q"]
            products = products.filter(Q(title__icontains=q) | Q(upc__iexact=q))
        return products.order_by("-orders", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, run=latest_run(), min_support=conf.get("MIN_SUPPORT"),
                       pairs=ProductComplement.objects.filter(
                           baskets__gte=conf.get("MIN_SUPPORT"), score__gt=0).count())
        return context


class ProductComplementsView(DetailView):
    """One product's complements with their evidence, and its pins and blocks."""

    model = Product
    template_name = "recommendations/dashboard/product_complements.html"
    context_object_name = "product"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        run = latest_run()
        total = run.total_orders if run else 0
        counts = ProductBasketCount.objects.values("baskets")
        rows = (
            ProductComplement.objects.filter(product=product)
            .select_related("complement")
            .annotate(
                n_product=Subquery(counts.filter(product=OuterRef("product"))[:1]),
                n_complement=Subquery(counts.filter(product=OuterRef("complement"))[:1]),
            )
            .order_by("-score")
        )
        overrides = {o.complement_id: o for o in ComplementOverride.objects.filter(
            product=product).select_related("complement")}
        complements = []
        for row in rows:
            complements.append({
                "pair": row,
                "shown": row.baskets >= conf.get("MIN_SUPPORT") and row.score > 0,
                "confidence": mining.confidence(row.baskets, row.n_product),
                "lift": mining.lift(row.baskets, row.n_product, row.n_complement, total),
                "override": overrides.get(row.complement_id),
            })
        context.update(
            complements=complements, overrides=list(overrides.values()), run=run,
            form=kwargs.get("form") or OverrideForm(product=product),
            min_support=conf.get("MIN_SUPPORT"),
        )
        return context


class OverrideView(View):
    """Pin or block a pair; a second decision on the same pair replaces the first."""

    http_method_names = ["post"]

    def post(self, request, pk):
        product = get_object_or_404(Product, pk=pk)
        form = OverrideForm(request.POST, product=product)
        if not form.is_valid():
            view = ProductComplementsView()
            view.setup(request, pk=pk)
            view.object = product
            return view.render_to_response(view.get_context_data(form=form))
        complement, action = form.cleaned_data["complement"], form.cleaned_data["action"]
        ComplementOverride.objects.update_or_create(
            product=product, complement=complement,
            defaults={"action": action, "created_by": request.user},
        )
        verb = "pinned" if action == ComplementOverride.PIN else "blocked"
        messages.success(request, f"{complement.get_title()} is {verb} for {product.get_title()}.")
        return redirect("dashboard:recommendations-product", pk=product.pk)


class RemoveOverrideView(View):
    http_method_names = ["post"]

    def post(self, request, pk, override_pk):
        override = get_object_or_404(ComplementOverride, pk=override_pk, product_id=pk)
        override.delete()
        messages.success(request, f"{override.complement.get_title()}: back to what the "
                                  "orders say.")
        return redirect("dashboard:recommendations-product", pk=pk)



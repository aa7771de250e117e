"""The shop's home page at /, Oscar's storefront beside it, its dashboard at
/dashboard/, Wagtail's admin at /cms/ and Wagtail's pages under /content/ (their
catch-all never shadows Oscar).
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from shop.storefront.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),  # before Oscar's redirect to the catalogue
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("content/", include(wagtail_urls)),
    path("recommendations/", include("recommendations.urls")),
    path("", include("reviews.urls")),
    path("", include("funnel.urls")),
    path("", include("shop.mail.urls")),
    path("", include("shop.newsletter.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

"""Make a "Guides" index the root of the content site, replacing Wagtail's
placeholder welcome page, so /content/ lists guides from the first migrate."""

from django.db import migrations


def create_guides_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    GuideIndexPage = apps.get_model("content.GuideIndexPage")

    if GuideIndexPage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    root = Page.objects.get(depth=1)

    index_type, _ = ContentType.objects.get_or_create(model="guideindexpage", app_label="content")
    last = Page.objects.filter(depth=2).order_by("-path").first()
    next_step = int(last.path[-4:], 36) + 1 if last else 1
    index = GuideIndexPage.objects.create(
        title="Guides",
        draft_title="Guides",
        slug="guides",
        content_type=index_type,
        path=root.path + _base36(next_step).rjust(4, "0"),
        depth=2,
        numchild=0,
        url_path="/guides/",
        locale=Locale.objects.order_by("pk").first(),
        intro="<p>Ideas, how-tos and gift guides from our shop.</p>",
        live=True,
        has_unpublished_changes=False,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost", port=80, site_name="Gift Shop", root_page=index,
            is_default_site=True,
        )


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


def remove_guides_index(apps, schema_editor):
    apps.get_model("content.GuideIndexPage").objects.filter(depth=2, slug="guides").delete()


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(create_guides_index, remove_guides_index)]

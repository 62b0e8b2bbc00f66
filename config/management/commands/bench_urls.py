"""The pages `make bench` measures, one `label<TAB>path` line each, naming real items of the data set.

The items are chosen deterministically (the newest public ones), so two runs measure the same pages.
"""

from __future__ import annotations

from urllib.parse import quote

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import override

from news.models import Article
from subsites.routing import unit_reverse
from subsites.selectors import main_portal

SEARCH = "cải cách hành chính"


class Command(BaseCommand):
    help = "Print the benchmark's pages as label<TAB>path lines."

    def handle(self, *args, **options):

        main = main_portal()
        if main is None:
            raise CommandError("No data set: run `manage.py seed_bench` first.")
        article = Article.objects.visible("vi").in_unit(main).order_by("-published_at", "-pk").first()
        khmer = Article.objects.visible("km").in_unit(main).order_by("-published_at", "-pk").first()
        unit = main.get_children().filter(active=True).order_by("tree_id", "lft").first()
        if article is None or khmer is None or unit is None:
            raise CommandError("The data set lacks public articles: run `manage.py seed_bench`.")
        with override("vi"):
            news = reverse("news:list")
            pages = [
                ("home", reverse("home")),
                ("news list, page 1", news),
                ("news list, page 500", f"{news}?page=500"),
                ("article", article.get_absolute_url()),
                ("document finder, 2 filters", f"{reverse('documents:finder')}?doc_type=QĐ&year=2022"),
                ("search", f"{reverse('search:search')}?q={SEARCH}"),
                ("unit home", unit_reverse(unit, "home")),
            ]
        with override("km"):
            pages.append(("Khmer article", khmer.get_absolute_url()))
        for label, path in pages:
            self.stdout.write(f"{label}\t{quote(path, safe='/?=&')}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from portal import registry

        from . import views

        registry.home_block(10)(views.home_block)
        registry.section_handler("articles")(views.section_articles)
        registry.search_provider("news", _("News"), 10)(views.search)

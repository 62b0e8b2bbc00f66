from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Site-wide search, above the content apps: it reads them only through their search providers."""

    name = "search"
    verbose_name = _("Search")

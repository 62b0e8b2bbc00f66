from django.apps import apps
from django.utils.module_loading import module_has_submodule

from .registry import SITEMAPS


def all_sitemaps() -> dict[str, type]:
    """Import every app's `sitemaps` module so that its @sitemap classes register themselves."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "sitemaps") and config.name != "django.contrib.sitemaps":
            __import__(f"{config.name}.sitemaps")
    return dict(SITEMAPS)

from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's wiring as an app: the commands and admin pages that span every app."""

    name = "config"
    verbose_name = "Configuration"

"""The Celery app. Without REDIS_URL the settings make every task run inline (eager)."""

import os

from celery import Celery
from django.apps import apps as django_apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _redbeat_settings(sender, **kwargs):
    """celery-redbeat checks for its settings by their own names (redbeat_redis_url), which the
    CELERY_ namespace hides: without them it falls back to the broker's, with a warning."""
    names = [name for name in dir(settings) if name.startswith("CELERY_REDBEAT_")]
    sender.conf.update({name.removeprefix("CELERY_").lower(): getattr(settings, name) for name in names})


@app.on_after_finalize.connect
def _collect_beat_schedules(sender, **kwargs):
    """Each app declares its periodic tasks as BEAT_SCHEDULE in its own tasks.py."""

    for config in django_apps.get_app_configs():
        if module_has_submodule(config.module, "tasks"):
            module = __import__(f"{config.name}.tasks", fromlist=["BEAT_SCHEDULE"])
            sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))

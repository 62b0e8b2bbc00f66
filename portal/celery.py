"""The Celery app. Without REDIS_URL the settings make every task run inline (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _collect_beat_schedules(sender, **kwargs):
    """Each app declares its periodic tasks as BEAT_SCHEDULE in its own tasks.py."""
    from django.apps import apps as django_apps
    from django.utils.module_loading import module_has_submodule

    for config in django_apps.get_app_configs():
        if module_has_submodule(config.module, "tasks"):
            module = __import__(f"{config.name}.tasks", fromlist=["BEAT_SCHEDULE"])
            sender.conf.beat_schedule.update(getattr(module, "BEAT_SCHEDULE", {}))

"""The site's URLs and a view that publishes a task, for tests/portal/test_logs.py."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urls

from .ops_tasks import note


def publish(request):
    note.apply_async(["from-a-request"], queue=request.GET.get("queue", "celery"))
    return HttpResponse("published")


urlpatterns = [*site_urls, path("ops-test/publish/", publish)]

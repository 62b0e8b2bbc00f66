"""/api/v1/: django-ninja's routes, each wrapped by api.http (rate limit, ETag, CORS, no page cache)."""

from django.urls import re_path

from .http import api_view, not_found
from .views import api

patterns, _ninja_app, app_name = api.urls  # app_name: the namespace ninja reverses its own routes in

for pattern in patterns:
    pattern.callback = api_view(pattern.callback)

urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", api_view(not_found))]

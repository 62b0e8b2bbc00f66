"""Project wiring between requests and URLconfs."""

from django.conf import settings

API_PREFIX = "/api/"


class ApiUrlconfMiddleware:
    """Requests under /api/ are resolved against config.urls_api, the others against config.urls: django-ninja
    and the API's schemas load on a worker's first API request, not in every worker at start."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            request.urlconf = settings.API_URLCONF
        return self.get_response(request)

"""The URLconf of a request under /api/: the open-data API (docs/api.md) and the site's own URLs, which
the API's answers link to.

`config.middleware.ApiUrlconfMiddleware` hands these requests this URLconf; the site's (config.urls) does
not include the API, so a web worker that serves only pages never imports django-ninja and pydantic
(docs/benchmarks.md)."""

from django.urls import include, path

from . import urls as site

urlpatterns = [path("api/v1/", include("api.urls")), *site.urlpatterns]

handler403, handler404, handler500 = site.handler403, site.handler404, site.handler500

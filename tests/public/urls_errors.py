"""The portal's URLs plus three views that fail on purpose, to render the error pages in context."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as portal_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a failure on purpose")


@csrf_protect
def protected(request):
    return HttpResponse("accepted")


urlpatterns = [
    *portal_urlpatterns,
    *i18n_patterns(
        path("thu-loi/403/", forbidden),
        path("thu-loi/500/", broken),
        path("thu-loi/csrf/", protected),
    ),
]

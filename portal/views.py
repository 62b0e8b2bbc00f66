from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .pagecache import no_page_cache


def csrf_failure(request, reason: str = ""):
    """A failed CSRF check, explained in the visitor's language (the usual cause: an expired form)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    # No request context: the error may come from the database or a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@no_page_cache
def bench_minimal(request):
    """The ceiling `make bench` measures pages against: a Django view that runs, behind every middleware,
    also when the page cache is on (served from it, the ceiling would be a cached page, not a view)."""
    return HttpResponse("ok", content_type="text/plain")

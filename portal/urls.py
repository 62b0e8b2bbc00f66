from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from subsites import views as subsite_views

from . import media_views, views
from .pagecache import cache_scopes
from .sitemaps import all_sitemaps

SITEMAPS = all_sitemaps()


def _every_units_content(view):
    """A sitemap lists every unit's content: the page cache keeps it until any of it changes."""

    def sitemap(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return cache_scopes("content")(sitemap)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt),
    path("captcha/", include("captcha.urls")),
    # Public images through a view that sends their checked type (portal.media_views); other uploads
    # (attachments, consultation files) have their own views that check the content is public.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_views.serve_public_media, name="media"),
    path(
        "sitemap.xml",
        _every_units_content(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
    ),
    path(
        "sitemap-<section>.xml",
        _every_units_content(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    path("", subsite_views.home, name="home"),
    path("", include("subsites.urls")),
    path("", include("portal.public_urls")),
    path("tin-tuc/", include("news.urls")),
    path("van-ban/", include("documents.urls")),
    path("lay-y-kien/", include("consultations.urls")),
    path("hoi-dap/", include("citizen_qa.urls")),
    path("bao-cao/", include("reports.urls")),
)

handler403 = "portal.views.error_403"
handler404 = "portal.views.error_404"
handler500 = "portal.views.error_500"

if settings.PORTAL_BENCH_ENDPOINT:
    # The ceiling of `make bench`: a minimal view behind the same middleware, served the same way.
    urlpatterns += [path("bench/minimal/", views.bench_minimal)]

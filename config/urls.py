from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from api import http as api_http
from portal import media_views, views
from portal.pagecache import cache_scopes
from portal.sitemaps import all_sitemaps
from subsites import views as subsite_views
from subsites.admin_scoping import AutocompleteView

from .admin import view_on_site

SITEMAPS = all_sitemaps()


def _every_units_content(view):
    """A sitemap lists every unit's content: the page cache keeps it until any of it changes."""

    def sitemap(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return cache_scopes("content")(sitemap)


urlpatterns = [
    # Before the admin's own "view on site" route (same address, same name's target): answered only
    # for what the user may view.
    path("admin/r/<int:content_type_id>/<path:object_id>/", admin.site.admin_view(view_on_site)),
    # Before the admin's own autocomplete (same address and name): units named with their key and
    # former province, so that a merged province's namesakes differ (subsites.admin_scoping).
    path(
        "admin/autocomplete/",
        admin.site.admin_view(AutocompleteView.as_view(admin_site=admin.site)),
        name="autocomplete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", views.robots_txt),
    path("captcha/", include("captcha.urls")),
    # The open-data API (/api/v1/, docs/api.md) has a URLconf of its own: config.urls_api.
    # Public images through a view that sends their checked type (portal.media_views); other uploads
    # (attachments, consultation files) have their own views that check the content is public.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media_views.serve_public_media, name="media"),
    # Expiring signed addresses of private files in the local folder (with S3: presigned bucket addresses).
    path("private-media/<str:token>/", media_views.serve_private_media, name="private_media"),
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
    path("", include("search.urls")),
    path("tin-tuc/", include("news.urls")),
    path("van-ban/", include("documents.urls")),
    path("lay-y-kien/", include("consultations.urls")),
    path("hoi-dap/", include("citizen_qa.urls")),
    path("", include("directory.urls")),
    path("thu-tuc-hanh-chinh/", include("procedures.urls")),
    path("bao-cao/", include("reports.urls")),
    path("thong-bao/", include("alerts.urls")),
)

handler403 = "portal.views.error_403"


def _error_404(request, exception=None):
    """The API answers its 404s in JSON, even those raised before a view (a control character in the
    address, portal.inputs); the site answers with its page."""
    if request.path.startswith("/api/"):
        return api_http.not_found(request)
    return views.error_404(request, exception)


handler404 = _error_404
handler500 = "portal.views.error_500"

if settings.PORTAL_BENCH_ENDPOINT:
    # The ceiling of `make bench`: a minimal view behind the same middleware, served the same way.
    urlpatterns += [path("bench/minimal/", views.bench_minimal)]

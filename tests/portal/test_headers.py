"""Security headers on every public page; no inline script allowed by the CSP."""

import re

import pytest
from django.urls import reverse

from ..factories.news import ArticleFactory

pytestmark = pytest.mark.django_db


def test_security_headers(client, main_portal):
    response = client.get("/vi/")
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_in_production(client, main_portal, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/vi/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_public_pages_have_no_inline_script(client, unit_a):
    for path in ("/vi/", "/don-vi/sotp/km/", "/vi/so-do-trang/", "/vi/tim-kiem/?q=x"):
        html = client.get(path).text
        assert "<script>" not in html and "onload=" not in html.lower(), path


def _script_src(response) -> list[str]:
    csp = response["Content-Security-Policy"]
    return next(part for part in csp.split(";") if part.strip().startswith("script-src")).split()


def test_public_pages_run_scripts_from_the_site_only(client, unit_a):
    article = ArticleFactory(unit=unit_a, published=True, body_vi="<h2>Tiêu đề</h2><p>Nội dung</p>")
    for path in ("/vi/", article.get_absolute_url(), "/vi/tim-kiem/?q=x"):
        response = client.get(path)
        assert _script_src(response) == ["script-src", "'self'"], path
        assert "nonce" not in response.text, path


def test_the_admin_editor_page_allows_its_import_map_by_nonce(client, editor_a):
    client.force_login(editor_a)
    response = client.get(reverse("admin:news_article_add"))
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)">', response.text).group(1)
    assert _script_src(response) == ["script-src", "'self'", f"'nonce-{nonce}'"]
    assert response.text.count("<script>") == 0  # every other script is a file from the site
    changelist = client.get(reverse("admin:news_article_changelist"))
    assert _script_src(changelist) == ["script-src", "'self'"]

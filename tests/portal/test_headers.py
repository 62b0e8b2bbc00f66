"""Security headers on every public page; no inline script allowed by the CSP."""

import pytest

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

"""The admin's rich-text editor: what it makes survives the sanitiser; its import map carries the nonce."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django_prose_editor.config import allowlist_from_extensions

from portal.editor import EXTENSIONS, RichTextWidget, allow_nonced_scripts, media_with_nonce
from portal.html import sanitize_html

# HTML as the editor serialises it (recorded from the browser, tests/browser/test_news_journey.py).
EDITOR_OUTPUT = [
    "<h2>Kết quả nổi bật</h2><h3>Giải thưởng</h3><h4>Đua ghe ngo</h4>",
    "<p>Sáng nay tại <strong>Ao Bà Om</strong>, <em>Trà Vinh</em>: 12 m<sup>2</sup>, CO<sub>2</sub>"
    "<br>dòng mới</p>",
    "<ul><li><p>Đua ghe ngo</p></li><li><p>Thả đèn nước</p></li></ul>",
    '<ol start="3"><li><p>Điều 3</p></li></ol>',
    "<blockquote><p>Phát biểu của Chủ tịch.</p></blockquote><hr>",
    "<table><tbody><tr><th><p>Năm</p></th><th><p>Số</p></th></tr>"
    '<tr><td colspan="2"><p>2025</p></td></tr></tbody></table>',
    '<img src="/media/news/a.jpg" alt="Quang cảnh" width="640" height="480">',
    '<iframe src="https://www.youtube-nocookie.com/embed/Ok0mBok2025" title="Đua ghe ngo" width="560" '
    'height="315" allowfullscreen=""></iframe>',
]


@pytest.mark.parametrize("html", EDITOR_OUTPUT)
def test_what_the_editor_makes_survives_the_sanitiser(html):
    assert sanitize_html(html) == html


def test_links_keep_their_address_and_lose_the_editors_target():
    cleaned = sanitize_html('<p><a target="_blank" href="https://travinh.gov.vn/">Cổng tỉnh</a></p>')
    assert cleaned == '<p><a href="https://travinh.gov.vn/" rel="noopener noreferrer">Cổng tỉnh</a></p>'


@pytest.mark.parametrize("tag", sorted(allowlist_from_extensions(EXTENSIONS)["tags"]))
def test_every_element_of_the_toolbar_is_kept(tag):
    void = tag in {"br", "hr", "img"}
    html = f"<{tag}>" if void else f"<{tag}>x</{tag}>"
    if tag in {"tr", "td", "th", "tbody", "thead"}:
        html = "<table><thead><tr><th>x</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>"
    assert f"<{tag}" in sanitize_html(html)


@pytest.mark.parametrize("sent", ["<p></p>", " <p></p>\n", ""])
def test_an_empty_editor_gives_an_empty_field(sent):
    assert RichTextWidget().value_from_datadict({"body": sent}, {}, "body") == ""


def test_text_in_the_editor_is_kept():
    assert RichTextWidget().value_from_datadict({"body": "<p>x</p>"}, {}, "body") == "<p>x</p>"


def _editor_response(request):
    html = str(media_with_nonce(RichTextWidget().media, request))
    return allow_nonced_scripts(HttpResponse(html))


def test_the_import_map_carries_the_nonce_of_the_header():
    response = CSPMiddleware(_editor_response)(RequestFactory().get("/admin/"))
    nonce = re.search(r'<script type="importmap" nonce="([^"]+)"', response.text).group(1)
    script_src = next(p for p in response["Content-Security-Policy"].split(";") if "script-src" in p)
    assert script_src.split() == ["script-src", "'self'", f"'nonce-{nonce}'"]


def test_without_the_editor_there_is_no_nonce():
    response = CSPMiddleware(lambda request: HttpResponse("<p>x</p>"))(RequestFactory().get("/"))
    script_src = next(p for p in response["Content-Security-Policy"].split(";") if "script-src" in p)
    assert script_src.split() == ["script-src", "'self'"]


def _admin_javascript_catalogue(language: str) -> dict:
    """What the admin's jsi18n (loaded before the editor on its pages) gives the browser's gettext."""
    import json

    from django.contrib import admin
    from django.utils import translation

    with translation.override(language):
        response = admin.site.i18n_javascript(RequestFactory().get("/admin/jsi18n/"))
    content = response.content.decode()
    start = content.index("const newcatalog = ") + len("const newcatalog = ")
    return json.loads(content[start : content.index(";\n", start)])


@pytest.mark.parametrize("language", ["vi", "km", "en"])
def test_every_toolbar_tooltip_has_a_translation_in_the_admin_catalogue(language):
    from portal.editor import TOOLTIPS

    catalogue = _admin_javascript_catalogue(language)
    missing = [tip for tip in TOOLTIPS if not catalogue.get(tip)]
    assert not missing, f"{language}: {missing}"
    if language == "km":
        not_khmer = [tip for tip in TOOLTIPS if not re.search("[\u1780-\u17ff]", catalogue[tip])]
        assert not not_khmer
    if language == "vi":
        assert catalogue["bold"] == "In đậm" and catalogue["undo"] == "Hoàn tác"


def test_the_editor_pages_load_the_catalogue_before_the_editor():
    """The package reads window.gettext when its module loads: the catalogue is a classic script."""
    source = (settings.BASE_DIR / "static" / "js" / "editor-extensions.js").read_text()
    assert "window.gettext" in source and "prose-editor:ready" in source
    template = settings.BASE_DIR / "news" / "templates" / "news" / "admin" / "translate.html"
    assert "admin:jsi18n" in template.read_text()

import pytest

from portal.html import sanitize_html
from portal.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Trà Vinh", "tra vinh"),
        ("CHUYỂN ĐỔI SỐ", "chuyen doi so"),
        ("Đường 19/5", "duong 19/5"),
        ("ÐẠI HỌC", "dai hoc"),  # U+00D0 typed for Đ
        ("1762/QĐ-UBND", "1762/qd-ubnd"),
        ("  nhiều   khoảng   trắng ", "nhieu khoang trang"),
        ("ខេត្តត្រាវិញ", "ខេត្តត្រាវិញ"),  # Khmer combining signs survive
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<body onload=alert(1)>",
    '<img src="x" onmouseover="alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "<object data=javascript:alert(1)></object>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_neutralised(payload):
    cleaned = sanitize_html(payload).lower()
    for dangerous in (
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "<iframe",
        "style=",
        "data:text",
        "<object",
        "<form",
        "<svg",
    ):
        assert dangerous not in cleaned


def test_youtube_iframe_is_kept_and_text_survives():
    html = '<p>Xin chào <strong>Trà Vinh</strong></p><iframe src="https://www.youtube.com/embed/abc123"></iframe>'
    cleaned = sanitize_html(html)
    assert "<strong>Trà Vinh</strong>" in cleaned
    assert 'src="https://www.youtube.com/embed/abc123"' in cleaned

"""Sanitising editor HTML (nh3): every rich-text field passes here on every save and import."""

from __future__ import annotations

import re

import nh3

_ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "caption", "thead",
    "tbody", "tfoot", "tr", "th", "td", "span", "div", "iframe", "code", "pre",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
    "*": {"lang", "dir"},
}
# Embedded video only from these hosts; any other iframe is dropped with its content.
_IFRAME_SRC = re.compile(r"^https://(www\.)?(youtube\.com|youtube-nocookie\.com)/embed/[\w-]+")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "iframe" and attribute == "src":
        return value if _IFRAME_SRC.match(value) else None
    return value


def sanitize_html(html: str | None) -> str:
    """Remove scripts, event handlers, `javascript:` URLs, styles and iframes not on the allow-list."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )
    # An iframe whose src was refused is useless: drop the empty element.
    return re.sub(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>", "", cleaned)

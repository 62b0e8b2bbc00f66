"""Responsive photos: renditions through sorl-thumbnail, WebP for browsers that take it, srcset, lazy."""

from __future__ import annotations

import logging

from django import template
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

register = template.Library()
log = logging.getLogger(__name__)

# The widths the templates use: cards, the article column, a wide screen.
WIDTHS = (400, 800, 1200)


def _renditions(photo, widths, ratio, fmt):
    result = []
    for width in widths:
        if width > photo.width and result:
            break  # never enlarge: the largest useful rendition is the original's width
        geometry = f"{width}x{round(width * ratio)}" if ratio else str(width)
        options = {"crop": "center"} if ratio else {}
        result.append(get_thumbnail(photo.image, geometry, format=fmt, upscale=False, quality=82, **options))
    return result


def _srcset(thumbs) -> str:
    return ", ".join(f"{t.url} {t.width}w" for t in thumbs)


@register.simple_tag
def picture(photo, sizes="100vw", ratio=None, loading="lazy", widths=None, css_class=""):
    """<picture> with a WebP source and a JPEG/PNG fallback, explicit width/height and lazy loading."""
    if photo is None or not photo.image:
        return ""
    wanted = [int(w) for w in str(widths).split(",")] if widths else list(WIDTHS)
    ratio = float(ratio) if ratio else None
    try:
        fallback = _renditions(photo, wanted, ratio, "PNG" if photo.image.name.endswith(".png") else "JPEG")
        webp = _renditions(photo, wanted, ratio, "WEBP")
    except Exception:  # a missing or damaged file must not break the page
        log.warning("no rendition for photo %s", photo.pk, exc_info=True)
        return ""
    default = fallback[min(1, len(fallback) - 1)]
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        _srcset(webp),
        sizes,
        default.url,
        _srcset(fallback),
        sizes,
        default.width,
        default.height,
        photo.alt_text,
        loading,
    )


@register.simple_tag
def og_image_url(request, photo) -> str:
    """A 1200×630 rendition for Facebook, Zalo and Twitter cards."""
    if photo is None or not photo.image or request is None:
        return ""
    try:
        thumb = get_thumbnail(photo.image, "1200x630", crop="center", format="JPEG", quality=85)
    except Exception:
        log.warning("no sharing image for photo %s", photo.pk, exc_info=True)
        return ""
    return request.build_absolute_uri(thumb.url)

"""Responsive photos: renditions through sorl-thumbnail, WebP for browsers that take it, srcset, lazy."""

from __future__ import annotations

import logging
import time
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaultfilters import truncatewords
from django.utils import dateformat, timezone
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

from portal.storage import storage_errors
from portal.templatetags.portal_tags import local_date

register = template.Library()
log = logging.getLogger(__name__)

# The widths the templates use: cards, the article column, a wide screen.
WIDTHS = (400, 800, 1200)
# After the file store fails, photos needing a new rendition are left out for this long (per storage).
STORE_PAUSE_SECONDS = 30
_store_down: dict[str, float] = {}


def _renditions(image, original_width: int, widths, ratio, fmt):
    result = []
    for width in widths:
        if width > original_width and result:
            break  # never enlarge: the largest useful rendition is the original's width
        geometry = f"{width}x{round(width * ratio)}" if ratio else str(width)
        options = {"crop": "center"} if ratio else {}
        result.append(get_thumbnail(image, geometry, format=fmt, upscale=False, quality=82, **options))
    return result


@lru_cache(maxsize=8192)
def _sources(
    storage_key: str, image, original_width: int, widths: tuple[int, ...], ratio: float | None
) -> tuple:
    """The renditions' addresses and size for one stored image (a file field: equal by name;
    `storage_key` names the storage). A stored file never changes (a new upload gets a new name), so
    they are worked out once per process instead of asking the thumbnail store for every rendition of every
    card on every page."""
    fmt = "PNG" if image.name.endswith(".png") else "JPEG"
    fallback = _renditions(image, original_width, widths, ratio, fmt)
    webp = _renditions(image, original_width, widths, ratio, "WEBP")
    default = fallback[min(1, len(fallback) - 1)]
    return _srcset(webp), default.url, _srcset(fallback), default.width, default.height


def _srcset(thumbs) -> str:
    return ", ".join(f"{t.url} {t.width}w" for t in thumbs)


def _storage_key() -> str:
    """Which storage the renditions live in: a folder or a bucket (both come from the settings)."""
    return f"{settings.MEDIA_ROOT}|{settings.STORAGES['default']}"


def _from_store(photo, renditions, *args):
    """`renditions(storage_key, *args)`, or None when the photo must be left out: a missing or damaged
    file, or a file store (an S3 server) that failed or timed out. After such a failure the page's other
    photos are left out at once rather than each waiting for its own timeout."""
    storage_key = _storage_key()
    if _store_down.get(storage_key, 0) > time.monotonic():
        return None
    try:
        return renditions(storage_key, *args)
    except storage_errors():
        _store_down[storage_key] = time.monotonic() + STORE_PAUSE_SECONDS
        log.warning("file store unavailable: photo %s left out", photo.pk, exc_info=True)
    except Exception:  # a missing or damaged file must not break the page
        log.warning("no rendition for photo %s", photo.pk, exc_info=True)
    return None


@register.simple_tag
def picture(photo, sizes="100vw", ratio=None, loading="lazy", widths=None, css_class=""):
    """<picture> with a WebP source and a JPEG/PNG fallback, explicit width/height and lazy loading."""
    if photo is None or not photo.image:
        return ""
    wanted = [int(w) for w in str(widths).split(",")] if widths else list(WIDTHS)
    ratio = float(ratio) if ratio else None
    found = _from_store(photo, _sources, photo.image, photo.width, tuple(wanted), ratio)
    if found is None:
        return ""
    webp, default_url, fallback, width, height = found
    return format_html(
        '<picture{}><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        webp,
        sizes,
        default_url,
        fallback,
        sizes,
        width,
        height,
        photo.alt_text,
        loading,
    )


@register.simple_tag
def og_image_url(request, photo) -> str:
    """A 1200×630 rendition for Facebook, Zalo and Twitter cards."""
    if photo is None or not photo.image or request is None:
        return ""
    url = _from_store(photo, _sharing_rendition, photo.image)
    return request.build_absolute_uri(url) if url else ""


@lru_cache(maxsize=4096)
def _sharing_rendition(storage_key: str, image) -> str:
    """Worked out once per process, like `_sources`: a stored file never changes."""
    return get_thumbnail(image, "1200x630", crop="center", format="JPEG", quality=85).url


@register.simple_tag
def news_card(article, show_unit=False, level=3):
    """One article card (lists, home blocks, related news): the most repeated markup of the site,
    built here rather than by an included template, which costs several times as much per card.

    `level` is the card title's heading level: 2 right under a list's h1, 3 under a block's h2."""
    photo = article.cover_photo()
    published = article.published_at
    unit = format_html(" · {}", article.unit.name) if show_unit and not article.unit.is_main_portal else ""
    summary = format_html("<p>{}</p>", truncatewords(article.summary, 30)) if article.summary else ""
    return format_html(
        '<li class="card">\n  {}\n  <div class="card-body">\n'
        '    <h{} class="card-title"><a href="{}">{}</a></h{}>\n'
        '    <p class="meta"><time datetime="{}">{}</time>{}</p>\n    {}\n  </div>\n</li>',
        picture(photo, sizes="(min-width: 48rem) 33vw, 100vw", ratio="0.6667", widths="400,800"),
        int(level),
        article.get_absolute_url(),
        article.title,
        int(level),
        dateformat.format(timezone.localtime(published), "c") if published else "",
        local_date(published),
        unit,
        summary,
    )

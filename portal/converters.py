"""Path converters shared by the apps' URL modules (registered in PortalConfig.ready())."""

from __future__ import annotations

from .text import is_unicode_slug


class UnicodeSlugConverter:
    """`<unicode_slug:...>`: an address in any script (Khmer ones); Django's `<slug:>` takes only ASCII."""

    regex = r"[^/]+"

    def to_python(self, value: str) -> str:
        if not is_unicode_slug(value):
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value

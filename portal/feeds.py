"""Feed formats whose every text is XML-safe: rows stored before input was cleaned may hold control
characters, and Django's feed writer refuses them with an error (a 500 for every reader)."""

from __future__ import annotations

from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .text import xml_safe


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, list | tuple):
        return type(value)(_safe(item) for item in value)
    return value


class _XmlSafe:
    def __init__(self, *args, **kwargs):
        super().__init__(*(_safe(a) for a in args), **{k: _safe(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*(_safe(a) for a in args), **{k: _safe(v) for k, v in kwargs.items()})


class RssFeed(_XmlSafe, Rss201rev2Feed):
    pass


class AtomFeed(_XmlSafe, Atom1Feed):
    pass

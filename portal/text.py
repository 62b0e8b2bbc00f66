"""Text folding for search: one definition used by every content type, on SQLite and PostgreSQL.

NFD, strip only the Latin combining diacritics (U+0300–U+036F), đ→d, lower case, spaces squeezed.
Stripping every combining mark would destroy Khmer, whose vowel signs are combining marks.
"""

import re
import unicodedata

_LATIN_DIACRITICS = re.compile("[\u0300-\u036f]")
_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def fold(text: str | None) -> str:
    """Fold text so that "tra vinh" finds "Trà Vinh" and "CHUYỂN ĐỔI SỐ" finds "chuyển đổi số"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_D_MAP))
    stripped = _LATIN_DIACRITICS.sub("", decomposed)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped).lower()).strip()


def fold_many(*parts: str | None) -> str:
    """Fold several fields into one search column, separated so matches do not span fields."""
    return "\n".join(f for f in (fold(p) for p in parts) if f)


def strip_tags_for_search(html: str | None) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html or "")


def ascii_slug(text: str | None, max_length: int = 200) -> str:
    """An address made of Latin letters without accents, digits and hyphens: "Tin tức" → "tin-tuc"."""
    from django.utils.text import slugify

    return slugify(fold(text))[:max_length].strip("-")


def is_unicode_slug(value: str) -> bool:
    """Letters, digits and combining marks of any script, hyphens and underscores.

    Django's Unicode slugs (`\\w`) refuse combining marks, and Khmer writes its vowels with them:
    "ព័ត៌មាន" (news) holds three.
    """
    return bool(value) and all(c in "-_" or unicodedata.category(c)[0] in "LMN" for c in value)

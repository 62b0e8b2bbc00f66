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

"""Text folding for search: one definition used by every content type, on SQLite and PostgreSQL.

NFD, strip only the Latin combining diacritics (U+0300–U+036F), đ→d, lower case, spaces squeezed.
Stripping every combining mark would destroy Khmer, whose vowel signs are combining marks.
"""

import re
import unicodedata
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import slugify

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

    return strip_tags(html or "")


def ascii_slug(text: str | None, max_length: int = 200) -> str:
    """An address made of Latin letters without accents, digits and hyphens: "Tin tức" → "tin-tuc"."""

    return slugify(fold(text))[:max_length].strip("-")


def is_unicode_slug(value: str) -> bool:
    """Letters, digits and combining marks of any script, hyphens and underscores.

    Django's Unicode slugs (`\\w`) refuse combining marks, and Khmer writes its vowels with them:
    "ព័ត៌មាន" (news) holds three.
    """
    return bool(value) and all(c in "-_" or unicodedata.category(c)[0] in "LMN" for c in value)


# C0 and C1 control characters but tab and newline (carriage returns are turned into newlines first),
# lone surrogates and the two non-characters XML 1.0 refuses. None is typed by a person; each breaks the
# XML of feeds, DOCX and XLSX, and PostgreSQL refuses NUL.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 cannot carry at all: for text stored before input was cleaned, on its way out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Text as it may be stored: newlines as `\\n`, no control character but tab and newline."""
    if not _CONTROL.search(value):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


def clean_data(data: Any) -> Any:
    """`clean_text` on every string of a decoded JSON document, keys included."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [clean_data(item) for item in data]
    if isinstance(data, dict):
        return {clean_text(key): clean_data(value) for key, value in data.items()}
    return data


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (tab, newline and carriage return stay)."""
    return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value


# What a spreadsheet reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: the one test of every CSV and XLSX cell.
    Some spreadsheets trim leading spaces and line breaks on import, which would bare one."""
    return text.startswith(FORMULA_STARTS) or text.lstrip(" \n").startswith(FORMULA_STARTS)


def spreadsheet_text(value: str) -> str:
    """`value` for a CSV cell a spreadsheet will open: no control character, and a leading apostrophe
    when it would otherwise be read as a formula (`=HYPERLINK(…)` typed into a document's abstract).

    XLSX cells get the same test (portal.xlsx) but keep their text: a typed string cell is never a
    formula, and Excel's quote prefix marks it instead of an added character."""
    text = clean_text(value)
    return "'" + text if starts_like_formula(text) else text

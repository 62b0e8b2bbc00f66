"""Numbers and symbols of documents (số, ký hiệu), Decree 30/2020/NĐ-CP Điều 15 and Appendix III.

Three shapes:
- administrative documents: `number/TYPE-BODY[-UNIT…]`, e.g. 1762/QĐ-UBND, 1128/KH-STTTT-TTCNTTTT;
- official letters (công văn) carry no type: `number/BODY-UNIT`, e.g. 9505/BTC-NSNN;
- legal normative documents carry the year: `number/year/TYPE-BODY`, e.g. 42/2022/NĐ-CP; laws and
  ordinances name only the body after the year: 80/2015/QH13.

Input is normalised first (NFC, "Ð" U+00D0 read as "Đ", a leading "Số:" and spaces around "/" and "-"
removed), so that what an editor pastes from a scanned document is accepted when it is right and
explained when it is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.text import fold

from .enums import EXAMPLE_TYPES, SYMBOL_TYPES, DocType, SymbolForm

# Types that may stand after the year of a legal normative document.
LEGAL_TYPES = (
    DocType.NQ,
    DocType.ND,
    DocType.TT,
    DocType.TTLT,
    DocType.NQLT,
    DocType.QD,
    DocType.CT,
    DocType.L,
)
_FIRST_YEAR = 1945
_MAX_NUMBER_DIGITS = 7

_LOOKALIKES = str.maketrans(
    {
        "Ð": "Đ",  # U+00D0 (Icelandic eth), typed for U+0110 by some keyboards and OCR
        "ð": "đ",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00a0": " ",
    }
)
_PREFIX = re.compile(r"^(?:số|so)\s*[:.]?\s*(?=\d)", re.IGNORECASE)
_AROUND_SEPARATORS = re.compile(r"\s*([/-])\s*")
_DIGITS = re.compile(r"^\d+$")
_NOT_WORD = re.compile(r"[^0-9a-z\u1780-\u17ff]+")

_BY_EXACT = {t.value: t for t in SYMBOL_TYPES}
_BY_UPPER = {t.value.upper(): t for t in SYMBOL_TYPES}
_BY_FOLDED: dict[str, list[DocType]] = {}
for _t in SYMBOL_TYPES:
    _BY_FOLDED.setdefault(fold(_t.value), []).append(_t)


@dataclass(frozen=True)
class ParsedSymbol:
    number: int
    number_text: str
    year: int | None
    doc_type: DocType
    body: str
    units: tuple[str, ...]
    form: SymbolForm

    @property
    def symbol(self) -> str:
        """Everything after the number: `QĐ-UBND`, `BTC-NSNN`, `2022/NĐ-CP`."""
        groups = "-".join(g for g in (self._written_type(), self.body, *self.units) if g)
        return f"{self.year}/{groups}" if self.year else groups

    @property
    def text(self) -> str:
        return f"{self.number_text}/{self.symbol}"

    def _written_type(self) -> str:
        return "" if self.doc_type in {DocType.CV, DocType.LUAT, DocType.PL} else self.doc_type.value


def normalize(raw: str | None) -> str:
    """NFC, look-alike characters replaced, a leading "Số:" and spaces around separators removed."""
    text = unicodedata.normalize("NFC", str(raw or "")).translate(_LOOKALIKES).strip()
    text = _PREFIX.sub("", text)
    return _AROUND_SEPARATORS.sub(r"\1", text).strip()


def fold_number(raw: str | None) -> str:
    """A number and symbol folded for search, padded so that matches fall on whole parts.

    `1762/QĐ-UBND`, `1762/qd-ubnd` and `1762 QĐ` fold to ` 1762 qd ubnd `, ` 1762 qd ubnd ` and
    ` 1762 qd `: the last is contained in the first, and ` 62 qd ` is not.
    """
    words = _NOT_WORD.sub(" ", fold(normalize(raw))).split()
    return f" {' '.join(words)} " if words else ""


def _error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _examples() -> str:
    return ", ".join(t.value for t in EXAMPLE_TYPES)


def parse(raw: str | None, *, max_year: int | None = None) -> ParsedSymbol:
    """Parse a number and symbol; raise ValidationError whose message names what is wrong."""
    text = normalize(raw)
    if not text:
        raise _error(_("Enter the number and symbol, e.g. 1762/QĐ-UBND."), "empty")
    if " " in text or "\t" in text:
        raise _error(
            _("“%(text)s” contains a space: separate the parts of the symbol with “-”, e.g. 1762/QĐ-UBND.")
            % {"text": text},
            "space",
        )
    for char in text:
        if not (char.isalnum() or char in "/-"):
            raise _error(
                _("“%(char)s” is not allowed in a number and symbol: use letters, digits, “/” and “-”.")
                % {"char": char},
                "character",
            )
    parts = text.split("/")
    if len(parts) == 1:
        raise _error(
            _("Put a “/” between the number and the symbol, e.g. 1762/QĐ-UBND (found “%(text)s”).")
            % {"text": text},
            "no_slash",
        )
    if len(parts) > 3:
        raise _error(
            _(
                "“%(text)s” has too many “/”: write number/TYPE-BODY (1762/QĐ-UBND) or, for a legal "
                "normative document, number/year/TYPE-BODY (42/2022/NĐ-CP)."
            )
            % {"text": text},
            "too_many_slashes",
        )
    number_text, number = _number(parts[0])
    if len(parts) == 3:
        year = _year(parts[1], max_year)
        return _legal(number_text, number, year, _groups(parts[2]))
    return _administrative(number_text, number, _groups(parts[1]))


def _number(text: str) -> tuple[str, int]:
    if not text:
        raise _error(_("The number is missing before the “/”, e.g. 1762/QĐ-UBND."), "no_number")
    if not _DIGITS.match(text) or not text.isascii():
        raise _error(
            _("The part before / must be the document number in digits, e.g. 1762 (found “%(text)s”).")
            % {"text": text},
            "number",
        )
    if len(text) > _MAX_NUMBER_DIGITS or int(text) == 0:
        raise _error(
            _("“%(text)s” is not a document number: numbers start at 1 each year.") % {"text": text},
            "number_range",
        )
    return text, int(text)


def _year(text: str, max_year: int | None) -> int:
    latest = max_year or timezone.localdate().year + 1
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise _error(
            _(
                "Between the two “/” a legal normative document carries the year in four digits, "
                "e.g. 42/2022/NĐ-CP (found “%(text)s”)."
            )
            % {"text": text},
            "year",
        )
    year = int(text)
    if not _FIRST_YEAR <= year <= latest:
        raise _error(
            _("The year %(year)s in the symbol is not plausible: it must be between %(first)s and %(last)s.")
            % {"year": year, "first": _FIRST_YEAR, "last": latest},
            "year_range",
        )
    return year


def _groups(symbol: str) -> list[str]:
    if not symbol:
        raise _error(
            _("The symbol after the “/” is missing: add the type and the issuing body, e.g. QĐ-UBND."),
            "no_symbol",
        )
    groups = symbol.split("-")
    if any(not g for g in groups):
        raise _error(
            _("The symbol “%(symbol)s” has an empty part: two “-” follow each other or one ends it.")
            % {"symbol": symbol},
            "empty_group",
        )
    return groups


def _type_of(group: str) -> DocType | None:
    return _BY_EXACT.get(group) or _BY_UPPER.get(group.upper())


def _misspelt_type(group: str) -> DocType | None:
    """A group that would be a type with its diacritics right (QD for QĐ)."""
    candidates = _BY_FOLDED.get(fold(group), [])
    return candidates[0] if candidates else None


def _body(groups: list[str]) -> tuple[str, tuple[str, ...]]:
    upper = [g.upper() for g in groups]
    return upper[0], tuple(upper[1:])


def _administrative(number_text: str, number: int, groups: list[str]) -> ParsedSymbol:
    doc_type = _type_of(groups[0])
    if doc_type is not None:
        if len(groups) == 1:
            raise _error(
                _("After the type %(type)s, name the issuing body, e.g. %(number)s/%(type)s-UBND.")
                % {"type": doc_type.value, "number": number_text},
                "no_body",
            )
        body, units = _body(groups[1:])
        return ParsedSymbol(number, number_text, None, doc_type, body, units, SymbolForm.ADMINISTRATIVE)
    misspelt = _misspelt_type(groups[0])
    if misspelt is not None:
        raise _error(
            _("“%(found)s” is not a document type; did you mean %(type)s?")
            % {"found": groups[0], "type": misspelt.value},
            "type_spelling",
        )
    if len(groups) == 1:
        raise _error(
            _(
                "The part after / must start with a document type such as %(examples)s… (found “%(found)s”); "
                "an official letter names the issuing body and the drafting unit instead, "
                "e.g. 9505/BTC-NSNN."
            )
            % {"examples": _examples(), "found": groups[0]},
            "no_type",
        )
    body, units = _body(groups)
    return ParsedSymbol(number, number_text, None, DocType.CV, body, units, SymbolForm.OFFICIAL_LETTER)


def _legal(number_text: str, number: int, year: int, groups: list[str]) -> ParsedSymbol:
    doc_type = _type_of(groups[0])
    if doc_type is None and len(groups) == 1:
        body = groups[0].upper()
        if re.fullmatch(r"QH\d+", body):
            return ParsedSymbol(number, number_text, year, DocType.LUAT, body, (), SymbolForm.LEGAL)
        if re.fullmatch(r"UBTVQH\d+", body):
            return ParsedSymbol(number, number_text, year, DocType.PL, body, (), SymbolForm.LEGAL)
    if doc_type is None:
        misspelt = _misspelt_type(groups[0])
        if misspelt is not None:
            raise _error(
                _("“%(found)s” is not a document type; did you mean %(type)s?")
                % {"found": groups[0], "type": misspelt.value},
                "type_spelling",
            )
        raise _error(
            _(
                "After the year, a legal normative document names its type and issuing body, "
                "e.g. 42/2022/NĐ-CP (found “%(found)s”); only laws and ordinances name the body "
                "alone (80/2015/QH13)."
            )
            % {"found": "-".join(groups)},
            "legal_type",
        )
    if doc_type not in LEGAL_TYPES:
        raise _error(
            _(
                "%(type)s (%(label)s) is not a type of legal normative document; these are "
                "%(types)s. Without the year, write %(number)s/%(type)s-…"
            )
            % {
                "type": doc_type.value,
                "label": doc_type.label,
                "types": ", ".join(t.value for t in LEGAL_TYPES),
                "number": number_text,
            },
            "not_legal_type",
        )
    if len(groups) == 1:
        raise _error(
            _("After the type %(type)s, name the issuing body, e.g. %(number)s/%(year)s/%(type)s-CP.")
            % {"type": doc_type.value, "number": number_text, "year": year},
            "no_body",
        )
    body, units = _body(groups[1:])
    return ParsedSymbol(number, number_text, year, doc_type, body, units, SymbolForm.LEGAL)
